"""Verdicts to GitHub Copilot CLI hook replies (1.0.102, measured for both event styles).

- deny before a tool: ``{"permissionDecision": "deny", "permissionDecisionReason"}``, exit 0;
  the model sees "Denied by preToolUse hook: <reason>" (measured). Exit 2 also blocks but
  the reason is lost, so it is kept for ``refuse`` only.
- ask: headless Copilot turns ``"ask"`` into a deny ("unable to ask"), losing our words
  (measured), so an ask goes out as a deny whose reason says how a person approves it.
- input rewrite: ``permissionDecision: "allow"`` with ``modifiedArgs`` (measured: the
  rewritten command is what runs).
- after a tool: ``{"decision": "block", "reason"}``: "Tool result blocked: <reason>"
  replaces the result (measured; not in the CLI's docs).
- permissionRequest: ``{"behavior": "deny", "message"}``.
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
    "Copilot CLI cannot ask here, so this is refused until a person approves it: "
    "`bastion approvals` (or the console), then try again."
)


def reply(event: Event, verdict: Verdict) -> NativeReply:
    reason = explain(verdict)
    refused = verdict.decision is not Decision.ALLOW
    out: dict[str, Any] = {}
    if event.kind is EventKind.ACTION:
        update = verdict.native_update or verdict.updated_input
        if refused:
            out = {"permissionDecision": "deny", "permissionDecisionReason": reason}
        elif update is not None:
            out = {"permissionDecision": "allow", "modifiedArgs": update,
                   "permissionDecisionReason": reason or f"{MARK}: input rewritten"}  # fmt: skip
    elif event.kind is EventKind.PERMISSION_REQUEST:
        if refused:
            out = {"behavior": "deny", "message": reason}
    elif event.kind in (EventKind.OBSERVATION, EventKind.PROMPT) and refused:
        out = {"decision": "block", "reason": reason}
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
