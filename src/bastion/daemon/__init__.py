"""The resident daemon and everything that runs beside it.

One daemon per home holds policies, detectors and session state and answers hooks and
control messages on a Unix socket (`server`). Beside it: who is on the socket (`peer`),
who may change what it does (`control_auth`), one answer when the engine fails
(`faults`), the last configuration that loaded (`lastgood`), its client for the CLI and
the console (`client`), and the system-mode service install (`system_mode`).

Run it with ``python -m bastion.daemon --home DIR`` (or ``bastion up``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bastion.core import lazy

if TYPE_CHECKING:
    from bastion.daemon.server import (
        EngineUnavailable,
        build_engine,
        decide_once,
        main,
        serve,
    )
    from bastion.daemon.startkey import secret_key

__all__ = ["EngineUnavailable", "build_engine", "decide_once", "main", "secret_key", "serve"]

# Loaded on first use (PEP 562): the hook's in-process fallback imports ``lastgood`` and
# ``startkey`` from this package and must not load the server (and the store) with them.
_HOME = {
    "EngineUnavailable": "bastion.daemon.server",
    "build_engine": "bastion.daemon.server",
    "decide_once": "bastion.daemon.server",
    "main": "bastion.daemon.server",
    "secret_key": "bastion.daemon.startkey",
    "serve": "bastion.daemon.server",
}


__getattr__ = lazy.members(__name__, _HOME)
