"""``bastion install claude-code``: Bastion's hooks in Claude Code's settings.json, and out
again exactly.

Install keeps every existing setting and hook, adds ours once (running it twice changes
nothing), writes a timestamped backup first and never writes a file it could not parse
(`sensors/settings_files`). Uninstall removes only the hook entries whose command is ours,
and drops the containers it emptied, so install followed by uninstall gives back the same
settings. ``bastion doctor`` checks every settings file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError
from bastion.sensors.base import Installer, InstallOptions
from bastion.sensors.claude_code.payload import AGENT
from bastion.sensors.registry import files_of
from bastion.sensors.settings_files import (
    HOOK_TIMEOUT_SECONDS,
    hook_command,
    hook_entry,
    install_shim,
    is_ours,
    load_settings,
    remove,
    shim_path,
    write_settings,
)

__all__ = [
    "HOOK_EVENTS",
    "INSTALLER",
    "TOOL_EVENTS",
    "install",
    "install_managed",
    "merge",
    "settings_path",
    "uninstall",
]

# Every hook event Claude Code sends that Bastion decides or records, and those that take
# a tool matcher: declared by its sensor (``sensors/claude_code/files``).
HOOK_EVENTS = files_of(AGENT).hook_events
TOOL_EVENTS = files_of(AGENT).tool_events


def settings_path(scope: str, project_dir: Path) -> Path:
    """The settings file ``bastion install --scope`` writes, as Claude Code's sensor declares."""
    files = files_of(AGENT)
    if scope == "project":
        return project_dir / files.path_of("project")
    if scope == "local":
        return project_dir / files.path_of("project-local")
    if scope == "user":
        return Path.home() / files.path_of("user")
    raise ConfigError(f"unknown scope {scope!r}; use 'project', 'local' or 'user'")


def merge(settings: dict[str, Any], command: str) -> dict[str, Any]:
    """Settings with our hooks present exactly once per event (other hooks untouched)."""
    merged: dict[str, Any] = json.loads(json.dumps(settings))
    hooks = merged.setdefault("hooks", {})
    if not isinstance(hooks, dict):
        raise ConfigError('"hooks" in the settings is not an object; fix it by hand first')
    for event in HOOK_EVENTS:
        groups = hooks.setdefault(event, [])
        if not isinstance(groups, list):
            raise ConfigError(f'"hooks.{event}" is not a list; fix it by hand first')
        ours = {"type": "command", "command": command, "timeout": HOOK_TIMEOUT_SECONDS}
        found = False
        for group in groups:
            if not isinstance(group, dict):
                continue
            for i, entry in enumerate(group.get("hooks") or []):
                if is_ours(entry):
                    group["hooks"][i] = ours  # refresh the path, keep the position
                    found = True
        if not found:
            group = {"hooks": [ours]}
            if event in TOOL_EVENTS:
                group = {"matcher": "*", "hooks": [ours]}
            groups.append(group)
    return merged


def install(path: Path, home: Path | None) -> tuple[bool, Path | None]:
    """Install our hooks (and the home's shim); returns (changed, backup path)."""
    if home is not None:
        install_shim(shim_path(home), hook_entry(shim_path(home).parent))
    current = load_settings(path)
    merged = merge(current, hook_command(home))
    if merged == current:
        return False, None
    return True, write_settings(path, merged)


def install_managed(path: Path, command: str) -> tuple[bool, Path | None]:
    """System mode: our hooks in Claude Code's managed settings, and only managed hooks run.

    ``allowManagedHooksOnly`` makes Claude Code ignore hooks from user, project and local
    settings, so neither the agent nor a repository can add a hook that shadows ours.
    """
    current = load_settings(path)
    merged = merge(current, command)
    merged["allowManagedHooksOnly"] = True
    if merged == current:
        return False, None
    backup = write_settings(path, merged)
    os.chmod(path, 0o644)
    return True, backup


def uninstall(path: Path) -> tuple[bool, Path | None]:
    if not path.exists():
        return False, None
    current = load_settings(path)
    cleaned = remove(current)
    if cleaned == current:
        return False, None
    if not cleaned:
        # Only our hooks were there: the file was ours, so it goes (after a backup).
        backup = write_settings(path, cleaned)
        path.unlink()
        return True, backup
    return True, write_settings(path, cleaned)


def _uninstall(path: Path, _options: InstallOptions) -> tuple[bool, Path | None]:
    return uninstall(path)


INSTALLER = Installer(
    noun="settings", hooks_path=settings_path, install=install, uninstall=_uninstall,
    scopes=("project", "local", "user"),
)  # fmt: skip
