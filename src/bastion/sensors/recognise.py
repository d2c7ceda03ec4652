"""Which agent wrote a recorded hook payload, for replays that mix agents.

A live hook is told its agent on its command line (``bastion-hook <agent>``); a replay file
is not. The agents' payloads overlap (Codex and Copilot's PascalCase style send Claude
Code's event names and tool names), so the event name alone cannot tell them apart. In
order, a payload is the agent's:

1. whose home directory holds the payload's ``transcript_path`` (each sensor's own
   ``agent_home``: ``~/.claude/projects``, ``~/.codex/sessions``, ``~/.gemini/tmp`` ...);
2. that read the previous payload, if it reads this one as a known event (a session's
   lines come together, so a payload without a transcript keeps its neighbours' agent);
3. among the sensors that read it as a known event: the default agent if it is one of
   them (the replay format's own agent), else the first in ``registry.AGENTS``.

A payload no sensor reads is the default agent's, whose error names what is missing.
"""

from __future__ import annotations

from typing import Any

from bastion.core.events import Event, EventKind
from bastion.errors import PayloadError
from bastion.sensors.base import Sensor
from bastion.sensors.registry import AGENTS, DEFAULT_AGENT, get_sensor

__all__ = ["Recogniser"]

# Agents whose payloads a replay can hold: the gateway's events are Bastion's own.
_NOT_RECORDED = frozenset({"mcp-gateway"})


def _known(sensor: Sensor, payload: dict[str, Any]) -> Event | None:
    try:
        event = sensor.to_event(dict(payload))
    except (PayloadError, TypeError, ValueError, AttributeError):
        return None
    return event if event.kind is not EventKind.OTHER else None


class Recogniser:
    """Reads each payload with its agent's sensor; ``agent`` fixes one for every line."""

    def __init__(self, agent: str | None = None) -> None:
        self.fixed = get_sensor(agent) if agent else None  # PayloadError for an unknown name
        self.sensors = tuple(get_sensor(a) for a in AGENTS if a not in _NOT_RECORDED)
        self.default = get_sensor(DEFAULT_AGENT)
        self._last: Sensor | None = None

    def sensor_of(self, payload: dict[str, Any]) -> Sensor:
        """The sensor that should read ``payload`` (it may still refuse it)."""
        if self.fixed is not None:
            return self.fixed
        transcript = payload.get("transcript_path")
        if isinstance(transcript, str) and transcript:
            for sensor in self.sensors:
                if sensor.agent_home(transcript):
                    self._last = sensor
                    return sensor
        last = self._last
        if last is not None and _known(last, payload) is not None:
            return last
        readers = [s for s in self.sensors if _known(s, payload) is not None]
        if not readers:
            return self.default
        chosen = self.default if self.default in readers else readers[0]
        self._last = chosen
        return chosen

    def read(self, payload: dict[str, Any]) -> tuple[Sensor, Event]:
        """The payload as an event of its agent; ``PayloadError`` (from that sensor) if not."""
        sensor = self.sensor_of(payload)
        return sensor, sensor.to_event(payload)
