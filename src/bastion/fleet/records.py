"""Fleet findings as records of the control plane's own signed log.

The control plane can keep a Bastion home of its own (``--record-home``). Each new fleet
finding is then appended to that home's audit log as an entry (``FleetFinding``, session
``bastion:control``) carrying an ordinary finding row (kind, severity, detail, rule,
evidence): the console opened on that home lists it with the other findings, and the
exporters (``bastion export run --home``) send it to the SIEM like any finding, signed and
checkpointed like every entry. Nothing in the console or the exporters is fleet-specific.
"""

from __future__ import annotations

import time
from typing import Any

from bastion.audit.records import CONTROL_SESSION, control_row
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.store import Store

__all__ = ["FLEET_FINDING", "FindingRecorder"]

FLEET_FINDING = "FleetFinding"


class FindingRecorder:
    """Appends fleet findings to one home's signed log (the control plane's)."""

    def __init__(self, home: Home) -> None:
        from bastion.audit.publish import attach

        home.ensure()
        self.store = Store(home.database_url, signer=LogSigner.for_keys_dir(home.keys_dir))
        attach(home, self.store)

    def __call__(self, kind: str, severity: str, devices: list[str], detail: dict[str, Any]) -> int:
        """Record one finding; returns its log sequence number."""
        now = time.time()
        why = str(detail.get("why") or detail.get("reason") or kind)
        row = control_row(
            CONTROL_SESSION,
            FLEET_FINDING,
            {"finding": kind, "severity": severity, "devices": devices, "detail": detail},
            when=now,
        )
        finding = {
            "event_id": row["id"],
            "session_id": CONTROL_SESSION,
            "time": now,
            "kind": kind,
            "severity": severity,
            "detail": f"{why} ({', '.join(devices)})"[:2000],
            "rule": kind,
            "evidence": detail,
        }
        seq = self.store.append_event(row, [finding], [], {})
        # Findings are rare and each is worth a signed checkpoint (and its witnesses) now.
        self.store.checkpoint(only_if_new=True)
        return seq

    def close(self) -> None:
        self.store.close()
