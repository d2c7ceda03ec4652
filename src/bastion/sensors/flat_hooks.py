"""Our handlers in a hooks file whose events map straight to lists of handlers.

Copilot CLI (``bash``), Cursor and Windsurf (``command``) keep hooks as
``{"hooks": {<event>: [<handler>, ...]}}``, no matcher groups in between. One ``FlatHooks``
describes an agent's layout; ``merge`` puts our handler in once per event after the others
(every other key and handler kept), ``remove`` takes out exactly ours and drops what it
emptied, so install then uninstall gives the file back (or no file, when it was ours alone).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError
from bastion.hook import command as hc
from bastion.sensors.settings_files import hook_entry, hook_target, install_shim, shim_path
from bastion.sensors.settings_files import load_settings as _load
from bastion.sensors.settings_files import write_settings as _write

__all__ = [
    "MARKER",
    "FlatHooks",
]

MARKER = "bastion-hook"


@dataclass(frozen=True, slots=True)
class FlatHooks:
    agent: str
    events: tuple[str, ...]
    command_key: str = "command"  # the handler field holding the shell command
    fields: dict[str, Any] = field(default_factory=dict)  # timeouts, fail-closed switches
    header: dict[str, Any] = field(default_factory=dict)  # top-level keys a new file needs
    lead: dict[str, Any] = field(default_factory=dict)  # handler fields before the command

    def handler(self, command: str) -> dict[str, Any]:
        return {**self.lead, self.command_key: command, **self.fields}

    def is_ours(self, handler: Any) -> bool:
        return isinstance(handler, dict) and MARKER in str(handler.get(self.command_key, ""))

    def merge(self, data: dict[str, Any], command: str) -> dict[str, Any]:
        merged: dict[str, Any] = json.loads(json.dumps(data))
        for key, value in self.header.items():
            merged.setdefault(key, value)
        hooks = merged.setdefault("hooks", {})
        if not isinstance(hooks, dict):
            raise ConfigError('"hooks" in the hooks file is not an object; fix it by hand first')
        ours = self.handler(command)
        for event in self.events:
            handlers = hooks.setdefault(event, [])
            if not isinstance(handlers, list):
                raise ConfigError(f'"hooks.{event}" is not a list; fix it by hand first')
            found = [i for i, h in enumerate(handlers) if self.is_ours(h)]
            for i in found:
                handlers[i] = dict(ours)
            if not found:
                handlers.append(dict(ours))
        return merged

    def remove(self, data: dict[str, Any]) -> dict[str, Any]:
        cleaned: dict[str, Any] = json.loads(json.dumps(data))
        hooks = cleaned.get("hooks")
        if not isinstance(hooks, dict):
            return cleaned
        for event in list(hooks):
            handlers = hooks[event]
            if not isinstance(handlers, list):
                continue
            kept = [h for h in handlers if not self.is_ours(h)]
            if kept:
                hooks[event] = kept
            elif handlers:
                del hooks[event]
        if not hooks:
            del cleaned["hooks"]
            if cleaned == self.header:
                return {}
        return cleaned

    def command(self, home: Path | None) -> str:
        entry = shim_path(home) if home is not None else hook_target()
        args = ["--home", str(home)] if home is not None else []
        return hc.build(str(entry), args, agent=self.agent)

    def install(self, path: Path, home: Path | None) -> tuple[bool, Path | None]:
        if home is not None:
            install_shim(shim_path(home), hook_entry(shim_path(home).parent))
        current = _load(path)
        merged = self.merge(current, self.command(home))
        if merged == current:
            return False, None
        return True, _write(path, merged)

    def uninstall(self, path: Path) -> tuple[bool, Path | None]:
        if not path.exists():
            return False, None
        current = _load(path)
        cleaned = self.remove(current)
        if cleaned == current:
            return False, None
        if not cleaned:  # the file was ours alone: it goes, leaving no backup behind
            path.unlink()
            return True, None
        return True, _write(path, cleaned)
