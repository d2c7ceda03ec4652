"""Where Codex keeps the files that steer it: ``hooks.json`` and ``config.toml``.

Both sit in the user's Codex home (``$CODEX_HOME``, ``~/.codex`` by default) and in a
project's ``.codex`` directory; ``config.toml`` holds the hooks' trust (``[hooks.state]``)
and an off switch (``[features] hooks``), so the guard protects it as hook wiring too.
"""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = ["CONFIG", "CONFIG_DIR", "FILES", "HOOKS"]

CONFIG_DIR = ".codex"
HOOKS = "hooks.json"
CONFIG = "config.toml"

FILES = AgentFiles(
    agent="codex",
    config_dir=CONFIG_DIR,
    settings=(
        SettingsFile("project", f"{CONFIG_DIR}/{HOOKS}"),
        SettingsFile("project", f"{CONFIG_DIR}/{CONFIG}"),
        SettingsFile("user", f"{CONFIG_DIR}/{HOOKS}"),
        SettingsFile("user", f"{CONFIG_DIR}/{CONFIG}"),
    ),
    mcp_configs=(  # ``[mcp_servers.<name>]`` tables
        SettingsFile("project", f"{CONFIG_DIR}/{CONFIG}"),
        SettingsFile("user", f"{CONFIG_DIR}/{CONFIG}"),
    ),
    user_dir_env="CODEX_HOME",
    credentials=(f"{CONFIG_DIR}/auth.json",),
    credential_kind="codex-credentials",
    config_globs=(f"**/{CONFIG_DIR}/{CONFIG}", f"**/{CONFIG_DIR}/{HOOKS}"),
    tamper_paths=(f"~/{CONFIG_DIR}/", f"*/{CONFIG_DIR}/{CONFIG}", f"*/{CONFIG_DIR}/{HOOKS}"),
    guard_events=("SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse"),
    tool_events=("PreToolUse", "PermissionRequest", "PostToolUse"),
    hook_events=(
        "SessionStart",
        "UserPromptSubmit",
        "PreToolUse",
        "PermissionRequest",
        "PostToolUse",
        "Stop",
        "SubagentStart",
        "SubagentStop",
        "PreCompact",
        "PostCompact",
        "SessionEnd",
    ),
    pre_tool_events=("PreToolUse",),
    executables=("codex",),
    process_comms=("codex",),
    argv_names=("codex",),
    package_fragments=("@openai/codex",),
    env_marks=("CODEX_THREAD_ID=", "CODEX_TOOL_CALL_ID="),
    model_provider="OpenAI",
    inventory_hooks=(
        SettingsFile("user", f"{CONFIG_DIR}/{HOOKS}"),
        SettingsFile("user", f"{CONFIG_DIR}/{CONFIG}"),
        SettingsFile("project", f"{CONFIG_DIR}/{HOOKS}"),
        SettingsFile("project", f"{CONFIG_DIR}/{CONFIG}"),
    ),
    inventory_mcp=(
        SettingsFile("user", f"{CONFIG_DIR}/{CONFIG}"),
        SettingsFile("project", f"{CONFIG_DIR}/{CONFIG}"),
    ),
)
