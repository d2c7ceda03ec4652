"""Verdicts to Claude Code hook replies (Claude Code 2.x hooks protocol).

A reply of ``{}`` means "Bastion has no objection": Claude Code's own permission rules and
prompts still apply, so installing Bastion never widens what an agent may do. Exit status 2
with a message on stderr is the protocol's universal "stop", used when we cannot even tell
which event we were given.
"""

from __future__ import annotations

import json
from typing import Any

from bastion.core.events import Decision, Event, EventKind, Verdict
from bastion.sensors.base import NativeReply

__all__ = [
    "MARK",
    "explain",
    "refuse",
    "reply",
]

MARK = "Bastion"


def reply(event: Event, verdict: Verdict) -> NativeReply:
    """The hook output for a verdict: JSON on stdout, exit 0 (``{}`` means no objection)."""
    reason = explain(verdict)
    native = event.native_name
    out: dict[str, Any] = {}
    if event.kind is EventKind.ACTION:
        sandboxed = verdict.native_update or verdict.updated_input
        if verdict.decision is not Decision.DENY and verdict.updated_input is not None:
            # Bastion's sandbox wraps the command (contain/rewrite); an ask shows the
            # wrapped command to the person who answers it.
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "permissionDecision": verdict.decision.value,
                "permissionDecisionReason": reason or f"{MARK}: runs in the session's sandbox",
                "updatedInput": sandboxed,
            }
        elif verdict.decision is Decision.ALLOW and verdict.native_update is not None:
            # Brokered secrets: the substituted input goes to Claude Code only. "allow"
            # is needed for updatedInput to apply; the operator approved these hosts.
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "permissionDecision": "allow",
                "permissionDecisionReason": f"{MARK}: brokered secret for an approved host",
                "updatedInput": verdict.native_update,
            }
        elif verdict.decision is Decision.ALLOW and verdict.explicit_allow:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "permissionDecision": "allow",
                "permissionDecisionReason": reason,
            }
        elif verdict.decision is not Decision.ALLOW:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "permissionDecision": verdict.decision.value,
                "permissionDecisionReason": reason,
            }
        elif verdict.agent_context:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "additionalContext": verdict.agent_context,
            }
    elif event.kind is EventKind.PERMISSION_REQUEST:
        if verdict.decision is Decision.DENY:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "decision": {"behavior": "deny", "message": reason},
            }
    elif event.kind in (EventKind.PROMPT, EventKind.OBSERVATION):
        if verdict.decision is Decision.DENY:
            out["decision"] = "block"
            out["reason"] = reason
        if verdict.agent_context:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "additionalContext": verdict.agent_context,
            }
    elif event.kind is EventKind.SESSION_START and verdict.agent_context:
        out["hookSpecificOutput"] = {
            "hookEventName": native,
            "additionalContext": verdict.agent_context,
        }
    return NativeReply(stdout=json.dumps(out) if out else "", exit_code=0)


def refuse(message: str) -> NativeReply:
    """Stop whatever this event was; works for every event type Claude Code has."""
    return NativeReply(stderr=f"{MARK}: {message}", exit_code=2)


def explain(verdict: Verdict) -> str:
    """One line a developer understands: what was decided, why, and which rule said so."""
    if verdict.decision is Decision.ALLOW and not verdict.reasons:
        return ""
    verb = {Decision.DENY: "blocked", Decision.ASK: "asks for approval", Decision.ALLOW: "allowed"}
    reasons = "; ".join(verdict.reasons) or "no policy permits this action"
    rules = f" [rule: {', '.join(verdict.policies)}]" if verdict.policies else ""
    return f"{MARK} {verb[verdict.decision]}: {reasons}{rules}"
