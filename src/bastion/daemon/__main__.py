"""``python -m bastion.daemon``: run the daemon (see `bastion.daemon.server.main`)."""

from __future__ import annotations

import sys

from bastion.daemon.server import main

sys.exit(main())
