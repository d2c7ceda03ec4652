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
"""

from __future__ import annotations

import json
from typing import Any

import cedarpy

__all__ = ["Reads", "context_reads", "project", "reads_of_set"]

# What a policy set reads of a record: attribute -> None (the whole value is read) or the
# attributes read of it in turn (a record such as ``session``).
Reads = dict[str, "Reads | None"]


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
