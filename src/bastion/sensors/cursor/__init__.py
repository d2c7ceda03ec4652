"""The Cursor sensor, built from Cursor's hook documentation (no client runs here to measure).

``SENSOR`` is what the registry hands out. ``rewrites_input`` is false: the reference lets a
command hook allow or deny, not change the input.
"""

from __future__ import annotations

from bastion.sensors.base import PackageSensor, kinds_from
from bastion.sensors.cursor import display, payload, reply, tools, transcript
from bastion.sensors.cursor.payload import AGENT, SHELL

__all__ = ["AGENT", "SENSOR"]

SENSOR = PackageSensor(
    name=AGENT,
    shell_tool=SHELL,
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
