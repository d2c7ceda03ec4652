"""How a recorded Claude Code event reads in one line (``bastion show``, the console).

It knows Claude Code's input keys (``command``, ``file_path``, ``url``, ...), so it lives
with the sensor; other parts call ``sensors.sensor_for_record(agent).describe_record``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from bastion.core.events import clip

__all__ = [
    "MAX_DIFF_CHARS",
    "WRITE_TOOLS",
    "describe_event",
    "describe_record",
    "file_diff",
    "input_diff",
]

WRITE_TOOLS = ("Write", "Edit", "MultiEdit", "NotebookEdit")
MAX_DIFF_CHARS = 200_000


def describe_event(record: dict[str, Any]) -> str | None:
    """Words for Claude Code's ``PostToolBatch`` (a turn's finished calls, which Bastion
    records as ``OTHER``): how many calls and the first tools' names; ``None`` for others."""
    if record.get("native_name") != "PostToolBatch":
        return None
    raw = record.get("raw") or {}
    listed_calls = raw.get("tool_calls")
    calls: list[Any] = listed_calls if isinstance(listed_calls, list) else []
    names = [str(c.get("tool_name")) for c in calls if isinstance(c, dict)]
    listed = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
    return f"turn finished: {len(names)} tool call(s)" + (f" ({listed})" if names else "")


def describe_record(record: dict[str, Any], width: int = 110) -> str:
    """One line saying what a recorded event was: the command, the path, the prompt."""
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
    target = (
        tool_input.get("command")
        or tool_input.get("file_path")
        or tool_input.get("url")
        or tool_input.get("pattern")
        or tool_input.get("query")
        or tool_input.get("prompt")
        or ""
    )
    prefix = "result of " if kind == "observation" else ""
    if target:
        return f"{prefix}{tool}: {clip(str(target), width)}"
    return f"{prefix}{tool or kind}"


def input_diff(event: dict[str, Any]) -> str | None:
    """A unified diff for Write, Edit and MultiEdit actions, from their input alone."""
    tool = event.get("tool")
    ti = event.get("tool_input") or {}
    path = str(ti.get("file_path") or "file")
    pairs: list[tuple[str, str]] = []
    if tool == "Edit":
        pairs = [(str(ti.get("old_string") or ""), str(ti.get("new_string") or ""))]
    elif tool == "MultiEdit":
        pairs = [
            (str(e.get("old_string") or ""), str(e.get("new_string") or ""))
            for e in ti.get("edits") or []
            if isinstance(e, dict)
        ]
    elif tool == "Write":
        pairs = [("", str(ti.get("content") or ""))]
    else:
        return None
    out: list[str] = []
    for old, new in pairs:
        out.extend(
            difflib.unified_diff(
                old.splitlines(), new.splitlines(), f"a{path}", f"b{path}", lineterm="", n=2
            )
        )
    text = "\n".join(out)
    return text[:20000] if text else None


def file_diff(tool: Any, tool_input: Mapping[str, Any], output: Any) -> dict[str, Any] | None:
    """The unified diff a Write or Edit made, from what was stored of its input and result."""
    if tool not in WRITE_TOOLS:
        return None
    out = output if isinstance(output, dict) else {}
    path = str(out.get("filePath") or tool_input.get("file_path") or "")
    before = out.get("originalFile")
    if tool == "Write":
        after = out.get("content", tool_input.get("content"))
    else:
        old = out.get("oldString", tool_input.get("old_string"))
        new = out.get("newString", tool_input.get("new_string"))
        if not isinstance(old, str) or not isinstance(new, str):
            return None
        if isinstance(before, str) and old in before:
            replace_all = bool(out.get("replaceAll", tool_input.get("replace_all")))
            after = before.replace(old, new) if replace_all else before.replace(old, new, 1)
        else:
            # Only the edited fragment is known.
            before, after = old, new
    if not isinstance(after, str):
        return None
    before_text = before if isinstance(before, str) else ""
    lines = difflib.unified_diff(
        before_text.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a{path}" if before is not None else "/dev/null",
        tofile=f"b{path}",
    )
    text = "".join(lines)
    cut = len(text) > MAX_DIFF_CHARS
    return {
        "path": path,
        "created": before is None,
        "diff": text[:MAX_DIFF_CHARS],
        "truncated": cut,
    }
