"""How a recorded Claude Code event reads in one line (``bastion show``, the console).

It knows Claude Code's input keys (``command``, ``file_path``, ``url``, ...), so it lives
with the sensor; other parts call ``sensors.sensor_for_record(agent).describe_record``.
"""

from __future__ import annotations

from typing import Any

from bastion.core.events import clip


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
