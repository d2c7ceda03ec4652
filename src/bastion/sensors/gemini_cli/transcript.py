"""Unchecked actions: tool calls in Gemini CLI's own chat log that never reached our hook.

Gemini CLI keeps each session as JSON lines under ``~/.gemini/tmp/<project>/chats/``
(``transcript_path`` in every payload). A ``gemini`` message carries ``toolCalls``
(``id``, ``name``, ``args``, ``status``); the same message is written more than once as it
grows, so calls are taken once by their id. Hook payloads carry no call id, so a call is
matched to our decisions by ``payload.call_key`` (name and arguments), counted: two identical
calls need two decisions. Calls Gemini refused itself never ran and are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.core.events import Finding
from bastion.sensors.base import UNCHECKED_KIND, unchecked_finding, unmatched_calls
from bastion.sensors.gemini_cli.payload import call_key

__all__ = [
    "FINDING_KIND",
    "NOT_RUN",
    "ToolCall",
    "read_tool_calls",
    "unchecked_actions",
    "unchecked_findings",
]

FINDING_KIND = UNCHECKED_KIND
NOT_RUN = ("cancelled",)


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    args: Any
    status: str
    timestamp: str
    line: int

    @property
    def key(self) -> str:
        return call_key(self.name, self.args)


def read_tool_calls(path: str | Path) -> list[ToolCall]:
    """Every distinct tool call of a chat log, in order (unreadable lines skipped)."""
    calls: dict[str, ToolCall] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict) or record.get("type") != "gemini":
                continue
            for call in record.get("toolCalls") or []:
                if not isinstance(call, dict) or not call.get("id"):
                    continue
                calls[str(call["id"])] = ToolCall(
                    id=str(call["id"]),
                    name=str(call.get("name") or ""),
                    args=call.get("args"),
                    status=str(call.get("status") or ""),
                    timestamp=str(call.get("timestamp") or record.get("timestamp") or ""),
                    line=calls[str(call["id"])].line if str(call["id"]) in calls else number,
                )
    return list(calls.values())


def unchecked_actions(calls: Iterable[ToolCall], decided_ids: Iterable[str]) -> list[ToolCall]:
    """Calls that ran (not cancelled) without a recorded decision, matched by content."""
    ran = [c for c in calls if c.status not in NOT_RUN]
    return unmatched_calls(ran, decided_ids, key=lambda c: c.key)


def unchecked_findings(transcript_path: str | Path, decided_ids: Iterable[str]) -> list[Finding]:
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
            log="chat log",
            key=c.key,
            causes="the hook was switched off, not installed for this tool, or the daemon "
            "lost the event",
        )
        for c in unchecked_actions(calls, decided_ids)
    ]
