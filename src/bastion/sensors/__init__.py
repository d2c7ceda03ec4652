"""Sensors translate each agent's native hook protocol to core events and verdicts back.

A sensor is a transport in the httpx sense: adding an agent means adding a module here,
never touching the engine. Each sensor exposes ``to_event`` and ``reply``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bastion.events import Event, Verdict


@dataclass(frozen=True, slots=True)
class NativeReply:
    """What the hook process must print and exit with, in the agent's own protocol."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0


class Sensor(Protocol):
    name: str

    def to_event(self, payload: dict[str, Any]) -> Event: ...

    def reply(self, event: Event, verdict: Verdict) -> NativeReply: ...

    def refuse(self, message: str) -> NativeReply: ...


def get_sensor(agent: str) -> Sensor:
    """The sensor for an agent name as given on the hook's command line."""
    from bastion.errors import PayloadError

    if agent in ("claude-code", "claude"):
        from bastion.sensors.claude_code import ClaudeCodeSensor

        return ClaudeCodeSensor()
    raise PayloadError(f"unknown agent {agent!r}; supported: claude-code")
