"""What an action really does, whatever the tool: paths read and written, hosts, changes.

This is the ``understand`` stage's single entry point. It turns one tool call into
``ActionFacts``, a tool-neutral description that detectors and policies read, so no
later stage needs to know that ``Read`` takes ``file_path`` or that Bash has pipelines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bastion.understand import hosts as hostmod
from bastion.understand import paths as pathmod
from bastion.understand.shell import Change, Execution, ShellAnalysis, analyze

READ_TOOLS = {"Read": "file_path", "NotebookRead": "notebook_path"}
LIST_TOOLS = {"Glob": "path", "LS": "path"}
SEARCH_TOOLS = {"Grep": "path"}
WRITE_TOOLS = {"Write": "file_path", "Edit": "file_path", "MultiEdit": "file_path"}
NOTEBOOK_WRITE_TOOLS = {"NotebookEdit": "notebook_path"}
FETCH_TOOLS = {"WebFetch", "WebSearch"}
DELEGATE_TOOLS = {"Task", "Agent"}

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
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]")
_PROCESS_LISTERS = frozenset({"ps", "pgrep", "pidof", "top", "lsof"})
_PY_KILL = re.compile(
    r"(process_iter|psutil\.pids|/proc/)[\s\S]*(\.kill\(|\.terminate\(|os\.kill\()"
)
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
        }


def understand(
    tool: str, tool_input: dict[str, Any], *, cwd: str, workspace: str, home: str
) -> ActionFacts:
    """Facts about one tool call; never raises on odd input (unknown shapes become opaque)."""
    try:
        return _understand(tool, tool_input, cwd=cwd, workspace=workspace, home=home)
    except Exception as exc:  # analysis must never crash the hook open or closed by accident
        return ActionFacts(
            category=category_of(tool),
            opaque=True,
            opaque_reasons=[f"analysis failed: {type(exc).__name__}"],
            texts=strings_in(tool_input),
        )


def category_of(tool: str) -> str:
    if tool == "Bash":
        return "execute"
    if tool in READ_TOOLS or tool in LIST_TOOLS or tool in SEARCH_TOOLS:
        return "read"
    if tool in WRITE_TOOLS or tool in NOTEBOOK_WRITE_TOOLS:
        return "write"
    if tool in FETCH_TOOLS:
        return "fetch"
    if tool.startswith("mcp__"):
        return "mcp"
    if tool in DELEGATE_TOOLS:
        return "delegate"
    return "other"


def _understand(
    tool: str, tool_input: dict[str, Any], *, cwd: str, workspace: str, home: str
) -> ActionFacts:
    facts = ActionFacts(category=category_of(tool))

    def path(p: Any) -> pathmod.PathInfo | None:
        if not isinstance(p, str) or not p:
            return None
        return pathmod.classify(p, workspace=workspace, home=home, cwd=cwd)

    if tool == "Bash":
        command = tool_input.get("command")
        if not isinstance(command, str):
            facts.opaque = True
            facts.opaque_reasons.append("Bash call without a command string")
            return facts
        _from_shell(facts, _analyze(command), path)
        facts.texts = [command]
    elif tool in READ_TOOLS or tool in SEARCH_TOOLS:
        key = READ_TOOLS.get(tool) or SEARCH_TOOLS[tool]
        info = path(tool_input.get(key) or cwd)
        if info:
            facts.reads.append(info)
    elif tool in LIST_TOOLS:
        info = path(tool_input.get(LIST_TOOLS[tool]) or cwd)
        if info:
            # Listing names reveals no file content: keep the place, drop the credential mark.
            facts.reads.append(pathmod.PathInfo(info.path, info.place, "", info.agent_config))
    elif tool in WRITE_TOOLS or tool in NOTEBOOK_WRITE_TOOLS:
        key = WRITE_TOOLS.get(tool) or NOTEBOOK_WRITE_TOOLS[tool]
        info = path(tool_input.get(key))
        if info:
            facts.writes.append(info)
        facts.texts = strings_in(
            {k: v for k, v in tool_input.items() if k not in ("file_path", "notebook_path")}
        )
    elif tool == "WebFetch":
        url = tool_input.get("url")
        if isinstance(url, str):
            facts.destinations.append(_destination_for_url(url, "WebFetch"))
        facts.texts = strings_in(tool_input)
    elif tool == "WebSearch":
        facts.texts = strings_in(tool_input)
    else:
        # MCP tools, Task/Agent and unknown tools: every string argument may carry data,
        # and every URL among them is a destination the call may reach.
        facts.texts = strings_in(tool_input)
        for text in facts.texts:
            for url in _URL.findall(text)[:20]:
                facts.destinations.append(_destination_for_url(url, tool, sends=True))
    return facts


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
    facts.suspicious = _suspicious(shell, facts, path)


@lru_cache(maxsize=4096)
def _analyze(command: str) -> ShellAnalysis:
    """``analyze`` is a pure function of the command text and agents repeat commands
    (``git status``, the same test run): cache it. Results are only read, never changed."""
    return analyze(command)


def _hosts_with_data_in_url(command: str) -> set[str]:
    """Hosts of the command's URLs that carry data in a query string or a long path."""
    out = set()
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
    for e in shell.executes:
        # A network socket wired to a process: whoever is at the other end gets a shell.
        if e.kind == "remote-shell":
            out.append("reverse-shell")
    killers = [c for c in shell.commands if c.program in KILL_PROGRAMS]
    for c in killers:
        targets = {a.lower().rsplit("/", 1)[-1] for a in c.argv[1:] if not a.startswith("-")}
        if targets & SYSTEM_PROCESSES or (c.program == "kill" and "1" in targets):
            out.append("kill-system-process")
    inline_python = any(e.kind == "inline-python" for e in shell.executes)
    python_kills = inline_python and bool(_PY_KILL.search(shell.command))
    if (killers or python_kills) and "kill-system-process" not in out:
        # Scripts that pick their victims by name (ps | grep sshd, then kill $pid) name the
        # service somewhere in the command even when the kill target is computed.
        named = {w.lower() for w in _WORD.findall(shell.command)}
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
