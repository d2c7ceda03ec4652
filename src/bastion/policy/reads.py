"""Which attributes of a request's context a policy set can read, to key the decision memo.

Cedar's answer is a pure function of the request and the policy set, and a policy sees the
context only through the attributes it names (``context.session.mode``,
``context has credential_files``). The context the engine builds carries more than any
policy reads (the hosts, the session's risk and denial counts, which change on most events),
so a memo keyed on the whole context missed on one decision in twenty, each miss a
millisecond of Cedar. Keyed on the attributes the policies name, equal answers share one
entry and the decision is the one Cedar gives, because the attributes it never reads
cannot change it.

The reading is conservative: any use of ``context`` this module cannot follow (the whole
record, an index ``context["x"]``, ``has`` with a quoted name) makes ``context_reads``
return None, and the memo is keyed on the whole context as before.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Reads", "context_reads", "project"]

# What a policy reads: top-level attribute -> None (the whole value) or the second-level
# attributes read of it (a record such as ``session``; a set's methods are harmless extras).
Reads = dict[str, set[str] | None]

# Strings and comments hold words, not reads: "the model's context" in an @reason.
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*')
_CONTEXT = re.compile(r"\bcontext\b")
_ATTRIBUTE = re.compile(r"\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")
_HAS = re.compile(r"\s*has\b\s*([A-Za-z_][A-Za-z0-9_]*)?")
_INDEX = re.compile(r"\s*\[")


def context_reads(policy_text: str) -> Reads | None:
    """The context attributes ``policy_text`` reads, or None when they cannot be told."""
    text = _STRING_OR_COMMENT.sub(lambda m: '""' if m.group(0).startswith('"') else "", policy_text)
    reads: Reads = {}
    for match in _CONTEXT.finditer(text):
        path: list[str] = []
        at = match.end()
        while len(path) < 2:
            step = _ATTRIBUTE.match(text, at)
            if step is None:
                break
            path.append(step.group(1))
            at = step.end()
        if len(path) < 2:
            if _INDEX.match(text, at):
                return None  # context["x"] or context.x["y"]: not followed here
            has = _HAS.match(text, at)
            if has is not None:
                if has.group(1) is None:
                    return None  # has "quoted name"
                path.append(has.group(1))
        if not path:
            return None  # the whole context: every attribute counts
        top = path[0]
        if len(path) == 1:
            reads[top] = None
        elif top not in reads:
            reads[top] = {path[1]}
        else:
            seen = reads[top]
            if seen is not None:
                seen.add(path[1])
    return reads


def project(context: dict[str, Any], reads: Reads) -> dict[str, Any]:
    """The part of ``context`` the policies read (the memo's key)."""
    out: dict[str, Any] = {}
    for top, inner in reads.items():
        if top not in context:
            continue
        value = context[top]
        if inner is not None and isinstance(value, dict):
            value = {k: value[k] for k in inner if k in value}
        out[top] = value
    return out
