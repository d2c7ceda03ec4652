"""Merge Bastion's hooks into Claude Code's settings.json, and take them out again exactly.

Install keeps every existing setting and hook, adds ours once (running it twice changes
nothing), writes a timestamped backup first and never writes a file it could not parse.
Uninstall removes only the hook entries whose command is ours, and drops the containers
it emptied, so install followed by uninstall gives back the same settings.

The command written is never a virtualenv path: it runs an installer-owned shim
(``<home>/bin/bastion-hook``, a link to this installation's hook) with the home pinned,
wrapped so that a missing or broken target blocks instead of letting the call through
(see ``bastion.hook.command``). ``bastion doctor`` checks every settings file.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError
from bastion.hook import command as hc
from bastion.hook import native_build
from bastion.sensors.registry import DEFAULT_AGENT, files_of

# Every hook event Claude Code sends that Bastion decides or records, and those that take
# a tool matcher: declared by its sensor (``sensors/claude_code/files``).
HOOK_EVENTS = files_of(DEFAULT_AGENT).hook_events
TOOL_EVENTS = files_of(DEFAULT_AGENT).tool_events
MARKER = "bastion-hook"
HOOK_TIMEOUT_SECONDS = 60


def settings_path(scope: str, project_dir: Path) -> Path:
    """The settings file ``bastion install --scope`` writes, as Claude Code's sensor declares."""
    files = files_of("claude-code")
    if scope == "project":
        return project_dir / files.path_of("project")
    if scope == "local":
        return project_dir / files.path_of("project-local")
    if scope == "user":
        return Path.home() / files.path_of("user")
    raise ConfigError(f"unknown scope {scope!r}; use 'project', 'local' or 'user'")


def hook_target() -> Path:
    """This installation's hook script (the shim points here)."""
    beside = Path(sys.executable).with_name("bastion-hook")
    if beside.exists():
        return beside.absolute()
    found = shutil.which("bastion-hook")
    if found is None:
        raise ConfigError("bastion-hook is not installed beside bastion; reinstall Bastion")
    return Path(found).absolute()


def shim_path(home: Path) -> Path:
    """The installer-owned entry point of a personal home: survives venv rebuilds and moves."""
    return home / "bin" / "bastion-hook"


def hook_entry(bin_dir: Path) -> Path:
    """What the shim runs: the native client built into ``bin_dir``, else the Python hook.

    The native client hands a call to the Python hook (its path compiled in) only when no
    daemon answers; where no C compiler is available the Python hook is the hook.
    """
    target = hook_target()
    native = bin_dir / native_build.NATIVE_NAME
    if native_build.build(native, target) is not None:
        return native
    return target


def install_shim(shim: Path, target: Path) -> None:
    """Point ``shim`` at ``target`` (atomically; a link, so no extra process per call)."""
    shim.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = shim.with_name(shim.name + ".tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    os.replace(tmp, shim)


def hook_command(home: Path | None, *, entry: Path | None = None, agent: str = hc.AGENT) -> str:
    """The command an agent runs (Claude Code unless ``agent`` says otherwise): the shim
    with the home pinned, failures turned to blocks.

    Without a home (tests, old callers) the entry is this installation's hook itself.
    """
    if entry is None:
        entry = shim_path(home) if home is not None else hook_target()
    return hc.build(str(entry), ["--home", str(home)] if home is not None else [], agent=agent)


def system_hook_command(shim: Path, socket: Path, uid: int) -> str:
    """System mode: the root-owned shim, the socket and the service user's uid pinned."""
    return hc.build(str(shim), ["--socket", str(socket), "--daemon-uid", str(uid)])


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


def is_ours(entry: Any) -> bool:
    """A hook handler that runs our hook (its command names ``bastion-hook``)."""
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
                if is_ours(entry):
                    group["hooks"][i] = ours  # refresh the path, keep the position
                    found = True
        if not found:
            group = {"hooks": [ours]}
            if event in TOOL_EVENTS:
                group = {"matcher": "*", "hooks": [ours]}
            groups.append(group)
    return merged


def remove(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings without our hooks; containers that only held ours disappear.

    Claude Code, Gemini CLI and Codex share this layout (``hooks: {event: [{hooks: [...]}]}``),
    so their installers all remove through this one function."""
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
                group["hooks"] = [e for e in group["hooks"] if not is_ours(e)]
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
    """Install our hooks (and the home's shim); returns (changed, backup path)."""
    if home is not None:
        install_shim(shim_path(home), hook_entry(shim_path(home).parent))
    current = _load(path)
    merged = merge(current, hook_command(home))
    if merged == current:
        return False, None
    return True, write_settings(path, merged)


def install_managed(path: Path, command: str) -> tuple[bool, Path | None]:
    """System mode: our hooks in Claude Code's managed settings, and only managed hooks run.

    ``allowManagedHooksOnly`` makes Claude Code ignore hooks from user, project and local
    settings, so neither the agent nor a repository can add a hook that shadows ours.
    """
    current = _load(path)
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
