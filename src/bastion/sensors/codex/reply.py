"""Verdicts to Codex CLI hook replies (Codex 0.171 hooks protocol, measured where noted).

- deny before a tool: ``hookSpecificOutput.permissionDecision: "deny"`` with the reason,
  exit 0; the model sees the reason (measured, tests/e2e/test_agent_hook_semantics.py).
- ask: Codex ignores ``"ask"`` and **runs the call** (measured), so an ask goes out as a
  deny whose reason says how a person approves it.
- input rewrite (brokered secret, sandbox wrap): ``permissionDecision: "allow"`` with
  ``updatedInput`` (measured: the rewritten command is what runs).
- after a tool: ``{"decision": "block", "reason"}``; the reason replaces the result the
  model sees (measured), which is how an observation is withheld or redacted.
- PermissionRequest: ``hookSpecificOutput.decision = {"behavior": "deny", "message"}``;
  silence lets Codex's own approval flow go on.
- a prompt: ``{"decision": "block", "reason"}`` drops it.
- ``refuse``: exit 2, reason on stderr: Codex's block for every event (measured; a JSON
  deny printed with exit 1 is ignored and the call runs).
"""

from __future__ import annotations

import json
from typing import Any

from bastion.core.events import Decision, Event, EventKind, Verdict
from bastion.sensors.base import NativeReply

__all__ = [
    "DERIVED",
    "HOW_TO_APPROVE",
    "MARK",
    "explain",
    "refuse",
    "reply",
]

MARK = "Bastion"
DERIVED = ("file_path", "file_paths")
HOW_TO_APPROVE = (
    "Codex cannot ask a person from a hook, so this is refused until someone approves it: "
    "`bastion approvals` (or the console), then try again."
)


def reply(event: Event, verdict: Verdict) -> NativeReply:
    reason = explain(verdict)
    native = event.native_name
    refused = verdict.decision is not Decision.ALLOW
    out: dict[str, Any] = {}
    if event.kind is EventKind.ACTION:
        update = _native_input(event, verdict.native_update or verdict.updated_input)
        if refused:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "permissionDecision": "deny",
                "permissionDecisionReason": reason,
            }
        elif update is not None:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "permissionDecision": "allow",
                "permissionDecisionReason": reason or f"{MARK}: input rewritten",
                "updatedInput": update,
            }
        elif verdict.agent_context:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "additionalContext": verdict.agent_context,
            }
    elif event.kind is EventKind.PERMISSION_REQUEST:
        if refused:
            out["hookSpecificOutput"] = {
                "hookEventName": native,
                "decision": {"behavior": "deny", "message": reason},
            }
    elif event.kind in (EventKind.OBSERVATION, EventKind.PROMPT):
        if refused:
            out = {"decision": "block", "reason": reason}
        elif verdict.agent_context:
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


def _native_input(event: Event, update: dict[str, Any] | None) -> dict[str, Any] | None:
    """An input to hand back without the keys the sensor derived (``file_path`` of a patch)."""
    if update is None:
        return None
    sent = event.raw.get("tool_input") if isinstance(event.raw, dict) else None
    sent_keys = set(sent) if isinstance(sent, dict) else set()
    return {k: v for k, v in update.items() if k in sent_keys or k not in DERIVED}


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
