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

from bastion.core.parts import AlertMemory
from bastion.detect.state import SessionState, StateUpdate, UpdateOp
from bastion.events import Event, Finding, Severity

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


def alert_row(
    event: Event, severity: Severity, title: str, detail: str, *, at: float | None = None
) -> dict[str, Any]:
    """An open alert on one event of a session."""
    return {
        "session_id": event.session_id,
        "event_id": event.id,
        "time": event.time if at is None else at,
        "severity": severity.value,
        "title": title,
        "detail": detail,
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
    """``route_update``, with its update applied (for callers that own the state)."""
    alerts, update = route_update(findings, state, session_id=session_id, min_severity=min_severity)
    if update is not None:
        state.apply(update)
    return alerts


def route_update(
    findings: list[Finding],
    state: SessionState,
    *,
    session_id: str = "",
    min_severity: Severity = Severity.HIGH,
) -> tuple[list[Alert], StateUpdate | None]:
    """Alerts for this event's findings, and the update that remembers what was alerted
    (the state's ``alerts`` part; the engine applies it). Without findings nothing moves,
    and nothing is copied: the update is None (but for a session's first event)."""
    saved = state.alerts
    if not findings:  # the part exists from a session's first event on, as it always did
        return [], StateUpdate(
            UpdateOp.PART, STATE_KEY, data=AlertMemory()
        ) if saved is None else None
    # Copy on write: the map is copied, and each entry this event counts (below).
    seen: dict[str, list[int]] = dict(saved.seen) if saved is not None else {}
    sid = (session_id or state.session_id)[:8]
    out: list[Alert] = []
    for finding in findings:
        key = dedup_key(finding)
        entry = seen.get(key)
        if entry is None:
            if len(seen) >= MAX_KEYS:
                continue  # bounded: a session this noisy is already alerting
            entry = [0, -1]  # [times seen, highest rank alerted]
        else:
            entry = list(entry)
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
    return out, StateUpdate(UpdateOp.PART, STATE_KEY, data=AlertMemory(seen))


# -- incidents: what a responder triages ----------------------------------------------------

# A quiet spell this long, or a human's release, ends one chain of activity in a session.
INCIDENT_GAP_S = 30 * 60
_SEVERITY_RANK = {s.value: s.rank for s in Severity}


@dataclass(slots=True)
class Incident:
    """The alerts of one session's chain of activity, triaged (and acknowledged) together.

    One attack raises several findings (the credential read, the secret in an output, the
    tainted upload, the sequence, the containment); a responder needs one row for it, not
    five. An incident is the alerts of one session from its first alert until a quiet
    spell of ``INCIDENT_GAP_S`` or a human's release, after which the session starts a new
    chain. Its id, ``<session id>:<first alert id>``, stays the same as alerts join it.
    """

    id: str
    session_id: str
    severity: str
    title: str
    first: float
    last: float
    alert_ids: list[int]
    open_ids: list[int]
    details: list[str]
    risk: int = 0

    @property
    def status(self) -> str:
        return "open" if self.open_ids else "acknowledged"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "session_id": self.session_id,
            "severity": self.severity,
            "title": self.title,
            "first": self.first,
            "last": self.last,
            "alerts": len(self.alert_ids),
            "alert_ids": self.alert_ids,
            "open_alert_ids": self.open_ids,
            "status": self.status,
            "risk": self.risk,
            "details": self.details,
        }


def _ends_chain(row: dict[str, Any]) -> bool:
    """A release by a person closes the chain; whatever follows is a new incident."""
    title = str(row.get("title") or "")
    return " released by " in title or " set to normal by " in title  # the latter: older records


def group_incidents(
    rows: list[dict[str, Any]], risks: dict[str, int] | None = None
) -> list[Incident]:
    """Alert rows (``alerts`` table) grouped into incidents, the most urgent first.

    Order: open before acknowledged, then session risk, then severity, then most recent.
    """
    risks = risks or {}
    ordered = sorted(rows, key=lambda r: (r["session_id"], r["time"], r["id"]))
    out: list[Incident] = []
    current: Incident | None = None
    closed = False
    for row in ordered:
        sid = row["session_id"]
        if (
            current is None
            or current.session_id != sid
            or closed
            or row["time"] - current.last > INCIDENT_GAP_S
        ):
            current = Incident(
                id=f"{sid}:{row['id']}",
                session_id=sid,
                severity=row["severity"],
                title=row["title"],
                first=row["time"],
                last=row["time"],
                alert_ids=[],
                open_ids=[],
                details=[],
                risk=int(risks.get(sid, 0) or 0),
            )
            out.append(current)
        current.alert_ids.append(int(row["id"]))
        if row.get("status") == "open":
            current.open_ids.append(int(row["id"]))
        current.last = max(current.last, row["time"])
        current.details.append(f"{row['severity']}: {row['title']}")
        if _SEVERITY_RANK.get(row["severity"], 0) > _SEVERITY_RANK.get(current.severity, 0):
            current.severity, current.title = row["severity"], row["title"]
        closed = _ends_chain(row)
    for incident in out:
        # the incident names its session; its title need not repeat it
        incident.title = incident.title.replace(f" in session {incident.session_id[:8]}", "")
        extra = len(incident.alert_ids) - 1
        if extra:
            incident.title = f"{incident.title} (+{extra} related alert{'s' * (extra > 1)})"
    out.sort(
        key=lambda i: (
            i.status != "open",
            -i.risk,
            -_SEVERITY_RANK.get(i.severity, 0),
            -i.last,
        )
    )
    return out
