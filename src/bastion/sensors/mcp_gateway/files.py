"""The MCP gateway has no settings of its own: it is wired into the agents' MCP configuration
(`bastion install mcp`). A project's MCP server list is guarded against the agent's writes,
since one edit there would take a server out of the gateway for the next session; the user
files (``~/.claude.json``, ``~/.codex/config.toml``) are left to those agents' own ``files``."""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = ["FILES"]

FILES = AgentFiles(
    agent="mcp-gateway",
    also_guarded=(SettingsFile("project", ".mcp.json"),),
)
