"""The readable text inside a tool output, whatever its shape, for scanning.

Claude Code tool responses are nested JSON (Bash ``stdout``/``stderr``, Read
``file.content``, MCP ``[{"type": "text", "text"}]``). Detectors want the text an agent
reads, not bookkeeping fields such as paths and flags, and not the pre-edit copy of a
file that Edit echoes back (it was read, and scanned, when it was read).
"""

from __future__ import annotations

from typing import Any

SKIP_KEYS = frozenset(
    {
        "filePath",
        "type",
        "interrupted",
        "isImage",
        "noOutputExpected",
        "originalFile",
        "structuredPatch",
        "userModified",
        "replaceAll",
        "numLines",
        "startLine",
        "totalLines",
        "durationMs",
    }
)
MAX_PARTS = 500


def output_text(value: Any) -> str:
    """Every string of a tool output joined by newlines, skipping bookkeeping keys."""
    parts: list[str] = []
    stack: list[Any] = [value]
    while stack and len(parts) < MAX_PARTS:
        item = stack.pop()
        if isinstance(item, str):
            if item:
                parts.append(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in reversed(list(item.items())) if k not in SKIP_KEYS)
        elif isinstance(item, list | tuple):
            stack.extend(reversed(item))
    return "\n".join(parts)
