"""Unchecked actions: tool calls in Claude Code's transcript that never reached our hook.

Claude Code writes each session's conversation as JSONL at ``transcript_path``. Every
``assistant`` line's ``message.content`` holds the model's ``tool_use`` blocks
(``id``, ``name``, ``input``), and a later ``user`` line the matching ``tool_result``
(``tool_use_id``, ``is_error``, ``content``). A call that ran must have been decided by
us first: its ``tool_use_id`` must be on a recorded PreToolUse event. Calls the client
itself refused before running them (``<tool_use_error>`` results, such as an unknown
tool) are not actions and are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.core.events import Finding
from bastion.sensors.base import UNCHECKED_KIND, unchecked_finding, unmatched_calls

__all__ = [
    "FINDING_KIND",
    "REFUSED_BY_CLIENT",
    "ToolCall",
    "read_tool_calls",
    "unchecked_actions",
    "unchecked_findings",
]

FINDING_KIND = UNCHECKED_KIND
REFUSED_BY_CLIENT = "<tool_use_error>"


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One tool call the transcript shows."""

    id: str
    name: str
    input: Any
    timestamp: str
    line: int
    sidechain: bool
    result: str | None
    """The tool result's text, or None when the transcript has no result for it."""
    is_error: bool

    @property
    def ran(self) -> bool:
        return not (self.is_error and (self.result or "").lstrip().startswith(REFUSED_BY_CLIENT))


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(c.get("text", "")) for c in content if isinstance(c, dict))
    return ""


def read_tool_calls(path: str | Path) -> list[ToolCall]:
    """Every distinct tool call of a transcript, in order, with its result if any.

    Unreadable lines are skipped: the transcript is the agent's file, not ours.
    """
    calls: dict[str, dict[str, Any]] = {}
    results: dict[str, tuple[str, bool]] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            message = record.get("message")
            content = message.get("content") if isinstance(message, dict) else None
            if not isinstance(content, list):
                continue
            for block in content:
                if not isinstance(block, dict):
                    continue
                if record.get("type") == "assistant" and block.get("type") == "tool_use":
                    call_id = str(block.get("id") or "")
                    if call_id and call_id not in calls:
                        calls[call_id] = {
                            "id": call_id,
                            "name": str(block.get("name") or ""),
                            "input": block.get("input"),
                            "timestamp": str(record.get("timestamp") or ""),
                            "line": number,
                            "sidechain": bool(record.get("isSidechain")),
                        }
                elif record.get("type") == "user" and block.get("type") == "tool_result":
                    call_id = str(block.get("tool_use_id") or "")
                    if call_id:
                        results[call_id] = (
                            _text(block.get("content")),
                            bool(block.get("is_error")),
                        )
    out = []
    for call_id, call in calls.items():
        text, is_error = results.get(call_id, (None, False))
        out.append(ToolCall(result=text, is_error=is_error, **call))
    return out


def unchecked_actions(calls: Iterable[ToolCall], decided_ids: Iterable[str]) -> list[ToolCall]:
    """Tool calls that ran without a recorded PreToolUse decision (matched by call id)."""
    return unmatched_calls([c for c in calls if c.ran], decided_ids, key=lambda c: c.id)


def unchecked_findings(transcript_path: str | Path, decided_ids: Iterable[str]) -> list[Finding]:
    """One ``unchecked-action`` finding per call that ran without our decision.

    The engine can call this at SessionEnd with the ``tool_use_id`` of the session's
    recorded PreToolUse events; a missing transcript yields no findings.
    """
    try:
        calls = read_tool_calls(transcript_path)
    except OSError:
        return []
    return [
        unchecked_finding(
            c.name,
            c.id,
            c.line,
            c.timestamp,
            log="transcript",
            where=", in a subagent" if c.sidechain else "",
            causes="the hook was bypassed, not installed for this tool, or the daemon lost "
            "the event",
            sidechain=c.sidechain,
        )
        for c in unchecked_actions(calls, decided_ids)
    ]
