"""Codex CLI hook payloads (JSON on stdin, Codex 0.171 hooks) to core ``Event`` objects.

Every payload has ``session_id``, ``transcript_path`` (the rollout file under
``$CODEX_HOME/sessions/``), ``cwd``, ``hook_event_name``, ``model`` and ``permission_mode``;
turn events add ``turn_id``; tool events ``tool_name``, ``tool_input`` and ``tool_use_id``
(the model's ``call_id``, the same id the rollout file keeps), and ``tool_response`` (a
string) after the call. The shell tool arrives as ``Bash`` with ``{"command"}``; ``apply_patch``
carries the patch text in ``tool_input.command``, so the files it touches are read out of the
patch into ``file_path`` (the first) and ``file_paths`` (all), where the engine looks for a
write's target. Recorded examples: ``tests/data/agents/codex/``.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from bastion.core.events import Event, EventKind
from bastion.errors import PayloadError

__all__ = [
    "AGENT",
    "KINDS",
    "PATCH_TOOL",
    "patch_paths",
    "to_event",
]

AGENT = "codex"

KINDS = {
    "SessionStart": EventKind.SESSION_START,
    "UserPromptSubmit": EventKind.PROMPT,
    "PreToolUse": EventKind.ACTION,
    "PermissionRequest": EventKind.PERMISSION_REQUEST,
    "PostToolUse": EventKind.OBSERVATION,
    "Stop": EventKind.STOP,
    "SubagentStop": EventKind.STOP,
    "SessionEnd": EventKind.SESSION_END,
}
PATCH_TOOL = "apply_patch"
# "*** Add File: p", "*** Update File: p", "*** Delete File: p", "*** Move to: p"
_PATCH_PATH = re.compile(r"^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+?)\s*$", re.M)


def patch_paths(patch: str) -> list[str]:
    """Every file an ``apply_patch`` patch adds, changes, deletes or moves to, in order."""
    seen: list[str] = []
    for path in _PATCH_PATH.findall(patch):
        if path not in seen:
            seen.append(path)
    return seen


def _tool_input(tool: str | None, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        value = {"value": value}
    if tool == PATCH_TOOL and isinstance(value.get("command"), str) and "file_path" not in value:
        paths = patch_paths(value["command"])
        if paths:
            value = {**value, "file_path": paths[0], "file_paths": paths}
    return dict(value)


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
    tool = payload.get("tool_name")
    tool = tool if isinstance(tool, str) and tool else None
    prompt = payload.get("prompt")
    error = payload.get("error")
    call_id = payload.get("tool_use_id")
    return Event(
        session_id=session_id,
        kind=KINDS.get(native, EventKind.OTHER),
        agent=AGENT,
        native_name=native,
        time=time.time(),
        tool=tool,
        tool_use_id=call_id if isinstance(call_id, str) and call_id else None,
        tool_input=_tool_input(tool, payload.get("tool_input")),
        tool_output=payload.get("tool_response"),
        prompt=prompt if isinstance(prompt, str) else None,
        error=error if isinstance(error, str) else (json.dumps(error) if error else None),
        cwd=str(payload.get("cwd") or ""),
        permission_mode=str(payload.get("permission_mode") or ""),
        transcript_path=str(payload.get("transcript_path") or ""),
        raw=payload,
    )
