"""Verdicts to Gemini CLI hook replies (Gemini CLI 0.61 hooks protocol).

- deny: ``{"decision": "deny", "reason": ...}`` on stdout, exit 0. Before a tool the call
  does not run and the model sees the reason; after a tool the reason **replaces** the
  result the model sees (redaction of an observation); on ``BeforeAgent`` the prompt is
  dropped.
- ask: Gemini CLI has no ask a hook can use headless (``"ask"`` hangs ``gemini -p``,
  measured in tests/e2e/test_agent_hook_semantics.py), so an ask goes out as a deny whose
  reason says how a person approves it.
- input rewrite (brokered secrets): ``hookSpecificOutput.tool_input``, merged over the
  model's arguments.
- nothing to say: empty stdout, exit 0 (Gemini's own confirmations still apply).
- ``refuse``: exit 2 with the message on stderr, Gemini's block for every event.
"""

from __future__ import annotations

import json
from typing import Any

from bastion.core.events import Decision, Event, EventKind, Verdict
from bastion.sensors.base import NativeReply

__all__ = [
    "HOW_TO_APPROVE",
    "MARK",
    "explain",
    "refuse",
    "reply",
]

MARK = "Bastion"
HOW_TO_APPROVE = (
    "Gemini CLI cannot ask here, so this is refused until a person approves it: "
    "`bastion approvals` (or the console), then try again."
)


def reply(event: Event, verdict: Verdict) -> NativeReply:
    reason = explain(verdict)
    out: dict[str, Any] = {}
    refused = verdict.decision is not Decision.ALLOW
    if event.kind is EventKind.ACTION:
        if refused:
            out = {"decision": "deny", "reason": reason}
        elif verdict.native_update is not None:
            out = {"hookSpecificOutput": {"tool_input": verdict.native_update}}
    elif event.kind in (EventKind.OBSERVATION, EventKind.PROMPT):
        if refused:
            out = {"decision": "deny", "reason": reason}
        elif verdict.agent_context:
            out = {"hookSpecificOutput": {"additionalContext": verdict.agent_context}}
    elif event.kind is EventKind.SESSION_START and verdict.agent_context:
        out = {"hookSpecificOutput": {"additionalContext": verdict.agent_context}}
    return NativeReply(stdout=json.dumps(out) if out else "", exit_code=0)


def refuse(message: str) -> NativeReply:
    return NativeReply(stderr=f"{MARK}: {message}", exit_code=2)


def explain(verdict: Verdict) -> str:
    if verdict.decision is Decision.ALLOW and not verdict.reasons:
        return ""
    reasons = "; ".join(verdict.reasons) or "no policy permits this action"
    rules = f" [rule: {', '.join(verdict.policies)}]" if verdict.policies else ""
    if verdict.decision is Decision.ASK:
        return f"{MARK} needs a person's approval: {reasons}{rules}. {HOW_TO_APPROVE}"
    verb = "blocked" if verdict.decision is Decision.DENY else "allowed"
    return f"{MARK} {verb}: {reasons}{rules}"
