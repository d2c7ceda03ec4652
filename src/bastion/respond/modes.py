"""Containment by a person (CLI, console): kill, ask-everything, release, block a tool.

Only a person releases: ``contain(state, NORMAL, ...)`` also unblocks the session's tools
and forgives its counted denials, so a released session starts its retries afresh.
"""

from __future__ import annotations

from bastion.core.state import Mode, SessionState
from bastion.detect import behaviour

# How a person's containment reads in an alert title ("normal" is the store's word only).
CONTAINMENT_WORDS: dict[str, str] = {
    Mode.NORMAL: "released",
    Mode.KILLED: "killed",
    Mode.ASK_EVERYTHING: "set to ask-everything",
}


def contain(state: SessionState, mode: str, reason: str, by: str) -> None:
    """Put a session in ``mode``; ``ValueError`` for a word that is not a mode."""
    if mode not in tuple(Mode):
        raise ValueError(f"unknown containment mode {mode!r}")
    if mode == Mode.NORMAL and state.mode != Mode.NORMAL:
        state.blocked_tools.clear()
        forgiven = behaviour.forgive_denials(state)
        if forgiven is not None:
            state.apply(forgiven)
    state.mode = Mode(mode)
    state.mode_reason = reason
    state.mode_by = by


def block_tool(state: SessionState, *, tool: str, blocked: bool) -> None:
    """Block (or unblock) one tool for the rest of a session."""
    if blocked:
        state.blocked_tools.add(tool)
    else:
        state.blocked_tools.discard(tool)
