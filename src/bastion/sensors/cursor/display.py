"""How a recorded Cursor or Windsurf event reads in one line (``bastion show``, the console).

Both sensors give their actions input keys of Bastion's choosing (``command``, ``file_path``),
so one description serves both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bastion.core.events import clip

__all__ = [
    "describe_record",
    "file_diff",
    "input_diff",
]


def describe_record(record: dict[str, Any], width: int = 110) -> str:
    kind = record.get("kind")
    tool = record.get("tool") or ""
    tool_input = record.get("tool_input") or {}
    if kind == "prompt":
        return f"prompt: {clip(record.get('prompt') or '', width)}"
    if kind == "stop":
        return "agent stopped"
    if kind in ("session_start", "session_end"):
        return str(kind).replace("_", " ")
    target = tool_input.get("command") or tool_input.get("file_path") or ""
    prefix = "result of " if kind == "observation" else ""
    return f"{prefix}{tool}: {clip(str(target), width)}" if target else f"{prefix}{tool or kind}"


def input_diff(record: dict[str, Any]) -> str | None:
    edits = (record.get("tool_input") or {}).get("edits")
    if not isinstance(edits, list) or not edits:
        return None
    lines = []
    for edit in edits:
        if isinstance(edit, dict):
            lines += [f"-{line}" for line in str(edit.get("old_string") or "").splitlines()]
            lines += [f"+{line}" for line in str(edit.get("new_string") or "").splitlines()]
    return "\n".join(lines) or None


def file_diff(tool: Any, tool_input: Mapping[str, Any], output: Any) -> dict[str, Any] | None:
    return None
