"""What every console request handler needs: the home, its store, the daemon's client.

Kept apart from `bastion.server.app` (which builds the application and mounts the
routers) so the routers can name it without importing the module that imports them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, cast

from bastion.config import Home
from bastion.daemon import client as daemon_ctl
from bastion.daemon import home_writes
from bastion.server import auth
from bastion.server.auth import LoginLimits
from bastion.server.control import ControlFn
from bastion.server.data import ConsoleData
from bastion.store import Engine, Store
from bastion.store.rows import ApprovalRow
from bastion.wire.control import (
    AcknowledgeAlerts,
    ApprovalAnswer,
    DecideApproval,
    ExpireApprovals,
    HomeWrite,
)

log = logging.getLogger("bastion.server")

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

    def record(
        self,
        who: auth.Principal | str,
        action: str,
        target: str = "",
        detail: dict[str, Any] | None = None,
        client: str = "",
    ) -> None:
        """`auth.record` for this home: the signed log's entry through the daemon."""
        auth.record(
            self.engine, who, action, target, detail, client, home=self.home, send=self.control
        )

    def write(self, message: HomeWrite) -> home_writes.Written:
        """A write to the home database, by the daemon while it runs (issue #18)."""
        return home_writes.write(self.home, self.store, message, send=self.control)

    def acknowledge_alerts(self, alert_ids: list[int]) -> list[int]:
        """Acknowledge open alerts (status is outside the audit leaf by design); the ids
        that changed."""
        if not alert_ids:
            return []
        answer = self.write(AcknowledgeAlerts(tuple(alert_ids))).answer
        return [int(i) for i in answer.get("acknowledged") or []]

    def expire_approvals(self) -> None:
        """Before a listing: mark asks nobody answered in time (left pending by a daemon
        that died) as expired. A refusal leaves them as they are: reading needs no right
        to write, and a running daemon expires its own asks when their time is up."""
        try:
            self.write(ExpireApprovals())
        except home_writes.HomeWriteFailed as exc:
            log.warning("overdue approvals not expired: %s", exc)

    def decide_approval(
        self,
        approval_id: int,
        decision: ApprovalAnswer,
        by: str,
        *,
        scope: str = "once",
        minutes: int = 0,
        note: str = "",
    ) -> ApprovalRow:
        """A person's answer to an ask (`approvals.decide`, by the daemon while it runs);
        raises the same `ApprovalError` types wherever it ran."""
        message = DecideApproval(approval_id, decision, by, scope, minutes, note)
        return cast(ApprovalRow, dict(self.write(message).answer["row"]))
