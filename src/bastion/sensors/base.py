"""What every sensor provides: the native reply type and the ``Sensor`` protocol."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from bastion.core.events import Event, EventKind, Finding, Severity, Verdict
from bastion.core.tools import ToolSpec

__all__ = [
    "UNCHECKED_KIND",
    "AfterInstall",
    "AgentFiles",
    "InstallOptions",
    "Installer",
    "InventoryRules",
    "NativeReply",
    "PackageSensor",
    "Sensor",
    "SettingsFile",
    "kinds_from",
    "unchecked_finding",
    "unmatched_calls",
]


@dataclass(frozen=True, slots=True)
class NativeReply:
    """What the hook process must print and exit with, in the agent's own protocol."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0


@dataclass(frozen=True, slots=True)
class SettingsFile:
    """One file an agent reads its hooks or permissions from.

    ``scope`` names where it sits, as the guard's findings and ``bastion doctor`` say it:
    ``project``, ``project-local`` (the project's uncommitted file), ``user``, or an absolute
    file's own word (``managed``, ``system``, ``system-defaults``). ``path`` is relative to the
    user's home for ``user``, to the project directory for the other relative ones, else
    absolute.
    """

    scope: str
    path: str
    # An environment variable that names the file instead, when set (Gemini CLI's system file).
    env: str = ""

    @property
    def in_project(self) -> bool:
        return not self.path.startswith("/") and self.scope != "user"

    def at(self, project_dir: str, user_home: str) -> str | None:
        """The file's path for one project and home (None when the one it needs is unknown)."""
        if self.path.startswith("/"):
            return self.path
        base = project_dir if self.in_project else user_home
        return f"{base.rstrip('/')}/{self.path}" if base else None


@dataclass(frozen=True, slots=True)
class AgentFiles:
    """Where one agent keeps the files that steer it: what the guard protects and what the
    path catalogues call agent configuration. Each sensor package declares its own (and
    `sensors/others` those of agents Bastion guards but has no sensor for yet), so no part
    outside ``sensors/`` spells an agent's file names.

    ``config_dir``: the agent's directory in a home and in a project (``.claude``).
    ``settings``: the files that wire its hooks and permissions, read by the hook-integrity
    watch and ``bastion doctor``. ``also_guarded``: files that can also switch the hooks off
    or widen the agent, guarded against writes but not read for hooks. ``hook_dirs``:
    project directories whose every ``*.json`` is hook wiring. ``credentials``: files under
    the user's home holding the agent's own login (``credential_kind``: what the credential
    catalogue calls them). ``guard_events``: the hook events Bastion must see in its wiring;
    ``tool_events``: those a tool matcher applies to.

    For the path catalogues of ``understand`` (``**/`` or ``*/``: in any directory, ``~/``: the
    home of the path's owner): ``config_globs``, what the path classifier calls agent
    configuration; ``tamper_paths``, files and directories (a trailing ``/``) a command that
    changes them tampers with the agent; ``broad_dir``, whether the agent's directory in a home
    holds much more than its login (projects, transcripts), so it is no credential directory
    by itself.
    ``mcp_configs``: the files that list the agent's MCP servers (``bastion install mcp``
    routes them through the gateway). ``user_dir_env``: an environment variable that moves
    the agent's user directory (``config_dir`` under the home) elsewhere, when it has one.

    For ``bastion install`` and ``bastion inventory``: ``hook_events``, every event the
    installer wires, in order (``tool_events`` among them get a matcher for every tool);
    ``pre_tool_events``, the events that decide a tool call before it runs (a hook on one of
    them governs the agent); ``executables``, the names its command goes by;
    ``inventory_hooks`` and ``inventory_mcp``, every file any version of the agent reads
    hooks or MCP servers from, in the order the inventory lists them.

    For telling the agent's processes apart (``daemon/peer``, ``daemon/session_join``):
    ``process_comms``, the kernel's name of its process (``/proc/PID/comm``);
    ``argv_names``, the base names its command line starts with; ``package_fragments``, the
    path fragments of its package in a ``node`` command line; ``env_marks``, variables it
    sets in the environment of every command it runs (``NAME=``).

    ``model_provider``: who makes the models the agent runs on, when one firm does (OCSF's
    ``ai_model.ai_provider`` in exports); empty when the agent runs many firms' models.
    """

    agent: str
    config_dir: str = ""
    settings: tuple[SettingsFile, ...] = ()
    also_guarded: tuple[SettingsFile, ...] = ()
    hook_dirs: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()
    guard_events: tuple[str, ...] = ()
    tool_events: tuple[str, ...] = ()
    config_globs: tuple[str, ...] = ()
    tamper_paths: tuple[str, ...] = ()
    broad_dir: bool = False
    mcp_configs: tuple[SettingsFile, ...] = ()
    user_dir_env: str = ""
    credential_kind: str = ""
    hook_events: tuple[str, ...] = ()
    pre_tool_events: tuple[str, ...] = ()
    executables: tuple[str, ...] = ()
    inventory_hooks: tuple[SettingsFile, ...] = ()
    inventory_mcp: tuple[SettingsFile, ...] = ()
    process_comms: tuple[str, ...] = ()
    argv_names: tuple[str, ...] = ()
    package_fragments: tuple[str, ...] = ()
    env_marks: tuple[str, ...] = ()
    model_provider: str = ""

    def path_of(self, scope: str) -> str:
        """The path of the settings file of ``scope`` (see `SettingsFile`)."""
        for f in self.settings:
            if f.scope == scope:
                return f.path
        raise KeyError(f"{self.agent} declares no {scope} settings file")

    def guarded(self) -> tuple[SettingsFile, ...]:
        """Every file the guard protects, in the order declared."""
        return self.settings + self.also_guarded


@dataclass(frozen=True, slots=True)
class InstallOptions:
    """What ``bastion install`` / ``uninstall`` hand an agent's installer besides the file:
    the project, and the agent's own executable where the installer must ask the agent
    something (Codex's trust of its hooks; the command line's ``--codex-bin``)."""

    project_dir: Path
    agent_bin: str | None = None


@dataclass(frozen=True, slots=True)
class AfterInstall:
    """What an installer's agent-specific step after writing the hooks says: ``warnings``
    (settings that would silence the hooks), ``notes`` (what the agent lets Bastion not
    enforce), ``done`` (lines of what it did), and ``failure`` with its consequence
    (``failure_then``) when the agent is not governed after all (the command exits 1)."""

    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    failure: str = ""
    failure_then: str = ""


def _nothing_after(_path: Path, _options: InstallOptions) -> AfterInstall:
    return AfterInstall()


@dataclass(frozen=True, slots=True)
class Installer:
    """One agent's ``bastion install`` / ``uninstall``, declared by its sensor package
    (``sensors/<agent>/install.INSTALLER``; `registry.installer_of`), so the command line
    knows no agent: ``noun`` is what its hooks file is called in messages; ``hooks_path``
    the file for a scope; ``install`` writes our hooks (``(changed, backup)``);
    ``after_install`` is what the agent needs besides (a trust, warnings, notes);
    ``uninstall`` takes exactly ours out again (and undoes what ``after_install`` did)."""

    noun: str
    hooks_path: Callable[[str, Path], Path]
    install: Callable[[Path, Path | None], tuple[bool, Path | None]]
    uninstall: Callable[[Path, InstallOptions], tuple[bool, Path | None]]
    after_install: Callable[[Path, InstallOptions], AfterInstall] = _nothing_after
    scopes: tuple[str, ...] = field(default=("project", "user"))


def _no_problems(_data: Mapping[str, Any], _path: Path) -> list[str]:
    return []


def _no_tables(_data: Mapping[str, Any], _project: Path | None) -> list[Any]:
    return []


def _no_untrusted(_hooks_files: list[str], _settings: list[Path]) -> list[str]:
    return []


def _none_asked(_project: Path) -> list[tuple[str, str]]:
    return []


def _install_command(agent: str, _project: Path | None) -> str:
    return f"bastion install {agent}"


@dataclass(frozen=True, slots=True)
class InventoryRules:
    """What only one agent does to the files ``bastion inventory`` and ``bastion coverage``
    read, declared by its sensor package (``sensors/<agent>/inventory.RULES``;
    `registry.inventory_rules_of`), so the inventory knows no agent by name.

    ``switched_off(data, path)``: settings in one parsed hooks or settings file that stop
    its hooks from running (each a sentence). ``mcp_tables(data, project)``: MCP server
    tables the agent keeps somewhere other than the shared keys (``mcpServers``,
    ``mcp_servers``, ``servers``), such as per project. ``untrusted(hooks_files, settings)``:
    the hooks files holding our hooks that the agent will skip because it does not trust
    them, given the hooks files and the settings files found (each a sentence).
    ``asked_untrusted(project)``: the same, asked of the agent itself where it can say
    (each a sentence and the command that fixes it). ``govern_command(agent, project)``:
    the command that governs the agent. Every rule's default does nothing, so an agent
    with nothing special declares nothing.
    """

    switched_off: Callable[[Mapping[str, Any], Path], list[str]] = _no_problems
    mcp_tables: Callable[[Mapping[str, Any], Path | None], list[Any]] = _no_tables
    untrusted: Callable[[list[str], list[Path]], list[str]] = _no_untrusted
    asked_untrusted: Callable[[Path], list[tuple[str, str]]] = _none_asked
    govern_command: Callable[[str, Path | None], str] = _install_command


class Sensor(Protocol):
    """One agent's native protocol, tools and files, in core terms."""

    @property
    def name(self) -> str: ...

    @property
    def shell_tool(self) -> str:
        """The name of the agent's shell tool (for a call Bastion builds itself: `explain`)."""
        ...

    @property
    def rewrites_input(self) -> bool:
        """Whether the agent runs a tool input rewritten in the reply (Claude Code's
        ``updatedInput``): the kernel sandbox (contain/rewrite) wraps shell commands only there."""
        ...

    def to_event(self, payload: dict[str, Any]) -> Event: ...

    def event_kind(self, native_name: str) -> EventKind:
        """Where the agent's event of this name sits in a session (``OTHER`` if unknown): for
        a caller that holds only the name, e.g. a payload that did not parse (``replay``)."""
        ...

    def reply(self, event: Event, verdict: Verdict) -> NativeReply: ...

    def refuse(self, message: str) -> NativeReply: ...

    def tool_spec(self, tool: str) -> ToolSpec: ...

    def mcp_tool(self, server: str, operation: str) -> str: ...

    def agent_home(self, transcript_path: str) -> str: ...

    def unchecked_findings(
        self, transcript_path: str, decided_ids: Iterable[str]
    ) -> list[Finding]: ...

    def describe_record(self, record: dict[str, Any], width: int = 110) -> str: ...

    def input_diff(self, record: dict[str, Any]) -> str | None: ...

    def file_diff(
        self, tool: Any, tool_input: Mapping[str, Any], output: Any
    ) -> dict[str, Any] | None: ...

    def describe_event(self, record: dict[str, Any]) -> str | None:
        """Words for a recorded agent event of a kind Bastion does not model (``OTHER``) that
        the agent's sensor can still read (Claude Code's batch of finished calls); ``None``
        leaves the generic words to ``describe``."""
        ...


@dataclass(frozen=True, slots=True)
class PackageSensor:
    """A `Sensor` assembled from one agent package's functions.

    Each agent package writes its payload, reply, tools, transcript and display modules; this is
    the one place that turns them into the sensor the registry hands out, so a new agent adds a
    constructor call, not another class that only delegates.
    """

    name: str
    shell_tool: str
    rewrites_input: bool
    to_event: Callable[[dict[str, Any]], Event]
    event_kind: Callable[[str], EventKind]
    reply: Callable[[Event, Verdict], NativeReply]
    refuse: Callable[[str], NativeReply]
    tool_spec: Callable[[str], ToolSpec]
    mcp_tool: Callable[[str, str], str]
    agent_home: Callable[[str], str]
    unchecked_findings: Callable[[str, Iterable[str]], list[Finding]]
    describe_record: Callable[..., str]
    input_diff: Callable[[dict[str, Any]], str | None]
    file_diff: Callable[[Any, Mapping[str, Any], Any], dict[str, Any] | None]
    describe_event: Callable[[dict[str, Any]], str | None] = lambda record: None


def kinds_from(table: Mapping[str, EventKind]) -> Callable[[str], EventKind]:
    """A sensor's ``event_kind`` from its payload module's table of native event names."""

    def event_kind(native_name: str) -> EventKind:
        return table.get(native_name, EventKind.OTHER)

    return event_kind


# --- an agent's own log against the decisions on record (each sensor's ``transcript``) ---

UNCHECKED_KIND = "unchecked-action"
Call = TypeVar("Call")


def unmatched_calls(
    calls: Iterable[Call], decided_ids: Iterable[str], key: Callable[[Call], str]
) -> list[Call]:
    """The calls of an agent's log that no recorded decision answers, in log order.

    A call and a decision match by ``key``: the agent's call id where the hook payload
    carries it, else what the sensor derives from the call's name and arguments (Gemini
    CLI, Copilot). Matching is one for one, so two identical calls need two decisions."""
    decided = Counter(decided_ids)
    missing = []
    for call in calls:
        k = key(call)
        if decided[k] > 0:
            decided[k] -= 1
        else:
            missing.append(call)
    return missing


def unchecked_finding(
    tool: str,
    native_id: str,
    line: int,
    timestamp: str,
    *,
    log: str,
    causes: str,
    key: str | None = None,
    where: str = "",
    **evidence: Any,
) -> Finding:
    """The finding for one call that ran without a decision: ``log`` names the agent's file
    (``transcript``, ``rollout``), ``causes`` what can let a call past the hook, ``key`` the
    matching key when it is not the call id, ``where`` more of the call's place (``, in a
    subagent``); further ``evidence`` is kept beside the call's."""
    head: dict[str, Any] = {"tool_use_id": key or native_id}
    if key is not None:
        head["native_id"] = native_id
    return Finding(
        kind=UNCHECKED_KIND,
        severity=Severity.HIGH,
        detail=(
            f"{tool} call {native_id} ran without a decision from Bastion ({log} line "
            f"{line}{where}): {causes}"
        ),
        rule="audit.transcript",
        evidence={
            **head,
            "tool": tool,
            "transcript_line": line,
            "timestamp": timestamp,
            **evidence,
        },
    )
