"""The GitHub Copilot CLI sensor: both payload styles, replies, tools, session log, display.

Follows the Copilot CLI 1.0.102 hooks protocol (``.github/hooks/*.json``; docs/agents.md).
``SENSOR`` is what the registry hands out. ``rewrites_input`` is true: Copilot runs the
``modifiedArgs`` a preToolUse hook returns (measured).
"""

from __future__ import annotations

from bastion.sensors.base import PackageSensor, kinds_from
from bastion.sensors.copilot import display, payload, reply, tools, transcript
from bastion.sensors.copilot.payload import AGENT

__all__ = ["AGENT", "SENSOR"]


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
)
