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

from bastion.cli.install_flat import FlatHooks
from bastion.errors import ConfigError
from bastion.sensors.cursor import files as cursor_files

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
