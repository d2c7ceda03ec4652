"""How a recorded Codex event reads in one line (``bastion show``, the console)."""

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
    if kind == "session_start":
        cwd = record.get("cwd")
        return f"session started in {cwd}" if cwd else "session started"
    if kind == "session_end":
        return "session ended"
    if kind == "stop":
        return "agent stopped"
    prefix = "result of " if kind == "observation" else ""
    paths = tool_input.get("file_paths")
    if isinstance(paths, list) and paths:
        return f"{prefix}{tool}: {clip(', '.join(map(str, paths)), width)}"
    command = tool_input.get("command")
    if isinstance(command, str) and command:
        return f"{prefix}{tool}: {clip(command, width)}"
    return f"{prefix}{tool or kind}"


def input_diff(record: dict[str, Any]) -> str | None:
    """An ``apply_patch`` input is already a diff: show it as it is."""
    ti = record.get("tool_input") or {}
    if record.get("tool") == "apply_patch" and isinstance(ti.get("command"), str):
        return str(ti["command"]) or None
    return None


def file_diff(tool: Any, tool_input: Mapping[str, Any], output: Any) -> dict[str, Any] | None:
    """Codex's results are plain text with no before/after file content: none."""
    return None
