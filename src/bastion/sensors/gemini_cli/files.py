"""Where Gemini CLI keeps the files that steer it (hooks and their switches).

Settings are merged from system defaults, the user's and the project's ``settings.json``
under ``.gemini`` and the system file (docs/agents.md); a project's file can switch a
user-level hook off (``hooksConfig``), so the guard protects it too.
"""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = [
    "CONFIG_DIR",
    "FILES",
]

CONFIG_DIR = ".gemini"

FILES = AgentFiles(
    agent="gemini-cli",
    instruction_files=("GEMINI.md",),
    instruction_dirs=(f"{CONFIG_DIR}/commands",),
    config_dir=CONFIG_DIR,
    settings=(
        SettingsFile("project", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("user", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("system", "/etc/gemini-cli/settings.json"),
        SettingsFile("system-defaults", "/etc/gemini-cli/system-defaults.json"),
    ),
    guard_events=("SessionStart", "BeforeAgent", "BeforeTool", "AfterTool"),
    hook_events=(
        "SessionStart",
        "BeforeAgent",
        "BeforeTool",
        "AfterTool",
        "AfterAgent",
        "SessionEnd",
    ),
    tool_events=("BeforeTool", "AfterTool"),
    pre_tool_events=("BeforeTool",),
    credentials=(f"{CONFIG_DIR}/oauth_creds.json",),
    credential_kind="gemini-oauth-token",
    executables=("gemini",),
    argv_names=("gemini",),
    package_fragments=("@google/gemini-cli/",),
    env_marks=("GEMINI_CLI=",),
    model_provider="Google",
    inventory_hooks=(
        SettingsFile("system-defaults", "/etc/gemini-cli/system-defaults.json"),
        SettingsFile("user", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("project", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("system", "/etc/gemini-cli/settings.json", "GEMINI_CLI_SYSTEM_SETTINGS_PATH"),
    ),
    inventory_mcp=(
        SettingsFile("user", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("project", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("system", "/etc/gemini-cli/settings.json"),
    ),
    config_globs=(f"**/{CONFIG_DIR}/settings.json",),
    tamper_paths=(f"*/{CONFIG_DIR}/settings.json", f"~/{CONFIG_DIR}/"),
    mcp_configs=(  # ``mcpServers`` in the same settings files
        SettingsFile("project", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("user", f"{CONFIG_DIR}/settings.json"),
    ),
)
