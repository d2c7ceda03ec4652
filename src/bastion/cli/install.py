"""Merge Bastion's hooks into Claude Code's settings.json, and take them out again exactly.

Install keeps every existing setting and hook, adds ours once (running it twice changes
nothing), writes a timestamped backup first and never writes a file it could not parse.
Uninstall removes only the hook entries whose command is ours, and drops the containers
it emptied, so install followed by uninstall gives back the same settings.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError

# Every hook event Claude Code 2.x sends that Bastion decides or records. Events past
# SessionEnd decide nothing but are evidence: a changed directory, instructions loaded
# from CLAUDE.md (a way in for injection), sub-agents, compaction, calls to tools that
# were not available (seen only in PostToolBatch), denials by Claude Code itself.
HOOK_EVENTS = (
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
)
TOOL_EVENTS = (
    "PreToolUse",
    "PermissionRequest",
    "PostToolUse",
    "PostToolUseFailure",
    "PermissionDenied",
)
MARKER = "bastion-hook"
HOOK_TIMEOUT_SECONDS = 60


def settings_path(scope: str, project_dir: Path) -> Path:
    if scope == "project":
        return project_dir / ".claude" / "settings.json"
    if scope == "user":
        return Path.home() / ".claude" / "settings.json"
    raise ConfigError(f"unknown scope {scope!r}; use 'project' or 'user'")


def hook_command(home: Path | None) -> str:
    """The command Claude Code runs: our hook by absolute path, with the home pinned."""
    exe = shutil.which("bastion-hook") or str(Path(sys.executable).with_name("bastion-hook"))
    command = f"{shlex.quote(exe)} claude-code"
    if home is not None:
        command = f"BASTION_HOME={shlex.quote(str(home))} {command}"
    return command


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "fix it by hand first, Bastion will not overwrite a file it cannot read"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path} does not hold a JSON object; fix it by hand first")
    return data


def _is_ours(entry: Any) -> bool:
    return isinstance(entry, dict) and MARKER in str(entry.get("command", ""))


def merge(settings: dict[str, Any], command: str) -> dict[str, Any]:
    """Settings with our hooks present exactly once per event (other hooks untouched)."""
    merged = json.loads(json.dumps(settings))
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
                if _is_ours(entry):
                    group["hooks"][i] = ours  # refresh the path, keep the position
                    found = True
        if not found:
            group = {"hooks": [ours]}
            if event in TOOL_EVENTS:
                group = {"matcher": "*", "hooks": [ours]}
            groups.append(group)
    return merged


def remove(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings without our hooks; containers that only held ours disappear."""
    cleaned = json.loads(json.dumps(settings))
    hooks = cleaned.get("hooks")
    if not isinstance(hooks, dict):
        return cleaned
    for event in list(hooks):
        groups = hooks[event]
        if not isinstance(groups, list):
            continue
        kept_groups = []
        for group in groups:
            if isinstance(group, dict) and isinstance(group.get("hooks"), list):
                before = len(group["hooks"])
                group["hooks"] = [e for e in group["hooks"] if not _is_ours(e)]
                if not group["hooks"] and before:
                    continue
            kept_groups.append(group)
        if kept_groups:
            hooks[event] = kept_groups
        else:
            del hooks[event]
    if not hooks:
        del cleaned["hooks"]
    return cleaned


def write_settings(path: Path, data: dict[str, Any]) -> Path | None:
    """Write atomically after a backup; returns the backup's path (None for a new file)."""
    text = json.dumps(data, indent=2) + "\n"
    json.loads(text)  # never write what we could not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if path.exists():
        backup = path.with_name(f"{path.name}.bastion-backup-{time.strftime('%Y%m%d-%H%M%S')}")
        n = 1
        while backup.exists():
            backup = backup.with_name(f"{backup.name}-{n}")
            n += 1
        shutil.copy2(path, backup)
    tmp = path.with_name(path.name + ".bastion-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return backup


def install(path: Path, home: Path | None) -> tuple[bool, Path | None]:
    """Install our hooks; returns (changed, backup path)."""
    current = _load(path)
    merged = merge(current, hook_command(home))
    if merged == current:
        return False, None
    return True, write_settings(path, merged)


def uninstall(path: Path) -> tuple[bool, Path | None]:
    if not path.exists():
        return False, None
    current = _load(path)
    cleaned = remove(current)
    if cleaned == current:
        return False, None
    if not cleaned:
        # Only our hooks were there: the file was ours, so it goes (after a backup).
        backup = write_settings(path, cleaned)
        path.unlink()
        return True, backup
    return True, write_settings(path, cleaned)
