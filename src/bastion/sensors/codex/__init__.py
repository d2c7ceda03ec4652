"""The Codex CLI sensor: its hook payloads, replies, tools, rollout file and display.

Follows the Codex 0.171 hooks protocol (``hooks.json``; docs/agents.md). ``SENSOR`` is what
the registry hands out. ``rewrites_input`` is true: Codex runs the ``updatedInput`` a
PreToolUse hook returns (measured).
"""

from __future__ import annotations

from bastion.sensors.base import PackageSensor, kinds_from
from bastion.sensors.codex import display, payload, reply, tools, transcript
from bastion.sensors.codex.payload import AGENT

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
