"""Where Windsurf keeps its hooks: a workspace's ``.windsurf``, the user's and the system's."""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = ["CONFIG_DIR", "FILES", "HOOKS", "SYSTEM", "USER"]

CONFIG_DIR = ".windsurf"
HOOKS = "hooks.json"
USER = ".codeium/windsurf/hooks.json"
SYSTEM = "/etc/windsurf/hooks.json"

FILES = AgentFiles(
    agent="windsurf",
    instruction_files=(".windsurfrules",),
    instruction_dirs=(f"{CONFIG_DIR}/rules",),
    config_dir=CONFIG_DIR,
    settings=(
        SettingsFile("project", f"{CONFIG_DIR}/{HOOKS}"),
        SettingsFile("user", USER),
        SettingsFile("system", SYSTEM),
    ),
    guard_events=("pre_run_command", "pre_read_code", "pre_write_code", "pre_mcp_tool_use"),
    hook_events=(
        "pre_user_prompt",
        "pre_run_command",
        "pre_read_code",
        "pre_write_code",
        "pre_mcp_tool_use",
        "post_run_command",
        "post_read_code",
        "post_write_code",
        "post_mcp_tool_use",
        "post_cascade_response",
    ),
    pre_tool_events=("pre_run_command", "pre_read_code", "pre_write_code", "pre_mcp_tool_use"),
    executables=("windsurf",),
    inventory_hooks=(
        SettingsFile("system", SYSTEM),
        SettingsFile("user", USER),
        SettingsFile("project", f"{CONFIG_DIR}/{HOOKS}"),
    ),
    inventory_mcp=(SettingsFile("user", ".codeium/windsurf/mcp_config.json"),),
    config_globs=(f"**/{CONFIG_DIR}/{HOOKS}", f"~/{USER}"),
    tamper_paths=(f"*/{CONFIG_DIR}/{HOOKS}", f"~/{USER}", SYSTEM),
)
