"""Where GitHub Copilot CLI keeps its hooks: every ``*.json`` of a project's ``.github/hooks``.

It has no user-level hooks file; Bastion's own is ``bastion.json`` in that directory.
"""

from __future__ import annotations

from bastion.sensors.base import AgentFiles, SettingsFile

__all__ = ["FILES", "HOOK_DIR", "OUR_FILE"]

HOOK_DIR = ".github/hooks"
OUR_FILE = "bastion.json"

FILES = AgentFiles(
    agent="copilot",
    instruction_files=("copilot-instructions.md",),
    instruction_dirs=(".github/instructions", ".github/prompts"),
    hook_dirs=(HOOK_DIR,),
    guard_events=("SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse"),
    tool_events=("PreToolUse", "PostToolUse"),
    hook_events=(
        "SessionStart",
        "UserPromptSubmit",
        "PreToolUse",
        "PostToolUse",
        "Stop",
        "SessionEnd",
    ),
    pre_tool_events=("preToolUse", "PreToolUse"),  # both payload styles
    executables=("copilot",),
    # Its native process is named after its thread (MainThread), so not by comm.
    argv_names=("copilot",),
    package_fragments=("@github/copilot",),
    env_marks=("COPILOT_AGENT_SESSION_ID=", "COPILOT_CLI="),
    # Hooks: every ``*.json`` of ``hook_dirs`` in the project.
    inventory_mcp=(
        SettingsFile("user", ".copilot/mcp-config.json"),
        SettingsFile("project", ".vscode/mcp.json"),
    ),
    config_globs=(f"**/{HOOK_DIR}/*.json",),
    tamper_paths=(f"*/{HOOK_DIR}/",),
)
