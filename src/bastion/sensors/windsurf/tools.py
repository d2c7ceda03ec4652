"""Windsurf's actions in agent-neutral terms, under the names ``payload`` gives them."""

from __future__ import annotations

from bastion.core.tools import OTHER, ToolKind, ToolSpec
from bastion.sensors.windsurf.payload import MCP_PREFIX, READ, RUN, WRITE

__all__ = [
    "TOOLS",
    "agent_home",
    "mcp_tool",
    "spec_of",
]

TOOLS: dict[str, ToolSpec] = {
    RUN: ToolSpec(ToolKind.SHELL, command_key="command"),
    READ: ToolSpec(ToolKind.READ, path_key="file_path"),
    WRITE: ToolSpec(ToolKind.EDIT, path_key="file_path", quiet_keys=("file_path",)),
}


def spec_of(tool: str) -> ToolSpec:
    spec = TOOLS.get(tool)
    if spec is not None:
        return spec
    if tool.startswith(MCP_PREFIX):
        server, _, operation = tool[len(MCP_PREFIX) :].partition(":")
        return ToolSpec(ToolKind.MCP, server=server, operation=operation)
    return OTHER


def mcp_tool(server: str, operation: str) -> str:
    return f"{MCP_PREFIX}{server}:{operation}"


def agent_home(transcript_path: str) -> str:
    return ""
