"""``bastion install copilot``: Bastion's hooks in a project's ``.github/hooks/bastion.json``.

Copilot CLI loads every ``.github/hooks/*.json`` of a trusted project (it has no user-level
hooks file), each ``{"version": 1, "hooks": {<event>: [{type, bash, timeoutSec}]}}``. Ours go
in a file of their own, so no other hooks file is touched; if that file already holds other
handlers, they are kept, and ``uninstall`` takes out exactly ours (the file too, when only
ours were in it). Choices, each measured (tests/e2e/test_agent_hook_semantics.py and
tests/e2e/test_copilot.py):

- the PascalCase events (``PreToolUse`` ...): their payloads name the event
  (``hook_event_name``); the camelCase ones do not, and the sensor would have to guess;
- ``timeoutSec`` 60, above the hook's own 30 s deadline (Copilot's default, 30, equals it,
  and a hook that times out lets the call run);
- the fail-closed wrapper of ``hook/command.py``: Copilot blocks on a crash too, but the
  wrapper keeps every failure a block whatever a build's docs say.
"""

from __future__ import annotations

from pathlib import Path

from bastion.errors import ConfigError
from bastion.sensors.base import AfterInstall, Installer, InstallOptions
from bastion.sensors.copilot import files as copilot_files
from bastion.sensors.flat_hooks import FlatHooks

__all__ = [
    "AGENT",
    "EVENTS",
    "FILE_NAME",
    "INSTALLER",
    "LAYOUT",
    "PRE_TOOL_EVENT",
    "TIMEOUT_S",
    "hooks_path",
    "install",
    "merge",
    "remove",
    "uninstall",
]

AGENT = "copilot"
EVENTS = copilot_files.FILES.hook_events
PRE_TOOL_EVENT = copilot_files.FILES.pre_tool_events[-1]  # the style our hooks file uses
TIMEOUT_S = 60
FILE_NAME = copilot_files.OUR_FILE
LAYOUT = FlatHooks(AGENT, EVENTS, command_key="bash", fields={"timeoutSec": TIMEOUT_S},
                   header={"version": 1}, lead={"type": "command"})  # fmt: skip
merge, remove, install, uninstall = LAYOUT.merge, LAYOUT.remove, LAYOUT.install, LAYOUT.uninstall


def hooks_path(scope: str, project_dir: Path) -> Path:
    if scope != "project":
        raise ConfigError(
            "Copilot CLI reads hooks only from a project's .github/hooks/; use --scope project"
        )
    return project_dir / copilot_files.HOOK_DIR / FILE_NAME


def _after_install(_path: Path, _options: InstallOptions) -> AfterInstall:
    return AfterInstall()


def _uninstall(path: Path, _options: InstallOptions) -> tuple[bool, Path | None]:
    return uninstall(path)


def _hooks_path(scope: str, project_dir: Path) -> Path:
    return hooks_path(scope, project_dir)


INSTALLER = Installer(
    noun="hooks", hooks_path=_hooks_path, install=install, uninstall=_uninstall,
    after_install=_after_install,
)  # fmt: skip
