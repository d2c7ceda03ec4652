"""The Gemini CLI sensor: its hook payloads, replies, tools, chat log and display.

Follows the Gemini CLI 0.61 hooks protocol (``settings.json`` ``hooks``; docs/agents.md).
``SENSOR`` is what the registry hands out.
"""

from __future__ import annotations

from bastion.sensors.base import PackageSensor, kinds_from
from bastion.sensors.gemini_cli import display, payload, reply, tools, transcript
from bastion.sensors.gemini_cli.payload import AGENT

__all__ = ["AGENT", "SENSOR"]


SENSOR = PackageSensor(
    name=AGENT,
    shell_tool=tools.shell_tool(),
    rewrites_input=False,
    to_event=payload.to_event,
    event_kind=kinds_from(payload.KINDS),
    reply=reply.reply,
    refuse=reply.refuse,
    tool_spec=tools.spec_of,
    mcp_tool=tools.mcp_tool,
    agent_home=tools.agent_home,
    unchecked_findings=transcript.unchecked_findings,
    describe_record=display.describe_record,
    input_diff=display.input_diff,
    file_diff=display.file_diff,
)
