"""Alert routing: which findings become alerts, on which route, once per session.

A finding becomes an alert when it is at least ``min_severity``; its route follows its
severity (``ROUTES``). Within a session, the same finding (kind, rule and tool) alerts
once; it alerts again only when it comes back more severe. A finding below the alert
level that keeps coming back (``ESCALATE_AFTER`` times) alerts once, one level higher,
because a pattern repeated is worth a look even when each instance is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bastion.detect.state import SessionState
from bastion.events import Finding, Severity

STATE_KEY = "alerts"
ROUTES = {
    Severity.CRITICAL: "page",
    Severity.HIGH: "alert",
    Severity.MEDIUM: "digest",
    Severity.LOW: "log",
    Severity.INFO: "log",
}
ESCALATE_AFTER = 3
MAX_KEYS = 256
_BY_RANK = {s.rank: s for s in Severity}


@dataclass(frozen=True, slots=True)
class Alert:
    severity: Severity
    route: str
    title: str
    detail: str
    kind: str
    rule: str
    dedup_key: str
    count: int  # how often this finding has been seen in the session so far
    escalated: bool = False

    def to_row(self, session_id: str, event_id: str, time: float) -> dict[str, Any]:
        """The engine's alert row shape (``store.append_event``)."""
        return {
            "session_id": session_id,
            "event_id": event_id,
            "time": time,
            "severity": self.severity.value,
            "title": self.title,
            "detail": self.detail,
            "status": "open",
        }


def dedup_key(finding: Finding) -> str:
    tool = finding.evidence.get("tool", "") if isinstance(finding.evidence, dict) else ""
    return f"{finding.kind}|{finding.rule}|{tool}"


def route(
    findings: list[Finding],
    state: SessionState,
    *,
    session_id: str = "",
    min_severity: Severity = Severity.HIGH,
) -> list[Alert]:
    """Alerts for this event's findings; remembers what was alerted in ``state.extra``."""
    seen: dict[str, list[int]] = state.extra.setdefault(STATE_KEY, {})
    sid = (session_id or state.session_id)[:8]
    out: list[Alert] = []
    for finding in findings:
        key = dedup_key(finding)
        entry = seen.get(key)
        if entry is None:
            if len(seen) >= MAX_KEYS:
                continue  # bounded: a session this noisy is already alerting
            entry = [0, -1]  # [times seen, highest rank alerted]
            seen[key] = entry
        entry[0] += 1
        rank, escalated = finding.severity.rank, False
        if rank < min_severity.rank and entry[0] >= ESCALATE_AFTER:
            rank, escalated = min(rank + 1, Severity.CRITICAL.rank), True
        if rank < min_severity.rank or rank <= entry[1]:
            continue
        entry[1] = rank
        severity = _BY_RANK[rank]
        title = f"{finding.kind} in session {sid}"
        if escalated:
            title = f"{finding.kind} repeated {entry[0]} times in session {sid}"
        out.append(
            Alert(
                severity=severity,
                route=ROUTES[severity],
                title=title,
                detail=finding.detail,
                kind=finding.kind,
                rule=finding.rule,
                dedup_key=key,
                count=entry[0],
                escalated=escalated,
            )
        )
    return out
