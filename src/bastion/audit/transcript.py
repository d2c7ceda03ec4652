"""Compatibility name: the transcript parser is Claude Code's and lives with its sensor
(``bastion.sensors.claude_code.transcript``)."""

from bastion.sensors.claude_code.transcript import (
    FINDING_KIND,
    ToolCall,
    read_tool_calls,
    unchecked_actions,
    unchecked_findings,
)

__all__ = ["FINDING_KIND", "ToolCall", "read_tool_calls", "unchecked_actions", "unchecked_findings"]
