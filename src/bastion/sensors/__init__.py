"""Sensors translate each agent's native hook protocol to core events and verdicts back.

A sensor is a transport in the httpx sense: adding an agent means adding a package here
and one line in ``registry.AGENTS``, never touching the engine. Each sensor exposes
``to_event``, ``reply``, ``refuse``, its tools as ``ToolSpec`` (``tool_spec``), where the
agent keeps its home and transcripts, and how a recorded event reads.
"""

from __future__ import annotations

from bastion.sensors.base import NativeReply, Sensor
from bastion.sensors.registry import AGENTS, get_sensor, sensor_for_record, tool_spec

__all__ = ["AGENTS", "NativeReply", "Sensor", "get_sensor", "sensor_for_record", "tool_spec"]
