"""What a session is, in one vocabulary for the CLI, the console and the API.

``live``, ``ended``, ``killed`` or ``ask-everything``: containment wins over liveness for
a live session; an ended session is ``ended`` unless it was killed (a resumed session
stays killed, so that must stay visible). The store's ``normal`` mode is never shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

STATES = ("live", "ended", "killed", "ask-everything")


def session_state(row: Mapping[str, Any]) -> str:
    mode = row.get("mode") or "normal"
    if mode == "killed" or (mode != "normal" and not row.get("ended_at")):
        return str(mode)
    return "ended" if row.get("ended_at") else "live"
