"""Claude Code's tools in agent-neutral terms: each native name to a ``ToolSpec``.

This table is the only place that knows Claude Code's tool names and input keys; every
other part asks the spec. A tool missing here (a new release's tool, a plug-in's) is
``ToolKind.OTHER``: recorded and judged by its arguments, never trusted as a known kind.
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

_FILE_KEYS = ("file_path", "notebook_path")

TOOLS: dict[str, ToolSpec] = {
    "Bash": ToolSpec(ToolKind.SHELL, command_key="command"),
    "BashOutput": OTHER,
    "KillShell": OTHER,
    "Read": ToolSpec(ToolKind.READ, path_key="file_path"),
    "NotebookRead": ToolSpec(ToolKind.READ, path_key="notebook_path"),
    "Grep": ToolSpec(ToolKind.SEARCH, path_key="path"),
    "Glob": ToolSpec(ToolKind.SEARCH, path_key="path", names_only=True),
    "LS": ToolSpec(ToolKind.SEARCH, path_key="path", names_only=True),
    "Write": ToolSpec(ToolKind.WRITE, path_key="file_path", quiet_keys=_FILE_KEYS),
    "Edit": ToolSpec(ToolKind.EDIT, path_key="file_path", quiet_keys=_FILE_KEYS),
    "MultiEdit": ToolSpec(ToolKind.EDIT, path_key="file_path", quiet_keys=_FILE_KEYS),
    "NotebookEdit": ToolSpec(ToolKind.EDIT, path_key="notebook_path", quiet_keys=_FILE_KEYS),
    "WebFetch": ToolSpec(ToolKind.FETCH, url_key="url"),
    "WebSearch": ToolSpec(ToolKind.FETCH, query_key="query"),
    "Task": ToolSpec(ToolKind.SUBAGENT),
    "Agent": ToolSpec(ToolKind.SUBAGENT),
    "TodoWrite": OTHER,
    "ExitPlanMode": OTHER,
    "SlashCommand": OTHER,
    "Skill": OTHER,
}

MCP_PREFIX = "mcp__"


def spec_of(tool: str) -> ToolSpec:
    """The spec of a Claude Code tool name; MCP tools are ``mcp__<server>__<operation>``."""
    spec = TOOLS.get(tool)
    if spec is not None:
        return spec
    if tool.startswith(MCP_PREFIX):
        parts = tool.split("__")
        return ToolSpec(
            ToolKind.MCP,
            server=parts[1] if len(parts) >= 3 else "",
            operation=parts[-1],
        )
    return OTHER


# Claude Code's shell tool (for a call Bastion builds itself, such as `bastion explain`).
SHELL_TOOL = "Bash"


def mcp_tool(server: str, operation: str) -> str:
    """The name Claude Code gives an MCP server's tool."""
    return f"{MCP_PREFIX}{server}__{operation}"


# Claude Code keeps its transcripts under <home>/.claude/ (projects/<dir>/<session>.jsonl).
_AGENT_DIR = "/.claude/"


def agent_home(transcript_path: str) -> str:
    """The agent user's home, from where Claude Code keeps transcripts (``~/.claude/...``).

    The daemon may run as another user, and a replay on another machine: paths such as
    ``~/.ssh`` must be judged against the agent's home, not ours. Empty when unknown.
    """
    if _AGENT_DIR in transcript_path:
        return transcript_path.split(_AGENT_DIR, 1)[0] or ""
    return ""
