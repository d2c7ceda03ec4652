"""``bastion install mcp --agent A``: route an agent's MCP servers through the gateway.

Each stdio server entry ``{"command": C, "args": A, ...}`` becomes
``{"command": <bastion>, "args": ["mcp-proxy", "--home", H, "--name", N, "--", C, *A], ...}``;
every other key (``env``, ``cwd``, ``type``, timeouts) and every other setting is kept. The
original command line stays whole after ``--``, and the entry as it was is also kept in
``<home>/mcp-install.json``, so ``uninstall`` restores it exactly (the saved copy when the
entry is still ours, else the words after ``--``). Installing twice changes nothing.

Which files list an agent's servers is its sensor's declaration (``AgentFiles.mcp_configs``,
docs/agents.md); JSON files keep ``mcpServers`` (and per-project tables), TOML ones
``[mcp_servers.<name>]``, edited with tomlkit so comments and layout stay. HTTP servers
are listed, not rewritten: an agent reaches them by URL, so they are governed by running
``bastion mcp-proxy --http URL --listen 127.0.0.1:PORT`` and pointing the agent at that
address (printed by the command).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError
from bastion.sensors.registry import every_agent_files
from bastion.sensors.settings_files import load_settings as _load
from bastion.sensors.settings_files import write_settings

RECORD = "mcp-install.json"
SUB = "mcp-proxy"


@dataclass
class Change:
    path: Path
    routed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    http: list[str] = field(default_factory=list)  # listed, not rewritten
    backup: Path | None = None


def installable() -> tuple[str, ...]:
    """The agents whose sensor declares where their MCP servers are listed."""
    return tuple(f.agent for f in every_agent_files() if f.mcp_configs)


def files(agent: str, project: Path, user_home: Path) -> list[Path]:
    """The files listing ``agent``'s MCP servers, as its sensor declares them."""
    found = {f.agent: f for f in every_agent_files() if f.mcp_configs}
    declared = found.get(agent)
    if declared is None:
        raise ConfigError(f"unknown agent {agent!r} for MCP routing; use one of {', '.join(found)}")
    moved = os.environ.get(declared.user_dir_env) if declared.user_dir_env else None
    out = []
    for config in declared.mcp_configs:
        prefix = f"{declared.config_dir}/"
        if moved and config.scope == "user" and config.path.startswith(prefix):
            out.append(Path(moved) / config.path[len(prefix) :])
            continue
        out.append(Path(config.at(str(project), str(user_home)) or config.path))
    return out


def bastion_executable() -> str:
    here = Path(sys.executable).parent / "bastion"
    return str(here) if here.exists() else (shutil.which("bastion") or "bastion")


def _tables(data: MutableMapping[str, Any], toml: bool) -> Iterator[MutableMapping[str, Any]]:
    if toml:
        table = data.get("mcp_servers")
        if isinstance(table, MutableMapping):
            yield table
        return
    table = data.get("mcpServers")
    if isinstance(table, MutableMapping):
        yield table
    projects = data.get("projects")
    if isinstance(projects, MutableMapping):
        for entry in projects.values():
            if isinstance(entry, MutableMapping) and isinstance(
                entry.get("mcpServers"), MutableMapping
            ):
                yield entry["mcpServers"]


def is_routed(entry: Any) -> bool:
    args = entry.get("args") if isinstance(entry, MutableMapping) else None
    return isinstance(args, list) and SUB in args[:1] and "--" in args


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def route(entry: MutableMapping[str, Any], name: str, home: Path, exe: str) -> None:
    command = str(entry.get("command"))
    args = [str(a) for a in entry.get("args") or []]
    entry["command"] = exe
    entry["args"] = [SUB, "--home", str(home), "--name", name, "--", command, *args]


def unroute(entry: MutableMapping[str, Any], saved: dict[str, Any] | None) -> None:
    if saved is not None:  # only the two keys `route` changed; the rest is as the user left it
        for key in ("command", "args"):
            if key in saved:
                entry[key] = saved[key]
            elif key in entry:
                del entry[key]
        return
    args = list(entry.get("args") or [])
    rest = args[args.index("--") + 1 :]
    entry["command"] = rest[0] if rest else ""
    entry["args"] = rest[1:]


class _Record:
    """``<home>/mcp-install.json``: each routed entry as it was, by file and server name."""

    def __init__(self, home: Path) -> None:
        self.path = home / RECORD
        self.data: dict[str, dict[str, Any]] = (
            json.loads(self.path.read_text()) if self.path.exists() else {}
        )

    def save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=2) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)


def _read(path: Path) -> Any:
    if path.suffix == ".toml":
        import tomlkit

        return tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else None
    return _load(path) if path.exists() else None


def _write(path: Path, data: Any) -> Path | None:
    if path.suffix != ".toml":
        return write_settings(path, data)
    import tomlkit

    text = tomlkit.dumps(data)
    backup = path.with_name(path.name + ".bastion-backup")
    shutil.copy2(path, backup)
    tmp = path.with_name(path.name + ".bastion-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return backup


def install(agent: str, project: Path, user_home: Path, home: Path) -> list[Change]:
    """Route every stdio server of the agent through the gateway; idempotent. Refused in
    system mode (`gateway.build.SystemModeUnsupported`): the routed servers would not start."""
    from bastion.gateway.build import SystemModeUnsupported, system_mode_refusal

    refusal = system_mode_refusal()
    if refusal is not None:
        raise SystemModeUnsupported(refusal)
    exe = bastion_executable()
    record = _Record(home)
    changes = []
    for path in files(agent, project, user_home):
        data = _read(path)
        if data is None:
            continue
        change = Change(path)
        for table in _tables(data, path.suffix == ".toml"):
            for name, entry in table.items():
                if not isinstance(entry, MutableMapping):
                    continue
                if not entry.get("command"):
                    if entry.get("url") or entry.get("httpUrl") or entry.get("serverUrl"):
                        change.http.append(str(name))
                    continue
                if is_routed(entry):
                    continue
                record.data.setdefault(str(path), {})[str(name)] = _plain(entry)
                route(entry, str(name), home, exe)
                change.routed.append(str(name))
        if change.routed:
            record.save()
            change.backup = _write(path, data)
        changes.append(change)
    return changes


def uninstall(agent: str, project: Path, user_home: Path, home: Path) -> list[Change]:
    """Put every routed server back exactly as it was."""
    record = _Record(home)
    changes = []
    for path in files(agent, project, user_home):
        data = _read(path)
        if data is None:
            continue
        change = Change(path)
        saved = record.data.get(str(path), {})
        for table in _tables(data, path.suffix == ".toml"):
            for name, entry in table.items():
                if isinstance(entry, MutableMapping) and is_routed(entry):
                    unroute(entry, saved.pop(str(name), None))
                    change.restored.append(str(name))
        if change.restored:
            change.backup = _write(path, data)
            if not saved:
                record.data.pop(str(path), None)
            record.save()
        changes.append(change)
    return changes
