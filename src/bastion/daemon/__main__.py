"""``python -m bastion.daemon``: run the daemon (see `bastion.daemon.server.main`).

A daemon-down call waits for this start, so before the server's imports: compiles go
through the home's cache (`bastion.hook.compile_cache`), and the cyclic collector does not
run until the engine is built (`bastion.config.tune_gc` sets its thresholds back, and
freezes what the start built), instead of walking the growing heap of imports again and
again."""

from __future__ import annotations

import gc
import sys

from bastion.hook import home_dir
from bastion.hook.compile_cache import install

gc.set_threshold(0)  # tune_gc() sets the daemon's thresholds once the engine is built
install(home_dir(sys.argv[1:]))

from bastion.daemon.server import main  # noqa: E402 - after the cache is in place

sys.exit(main())
