"""The resident daemon and everything that runs beside it.

One daemon per home holds policies, detectors and session state and answers hooks and
control messages on a Unix socket (`server`). Beside it: who is on the socket (`peer`),
who may change what it does (`control_auth`), one answer when the engine fails
(`faults`), the last configuration that loaded (`lastgood`), its client for the CLI and
the console (`client`), and the system-mode service install (`system_mode`).

Run it with ``python -m bastion.daemon --home DIR`` (or ``bastion up``).
"""

from __future__ import annotations

from bastion.daemon.server import (
    EngineUnavailable,
    build_engine,
    decide_once,
    main,
    secret_key,
    serve,
)

__all__ = ["EngineUnavailable", "build_engine", "decide_once", "main", "secret_key", "serve"]
