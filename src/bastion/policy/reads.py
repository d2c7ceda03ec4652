"""Which attributes of a request's context a policy set can read, to key the decision memo.

Cedar's answer is a pure function of the request and the policy set, and a policy sees the
context only through the attributes it names (``context.session.mode``,
``context has credential_files``). The context the engine builds carries more than any
policy reads (the hosts, the session's risk and denial counts, which change on most events),
so a memo keyed on the whole context missed on one decision in twenty, each miss a
millisecond of Cedar. Keyed on the attributes the policies name, equal answers share one
entry and the decision is the one Cedar gives, because the attributes it never reads
cannot change it.

Policies are user-editable, so the reading must never miss a read. It walks Cedar's own
parse of the set (its JSON form, the same one ``check`` and the policy info use), not the
text: strings, comments, ``context["quoted name"]``, ``has "x"``, ``if``, record literals,
``like``, ``is``, ``in``, set methods and extension calls are all ordinary nodes of that
tree. A read is a chain of attribute accesses (``.``/``has``) that starts at ``context``;
the chain's last attribute is kept whole, so anything done with it (a method, ``like``,
``==``, passing it to ``ip()``) sees the same value. Any other use of ``context`` (the
record compared, put in a record literal, given to a function) makes the reading None, and
the memo is keyed on the whole context as before.

A set the policies only test against literal strings (``context.findings.contains("x")``,
``containsAny``/``containsAll`` of literal strings, ``isEmpty()``, ``has``) is keyed on the
answers of those tests, not on its members (`set_tests_of_set`, `memo_key`): a finding, host
or effect no policy names cannot change Cedar's answer, and such sets change on most events
(each a millisecond of Cedar when the key missed). Only a value that is a list of strings is
keyed so (Cedar's set of strings, on which these tests never fail); any other value at that
place is keyed whole, and a place used any other way anywhere in the set is keyed whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import cedarpy

__all__ = [
    "KeyPlan",
    "Reads",
    "SetTest",
    "SetTests",
    "cedar_plain",
    "context_reads",
    "key_plan",
    "keyed_by",
    "memo_key",
    "project",
    "reads_of_set",
    "set_tests_of_set",
]

# What a policy set reads of a record: attribute -> None (the whole value is read) or the
# attributes read of it in turn (a record such as ``session``).
Reads = dict[str, "Reads | None"]

_SET_TESTS = ("contains", "containsAny", "containsAll")
_I64 = (-(2**63), 2**63 - 1)


@dataclass(frozen=True, slots=True)
class SetTest:
    """What the policies ask of a set: which literal strings it holds, and (when some policy
    calls ``isEmpty()`` on it) whether it is empty."""

    literals: frozenset[str]
    emptiness: bool


# Where in the context (attribute path) a set is only tested, and what is tested of it.
SetTests = dict[tuple[str, ...], SetTest]


def context_reads(policy_text: str) -> Reads | None:
    """The context attributes ``policy_text`` reads, or None when they cannot be told
    (the text does not parse, or a policy uses the context whole)."""
    try:
        est = json.loads(cedarpy.policies_to_json_str(policy_text))
    except ValueError:
        return None
    return reads_of_set(est)


def reads_of_set(est: dict[str, Any] | None) -> Reads | None:
    """The context attributes a policy set in Cedar's JSON form reads, or None."""
    if not isinstance(est, dict):
        return None
    reads: Reads = {}
    return reads if _walk(est, reads) else None


def _chain(node: Any) -> list[str] | None:
    """The attributes of ``context.a.b`` (or ``context.a has b``), or None when the
    node is not such a chain."""
    path: list[str] = []
    op = "has" if isinstance(node, dict) and "has" in node else "."
    while isinstance(node, dict) and len(node) == 1 and op in node:
        inner = node[op]
        if not isinstance(inner, dict) or not isinstance(inner.get("attr"), str):
            return None
        path.append(inner["attr"])
        node = inner.get("left")
        op = "."
    if node == {"Var": "context"} and path:
        return path[::-1]
    return None


def _walk(node: Any, reads: Reads) -> bool:
    """Add the reads under ``node``; False when ``context`` is used whole there."""
    if isinstance(node, list):
        return all(_walk(item, reads) for item in node)
    if not isinstance(node, dict):
        return True
    path = _chain(node)
    if path is not None:
        _add(reads, path)
        return True
    if node.get("Var") == "context":
        return False  # the record itself (compared, in a literal, passed): all of it counts
    # A literal ("Value") holds data, never an expression.
    return all(_walk(value, reads) for key, value in node.items() if key != "Value")


def _add(reads: Reads, path: list[str]) -> None:
    """Record that ``path`` is read; its last attribute whole."""
    at = reads
    for i, name in enumerate(path):
        last = i == len(path) - 1
        if name in at and at[name] is None:
            return  # already read whole: reads below it add nothing
        if last:
            at[name] = None
            return
        nxt = at.get(name)
        if nxt is None:
            nxt = at[name] = {}
        at = nxt


def project(context: dict[str, Any], reads: Reads) -> dict[str, Any]:
    """The part of ``context`` the policies read (the memo's key). An attribute absent
    from the context stays absent, so ``has`` answers the same on the projection."""
    out: dict[str, Any] = {}
    for name, inner in reads.items():
        if name not in context:
            continue
        value = context[name]
        # Cedar's JSON escapes (``__entity``, ``__extn``) are one value, never cut.
        if (
            inner is not None
            and isinstance(value, dict)
            and not any(k.startswith("__") for k in value)
        ):
            value = project(value, inner)
        out[name] = value
    return out


def set_tests_of_set(est: dict[str, Any] | None) -> SetTests:
    """The context places every policy of the set (Cedar's JSON form) uses only in literal
    set tests, with what each tests; any other use of a place (compared, read below, passed
    to a function, tested against something not a literal string) leaves it out."""
    if not isinstance(est, dict):
        return {}
    literals: dict[tuple[str, ...], set[str]] = {}
    emptiness: set[tuple[str, ...]] = set()
    whole: set[tuple[str, ...]] = set()
    _collect_tests(est, literals, emptiness, whole)
    return {
        path: SetTest(frozenset(found), path in emptiness)
        for path, found in literals.items()
        if path not in whole
    }


def _dot_chain(node: Any) -> tuple[str, ...] | None:
    """``context.a.b`` (attribute accesses only, no ``has``) as its path, else None."""
    if isinstance(node, dict) and len(node) == 1 and "." in node:
        path = _chain(node)
        return tuple(path) if path is not None else None
    return None


def _string_literals(node: Any, op: str) -> set[str] | None:
    """The literal strings of a set test's argument, or None when it is anything else."""
    if op == "contains":
        if isinstance(node, dict) and set(node) == {"Value"} and isinstance(node["Value"], str):
            return {node["Value"]}
        return None
    items = node.get("Set") if isinstance(node, dict) and set(node) == {"Set"} else None
    if not isinstance(items, list):
        return None
    out: set[str] = set()
    for item in items:
        if not (isinstance(item, dict) and set(item) == {"Value"}):
            return None
        if not isinstance(item["Value"], str):
            return None
        out.add(item["Value"])
    return out


def _collect_tests(
    node: Any,
    literals: dict[tuple[str, ...], set[str]],
    emptiness: set[tuple[str, ...]],
    whole: set[tuple[str, ...]],
) -> None:
    if isinstance(node, list):
        for item in node:
            _collect_tests(item, literals, emptiness, whole)
        return
    if not isinstance(node, dict):
        return
    if len(node) == 1:
        ((op, inner),) = node.items()
        if op in _SET_TESTS and isinstance(inner, dict):
            path = _dot_chain(inner.get("left"))
            found = _string_literals(inner.get("right"), op)
            if path is not None and found is not None:
                literals.setdefault(path, set()).update(found)
                whole.update(path[:i] for i in range(1, len(path)))  # records read through
                return
        if op == "isEmpty" and isinstance(inner, dict) and len(inner) == 1:
            path = _dot_chain(inner.get("arg"))
            if path is not None:
                literals.setdefault(path, set())
                emptiness.add(path)
                whole.update(path[:i] for i in range(1, len(path)))
                return
    chain = _chain(node)
    if chain is not None:
        path = tuple(chain)
        whole.update(path[:i] for i in range(1, len(path)))
        if "has" not in node:
            whole.add(path)  # read as a value: all of it counts
        # ``has`` asks only whether the place is there, which the key keeps.
        return
    for key, value in node.items():
        if key != "Value":
            _collect_tests(value, literals, emptiness, whole)


# What the memo key takes of a record, computed once per policy set: for each attribute the
# policies read, what is read below it (None: the value whole) and its set test (if any).
KeyPlan = tuple[tuple[str, "KeyPlan | None", SetTest | None], ...]


def key_plan(reads: Reads, tests: SetTests, at: tuple[str, ...] = ()) -> KeyPlan:
    """The memo key's reading of a context (`keyed_by`), from the reads and the set tests."""
    out = []
    for name, inner in reads.items():
        place = (*at, name)
        test = tests.get(place)
        below = key_plan(inner, tests, place) if inner is not None and test is None else None
        out.append((name, below, test))
    return tuple(out)


def keyed_by(context: dict[str, Any], plan: KeyPlan) -> dict[str, Any]:
    """``project``, with each set the policies only test replaced by its tests' answers:
    ``(0, [empty?,] named...)`` for a list of strings (``empty?`` only when a policy asks),
    ``(1, value)`` for anything else there, so the two forms never meet."""
    out: dict[str, Any] = {}
    for name, below, test in plan:
        if name not in context:
            continue
        value = context[name]
        if test is not None:
            if type(value) is list and all(type(v) is str for v in value):
                named = sorted(test.literals.intersection(value)) if value else ()
                out[name] = (0, not value, *named) if test.emptiness else (0, *named)
            else:
                out[name] = (1, value)
            continue
        if (
            below is not None
            and isinstance(value, dict)
            and not any(k.startswith("__") for k in value)
        ):
            value = keyed_by(value, below)
        out[name] = value
    return out


def memo_key(context: dict[str, Any], reads: Reads, tests: SetTests) -> dict[str, Any]:
    """The memo's key of ``context`` (`keyed_by` over `key_plan`)."""
    return keyed_by(context, key_plan(reads, tests))


def cedar_plain(value: Any) -> bool:
    """True when ``value`` is JSON Cedar reads as a value without question: strings, booleans,
    64-bit integers, lists and records of them (no ``null``, no float, no ``__`` escape).
    Only then may the attributes no policy reads be left out of the request: Cedar refuses a
    request with a value it cannot read anywhere in its context, read or not."""
    if isinstance(value, (str, bool)):
        return True
    if isinstance(value, int):
        return _I64[0] <= value <= _I64[1]
    if isinstance(value, list):
        return all(cedar_plain(v) for v in value)
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and not k.startswith("__") and cedar_plain(v)
            for k, v in value.items()
        )
    return False
