"""Shadow-AI inventory: the coding agents and MCP servers a machine has, and which are governed.

``take_inventory`` reads the files each agent reads (settings, hook files, MCP configuration)
for one user and, optionally, one project, asks each installed agent for its version, and
says for every agent and every MCP server whether Bastion governs it and the command that
would. It only reads: it never writes an agent's files and never starts an agent session.
"""

from __future__ import annotations

from bastion.inventory.model import AgentReport, HookFile, Inventory, McpServer
from bastion.inventory.scan import take_inventory

__all__ = ["AgentReport", "HookFile", "Inventory", "McpServer", "take_inventory"]
