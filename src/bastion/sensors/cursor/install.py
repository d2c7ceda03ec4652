"""``bastion install cursor``: Bastion's hooks in Cursor's ``hooks.json`` (from its docs).

Cursor reads ``hooks.json`` in a project's and the user's Cursor directory
(``sensors/cursor/files.py``), each
``{"version": 1, "hooks": {<event>: [{"command": ...}]}}`` (https://cursor.com/docs/agent/hooks;
no Cursor client runs here, so this follows the reference, unmeasured). Every handler of ours
sets ``failClosed: true``: by the reference a hook that crashes or times out otherwise lets
the action run. ``timeout`` (seconds) is above the hook's own 30 s deadline.
"""

from __future__ import annotations

from pathlib import Path

from bastion.errors import ConfigError
from bastion.sensors.base import AfterInstall, Installer, InstallOptions
from bastion.sensors.cursor import files as cursor_files
from bastion.sensors.flat_hooks import FlatHooks

__all__ = [
    "AGENT",
    "EVENTS",
    "INSTALLER",
    "LAYOUT",
    "NOTES",
    "TIMEOUT_S",
    "hooks_path",
    "install",
    "merge",
    "remove",
    "uninstall",
]

AGENT = "cursor"
EVENTS = cursor_files.FILES.hook_events
TIMEOUT_S = 60
LAYOUT = FlatHooks(AGENT, EVENTS, fields={"timeout": TIMEOUT_S, "failClosed": True},
                   header={"version": 1})  # fmt: skip
merge, remove, install, uninstall = LAYOUT.merge, LAYOUT.remove, LAYOUT.install, LAYOUT.uninstall
NOTES = (
    "Cursor's reference has no hook before a file edit: edits are recorded after the fact "
    "(afterFileEdit), not stopped; shell commands, MCP calls, file reads and prompts are.",
)


def hooks_path(scope: str, project_dir: Path, user_home: Path | None = None) -> Path:
    where = cursor_files.CONFIG_DIR
    if scope == "project":
        return project_dir / where / cursor_files.HOOKS
    if scope == "user":
        return (user_home or Path.home()) / where / cursor_files.HOOKS
    raise ConfigError(f"unknown scope {scope!r} for cursor; use 'project' or 'user'")


def _after_install(_path: Path, _options: InstallOptions) -> AfterInstall:
    return AfterInstall(notes=NOTES)


def _uninstall(path: Path, _options: InstallOptions) -> tuple[bool, Path | None]:
    return uninstall(path)


def _hooks_path(scope: str, project_dir: Path) -> Path:
    return hooks_path(scope, project_dir)


INSTALLER = Installer(
    noun="hooks", hooks_path=_hooks_path, install=install, uninstall=_uninstall,
    after_install=_after_install,
)  # fmt: skip
