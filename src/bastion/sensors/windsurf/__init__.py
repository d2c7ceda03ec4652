"""The Windsurf (Cascade) sensor, built from its hook documentation (no client runs here).

``SENSOR`` is what the registry hands out. Display and the (absent) session-log check are
shared with the Cursor sensor: both describe actions under input keys of Bastion's choosing.
"""

from __future__ import annotations

from bastion.sensors.base import PackageSensor
from bastion.sensors.cursor import display, transcript
from bastion.sensors.windsurf import payload, reply, tools
from bastion.sensors.windsurf.payload import AGENT, RUN

__all__ = ["AGENT", "SENSOR"]

SENSOR = PackageSensor(
    name=AGENT,
    shell_tool=RUN,
    rewrites_input=False,
    to_event=payload.to_event,
    event_kind=payload.kind_of,
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
