"""The inventory's records: agents, the files that wire their hooks, their MCP servers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class HookFile:
    """One file an agent reads hooks from, and what it holds."""

    scope: str  # user, project, local, managed, system
    path: str
    exists: bool
    ours: list[str] = field(default_factory=list)  # events that run bastion-hook
    others: int = 0  # hook commands that are not ours
    problems: list[str] = field(default_factory=list)  # unreadable, hooks switched off, ...


@dataclass
class McpServer:
    """One MCP server an agent is configured to start or reach."""

    name: str
    source: str  # the file that configures it
    transport: str  # stdio or http
    target: str  # the command line or URL
    governed: bool
    govern_command: str


@dataclass
class AgentReport:
    """One coding agent: installed or not, its version, hook wiring, MCP servers, governance."""

    agent: str
    installed: bool
    executable: str
    version: str
    hook_state: str  # governed, not-fail-closed, disabled, other-hooks, none
    governed: bool
    govern_command: str
    supported: bool  # Bastion has a sensor for this agent
    hook_files: list[HookFile] = field(default_factory=list)
    mcp_servers: list[McpServer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def configured(self) -> bool:
        """Installed, or configured on this machine (a file of its exists)."""
        return self.installed or any(f.exists for f in self.hook_files) or bool(self.mcp_servers)


@dataclass
class Inventory:
    user_home: str
    project_dir: str
    agents: list[AgentReport]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for report, raw in zip(self.agents, data["agents"], strict=True):
            raw["configured"] = report.configured
        data["summary"] = {
            "agents_found": sum(1 for a in self.agents if a.configured),
            "agents_governed": sum(1 for a in self.agents if a.governed),
            "mcp_servers": sum(len(a.mcp_servers) for a in self.agents),
            "mcp_servers_governed": sum(
                1 for a in self.agents for s in a.mcp_servers if s.governed
            ),
        }
        return data
