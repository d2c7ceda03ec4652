"""Unchecked actions: tool calls in Codex's own rollout file that never reached our hook.

Codex keeps each session as JSON lines at ``transcript_path``
(``$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl``). A ``response_item`` line whose
payload is a ``function_call`` (``name``, ``arguments``, ``call_id``), a ``custom_tool_call``
(``apply_patch``: ``input``) or a ``local_shell_call`` is a call the model made; the hook's
``tool_use_id`` is the same ``call_id``, so a call matches our decisions by id. Only the calls
Codex runs hooks for are counted (its shell tools, ``apply_patch``, MCP tools): a planning or
image tool that never fires a hook is not an ungoverned action.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bastion.core.events import Finding
from bastion.sensors.base import UNCHECKED_KIND, unchecked_finding, unmatched_calls

__all__ = [
    "CALL_TYPES",
    "FINDING_KIND",
    "HOOKED",
    "MCP_PREFIX",
    "ToolCall",
    "read_tool_calls",
    "unchecked_actions",
    "unchecked_findings",
]

FINDING_KIND = UNCHECKED_KIND
CALL_TYPES = ("function_call", "custom_tool_call", "local_shell_call")
# The model-side names of the tools Codex runs PreToolUse for (MCP tools aside).
HOOKED = ("exec_command", "shell", "local_shell", "container.exec", "apply_patch",
          "write_stdin")  # fmt: skip
MCP_PREFIX = "mcp__"


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    arguments: str
    timestamp: str
    line: int

    @property
    def hooked(self) -> bool:
        return self.name in HOOKED or self.name.startswith(MCP_PREFIX) or "__" in self.name


def read_tool_calls(path: str | Path) -> list[ToolCall]:
    """Every distinct tool call of a rollout file, in order (unreadable lines skipped)."""
    calls: dict[str, ToolCall] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict) or record.get("type") != "response_item":
                continue
            item = record.get("payload")
            if not isinstance(item, dict) or item.get("type") not in CALL_TYPES:
                continue
            call_id = str(item.get("call_id") or item.get("id") or "")
            if not call_id or call_id in calls:
                continue
            name = str(item.get("name") or ("local_shell" if "action" in item else ""))
            args = item.get("arguments", item.get("input", item.get("action", "")))
            calls[call_id] = ToolCall(
                id=call_id,
                name=name,
                arguments=args if isinstance(args, str) else json.dumps(args),
                timestamp=str(record.get("timestamp") or ""),
                line=number,
            )
    return list(calls.values())


def unchecked_actions(calls: Iterable[ToolCall], decided_ids: Iterable[str]) -> list[ToolCall]:
    """Calls of hooked tools without a recorded decision, matched by call id."""
    hooked = [c for c in calls if c.hooked]
    return unmatched_calls(hooked, decided_ids, key=lambda c: c.id)


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
            log="rollout",
            causes="the hook is untrusted, switched off, not installed, or the daemon lost "
            "the event",
        )
        for c in unchecked_actions(calls, decided_ids)
    ]
