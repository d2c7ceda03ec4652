"""The MCP gateway has no settings of its own: it is wired into the agents' MCP configuration
(`bastion install mcp`), which those agents' own ``files`` declare."""

from __future__ import annotations

from bastion.sensors.base import AgentFiles

__all__ = ["FILES"]

FILES = AgentFiles(agent="mcp-gateway")
