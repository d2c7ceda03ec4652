"""Gemini CLI hook payloads (JSON on stdin, Gemini CLI 0.61 hooks) to core ``Event`` objects.

Every payload has ``session_id``, ``transcript_path``, ``cwd``, ``hook_event_name`` and
``timestamp``; tool events add ``tool_name`` and ``tool_input`` (and ``tool_response`` after
the call: ``llmContent``, ``returnDisplay``, optional ``error``); ``BeforeAgent`` adds
``prompt``. Gemini CLI gives the hook no id for a tool call, so ``tool_use_id`` is made from
the call itself (``call_key``: tool name and arguments), the same key ``transcript`` computes
for the calls in Gemini's own chat log. Recorded examples: ``tests/data/agents/gemini-cli/``.
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
]

AGENT = "gemini-cli"

KINDS = {
    "SessionStart": EventKind.SESSION_START,
    "BeforeAgent": EventKind.PROMPT,
    "BeforeTool": EventKind.ACTION,
    "AfterTool": EventKind.OBSERVATION,
    "AfterAgent": EventKind.STOP,
    "SessionEnd": EventKind.SESSION_END,
}


def call_key(tool: str, args: Any) -> str:
    """A stable id for a tool call from what it is (two identical calls share it)."""
    canonical = json.dumps({"name": tool, "args": args}, sort_keys=True, separators=(",", ":"))
    return "gemini-call-" + hashlib.sha256(canonical.encode()).hexdigest()[:24]


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
    tool_input = payload.get("tool_input")
    if tool_input is not None and not isinstance(tool_input, dict):
        tool_input = {"value": tool_input}
    response = payload.get("tool_response")
    error = response.get("error") if isinstance(response, dict) else None
    prompt = payload.get("prompt")
    return Event(
        session_id=session_id,
        kind=KINDS.get(native, EventKind.OTHER),
        agent=AGENT,
        native_name=native,
        time=time.time(),
        tool=tool if isinstance(tool, str) and tool else None,
        tool_use_id=call_key(tool, payload.get("tool_input")) if isinstance(tool, str) else None,
        tool_input=tool_input or {},
        tool_output=response,
        prompt=prompt if isinstance(prompt, str) else None,
        error=error if isinstance(error, str) else (json.dumps(error) if error else None),
        cwd=str(payload.get("cwd") or ""),
        transcript_path=str(payload.get("transcript_path") or ""),
        raw=payload,
    )
