"""How a recorded Copilot CLI event reads in one line (``bastion show``, the console)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from bastion.core.events import clip
from bastion.sensors.copilot.tools import native_name

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
    if kind == "session_start":
        cwd = record.get("cwd")
        return f"session started in {cwd}" if cwd else "session started"
    if kind == "session_end":
        return "session ended"
    if kind == "stop":
        return "agent stopped"
    target = next((tool_input.get(k) for k in ("command", "path", "pattern", "url")
                   if tool_input.get(k)), "")  # fmt: skip
    prefix = "result of " if kind == "observation" else ""
    return f"{prefix}{tool}: {clip(str(target), width)}" if target else f"{prefix}{tool or kind}"


def input_diff(record: dict[str, Any]) -> str | None:
    """A unified diff for ``edit`` actions (old and new text are in the input)."""
    if native_name(str(record.get("tool") or "")) != "edit":
        return None
    ti = record.get("tool_input") or {}
    path = str(ti.get("path") or "file")
    old, new = str(ti.get("old_str") or ""), str(ti.get("new_str") or "")
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 path, path)  # fmt: skip
    return "".join(lines) or None


def file_diff(tool: Any, tool_input: Mapping[str, Any], output: Any) -> dict[str, Any] | None:
    """Copilot's hook results carry no before/after file text: none."""
    return None
