"""Hook payload bytes to a core ``Event``, or a typed refusal saying what was wrong.

Every way a payload can be unreadable (empty, not JSON, not an event the sensor knows)
becomes ``UnreadablePayload``, with the words recorded in the log and the words told to
the agent; the engine records the first and answers closed with the second.
"""

from __future__ import annotations

import json

from bastion.core.events import Event
from bastion.errors import PayloadError
from bastion.sensors.base import Sensor

__all__ = [
    "UnreadablePayload",
    "read_payload",
]


class UnreadablePayload(PayloadError):
    """A payload no decision can be made on; it is refused and recorded."""

    def __init__(self, recorded: str, told: str) -> None:
        super().__init__(told)
        self.recorded = recorded
        self.told = told


def read_payload(sensor: Sensor, payload: bytes) -> Event:
    """The event a hook payload describes; ``UnreadablePayload`` when there is none."""
    if not payload.strip():
        message = "empty hook payload on stdin; nothing to decide, denied to be safe"
        raise UnreadablePayload(message, message)
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, ValueError) as exc:
        message = (
            f"hook payload is not valid JSON ({type(exc).__name__} at byte "
            f"{getattr(exc, 'pos', '?')}); denied to be safe"
        )
        raise UnreadablePayload(message, message) from exc
    try:
        return sensor.to_event(data)
    except PayloadError as exc:
        raise UnreadablePayload(str(exc), f"{exc}; denied to be safe") from exc
