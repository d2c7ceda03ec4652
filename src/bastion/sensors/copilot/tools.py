"""GitHub Copilot CLI's tools in agent-neutral terms, in both of its vocabularies (1.0.102).

Its camelCase hook events name tools as the model does (``bash``, ``view``, ``create``,
``edit``, ``glob``, ``grep``); its PascalCase events use Claude Code's names for the same
tools (``Bash``, ``Read``, ``Write``, ``Edit``, ``Glob``, ``Grep``) but keep Copilot's input
keys (``path``, ``file_text``, ``old_str``). ``NATIVE`` maps the second to the first, so a call
is keyed the same whichever style reported it (and as Copilot's own session log names it).
"""

from __future__ import annotations

from bastion.core.tools import OTHER, ToolKind, ToolSpec

__all__ = [
    "MCP_PREFIX",
    "NATIVE",
    "SHELL_TOOL",
    "TOOLS",
    "agent_home",
    "mcp_tool",
    "native_name",
    "spec_of",
]

_PATH = ("path",)

TOOLS: dict[str, ToolSpec] = {
    "bash": ToolSpec(ToolKind.SHELL, command_key="command"),
    "view": ToolSpec(ToolKind.READ, path_key="path"),
    "create": ToolSpec(ToolKind.WRITE, path_key="path", quiet_keys=_PATH),
    "edit": ToolSpec(ToolKind.EDIT, path_key="path", quiet_keys=_PATH),
    "glob": ToolSpec(ToolKind.SEARCH, path_key="path", names_only=True),
    "grep": ToolSpec(ToolKind.SEARCH, path_key="path"),
    "web_fetch": ToolSpec(ToolKind.FETCH, url_key="url"),
    "task": ToolSpec(ToolKind.SUBAGENT),
}
# PascalCase events' tool names -> the native ones (recorded: tests/data/agents/copilot/).
NATIVE = {"Bash": "bash", "Read": "view", "Write": "create", "Edit": "edit", "Glob": "glob",
          "Grep": "grep", "WebFetch": "web_fetch", "Task": "task"}  # fmt: skip
SHELL_TOOL = "bash"
MCP_PREFIX = ""  # MCP tools are "<server>-<tool>": no prefix of their own


def native_name(tool: str) -> str:
    return NATIVE.get(tool, tool)


def spec_of(tool: str) -> ToolSpec:
    return TOOLS.get(native_name(tool), OTHER)


def mcp_tool(server: str, operation: str) -> str:
    """Copilot CLI's name for an MCP tool: ``<server>-<tool>`` (documented, not recorded)."""
    return f"{server}-{operation}"


_AGENT_DIR = "/.copilot/"


def agent_home(transcript_path: str) -> str:
    """The agent user's home, from ``~/.copilot/session-state/<id>/events.jsonl``."""
    if _AGENT_DIR in transcript_path:
        return transcript_path.split(_AGENT_DIR, 1)[0] or ""
    return ""
