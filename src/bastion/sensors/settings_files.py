"""An agent's hook settings file as every installer writes it: read strictly, written
atomically after a timestamped backup, the shim our hook commands run, and those commands.

Each agent's installer (``sensors/<agent>/install``) merges its own layout with these, so
none of them ever writes a file it could not parse or read back. The command written is
never a virtualenv path: it runs an installer-owned shim (``<home>/bin/bastion-hook``, a
link to this installation's hook) with the home pinned, wrapped so that a missing or broken
target blocks instead of letting the call through (see ``bastion.hook.command``).
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

__all__ = [
    "HOOK_TIMEOUT_SECONDS",
    "MARKER",
    "hook_command",
    "hook_entry",
    "hook_target",
    "install_shim",
    "is_ours",
    "load_settings",
    "remove",
    "shim_path",
    "write_settings",
]

MARKER = "bastion-hook"
HOOK_TIMEOUT_SECONDS = 60


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
    """The command an agent runs (the default agent unless ``agent`` says otherwise): the
    shim with the home pinned, failures turned to blocks.

    Without a home (tests, old callers) the entry is this installation's hook itself.
    """
    if entry is None:
        entry = shim_path(home) if home is not None else hook_target()
    return hc.build(str(entry), ["--home", str(home)] if home is not None else [], agent=agent)


def load_settings(path: Path) -> dict[str, Any]:
    """A settings file's JSON object ({} when absent or empty); ConfigError, never a guess,
    when it cannot be read."""
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


def remove(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings without our hooks; containers that only held ours disappear.

    Claude Code, Gemini CLI and Codex share this layout (``hooks: {event: [{hooks: [...]}]}``),
    so their installers all remove through this one function."""
    cleaned: dict[str, Any] = json.loads(json.dumps(settings))
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
