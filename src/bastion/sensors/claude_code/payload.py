"""Claude Code hook payloads (JSON on stdin, Claude Code 2.x) to core ``Event`` objects."""

from __future__ import annotations

import json
import time
from typing import Any

from bastion.core.events import Event, EventKind
from bastion.errors import PayloadError

__all__ = [
    "AGENT",
    "KINDS",
    "to_event",
]

AGENT = "claude-code"

KINDS = {
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


def to_event(payload: dict[str, Any]) -> Event:
    """One payload as an ``Event``; ``PayloadError`` names what is missing."""
    if not isinstance(payload, dict):
        raise PayloadError("hook payload is not a JSON object")
    native = payload.get("hook_event_name")
    if not isinstance(native, str) or not native:
        raise PayloadError("hook payload has no hook_event_name")
    session_id = payload.get("session_id")
    if not isinstance(session_id, str) or not session_id:
        raise PayloadError(f"{native} payload has no session_id")
    kind = KINDS.get(native, EventKind.OTHER)
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


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
