"""GitHub Copilot CLI hook payloads (1.0.102) to core ``Event`` objects, in both styles.

Copilot CLI names each event in two spellings and writes a different payload for each:

- **PascalCase** events (``PreToolUse`` ...; what ``bastion install copilot`` wires) carry
  ``hook_event_name``, ``session_id``, ``tool_name`` (Claude Code's names), ``tool_input`` and
  ``tool_result`` (``result_type``, ``text_result_for_llm``), ``transcript_path`` on Stop.
- **camelCase** events (``preToolUse`` ...) carry no event name at all (only
  ``permissionRequest`` says ``hookName``): ``sessionId``, millisecond ``timestamp``,
  ``toolName``, ``toolArgs``, ``toolResult``. The event is read from the fields each one has
  (recorded): a result means after a tool, tool arguments alone before it, and so on.

Neither style gives a tool call an id, so ``tool_use_id`` is made from the native tool name
and its arguments (``call_key``), as the session-log check computes it for Copilot's own log.
Recorded examples: ``tests/data/agents/copilot/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from bastion.core.events import Event, EventKind
from bastion.errors import PayloadError
from bastion.sensors.copilot.tools import native_name

__all__ = [
    "AGENT",
    "KINDS",
    "call_key",
    "camel_event",
    "to_event",
]

AGENT = "copilot"

KINDS = {
    "SessionStart": EventKind.SESSION_START,
    "sessionStart": EventKind.SESSION_START,
    "UserPromptSubmit": EventKind.PROMPT,
    "userPromptSubmitted": EventKind.PROMPT,
    "PreToolUse": EventKind.ACTION,
    "preToolUse": EventKind.ACTION,
    "PermissionRequest": EventKind.PERMISSION_REQUEST,
    "permissionRequest": EventKind.PERMISSION_REQUEST,
    "PostToolUse": EventKind.OBSERVATION,
    "postToolUse": EventKind.OBSERVATION,
    "PostToolUseFailure": EventKind.OBSERVATION,
    "postToolUseFailure": EventKind.OBSERVATION,
    "Stop": EventKind.STOP,
    "agentStop": EventKind.STOP,
    "SubagentStop": EventKind.STOP,
    "subagentStop": EventKind.STOP,
    "SessionEnd": EventKind.SESSION_END,
    "sessionEnd": EventKind.SESSION_END,
}


def call_key(tool: str, args: Any) -> str:
    """A stable id for a tool call from what it is (two identical calls share it)."""
    canonical = json.dumps({"name": native_name(tool), "args": args}, sort_keys=True,
                           separators=(",", ":"))  # fmt: skip
    return "copilot-call-" + hashlib.sha256(canonical.encode()).hexdigest()[:24]


def camel_event(payload: dict[str, Any]) -> str:
    """The camelCase event a payload without ``hook_event_name`` is, from its fields."""
    named = payload.get("hookName")
    if isinstance(named, str) and named:
        return named
    if "toolResult" in payload:
        return "postToolUse"
    if "toolName" in payload:
        return "preToolUse"
    if "error" in payload:
        return "errorOccurred"
    if "prompt" in payload:
        return "userPromptSubmitted"
    if "stopReason" in payload:
        return "agentStop"
    if "source" in payload or "initialPrompt" in payload:
        return "sessionStart"
    if "reason" in payload:
        return "sessionEnd"
    return "unknown"


def _first(payload: dict[str, Any], *keys: str) -> Any:
    return next((payload[k] for k in keys if payload.get(k) is not None), None)


def to_event(payload: dict[str, Any]) -> Event:
    """One payload (either style) as an ``Event``; ``PayloadError`` names what is missing."""
    if not isinstance(payload, dict):
        raise PayloadError("hook payload is not a JSON object")
    native = payload.get("hook_event_name")
    if not isinstance(native, str) or not native:
        native = camel_event(payload)
    session_id = _first(payload, "session_id", "sessionId")
    if not isinstance(session_id, str) or not session_id:
        raise PayloadError(f"{native} payload has no session_id")
    tool = _first(payload, "tool_name", "toolName")
    tool = tool if isinstance(tool, str) and tool else None
    args = _first(payload, "tool_input", "toolArgs", "toolInput")
    tool_input = args if isinstance(args, dict) else ({"value": args} if args is not None else {})
    result = _first(payload, "tool_result", "toolResult")
    error = payload.get("error")
    prompt = payload.get("prompt")
    return Event(
        session_id=session_id,
        kind=KINDS.get(native, EventKind.OTHER),
        agent=AGENT,
        native_name=native,
        time=time.time(),
        tool=tool,
        tool_use_id=call_key(tool, args) if tool is not None else None,
        tool_input=tool_input,
        tool_output=result,
        prompt=prompt if isinstance(prompt, str) else None,
        error=error if isinstance(error, str) else (json.dumps(error) if error else None),
        cwd=str(payload.get("cwd") or ""),
        transcript_path=_transcript(payload, KINDS.get(native, EventKind.OTHER), session_id),
        raw=payload,
    )


_SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def _transcript(payload: dict[str, Any], kind: EventKind, session_id: str) -> str:
    """The session log's path: the payload's (Stop, agentStop), or, at session end, where
    Copilot CLI keeps it (``~/.copilot/session-state/<session id>/events.jsonl``, of the
    user the daemon runs as: sessionEnd names no path), so the coverage check runs at
    session end as for the other agents. A session id that is no plain name is not used
    as a path."""
    given = _first(payload, "transcript_path", "transcriptPath")
    if given:
        return str(given)
    if kind is not EventKind.SESSION_END or not _SESSION_ID.fullmatch(session_id):
        return ""
    root = Path(os.environ.get("COPILOT_HOME") or Path.home() / ".copilot")
    log = root / "session-state" / session_id / "events.jsonl"
    return str(log) if log.is_file() else ""
