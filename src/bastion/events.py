"""Compatibility name for ``bastion.core.events`` (the core types moved into ``core``)."""

from bastion.core.events import (
    POSSIBLE_INJECTION_RULE,
    Decision,
    Event,
    EventKind,
    Finding,
    Principal,
    Session,
    Severity,
    Verdict,
    clip,
    native_payload,
    new_id,
)

__all__ = [
    "POSSIBLE_INJECTION_RULE",
    "Decision",
    "Event",
    "EventKind",
    "Finding",
    "Principal",
    "Session",
    "Severity",
    "Verdict",
    "clip",
    "native_payload",
    "new_id",
]
