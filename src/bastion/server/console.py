"""What every console request handler needs: the home, its store, the daemon's client.

Kept apart from `bastion.server.app` (which builds the application and mounts the
routers) so the routers can name it without importing the module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bastion.config import Home
from bastion.daemon import client as daemon_ctl
from bastion.server.auth import LoginLimits
from bastion.server.control import ControlFn
from bastion.server.data import ConsoleData
from bastion.store import Engine, Store

__all__ = ["Console"]


@dataclass
class Console:
    """What every request handler needs: the home, its store and the daemon's socket."""

    home: Home
    store: Store
    control: ControlFn = daemon_ctl.control
    poll_interval: float = 0.2
    stream_seconds: float = 300.0
    secure_cookies: bool | None = None  # None: Secure unless plain HTTP on loopback
    login_limits: LoginLimits = field(default_factory=LoginLimits)
    data: ConsoleData = field(init=False)

    def __post_init__(self) -> None:
        self.data = ConsoleData(self.store)

    @property
    def engine(self) -> Engine:
        return self.store.engine
