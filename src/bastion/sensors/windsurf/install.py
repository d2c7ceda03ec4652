"""``bastion install windsurf``: Bastion's hooks in Windsurf's ``hooks.json`` (from its docs).

Windsurf (Cascade) merges a system, a user and a workspace ``hooks.json``
(``sensors/windsurf/files.py``), each ``{"hooks": {<event>: [{"command": ...}]}}``
(https://docs.windsurf.com/windsurf/cascade/hooks; no client runs here, so this follows the
reference, unmeasured). A pre-hook blocks only by exiting with status 2,
which the fail-closed wrapper of ``hook/command.py`` turns every failure into; the reference
documents no timeout setting, so a hook that hangs is Windsurf's to end (``NOTES``).
"""

from __future__ import annotations

from pathlib import Path

from bastion.errors import ConfigError
from bastion.sensors.base import AfterInstall, Installer, InstallOptions
from bastion.sensors.flat_hooks import FlatHooks
from bastion.sensors.windsurf import files as windsurf_files

__all__ = [
    "AGENT",
    "EVENTS",
    "INSTALLER",
    "LAYOUT",
    "NOTES",
    "hooks_path",
    "install",
    "merge",
    "remove",
    "uninstall",
]

AGENT = "windsurf"
EVENTS = windsurf_files.FILES.hook_events
LAYOUT = FlatHooks(AGENT, EVENTS, fields={"show_output": False})
merge, remove, install, uninstall = LAYOUT.merge, LAYOUT.remove, LAYOUT.install, LAYOUT.uninstall
NOTES = (
    "Windsurf documents no hook timeout: what it does with a hook that never answers is not "
    "known here; the hook's own deadline (30 s) answers with a block before that.",
)


def hooks_path(scope: str, project_dir: Path, user_home: Path | None = None) -> Path:
    if scope == "project":
        return project_dir / windsurf_files.CONFIG_DIR / windsurf_files.HOOKS
    if scope == "user":
        return (user_home or Path.home()) / windsurf_files.USER
    if scope == "system":
        return Path(windsurf_files.SYSTEM)
    raise ConfigError(f"unknown scope {scope!r} for windsurf; use 'project', 'user' or 'system'")


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
