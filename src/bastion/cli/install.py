"""The default agent's installer as the CLI and system mode use it, and system mode's hook
command.

Claude Code's installer is its sensor's (``sensors/claude_code/install``) and the shared
writing of settings files is ``sensors/settings_files``; their names are re-exported here
for the callers that install the default agent (``bastion install``, ``demo``, ``doctor``,
system mode).
"""

from __future__ import annotations

from pathlib import Path

from bastion.hook import command as hc
from bastion.sensors.claude_code.install import (
    HOOK_EVENTS,
    TOOL_EVENTS,
    install,
    install_managed,
    merge,
    settings_path,
    uninstall,
)
from bastion.sensors.settings_files import (
    HOOK_TIMEOUT_SECONDS,
    MARKER,
    hook_command,
    hook_entry,
    hook_target,
    install_shim,
    is_ours,
    remove,
    shim_path,
    write_settings,
)

__all__ = [
    "HOOK_EVENTS",
    "HOOK_TIMEOUT_SECONDS",
    "MARKER",
    "TOOL_EVENTS",
    "hook_command",
    "hook_entry",
    "hook_target",
    "install",
    "install_managed",
    "install_shim",
    "is_ours",
    "merge",
    "remove",
    "settings_path",
    "shim_path",
    "system_hook_command",
    "uninstall",
    "write_settings",
]


def system_hook_command(shim: Path, socket: Path, uid: int) -> str:
    """System mode: the root-owned shim, the socket and the service user's uid pinned."""
    return hc.build(str(shim), ["--socket", str(socket), "--daemon-uid", str(uid)])
