"""Agents Bastion has no sensor for yet, but whose hook wiring it guards.

A project's or user's hook file of one of these can run a command on the developer's next
session or switch a hook off, so the guard's ground (`bastion.guard_paths`) protects them as
it does the files of the agents with a sensor (docs/agents.md says where each comes from).
When one of them gets a sensor, its declaration moves into that package.
"""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = ["OTHERS"]

OTHERS: tuple[AgentFiles, ...] = (
    AgentFiles(
        agent="codex",
        config_dir=".codex",
        settings=(
            SettingsFile("project", ".codex/hooks.json"),
            SettingsFile("project", ".codex/config.toml"),  # the hooks' trust, an off switch
            SettingsFile("user", ".codex/hooks.json"),
            SettingsFile("user", ".codex/config.toml"),
        ),
    ),
    AgentFiles(
        agent="cursor",
        config_dir=".cursor",
        settings=(
            SettingsFile("project", ".cursor/hooks.json"),
            SettingsFile("user", ".cursor/hooks.json"),
        ),
    ),
    AgentFiles(
        agent="windsurf",
        config_dir=".windsurf",
        settings=(
            SettingsFile("project", ".windsurf/hooks.json"),
            SettingsFile("user", ".codeium/windsurf/hooks.json"),
            SettingsFile("system", "/etc/windsurf/hooks.json"),
        ),
    ),
    AgentFiles(agent="copilot", hook_dirs=(".github/hooks",)),  # loads every *.json in it
)
