"""Where Claude Code keeps the files that steer it (hooks, permissions, its login).

Claude Code reads hooks and permission settings from the project's ``settings.json`` and
``settings.local.json`` under ``.claude``, the user's ``settings.json`` and a managed file
(docs/agents.md). The hook-integrity watch (`bastion.identity.guard`), the guard's own ground
(`bastion.guard_paths`), ``bastion doctor`` and the path catalogues read this declaration.
"""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = [
    "CONFIG_DIR",
    "FILES",
]

CONFIG_DIR = ".claude"

FILES = AgentFiles(
    agent="claude-code",
    config_dir=CONFIG_DIR,
    settings=(
        SettingsFile("project", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("project-local", f"{CONFIG_DIR}/settings.local.json"),
        SettingsFile("user", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("managed", "/etc/claude-code/managed-settings.json"),
    ),
    also_guarded=(
        SettingsFile("user", f"{CONFIG_DIR}/settings.local.json"),
        SettingsFile("user", ".claude.json"),  # user-level MCP servers and project trust
        SettingsFile("managed", "/Library/Application Support/ClaudeCode/managed-settings.json"),
    ),
    credentials=(f"{CONFIG_DIR}/.credentials.json",),
    credential_kind="claude-credentials",
    guard_events=(
        "SessionStart",
        "UserPromptSubmit",
        "PreToolUse",
        "PermissionRequest",
        "PostToolUse",
    ),
    # Every event Claude Code 2.x sends that Bastion decides or records. Events past
    # SessionEnd decide nothing but are evidence: a changed directory, instructions loaded
    # from CLAUDE.md (a way in for injection), sub-agents, compaction, calls to tools that
    # were not available (seen only in PostToolBatch), denials by Claude Code itself.
    hook_events=(
        "SessionStart",
        "UserPromptSubmit",
        "PreToolUse",
        "PermissionRequest",
        "PostToolUse",
        "PostToolUseFailure",
        "Stop",
        "SubagentStop",
        "SessionEnd",
        "SubagentStart",
        "PostToolBatch",
        "PermissionDenied",
        "CwdChanged",
        "InstructionsLoaded",
        "PreCompact",
        "PostCompact",
        "Notification",
    ),
    tool_events=(
        "PreToolUse",
        "PermissionRequest",
        "PostToolUse",
        "PostToolUseFailure",
        "PermissionDenied",
    ),
    pre_tool_events=("PreToolUse",),
    executables=("claude",),
    process_comms=("claude", "claude-code"),
    argv_names=("claude", "claude.exe", "claude-code"),
    package_fragments=("@anthropic-ai/claude-code/",),
    env_marks=("CLAUDECODE=", "CLAUDE_CODE_ENTRYPOINT="),
    model_provider="Anthropic",
    inventory_hooks=(
        SettingsFile("user", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("project", f"{CONFIG_DIR}/settings.json"),
        SettingsFile("local", f"{CONFIG_DIR}/settings.local.json"),
        SettingsFile("managed", "/etc/claude-code/managed-settings.json"),
    ),
    inventory_mcp=(SettingsFile("user", ".claude.json"), SettingsFile("project", ".mcp.json")),
    config_globs=(
        f"**/{CONFIG_DIR}/settings.json",
        f"**/{CONFIG_DIR}/settings.local.json",
        f"~/{CONFIG_DIR}/settings.json",
        "~/.claude.json",
    ),
    tamper_paths=(
        f"*/{CONFIG_DIR}/settings.json",
        f"*/{CONFIG_DIR}/settings.local.json",
        f"*/{CONFIG_DIR}/hooks/",
        f"~/{CONFIG_DIR}/",
        "~/.claude.json",
        "*/.mcp.json",  # the project's MCP servers
        "/etc/claude-code/",
        "/Library/Application Support/ClaudeCode/",
    ),
    broad_dir=True,  # projects, transcripts, to-do lists beside the login
    mcp_configs=(  # ``mcpServers``, and in ~/.claude.json each ``projects[...].mcpServers``
        SettingsFile("project", ".mcp.json"),
        SettingsFile("user", ".claude.json"),
    ),
)
