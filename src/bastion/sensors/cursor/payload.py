"""Cursor hook payloads to core ``Event`` objects, **as Cursor's documentation describes them**.

No Cursor client can run on a Linux CI machine, so nothing here is measured: the shapes are
those of https://cursor.com/docs/agent/hooks, written down in ``tests/data/agents/cursor/``.
Every payload has ``hook_event_name``, ``conversation_id`` (the session), ``generation_id``
and ``workspace_roots``. Cursor has no generic tool event in that reference, one event per
kind of action instead, so each becomes a tool call under a name of Bastion's choosing:

- ``beforeShellExecution`` / ``afterShellExecution``: ``Shell`` with ``{command, cwd}``
  (``output`` after);
- ``beforeReadFile``: ``ReadFile`` with ``{file_path}`` (the file's content is in the payload,
  kept in ``raw``, not treated as the call's input);
- ``afterFileEdit``: ``FileEdit`` with ``{file_path, edits}``, observed after the fact (the
  reference has no hook before an edit);
- ``beforeMCPExecution`` / ``afterMCPExecution``: ``MCP:<tool>``, the input JSON decoded.

Calls carry no id, so one is made from the tool and its input (``call_key``): a before and
its after pair up.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from bastion.core.events import Event, EventKind
from bastion.errors import PayloadError

__all__ = [
    "AGENT",
    "KINDS",
    "call_key",
    "to_event",
    "tool_call",
]

AGENT = "cursor"
SHELL, READ, EDIT, MCP_PREFIX = "Shell", "ReadFile", "FileEdit", "MCP:"

KINDS = {
    "beforeSubmitPrompt": EventKind.PROMPT,
    "beforeShellExecution": EventKind.ACTION,
    "beforeMCPExecution": EventKind.ACTION,
    "beforeReadFile": EventKind.ACTION,
    "afterShellExecution": EventKind.OBSERVATION,
    "afterMCPExecution": EventKind.OBSERVATION,
    "afterFileEdit": EventKind.OBSERVATION,
    "stop": EventKind.STOP,
}


def call_key(tool: str, tool_input: Any) -> str:
    canonical = json.dumps({"name": tool, "args": tool_input}, sort_keys=True,
                           separators=(",", ":"))  # fmt: skip
    return "cursor-call-" + hashlib.sha256(canonical.encode()).hexdigest()[:24]


def _decoded(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {"value": value}
    return value if isinstance(value, dict) else ({"value": value} if value is not None else {})


def tool_call(native: str, payload: dict[str, Any]) -> tuple[str | None, dict[str, Any], Any]:
    """(tool, input, output) of one event; no tool for prompts and stops."""
    if native in ("beforeShellExecution", "afterShellExecution"):
        keys = {"command": payload.get("command")}
        if payload.get("cwd"):
            keys["cwd"] = payload["cwd"]
        return SHELL, keys, payload.get("output")
    if native == "beforeReadFile":
        return READ, {"file_path": payload.get("file_path")}, None
    if native == "afterFileEdit":
        return EDIT, {"file_path": payload.get("file_path"), "edits": payload.get("edits")}, None
    if native in ("beforeMCPExecution", "afterMCPExecution"):
        name = str(payload.get("tool_name") or "")
        return MCP_PREFIX + name, _decoded(payload.get("tool_input")), payload.get("result_json")
    return None, {}, None


def to_event(payload: dict[str, Any]) -> Event:
    if not isinstance(payload, dict):
        raise PayloadError("hook payload is not a JSON object")
    native = payload.get("hook_event_name")
    if not isinstance(native, str) or not native:
        raise PayloadError("hook payload has no hook_event_name")
    session_id = payload.get("conversation_id")
    if not isinstance(session_id, str) or not session_id:
        raise PayloadError(f"{native} payload has no conversation_id")
    tool, tool_input, output = tool_call(native, payload)
    roots = payload.get("workspace_roots")
    cwd = payload.get("cwd") or (roots[0] if isinstance(roots, list) and roots else "")
    prompt = payload.get("prompt")
    return Event(
        session_id=session_id,
        kind=KINDS.get(native, EventKind.OTHER),
        agent=AGENT,
        native_name=native,
        time=time.time(),
        tool=tool,
        # The after-event has no cwd: the key is the call without it, so the two pair up.
        tool_use_id=call_key(tool, {k: v for k, v in tool_input.items() if k != "cwd"})
        if tool
        else None,
        tool_input=tool_input,
        tool_output=output,
        prompt=prompt if isinstance(prompt, str) else None,
        cwd=str(cwd or ""),
        raw=payload,
    )
