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

import json
from pathlib import Path
from typing import Any

from bastion.cli.install import _load, hook_entry, hook_target, install_shim, shim_path
from bastion.cli.install import write_settings as _write
from bastion.errors import ConfigError
from bastion.hook import command as hc

AGENT = "copilot"
EVENTS = ("SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop", "SessionEnd")
PRE_TOOL_EVENT = "PreToolUse"
TIMEOUT_S = 60
MARKER = "bastion-hook"
FILE_NAME = "bastion.json"


def hooks_path(scope: str, project_dir: Path) -> Path:
    if scope != "project":
        raise ConfigError(
            "Copilot CLI reads hooks only from a project's .github/hooks/; use --scope project"
        )
    return project_dir / ".github" / "hooks" / FILE_NAME


def hook_command(home: Path | None) -> str:
    entry = shim_path(home) if home is not None else hook_target()
    return hc.build(str(entry), ["--home", str(home)] if home is not None else [], agent=AGENT)


def _is_ours(handler: Any) -> bool:
    return isinstance(handler, dict) and MARKER in str(handler.get("bash", ""))


def merge(data: dict[str, Any], command: str) -> dict[str, Any]:
    merged = json.loads(json.dumps(data))
    merged.setdefault("version", 1)
    hooks = merged.setdefault("hooks", {})
    if not isinstance(hooks, dict):
        raise ConfigError(f'"hooks" in {FILE_NAME} is not an object; fix it by hand first')
    ours = {"type": "command", "bash": command, "timeoutSec": TIMEOUT_S}
    for event in EVENTS:
        handlers = hooks.setdefault(event, [])
        if not isinstance(handlers, list):
            raise ConfigError(f'"hooks.{event}" in {FILE_NAME} is not a list; fix it by hand')
        found = [i for i, h in enumerate(handlers) if _is_ours(h)]
        for i in found:
            handlers[i] = dict(ours)
        if not found:
            handlers.append(dict(ours))
    return merged


def remove(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = json.loads(json.dumps(data))
    hooks = cleaned.get("hooks")
    if not isinstance(hooks, dict):
        return cleaned
    for event in list(hooks):
        handlers = hooks[event]
        if not isinstance(handlers, list):
            continue
        kept = [h for h in handlers if not _is_ours(h)]
        if kept:
            hooks[event] = kept
        elif handlers:
            del hooks[event]
    if not hooks:
        del cleaned["hooks"]
        if cleaned == {"version": 1}:
            return {}
    return cleaned


def install(path: Path, home: Path | None) -> tuple[bool, Path | None]:
    if home is not None:
        install_shim(shim_path(home), hook_entry(shim_path(home).parent))
    current = _load(path)
    merged = merge(current, hook_command(home))
    if merged == current:
        return False, None
    return True, _write(path, merged)


def uninstall(path: Path) -> tuple[bool, Path | None]:
    if not path.exists():
        return False, None
    current = _load(path)
    cleaned = remove(current)
    if cleaned == current:
        return False, None
    if not cleaned:  # the file was ours alone: it goes, with no backup left in the repository
        path.unlink()
        return True, None
    return True, _write(path, cleaned)
