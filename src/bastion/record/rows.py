"""The rows one event leaves in the store and the log: the event row (redacted, bounded),
its findings, its alerts and the session's new values, and the rows of Bastion's own events.

Pure functions of their inputs: the engine decides when to write, these decide what.
"""

from __future__ import annotations

import time
from typing import Any

from bastion.core.events import Decision, Event, EventKind, Session, Severity, Verdict
from bastion.core.state import SessionState
from bastion.detect.secrets import redact_value
from bastion.record.redact import Redactor, bounded
from bastion.respond.alerts import alert_row

__all__ = [
    "EventItem",
    "alert_row",
    "event_item",
    "own_event_item",
]

# (event row, finding rows, alert rows, session values): one ``Store.append_event`` call.
EventItem = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]


def event_item(
    event: Event,
    facts_summary: dict[str, Any] | None,
    verdict: Verdict,
    alerts: list[dict[str, Any]],
    *,
    session: Session,
    state: SessionState,
    save_state: bool,
    identity: dict[str, str] | None = None,
) -> EventItem:
    """Everything one event writes, redacted with one scan of the event's strings.

    ``identity`` (the session's agent instance, credential id and host, when its
    credential is new to the log) goes in the entry's ``data.identity``."""
    redactor = Redactor(state.fingerprints)
    record = event.to_record()
    if event.kind is EventKind.SESSION_START:
        # Who started the session belongs in the signed log, not only in the session row.
        record["principals"] = {
            "human": session.human.to_dict(),
            "agent": session.agent.to_dict(),
            "host": session.host,
            "workspace": session.workspace,
        }
    if identity:
        record["identity"] = identity
    strings: list[str] = []
    # One walk makes the storable copy and gathers the original strings to scan.
    data = redactor.scan_collected(bounded(record, strings), strings)
    row = {
        "id": event.id,
        "session_id": event.session_id,
        "time": event.time,
        "kind": event.kind.value,
        "native_name": event.native_name,
        "tool": event.tool,
        "tool_use_id": event.tool_use_id,
        "decision": verdict.decision.value if event.kind.decides else None,
        "data": data,
        "facts": redactor.known(facts_summary) if facts_summary else None,
        "verdict": redactor.known(verdict.to_dict()),
    }
    finding_rows = [
        {
            "event_id": event.id,
            "session_id": event.session_id,
            "time": event.time,
            "kind": f.kind,
            "severity": f.severity.value,
            "detail": redactor.known(f.detail),
            "rule": f.rule,
            "evidence": redactor.known(f.evidence),
        }
        for f in verdict.findings
    ]
    values: dict[str, Any] = {
        "last_seen": event.time,
        "mode": state.mode,
        "risk": state.risk,
        "denials": state.denials,
        "permission_mode": session.permission_mode,
    }
    if event.kind is EventKind.PROMPT and event.prompt is not None:
        values["prompt"] = redactor.known(redact_value(event.prompt[:4000]))
    if event.kind is EventKind.SESSION_END:
        values["ended_at"] = event.time
    if save_state:
        values["state"] = redactor.known(state.to_dict())
    return row, finding_rows, [redactor.known(a) for a in alerts], values


def own_event_item(
    session_id: str,
    native_name: str,
    raw: dict[str, Any],
    verdict: Verdict,
    *,
    decision: Decision | None,
    alert_title: str,
    alert_detail: str,
    values: dict[str, Any] | None = None,
) -> EventItem:
    """An event Bastion itself makes about a session (a containment, a refused control
    operation): redacted, with a high alert."""
    now = time.time()
    event = Event(
        session_id=session_id,
        kind=EventKind.OTHER,
        agent="bastion",
        native_name=native_name,
        time=now,
        raw=raw,
    )
    row = {
        "id": event.id,
        "session_id": session_id,
        "time": now,
        "kind": event.kind.value,
        "native_name": event.native_name,
        "tool": None,
        "tool_use_id": None,
        "decision": decision.value if decision is not None else None,
        "data": redact_value(event.to_record()),
        "facts": None,
        "verdict": redact_value(verdict.to_dict()),
    }
    alert = alert_row(event, Severity.HIGH, alert_title, alert_detail, at=now)
    return row, [], [redact_value(alert)], values or {}
