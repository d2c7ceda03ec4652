"""Read each agent's files and executables into an ``Inventory`` (read-only, no sessions).

Where each agent keeps hooks and MCP servers is its sensor's declaration (``AgentFiles``,
read into ``AGENTS``); how a file is read is one of a few formats: JSON settings whose
``hooks`` map events to handler groups (Claude Code, Gemini CLI, Codex's ``hooks.json``),
JSON whose ``hooks`` map events straight to handlers (Copilot CLI's ``bash``, Cursor's and
Windsurf's ``command``), and Codex's ``config.toml``. docs/agents.md says where each file
comes from.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.hook import command as hook_command
from bastion.inventory.model import AgentReport, HookFile, Inventory, McpServer
from bastion.sensors import registry
from bastion.sensors.base import AgentFiles, InventoryRules, SettingsFile
from bastion.sensors.registry import every_agent_files

MARKER = "bastion-hook"
PROXY_MARKER = "mcp-proxy"
VERSION_TIMEOUT = 20.0  # a Node-based CLI can take seconds to start on a busy machine
PLANNED = "  # planned (issue #16)"
_VERSION = re.compile(r"\d+\.\d+(?:\.\d+)?")


@dataclass(frozen=True)
class AgentSpec:
    """One agent as the inventory reads it: its sensor package's declaration (``AgentFiles``:
    executables, the files it reads hooks and MCP servers from, the events that decide a
    tool call), so no agent's file name is spelt here."""

    files: AgentFiles

    @property
    def name(self) -> str:
        return self.files.agent

    @property
    def executables(self) -> tuple[str, ...]:
        return self.files.executables

    @property
    def pre_tool_events(self) -> frozenset[str]:
        return frozenset(self.files.pre_tool_events)

    def hook_files(self, home: Path, project: Path | None) -> list[tuple[str, Path]]:
        """(scope, path) of every file the agent may read hooks from."""
        found = _placed(self.files, self.files.inventory_hooks, home, project)
        if project is not None:
            for directory in self.files.hook_dirs:  # every *.json there is hook wiring
                found += [("project", f) for f in sorted((project / directory).glob("*.json"))]
        return found

    def mcp_files(self, home: Path, project: Path | None) -> list[tuple[str, Path]]:
        """(scope, path) of every file the agent may read MCP servers from."""
        return _placed(self.files, self.files.inventory_mcp, home, project)


def _placed(
    files: AgentFiles, declared: tuple[SettingsFile, ...], home: Path, project: Path | None
) -> list[tuple[str, Path]]:
    """Declared files as paths: absolute ones as written (or as their variable names them),
    the user's under ``home`` (or the agent's user directory its variable moves, when
    ``home`` is this user's), the project's under ``project`` (none without one)."""
    out: list[tuple[str, Path]] = []
    for f in declared:
        if f.path.startswith("/"):
            out.append((f.scope, Path((os.environ.get(f.env) if f.env else "") or f.path)))
        elif not f.in_project:
            out.append((f.scope, _user_file(files, f.path, home)))
        elif project is not None:
            out.append((f.scope, project / f.path))
    return out


def _user_file(files: AgentFiles, path: str, home: Path) -> Path:
    moved = os.environ.get(files.user_dir_env) if files.user_dir_env else None
    prefix = files.config_dir + "/"
    if moved and home == Path.home() and files.config_dir and path.startswith(prefix):
        return Path(moved) / path[len(prefix) :]
    return home / path


# Every agent with a sensor that runs as a program of its own, in the registry's order.
AGENTS: tuple[AgentSpec, ...] = tuple(
    AgentSpec(files) for files in every_agent_files() if files.executables
)


def supported_agents() -> frozenset[str]:
    """Agents Bastion has a sensor for."""
    return frozenset(registry.AGENTS)


def rules_of(agent: str) -> InventoryRules:
    """What only ``agent`` does to its files, as its sensor declares (none for an agent
    Bastion guards without a sensor)."""
    if registry.canonical(agent) is None:
        return InventoryRules()
    return registry.inventory_rules_of(agent)


# -- reading files -------------------------------------------------------------------------


def _read(path: Path) -> tuple[Any, str | None]:
    """The parsed file (JSON or TOML by suffix), or None and why it could not be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    if not text.strip():
        return {}, None
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        return None, f"not valid {'TOML' if path.suffix == '.toml' else 'JSON'}: {exc}"
    if not isinstance(data, dict):
        return None, "does not hold an object"
    return data, None


def _handlers(hooks: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(event, command, handler) for every command handler, grouped or flat."""
    if not isinstance(hooks, dict):
        return
    for event, entries in hooks.items():
        if event == "state" or not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            group = entry.get("hooks")
            for handler in group if isinstance(group, list) else [entry]:
                if isinstance(handler, dict):
                    command = handler.get("command") or handler.get("bash") or ""
                    if isinstance(command, str) and command:
                        yield str(event), command, handler


def read_hook_file(spec: AgentSpec, scope: str, path: Path) -> HookFile:
    found = HookFile(scope=scope, path=str(path), exists=path.is_file())
    if not found.exists:
        return found
    data, problem = _read(path)
    if data is None:
        found.problems.append(problem or "unreadable")
        return found
    ours: set[str] = set()
    for event, command, _handler in _handlers(data.get("hooks")):
        if MARKER in command:
            ours.add(event)
            if spec.name in hook_command.AGENT_NAMES and event in spec.pre_tool_events:
                parsed = hook_command.parse(command)
                if parsed is None or not parsed.wrapped:
                    found.problems.append(
                        f"{event} runs bastion-hook without the fail-closed wrapper: "
                        "a crash would let the call run"
                    )
        else:
            found.others += 1
    found.ours = sorted(ours)
    found.problems += _switched_off(spec.name, data, path)
    return found


def _switched_off(agent: str, data: dict[str, Any], path: Path) -> list[str]:
    """Settings in this file that stop hooks from running at all."""
    return rules_of(agent).switched_off(data, path)


def read_mcp_servers(agent: str, source: Path, project: Path | None) -> list[McpServer]:
    if not source.is_file():
        return []
    data, _ = _read(source)
    if not data:
        return []
    tables: list[Any] = [data.get("mcpServers"), data.get("mcp_servers"), data.get("servers")]
    tables += rules_of(agent).mcp_tables(data, project)
    found = []
    for table in tables:
        if not isinstance(table, dict):
            continue
        for name, server in table.items():
            if not isinstance(server, dict):
                continue
            url = server.get("url") or server.get("httpUrl") or server.get("serverUrl")
            if isinstance(url, str) and url:
                transport, target = "http", url
            else:
                raw_args = server.get("args")
                args = [str(a) for a in raw_args] if isinstance(raw_args, list) else []
                target = " ".join([str(server.get("command") or ""), *args]).strip()
                transport = "stdio"
            governed = "bastion" in target and PROXY_MARKER in target
            found.append(
                McpServer(
                    name=str(name), source=str(source), transport=transport, target=target,
                    governed=governed,
                    govern_command="" if governed else _govern_mcp(agent, str(name), transport,
                                                                   target),
                )
            )  # fmt: skip
    return found


# Agents whose MCP configuration `bastion install mcp --agent A` rewrites (cli/install_mcp):
# those whose sensor declares where their MCP servers are listed.
MCP_INSTALLABLE = tuple(f.agent for f in every_agent_files() if f.mcp_configs)


def _govern_mcp(agent: str, name: str, transport: str, target: str) -> str:
    """The command that puts one MCP server behind the gateway (bastion.gateway)."""
    if transport == "http":
        return f"bastion mcp-proxy --name {name} --http {target} --listen 127.0.0.1:<port>"
    if agent in MCP_INSTALLABLE:
        return f"bastion install mcp --agent {agent}"
    return f"bastion mcp-proxy --name {name} -- {target}  # as this server's command"


# -- executables ---------------------------------------------------------------------------


def find_executable(names: tuple[str, ...], path: str | None) -> str:
    for name in names:
        found = shutil.which(name, path=path)
        if found:
            return found
    return ""


def version_of(executable: str, env: Mapping[str, str] | None = None) -> str:
    """``<executable> --version`` (a few seconds at most), the first version number in it."""
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=VERSION_TIMEOUT,
            stdin=subprocess.DEVNULL, env=dict(env) if env is not None else None,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return ""
    match = _VERSION.search(done.stdout or done.stderr or "")
    return match.group(0) if match else ""


# -- the inventory -------------------------------------------------------------------------


def govern_command(agent: str, supported: bool, project: Path | None) -> str:
    if not supported:
        return f"bastion install {agent}{PLANNED}"
    return rules_of(agent).govern_command(agent, project)


def report(
    spec: AgentSpec,
    user_home: Path,
    project: Path | None,
    *,
    executable: str,
    version: str,
) -> AgentReport:
    supported = spec.name in supported_agents()
    files = [read_hook_file(spec, s, p) for s, p in spec.hook_files(user_home, project)]
    servers = [
        server
        for _, source in spec.mcp_files(user_home, project)
        for server in read_mcp_servers(spec.name, source, project)
    ]
    notes = [f"{f.path}: {p}" for f in files for p in f.problems]
    distrusted = rules_of(spec.name).untrusted(
        [f.path for f in files if f.ours], [Path(f.path) for f in files if f.exists]
    )
    notes += distrusted
    wired = any(f.exists and spec.pre_tool_events & set(f.ours) for f in files)
    switched_off = any(
        "no hook runs" in p or "will not run" in p for f in files for p in f.problems
    )
    not_fail_closed = any("fail-closed wrapper" in p for f in files for p in f.problems)
    untrusted = bool(distrusted)
    if wired and (switched_off or untrusted):
        state = "disabled"
    elif wired and not supported:
        state = "unsupported"
    elif wired and not_fail_closed:
        state = "not-fail-closed"
    elif wired:
        state = "governed"
    elif any(f.others for f in files):
        state = "other-hooks"
    else:
        state = "none"
    if wired and not supported:
        notes.append("bastion-hook is wired, but this Bastion has no sensor for the agent")
    governed = state == "governed"
    return AgentReport(
        agent=spec.name, installed=bool(executable), executable=executable, version=version,
        hook_state=state, governed=governed,
        govern_command="" if governed else govern_command(spec.name, supported, project),
        supported=supported, hook_files=files, mcp_servers=servers, notes=notes,
    )  # fmt: skip


def take_inventory(
    user_home: Path | None = None,
    project_dir: Path | None = None,
    *,
    path: str | None = None,
    run_versions: bool = True,
) -> Inventory:
    """Every known agent for ``user_home`` (default: yours) and ``project_dir`` (optional).

    ``path`` is the search path for executables (default ``$PATH``); ``run_versions=False``
    skips running ``--version``.
    """
    home = user_home or Path.home()
    project = project_dir.resolve() if project_dir is not None else None
    executables = [find_executable(spec.executables, path) for spec in AGENTS]
    with ThreadPoolExecutor(max_workers=len(AGENTS)) as pool:  # each start can take seconds
        versions = list(
            pool.map(lambda e: version_of(e) if e and run_versions else "", executables)
        )
    agents = [
        report(spec, home, project, executable=e, version=v)
        for spec, e, v in zip(AGENTS, executables, versions, strict=True)
    ]
    return Inventory(str(home), str(project or ""), agents)
