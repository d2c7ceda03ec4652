"""Verdicts to Cursor hook replies, as Cursor's documentation describes them (not measured).

- before a shell command or MCP call: ``{"permission": "deny", "user_message",
  "agent_message"}`` on stdout, exit 0; ``beforeReadFile`` takes ``permission`` only.
- ask: the reference documents ``"permission": "ask"``, but it is not verified here and the
  agents measured so far let the call run (Codex) or hang (Gemini CLI) on an ask, so an ask
  goes out as a deny whose reason says how a person approves it.
- a prompt: ``{"continue": false, "user_message"}``.
- after an action: nothing the reference lets a hook change.
- ``refuse``: exit 2 with the message on stderr (the installer also sets ``failClosed``).
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
    "This is refused until a person approves it: `bastion approvals` (or the console), "
    "then try again."
)


def reply(event: Event, verdict: Verdict) -> NativeReply:
    refused = verdict.decision is not Decision.ALLOW
    out: dict[str, Any] = {}
    if event.kind is EventKind.ACTION:
        if event.native_name == "beforeReadFile" and refused:
            out = {"permission": "deny"}
        elif refused:
            reason = explain(verdict)
            out = {"permission": "deny", "user_message": reason, "agent_message": reason}
    elif event.kind is EventKind.PROMPT and refused:
        out = {"continue": False, "user_message": explain(verdict)}
    return NativeReply(stdout=json.dumps(out) if out else "", exit_code=0)


def refuse(message: str) -> NativeReply:
    return NativeReply(stderr=f"{MARK}: {message}", exit_code=2)


def explain(verdict: Verdict) -> str:
    reasons = "; ".join(verdict.reasons) or "no policy permits this action"
    rules = f" [rule: {', '.join(verdict.policies)}]" if verdict.policies else ""
    if verdict.decision is Decision.ASK:
        return f"{MARK} needs a person's approval: {reasons}{rules}. {HOW_TO_APPROVE}"
    verb = "blocked" if verdict.decision is Decision.DENY else "allowed"
    return f"{MARK} {verb}: {reasons}{rules}"
