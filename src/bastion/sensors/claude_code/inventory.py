"""What ``bastion inventory`` must know of Claude Code's own settings: the switch that stops
every hook, the MCP servers ``~/.claude.json`` keeps per project, and the scoped install."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bastion.sensors.base import InventoryRules

__all__ = ["RULES"]


def _switched_off(data: Mapping[str, Any], _path: Path) -> list[str]:
    if data.get("disableAllHooks") is True:
        return ["disableAllHooks is true: no hook runs"]
    return []


def _mcp_tables(data: Mapping[str, Any], project: Path | None) -> list[Any]:
    """The servers of one project, which the user file keeps under ``projects``."""
    projects = data.get("projects") if project is not None else None
    if not isinstance(projects, dict):
        return []
    entry = projects.get(str(project))
    return [entry.get("mcpServers")] if isinstance(entry, dict) else []


def _govern_command(agent: str, project: Path | None) -> str:
    where = f" --scope project --project-dir {project}" if project else " --scope user"
    return f"bastion install {agent}{where}"


RULES = InventoryRules(
    switched_off=_switched_off, mcp_tables=_mcp_tables, govern_command=_govern_command
)
