"""The respond stage: what one decided event does to its session's risk, counts, alerts and
containment.

Alerts follow severity, deduplicated per session (``alerts``); containment follows the
rules in ``containment.toml`` (``containment``) and only ever tightens. The stage is handed
the session state the engine owns and applies the respond updates to it; the engine calls
it after the decision, for every event, whatever the verdict. At session end an
ask-everything mode ends with the session (a kill stays).
"""

from __future__ import annotations

from typing import Any

from bastion.core.events import Decision, Event, EventKind, Severity, Verdict
from bastion.core.state import Mode, SessionState
from bastion.respond import risk as riskmod
from bastion.respond.alerts import alert_row, route_update
from bastion.respond.containment import apply, plan_update

__all__ = ["respond"]


def respond(
    event: Event, verdict: Verdict, state: SessionState
) -> tuple[list[dict[str, Any]], bool]:
    """The event's alert rows, and whether the state moved in a way that must be saved."""
    dirty = False
    if verdict.findings:
        state.risk = riskmod.add_findings(
            state.risk, verdict.findings, state.finding_counts, verdict.decision
        )
    for finding in verdict.findings:
        state.finding_counts[finding.signal] = state.finding_counts.get(finding.signal, 0) + 1
        dirty = True
    if verdict.decision is Decision.DENY and event.kind.decides:
        state.denials += 1
        dirty = True
    routed, remembered = route_update(verdict.findings, state, session_id=event.session_id)
    if remembered is not None:
        state.apply(remembered)
    alerts = [a.to_row(event.session_id, event.id, event.time) for a in routed]
    planned, updates = plan_update(state, verdict.findings, verdict.decision)
    for update in updates:
        state.apply(update)
    for c in apply(state, planned, by="bastion"):
        dirty = True
        state.risk = riskmod.after_containment(state.risk, state.mode)
        what = c.action + (f" ({c.tool})" if c.tool else "")
        title = f"session {event.session_id[:8]} contained: {what}"
        alerts.append(alert_row(event, Severity.CRITICAL, title, c.reason))
    if event.kind is EventKind.SESSION_END and state.mode == Mode.ASK_EVERYTHING:
        # Ask-everything guards a live session; an ended one keeps its record (alerts,
        # the containment event) but no longer shows as contained. A kill stays.
        state.mode = Mode.NORMAL
        state.mode_reason = "ask-everything ended with the session"
        dirty = True
    return alerts, dirty
