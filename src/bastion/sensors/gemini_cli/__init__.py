"""The Gemini CLI sensor: its hook payloads, replies, tools, chat log and display.

Follows the Gemini CLI 0.61 hooks protocol (``settings.json`` ``hooks``; docs/agents.md).
``SENSOR`` is what the registry hands out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bastion.core.events import Event, Finding, Verdict
from bastion.core.tools import ToolSpec
from bastion.sensors.base import NativeReply
from bastion.sensors.gemini_cli import display, payload, reply, tools, transcript
from bastion.sensors.gemini_cli.payload import AGENT

__all__ = ["AGENT", "SENSOR", "GeminiCliSensor"]


class GeminiCliSensor:
    """Gemini CLI's native protocol, tools and files in core terms."""

    name = AGENT
    shell_tool = tools.shell_tool()

    def to_event(self, data: dict[str, Any]) -> Event:
        return payload.to_event(data)

    def reply(self, event: Event, verdict: Verdict) -> NativeReply:
        return reply.reply(event, verdict)

    def refuse(self, message: str) -> NativeReply:
        return reply.refuse(message)

    def tool_spec(self, tool: str) -> ToolSpec:
        return tools.spec_of(tool)

    def mcp_tool(self, server: str, operation: str) -> str:
        return tools.mcp_tool(server, operation)

    def agent_home(self, transcript_path: str) -> str:
        return tools.agent_home(transcript_path)

    def unchecked_findings(self, transcript_path: str, decided_ids: Iterable[str]) -> list[Finding]:
        return transcript.unchecked_findings(transcript_path, decided_ids)

    def describe_record(self, record: dict[str, Any], width: int = 110) -> str:
        return display.describe_record(record, width)

    def input_diff(self, record: dict[str, Any]) -> str | None:
        return display.input_diff(record)

    def file_diff(
        self, tool: Any, tool_input: Mapping[str, Any], output: Any
    ) -> dict[str, Any] | None:
        return display.file_diff(tool, tool_input, output)


SENSOR = GeminiCliSensor()
