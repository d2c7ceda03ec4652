"""The decision memo is keyed on the context attributes the policies read (policy/reads.py):
what no policy names shares an entry, what a policy names never does, and any use of
``context`` the reader cannot follow keys the memo on the whole context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bastion.events import Decision
from bastion.policy.engine import PolicyEngine
from bastion.policy.reads import context_reads, memo_key, project, set_tests_of_set

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


def _p(body: str) -> str:
    return f"permit (principal, action, resource) when {{ {body} }};"


def test_reads_are_the_attributes_named_outside_strings_and_comments() -> None:
    reads = context_reads(MODE_POLICY)
    assert reads == {"session": {"mode": None}, "tool": None, "flagged": None}


@pytest.mark.parametrize(
    ("body", "reads"),
    [
        # attribute chains, however written
        ("context.a.b.c == 1", {"a": {"b": {"c": None}}}),
        ('context["a b"].c == 1', {"a b": {"c": None}}),
        ('context["a"]["b"] == 1', {"a": {"b": None}}),
        # has, bare and quoted, at the top and inside a record
        ("context has a", {"a": None}),
        ('context has "a"', {"a": None}),
        ("context.s has m", {"s": {"m": None}}),
        # like, in, is, set methods, extension functions: the chain's end is read whole
        ('context.s.name like "x*"', {"s": {"name": None}}),
        ("context.a in context.b", {"a": None, "b": None}),
        ("context.a is Bastion::Tool", {"a": None}),
        ("context.hosts.contains(1)", {"hosts": None}),
        ("context.hosts.containsAll(context.ok)", {"hosts": None, "ok": None}),
        ("context.hosts.containsAny([context.x.y])", {"hosts": None, "x": {"y": None}}),
        ("ip(context.addr).isLoopback()", {"addr": None}),
        ('context.n.lessThan(decimal("1.0"))', {"n": None}),
        # if-then-else reads every branch
        ("if context.c then context.d.e else context.f", {"c": None, "d": {"e": None}, "f": None}),
        # a record literal built from reads, then read
        ("{r: context.e}.r == 1", {"e": None}),
        ("{r: context.e} has r", {"e": None}),
        # a read of a record whole swallows the reads below it, in either order
        ("context.s.m == 1 && context.s == {}", {"s": None}),
        ("context.s == {} && context.s.m == 1", {"s": None}),
    ],
)
def test_every_form_of_reading_is_followed(body: str, reads: dict[str, Any]) -> None:
    assert context_reads(_p(body)) == reads


@pytest.mark.parametrize(
    "body",
    [
        "context == {}",
        "context has a && context == {a: 1}",
        "{c: context}.c.a == 1",
        "[context].contains({})",
        "(if true then context else {}).a == 1",
        "context in [context]",
    ],
)
def test_the_context_used_whole_keys_the_memo_on_all_of_it(body: str) -> None:
    assert context_reads(_p(body)) is None
    assert context_reads(MODE_POLICY + _p(body)) is None
    engine = PolicyEngine([("t.cedar", MODE_POLICY + _p(body))], validate=False)
    assert engine._reads is None


def test_unparsable_text_reads_none() -> None:
    assert context_reads("permit (principal, action, resource) when { context. };") is None


def test_strings_and_annotations_are_not_reads() -> None:
    text = '@reason("context.secret")\n' + _p('context.a == "context.b" // context.c\n')
    assert context_reads(text) == {"a": None}


def test_projection_keeps_only_what_is_read() -> None:
    reads = context_reads(MODE_POLICY)
    assert reads is not None
    assert project(_ctx(risk=7, hosts=["a.example"]), reads) == {
        "tool": "Bash",
        "flagged": False,
        "session": {"mode": "normal"},
    }
    # Absent stays absent (``has`` sees the same); Cedar's escapes are never cut.
    assert project({"session": {"risk": 1}}, reads) == {"session": {}}
    escaped = {"session": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}}}
    assert project(escaped, reads) == escaped


def test_unread_attributes_share_a_memo_entry_and_read_ones_do_not() -> None:
    engine = PolicyEngine([("t.cedar", MODE_POLICY)], validate=False)
    first = engine.evaluate("execute", "Bash", "a", _ctx(risk=1, hosts=["a.example"]))
    again = engine.evaluate("execute", "Bash", "a", _ctx(risk=9, hosts=["b.example"]))
    assert first.decision is again.decision is Decision.ALLOW
    assert len(engine._memo) == 1
    killed = engine.evaluate("execute", "Bash", "a", _ctx(mode="killed", risk=1))
    assert killed.decision is Decision.DENY and killed.policies == ["t.killed"]
    assert len(engine._memo) == 2


def test_the_key_holds_action_principal_and_resource() -> None:
    text = """
@id("t.who")
forbid (principal == Bastion::Agent::"bad", action, resource);
@id("t.what")
forbid (principal, action == Bastion::Action::"delete", resource == Bastion::Tool::"Bash");
permit (principal, action, resource);
"""
    engine = PolicyEngine([("t.cedar", text)], validate=False)
    ctx = _ctx()
    assert engine.evaluate("execute", "Bash", "good", ctx).decision is Decision.ALLOW
    assert engine.evaluate("execute", "Bash", "bad", ctx).decision is Decision.DENY
    assert engine.evaluate("delete", "Bash", "good", ctx).decision is Decision.DENY
    assert engine.evaluate("delete", "Read", "good", ctx).decision is Decision.ALLOW
    assert engine._reads == {}  # no policy reads the context: only the request keys


def test_answers_with_errors_are_never_shared() -> None:
    # ``context.missing`` errors (Cedar skips the policy); such answers are not memoised.
    text = "forbid (principal, action, resource) when { context.missing == 1 };\n" + _p("true")
    engine = PolicyEngine([("t.cedar", text)], validate=False)
    result = engine.evaluate("execute", "Bash", "a", {"x": 1})
    assert result.errors and result.decision is Decision.ALLOW
    assert engine._memo == {}


def test_a_reloaded_policy_set_starts_with_an_empty_memo(tmp_path: Path) -> None:
    """A reload (daemon/policy_watch) builds a new engine: nothing the old set answered
    is served, even for a context the old set would have shared an entry on."""
    old = PolicyEngine([("t.cedar", MODE_POLICY)], validate=False)
    assert old.evaluate("execute", "Bash", "a", _ctx(risk=9)).decision is Decision.ALLOW
    stricter = (
        MODE_POLICY
        + '@id("t.risk")\nforbid (principal, action, resource) when { context.session.risk > 5 };'
    )
    new = PolicyEngine([("t.cedar", stricter)], validate=False)
    assert new._memo == {}
    assert new.evaluate("execute", "Bash", "a", _ctx(risk=9)).decision is Decision.DENY
    assert new.evaluate("execute", "Bash", "a", _ctx(risk=1)).decision is Decision.ALLOW


# A user's policy set reading context in many forms; the property below runs on it.
_USER_POLICY = """
@id("u.mode") forbid (principal, action, resource) when { context.session.mode == "killed" };
@id("u.risk") forbid (principal, action, resource)
  when { context.session.risk > 3 && context.tool == "Bash" };
@id("u.has") forbid (principal, action, resource) when { context has flag && context.flag };
@id("u.host") forbid (principal, action, resource)
  when { context.hosts.containsAny(["evil.test", "bad.test"]) };
@id("u.like") forbid (principal, action, resource) when { context.path like "/etc/*" };
@id("u.if") forbid (principal, action, resource)
  when { if context has level then context.level > 2 else false };
@id("u.rec") forbid (principal, action, resource) when { {x: context.session.denials}.x >= 2 };
permit (principal, action, resource);
"""
_ATTRS: dict[str, st.SearchStrategy[Any]] = {
    "tool": st.sampled_from(["Bash", "Read"]),
    "flag": st.booleans(),
    "hosts": st.lists(st.sampled_from(["ok.test", "evil.test", "bad.test", "x.test"]), max_size=3),
    "path": st.sampled_from(["/etc/passwd", "/home/u/a", "/etc"]),
    "level": st.integers(0, 5),
    "noise": st.integers(0, 1000),
    "unread": st.lists(st.integers(0, 9), max_size=3),
}
_SESSION = st.fixed_dictionaries(
    {
        "mode": st.sampled_from(["normal", "killed"]),
        "risk": st.integers(0, 6),
        "denials": st.integers(0, 3),
        "started": st.integers(0, 10**6),
    }
)


@st.composite
def _contexts(draw: st.DrawFn) -> dict[str, Any]:
    ctx = {name: draw(strat) for name, strat in _ATTRS.items() if draw(st.booleans())}
    ctx["session"] = draw(_SESSION)
    return ctx


@st.composite
def _walks(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Contexts that each change one or two attributes of the one before (read or not, at the
    top or in the session), so contexts equal in what the policies read come up often."""
    ctx = draw(_contexts())
    out = [ctx]
    for _ in range(draw(st.integers(1, 15))):
        ctx = {**ctx, "session": dict(ctx["session"])}
        for _ in range(draw(st.integers(1, 2))):
            if draw(st.booleans()):
                name = draw(st.sampled_from(sorted(_ATTRS)))
                if draw(st.integers(0, 4)) == 0:
                    ctx.pop(name, None)
                else:
                    ctx[name] = draw(_ATTRS[name])
            else:
                ctx["session"].update(draw(_SESSION))
        out.append(ctx)
    return out


@settings(max_examples=120, deadline=None)
@given(_walks())
def test_the_memo_never_answers_other_than_cedar(contexts: list[dict[str, Any]]) -> None:
    """Property: over any sequence of contexts the memo's answer is Cedar's, and contexts
    that differ only in attributes no policy reads get the same answer from Cedar itself."""
    memo = PolicyEngine([("u.cedar", _USER_POLICY)], validate=False)
    reads = memo._reads
    assert reads is not None and "noise" not in reads and "started" not in reads["session"]
    by_key: dict[str, Any] = {}
    for ctx in contexts:
        fresh = memo._evaluate("execute", "Bash", "a", ctx)
        assert memo.evaluate("execute", "Bash", "a", ctx) == fresh
        key = json.dumps(project(ctx, reads), sort_keys=True)
        if not fresh.errors:
            assert by_key.setdefault(key, fresh) == fresh


@settings(max_examples=100, deadline=None)
@given(_contexts(), st.sampled_from(sorted(_ATTRS)), st.data())
def test_a_change_in_a_read_attribute_is_never_served_from_the_memo(
    ctx: dict[str, Any], name: str, data: st.DataObject
) -> None:
    memo = PolicyEngine([("u.cedar", _USER_POLICY)], validate=False)
    asked: list[dict[str, Any]] = []
    cedar = memo._evaluate

    def counting(action: str, tool: str, agent: str, context: dict[str, Any]) -> Any:
        asked.append(context)
        return cedar(action, tool, agent, context)

    memo._evaluate = counting  # type: ignore[method-assign]
    memo.evaluate("execute", "Bash", "a", ctx)
    changed = dict(ctx)
    changed[name] = data.draw(_ATTRS[name])
    reads = memo._reads
    assert reads is not None
    before = len(asked)
    answer = memo.evaluate("execute", "Bash", "a", changed)
    if memo_key(changed, reads, memo._tests) != memo_key(ctx, reads, memo._tests):
        # Cedar was asked, not the memo, about what the policies read of the changed context
        assert len(asked) > before and asked[before] == project(changed, reads)
    assert answer == cedar("execute", "Bash", "a", changed)


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


# -- sets the policies only test against literal strings (keyed on the tests' answers) ----


@pytest.mark.parametrize(
    ("body", "tests"),
    [
        ('context.f.contains("a")', {("f",): ({"a"}, False)}),
        ('context.f.containsAny(["a", "b"])', {("f",): ({"a", "b"}, False)}),
        ('context.f.containsAll(["a"]) && context.f.contains("c")', {("f",): ({"a", "c"}, False)}),
        ("context.f.isEmpty()", {("f",): (set(), True)}),
        (
            '!context.f.isEmpty() && context has f && context.f.contains("a")',
            {("f",): ({"a"}, True)},
        ),
        ('context.s.t.contains("a") && context.s.m == 1', {("s", "t"): ({"a"}, False)}),
        # any other use of the place keys it whole
        ('context.f.contains("a") || context.f == ["a"]', {}),
        ('context.f.contains("a") || context.f.contains(context.g)', {}),
        ('context.f.contains("a") || ["a"].contains(context.f)', {}),
        ("context.f.contains(1)", {}),
        ('context.f.containsAny(["a", 1])', {}),
        ('context.f.containsAny(["a", context.g])', {}),
        ('context.f.contains("a") || context.f.g == 1', {}),
        ('context.f.contains("a") || context.f like "x"', {}),
        ('context.s.contains("a") || context.s has t', {}),
        ('context.f.contains("a") || {r: context.f}.r.isEmpty()', {}),
    ],
)
def test_set_tests_are_the_places_only_tested_against_literal_strings(
    body: str, tests: dict[tuple[str, ...], tuple[set[str], bool]]
) -> None:
    import cedarpy

    est = json.loads(cedarpy.policies_to_json_str(_p(body)))
    found = set_tests_of_set(est)
    assert {k: (set(v.literals), v.emptiness) for k, v in found.items()} == tests


_SET_POLICY = """
@id("s.any") forbid (principal, action, resource)
  when { context.findings.containsAny(["evil", "bad"]) };
@id("s.all") forbid (principal, action, resource)
  when { context.effects.containsAll(["sends", "reads"]) && context.tool == "Bash" };
@id("s.hosts") forbid (principal, action, resource)
  when { !context.hosts.isEmpty() && context.session.mode == "strict" };
@id("s.has") forbid (principal, action, resource)
  when { context has tags && context.tags.contains("stop") };
permit (principal, action, resource);
"""
_MEMBERS = st.sampled_from(["evil", "bad", "sends", "reads", "stop", "ok", "x.test", "y.test"])
_SET_VALUES = st.one_of(
    st.lists(_MEMBERS, max_size=4),
    st.lists(st.one_of(_MEMBERS, st.integers(0, 2)), max_size=3),  # not a set of strings
    st.sampled_from(["evil", 3, True]),  # not a set at all: Cedar errors, never shared
)


@st.composite
def _set_walks(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = ("findings", "effects", "hosts", "tags")
    ctx: dict[str, Any] = {"tool": draw(st.sampled_from(["Bash", "Read"]))}
    ctx["session"] = {"mode": draw(st.sampled_from(["normal", "strict"]))}
    for name in names:
        if name == "tags" and draw(st.booleans()):
            continue
        ctx[name] = draw(st.lists(_MEMBERS, max_size=4))
    out = [ctx]
    for _ in range(draw(st.integers(1, 12))):
        ctx = {**ctx, "session": dict(ctx["session"])}
        name = draw(st.sampled_from([*names, "tool", "mode"]))
        if name == "tool":
            ctx["tool"] = draw(st.sampled_from(["Bash", "Read"]))
        elif name == "mode":
            ctx["session"]["mode"] = draw(st.sampled_from(["normal", "strict"]))
        elif name == "tags" and draw(st.integers(0, 3)) == 0:
            ctx.pop("tags", None)
        else:
            ctx[name] = draw(_SET_VALUES)
        out.append(ctx)
    return out


@settings(max_examples=150, deadline=None)
@given(_set_walks())
def test_sets_keyed_on_their_tests_are_answered_as_cedar_answers(
    contexts: list[dict[str, Any]],
) -> None:
    """Property: over any sequence of contexts the memo (sets keyed on the answers of the
    literal tests, Cedar asked about the projection) answers what Cedar answers on the whole
    context, and contexts with the same key get the same answer from Cedar itself."""
    memo = PolicyEngine([("s.cedar", _SET_POLICY)], validate=False)
    assert set(memo._tests) == {("findings",), ("effects",), ("hosts",), ("tags",)}
    reads = memo._reads
    assert reads is not None
    by_key: dict[str, Any] = {}
    for ctx in contexts:
        whole = memo._evaluate("execute", "Bash", "a", ctx)
        assert memo.evaluate("execute", "Bash", "a", ctx) == whole
        if not whole.errors:
            key = json.dumps(memo_key(ctx, reads, memo._tests), sort_keys=True)
            assert by_key.setdefault(key, whole) == whole


def test_members_no_policy_names_share_a_memo_entry() -> None:
    memo = PolicyEngine([("s.cedar", _SET_POLICY)], validate=False)
    base = {"tool": "Read", "session": {"mode": "normal"}, "effects": [], "hosts": []}
    first = memo.evaluate("execute", "Bash", "a", {**base, "findings": ["ok"]})
    again = memo.evaluate("execute", "Bash", "a", {**base, "findings": ["x.test", "ok"]})
    assert first.decision is again.decision is Decision.ALLOW
    assert len(memo._memo) == 1
    named = memo.evaluate("execute", "Bash", "a", {**base, "findings": ["ok", "bad"]})
    assert named.decision is Decision.DENY and named.policies == ["s.any"]
    # the emptiness a policy asks of ``hosts`` is part of the key
    strict = {**base, "session": {"mode": "strict"}, "findings": []}
    assert memo.evaluate("execute", "Bash", "a", strict).decision is Decision.ALLOW
    hosts = memo.evaluate("execute", "Bash", "a", {**strict, "hosts": ["y.test"]})
    assert hosts.decision is Decision.DENY and hosts.policies == ["s.hosts"]
    assert len(memo._memo) == 4


def _asking(engine: PolicyEngine) -> list[dict[str, Any]]:
    asked: list[dict[str, Any]] = []
    cedar = engine._evaluate

    def spy(action: str, tool: str, agent: str, context: dict[str, Any]) -> Any:
        asked.append(context)
        return cedar(action, tool, agent, context)

    engine._evaluate = spy  # type: ignore[method-assign]
    return asked


def test_cedar_is_asked_about_what_the_policies_read() -> None:
    engine = PolicyEngine([("t.cedar", MODE_POLICY)], validate=False)
    asked = _asking(engine)
    ctx = _ctx(risk=4, hosts=["a.example"])
    assert engine.evaluate("execute", "Bash", "a", ctx).decision is Decision.ALLOW
    assert asked == [{"tool": "Bash", "flagged": False, "session": {"mode": "normal"}}]


@pytest.mark.parametrize("odd", [0.5, None, 2**64, {"__extn": {"fn": "ip", "arg": "x"}}])
def test_a_value_cedar_would_refuse_sends_the_whole_context(odd: Any) -> None:
    """Cedar refuses a request holding a value it cannot read, even where no policy looks;
    such a context is asked whole, so the answer (a refusal: deny, with Cedar's words) is
    the one the whole context gets."""
    engine = PolicyEngine([("t.cedar", MODE_POLICY)], validate=False)
    asked = _asking(engine)
    ctx = {**_ctx(), "unread": {"deep": [1, odd]}}
    result = engine.evaluate("execute", "Bash", "a", ctx)
    assert asked == [ctx]
    fresh = PolicyEngine([("t.cedar", MODE_POLICY)], validate=False)._evaluate(
        "execute", "Bash", "a", ctx
    )
    assert result == fresh
    if odd is not None and not isinstance(odd, (float, int)):
        return  # an escape Cedar may read: asked whole all the same, whatever it answers
    assert result.decision is Decision.DENY and result.errors


def test_an_answer_with_errors_is_cedars_on_the_whole_context() -> None:
    text = "forbid (principal, action, resource) when { context.s.missing == 1 };\n" + _p("true")
    engine = PolicyEngine([("t.cedar", text)], validate=False)
    asked = _asking(engine)
    ctx = {"s": {"other": 1}, "unread": 2}
    result = engine.evaluate("execute", "Bash", "a", ctx)
    assert asked == [{"s": {}}, ctx]  # the projection errs: asked again, whole
    assert result == PolicyEngine([("t.cedar", text)], validate=False)._evaluate(
        "execute", "Bash", "a", ctx
    )
    assert result.errors and engine._memo == {}


def test_the_shipped_pack_shares_entries_over_findings_it_does_not_name() -> None:
    memo = PolicyEngine.load()
    assert ("findings",) in memo._tests and ("effects",) in memo._tests
    plain = _full(findings=[])
    unnamed = _full(findings=["no-policy-names-this-finding"])
    for ctx in (plain, unnamed):
        assert memo.evaluate("execute", "Bash", "a", ctx) == PolicyEngine.load()._evaluate(
            "execute", "Bash", "a", ctx
        )
    assert len(memo._memo) == 1
