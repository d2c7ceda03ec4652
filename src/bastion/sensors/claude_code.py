"""Claude Code sensor: hook payloads (JSON on stdin) to events, verdicts to hook replies.

Follows the Claude Code 2.x hooks protocol. A reply of ``{}`` means "Bastion has no
objection": Claude Code's own permission rules and prompts still apply, so installing
Bastion never widens what an agent may do. Exit status 2 with a message on stderr is
the protocol's universal "stop", used when we cannot even tell which event we were given.
"""

from __future__ import annotations

import json
import time
from typing import Any

from bastion.errors import PayloadError
from bastion.events import Decision, Event, EventKind, Verdict
from bastion.sensors import NativeReply

AGENT = "claude-code"

_KINDS = {
    "SessionStart": EventKind.SESSION_START,
    "UserPromptSubmit": EventKind.PROMPT,
    "PreToolUse": EventKind.ACTION,
    "PermissionRequest": EventKind.PERMISSION_REQUEST,
    "PostToolUse": EventKind.OBSERVATION,
    "PostToolUseFailure": EventKind.OBSERVATION,
    "Stop": EventKind.STOP,
    "SubagentStop": EventKind.STOP,
    "SessionEnd": EventKind.SESSION_END,
}

# Tools Claude Code ships; anything else (bar mcp__*) is recorded as an unknown tool.
KNOWN_TOOLS = frozenset(
    {
        "Bash",
        "BashOutput",
        "KillShell",
        "Read",
        "Write",
        "Edit",
        "MultiEdit",
        "Glob",
        "Grep",
        "LS",
        "WebFetch",
        "WebSearch",
        "Task",
        "Agent",
        "NotebookEdit",
        "NotebookRead",
        "TodoWrite",
        "ExitPlanMode",
        "SlashCommand",
        "Skill",
    }
)

MARK = "Bastion"


class ClaudeCodeSensor:
    name = AGENT

    def to_event(self, payload: dict[str, Any]) -> Event:
        if not isinstance(payload, dict):
            raise PayloadError("hook payload is not a JSON object")
        native = payload.get("hook_event_name")
        if not isinstance(native, str) or not native:
            raise PayloadError("hook payload has no hook_event_name")
        session_id = payload.get("session_id")
        if not isinstance(session_id, str) or not session_id:
            raise PayloadError(f"{native} payload has no session_id")
        kind = _KINDS.get(native, EventKind.OTHER)
        tool = payload.get("tool_name")
        tool_input = payload.get("tool_input")
        if tool_input is not None and not isinstance(tool_input, dict):
            # Keep what was sent; the raw payload holds it verbatim.
            tool_input = {"value": tool_input}
        prompt = payload.get("prompt")
        error = payload.get("error")
        return Event(
            session_id=session_id,
            kind=kind,
            agent=AGENT,
            native_name=native,
            time=time.time(),
            tool=tool if isinstance(tool, str) else None,
            tool_use_id=_str_or_none(payload.get("tool_use_id")),
            tool_input=tool_input or {},
            tool_output=payload.get("tool_response"),
            prompt=prompt if isinstance(prompt, str) else None,
            error=error if isinstance(error, str) else (json.dumps(error) if error else None),
            cwd=str(payload.get("cwd") or ""),
            permission_mode=str(payload.get("permission_mode") or ""),
            transcript_path=str(payload.get("transcript_path") or ""),
            raw=payload,
        )

    def reply(self, event: Event, verdict: Verdict) -> NativeReply:
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

    def refuse(self, message: str) -> NativeReply:
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


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
