"""``python -m bastion.daemon``: run the daemon (see `bastion.daemon.server.main`).

Before the server's imports compile their patterns, compiles go through the home's regex
cache (`bastion.hook.compile_cache`): a daemon-down call waits for this start."""

from __future__ import annotations

import sys

from bastion.hook import home_dir
from bastion.hook.compile_cache import install

install(home_dir(sys.argv[1:]))

from bastion.daemon.server import main  # noqa: E402 - after the cache is in place

sys.exit(main())
