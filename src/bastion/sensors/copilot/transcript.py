"""Unchecked actions: tool calls in Copilot CLI's own session log that never reached our hook.

Copilot CLI keeps each session as JSON lines in
``~/.copilot/session-state/<session id>/events.jsonl`` (``transcriptPath`` on agentStop,
``transcript_path`` on Stop). A ``tool.execution_start`` record (``toolCallId``, ``toolName``,
``arguments``) is a call that ran. Hook payloads carry no call id, so calls are matched to our
decisions by ``payload.call_key`` (native name and arguments), counted: two identical calls
need two decisions. The log also records every hook run (``hook.start``), which is how
coverage can tell a hook that never ran from one that ran and was ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.core.events import Finding
from bastion.sensors.base import UNCHECKED_KIND, unchecked_finding, unmatched_calls
from bastion.sensors.copilot.payload import call_key

__all__ = [
    "FINDING_KIND",
    "NOT_HOOKED",
    "ToolCall",
    "read_tool_calls",
    "unchecked_actions",
    "unchecked_findings",
]

FINDING_KIND = UNCHECKED_KIND
# Copilot's own bookkeeping tools, which fire no tool hook.
NOT_HOOKED = ("report_intent", "update_todo", "think")


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    args: Any
    timestamp: str
    line: int

    @property
    def key(self) -> str:
        return call_key(self.name, self.args)


def read_tool_calls(path: str | Path) -> list[ToolCall]:
    calls: dict[str, ToolCall] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict) or record.get("type") != "tool.execution_start":
                continue
            data = record.get("data")
            if not isinstance(data, dict) or not data.get("toolCallId"):
                continue
            call_id = str(data["toolCallId"])
            if call_id not in calls:
                calls[call_id] = ToolCall(call_id, str(data.get("toolName") or ""),
                                          data.get("arguments"),
                                          str(record.get("timestamp") or ""), number)  # fmt: skip
    return list(calls.values())


def unchecked_actions(calls: Iterable[ToolCall], decided_ids: Iterable[str]) -> list[ToolCall]:
    """Calls of hooked tools without a recorded decision, matched by content."""
    hooked = [c for c in calls if c.name not in NOT_HOOKED]
    return unmatched_calls(hooked, decided_ids, key=lambda c: c.key)


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
            log="session log",
            key=c.key,
            causes="the hook file is missing or edited, the folder is untrusted, or the "
            "daemon lost the event",
        )
        for c in unchecked_actions(calls, decided_ids)
    ]
