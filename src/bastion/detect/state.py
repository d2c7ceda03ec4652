"""Session state as detectors see it: the types live in ``bastion.core.state``; this module
keeps their old import names and restores a saved state with its secret fingerprints."""

from __future__ import annotations

from typing import Any

from bastion.core.state import Mode, Observed, SessionState, StateUpdate, UpdateOp
from bastion.detect.secrets import FingerprintSet

NORMAL = Mode.NORMAL
ASK_EVERYTHING = Mode.ASK_EVERYTHING
KILLED = Mode.KILLED
MODES = tuple(Mode)

__all__ = [
    "ASK_EVERYTHING",
    "KILLED",
    "MODES",
    "NORMAL",
    "Mode",
    "Observed",
    "SessionState",
    "StateUpdate",
    "UpdateOp",
    "load_state",
]


def load_state(data: dict[str, Any], fingerprint_key: bytes) -> SessionState:
    """A saved state with its fingerprints, keyed by ``fingerprint_key`` (never saved)."""
    saved = data.get("fingerprints")
    fingerprints = (
        FingerprintSet.from_state(saved, fingerprint_key)
        if saved
        else FingerprintSet(fingerprint_key)
    )
    return SessionState.from_dict(data, fingerprints)
