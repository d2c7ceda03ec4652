"""Gemini CLI's tools in agent-neutral terms: each native name to a ``ToolSpec``.

Names and input keys as the 0.61 client declares them to the model (recorded in
tests/data/agents/gemini-cli/). MCP tools are ``mcp_<server>_<tool>``; as both parts may
hold underscores the split is a guess, so the server is taken up to the first underscore.
"""

from __future__ import annotations

from bastion.core.tools import OTHER, ToolKind, ToolSpec

__all__ = [
    "MCP_PREFIX",
    "TOOLS",
    "agent_home",
    "mcp_tool",
    "shell_tool",
    "spec_of",
]

_FILE = ("file_path",)

TOOLS: dict[str, ToolSpec] = {
    "run_shell_command": ToolSpec(ToolKind.SHELL, command_key="command"),
    "read_file": ToolSpec(ToolKind.READ, path_key="file_path"),
    "read_many_files": ToolSpec(ToolKind.READ),
    "write_file": ToolSpec(ToolKind.WRITE, path_key="file_path", quiet_keys=_FILE),
    "replace": ToolSpec(ToolKind.EDIT, path_key="file_path", quiet_keys=_FILE),
    "list_directory": ToolSpec(ToolKind.SEARCH, path_key="dir_path", names_only=True),
    "glob": ToolSpec(ToolKind.SEARCH, path_key="dir_path", names_only=True),
    "grep_search": ToolSpec(ToolKind.SEARCH, path_key="dir_path"),
    "search_file_content": ToolSpec(ToolKind.SEARCH, path_key="dir_path"),
    "web_fetch": ToolSpec(ToolKind.FETCH),  # URLs live inside a free-text "prompt"
    "google_web_search": ToolSpec(ToolKind.FETCH),
    "invoke_agent": ToolSpec(ToolKind.SUBAGENT),
}

MCP_PREFIX = "mcp_"


def spec_of(tool: str) -> ToolSpec:
    spec = TOOLS.get(tool)
    if spec is not None:
        return spec
    if tool.startswith(MCP_PREFIX) and tool.count("_") >= 2:
        server, _, operation = tool[len(MCP_PREFIX) :].partition("_")
        return ToolSpec(ToolKind.MCP, server=server, operation=operation)
    return OTHER


def mcp_tool(server: str, operation: str) -> str:
    """The name Gemini CLI gives an MCP server's tool."""
    return f"{MCP_PREFIX}{server}_{operation}"


def shell_tool() -> str:
    return "run_shell_command"


_AGENT_DIR = "/.gemini/"


def agent_home(transcript_path: str) -> str:
    """The agent user's home, from where Gemini CLI keeps chats (``~/.gemini/tmp/...``)."""
    if _AGENT_DIR in transcript_path:
        return transcript_path.split(_AGENT_DIR, 1)[0] or ""
    return ""
