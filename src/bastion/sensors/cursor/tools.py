"""Cursor's actions in agent-neutral terms, under the names ``payload`` gives them."""

from __future__ import annotations

from bastion.core.tools import OTHER, ToolKind, ToolSpec
from bastion.sensors.cursor.payload import EDIT, MCP_PREFIX, READ, SHELL

__all__ = [
    "TOOLS",
    "agent_home",
    "mcp_tool",
    "spec_of",
]

TOOLS: dict[str, ToolSpec] = {
    SHELL: ToolSpec(ToolKind.SHELL, command_key="command"),
    READ: ToolSpec(ToolKind.READ, path_key="file_path"),
    EDIT: ToolSpec(ToolKind.EDIT, path_key="file_path", quiet_keys=("file_path",)),
}


def spec_of(tool: str) -> ToolSpec:
    spec = TOOLS.get(tool)
    if spec is not None:
        return spec
    if tool.startswith(MCP_PREFIX):
        # The reference names the tool and the server's command or URL, never the server.
        return ToolSpec(ToolKind.MCP, operation=tool[len(MCP_PREFIX) :])
    return OTHER


def mcp_tool(server: str, operation: str) -> str:
    return MCP_PREFIX + operation


def agent_home(transcript_path: str) -> str:
    """Cursor's payloads name no file under the user's home: unknown."""
    return ""
