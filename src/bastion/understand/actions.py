"""What an action really does, whatever the tool: paths read and written, hosts, changes.

This is the ``understand`` stage's single entry point. It turns one tool call into
``ActionFacts``, a tool-neutral description that detectors and policies read, so no
later stage needs to know that ``Read`` takes ``file_path`` or that Bash has pipelines.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from bastion.core.tools import ToolKind, ToolSpec
from bastion.sensors import tool_spec
from bastion.understand import (
    agent_instructions,
    delegated_prose,
    exec_options,
    issuer_auth,
    model_endpoint,
    path_shadow,
)
from bastion.understand import effects as effectmod
from bastion.understand import hosts as hostmod
from bastion.understand import paths as pathmod
from bastion.understand import reach as reachmod
from bastion.understand import session as sessionmod
from bastion.understand import tool_code as toolcode
from bastion.understand.code_text import is_commandish, written_code_script
from bastion.understand.effects import Effect
from bastion.understand.gate import Gate
from bastion.understand.programs.base import match_path
from bastion.understand.shell import (
    Change,
    Execution,
    ShellAnalysis,
    analyze,
    credential_store_of,
)
from bastion.understand.shell_catalog import PERSISTENCE_PATHS, SECRET_ENV_NAME
from bastion.understand.state_change import StateChange

# What a tool is comes from its agent's sensor (``ToolSpec``), never from its name here.
SHELL = ToolSpec(ToolKind.SHELL, command_key="command")

# System services and daemons of a Linux or macOS machine (a catalog, lower-case): killing
# one disables the machine, its defences or other people's work, not the agent's own.
SYSTEM_PROCESSES = frozenset(
    """
    init systemd systemd-journald systemd-logind systemd-udevd systemd-resolved
    systemd-networkd journald udevd sshd ssh-agent dockerd docker docker-proxy containerd
    containerd-shim runc kubelet kube-proxy cron crond atd anacron rsyslogd syslogd
    syslog-ng auditd firewalld ufw iptables nftables fail2ban apparmor selinux polkitd
    dbus dbus-daemon networkmanager wpa_supplicant dhclient dhcpd dnsmasq named
    unbound avahi-daemon bluetoothd cupsd cups-browsed xorg xwayland gdm gdm3 lightdm
    sddm gnome-shell plasmashell ntpd chronyd timesyncd sssd winbindd smbd nmbd nfsd
    rpcbind snapd packagekitd udisksd upowerd accounts-daemon colord irqbalance
    thermald acpid mdadm lvm2 multipathd iscsid libvirtd qemu postfix sendmail exim
    dovecot nginx apache2 httpd lighttpd haproxy mysqld mariadbd postgres postmaster
    mongod redis-server memcached rabbitmq-server beam.smp elasticsearch zookeeper
    kafka etcd consul vault nomad launchd mds windowserver loginwindow
    """.split()
)
KILL_PROGRAMS = frozenset({"kill", "pkill", "killall", "systemctl", "service"})
# Verbs with which a service manager stops something; ``enable``, ``start``, ``status``,
# ``daemon-reload`` stop nothing.
_STOP_VERBS = frozenset(
    "stop kill restart try-restart reload-or-restart condrestart force-reload disable mask "
    "isolate halt poweroff reboot rescue emergency".split()
)


def _stops(program: str, argv: tuple[str, ...] | list[str]) -> bool:
    """A kill program's command that stops a process: always for ``kill``/``pkill``/
    ``killall``; for ``systemctl``/``service`` only with a stopping verb, so creating and
    enabling one's own user timer is not taken for killing a daemon."""
    if program not in ("systemctl", "service"):
        return True
    return any(a.lower() in _STOP_VERBS for a in argv[1:])


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]")
_PROCESS_LISTERS = frozenset({"ps", "pgrep", "pidof", "top", "lsof"})
_PY_KILL = re.compile(
    r"(process_iter|psutil\.pids|/proc/)[\s\S]*(\.kill\(|\.terminate\(|os\.kill\()"
)
_CODE_KILL = ("signals processes", "signals init (pid 1)")
_URL = re.compile(r"\bhttps?://[^\s'\"<>`]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Destination:
    host: str
    port: int | None
    scheme: str
    tool: str
    sends_data: bool
    classes: tuple[str, ...]

    @property
    def external(self) -> bool:
        return hostmod.EXTERNAL in self.classes


@dataclass(slots=True)
class ActionFacts:
    """Tool-neutral facts about one action, computed before it runs."""

    category: str  # execute | read | write | fetch | mcp | delegate | prompt | other
    reads: list[pathmod.PathInfo] = field(default_factory=list)
    writes: list[pathmod.PathInfo] = field(default_factory=list)
    destinations: list[Destination] = field(default_factory=list)
    env_reads: list[str] = field(default_factory=list)
    env_dump: bool = False
    credential_stores: list[str] = field(default_factory=list)
    executes: list[Execution] = field(default_factory=list)
    destructive: list[Change] = field(default_factory=list)
    privilege: list[Change] = field(default_factory=list)
    persistence: list[Change] = field(default_factory=list)
    self_tamper: list[Change] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)
    source_to_sink: bool = False
    opaque: bool = False
    opaque_reasons: list[str] = field(default_factory=list)
    # Strings of the action's arguments that may carry data (scanned for secrets and flows).
    texts: list[str] = field(default_factory=list)
    shell: ShellAnalysis | None = None
    # The effect model (understand/effects.py): what the call can do, whatever its syntax.
    effects: list[Effect] = field(default_factory=list)
    # Paths an unmodelled program can reach through its arguments (judged, not trusted).
    reach: list[str] = field(default_factory=list)
    # Files written earlier in the session that this call runs (deferred execution).
    deferred: list[str] = field(default_factory=list)
    # How the analysis resolved this call: session variables used, cwd, symlinks followed.
    resolution: list[str] = field(default_factory=list)
    # Paths reached through ".." out of the workspace into a system or another user's place.
    traversals: list[str] = field(default_factory=list)
    # Compact effects of content this call writes that can run later (for session memory).
    written_content: dict[str, Any] | None = None
    # State changes by verb class (understand/state_change), with the values that choose them.
    state_changes: list[StateChange] = field(default_factory=list)

    @property
    def sends_external(self) -> list[Destination]:
        return [d for d in self.destinations if d.external and d.sends_data]

    @property
    def credential_reads(self) -> list[pathmod.PathInfo]:
        return [p for p in self.reads if p.credential]

    def summary(self) -> dict[str, Any]:
        """A compact, JSON-friendly description for the record and ``bastion explain``."""
        return {
            "category": self.category,
            "reads": [
                {"path": p.path, "classes": list(p.classes), "credential": p.credential}
                for p in self.reads
            ],
            "writes": [{"path": p.path, "classes": list(p.classes)} for p in self.writes],
            "destinations": [
                {
                    "host": d.host,
                    "port": d.port,
                    "scheme": d.scheme,
                    "tool": d.tool,
                    "sends_data": d.sends_data,
                    "classes": list(d.classes),
                }
                for d in self.destinations
            ],
            "env_reads": self.env_reads,
            "env_dump": self.env_dump,
            "credential_stores": self.credential_stores,
            "executes": [{"kind": e.kind, "detail": e.detail} for e in self.executes],
            "destructive": [{"kind": c.kind, "target": c.target} for c in self.destructive],
            "privilege": [c.kind for c in self.privilege],
            "persistence": [c.kind for c in self.persistence],
            "self_tamper": [c.kind for c in self.self_tamper],
            "suspicious": self.suspicious,
            "source_to_sink": self.source_to_sink,
            "opaque": self.opaque,
            "opaque_reasons": self.opaque_reasons,
            "effects": [e.to_dict() for e in self.effects],
            "deferred": self.deferred,
            "resolution": self.resolution,
        }


def understand(
    tool: str,
    tool_input: dict[str, Any],
    *,
    cwd: str,
    workspace: str,
    home: str,
    memory: sessionmod.Memory | None = None,
    spec: ToolSpec | None = None,
) -> ActionFacts:
    """Facts about one tool call; never raises on odd input (unknown shapes become opaque).

    ``memory`` is what earlier calls of the session left behind (variables, cd, symlinks,
    files written that run later); without it the call is judged on its own. ``spec`` is
    what the agent's sensor says the tool is; without it, the default agent's sensor is
    asked about ``tool``.
    """
    spec = spec or tool_spec(tool)
    try:
        facts = _understand(
            tool, tool_input, cwd=cwd, workspace=workspace, home=home, memory=memory, spec=spec
        )
    except Exception as exc:  # analysis must never crash the hook open or closed by accident
        facts = ActionFacts(
            category=spec.category,
            opaque=True,
            opaque_reasons=[f"analysis failed: {type(exc).__name__}"],
            texts=strings_in(tool_input),
        )
    try:
        effectmod.derive(facts, tool, tool_input)
    except Exception as exc:  # pragma: no cover - the effect model must not break a decision
        facts.opaque = True
        facts.opaque_reasons.append(f"effect model failed: {type(exc).__name__}")
    return facts


def category_of(tool: str, agent: str | None = None) -> str:
    """The coarse action of a tool (execute, read, write, fetch, mcp, delegate, other)."""
    return tool_spec(tool, agent).category


def _workspace_owners(info: pathmod.PathInfo, workspace: str, home: str) -> bool:
    """A ``..`` path that climbs into the home the workspace itself lies in (a sibling
    repository, ``../tern-styles/base.json``) reaches the workspace owner's own files, not
    another user's, even when the agent's process runs under a different home: no
    traversal. A credential there, or a system path, still counts."""
    if info.credential or info.place == pathmod.SYSTEM or not info.other_user:
        return False
    owner = pathmod.owner_home(workspace.rstrip("/"), home)
    return bool(owner) and info.path.startswith(owner + "/")


def _understand(
    tool: str,
    tool_input: dict[str, Any],
    *,
    cwd: str,
    workspace: str,
    home: str,
    memory: sessionmod.Memory | None = None,
    spec: ToolSpec,
) -> ActionFacts:
    facts = ActionFacts(category=spec.category)
    if memory is not None:
        moved = memory.effective_cwd(cwd)
        if moved != cwd:
            facts.resolution.append(f"cwd {moved} (cd earlier in the session)")
            cwd = moved

    def path(p: Any) -> pathmod.PathInfo | None:
        if not isinstance(p, str) or not p:
            return None
        info = pathmod.classify(p, workspace=workspace, home=home, cwd=cwd)
        if (
            ".." in p
            and info.place not in (pathmod.WORKSPACE, pathmod.TEMP)
            and (info.place == pathmod.SYSTEM or info.other_user or info.credential)
            and not _workspace_owners(info, workspace, home)
        ):
            facts.traversals.append(info.path)
        if memory is not None and memory.symlinks:
            target = memory.follow(info.path)
            if target != info.path:
                facts.resolution.append(f"{info.path} -> {target} (symlink made in the session)")
                followed = pathmod.classify(target, workspace=workspace, home=home, cwd=cwd)
                # The link's own place (say, the workspace) hides nothing: keep the worse.
                return followed
        return info

    kind = spec.kind
    if kind is ToolKind.SHELL:
        command = tool_input.get(spec.command_key)
        if not isinstance(command, str):
            facts.opaque = True
            facts.opaque_reasons.append(f"{tool} call without a command string")
            return facts
        _shell_call(facts, command, path, cwd=cwd, workspace=workspace, home=home, memory=memory)
        facts.texts = [command]
    elif kind is ToolKind.READ or (kind is ToolKind.SEARCH and not spec.names_only):
        info = path(tool_input.get(spec.path_key) or cwd)
        if info:
            facts.reads.append(info)
    elif kind is ToolKind.SEARCH:
        info = path(tool_input.get(spec.path_key) or cwd)
        if info:
            # Listing names reveals no file content: keep the place, drop the credential mark.
            facts.reads.append(pathmod.PathInfo(info.path, info.place, "", info.agent_config))
    elif kind in (ToolKind.WRITE, ToolKind.EDIT):
        info = path(tool_input.get(spec.path_key))
        facts.texts = strings_in({k: v for k, v in tool_input.items() if k not in spec.quiet_keys})
        if info:
            facts.writes.append(info)
            _file_tool_write(facts, info, tool, workspace=workspace, home=home)
    elif kind is ToolKind.FETCH:
        url = tool_input.get(spec.url_key) if spec.url_key else None
        if isinstance(url, str):
            facts.destinations.append(_destination_for_url(url, tool))
        facts.texts = strings_in(tool_input)
    else:
        # MCP tools, Task/Agent and unknown tools: every string argument may carry data,
        # and every URL among them is a destination the call may reach.
        facts.texts = strings_in(tool_input)
        for text in facts.texts:
            for url in _URL.findall(text)[:20]:
                facts.destinations.append(_destination_for_url(url, tool, sends=True))
        if kind is ToolKind.SUBAGENT:
            # A sub-agent prompt carries data and instructions to another agent: a sink.
            facts.effects.append(Effect(effectmod.SENDS, "sub-agent", tool, "prompt", "arguments"))
            # The prompt is instructions another agent carries out, like an agent
            # instruction file: what it tells the sub-agent to run or send is judged now.
            script = agent_instructions.instruction_script("\n".join(facts.texts), unnamed=True)
            if memory is not None and memory.untrusted:
                # After outside content, a goal asked in words may be an injected one: the
                # changes the prose asks for are this call's, and "download X and run it"
                # is judged as that command (delegated_prose).
                prose = "\n".join(facts.texts)
                facts.state_changes.extend(delegated_prose.prose_changes(prose))
                script = "\n".join(filter(None, [script, delegated_prose.prose_scripts(prose)]))
            told = _dangerous_script(script, workspace=workspace, home=home, target=workspace)
            if told:
                _merge_summary(facts, told, "instructions the sub-agent carries out")
            _delegated_changes(facts, tool, script, told, workspace=workspace, home=home)
        else:
            _self_described(facts, tool, tool_input, path, cwd, workspace, home, memory)
    return facts


# Forge command-line clients: what they print is written by other people.
_FORGE_CLIS = frozenset({"gh", "glab", "tea", "hub", "lab", "bb", "jira"})
# Their subcommands that print what people wrote (not ``auth status`` or ``config``).
_FORGE_TEXTS = frozenset(
    "issue issues pr prs mr mrs ci run runs job pipeline workflow api release releases repo "
    "search gist snippet discussion comment comments note notes".split()
)

# The commands a sub-agent is told to run, read as a command line.
_AS_SHELL = ToolSpec(ToolKind.SHELL, command_key="command")
# Effect kinds of a delegated command that change or destroy state elsewhere.
_DELEGATED_VERBS = frozenset({effectmod.CHANGES_REMOTE})


def _delegated_changes(
    facts: ActionFacts,
    tool: str,
    script: str,
    told: dict[str, Any] | None,
    *,
    workspace: str,
    home: str,
) -> None:
    """The commands a sub-agent's prompt tells it to run change or destroy what they would
    if the agent ran them itself (a bucket removed, a member added, a policy written): the
    same changes are this call's, so the rules on destruction and remote state (with the
    prompt's words and the session's provenance) judge the delegation as the command."""
    if not script:
        return
    inner = understand(
        tool, {"command": script}, cwd=workspace, workspace=workspace, home=home, spec=_AS_SHELL
    )
    if not told:
        facts.destructive.extend(inner.destructive)
        # Data decoded and run (an order to decode a blob and run it): what runs is unseen.
        facts.executes.extend(x for x in inner.executes if x.detail == "decodes and executes data")
    if facts.shell is None and (
        inner.state_changes or any(e.verb in _DELEGATED_VERBS for e in inner.effects)
    ):
        # The commands themselves, so that the effect model (state changes, grants, remote
        # control) and the rules that read the command line judge them as the agent's own.
        facts.shell = inner.shell


def _self_described(
    facts: ActionFacts,
    tool: str,
    tool_input: dict[str, Any],
    path: Any,
    cwd: str,
    workspace: str,
    home: str,
    memory: sessionmod.Memory | None,
) -> None:
    """MCP and unknown tools: judged by annotations and name; command tools as shell."""
    annotations = tool_input.get("_meta_annotations") if isinstance(tool_input, dict) else None
    self_ = effectmod.describe_tool(tool, annotations if isinstance(annotations, dict) else None)
    # Code the tool runs (a command, an argv list, a notebook cell, SQL) is judged by what
    # it does, whatever the tool's name says of itself (tool_code).
    name = tool_spec(tool).operation or tool
    for code in toolcode.code_arguments(name, tool_input, self_.executes):
        inner = ActionFacts(category="execute")
        command = toolcode.as_shell(code)
        _shell_call(inner, command, path, cwd=cwd, workspace=workspace, home=home, memory=memory)
        _merge(facts, inner, keep_texts=True)
        facts.resolution.append(f"{tool}: its {code.argument} argument analysed as {code.language}")
    for key in ("path", "file_path", "filepath", "file", "filename", "directory", "dir"):
        value = tool_input.get(key)
        if isinstance(value, str) and value.startswith(("/", "~", "..")):
            info = path(value)
            if info is not None:
                target = facts.reads if self_.read_only else facts.writes
                target.append(info)
                if not self_.read_only:
                    _file_tool_write(facts, info, tool, workspace=workspace, home=home)
    _moved_by_tool(facts, name, tool_input, path, workspace=workspace, home=home)
    effectmod.tool_effects(facts, tool, tool_input, self_)


# The arguments in which file tools of any server name what they copy or move, and where.
_SOURCE_KEYS = frozenset(
    "source src from origin source_path src_path from_path old_path sourcepath oldpath "
    "sources paths".split()
)
_DEST_KEYS = frozenset(
    "destination dest dst to target target_path dest_path destination_path to_path new_path "
    "newpath".split()
)
_MOVE_WORDS = frozenset({"move", "rename", "mv"})


def _path_values(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [
        v
        for v in items[:16]
        if isinstance(v, str) and v.startswith(("/", "~", "..")) and "\n" not in v
    ]


def _moved_by_tool(
    facts: ActionFacts,
    name: str,
    tool_input: dict[str, Any],
    path: Any,
    *,
    workspace: str,
    home: str,
) -> None:
    """A copy or a move through an MCP file tool (``move_file {source, destination}``,
    ``copy {src, dst}``): the source is read, the destination written (a persistence place
    is persistence there, too), and a credential or a system file moved out of its place is
    gone from there, as ``mv`` of it is (issue #13 §1: every tool has an effect model)."""
    moves = bool(set(re.split(r"[^a-z]+", name.lower())) & _MOVE_WORDS)
    for key, value in tool_input.items():
        low = key.lower()
        if low in _SOURCE_KEYS:
            for raw in _path_values(value):
                info = path(raw)
                if info is None:
                    continue
                facts.reads.append(info)
                if (
                    moves
                    and info.place not in _OWN_PLACES
                    and (info.credential or info.place == pathmod.SYSTEM)
                ):
                    facts.destructive.append(
                        Change("mv-away", info.path, f"{name} moves {info.path} out of its place")
                    )
                    facts.writes.append(info)
        elif low in _DEST_KEYS:
            for raw in _path_values(value):
                info = path(raw)
                if info is not None:
                    facts.writes.append(info)
                    _file_tool_write(facts, info, name, workspace=workspace, home=home)


def _file_tool_write(
    facts: ActionFacts, info: pathmod.PathInfo, tool: str, *, workspace: str, home: str
) -> None:
    """A file written through any file tool (the agent's own, an MCP filesystem server's
    ``write_file``): a place that runs later is persistence (the shell's table), and what
    the content runs is judged as written code."""
    persisted = match_path(_home_form(info.path, home), PERSISTENCE_PATHS)
    if persisted:
        facts.persistence.append(Change(persisted, info.path, f"{tool} writes {info.path}"))
    _written_content(facts, info.path, facts.texts, workspace=workspace, home=home)


def _destination_for_url(url: str, tool: str, *, sends: bool | None = None) -> Destination:
    host = hostmod.host_of(url)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    # A GET can still carry data in its query string or a long path.
    rest = url.split(host, 1)[-1] if host else url
    carries = "?" in rest or len(rest) > 80
    return Destination(
        host=host,
        port=None,
        scheme=scheme,
        tool=tool,
        sends_data=carries if sends is None else sends,
        classes=hostmod.classify_host(host).classes,
    )


def _from_shell(facts: ActionFacts, shell: ShellAnalysis, path: Any) -> None:
    facts.shell = shell
    facts.reads = [p for p in (path(r) for r in shell.reads) if p]
    facts.writes = [p for p in (path(w) for w in shell.writes) if p]
    facts.env_reads = list(shell.env_reads)
    facts.env_dump = "*" in shell.env_reads
    facts.credential_stores = list(shell.credential_stores)
    facts.executes = list(shell.executes)
    # rmdir removes only empty directories: nothing is lost, so it is not destruction.
    emptied = {a for c in shell.commands if c.program == "rmdir" for a in c.argv[1:]}
    facts.destructive = [
        c for c in shell.destructive if not (c.kind == "rm" and c.target in emptied)
    ]
    facts.privilege = list(shell.privilege)
    facts.persistence = list(shell.persistence)
    facts.self_tamper = list(shell.self_tamper)
    facts.source_to_sink = bool(shell.source_to_sink_pipelines)
    facts.opaque = shell.opaque
    facts.opaque_reasons = list(shell.opaque_reasons)
    carrying = _hosts_with_data_in_url(shell.command)
    for d in shell.network:
        facts.destinations.append(
            Destination(
                host=d.host,
                port=d.port,
                scheme=d.scheme,
                tool=d.tool,
                # A GET sends data too when its URL carries a query or a long path.
                sends_data=d.sends_data or (bool(d.host) and d.host in carrying),
                classes=hostmod.classify_host(d.host).classes,
            )
        )
    _issuer_auth(facts, shell)
    facts.destructive += _moved_away(shell, path)
    written = {w.path for w in facts.writes}
    for change in facts.destructive:
        if change.kind in _PATH_DESTROYERS and change.target:
            # Deleting, truncating or moving a file away writes its place: a system file
            # deleted is a system path written, whatever the language that did it.
            info = path(change.target)
            if info is not None and info.path not in written:
                written.add(info.path)
                facts.writes.append(info)
    for target in shell.downloads:
        info = path(target)
        if info is not None and info.place == pathmod.SYSTEM:
            # Fetched content put where the system runs or trusts it: whoever serves the URL
            # chooses code that runs later, the same effect as running it now.
            facts.executes.append(
                Execution("installed-download", f"installs downloaded content at {info.path}")
            )
    facts.suspicious = _suspicious(shell, facts, path)
    if "kill-system-process" in facts.suspicious or any(
        c.kind in ("service-stop", "system-power") for c in facts.destructive
    ):
        # A system service stopped or signalled is a system resource changed.
        facts.effects.append(Effect(effectmod.WRITES, "system-service", "", "signal or stop"))
    for change in facts.destructive:
        info = path(change.target) if change.target else None
        if info is not None and info.credential and info.place not in _OWN_PLACES:
            # Deleting, shredding, truncating or moving a secret out of its place: the
            # user's access breaks, and a moved copy goes wherever its new place goes.
            facts.effects.append(
                Effect(effectmod.WRITES, "destroys:credential", info.path, change.detail[:80])
            )


_OWN_PLACES = (pathmod.WORKSPACE, pathmod.TEMP)


def _issuer_auth(facts: ActionFacts, shell: ShellAnalysis) -> None:
    """A CLI's login token used only to authenticate to its issuer is not read by the call
    (understand/issuer_auth): it leaves the credential stores, and the resolution says why."""
    pairs = [(d.host, d.tool) for d in facts.destinations]
    lifted = issuer_auth.issuer_only(shell, facts.credential_stores, pairs)
    if not lifted:
        return
    facts.credential_stores = [s for s in facts.credential_stores if s not in lifted]
    for store, hosts in lifted.items():
        facts.resolution.append(
            f"{store}: used only to authenticate to its issuer ({', '.join(hosts)})"
        )


def _home_form(path: str, home: str) -> str:
    root = home.rstrip("/")
    if root and (path == root or path.startswith(root + "/")):
        return "~" + path[len(root) :]
    return path


_PATH_DESTROYERS = frozenset(
    {"rm", "rm-recursive", "shred", "find-delete", "mv-away", "history-clear", "truncate"}
)


def _credential_tree(info: pathmod.PathInfo, home: str, *, sends: bool) -> pathmod.PathInfo:
    """A directory above credentials (a home, its ``.config``), handed to a program Bastion
    has no model for that also names a destination, or lying in another user's home: the
    program can take every credential below it along (``tarn backup --include ~ --to
    s3://…``, ``cfgcopy --from ~ops/.config``), so it is read as a credential. Alone and in
    the user's own home (``dust ~``) it is only a directory."""
    if not (sends or info.other_user):
        return info
    owner = pathmod.owner_home(info.path, home) or home
    if not pathmod.holds_credentials(info.path, owner):
        return info
    return replace(info, credential="credential-tree")


def _severity(info: pathmod.PathInfo) -> int:
    if info.credential and info.place not in _OWN_PLACES:
        return 5
    if info.other_user:
        return 4
    if info.place == pathmod.SYSTEM:
        return 3
    if info.credential:
        return 2
    return 1 if info.place not in _OWN_PLACES else 0


def _through_links(facts: ActionFacts, links: dict[str, str], path: Any) -> None:
    """Reads through a link this same command made (``ln -s ~/.ssh k && cat k/id_rsa``)
    reach the link's target, as the kernel follows it: judged there, the worse kept."""
    for k, info in enumerate(facts.reads):
        for link, target in links.items():
            if info.path == link or info.path.startswith(link + "/"):
                followed = path(target + info.path[len(link) :])
                if followed is not None and _severity(followed) >= _severity(info):
                    facts.reads[k] = followed
                    facts.resolution.append(
                        f"{info.path} -> {followed.path} (link made in this command)"
                    )
                break


def _credentials_linked_in(
    facts: ActionFacts, links: dict[str, str], path: Any, *, workspace: str
) -> None:
    """A link made inside the workspace to a credential (``ln -s ~/.ssh site/keys``): from
    now on everything that reads the workspace whole (a site deploy, an archive, a sync, a
    commit) reads the credential through it, so making the link is judged as reading it."""
    if not workspace:
        return
    inside = workspace.rstrip("/") + "/"
    for link, target in list(links.items())[:8]:
        if not link.startswith(inside):
            continue
        info = path(target)
        if info is not None and info.credential and info.path not in {p.path for p in facts.reads}:
            facts.reads.append(info)
            facts.resolution.append(
                f"{link} -> {info.path} (a credential linked into the workspace)"
            )


def _resolved_stores(facts: ActionFacts, home: str) -> None:
    """Credential stores reached by a path only resolution shows (a link, a ``cd``): the
    shell's store check reads the command's words; the kernel reads the resolved path."""
    for info in facts.reads:
        if not info.credential:
            continue
        store = credential_store_of(_home_form(info.path, home))
        if not store and info.place not in _OWN_PLACES:
            # The catalogue's long tail (client histories, browser stores, CLI configs)
            # outside the workspace: the same store read as the shell's short list.
            store = _home_form(info.path, home)
        if store and f"file:{store}" not in facts.credential_stores:
            facts.credential_stores.append(f"file:{store}")


def _fetched_code(
    facts: ActionFacts,
    shell: ShellAnalysis,
    programs: list[tuple[str, tuple[str, ...]]],
    *,
    cwd: str,
    moved: list[str],
    memory: sessionmod.Memory | None,
) -> None:
    """Code fetched in the session (``git clone``) and run later, in this command or a later
    one, is downloaded code: its provenance is the host it came from, not the workspace it
    now sits in (``git clone https://host/t && bash t/install.sh``)."""
    fetched = dict(memory.fetched) if memory is not None else {}
    fetched.update(sessionmod.clones(programs, cwd))
    fetched.update(sessionmod.patched_in(shell.command, cwd))
    fetched.update(sessionmod.unpacked(shell.command, cwd))
    if not fetched:
        return
    triggers: set[str] = set()
    for where in [cwd, *moved]:
        triggers |= sessionmod.run_triggers(programs, where)
        # An option whose role runs or loads its value (``--policy-pack DIR``, ``--init-script
        # F``) pointed into a fetched tree runs what was fetched.
        triggers |= {
            "script:" + sessionmod._abs(value, where)
            for program, argv in programs[:32]
            if len(argv) > 1 and program not in _NO_OPTION_RUNS
            for value in exec_options.named_programs(" ".join(argv[1:]), limit=4)
        }
    for what, host in sessionmod.fetched_runs(fetched, triggers, [cwd, *moved])[:4]:
        facts.executes.append(
            Execution("downloaded", f"runs {what}, fetched from {host} in this session")
        )
        if host not in {d.host for d in facts.destinations}:
            facts.destinations.append(
                Destination(host, None, "", "git", False, hostmod.classify_host(host).classes)
            )


def _also_from(path: Any, directories: list[str]) -> Any:
    """``path`` that also resolves relative paths from the directories a ``cd`` inside the
    command moves to, and keeps the more sensitive answer (which statement a relative path
    belongs to is not tracked; the worse reading is the safe one)."""

    def resolve(p: Any) -> pathmod.PathInfo | None:
        info = path(p)
        if info is None or not isinstance(p, str) or p.startswith(("/", "~", "$")):
            return info
        for directory in directories:
            other = path(posixpath.join(directory, p))
            if other is not None and _severity(other) > _severity(info):
                info = other
        return info

    return resolve


def _moved_away(shell: ShellAnalysis, path: Any) -> list[Change]:
    """``mv`` of a credential or a system file out of its place: it is gone from there,
    the same loss as deleting it (a move inside the workspace or temp is ordinary work)."""
    out: list[Change] = []
    for cmd in shell.commands:
        if cmd.program != "mv":
            continue
        words = [a for a in cmd.argv[1:] if not a.startswith("-")]
        for source in words[:-1][:16]:
            info = path(source)
            if info is None or info.place in _OWN_PLACES:
                continue
            if info.credential or info.place == pathmod.SYSTEM:
                out.append(Change("mv-away", info.path, f"mv moves {info.path} out of its place"))
    return out


def _shell_call(
    facts: ActionFacts,
    command: str,
    path: Any,
    *,
    cwd: str,
    workspace: str,
    home: str,
    memory: sessionmod.Memory | None,
) -> None:
    """A shell command after the session's expansions, with what it reaches and runs later."""
    expanded = sessionmod.with_variables(command, memory)
    if expanded != command:
        facts.resolution.append(
            "variables from earlier in the session: "
            + expanded[: expanded.index(command)][:200].strip()
        )
    moved = sessionmod.cd_targets(expanded, cwd, home)
    if moved:
        path = _also_from(path, moved)
        facts.resolution.append("cd inside the command: " + ", ".join(moved[:3]))
    shell = _analyze(expanded)
    _from_shell(facts, shell, path)
    programs = [(c.program, c.argv) for c in shell.commands]
    links = sessionmod.links_made(programs, cwd, home)
    if links:
        _through_links(facts, links, path)
        _credentials_linked_in(facts, links, path, workspace=workspace)
    _resolved_stores(facts, home)
    _fetched_code(facts, shell, programs, cwd=cwd, moved=moved, memory=memory)
    braced = expand_braces(expanded)
    if braced != expanded:
        # tree-sitter reads "{cat,~/.ssh/id_rsa}" at a statement's start as a group, not
        # as the brace expansion bash performs: judge the expanded form too.
        other = ActionFacts(category="execute")
        _from_shell(other, _analyze(braced), path)
        shell_kept = facts.shell
        _merge(facts, other, keep_texts=True)
        facts.shell = shell_kept
        facts.resolution.append("brace expansion: " + braced[:160])
    reached = reachmod.unmodelled_reach(shell)
    for raw in reached.paths:
        info = path(raw)
        if info is not None and not info.credential and info.place not in _OWN_PLACES:
            info = _credential_tree(info, home, sends=bool(reached.hosts))
        if info is not None and info.path not in {p.path for p in facts.reads}:
            facts.reads.append(info)
            facts.reach.append(info.path)
        if info is not None and info.credential and info.place not in _OWN_PLACES:
            # A program with no model that is handed a secret may do anything with it
            # (back it up, relay it): judged by that reach, not allowed for want of a model.
            facts.effects.append(
                Effect(
                    effectmod.READS,
                    "credential-by-unmodelled",
                    info.path,
                    reached.programs.get(raw, "unmodelled"),
                )
            )
    for host in reached.hosts:
        facts.destinations.append(
            Destination(
                host=host,
                port=None,
                scheme="",
                tool=reached.programs.get(host, "unmodelled"),
                sends_data=True,  # an unknown program that names a host may send anything
                classes=hostmod.classify_host(host).classes,
            )
        )
    senders = {d.tool for d in facts.destinations if d.sends_data and d.tool}
    handed = reachmod.handed_to_senders(shell, senders) if senders else reachmod.Reach()
    for raw in handed.paths:
        info = path(raw)
        if info is None or not info.credential or info.place in _OWN_PLACES:
            continue
        if info.path in {p.path for p in facts.reads}:
            continue  # the program's model already reads it (curl -d @file, scp)
        facts.reads.append(info)
        facts.reach.append(info.path)
        # A sending program given a credential file sends it (an issue comment's body file,
        # a release asset), whether or not its model knows the option.
        facts.effects.append(
            Effect(effectmod.READS, "credential-handed-to-sender", info.path, handed.programs[raw])
        )
    if any(e.kind.startswith("inline-") for e in shell.executes):
        _literal_reach(facts, shell.command, path)
    if reached.hosts or reached.paths:
        facts.resolution.append(
            "unmodelled "
            + ", ".join(sorted(set(reached.programs.values()))[:4])
            + ": judged by the paths and hosts it can reach"
        )
    for cmd in shell.commands:
        if cmd.program == "git" and cmd.argv[1:2] == ("add",):
            for arg in cmd.argv[2:]:
                info = path(arg) if not arg.startswith("-") else None
                if info is not None and info.credential:
                    # Committed, the secret goes wherever the repository goes, for good.
                    facts.effects.append(
                        Effect(effectmod.WRITES, "credential-into-repository", info.path, "git add")
                    )
    for cmd in shell.commands:
        if cmd.program in ("pkill", "killall", "skill"):
            targets = [a for a in cmd.argv[1:] if not a.startswith("-")]
            if targets and not any(sessionmod.started_here(memory, a) for a in targets):
                # By name, and not a name this session ran: someone else's processes.
                facts.effects.append(
                    Effect(effectmod.WRITES, "destroys:foreign-process", " ".join(targets)[:80])
                )
    _foreign_signals(facts, memory)
    _transfer_verbs(facts, shell, path)
    _file_arguments(facts, shell, path)
    if any(c.kind == "git-push-force" for c in facts.destructive) and all(
        sessionmod.own_branch_lease_push(memory, cmd.argv)
        for cmd in shell.commands
        if cmd.program == "git" and cmd.argv[1:2] == ("push",)
    ):
        facts.destructive = [c for c in facts.destructive if c.kind != "git-push-force"]
        facts.resolution.append("force-with-lease push of branches this session created")
    if memory is not None and memory.branches:
        # Deleting on the remote a branch this session created removes only its own work.
        facts.destructive = [
            c
            for c in facts.destructive
            if not (c.kind == "git-push-delete" and c.target in memory.branches)
            or c.target in sessionmod.SHARED_BRANCHES
        ]
    _served_directories(facts, shell, path, home, workspace)
    _remote_pushes(facts, shell, memory)
    if memory is not None:
        _deferred(facts, shell, cwd=cwd, workspace=workspace, home=home, memory=memory)
        _built_and_run(facts, shell, cwd=cwd, workspace=workspace, home=home, memory=memory)
    _embedded_commands(facts, shell, workspace=workspace, home=home, cwd=cwd)
    _echoed_content(facts, shell, cwd=cwd, workspace=workspace, home=home)
    for key, value in sessionmod.git_config_commands(command):
        # A git config key whose value git runs: judged now by what it would run.
        content = content_effects("shell", value, workspace=workspace, home=home, cwd=cwd)
        facts.written_content = {"git-config:" + key: content}
        if content:
            _merge_summary(facts, content, f"git config {key}")


# A library or module file: handed to a program that runs operands, it is loaded, so even
# unseen content (a download) runs.
# Files whose name says they are data for a program, not a program (a table, an image, an
# archive, a configuration): handed to a program with no model, they are its input.
_DATA_FILE = re.compile(
    r"(?i)\.(?:csv|tsv|json|jsonl|ndjson|parquet|arrow|feather|xlsx?|ods|xml|ya?ml|toml|ini|"
    r"txt|md|html?|pdf|png|jpe?g|gif|svg|webp|tiff?|nc|h5|hdf5|npy|npz|sqlite3?|db|"
    r"tar|t?gz|tgz|zip|xz|bz2|zst|7z|iso|img|mp[34]|wav|fasta|fastq|bam|vcf|geojson|shp)$"
)
# The ``via`` of a file a download wrote (its content unseen).
DOWNLOADED = "download"
_LOADABLE = re.compile(r"\.(?:so(?:\.\d+)*|dylib|dll|wasm|jar|node)$")
# Programs whose text operands are patterns or messages, never run.
_TEXT_OPERANDS = frozenset(
    "grep egrep fgrep rg ag ack git-grep sed jq yq echo printf gh glab git".split()
)
# Options whose value is a message or a pattern.
_MESSAGE_OPTIONS = frozenset("-m --message -F --body --title --notes -e --regexp".split())
# What precedes a command inside an argument: a pager's or editor's escape (``+!``, ``:!``).
_ESCAPE_LEAD = re.compile(r"^[+:!\s]+")
_QUOTED_ANY = re.compile("'[^']*'|\"(?:[^\"\\\\]|\\\\.)*\"")
_QUOTED = re.compile(r""""((?:[^"\\\n]|\\.){8,400})"|'((?:[^'\\\n]|\\.){8,400})'""")


def _embedded_commands(
    facts: ActionFacts, shell: ShellAnalysis, *, workspace: str, home: str, cwd: str
) -> None:
    """A command spelt inside another program's argument, judged as run (#13 §1).

    Many programs run text they are handed (``emacs --eval '(shell-command "…")'``, ``less
    '+!…'``, ``gdb -ex 'shell …'``, an editor's ``:!``, a line piped into ``ed``), and no table
    of them is complete. An argument that is itself a pipeline fetching and running code or
    sending a secret is judged as that pipeline, whoever receives it; patterns, messages and
    text only printed are not (a printed line counts once a pipe hands it on)."""
    piped = "|" in _QUOTED_ANY.sub("", shell.command)  # a pipe outside quotes
    pieces: list[str] = []
    for cmd in shell.commands[:16]:
        if cmd.program in _TEXT_OPERANDS and not (cmd.program in ("echo", "printf") and piped):
            continue
        argv = cmd.argv
        for k in range(1, min(len(argv), 24)):
            word = argv[k]
            if ("://" not in word and not is_commandish(word)) or argv[k - 1] in _MESSAGE_OPTIONS:
                continue
            for line in re.split(r"\\n|\n", word)[:8]:  # printf's lines, an editor's script
                bare = _ESCAPE_LEAD.sub("", line)
                if is_commandish(bare) or ("@" in bare and ("~" in bare or "HOME" in bare)):
                    pieces.append(bare)
            pieces.extend(
                m.group(1) or m.group(2) for m in _QUOTED.finditer(word) if "://" in m.group(0)
            )
    for piece in pieces[:4]:
        told = _dangerous_script(piece, workspace=workspace, home=home, target=cwd)
        if told:
            _merge_summary(facts, told, "a command inside another program's argument")
            return


_PATH_LITERAL = re.compile(r"""(['"])((?:/|~/|(?:\.\./)+)[^'"\n\\]{1,200})\1""")
_HOME_EXPR = re.compile(r"(?:HOME|\bhome(?:dir)?\b(?:\(\))?|USERPROFILE|expanduser\([^)]*\))\W*$")
# A literal that starts from the home directory inside the string ("$ENV{HOME}/.ssh/x",
# "#{Dir.home}/.aws/credentials", "${HOME}/.netrc").
_HOME_IN_LITERAL = re.compile(
    r"""(['"])[<>+|\s]*(?:\$ENV\{HOME\}|\$\{?HOME\}?|\#\{(?:Dir\.home|ENV\[['"]HOME['"]\])\})(/[^'"\n\\]{1,200})\1"""
)
# host:port or a dotted IPv4 literal in code: where a socket connects.
_SOCKET_LITERAL = re.compile(
    r"""['"]((?:\d{1,3}\.){3}\d{1,3}|[a-z0-9.-]+\.[a-z]{2,})(?::(\d{1,5}))?['"]"""
)
_SOCKET_LANGUAGES = frozenset({"inline-perl", "inline-ruby", "inline-php", "inline-lua"})
_TRAVERSAL_HEAD = re.compile(
    r"^(?:(?:\.\./){2,}|(?:\.\./)+(?=(?:etc|root|proc|sys|var|usr|boot|home|dev|srv|opt)/))"
)


def _literal_reach(facts: ActionFacts, command: str, path: Any) -> None:
    """Paths spelled as string literals in interpreter code: what that code can reach.

    Code passes paths through variables and functions that a static reading does not
    follow (``send(url, '/etc/passwd')``), so every literal path outside the workspace
    counts as read. A literal that climbs with ``../../`` is judged where the climb can
    end: at the root, whatever directory the code joins it to.
    """
    known = {p.path for p in facts.reads}
    # Code inside double-quoted shell arguments carries its quotes escaped (\"…\").
    if '\\"' in command:
        command = command.replace('\\"', '"')
    for match in list(_HOME_IN_LITERAL.finditer(command))[:16]:
        info = path("~" + match.group(2))
        if info is not None and info.path not in known and (info.credential or info.other_user):
            known.add(info.path)
            facts.reads.append(info)
            facts.reach.append(info.path)
    if any(e.kind in _SOCKET_LANGUAGES for e in facts.executes) and re.search(
        r"(?i)socket|tcp|connect", command
    ):
        # Perl, Ruby, PHP and Lua code has no model of its own sockets: a host literal in
        # code that opens sockets is where the code connects to.
        seen = {d.host for d in facts.destinations}
        for host, port in _SOCKET_LITERAL.findall(command)[:8]:
            info_host = hostmod.classify_host(host)
            if host in seen or "." not in host or host.split(".")[-1] in ("pm", "pl", "rb", "php"):
                continue
            seen.add(host)
            facts.destinations.append(
                Destination(
                    host, int(port) if port else None, "tcp", "inline", True, info_host.classes
                )
            )
    for match in list(_PATH_LITERAL.finditer(command))[:64]:
        literal = match.group(2)
        candidates = [(literal, False)]
        if _TRAVERSAL_HEAD.match(literal):
            candidates.append(("/" + _TRAVERSAL_HEAD.sub("", literal), True))
        before = command[max(0, match.start() - 48) : match.start()]
        if literal.startswith("/") and _HOME_EXPR.search(before):
            # process.env.HOME + "/.npmrc", os.environ["HOME"] + "/.aws/...": home-relative.
            candidates = [("~" + literal, False)]
        for raw, climbed in candidates:
            info = path(raw)
            if info is None or info.path in known:
                continue
            if not (climbed or info.credential or info.other_user or _sensitive(info.path)):
                # Code names many paths it never opens (URL routes, defaults, docs); only
                # the ones that reach something sensitive are counted as reach.
                continue
            if climbed:
                facts.traversals.append(info.path)
            known.add(info.path)
            facts.reads.append(info)
            facts.reach.append(info.path)


_BRACE_WORD = re.compile(
    r"(?<![\w$])([^\s;|&()<>'\"{}$]*)\{([^{}\s'\"]*,[^{}\s'\"]*)\}([^\s;|&()<>'\"{}]*)"
)


def expand_braces(command: str) -> str:
    """Unquoted ``pre{a,b}post`` words expanded as bash does (``prea preb``); one level.
    Bash expands braces before parameters, so ``{cat,$HOME/x}`` is ``cat $HOME/x``."""
    if "{" not in command or "," not in command:
        return command

    def expand(match: re.Match[str]) -> str:
        before = command[: match.start()]
        if before.count("'") % 2 or before.count('"') % 2:
            return match.group(0)  # inside quotes: no expansion
        pre, body, post = match.groups()
        return " ".join(pre + alt + post for alt in body.split(",")[:16])

    return _BRACE_WORD.sub(expand, command[:4096])


_SENSITIVE_PREFIXES = ("/etc/", "/root/", "/proc/", "/sys/", "/boot/", "/var/", "/srv/", "/dev/")
_QUIET_DEVICES = ("/dev/null", "/dev/zero", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty")


def _sensitive(path: str) -> bool:
    """System places whose files say something about the machine or its other users."""
    if path.startswith(("/var/tmp/", "/dev/shm/")) or path in _QUIET_DEVICES:
        return False
    return path.startswith(_SENSITIVE_PREFIXES) or path in ("/etc", "/root")


_SERVE_MODULES = frozenset({"http.server", "SimpleHTTPServer"})


def _served_directory(program: str, argv: list[str]) -> str | None:
    """The directory a static file server publishes, or None when the command is none:
    ``python -m http.server [-d DIR]``, ``php -S addr [-t DIR]``, ``ruby -run -e httpd DIR``,
    ``busybox httpd [-h DIR]``, ``http-server DIR`` / ``serve DIR`` (npx or installed)."""
    if program in ("npx", "pnpx", "bunx") and len(argv) > 1:
        argv = [a for a in argv[1:] if a not in ("-y", "--yes")]
        program = argv[0].split("@", 1)[0] if argv else ""
    if program == "busybox" and len(argv) > 1:
        argv, program = argv[1:], argv[1]

    def value(*names: str) -> str | None:
        for k, word in enumerate(argv[:-1]):
            if word in names:
                return argv[k + 1]
            for name in names:
                if name.startswith("--") and word.startswith(name + "="):
                    return word.split("=", 1)[1]
        return None

    if program.startswith("python") and "-m" in argv:
        at = argv.index("-m")
        if at + 1 < len(argv) and argv[at + 1] in _SERVE_MODULES:
            return value("-d", "--directory") or "."
        return None
    if program.startswith("php") and "-S" in argv:
        return value("-t") or "."
    if program.startswith("ruby") and "httpd" in argv and any(a.startswith("-run") for a in argv):
        rest = [a for a in argv[argv.index("httpd") + 1 :] if not a.startswith("-")]
        return rest[0] if rest else "."
    if program == "httpd" and argv[:1] == ["httpd"] and "-h" in argv:
        return value("-h") or "."
    if program in ("http-server", "serve", "live-server"):
        rest = [a for a in argv[1:] if not a.startswith("-")]
        return rest[0] if rest else "."
    return None


def _served_directories(
    facts: ActionFacts, shell: ShellAnalysis, path: Any, home: str, workspace: str
) -> None:
    """A file server started on a directory sends every file under it to whoever asks:
    serving a home directory (or above it, or a credential directory) sends secrets. The
    homes are the agent's and the one the workspace lies in (the user's, when the agent
    runs under another account)."""
    roots = {home.rstrip("/"), pathmod.owner_home(workspace, home).rstrip("/")} - {""}
    for cmd in shell.commands:
        directory = _served_directory(cmd.program, list(cmd.argv))
        if directory is None:
            continue
        info = path(directory)
        if info is None:
            continue
        if info.credential or any(
            (root + "/").startswith(info.path.rstrip("/") + "/") for root in roots
        ):
            facts.effects.append(
                Effect(effectmod.SENDS, "listener", info.path, "serves the directory", "credential")
            )
            if not any(d.sends_data for d in facts.destinations):
                # A server Bastion has no network model for still listens for anyone.
                host = "0.0.0.0"
                facts.destinations.append(
                    Destination(
                        host, None, "http", cmd.program, True, hostmod.classify_host(host).classes
                    )
                )


# Arguments that hand a file's content to a network client: file://x and fileb://x (aws),
# key=@x and @x (gh api -F, with keys such as files[a][content]=@x, httpie, curl-like
# tools).
_FILE_ARGUMENT = re.compile(r"^(?:[^\s=@]+=)?(?:fileb?://|@)(?P<path>[~/.$][^\s]*)$")


# Subcommands that hand what follows to someone else, in any transfer tool's vocabulary.
_TRANSFER_VERBS = frozenset("send upload share transfer post put".split())


def _transfer_verbs(facts: ActionFacts, shell: ShellAnalysis, path: Any) -> None:
    """A program Bastion has no network model for, told to send or upload (``croc send
    .env``, ``wormhole send``, ``ffsend upload``): its destination is unknown and outside,
    and the files it is given are what it sends (#13 §1, judged by what it can reach)."""
    if facts.destinations:
        return
    for cmd in shell.commands[:16]:
        words = [a for a in cmd.argv[1:4] if not a.startswith("-")]
        if words[:1] and words[0] in _TRANSFER_VERBS and cmd.program not in _LOCAL_VERB_TOOLS:
            facts.destinations.append(
                Destination("", None, "", cmd.program, True, ("unknown", hostmod.EXTERNAL))
            )
            known = {p.path for p in facts.reads}
            for word in [a for a in cmd.argv[2:16] if not a.startswith("-")][:8]:
                info = path(word)
                if info is not None and info.path not in known:
                    known.add(info.path)
                    facts.reads.append(info)
            return


# Tools whose "put"/"send"/"post" is local or modelled elsewhere (git, a key-value put).
_LOCAL_VERB_TOOLS = frozenset("git etcdctl consul vault redis-cli kubectl helm gh glab".split())


def _file_arguments(facts: ActionFacts, shell: ShellAnalysis, path: Any) -> None:
    """A network client given a file as an argument sends that file's content."""
    if not facts.destinations:
        return
    known = {p.path for p in facts.reads}
    found = False
    for cmd in shell.commands:
        for arg in cmd.argv[1:64]:
            match = _FILE_ARGUMENT.match(arg)
            info = path(match.group("path")) if match else None
            if info is None:
                continue
            found = True
            if info.path not in known:
                known.add(info.path)
                facts.reads.append(info)
    if found:
        facts.destinations = [
            Destination(d.host, d.port, d.scheme, d.tool, True, d.classes)
            for d in facts.destinations
        ]


def _foreign_signals(facts: ActionFacts, memory: sessionmod.Memory | None) -> None:
    """One effect for every way of signalling a process the session did not start: a
    system daemon, processes picked from the whole process table (ps, pgrep, psutil,
    /proc), a service stopped through its manager, in any language."""
    if any(e.kind == "destroys:foreign-process" for e in facts.effects):
        return
    why = ""
    if "kill-system-process" in facts.suspicious:
        why = "a system service or daemon"
    elif "kill-listed-processes" in facts.suspicious:
        why = "processes picked from the process table"
    else:
        for change in facts.destructive:
            if change.kind == "service-stop" and not sessionmod.started_here(memory, change.target):
                why = f"service {change.target}"
                break
    if why:
        facts.effects.append(Effect(effectmod.WRITES, "destroys:foreign-process", why[:80]))


def _remote_pushes(
    facts: ActionFacts, shell: ShellAnalysis, memory: sessionmod.Memory | None
) -> None:
    """``git push <name>`` to a remote added in this session, or earlier in this command,
    sends to that remote's host; it is not one of the repository's own remotes, whatever
    host it names (``sends:added-remote``)."""
    added = dict(memory.remotes) if memory is not None else {}
    added.update(sessionmod.remotes_added(shell.command))
    for cmd in shell.commands:
        if cmd.program != "git":
            continue
        lfs = "lfs" in cmd.argv[1:3] and "push" in cmd.argv[1:4]
        if "push" not in cmd.argv[1:3] and not lfs:
            continue
        names = [a for a in cmd.argv[cmd.argv.index("push") + 1 :] if not a.startswith("-")]
        if not lfs and names and ("://" in names[0] or _SCP_REMOTE.match(names[0])):
            _push_to_url(facts, names[0])
        key = (
            sessionmod.LFS
            if lfs and sessionmod.LFS in added
            else (names[0] if names and names[0] in added else "")
        )
        if not key and sessionmod.EVERY_PUSH in added:
            key = sessionmod.EVERY_PUSH
        if not key:
            continue
        host = added[key]
        facts.destinations.append(
            Destination(host, None, "", "git", True, hostmod.classify_host(host).classes)
        )
        facts.effects.append(Effect(effectmod.SENDS, "added-remote", host, "git push"))
        facts.resolution.append(f"git push ({key}) -> {host} (set in this session)")


_SCP_REMOTE = re.compile(r"^[\w.+-]+@[\w.-]+:(?!//)[^\s]+$")


def _push_to_url(facts: ActionFacts, url: str) -> None:
    """``git push https://host/owner/repo`` (or ``git@host:owner/repo``): on a shared source
    host the owner and the repository are the destination, not the host (another owner on
    github.com is someone else's repository)."""
    if _SCP_REMOTE.match(url):
        user_host, _, rest = url.partition(":")
        url = f"ssh://{user_host}/{rest}"
    host = hostmod.host_of(url)
    parts = [p for p in url.split("://", 1)[1].split("/")[1:3] if p]
    if not host or len(parts) < 2:
        return
    target = f"{host}/{parts[0]}/{parts[1].removesuffix('.git')}".lower()
    facts.effects.append(Effect(effectmod.SENDS, "push-url", target, "git push"))
    facts.resolution.append(f"git push to {target} (a URL, not one of the remotes)")


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def built_effects(
    build: sessionmod.Build, memory: sessionmod.Memory | None, stdin_text: str | None, **where: str
) -> dict[str, Any] | None:
    """What running a binary built in the session does: the effects of its sources as the
    session wrote them, or None (unknown code) when a source written in the session was not
    seen. Built only from the repository's own files: {"untouched": True}."""
    merged: dict[str, Any] = {}
    found = False
    if build.stdin:
        if stdin_text is None:
            return None
        found = True
        _merge_dicts(merged, content_effects("compiled", stdin_text, **where) or {})
    written = memory.written if memory is not None else {}
    for source in build.sources:
        entries = [
            w
            for path, w in written.items()
            if path == source or (path.startswith(source.rstrip("/") + "/"))
        ]
        entries = [w for w in entries if sessionmod.COMPILED_SOURCE.search(w.path)]
        if not entries:
            continue  # a source from the repository as it was: the project's own code
        for entry in entries:
            if entry.effects is None:
                return None
            found = True
            _merge_dicts(merged, entry.effects)
    return merged if found else {"untouched": True}


def _merge_dicts(into: dict[str, Any], more: dict[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, list):
            into.setdefault(key, [])
            into[key] = (into[key] + value)[:32]
        else:
            into[key] = value


def _built_and_run(
    facts: ActionFacts,
    shell: ShellAnalysis,
    *,
    cwd: str,
    workspace: str,
    home: str,
    memory: sessionmod.Memory | None,
) -> None:
    """Binaries built in this very command and run in it (``gcc x.c -o t && ./t``, ``go run
    ./cmd``): judged as their sources; unknown sources make the run opaque."""
    programs = [(c.program, c.argv) for c in shell.commands]
    built = sessionmod.builds(programs, cwd)
    if not built:
        return
    triggers = sessionmod.run_triggers(programs, cwd)
    stdin_text = _stdin_literal(shell.command)
    for build in built:
        if not (build.output.startswith("go-run:") or "script:" + build.output in triggers):
            continue
        effects = built_effects(build, memory, stdin_text, workspace=workspace, home=home, cwd=cwd)
        if effects is None or not effects.get("untouched"):
            _run_built(facts, build.output, effects)


def _run_built(facts: ActionFacts, output: str, effects: dict[str, Any] | None) -> None:
    if effects is None:
        facts.opaque = True
        facts.opaque_reasons.append(f"runs {output}, built in this session from unseen source")
        facts.executes.append(Execution("session-written", f"runs {output} (built)"))
        return
    if effects:
        facts.executes.append(Execution("deferred", f"runs {output} built in this session"))
        _merge_summary(facts, effects, f"built in this session: {output}")


_PRINTF_PIPE = re.compile(r"""^\s*(?:printf|echo(?:\s+-e)?)\s+(['"])(.*?)\1\s*\|""", re.S)


def _stdin_literal(command: str) -> str | None:
    """The literal text a command's first pipeline starts with (``printf '…' | cc -``)."""
    match = _PRINTF_PIPE.match(command)
    if match is None:
        return None
    return match.group(2).replace("\\n", "\n").replace('\\"', '"')


_DEFERRED_STEPS = 4


def _git_hook_dirs(argv: tuple[str, ...] | list[str]) -> list[str]:
    """Directories a git command makes the source of its hooks (``--template``,
    ``core.hooksPath`` given with ``-c`` or set by ``git config``)."""
    out: list[str] = []
    words = list(argv[1:16])
    for k, word in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if word.startswith("--template="):
            out.append(word.partition("=")[2].rstrip("/") + "/hooks")
        elif word == "--template" and nxt:
            out.append(nxt.rstrip("/") + "/hooks")
        elif word.lower().startswith("core.hookspath="):
            out.append(word.partition("=")[2])
        elif word.lower() == "core.hookspath" and nxt and not nxt.startswith("-"):
            out.append(nxt)
    return [d for d in out if d and "$" not in d][:4]


# Programs whose arguments are text or data, never options of their own (echo, grep).
_NO_OPTION_RUNS = frozenset({"echo", "printf", "grep", "rg", "egrep", "fgrep", "sed", "awk"})


def _deferred(
    facts: ActionFacts,
    shell: ShellAnalysis,
    *,
    cwd: str,
    workspace: str,
    home: str,
    memory: sessionmod.Memory,
) -> None:
    """Content written earlier in the session that this command runs, judged as run now."""
    programs = [(c.program, c.argv) for c in shell.commands]
    # A written file handed to a program that may run it (one with no model of its own):
    # judged by the content Bastion saw; unseen content gives no evidence that it runs.
    # A ``cd`` inside the command moves later statements: their relative operands, and the
    # scripts they run by path (``cd native && ./configure``), are resolved from each
    # directory it moves to as well (``cd infra && tool -i x.py``).
    dirs = [cwd, *sessionmod.cd_targets(shell.command, cwd, home)[:3]]
    triggers = {t for here in dirs for t in sessionmod.run_triggers(programs, here)}
    operands = {
        t
        for here in dirs
        for program, argv in programs[:32]
        for t in sessionmod.operand_runs(program, argv, here)
    }
    # A file a command-line setting loads (``-d auto_prepend_file=F``) runs whatever its
    # content: unseen content (a download) counts, unlike a plain operand.
    loaded = {
        t
        for here in dirs
        for _p, argv in programs[:32]
        for t in sessionmod.setting_runs(argv, here)
    }
    if loaded and memory.written:
        triggers.update(t for t in loaded - triggers if sessionmod.matching(memory, {t}))
    if operands and memory.written:
        # A download (content unseen) handed to a program with no model (``escript F``,
        # ``janet F``, ``gforth F``) in a later call: nothing says it is data, and such a
        # program may run it, as in the same command (``registry._runs_download``).
        unmodelled = {
            t
            for here in dirs
            for program, argv in programs[:32]
            if not reachmod.modelled(program)
            for t in sessionmod.operand_runs(program, argv, here)
        }
        triggers.update(
            t
            for t in operands - triggers
            for w in sessionmod.matching(memory, {t})
            if w.effects is not None
            or _LOADABLE.search(w.path)
            or (w.via == DOWNLOADED and t in unmodelled and not _DATA_FILE.search(w.path))
        )
        # A directory handed over (``--overlay-ports=ports/zlib``, ``tool run plugins/``):
        # the files the session wrote inside it that have effects of note may be loaded.
        dirs_given = [t[len("script:") :].rstrip("/") + "/" for t in operands - triggers]
        triggers.update(
            "script:" + w.path
            for w in memory.written.values()
            if w.effects and any(w.path.startswith(d) for d in dirs_given)
        )
    # A project handed to a build or run verb by its manifest or its folder (``cargo run
    # --manifest-path probe/Cargo.toml``, ``dotnet run --project probe``, ``mvn -f
    # svc/pom.xml``): the sources the session wrote in that project are built and run.
    if memory.written and "build" in triggers:
        projects = [
            sessionmod._abs(folder, here).rstrip("/") + "/"
            for here in dirs
            for program, argv in programs[:32]
            for folder in [*sessionmod.project_folders(argv), *sessionmod.built_folders(argv)]
        ]
        triggers.update(
            "script:" + w.path
            for w in memory.written.values()
            if w.effects and any(w.path.startswith(d) for d in projects)
        )
    # An environment variable naming a file the session wrote (``SSH_ASKPASS=/tmp/ap ssh``,
    # ``LUA_INIT=@boot.lua lua``, ``LESSOPEN='|tools/lp.sh %s' less``): the program started
    # with it may run that file, whatever the variable, so the written content is judged.
    if memory.written:
        named = {
            "script:" + sessionmod._abs(value, here)
            for c in shell.commands[:32]
            for value in _assigned_paths(c.assignments)
            for here in dirs
        }
        triggers.update(
            t for t in named for w in sessionmod.matching(memory, {t}) if w.effects is not None
        )
    # An option whose role is to run its value (``go build -toolexec=/tmp/gx``,
    # ``--workspace_status_command=x.sh``) is evidence that the named file runs, seen or not.
    for program, argv in programs[:32]:
        if len(argv) > 1 and program not in _NO_OPTION_RUNS:
            for value in exec_options.named_programs(" ".join(argv[1:]), limit=4):
                triggers.update("script:" + sessionmod._abs(value, here) for here in dirs)
    # A directory git is told to take its hooks from (``--template=D``: D/hooks is copied
    # in and post-checkout runs at once; ``core.hooksPath D``: every later commit runs
    # D's hooks): the hooks written there in this session run as of this command.
    hook_dirs = [
        sessionmod._abs(d, here)
        for here in dirs
        for program, argv in programs[:32]
        if program == "git"
        for d in _git_hook_dirs(argv)
    ]
    if hook_dirs and memory.written:
        triggers.update(
            "script:" + path
            for path in memory.written
            if any(path.startswith(d.rstrip("/") + "/") for d in hook_dirs)
        )
    # What a run loads may load more (npm runs package.json's "prepare", which runs
    # scripts/setup.js; make runs a recipe that runs ./scripts/x.sh): followed a few steps.
    seen: set[str] = set()
    frontier = sessionmod.matching(memory, triggers)
    for _ in range(_DEFERRED_STEPS):
        more: set[str] = set()
        for entry in frontier:
            if entry.path in seen:
                continue
            seen.add(entry.path)
            facts.deferred.append(entry.path)
            if entry.effects is None:
                facts.opaque = True
                facts.opaque_reasons.append(
                    f"runs {entry.path}, written in this session with content Bastion did not see"
                )
                facts.executes.append(Execution("session-written", f"runs {entry.path}"))
                continue
            more.update(entry.effects.get("runs", ()))
            facts.executes.append(
                Execution("deferred", f"runs {entry.path} written in this session")
            )
            _merge_summary(facts, entry.effects, f"deferred from {entry.path}")
        more -= triggers
        if not more:
            break
        triggers |= more
        frontier = [e for e in sessionmod.matching(memory, more) if e.path not in seen]
    # Heredoc-written files run in the same command (cat > x.sh <<EOF … ; sh x.sh).
    for raw, body in sessionmod.heredoc_writes(shell.command):
        target = sessionmod._abs(raw, cwd)
        if triggers.intersection(sessionmod.triggers_for(target)):
            language, code = sessionmod.runnable_text(target, body)
            content = content_effects(language, code, workspace=workspace, home=home, cwd=cwd)
            if content:
                _merge_summary(facts, content, f"written and run in this command: {target}")


def _echoed_content(
    facts: ActionFacts, shell: ShellAnalysis, *, cwd: str, workspace: str, home: str
) -> None:
    """An ``echo``/``printf`` literal put into a file that acts by itself later: an agent's
    instruction file (what it tells the next session to run or send) or a start-up file
    (what it runs at the next start) is judged now by that text, as a file tool's write of
    the same text is (#13 §3). Other files keep their unseen-content rule."""
    for raw, body in sessionmod.echo_writes(shell.command):
        target = pathmod.resolve(raw, cwd, home)
        if agent_instructions.is_agent_instructions(target):
            script = agent_instructions.instruction_script(body)
            told = _dangerous_script(
                script, workspace=workspace, home=home, target=target, orders=True
            )
            how = f"instructions a later agent session follows: {target}"
        elif "shell-start" in sessionmod.triggers_for(target):
            language, code = sessionmod.runnable_text(target, body)
            told = content_effects(language, code, workspace=workspace, home=home, cwd=cwd)
            how = f"runs by itself later: {target}"
        else:
            continue
        if told:
            _merge_summary(facts, told, how)


def _written_content(
    facts: ActionFacts, target: str, texts: list[str], *, workspace: str, home: str
) -> None:
    """Effects of content written to a file that can run later (kept for session memory).

    Places that run by themselves (shell start-up files, git hooks, editor tasks) are
    judged now, as if they ran: nothing else will ask before they do.
    """
    triggers = sessionmod.triggers_for(target)
    text = "\n".join(t for t in texts if isinstance(t, str))[: 64 * 1024]
    language, code = sessionmod.runnable_text(target, text)
    content = content_effects(
        language, code, workspace=workspace, home=home, cwd=sessionmod.runs_in(target, workspace)
    )
    facts.written_content = {target: content}
    auto = [
        t
        for t in triggers
        if t in ("shell-start", "git", "editor-open", "ci", "login", "agent-start")
    ]
    if not auto and match_path(_home_form(target, home), PERSISTENCE_PATHS) == "program-start":
        # A file some program runs when it starts (~/.ssh/rc, IPython startup, a vimrc):
        # its content runs without anyone being asked again, so it is judged now.
        auto.append("program-start")
    if not auto and path_shadow.on_path(_home_form(target, home)):
        if path_shadow.shadows(target, text):
            # Every later run of that program by name runs this file first.
            auto.append("path-shadow")
        elif content and _runs_fetched_or_sends(content):
            # A new command on PATH runs when its name is typed (``kubectl sync`` runs
            # ``kubectl-sync``): a persistence of what it fetches or sends, judged now.
            facts.effects.append(
                Effect(effectmod.PERSISTS, "path-command", target, "written content")
            )
            _merge_summary(facts, content, f"runs by name from PATH: {target}")
    if "direnv" in triggers and content and set(content) - {"runs"}:
        # An .envrc that does more than set variables runs that on every entry to the
        # directory once allowed: judged now, like a shell start-up file.
        auto.append("shell-start")
    if auto:
        # Whatever the content, it now runs without anyone being asked again.
        facts.effects.append(Effect(effectmod.PERSISTS, auto[0], target, "written content"))
        if content:
            _merge_summary(facts, content, f"runs by itself later: {target}")
    elif agent_instructions.is_agent_instructions(target):
        # Standing orders of every later agent session (CLAUDE.md, AGENTS.md, .cursorrules):
        # what they tell an agent to run or send is judged now, as that command.
        script = agent_instructions.instruction_script(text)
        told = _dangerous_script(script, workspace=workspace, home=home, target=target, orders=True)
        if told:
            _merge_summary(facts, told, f"instructions a later agent session follows: {target}")
    elif not sessionmod.is_prose_file(target):
        loaded = _loaded_code_text(text, workspace=workspace, home=home, target=target)
        if loaded:
            # Some tool loads this file later, in a language or loader Bastion may not
            # know; the write is the last call that can stop it, so it is judged now.
            _merge_summary(facts, loaded, f"loaded later by a tool: {target}")


def _loaded_code_text(
    text: str, *, workspace: str, home: str, target: str
) -> dict[str, Any] | None:
    """The effects of a written file's text that are dangerous in any language, or None."""
    endpoints = model_endpoint.endpoint_script(text, target)
    if endpoints:
        # A model client's endpoint receives whatever the assistant sends (prompts, code,
        # its key): any send there counts, as for a standing order naming a destination.
        sent = _dangerous_script(
            endpoints, workspace=workspace, home=home, target=target, orders=True
        )
        if sent:
            return sent
    return _dangerous_script(
        written_code_script(text), workspace=workspace, home=home, target=target
    )


def _dangerous_script(
    script: str, *, workspace: str, home: str, target: str, orders: bool = False
) -> dict[str, Any] | None:
    """The effects of ``script`` when it runs fetched code or sends a secret, else None.

    ``orders``: the script is what standing orders tell every later agent session to do,
    so sending anything at all to a destination they name counts ("send the diff to URL")."""
    if not script:
        return None
    summary = content_effects(
        "shell", script, workspace=workspace, home=home, cwd=sessionmod.runs_in(target, workspace)
    )
    if not summary:
        return None
    # A push to a remote the order spells out sends the repository there: its host is then
    # judged (named by the user or chosen by content) as for the push itself.
    pushes = any(
        tool in _ORDERED_REMOTES and sends
        for _h, _p, _s, tool, sends, _c in summary.get("destinations", [])
    )
    if orders and any(sends for *_x, sends, _c in summary.get("destinations", [])):
        return summary
    return summary if pushes or _runs_fetched_or_sends(summary) else None


# Programs whose destination an order chooses (a push, a login): judged as the command.
_ORDERED_REMOTES = frozenset({"git", "ssh", "scp", "rsync", "sftp"})


def _runs_fetched_or_sends(summary: dict[str, Any]) -> bool:
    """Stored content effects that run fetched code or send a secret."""
    runs_fetched = any(
        kind in ("downloaded", "remote-shell") for kind, _ in summary.get("executes", [])
    )
    # The environment holds the session's tokens: sending a dump of it sends secrets.
    sends_secret = bool(summary.get("destinations")) and (
        bool(summary.get("env_dump"))
        or any(credential for _, _, credential, _ in summary.get("reads", []))
    )
    return runs_fetched or sends_secret


# Python content is analysed only when it mentions something that can have an effect
# beyond computing and printing; the analysis itself decides what the effect is.
_PY_NOTEWORTHY = Gate(
    r"socket|request|urllib|http|ftp|smtp|telnet|paramiko|subprocess|system|popen|spawn|"
    r"exec|eval|compile|__import__|import_module|importlib|getattr|environ|getenv|"
    r"base64|b64|b32|b16|codecs|decode|marshal|pickle|ctypes|cffi|shutil|remove|unlink|"
    r"rmtree|rmdir|rename|replace|chmod|chown|kill|signal|pty|fork|symlink|link|"
    r"home|HOME|expanduser|getpass|pwd\.|['\"](?:/|~|\.\.)",
)
# Agents write the same file again (a retried heredoc, a script re-created after a reset):
# its facts are kept, keyed by everything they depend on (language, code, workspace, home,
# working directory: the home decides which paths are the user's), and bounded: the oldest
# entry leaves when the cache is full, so the daemon's memory stays bounded however many
# distinct scripts it sees.
_CONTENT_CACHE: dict[tuple[str, str, str, str, str], dict[str, Any] | None] = {}
_CONTENT_CACHE_SIZE = 512


def content_effects(
    language: str, code: str, *, workspace: str, home: str, cwd: str
) -> dict[str, Any] | None:
    """The compact, storable facts of code that will run later ({} when it does nothing of note).

    Only what matters for a later decision is kept (paths outside the workspace,
    destinations, executions, changes), never the code itself.
    """
    if not code.strip():
        return {}
    if language == "python" and not _PY_NOTEWORTHY.found(code):
        # Nothing in it can reach the network, a process, the environment, a path outside
        # the working directory or the file system's structure: nothing of note (cheap).
        return {}
    key = (language, code, workspace, home, cwd)
    if key in _CONTENT_CACHE:
        return _CONTENT_CACHE[key]
    if language == "compiled":
        # Compiled sources get no parser: the lexical scan Perl, Ruby and PHP code gets
        # (system()/popen() strings as shell, home-relative paths, URLs, sends) reads them.
        command = "perl -e " + _sh_quote(code)
    else:
        command = (
            code
            if language == "shell"
            else "node -e " + _sh_quote(code)
            if language == "node"
            else f"python3 - <<'BASTION_EOF'\n{code}\nBASTION_EOF"
        )
    inner = _understand(
        "shell", {"command": command}, cwd=cwd, workspace=workspace, home=home, spec=SHELL
    )
    summary: dict[str, Any] = {}
    reads = [
        [p.path, p.place, p.credential, p.other_user]
        for p in inner.reads
        if p.credential or p.other_user or p.place not in (pathmod.WORKSPACE, pathmod.TEMP)
    ]
    writes = [
        [p.path, p.place, p.credential, p.other_user]
        for p in inner.writes
        if p.credential or p.agent_config or p.place not in (pathmod.WORKSPACE, pathmod.TEMP)
    ]
    if reads:
        summary["reads"] = reads[:32]
    if writes:
        summary["writes"] = writes[:32]
    # Only destinations the content sends to: a page it merely fetches is judged by what the
    # content then does with it (executions, writes), which is kept on its own.
    dests = [
        [d.host, d.port, d.scheme, d.tool, d.sends_data, list(d.classes)]
        for d in inner.destinations
        if d.sends_data
    ]
    if dests:
        summary["destinations"] = dests[:16]
    # The wrapper that makes Python content analysable is not something the content runs.
    wrapper = language != "shell"
    execs = [
        [e.kind, e.detail[:120]]
        for e in inner.executes
        if e.kind != "script"
        and not (wrapper and e.detail == "python script on stdin")
        and not (language == "compiled" and e.kind == "inline-perl")
    ]
    if execs:
        summary["executes"] = execs[:16]
    for name in ("destructive", "privilege", "persistence", "self_tamper"):
        changes = [[c.kind, c.target, c.detail[:120]] for c in getattr(inner, name)]
        if changes:
            summary[name] = changes[:16]
    if inner.suspicious:
        summary["suspicious"] = inner.suspicious
    if inner.env_dump:
        summary["env_dump"] = True
    # Variables the content reads whose names say they hold a credential (``curl -d $TOKEN``
    # in a build file's step): a later run reads them as the content would.
    secret_env = sorted({n for n in inner.env_reads if n != "*" and SECRET_ENV_NAME.search(n)})
    if secret_env:
        summary["env_reads"] = secret_env[:8]
    if inner.credential_stores:
        summary["credential_stores"] = inner.credential_stores[:8]
    if inner.opaque:
        summary["opaque"] = inner.opaque_reasons[:4]
    if inner.shell is not None and language in ("shell", "python"):
        # Files this content runs in turn (a package.json script's "node scripts/x.js", a
        # Makefile recipe's ./scripts/y.sh, a pytest plugin): a later run follows them.
        programs = [(c.program, c.argv) for c in inner.shell.commands]
        runs = sorted(
            t
            for t in sessionmod.run_triggers(programs, cwd)
            if t.startswith(("script:", "python:")) and not t.endswith("/-")
        )
        if runs:
            summary["runs"] = runs[:16]
    if len(_CONTENT_CACHE) >= _CONTENT_CACHE_SIZE:
        del _CONTENT_CACHE[next(iter(_CONTENT_CACHE))]  # the oldest (dicts keep insertion order)
    _CONTENT_CACHE[key] = summary
    return summary


def _merge_summary(facts: ActionFacts, summary: dict[str, Any], how: str) -> None:
    """Add the stored effects of content that this call runs to this call's facts."""
    for path_, place, credential, other in summary.get("reads", []):
        facts.reads.append(pathmod.PathInfo(path_, place, credential, False, bool(other)))
    for path_, place, credential, other in summary.get("writes", []):
        facts.writes.append(pathmod.PathInfo(path_, place, credential, False, bool(other)))
    for host, port, scheme, tool, sends, classes in summary.get("destinations", []):
        facts.destinations.append(Destination(host, port, scheme, tool, sends, tuple(classes)))
    for kind, detail in summary.get("executes", []):
        facts.executes.append(Execution(kind, detail))
    for name in ("destructive", "privilege", "persistence", "self_tamper"):
        for kind, target, detail in summary.get(name, []):
            getattr(facts, name).append(Change(kind, target, detail))
    facts.suspicious = sorted(set(facts.suspicious) | set(summary.get("suspicious", [])))
    facts.env_dump = facts.env_dump or bool(summary.get("env_dump"))
    facts.env_reads.extend(summary.get("env_reads", []))
    facts.credential_stores.extend(summary.get("credential_stores", []))
    if summary.get("opaque"):
        facts.opaque = True
        facts.opaque_reasons.extend(f"{how}: {r}" for r in summary["opaque"])
    facts.resolution.append(how)


def _merge(facts: ActionFacts, inner: ActionFacts, *, keep_texts: bool) -> None:
    facts.reads.extend(inner.reads)
    facts.writes.extend(inner.writes)
    facts.destinations.extend(inner.destinations)
    facts.executes.extend(inner.executes)
    facts.destructive.extend(inner.destructive)
    facts.privilege.extend(inner.privilege)
    facts.persistence.extend(inner.persistence)
    facts.self_tamper.extend(inner.self_tamper)
    facts.suspicious = sorted(set(facts.suspicious) | set(inner.suspicious))
    facts.env_reads.extend(inner.env_reads)
    facts.env_dump = facts.env_dump or inner.env_dump
    facts.credential_stores.extend(inner.credential_stores)
    facts.source_to_sink = facts.source_to_sink or inner.source_to_sink
    facts.opaque = facts.opaque or inner.opaque
    facts.opaque_reasons.extend(inner.opaque_reasons)
    facts.reach.extend(inner.reach)
    facts.deferred.extend(inner.deferred)
    facts.resolution.extend(inner.resolution)
    facts.shell = inner.shell
    if not keep_texts:
        facts.texts = inner.texts


# --- session memory ------------------------------------------------------------------------


def remember(
    memory: sessionmod.Memory,
    tool: str,
    tool_input: dict[str, Any],
    facts: ActionFacts,
    *,
    cwd: str,
    workspace: str,
    home: str,
    spec: ToolSpec | None = None,
) -> None:
    """Update the session's memory with what an allowed call leaves behind."""
    spec = spec or tool_spec(tool)
    run_cwd = memory.effective_cwd(cwd)
    shell = spec.kind is ToolKind.SHELL
    if shell or facts.shell is not None:
        command = (
            tool_input.get(spec.command_key) if shell else effectmod.command_argument(tool_input)
        )
        if isinstance(command, str):
            sessionmod.remember_shell(memory, command, cwd, run_cwd, home)
            if facts.shell is not None:
                for cmd in facts.shell.commands:
                    if cmd.program not in ("pkill", "killall", "skill", "kill"):
                        sessionmod.note_started(memory, cmd.argv)
            _remember_shell_writes(memory, command, facts, run_cwd, workspace, home, tool)
    if facts.written_content:
        for target, content in facts.written_content.items():
            if target.startswith("git-config:"):
                sessionmod.note_written(
                    memory, sessionmod.Written(target, ["git"], content, "git config")
                )
            else:
                triggers = sessionmod.triggers_for(target)
                if (
                    "build" not in triggers
                    and content
                    and content.get("runs")
                    and any(exec_options.named_programs(t) for t in facts.texts[:4])
                ):
                    # A configuration naming a file to execute (a preset's compiler
                    # launcher, a tool's hook key) is read by some build: any build runs it.
                    triggers = [*triggers, "build"]
                content = _with_config_loads(target, content, facts.texts)
                sessionmod.note_written(memory, sessionmod.Written(target, triggers, content, tool))
    if spec.kind is ToolKind.FETCH:
        sessionmod.note_untrusted(memory, tool)
    elif spec.kind is ToolKind.MCP and not any(
        e.verb == effectmod.CHANGES_REMOTE for e in facts.effects
    ):
        sessionmod.note_untrusted(memory, "mcp:" + spec.server)
    for d in facts.destinations:
        if d.external and not d.sends_data and "package-registry" not in d.classes:
            sessionmod.note_untrusted(memory, "web:" + (d.host or "?"))
    if facts.shell is not None and not any(
        e.verb == effectmod.CHANGES_REMOTE for e in facts.effects
    ):
        # A forge CLI's read (issues, merge requests, comments, CI logs) shows what other
        # people wrote, on a self-hosted forge as much as on github.com (where the API host
        # already counts as a web read): outside content.
        for cmd in facts.shell.commands[:8]:
            if cmd.program in _FORGE_CLIS and cmd.argv[1:2] and cmd.argv[1] in _FORGE_TEXTS:
                sessionmod.note_untrusted(memory, "forge:" + cmd.program)
                break


def remember_read(
    memory: sessionmod.Memory, path: str, text: str, *, workspace: str, home: str
) -> bool:
    """A file the session read whose content runs later (``setup.py`` then ``pip install``,
    a Makefile then ``make``): the content the agent saw is what will run, so running it is
    judged as running that content. Only content of note is kept (never the text itself),
    and a file written in the session keeps what was written. Returns whether memory moved."""
    if not path or not text or path in memory.written:
        return False
    language, code = sessionmod.runnable_text(path, text[: 64 * 1024])
    if (
        language == "shell"
        and posixpath.basename(path) not in _READ_RUNNABLE
        and not (path.endswith(".sh"))
    ):
        return False
    content = content_effects(
        language, code, workspace=workspace, home=home, cwd=sessionmod.runs_in(path, workspace)
    )
    if not content:
        return False
    sessionmod.note_written(
        memory, sessionmod.Written(path, sessionmod.triggers_for(path), content, "read")
    )
    return True


# Files whose shell content runs later when the session read them (with .sh scripts).
_READ_RUNNABLE = frozenset({"Makefile", "makefile", "GNUmakefile", "package.json"})


def _with_config_loads(
    target: str, content: dict[str, Any] | None, texts: list[str]
) -> dict[str, Any] | None:
    """A configuration in code (``jest.config.js``, ``babel.config.js``) also loads the
    files it names (``globalSetup: './gs.js'``): kept as runs, like a data config's."""
    if content is None or sessionmod.config_stem(target) is None:
        return content
    text = "\n".join(t for t in texts[:4] if isinstance(t, str))
    named = sessionmod.referenced_files(text)
    if not named:
        return content
    runs = {
        "script:" + sessionmod._abs(value, here)
        for value in named
        for here in sessionmod._config_bases(target)
    }
    return {**content, "runs": sorted(set(content.get("runs", [])) | runs)[:16]}


def _note_edit_runs(memory: sessionmod.Memory, path: str, named: list[str], via: str) -> None:
    """Remember that the file edited at ``path`` now runs the files ``named`` (its dir's)."""
    here = posixpath.dirname(path) or "/"
    runs = ["script:" + sessionmod._abs(value, here) for value in named]
    before = memory.written.get(path)
    effects: dict[str, Any] = dict(before.effects or {}) if before is not None else {}
    if before is not None and before.effects is None:
        return  # already unseen content: running it is judged opaque anyway
    effects["runs"] = sorted(set(effects.get("runs", [])) | set(runs))[:16]
    sessionmod.note_written(
        memory, sessionmod.Written(path, sessionmod.triggers_for(path), effects, via)
    )


def _remember_shell_writes(
    memory: sessionmod.Memory,
    command: str,
    facts: ActionFacts,
    cwd: str,
    workspace: str,
    home: str,
    via: str,
) -> None:
    """Files a shell command wrote, remembered with the tool that ran it (``via``)."""
    shell = facts.shell
    if shell is None:
        return
    heredocs = {sessionmod._abs(p, cwd): body for p, body in sessionmod.heredoc_writes(command)}
    for raw, body in sessionmod.literal_writes(command):
        heredocs.setdefault(sessionmod._abs(raw, cwd), body)
    fetched_paths = {sessionmod._abs(d, cwd) for d in shell.downloads}
    for info in facts.writes:
        fetched = info.path in fetched_paths
        if (
            info.path not in heredocs
            and not fetched
            and not sessionmod.creates_content(command, info.path)
        ):
            # An in-place edit (sed -i, patch) of content that was already there; when the
            # edit puts in a key that executes a file (``-pgmF=tools/pp.sh``), running the
            # edited file's tool now runs that file as well.
            if sessionmod.triggers_for(info.path)[1:]:
                named = exec_options.named_programs(command)
                if named:
                    _note_edit_runs(memory, info.path, named, via)
            continue
        if info.path in heredocs:
            language, code = sessionmod.runnable_text(info.path, heredocs[info.path])
            content = content_effects(language, code, workspace=workspace, home=home, cwd=cwd)
            entry = sessionmod.Written(info.path, sessionmod.triggers_for(info.path), content, via)
        else:
            # Written by a program whose output Bastion cannot see (echo >, curl -o, cp):
            # running it later is running unknown code. A download keeps that name
            # (``DOWNLOADED``): a program with no model handed it later may run it.
            entry = sessionmod.Written(
                info.path,
                sessionmod.triggers_for(info.path),
                None,
                DOWNLOADED if fetched else via,
            )
        sessionmod.note_written(memory, entry)
    programs = [(c.program, c.argv) for c in shell.commands]
    links = sessionmod.links_made(programs, cwd, home)
    if links:
        symlinks = dict(memory.symlinks)
        for link, target in links.items():
            # Symbolic or hard, a link is another name for the target from now on.
            if link in symlinks or len(symlinks) < 64:
                symlinks[link] = target
        memory.symlinks = symlinks
    sessionmod.note_fetched(
        memory,
        {
            **sessionmod.clones(programs, cwd),
            **sessionmod.patched_in(command, cwd),
            **sessionmod.unpacked(command, cwd),
        },
    )
    stdin_text = _stdin_literal(command)
    for build in sessionmod.builds(programs, cwd):
        if build.output.startswith("go-run:"):
            continue
        # The binary keeps what its sources do: running it later runs that.
        effects = built_effects(build, memory, stdin_text, workspace=workspace, home=home, cwd=cwd)
        if effects is not None and effects.get("untouched"):
            continue
        sessionmod.note_written(
            memory,
            sessionmod.Written(build.output, [f"script:{build.output}"], effects, "compiler"),
        )


@lru_cache(maxsize=4096)
def _analyze(command: str) -> ShellAnalysis:
    """``analyze`` is a pure function of the command text and agents repeat commands
    (``git status``, the same test run): cache it. Results are only read, never changed."""
    return analyze(command)


def _hosts_with_data_in_url(command: str) -> set[str]:
    """Hosts of the command's URLs that carry data in a query string or a long path."""
    out: set[str] = set()
    if "://" not in command:
        return out  # _URL needs it; the scan tried every position of a long command
    for url in _URL.findall(command)[:50]:
        host = hostmod.host_of(url)
        rest = url.split(host, 1)[-1] if host else ""
        if host and ("?" in rest or len(rest) > 80):
            out.add(host)
    return out


def _suspicious(shell: ShellAnalysis, facts: ActionFacts, path: Any) -> list[str]:
    """Patterns that are malicious whatever the intent: reverse shells, killing the system."""
    out: list[str] = []
    programs = [c.program for c in shell.commands]
    words = [w for c in shell.commands for w in c.argv]
    shells = {"sh", "bash", "zsh", "dash", "ksh"}
    net_tools = {"nc", "ncat", "netcat", "socat", "telnet"}
    if any(
        "/dev/tcp/" in w or "/dev/udp/" in w for w in [*words, *shell.writes, *shell.reads]
    ) and (shells & set(programs) or any(w in ("-i", "exec") for w in words)):
        out.append("reverse-shell")
    for c in shell.commands:
        if c.program in net_tools and any(
            a in ("-e", "-c", "exec:", "EXEC:") or a.startswith(("exec:", "EXEC:"))
            for a in c.argv[1:]
        ):
            out.append("reverse-shell")
    # A network client and a shell reading its commands from a pipe in one pipeline
    # (nc HOST | sh, cat fifo | sh -i | nc HOST > fifo): the peer types into the shell.
    clients = [
        c
        for c in shell.commands
        if c.program in _NET_CLIENTS and (c.program != "openssl" or "s_client" in c.argv)
    ]
    for index in {c.pipeline for c in clients}:
        members = [c for c in shell.commands if c.pipeline == index]
        if len(members) > 1 and any(_reads_commands_from_stdin(c) for c in members):
            out.append("reverse-shell")
    for e in shell.executes:
        # A network socket wired to a process: whoever is at the other end gets a shell.
        if e.kind == "remote-shell":
            out.append("reverse-shell")
    killers = [
        c for c in shell.commands if c.program in KILL_PROGRAMS and _stops(c.program, c.argv)
    ]
    for c in killers:
        targets = {a.lower().rsplit("/", 1)[-1] for a in c.argv[1:] if not a.startswith("-")}
        if targets & SYSTEM_PROCESSES or (c.program == "kill" and "1" in targets):
            out.append("kill-system-process")
    # Signals sent by interpreter code (os.kill, psutil, process.kill, Process.kill, perl
    # kill): the same effect as the kill program, whatever the language.
    inline_kills = [
        c for c in facts.destructive if c.kind == "kill-process" and c.detail.endswith(_CODE_KILL)
    ]
    if any(c.target in ("1", "-1") for c in inline_kills):
        out.append("kill-system-process")
    inline_python = any(e.kind == "inline-python" for e in shell.executes)
    python_kills = (inline_python and bool(_PY_KILL.search(shell.command))) or bool(inline_kills)
    if (killers or python_kills) and "kill-system-process" not in out:
        # Scripts that pick their victims by name (ps | grep sshd, then kill $pid) name the
        # service somewhere in the command even when the kill target is computed.
        named = {w.lower() for w in _WORD.findall(shell.command)}
        # Compound daemon names (docker-containerd-shim, kube-apiserver-x) name their parts.
        named |= {part for w in named if "-" in w for part in w.split("-") if len(part) > 3}
        if named & SYSTEM_PROCESSES:
            out.append("kill-system-process")
        elif python_kills or any(c.program in _PROCESS_LISTERS for c in shell.commands):
            # Killing processes chosen from the whole process table: not the agent's own.
            out.append("kill-listed-processes")
    for change in facts.destructive:
        if change.target:
            info = path(change.target)
            if info is not None and info.place == pathmod.SYSTEM:
                out.append("system-file-delete")
    return sorted(set(out))


_NET_CLIENTS = frozenset({"nc", "ncat", "netcat", "socat", "telnet", "cryptcat", "openssl"})
_STDIN_INTERPRETERS = frozenset(
    {"sh", "bash", "zsh", "dash", "ksh", "ash", "busybox", "python", "python3", "perl", "ruby"}
)


def _reads_commands_from_stdin(cmd: Any) -> bool:
    """A shell or interpreter given no script or -c code: it runs what its stdin says."""
    if cmd.program not in _STDIN_INTERPRETERS:
        return False
    args = [a for a in cmd.argv[1:] if a not in ("-i", "-s", "-", "-l", "--login")]
    if cmd.program == "busybox":
        return bool(args) and args[0] in {"sh", "ash"} and len(args) == 1
    return not args


def strings_in(value: Any, limit: int = 200) -> list[str]:
    """Every string inside a JSON-like value (bounded), for scanning."""
    out: list[str] = []
    stack = [value]
    while stack and len(out) < limit:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return out


def _assigned_paths(assignments: list[str] | tuple[str, ...]) -> list[str]:
    """Path-shaped values of environment assignments (``X=/tmp/ap``, ``X=@f.lua``,
    ``X='|tools/lp.sh %s'``): the first word after a pipe or ``@`` marker."""
    out: list[str] = []
    for assignment in list(assignments)[:8]:
        _, _, value = assignment.partition("=")
        words = value.strip().lstrip("|@ ").split()
        if words and ("/" in words[0] or "." in words[0]) and "://" not in words[0]:
            out.append(words[0])
    return out
