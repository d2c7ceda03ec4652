"""The respond stage returns what it remembers as ``StateUpdate`` data (issue #14): the
state changes only when the owner (the engine) applies the updates."""

from __future__ import annotations

import copy

from bastion.core.state import SessionState, UpdateOp
from bastion.detect import sequences
from bastion.events import Decision, Finding, Severity
from bastion.respond import containment, plan, route
from bastion.respond.alerts import route_update
from bastion.respond.containment import plan_update


def _critical(kind: str = "exfiltration") -> Finding:
    return Finding(kind, Severity.CRITICAL, f"{kind} seen", rule=f"test.{kind}")


def test_route_update_leaves_state_alone_until_applied() -> None:
    state = SessionState("s1")
    before = copy.deepcopy(state.to_dict())
    alerts, update = route_update([_critical()], state, session_id="s1")
    assert [a.kind for a in alerts] == ["exfiltration"]
    assert state.to_dict() == before
    assert update.op is UpdateOp.PART and update.key == "alerts"
    assert state.apply(update)
    # Applied, the memory deduplicates exactly as the applying wrapper does.
    again, _ = route_update([_critical()], state, session_id="s1")
    assert again == []
    twin = SessionState("s1")
    route([_critical()], twin, session_id="s1")
    assert twin.to_dict() == state.to_dict()


def test_plan_update_returns_decision_and_memory_updates() -> None:
    state = SessionState("s2")
    state.events = 7
    before = copy.deepcopy(state.to_dict())
    findings = [_critical("exfiltration"), _critical("secret")]
    planned, updates = plan_update(state, findings, Decision.DENY)
    assert planned, "two critical findings plan a containment (respond/containment.toml)"
    assert state.to_dict() == before
    assert [u.key for u in updates] == [sequences.DECISION_KEY, containment.STATE_KEY]
    for update in updates:
        state.apply(update)
    assert sequences.action_outcome(state, 7, 0) == "denied"
    twin = SessionState("s2")
    twin.events = 7
    assert plan(twin, findings, Decision.DENY) == planned
    assert twin.to_dict() == state.to_dict()
    # A rule fires once: planning the same event again on the applied state adds nothing.
    again, _ = plan_update(state, findings, Decision.DENY)
    assert not [c for c in again if c.rule in {p.rule for p in planned}]
