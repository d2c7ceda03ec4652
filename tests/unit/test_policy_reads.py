"""The decision memo is keyed on the context attributes the policies read (policy/reads.py):
what no policy names shares an entry, what a policy names never does, and any use of
``context`` the reader cannot follow keys the memo on the whole context."""

from __future__ import annotations

from typing import Any

from bastion.events import Decision
from bastion.policy.engine import PolicyEngine
from bastion.policy.reads import context_reads, project

MODE_POLICY = """
@id("t.killed")
@reason("a killed session's \\"context\\" is not read here")
forbid (principal, action, resource)
when { context.session.mode == "killed" && context.tool == "Bash" };
// context in a comment
@id("t.flag")
forbid (principal, action, resource)
when { context has flagged && context.flagged };
permit (principal, action, resource);
"""


def _ctx(mode: str = "normal", risk: int = 0, hosts: list[str] | None = None) -> dict[str, Any]:
    return {
        "tool": "Bash",
        "flagged": False,
        "hosts": hosts or [],
        "session": {"mode": mode, "risk": risk},
    }


def test_reads_are_the_attributes_named_outside_strings_and_comments() -> None:
    reads = context_reads(MODE_POLICY)
    assert reads == {"session": {"mode"}, "tool": None, "flagged": None}


def test_uses_the_reader_cannot_follow_key_on_the_whole_context() -> None:
    assert context_reads('permit (principal, action, resource) when { context["x"] };') is None
    assert context_reads('permit (principal, action, resource) when { context has "x" };') is None
    assert context_reads("permit (principal, action, resource) when { context == {} };") is None
    # A record read whole keeps every one of its attributes.
    whole = context_reads(
        'permit (principal, action, resource) when { context.session.mode == "a" };\n'
        "permit (principal, action, resource) when { context.session == {} };"
    )
    assert whole == {"session": None}


def test_projection_keeps_only_what_is_read() -> None:
    reads = context_reads(MODE_POLICY)
    assert reads is not None
    assert project(_ctx(risk=7, hosts=["a.example"]), reads) == {
        "tool": "Bash",
        "flagged": False,
        "session": {"mode": "normal"},
    }


def test_unread_attributes_share_a_memo_entry_and_read_ones_do_not() -> None:
    engine = PolicyEngine([("t.cedar", MODE_POLICY)], validate=False)
    first = engine.evaluate("execute", "Bash", "a", _ctx(risk=1, hosts=["a.example"]))
    again = engine.evaluate("execute", "Bash", "a", _ctx(risk=9, hosts=["b.example"]))
    assert first.decision is again.decision is Decision.ALLOW
    assert len(engine._memo) == 1
    killed = engine.evaluate("execute", "Bash", "a", _ctx(mode="killed", risk=1))
    assert killed.decision is Decision.DENY and killed.policies == ["t.killed"]
    assert len(engine._memo) == 2


def _full(**overrides: Any) -> dict[str, Any]:
    """A context as the engine builds it (every attribute of the schema), then changed."""
    from bastion.core.state import SessionState
    from bastion.policy.context import build_context
    from bastion.understand.actions import ActionFacts

    ctx = build_context(
        profile="balanced",
        tool="Bash",
        event="action",
        human="h",
        agent="a",
        permission_mode="default",
        facts=ActionFacts(category="execute"),
        findings=[],
        state=SessionState("s"),
        workspace="/w",
        home="/home/u",
    )
    ctx.update(overrides)
    return ctx


def test_the_memo_answers_what_cedar_answers_on_the_shipped_pack() -> None:
    """Every answer from the memo equals a fresh engine's (no memo) on the same context."""
    memo = PolicyEngine.load()
    session = _full()["session"]
    variants = [
        _full(),
        _full(hosts=["a.example"], new_hosts=["a.example"]),
        _full(privilege=["sudo"]),
        _full(privilege=["sudo"], hosts=["b.example"], max_severity=3),
        _full(sends_data=True, external_network=True, unapproved_hosts=["evil.example"]),
        _full(session={**session, "read_credential": True, "risk": 5}),
        _full(
            sends_data=True,
            external_network=True,
            unapproved_hosts=["evil.example"],
            session={**session, "read_credential": True, "risk": 9, "denials": 2},
        ),
        _full(session={**session, "mode": "killed"}),
    ]
    answers = set()
    for ctx in variants:
        fresh = PolicyEngine.load().evaluate("execute", "Bash", "a", ctx)
        assert memo.evaluate("execute", "Bash", "a", ctx) == fresh
        answers.add(fresh.decision)
    assert answers == {Decision.ALLOW, Decision.ASK, Decision.DENY}
    # Contexts differing only in what no shipped policy reads shared entries.
    assert len(memo._memo) < len(variants)
