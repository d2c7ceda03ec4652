"""``bastion install gemini-cli``: Bastion's hooks in Gemini CLI's ``settings.json``.

Same layout as Claude Code's settings (``hooks.<Event>`` = groups of ``{type, command}``
handlers), so the merge keeps every other setting and hook, puts ours in once per event, and
``uninstall`` takes out exactly ours. Gemini-specific choices, each measured
(tests/e2e/test_agent_hook_semantics.py, docs/agents.md):

- the handler is named ``bastion`` (Gemini fingerprints project hooks by name and command);
- ``timeout`` is 60 000 ms, above the hook's own 30 s deadline: a hook that times out lets
  the call run in Gemini CLI;
- the command is the same fail-closed wrapper as Claude Code's (exit 2 blocks in Gemini CLI,
  a crash with exit 1 would not);
- after installing, the layers Gemini merges are checked for ``hooksConfig.enabled: false``
  and ``hooksConfig.disabled`` naming our hook, which silence it without a word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError
from bastion.sensors.base import AfterInstall, Installer, InstallOptions
from bastion.sensors.registry import files_of
from bastion.sensors.settings_files import hook_command as _shared_hook_command
from bastion.sensors.settings_files import (
    hook_entry,
    install_shim,
    is_ours,
    remove,
    shim_path,
    write_settings,
)
from bastion.sensors.settings_files import load_settings as _load

__all__ = [
    "AGENT",
    "EVENTS",
    "HOOK_NAME",
    "INSTALLER",
    "MARKER",
    "TIMEOUT_MS",
    "TOOL_EVENTS",
    "hook_command",
    "install",
    "merge",
    "settings_path",
    "silencers",
    "uninstall",
]

AGENT = "gemini-cli"
EVENTS = files_of(AGENT).hook_events
TOOL_EVENTS = files_of(AGENT).tool_events
HOOK_NAME = "bastion"
TIMEOUT_MS = 60_000
MARKER = "bastion-hook"


def settings_path(scope: str, project_dir: Path, user_home: Path | None = None) -> Path:
    """The settings file ``bastion install gemini-cli --scope`` writes (the sensor's word)."""
    files = files_of("gemini-cli")
    if scope == "project":
        return project_dir / files.path_of("project")
    if scope == "user":
        return (user_home or Path.home()) / files.path_of("user")
    raise ConfigError(f"unknown scope {scope!r} for gemini-cli; use 'project' or 'user'")


def hook_command(home: Path | None) -> str:
    return _shared_hook_command(home, agent=AGENT)


def merge(settings: dict[str, Any], command: str) -> dict[str, Any]:
    merged: dict[str, Any] = json.loads(json.dumps(settings))
    hooks = merged.setdefault("hooks", {})
    if not isinstance(hooks, dict):
        raise ConfigError('"hooks" in the Gemini settings is not an object; fix it by hand first')
    ours = {"type": "command", "command": command, "name": HOOK_NAME, "timeout": TIMEOUT_MS}
    for event in EVENTS:
        groups = hooks.setdefault(event, [])
        if not isinstance(groups, list):
            raise ConfigError(f'"hooks.{event}" is not a list; fix it by hand first')
        found = False
        for group in groups:
            handlers = group.get("hooks") if isinstance(group, dict) else None
            for i, handler in enumerate(handlers if isinstance(handlers, list) else []):
                if is_ours(handler):
                    handlers[i] = dict(ours)  # type: ignore[index]
                    found = True
        if not found:
            group = {"hooks": [dict(ours)]}
            if event in TOOL_EVENTS:
                group = {"matcher": "*", "hooks": [dict(ours)]}
            groups.append(group)
    return merged


def install(path: Path, home: Path | None) -> tuple[bool, Path | None]:
    if home is not None:  # the same shim (native client where it builds) as Claude Code's
        install_shim(shim_path(home), hook_entry(shim_path(home).parent))
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
    return True, write_settings(path, cleaned)


def silencers(project_dir: Path, user_home: Path | None = None) -> list[str]:
    """Settings in the layers Gemini merges that keep our hook from running."""
    home = user_home or Path.home()
    files = files_of("gemini-cli")
    # In the order Gemini CLI merges them: system defaults, user, project, system.
    layers = [
        Path(files.path_of("system-defaults")),
        home / files.path_of("user"),
        project_dir / files.path_of("project"),
        Path(files.path_of("system")),
    ]
    found = []
    for layer in layers:
        try:
            data = _load(layer)
        except ConfigError as exc:
            found.append(str(exc))
            continue
        config = data.get("hooksConfig")
        if not isinstance(config, dict):
            continue
        if config.get("enabled") is False:
            found.append(f"{layer}: hooksConfig.enabled is false, so no hook runs")
        disabled = config.get("disabled")
        if isinstance(disabled, list) and (
            HOOK_NAME in disabled or any(MARKER in str(d) for d in disabled)
        ):
            found.append(f"{layer}: hooksConfig.disabled names Bastion's hook, so it never runs")
    return found


def _after_install(_path: Path, options: InstallOptions) -> AfterInstall:
    """Gemini CLI settings that would silence our hooks, named as warnings."""
    return AfterInstall(warnings=tuple(silencers(options.project_dir)))


def _uninstall(path: Path, _options: InstallOptions) -> tuple[bool, Path | None]:
    return uninstall(path)


def _settings_path(scope: str, project_dir: Path) -> Path:
    return settings_path(scope, project_dir)


INSTALLER = Installer(
    noun="settings", hooks_path=_settings_path, install=install, uninstall=_uninstall,
    after_install=_after_install,
)  # fmt: skip
