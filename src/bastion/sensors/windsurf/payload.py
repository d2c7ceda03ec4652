"""Windsurf (Cascade) hook payloads to core ``Event`` objects, **as documented, not measured**.

No Windsurf client can run on a Linux CI machine; the shapes are those of
https://docs.windsurf.com/windsurf/cascade/hooks, written down in
``tests/data/agents/windsurf/``. Every payload has ``agent_action_name`` (the event),
``trajectory_id`` (the session), ``execution_id`` (one action: its pre and post hooks share
it, so it is the call id), ``timestamp`` and ``tool_info``:

- ``pre_/post_run_command``: ``run_command`` with ``{command, cwd}`` (from ``command_line``);
- ``pre_/post_read_code``: ``read_code`` with ``{file_path}``;
- ``pre_/post_write_code``: ``write_code`` with ``{file_path, edits}`` (the new text is in
  ``edits``, where the engine looks for what a write carries);
- ``pre_/post_mcp_tool_use``: ``mcp:<server>:<tool>`` with the tool's arguments;
- ``pre_user_prompt`` (``user_prompt``) and ``post_cascade_response``.
"""

from __future__ import annotations

import time
from typing import Any

from bastion.core.events import Event, EventKind
from bastion.errors import PayloadError

__all__ = [
    "AGENT",
    "kind_of",
    "to_event",
    "tool_call",
]

AGENT = "windsurf"
RUN, READ, WRITE, MCP_PREFIX = "run_command", "read_code", "write_code", "mcp:"
_ACTIONS = (RUN, READ, WRITE, "mcp_tool_use")


def kind_of(native: str) -> EventKind:
    if native == "pre_user_prompt":
        return EventKind.PROMPT
    if native == "post_cascade_response":
        return EventKind.STOP
    stage, _, action = native.partition("_")
    if action in _ACTIONS:
        return EventKind.ACTION if stage == "pre" else EventKind.OBSERVATION
    return EventKind.OTHER


def tool_call(native: str, info: dict[str, Any]) -> tuple[str | None, dict[str, Any], Any]:
    action = native.partition("_")[2]
    if action == RUN:
        keys = {"command": info.get("command_line")}
        if info.get("cwd"):
            keys["cwd"] = info["cwd"]
        return RUN, keys, info.get("output")
    if action == READ:
        return READ, {"file_path": info.get("file_path")}, None
    if action == WRITE:
        return WRITE, {"file_path": info.get("file_path"), "edits": info.get("edits")}, None
    if action == "mcp_tool_use":
        name = f"{MCP_PREFIX}{info.get('mcp_server_name') or ''}:{info.get('mcp_tool_name') or ''}"
        args = info.get("mcp_tool_arguments")
        return name, args if isinstance(args, dict) else {}, info.get("mcp_result")
    return None, {}, None


def to_event(payload: dict[str, Any]) -> Event:
    if not isinstance(payload, dict):
        raise PayloadError("hook payload is not a JSON object")
    native = payload.get("agent_action_name")
    if not isinstance(native, str) or not native:
        raise PayloadError("hook payload has no agent_action_name")
    session_id = payload.get("trajectory_id")
    if not isinstance(session_id, str) or not session_id:
        raise PayloadError(f"{native} payload has no trajectory_id")
    info = payload.get("tool_info")
    info = info if isinstance(info, dict) else {}
    tool, tool_input, output = tool_call(native, info)
    call_id = payload.get("execution_id")
    prompt = info.get("user_prompt")
    return Event(
        session_id=session_id,
        kind=kind_of(native),
        agent=AGENT,
        native_name=native,
        time=time.time(),
        tool=tool,
        tool_use_id=call_id if tool and isinstance(call_id, str) and call_id else None,
        tool_input=tool_input,
        tool_output=output,
        prompt=prompt if isinstance(prompt, str) else None,
        cwd=str(info.get("cwd") or ""),
        raw=payload,
    )
