"""Guard integrity: are the agent's own safety settings what policy requires, and unchanged?

An agent reads hooks and permission settings from files in the project, the user's home
and a managed location; its sensor declares which (`bastion.sensors.base.AgentFiles`,
the default agent's here: Claude Code's). An agent (or a prompt injection) that
edits them can switch Bastion off for the next session, or for this one. This module
reads those files and reports what weakens the guard: ``bypassPermissions``, hooks
disabled, ``BASTION_*`` variables in the ``env`` block, Bastion's hook missing or altered
for an event it must see, a tool matcher narrowed so some tools escape. It also hashes
the guard-relevant parts (``hooks``, ``disableAllHooks``, ``permissions.defaultMode``,
``BASTION_*`` of ``env``) of every file: the hash is recorded at
SessionStart and any later difference is itself a finding.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.hook import command as hook_command
from bastion.sensors.registry import DEFAULT_AGENT, files_of

_FILES = files_of(DEFAULT_AGENT)
# Events Bastion must see to decide; the installer adds more, but these are required.
REQUIRED_EVENTS = _FILES.guard_events
TOOL_EVENTS = frozenset(_FILES.tool_events)
# Our hook as `bastion install` writes it: optional pinned home, the hook, the agent name.
_OUR_COMMAND = re.compile(
    r"^(BASTION_HOME=(?:'[^']*'|[^\s;&|`$()]+) )?(?:'[^']*bastion-hook'|[^\s;&|`$()']*bastion-hook)"
    rf" {re.escape(DEFAULT_AGENT)}$"
)
MARKER = "bastion-hook"
BYPASS = "bypassPermissions"


def settings_files(project_dir: str, user_home: str) -> list[tuple[str, Path]]:
    """``(scope, path)`` of each settings file the agent reads, for one project and home."""
    files: list[tuple[str, Path]] = []
    for f in _FILES.settings:
        path = f.at(project_dir, user_home)
        if path is not None:
            files.append((f.scope, Path(path)))
    return files


@dataclass(slots=True)
class GuardReport:
    """What the settings say now: a hash of the guard-relevant parts and what weakens it."""

    sha256: str
    issues: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # label -> path of files that exist

    @property
    def intact(self) -> bool:
        return not self.issues


def _relevant(data: dict[str, Any]) -> dict[str, Any]:
    permissions = data.get("permissions")
    mode = permissions.get("defaultMode") if isinstance(permissions, dict) else None
    env = data.get("env")
    return {
        "hooks": data.get("hooks"),
        "disableAllHooks": data.get("disableAllHooks"),
        "defaultMode": mode,
        # The env block reaches the hook process: BASTION_HOME, BASTION_ON_UNAVAILABLE...
        "env": guard_env(env) if isinstance(env, dict) else None,
    }


def guard_env(env: dict[str, Any]) -> dict[str, str] | None:
    """The entries of a settings ``env`` block that steer Bastion (``BASTION_*``)."""
    found = {str(k): str(v) for k, v in env.items() if str(k).upper().startswith("BASTION")}
    return found or None


def is_our_hook(command: str) -> bool:
    # The installer's current format (shim, pinned home, failures turned into blocks) or the
    # older bare form.
    return hook_command.is_ours(command) or bool(_OUR_COMMAND.match(command.strip()))


def inspect(
    project_dir: str, user_home: str, *, files: list[tuple[str, Path]] | None = None
) -> GuardReport:
    """Read the settings files and report; missing files are fine, unreadable ones are not."""
    parts: list[Any] = []
    issues: list[str] = []
    present: dict[str, str] = {}
    ours: dict[str, list[tuple[str, str]]] = {}  # event -> [(matcher, command)]
    for label, path in files if files is not None else settings_files(project_dir, user_home):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            parts.append([label, None])
            continue
        except OSError:
            issues.append(f"settings-unreadable:{label}")
            parts.append([label, "unreadable"])
            continue
        present[label] = str(path)
        try:
            data = json.loads(text) if text.strip() else {}
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError:
            issues.append(f"settings-unparseable:{label}")
            parts.append([label, hashlib.sha256(text.encode()).hexdigest()])
            continue
        relevant = _relevant(data)
        parts.append([label, relevant])
        if relevant["disableAllHooks"] is True:
            issues.append(f"hooks-disabled:{label}")
        if relevant["defaultMode"] == BYPASS:
            issues.append(f"bypass-permissions-default:{label}")
        for name in relevant["env"] or {}:
            issues.append(f"guard-env:{label}:{name}")
        hooks = relevant["hooks"]
        if not isinstance(hooks, dict):
            continue
        for event_name, groups in hooks.items():
            for group in groups if isinstance(groups, list) else []:
                if not isinstance(group, dict):
                    continue
                matcher = str(group.get("matcher", "") or "")
                for entry in group.get("hooks") or []:
                    command = str(entry.get("command", "")) if isinstance(entry, dict) else ""
                    if MARKER in command:
                        ours.setdefault(str(event_name), []).append((matcher, command))
    for event_name in REQUIRED_EVENTS:
        entries = ours.get(event_name, [])
        if not entries:
            issues.append(f"hook-missing:{event_name}")
            continue
        if not any(is_our_hook(cmd) for _, cmd in entries):
            issues.append(f"hook-altered:{event_name}")
        if event_name in TOOL_EVENTS and not any(m in ("", "*") for m, _ in entries):
            issues.append(f"hook-matcher-narrowed:{event_name}")
    digest = hashlib.sha256(
        json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    return GuardReport(digest, issues, present)


class GuardWatch:
    """``inspect`` behind a stat check, so an unchanged configuration costs a few stats.

    The reports are shared by the watches of one process, keyed by the directories and the
    files' stat stamps (inode, mtime, size): a new session in a project another session
    already watched reuses its report instead of reading and hashing the settings again
    (a session start's guard fingerprint), under the same check as a watch's next call.
    """

    SHARED_MAX = 256
    _shared: OrderedDict[tuple[str, str, tuple[Any, ...]], GuardReport] = OrderedDict()
    _shared_lock = threading.Lock()

    def __init__(self, project_dir: str, user_home: str) -> None:
        self.files = settings_files(project_dir, user_home)
        self.project_dir = project_dir
        self.user_home = user_home
        self._stamp: tuple[Any, ...] | None = None
        self._report: GuardReport | None = None

    def _stat(self) -> tuple[Any, ...]:
        out: list[Any] = []
        for _, path in self.files:
            try:
                st = os.stat(path)
                out.append((st.st_ino, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def report(self) -> GuardReport:
        stamp = self._stat()
        if self._report is None or stamp != self._stamp:
            self._report = self._shared_report(stamp)
            self._stamp = stamp
        return self._report

    def _shared_report(self, stamp: tuple[Any, ...]) -> GuardReport:
        key = (self.project_dir, self.user_home, stamp)
        with self._shared_lock:
            found = self._shared.get(key)
            if found is not None:
                self._shared.move_to_end(key)
                return found
        report = inspect(self.project_dir, self.user_home, files=self.files)
        with self._shared_lock:
            self._shared[key] = report
            while len(self._shared) > self.SHARED_MAX:
                self._shared.popitem(last=False)
        return report
