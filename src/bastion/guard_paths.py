"""The guard's own ground: which paths, processes and commands an agent may not touch.

Personal mode runs Bastion as the same user as the agent, so the file system does not
keep the agent away from Bastion's home (store, keys, policies, config), its install
(package, hook shim, venv) or the agent's own hook wiring (settings files). This module
names that ground for one running instance (from its real ``Home``, not an assumed
``~/.bastion``) and judges every tool call's paths against it *after resolving them*:
``~`` and ``$HOME``, relative paths, ``..``, ``/proc/self/root`` and other spellings,
and symbolic links that already exist on disk. What it finds becomes ``self_tamper``
facts, which the self-protection policy pack refuses.

Three kinds of contact, three answers from policy:

- ``guard-secret``: reading what would let the agent forge or rewrite the record or reach
  the database (keys, store files, witness and journal, config with its database URL);
- ``guard-write``: any change to the home, the install or the hook wiring, including links
  to them, ``cd`` into them followed by a change, and sockets spoken to directly;
- ``guard-control`` / ``kill-guard``: Bastion's control commands (down, release, grant,
  kill, policy, ...) and signals to the daemon's process.

Read-only ``bastion status/sessions/show/explain`` and listing the home stay allowed.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.core import home as home_names
from bastion.core.tools import ToolKind, ToolSpec
from bastion.sensors import tool_spec
from bastion.sensors.registry import every_agent_files
from bastion.understand.shell import Change

GUARD_SECRET = "guard-secret"
GUARD_WRITE = "guard-write"
GUARD_CONTROL = "guard-control"
KILL_GUARD = "kill-guard"

# Inside the home: what reading alone would hand the agent (relative names; "/" = a dir).
SECRET_NAMES = (
    f"{home_names.KEYS_DIR}/",
    home_names.CONFIG_FILE,
    f"{home_names.LAST_GOOD_DIR}/",
    home_names.WITNESS_DIR,
    home_names.JOURNAL_DIR,
    "identity",  # identity.db, identity.toml, identity-events.jsonl, ...
    home_names.HUMAN_RECORD,
    "console",  # console.pid, console.url, ...
)
SECRET_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".pem", ".key", ".jsonl")

# Programs that only look: a guard path among their arguments is not a change.
READ_ONLY_PROGRAMS = frozenset(
    """
    cat less more head tail ls ll dir stat file wc du df grep egrep fgrep rg ag ack tree
    diff cmp md5sum sha1sum sha256sum sha512sum b2sum readlink realpath basename dirname
    test [ [[ echo printf bat jq yq strings od hexdump xxd column sort uniq nl cut
    """.split()
)
# ...of which these show names or metadata only, never content.
NAME_ONLY_PROGRAMS = frozenset(
    "ls ll dir stat du df tree readlink realpath basename dirname test [ [[ echo printf".split()
)
DIR_CHANGERS = frozenset({"cd", "pushd"})
# `bastion <verb>` that only reads; every other verb is a control operation.
READ_ONLY_VERBS = frozenset(
    {
        "status",
        "sessions",
        "show",
        "explain",
        "whoami",
        "agents",
        "version",
        "help",
        "audit verify",
        "audit show",
        "audit proof",
        "secrets scan",
        "policy check",
    }
)
BASTION_PROGRAMS = frozenset({"bastion", "bastion-daemon", "bastion-hook", "bastion-hook-native"})
KILL_PROGRAMS = frozenset({"kill", "pkill", "killall", "skill", "xkill"})
INLINE_KINDS = ("inline-", "script", "downloaded", "remote")
_MCP_READ = re.compile(r"(read|get|list|search|stat|info|view|find|tree|glob)", re.IGNORECASE)
_PATHLIKE = re.compile(r"^(~|\$\{?HOME\}?|\.{1,2})?/|^\.{1,2}$|^~$")
_PROC_ROOT = re.compile(r"^/proc/(?:self|thread-self|\d+)/root(?=/|$)")
_PROC_CWD = re.compile(r"^/proc/(?:self|thread-self|\d+)/cwd(?=/|$)")
_HOME_VAR = re.compile(r"^(?:\$HOME|\$\{HOME\})(?=/|$)")
MAX_WORDS = 400
MAX_SCRIPT = 512 * 1024
_INTERPRETER = re.compile(r"(python[0-9.]*|node|bash|sh|zsh|dash|ruby|perl|php|deno|bun)")
_IMPORTS_GUARD = re.compile(r"\bbastion\.(cli|daemon|hook|store|config|engine|audit)\b")


def _project_settings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Project files that wire hooks, as path suffixes, and project hook directories, as
    ``/<dir>/`` parts: matched on the resolved path (a link's target). Not only the agent
    being guarded: another agent's project file can switch a user-level hook off or run a
    command (each agent's declaration in ``sensors/``; docs/agents.md, measured)."""
    suffixes: list[str] = []
    dirs: list[str] = []
    for files in every_agent_files():
        suffixes += ["/" + f.path for f in files.guarded() if f.in_project]
        dirs += [f"/{d.strip('/')}/" for d in files.hook_dirs]
    return tuple(suffixes), tuple(dirs)


_PROJECT_SETTINGS, _PROJECT_HOOK_DIRS = _project_settings()


@dataclass(frozen=True, slots=True)
class Hit:
    """One contact with the guard's ground: the kind and the resolved path or process."""

    kind: str
    target: str
    detail: str

    def change(self) -> Change:
        return Change(self.kind, self.target, self.detail)


@dataclass(slots=True)
class GuardPaths:
    """The ground of one Bastion instance, resolved once; the daemon pid is read per call."""

    home: str
    install: tuple[str, ...] = ()
    agent_settings: tuple[str, ...] = ()
    pid_file: str = ""
    socket: str = ""
    _roots: tuple[str, ...] = field(default=(), repr=False)
    _memo: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict, repr=False)
    _real_home: str = field(default="", repr=False)
    _real_pid: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        # Resolved once: the home and its pid file are not the agent's to move (writes there
        # are refused), so their real paths stay what they were at start.
        self._real_home = _real(self.home)
        self._real_pid = _real(self.pid_file) if self.pid_file else ""
        roots = {self.home, self._real_home, *self.install, *map(_real, self.install)}
        self._roots = tuple(sorted(r for r in roots if r and r != "/"))

    @classmethod
    def for_home(cls, root: str | os.PathLike[str], *, user_home: str = "") -> GuardPaths:
        """The ground of the instance living in ``root`` (a Bastion home directory)."""
        home = posixpath.normpath(os.path.abspath(os.fspath(root)))
        user_home = user_home or os.path.expanduser("~")
        return cls(
            home=home,
            install=install_paths(user_home),
            agent_settings=settings_paths(user_home),
            pid_file=posixpath.join(home, "daemon.pid"),
            socket=posixpath.join(home, "daemon.sock"),
        )

    # -- resolution ---------------------------------------------------------------------

    def resolve(self, path: str, *, cwd: str, user_home: str) -> str:
        """The path as the kernel would find it: expanded, absolute, normalised, links
        followed as far as they exist, ``/proc/<pid>/root`` stripped."""
        if path == "~" or path.startswith("~/"):
            path = user_home + path[1:]
        path = _HOME_VAR.sub(user_home.replace("\\", "\\\\"), path)
        if not path.startswith("/"):
            path = posixpath.join(cwd or "/", path)
        path = "/" + path.lstrip("/")  # the kernel reads a leading "//" as "/"
        for _ in range(6):  # /proc/self/root/proc/self/root/..., /proc/./self/root
            # Strip before normalising: /proc/self/cwd/.. is the cwd's parent, not /proc/self.
            stripped = self._strip_proc(path, cwd)
            if stripped == path:
                normal = "/" + posixpath.normpath(path).lstrip("/")
                if normal == path:
                    break
                stripped = normal
            path = stripped
        return _real(path)

    @staticmethod
    def _strip_proc(path: str, cwd: str) -> str:
        stripped = _PROC_ROOT.sub("", path)
        stripped = _PROC_CWD.sub(cwd.rstrip("/") if cwd else "", stripped)
        return "/" + stripped.lstrip("/")

    def where(self, resolved: str) -> str:
        """``secret``, ``state``, ``install``, ``settings`` or "" for a resolved path."""
        if resolved in self.agent_settings or resolved.endswith(_PROJECT_SETTINGS):
            return "settings"
        if resolved.endswith(".json") and any(d in resolved for d in _PROJECT_HOOK_DIRS):
            return "settings"
        for root in self._roots:
            if resolved == root or resolved.startswith(root + "/"):
                if root in (self.home, self._real_home):
                    rest = resolved[len(root) :].lstrip("/")
                    return "secret" if _is_secret(rest) else "state"
                return "install"
        return ""

    def classify(self, path: str, *, cwd: str, user_home: str) -> tuple[str, str]:
        key = (path, cwd, user_home)
        known = self._memo.get(key)
        if known is None:
            resolved = self.resolve(path, cwd=cwd, user_home=user_home)
            known = self._memo[key] = (self.where(resolved), resolved)
        return known

    # -- the daemon process -------------------------------------------------------------

    def daemon_pid(self) -> int | None:
        try:
            text = Path(self.pid_file).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def daemon_names(self, pid: int) -> tuple[str, str]:
        """The daemon's process name and command line, as pkill/killall would match them."""
        try:
            comm = Path(f"/proc/{pid}/comm").read_text().strip()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            return "", ""
        return comm, cmdline.strip()

    # -- judging one tool call ----------------------------------------------------------

    def inspect(
        self,
        tool: str,
        tool_input: dict[str, Any],
        facts: Any,
        *,
        cwd: str,
        user_home: str,
        spec: ToolSpec | None = None,
    ) -> list[Hit]:
        """Every contact of one call with the guard's ground (empty for ordinary work).

        ``spec`` is what the agent's sensor says the tool is (default: ask the default
        agent's sensor about ``tool``)."""
        # Within one call the same word is judged against each directory more than once;
        # across calls nothing is kept, since a link may appear between two calls.
        self._memo = {}
        try:
            return self._inspect(
                tool, tool_input, facts, cwd=cwd, user_home=user_home, spec=spec or tool_spec(tool)
            )
        except Exception as exc:  # never let analysis open the guard: fail towards refusal
            return [Hit(GUARD_WRITE, "", f"guard path analysis failed ({type(exc).__name__})")]

    def _inspect(
        self,
        tool: str,
        tool_input: dict[str, Any],
        facts: Any,
        *,
        cwd: str,
        user_home: str,
        spec: ToolSpec,
    ) -> list[Hit]:
        hits: list[Hit] = []
        kind = spec.kind
        if kind in (ToolKind.WRITE, ToolKind.EDIT):
            target = tool_input.get(spec.path_key)
            if isinstance(target, str) and target:
                place, resolved = self.classify(target, cwd=cwd, user_home=user_home)
                if place and not (
                    place == "settings"
                    and resolved.endswith(_MCP_LISTS)
                    and _keeps_gateway(resolved, tool_input)
                ):
                    hits.append(Hit(GUARD_WRITE, resolved, f"{tool} changes {resolved}"))
        elif kind is ToolKind.READ or (kind is ToolKind.SEARCH and not spec.names_only):
            target = tool_input.get(spec.path_key) or cwd
            if isinstance(target, str):
                whole_dir = kind is ToolKind.SEARCH
                hits += self._read(target, tool, cwd, user_home, whole_dir=whole_dir)
        elif kind is ToolKind.SEARCH:
            pass  # names only
        elif kind is ToolKind.SHELL:
            command = tool_input.get(spec.command_key)
            if isinstance(command, str):
                hits += self._shell(command, facts, cwd, user_home)
        elif kind is ToolKind.MCP:
            hits += self._mcp(tool, tool_input, cwd, user_home, spec.operation)
        return _unique(hits)

    def _read(
        self, target: str, tool: str, cwd: str, user_home: str, *, whole_dir: bool = False
    ) -> list[Hit]:
        place, resolved = self.classify(target, cwd=cwd, user_home=user_home)
        home = (self.home, self._real_home)
        if place == "secret" or (whole_dir and place == "state" and resolved in home):
            return [Hit(GUARD_SECRET, resolved, f"{tool} reads Bastion's protected {resolved}")]
        return []

    def _mcp(
        self, tool: str, tool_input: dict[str, Any], cwd: str, user_home: str, operation: str
    ) -> list[Hit]:
        hits: list[Hit] = []
        reads_only = bool(_MCP_READ.search(operation))
        for text in _strings(tool_input):
            if not _PATHLIKE.match(text):
                continue
            place, resolved = self.classify(text, cwd=cwd, user_home=user_home)
            if place == "secret":
                hits.append(Hit(GUARD_SECRET, resolved, f"{tool} reaches {resolved}"))
            elif place and not reads_only:
                hits.append(Hit(GUARD_WRITE, resolved, f"{tool} changes {resolved}"))
        return hits

    def _shell(self, command: str, facts: Any, cwd: str, user_home: str) -> list[Hit]:
        hits: list[Hit] = []
        shell = getattr(facts, "shell", None)
        commands = list(shell.commands) if shell is not None else []
        dirs = [cwd]
        # Writes and reads the shell analysis found, judged against every directory the
        # command may have changed into (a `cd` into the home, then a relative write).
        for cmd in commands:
            if cmd.program in DIR_CHANGERS and len(cmd.argv) > 1:
                place, resolved = self.classify(cmd.argv[-1], cwd=cwd, user_home=user_home)
                if place:
                    dirs.append(resolved)
        raw_writes = list(shell.writes) if shell is not None else []
        raw_reads = list(shell.reads) if shell is not None else []
        for base in dirs:
            for w in raw_writes:
                place, resolved = self.classify(w, cwd=base, user_home=user_home)
                if place:
                    hits.append(Hit(GUARD_WRITE, resolved, f"the command writes {resolved}"))
            for r in raw_reads:
                hits += self._read(r, "the command", base, user_home)
        killers = [c for c in commands if c.program.rsplit("/", 1)[-1] in KILL_PROGRAMS]
        if killers and self._names_pid_file(commands, raw_reads, dirs, user_home):
            hits.append(Hit(KILL_GUARD, self.pid_file, "signals the pid in the daemon's pid file"))
        words = 0
        for cmd in commands:
            program = cmd.program.rsplit("/", 1)[-1]
            hits += self._control(program, list(cmd.argv))
            if program in KILL_PROGRAMS:
                hits += self._kill(program, list(cmd.argv))
        # Signals sent from inline code (os.kill(4242, 9), process.kill(4242)): the same pids.
        pids = [
            c.target
            for c in getattr(facts, "destructive", None) or []
            if c.kind == "kill-process" and _pid_number(c.target) is not None
        ]
        if pids:
            hits += self._kill_pids(pids[:16], self.daemon_pid(), "code")
            for arg in cmd.argv[1:]:
                words += 1
                if words > MAX_WORDS:
                    break
                if not _PATHLIKE.match(arg) and "/" not in arg:
                    continue
                for base in dirs:
                    place, resolved = self.classify(arg, cwd=base, user_home=user_home)
                    if not place:
                        continue
                    whole_home = place == "state" and resolved in (self.home, self._real_home)
                    reader = program in READ_ONLY_PROGRAMS and program not in NAME_ONLY_PROGRAMS
                    secret = place == "secret" and program not in NAME_ONLY_PROGRAMS | DIR_CHANGERS
                    if secret or (whole_home and reader):
                        hits.append(
                            Hit(GUARD_SECRET, resolved, f"{program} reaches Bastion's {resolved}")
                        )
                    elif program not in READ_ONLY_PROGRAMS and program not in DIR_CHANGERS:
                        hits.append(Hit(GUARD_WRITE, resolved, f"{program} acts on {resolved}"))
        if len(dirs) > 1 and any(
            c.program not in READ_ONLY_PROGRAMS and c.program not in DIR_CHANGERS for c in commands
        ):
            hits.append(Hit(GUARD_WRITE, dirs[1], f"works inside {dirs[1]}"))
        hits += self._inline(command, facts, user_home)
        hits += self._scripts(commands, dirs, user_home)
        hits += self._mentions(commands)
        return hits

    def _mentions(self, commands: list[Any]) -> list[Hit]:
        """A changing command whose words name the home's own directory name (``find ~
        -path '*.bastion*' -exec sed -i ...``): the path is built at run time, the name is
        still there."""
        name = posixpath.basename(self.home)
        if "bastion" not in name:
            return []  # a custom home's name may be any ordinary word
        for cmd in commands:
            program = cmd.program.rsplit("/", 1)[-1]
            if program in READ_ONLY_PROGRAMS or program in DIR_CHANGERS:
                continue
            for arg in cmd.argv[1:]:
                if name in arg and not arg.startswith("-"):
                    return [Hit(GUARD_WRITE, arg, f"{program} acts on a path naming {name}")]
        return []

    def _names_pid_file(
        self, commands: list[Any], reads: list[str], dirs: list[str], user_home: str
    ) -> bool:
        words = [*reads, *(a for c in commands for a in c.argv[1:] if "daemon.pid" in a)]
        return any(
            self.resolve(w, cwd=base, user_home=user_home) == self._real_pid
            for w in words
            for base in dirs
        )

    def _inline(self, command: str, facts: Any, user_home: str) -> list[Hit]:
        """Interpreter code (python -c, node -e, a heredoc) that names the guard's ground:
        the shell analysis cannot follow every path a program builds, so naming is enough."""
        executes = getattr(facts, "executes", []) or []
        if not any(str(getattr(e, "kind", "")).startswith(INLINE_KINDS) for e in executes):
            return []
        return self._names_guard(command, user_home, "a script in the command")

    def _names_guard(self, code: str, user_home: str, what: str) -> list[Hit]:
        spellings = {self.home, self._real_home}
        if self.home.startswith(user_home.rstrip("/") + "/"):
            rest = self.home[len(user_home.rstrip("/")) :]
            spellings |= {"~" + rest, "$HOME" + rest, "${HOME}" + rest}
        spellings |= set(self.install) | set(self.agent_settings)
        for spelling in sorted(s for s in spellings if s):
            if spelling in code:
                return [Hit(GUARD_WRITE, spelling, f"{what} names {spelling}")]
        if _IMPORTS_GUARD.search(code):
            return [Hit(GUARD_CONTROL, "bastion", f"{what} drives Bastion's own modules")]
        if "daemon.sock" in code:
            return [Hit(GUARD_WRITE, self.socket, f"{what} talks to the daemon's socket")]
        return []

    def _scripts(self, commands: list[Any], dirs: list[str], user_home: str) -> list[Hit]:
        """Script files the command runs (``python3 x.py``, ``bash run.sh``) are on disk
        when it is decided: one that names the guard's ground is judged like inline code,
        so writing the tamper into a file first and running it later gains nothing."""
        hits: list[Hit] = []
        for cmd in commands:
            program = cmd.program.rsplit("/", 1)[-1]
            if not _INTERPRETER.fullmatch(program):
                continue
            for arg in cmd.argv[1:4]:
                if arg.startswith("-"):
                    continue
                path = self.resolve(arg, cwd=dirs[0], user_home=user_home)
                try:
                    if os.path.getsize(path) > MAX_SCRIPT:
                        continue
                    code = Path(path).read_text(encoding="utf-8", errors="replace")
                except (OSError, ValueError):
                    continue
                hits += self._names_guard(code, user_home, f"the script {path}")
                break
        return hits

    def _control(self, program: str, argv: list[str]) -> list[Hit]:
        words = [a for a in argv[1:] if not a.startswith("-")]
        if program in {"python", "python3"} or re.fullmatch(r"python3(\.\d+)?", program):
            if "-m" in argv:
                module = argv[argv.index("-m") + 1] if argv.index("-m") + 1 < len(argv) else ""
                if module.split(".")[0] == "bastion":
                    after = argv[argv.index("-m") + 2 :]
                    program = "bastion-daemon" if module == "bastion.daemon" else "bastion"
                    words = [a for a in after if not a.startswith("-")]
            else:
                return []
        if program not in BASTION_PROGRAMS:
            return []
        if program in ("bastion-daemon", "bastion-hook", "bastion-hook-native"):
            return [Hit(GUARD_CONTROL, program, f"runs {program} directly")]
        verb = " ".join(words[:2])
        if not words or words[0] in READ_ONLY_VERBS or verb in READ_ONLY_VERBS:
            return []
        if "--help" in argv or "-h" in argv:
            return []
        return [
            Hit(
                GUARD_CONTROL,
                " ".join(words[:2]),
                f"bastion {' '.join(words[:2])} is a control operation; only a person "
                "outside the agent session may run it",
            )
        ]

    def _kill(self, program: str, argv: list[str]) -> list[Hit]:
        pid = self.daemon_pid()
        args = argv[1:]
        if program == "kill":
            return self._kill_pids(_kill_targets(args), pid, "kill")
        if pid is None:
            return []
        comm, cmdline = self.daemon_names(pid)
        if not comm:
            return []
        patterns = [a for a in args if not a.startswith("-")]
        full = "-f" in args or "--full" in args
        for pattern in patterns:
            try:
                if program == "pkill" and re.search(pattern, cmdline if full else comm):
                    break
            except re.error:
                continue
            if program in {"killall", "skill"} and pattern in (comm, cmdline.split(" ", 1)[0]):
                break
        else:
            return []
        return [Hit(KILL_GUARD, str(pid), f"{program} would stop the Bastion daemon ({comm})")]

    def _kill_pids(self, targets: list[str], pid: int | None, how: str) -> list[Hit]:
        """Literal pids resolved as the kernel resolves them: ``0042`` is 42, ``-N`` is the
        process group N, ``-1`` every process the user may signal; a pid is the daemon if
        it is the pid file's or if ``/proc/<pid>`` shows a Bastion daemon (a second daemon,
        a rewritten pid file), and a group is the daemon's if the daemon belongs to it."""
        group = self._group_of(pid) if pid is not None else None
        for raw in targets:
            number = _pid_number(raw)
            if number is None:
                continue
            if number == -1 and pid is not None:
                return [
                    Hit(KILL_GUARD, str(pid), f"{how} -1 signals every process, the daemon too")
                ]
            if number < 0 and group is not None and -number == group:
                return [Hit(KILL_GUARD, str(pid), f"{how} signals the daemon's process group")]
            if number == pid or (number > 0 and self._is_daemon_process(number)):
                return [
                    Hit(KILL_GUARD, str(number), f"{how} signals the Bastion daemon (pid {number})")
                ]
        return []

    def _is_daemon_process(self, pid: int) -> bool:
        _comm, cmdline = self.daemon_names(pid)
        return bool(cmdline) and bool(_DAEMON_CMDLINE.search(cmdline))

    @staticmethod
    def _group_of(pid: int) -> int | None:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            return int(stat.rsplit(")", 1)[1].split()[2])
        except (OSError, ValueError, IndexError):
            return None


# A Bastion daemon's command line, however it was started (entry point, module, pip script).
_DAEMON_CMDLINE = re.compile(r"(?:^|[/\s])bastion(?:-daemon\b|\.daemon\b|\s+daemon\b)")
# kill's options that take a value (the signal): the value is not a pid.
_KILL_WITH_ARG = frozenset({"-s", "-n", "--signal", "-q", "--queue"})


# A project's MCP server list is guarded because an edit could take a server out of the
# gateway (``bastion install mcp`` routes each through ``mcp-proxy``). An edit that keeps
# every routed server routed and adds none unrouted to a routed list loses nothing of
# Bastion's: it is judged as agent configuration (what the servers run), not by the guard.
# Only files that are nothing but a server list: a settings file that also wires hooks
# (one agent keeps both in one file) stays under the guard whatever the edit.
_HOOK_WIRING = frozenset(f.path for files in every_agent_files() for f in files.settings)
_MCP_LISTS = tuple(
    "/" + f.path
    for files in every_agent_files()
    for f in files.mcp_configs + files.also_guarded
    if f.in_project and f.path.endswith(".json") and f.path not in _HOOK_WIRING
)
_ROUTED = "mcp-proxy"
_LAUNCH = re.compile(r'"command"\s*:')


def _keeps_gateway(resolved: str, tool_input: dict[str, Any]) -> bool:
    """A write of an MCP server list leaves the gateway's routing as it was."""
    try:
        with open(resolved, encoding="utf-8", errors="replace") as handle:
            current = handle.read(MAX_SCRIPT)
    except OSError:
        current = ""
    if _ROUTED not in current:
        return True  # no server of this list goes through the gateway: none can leave it
    content = tool_input.get("content")
    if isinstance(content, str):
        return len(_LAUNCH.findall(content)) <= content.count(_ROUTED)
    old, new = tool_input.get("old_string"), tool_input.get("new_string")
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    routed = new.count(_ROUTED) - old.count(_ROUTED)
    added = len(_LAUNCH.findall(new)) - len(_LAUNCH.findall(old))
    return routed >= 0 and added <= routed


def _kill_targets(args: list[str]) -> list[str]:
    """The pid operands of ``kill`` (signal options and their values left out)."""
    out: list[str] = []
    k = 0
    operands = False
    while k < len(args):
        arg = args[k]
        if not operands and arg == "--":
            operands = True
        elif not operands and arg in _KILL_WITH_ARG:
            k += 1
        elif not operands and arg.startswith("-") and not _pid_like(arg):
            pass  # -9, -KILL, -SIGTERM, -l
        else:
            out.append(arg)
        k += 1
    return out


def _pid_like(arg: str) -> bool:
    return arg.lstrip("-").isdigit() and (arg == "-1" or len(arg.lstrip("-")) > 2)


def _pid_number(raw: str) -> int | None:
    text = raw.strip()
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-+")
    if not digits.isdigit() or len(digits) > 12:
        return None
    return sign * int(digits, 10)


def _is_secret(rest: str) -> bool:
    if not rest:
        return False
    first = rest.split("/", 1)[0]
    for name in SECRET_NAMES:
        if name.endswith("/") and first == name[:-1]:
            return True
        if not name.endswith("/") and first.startswith(name):
            return True
    return rest.endswith(SECRET_SUFFIXES)


def _real(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def _strings(value: Any, limit: int = 200) -> list[str]:
    out: list[str] = []
    stack = [value]
    while stack and len(out) < limit:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: set[tuple[str, str]] = set()
    out = []
    for hit in hits:
        if (hit.kind, hit.target) not in seen:
            seen.add((hit.kind, hit.target))
            out.append(hit)
    return out


def install_paths(user_home: str) -> tuple[str, ...]:
    """Bastion's package, its command shims and the hook commands the settings name.

    A source checkout inside which people develop Bastion itself is the exception: its
    ``src/bastion`` is ordinary work there, so only an installed package (under
    ``site-packages``) is protected.
    """
    out: set[str] = set()
    package = posixpath.dirname(os.path.abspath(__file__))
    if "site-packages" in package or "dist-packages" in package:
        out.add(package)
    bindir = posixpath.join(sys.prefix, "bin")
    for name in ("bastion", "bastion-hook", "bastion-daemon"):
        out.add(posixpath.join(bindir, name))
    for settings in settings_paths(user_home):
        out.update(_hook_commands(settings))
    return tuple(sorted(posixpath.normpath(p) for p in out))


def _hook_commands(settings: str) -> set[str]:
    """Absolute paths of ``bastion-hook`` executables named in a settings file's hooks."""
    try:
        data = json.loads(Path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    out: set[str] = set()
    for groups in (data.get("hooks") or {}).values() if isinstance(data, dict) else []:
        for group in groups if isinstance(groups, list) else []:
            for entry in group.get("hooks") or [] if isinstance(group, dict) else []:
                command = str(entry.get("command", "")) if isinstance(entry, dict) else ""
                for word in command.replace("'", " ").split():
                    if word.startswith("/") and word.endswith("bastion-hook"):
                        out.add(word)
    return out


def settings_paths(user_home: str) -> tuple[str, ...]:
    """The user-level and managed settings files that wire the hooks, of every agent."""
    out: list[str] = []
    for files in every_agent_files():
        for f in files.guarded():
            if not f.in_project:
                path = f.at("", user_home.rstrip("/") or "/")
                if path is not None:
                    out.append(path)
    return tuple(out)
