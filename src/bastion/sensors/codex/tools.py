"""Codex CLI's tools in agent-neutral terms, as its hooks name them (Codex 0.171).

Hooks see the shell tool (the model's ``exec_command``/``shell``) as ``Bash`` with
``{"command"}``; ``apply_patch`` keeps its name (the sensor reads the patched files into
``file_path``); MCP tools are ``mcp__<server>__<tool>``. Anything else is ``OTHER``.
"""

from __future__ import annotations

from bastion.core.tools import OTHER, ToolKind, ToolSpec

__all__ = [
    "MCP_PREFIX",
    "SHELL_TOOL",
    "TOOLS",
    "agent_home",
    "mcp_tool",
    "spec_of",
]

TOOLS: dict[str, ToolSpec] = {
    "Bash": ToolSpec(ToolKind.SHELL, command_key="command"),
    "apply_patch": ToolSpec(ToolKind.EDIT, path_key="file_path", quiet_keys=("file_path",
                                                                              "file_paths")),
}  # fmt: skip

MCP_PREFIX = "mcp__"
SHELL_TOOL = "Bash"


def spec_of(tool: str) -> ToolSpec:
    spec = TOOLS.get(tool)
    if spec is not None:
        return spec
    if tool.startswith(MCP_PREFIX):
        parts = tool.split("__")
        return ToolSpec(ToolKind.MCP, server=parts[1] if len(parts) >= 3 else "",
                        operation=parts[-1])  # fmt: skip
    return OTHER


def mcp_tool(server: str, operation: str) -> str:
    """The name Codex's hooks give an MCP server's tool."""
    return f"{MCP_PREFIX}{server}__{operation}"


_AGENT_DIR = "/.codex/"


def agent_home(transcript_path: str) -> str:
    """The agent user's home, from where Codex keeps rollouts (``~/.codex/sessions/...``).

    Empty when ``CODEX_HOME`` points elsewhere: then the home cannot be told from the path.
    """
    if _AGENT_DIR in transcript_path:
        return transcript_path.split(_AGENT_DIR, 1)[0] or ""
    return ""
