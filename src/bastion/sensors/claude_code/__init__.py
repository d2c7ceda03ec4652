"""The Claude Code sensor: its hook payloads, replies, tools, transcripts and display.

Follows the Claude Code 2.x hooks protocol. ``SENSOR`` is what the registry hands out.
"""

from __future__ import annotations

from bastion.sensors.base import PackageSensor, kinds_from
from bastion.sensors.claude_code import display, payload, reply, tools, transcript
from bastion.sensors.claude_code.payload import AGENT
from bastion.sensors.claude_code.reply import MARK, explain

__all__ = ["AGENT", "MARK", "SENSOR", "explain"]


SENSOR = PackageSensor(
    name=AGENT,
    shell_tool=tools.SHELL_TOOL,
    rewrites_input=True,
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
    describe_event=display.describe_event,
)
