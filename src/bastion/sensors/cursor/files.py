"""Where Cursor keeps its hooks: ``hooks.json`` in the user's and a project's ``.cursor``."""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = ["CONFIG_DIR", "FILES", "HOOKS"]

CONFIG_DIR = ".cursor"
HOOKS = "hooks.json"

FILES = AgentFiles(
    agent="cursor",
    instruction_files=(".cursorrules",),
    instruction_dirs=(f"{CONFIG_DIR}/rules",),
    config_dir=CONFIG_DIR,
    settings=(
        SettingsFile("project", f"{CONFIG_DIR}/{HOOKS}"),
        SettingsFile("user", f"{CONFIG_DIR}/{HOOKS}"),
    ),
    guard_events=("beforeShellExecution", "beforeMCPExecution", "beforeReadFile"),
    hook_events=(
        "beforeSubmitPrompt",
        "beforeShellExecution",
        "beforeMCPExecution",
        "beforeReadFile",
        "afterShellExecution",
        "afterMCPExecution",
        "afterFileEdit",
        "stop",
    ),
    pre_tool_events=("beforeShellExecution", "beforeMCPExecution", "beforeReadFile", "preToolUse"),
    executables=("cursor-agent", "cursor"),
    # Cursor's CLI agent only: a person's own terminal inside the IDE is not the agent's.
    argv_names=("cursor-agent",),
    inventory_hooks=(
        SettingsFile("user", f"{CONFIG_DIR}/{HOOKS}"),
        SettingsFile("project", f"{CONFIG_DIR}/{HOOKS}"),
    ),
    inventory_mcp=(
        SettingsFile("user", f"{CONFIG_DIR}/mcp.json"),
        SettingsFile("project", f"{CONFIG_DIR}/mcp.json"),
    ),
    config_globs=(f"**/{CONFIG_DIR}/{HOOKS}",),
    tamper_paths=(f"*/{CONFIG_DIR}/{HOOKS}", f"*/{CONFIG_DIR}/mcp.json", f"~/{CONFIG_DIR}/"),
)
