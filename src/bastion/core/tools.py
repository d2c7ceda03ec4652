"""What kind of thing a tool call is, in words no agent owns.

Sensors map each agent's native tool names to a ``ToolSpec`` (``bastion.sensors``); every
other part asks the spec, never the name. The name itself is kept as an opaque label
(it is what the person sees and what rights and policies list), but no decision outside
``sensors/`` compares it with a literal.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "OTHER",
    "ToolKind",
    "ToolSpec",
]


class ToolKind(enum.StrEnum):
    """The agent-neutral kinds of tool calls."""

    SHELL = "shell"  # runs a command line
    READ = "read"  # reads one file
    WRITE = "write"  # writes a whole file
    EDIT = "edit"  # changes part of a file
    FETCH = "fetch"  # reaches the web (a URL, or a web search)
    SEARCH = "search"  # searches or lists local files
    SUBAGENT = "subagent"  # hands a task to another agent
    MCP = "mcp"  # a tool served by an MCP server
    OTHER = "other"  # anything else (to-do lists, plan mode, unknown tools)


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """How to read one tool's input, as its sensor describes it.

    ``path_key`` names the input holding the file or directory the call works on (empty:
    none; a missing value means the working directory for reads and searches).
    ``names_only``: the call lists names (a glob, a directory listing) and reveals no file
    content. ``command_key`` / ``url_key`` / ``query_key``: the input holding the command line /
    the URL / a search query.
    ``quiet_keys``: inputs that are not content (paths), left out of the text a write
    carries. ``server`` / ``operation``: an MCP tool's server and its own name.
    """

    kind: ToolKind
    path_key: str = ""
    names_only: bool = False
    command_key: str = ""
    url_key: str = ""
    query_key: str = ""
    quiet_keys: tuple[str, ...] = ()
    server: str = ""
    operation: str = ""

    @property
    def category(self) -> str:
        """The coarse action the policy sees (``Bastion::Action``)."""
        return _CATEGORY[self.kind]


_CATEGORY = {
    ToolKind.SHELL: "execute",
    ToolKind.READ: "read",
    ToolKind.SEARCH: "read",
    ToolKind.WRITE: "write",
    ToolKind.EDIT: "write",
    ToolKind.FETCH: "fetch",
    ToolKind.MCP: "mcp",
    ToolKind.SUBAGENT: "delegate",
    ToolKind.OTHER: "other",
}

OTHER = ToolSpec(ToolKind.OTHER)
