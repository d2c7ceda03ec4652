"""Respond: alert routing with per-session dedup, containment policy, plan and apply."""

from __future__ import annotations

import pytest

from bastion.core.parts import ContainmentMemory, LastDecision
from bastion.detect.state import ASK_EVERYTHING, KILLED, NORMAL, SessionState
from bastion.events import Decision, Finding, Severity
from bastion.respond import ContainmentPolicyError, apply, load_policy, plan, route
from bastion.respond.containment import Containment, parse_policy


def _f(kind: str, severity: Severity, tool: str = "Bash", **evidence: object) -> Finding:
    return Finding(
        kind, severity, f"{kind} seen", rule=f"r.{kind}", evidence={"tool": tool, **evidence}
    )


def test_routes_by_severity_and_dedups_within_a_session() -> None:
    state = SessionState("abcdef123")
    first = route(
        [_f("x", Severity.CRITICAL), _f("y", Severity.HIGH), _f("z", Severity.LOW)], state
    )
    assert [(a.kind, a.route) for a in first] == [("x", "page"), ("y", "alert")]
    assert first[0].to_row("abcdef123", "e1", 1.0)["severity"] == "critical"
    assert not route([_f("x", Severity.CRITICAL)], state)
    other = SessionState("other")
    assert len(route([_f("x", Severity.CRITICAL)], other)) == 1


def test_more_severe_repeat_alerts_again_and_repeats_escalate() -> None:
    state = SessionState("s")
    assert route([_f("y", Severity.HIGH)], state)
    again = route([_f("y", Severity.CRITICAL)], state)
    assert again and again[0].severity is Severity.CRITICAL
    quiet = [route([_f("m", Severity.MEDIUM)], state) for _ in range(3)]
    assert quiet[0] == [] and quiet[1] == []
    assert quiet[2][0].severity is Severity.HIGH and quiet[2][0].escalated
    assert "repeated 3 times" in quiet[2][0].title
    assert not route([_f("m", Severity.MEDIUM)], state)


def test_two_critical_findings_ask_everything_once() -> None:
    state = SessionState("s")
    assert not plan(state, [_f("a", Severity.CRITICAL)], Decision.DENY)
    out = plan(state, [_f("b", Severity.CRITICAL)], Decision.DENY)
    assert [c.rule for c in out] == ["two-critical-findings"]
    assert apply(state, out) == out and state.mode == ASK_EVERYTHING
    assert "two critical" in state.mode_reason
    assert not plan(state, [_f("c", Severity.CRITICAL)], Decision.ALLOW)


def test_three_retries_block_the_tool() -> None:
    state = SessionState("s")
    retry = _f("persistence-retry", Severity.HIGH, tool="WebFetch", retries=2)
    assert not plan(state, [retry], Decision.DENY)
    out = plan(
        state, [_f("persistence-retry", Severity.HIGH, tool="WebFetch", retries=3)], Decision.DENY
    )
    assert out == [Containment("block-tool", out[0].reason, "denied-action-retried", "WebFetch")]
    assert "WebFetch is blocked" in out[0].reason
    apply(state, out)
    assert state.blocked_tools == {"WebFetch"} and state.mode == NORMAL


def test_injection_then_sensitive_action() -> None:
    state = SessionState("s")
    assert not plan(state, [_f("credential-read", Severity.MEDIUM)], Decision.ALLOW)
    assert not plan(state, [_f("prompt-injection", Severity.HIGH)], Decision.ALLOW)
    out = plan(state, [_f("credential-read", Severity.MEDIUM)], Decision.ALLOW)
    assert [c.rule for c in out] == ["injection-then-sensitive-action"]
    assert out[0].action == "ask-everything"


def test_kill_and_modes_only_tighten() -> None:
    state = SessionState("s")
    out = plan(state, [_f("sequence-tamper-then-sensitive", Severity.CRITICAL)], Decision.DENY)
    assert [c.action for c in out] == ["kill"]
    apply(state, out)
    assert state.mode == KILLED
    assert not apply(state, [Containment("ask-everything", "later", "r")])
    assert state.mode == KILLED


def test_critical_denied_while_contained_kills() -> None:
    state = SessionState("s", mode=ASK_EVERYTHING)
    state.containment = ContainmentMemory(fired=["two-critical-findings"])
    out = plan(state, [_f("x", Severity.CRITICAL)], Decision.DENY)
    assert [c.action for c in out] == ["kill"]


def test_plan_records_the_decision_for_detectors() -> None:
    state = SessionState("s", events=7)
    plan(state, [], Decision.ASK)
    assert state.last_decision == LastDecision(7, "ask")
    assert state.to_dict()["extra"]["last_decision"] == [7, "ask"]


def test_shipped_policy_loads() -> None:
    ids = [r.id for r in load_policy()]
    assert len(ids) == len(set(ids)) >= 5


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            '[[rule]]\nid = "a"\nwhen = { retries_at_least = 3 }\n'
            'action = "explode"\nreason = "r"\n',
            4,
            "action must be one of",
        ),
        (
            '[[rule]]\nid = "a"\nwhen = { retries = 3 }\naction = "kill"\nreason = "r"\n',
            3,
            "did you mean 'retries_at_least'",
        ),
        ('[[rule]]\nid = "a"\nwhen = { finding = ["x"] }\naction = "kill"\n', 1, "needs a reason"),
        (
            '[[rule]]\nid = "a"\nwhen = { mode = "normal" }\naction = "block-tool"\nreason = "r"\n',
            4,
            "names the tool",
        ),
        (
            '\n[[rule]]\nid = "a"\nwhen = { min_severity = "huge" }\n'
            'action = "kill"\nreason = "r"\n',
            4,
            "min_severity is one of",
        ),
    ],
)
def test_policy_errors_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ContainmentPolicyError) as info:
        parse_policy(text, "c.toml")
    assert info.value.line == line, str(info.value)
    assert words in str(info.value) and str(info.value).startswith(f"c.toml:{line}:")
