"""``bastion install codex``: Bastion's hooks in Codex's ``hooks.json``, and trusted.

Codex reads ``hooks.json`` beside each config layer (user: in ``$CODEX_HOME``, by default
the Codex directory of the home; project: in the project's Codex directory; where each is:
``sensors/codex/files.py``), laid out as Claude Code's
settings (``hooks.<Event>`` = groups of ``{type, command, timeout}`` handlers). The merge keeps
every other hook and key, puts ours in once per event as a group of its own at the end of
each list (so no existing hook moves and loses its trust), and ``uninstall`` takes out
exactly ours. Codex-specific choices, each measured (tests/e2e/test_agent_hook_semantics.py):

- ``timeout`` is 60 (seconds, an **integer**: a float makes Codex skip the whole file
  without a word), above the hook's own 30 s deadline: a hook that times out lets the call run;
- the command is the fail-closed wrapper of ``hook/command.py``: a crash (exit 1) or a
  missing hook (exit 127) lets the call run in Codex, exit 2 blocks;
- Codex skips a hook whose current hash is not trusted in ``config.toml``, silently, so the
  installer records trust for ours through Codex itself (``codex_trust``) and says so if it
  cannot; ``uninstall`` removes those trust records too (and keeps the trust of any hook our
  removal moved). ``bastion status`` asks Codex again (``trust.problems``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bastion.errors import BastionError, ConfigError
from bastion.sensors.base import AfterInstall, Installer, InstallOptions
from bastion.sensors.codex import files as codex_files
from bastion.sensors.codex import trust as ct
from bastion.sensors.settings_files import hook_command as _shared_hook_command
from bastion.sensors.settings_files import (
    hook_entry,
    install_shim,
    is_ours,
    remove,
    shim_path,
)
from bastion.sensors.settings_files import load_settings as _load
from bastion.sensors.settings_files import write_settings as _write

__all__ = [
    "AGENT",
    "EVENTS",
    "INSTALLER",
    "MARKER",
    "PRE_TOOL_EVENT",
    "TIMEOUT_S",
    "codex_home",
    "hook_command",
    "hooks_path",
    "install",
    "merge",
    "trust",
    "uninstall",
]

AGENT = "codex"
EVENTS = codex_files.FILES.hook_events
PRE_TOOL_EVENT = codex_files.FILES.pre_tool_events[0]
TIMEOUT_S = 60
MARKER = "bastion-hook"


def codex_home(user_home: Path | None = None) -> Path:
    env = os.environ.get("CODEX_HOME")
    if env and user_home is None:
        return Path(env)
    return (user_home or Path.home()) / codex_files.CONFIG_DIR


def hooks_path(scope: str, project_dir: Path, user_home: Path | None = None) -> Path:
    if scope == "project":
        return project_dir / codex_files.CONFIG_DIR / codex_files.HOOKS
    if scope == "user":
        return codex_home(user_home) / codex_files.HOOKS
    raise ConfigError(f"unknown scope {scope!r} for codex; use 'project' or 'user'")


def hook_command(home: Path | None) -> str:
    return _shared_hook_command(home, agent=AGENT)


def merge(settings: dict[str, Any], command: str) -> dict[str, Any]:
    """``hooks.json`` with our handler present exactly once per event."""
    merged: dict[str, Any] = json.loads(json.dumps(settings))
    hooks = merged.setdefault("hooks", {})
    if not isinstance(hooks, dict):
        raise ConfigError('"hooks" in Codex\'s hooks.json is not an object; fix it by hand first')
    ours = {"type": "command", "command": command, "timeout": TIMEOUT_S}
    for event in EVENTS:
        groups = hooks.setdefault(event, [])
        if not isinstance(groups, list):
            raise ConfigError(f'"hooks.{event}" in hooks.json is not a list; fix it by hand first')
        found = False
        for group in groups:
            handlers = group.get("hooks") if isinstance(group, dict) else None
            for i, handler in enumerate(handlers if isinstance(handlers, list) else []):
                if is_ours(handler):
                    handlers[i] = dict(ours)  # type: ignore[index]
                    found = True
        if not found:
            groups.append({"hooks": [dict(ours)]})
    return merged


def install(path: Path, home: Path | None) -> tuple[bool, Path | None]:
    """Write our hooks (and the home's shim); returns (changed, backup). Trust is separate."""
    if home is not None:
        install_shim(shim_path(home), hook_entry(shim_path(home).parent))
    current = _load(path)
    merged = merge(current, hook_command(home))
    if merged == current:
        return False, None
    return True, _write(path, merged)


def trust(path: Path, cwd: Path, codex_bin: str | None = None) -> list[ct.CodexHook]:
    """Record Codex's trust for our hooks in ``path``; ``ConfigError`` if any still won't run."""
    hooks = ct.trust(ct.find_codex(codex_bin), cwd, path, MARKER)
    not_running = [h for h in hooks if not h.runs]
    if not hooks:
        raise ConfigError(
            f"Codex does not list the hooks in {path} (a project's .codex/ layer loads only "
            "when Codex trusts the project: trust it in Codex, then run the install again)"
        )
    if not_running:
        names = [f"{h.key} ({h.trust}{'' if h.enabled else ', disabled'})" for h in not_running]
        raise ConfigError(
            f"Codex still would not run {', '.join(names)}; open /hooks in Codex to enable them"
        )
    return hooks


def uninstall(path: Path, cwd: Path, codex_bin: str | None = None) -> tuple[bool, Path | None]:
    """Take out our hooks and their trust records; other hooks keep theirs."""
    if not path.exists():
        return False, None
    current = _load(path)
    cleaned = remove(current)
    if cleaned == current:
        return False, None
    executable = ct.optional_codex(codex_bin)
    before: set[tuple[str, str]] = set()
    if executable is not None:
        before = ct.trusted_hashes(executable, cwd)
        ct.forget(executable, cwd, path, MARKER)
    if not cleaned:
        backup = _write(path, cleaned)
        path.unlink()
    else:
        backup = _write(path, cleaned)
    if executable is not None:
        ct.retrust(executable, cwd, before)
    return True, backup


def _after_install(path: Path, options: InstallOptions) -> AfterInstall:
    """Codex runs only hooks it trusts: ask it to trust ours, or say it will not run them."""
    try:
        trusted = trust(path, options.project_dir, options.agent_bin)
    except BastionError as exc:
        return AfterInstall(
            failure=str(exc),
            failure_then="Codex skips untrusted hooks without a word: Bastion does not govern "
            "it yet.",
        )
    return AfterInstall(
        done=(f"Codex trusts {len(trusted)} Bastion hook(s) (recorded in its config.toml)",)
    )


def _uninstall(path: Path, options: InstallOptions) -> tuple[bool, Path | None]:
    # Codex also forgets its trust of the hooks removed.
    return uninstall(path, options.project_dir, options.agent_bin)


def _hooks_path(scope: str, project_dir: Path) -> Path:
    return hooks_path(scope, project_dir)


INSTALLER = Installer(
    noun="hooks", hooks_path=_hooks_path, install=install, uninstall=_uninstall,
    after_install=_after_install,
)  # fmt: skip
