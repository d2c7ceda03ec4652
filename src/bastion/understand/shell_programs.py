"""What individual programs do with their arguments: the per-program half of shell analysis."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from bastion.understand import shell_catalog as cat
from bastion.understand.shell_model import Change, Execution, NetworkDestination, Word
from bastion.understand.shell_netloc import (
    DEFAULT_PORTS,
    Endpoint,
    clean_host,
    has_scheme,
    parse_remote,
    parse_url,
    split_host_port,
    to_port,
)


class Sink(Protocol):
    """Where handlers report facts; implemented by the shell walker."""

    def read(self, path: str) -> None: ...
    def write(self, path: str) -> None: ...
    def delete(self, path: str, recursive: bool, tool: str) -> None: ...
    def env_read(self, name: str) -> None: ...
    def credential(self, label: str) -> None: ...
    def network(self, dest: NetworkDestination) -> None: ...
    def execute(self, execution: Execution) -> None: ...
    def change(self, category: str, change: Change) -> None: ...
    def opaque(self, reason: str) -> None: ...
    def run_shell(self, script: str, why: str) -> None: ...
    def run_words(self, words: list[Word], wrapper: str) -> None: ...
    def run_python(self, code: str, label: str) -> None: ...
    def run_node(self, code: str, label: str) -> None: ...
    def run_other(self, code: str, family: str) -> None: ...
    def downloaded(self, path: str) -> bool: ...
    def note_download(self, path: str) -> None: ...


@dataclass(slots=True)
class Stdin:
    """What a command reads on standard input, as far as it is known."""

    text: str | None = None  # literal content (heredoc, here-string, echo ... |)
    dynamic: bool = False  # the literal content has unknown parts
    download: bool = False  # an upstream command fetched it from the network
    decoded: bool = False  # an upstream command decoded or decompressed it
    piped: bool = False  # it comes from an upstream command
    redirected: bool = False  # it comes from a file


@dataclass(slots=True)
class Invocation:
    """One program run, after wrappers are removed."""

    words: list[Word]
    stdin: Stdin = field(default_factory=Stdin)
    env: dict[str, str] = field(default_factory=dict)  # NAME=value prefix assignments
    wrappers: tuple[str, ...] = ()
    program: str = field(init=False)  # basename of the program word
    family: str = field(init=False)  # program_family(program)

    def __post_init__(self) -> None:
        self.program = basename(self.words[0].text) if self.words else ""
        self.family = cat.program_family(self.program)

    @property
    def args(self) -> list[Word]:
        return self.words[1:]

    @property
    def argv(self) -> list[str]:
        return [w.text for w in self.words]


@dataclass(frozen=True, slots=True)
class Output:
    """What a command writes to stdout, for the next command in its pipeline."""

    kind: str = ""  # "download", "decode", "literal", "pass", ""
    text: str = ""
    dynamic: bool = False


NO_OUTPUT = Output()
PASS = Output("pass")


_HOME_PREFIX = re.compile(r"^(?:\$HOME|\$\{HOME\}|/home/[^/]+|/Users/[^/]+|/root)(?=/|$)")


def normalize_home(path: str) -> str:
    """Spell the home directory as "~" and drop "./" noise, for matching path tables."""
    norm = _HOME_PREFIX.sub("~", path.strip())
    norm = re.sub(r"/+", "/", norm).replace("/./", "/")
    return norm.removeprefix("./")


def match_path(path: str, table: tuple[tuple[str, str], ...]) -> str:
    """The kind of the first table entry matching a path, or ""."""
    if not path:
        return ""
    norm = normalize_home(path)
    rooted = "/" + norm
    for pattern, kind in table:
        if pattern.startswith("*/"):
            suffix = pattern[1:]
            if "*" in suffix:
                if fnmatch.fnmatchcase(rooted, pattern):
                    return kind
            elif suffix.endswith("/"):
                if suffix in rooted + "/":
                    return kind
            elif rooted.endswith(suffix):
                return kind
        elif pattern.endswith("/"):
            if norm.startswith(pattern) or norm == pattern[:-1]:
                return kind
        elif norm == pattern:
            return kind
    return ""


def _quote(word: str) -> str:
    """A word quoted for the shell again (argv back to a command line)."""
    if word and re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def basename(text: str) -> str:
    return text.rstrip("/").rsplit("/", 1)[-1] if "/" in text.rstrip("/") else text


# --- option parsing -----------------------------------------------------------------------


@dataclass(slots=True)
class Parsed:
    """Options and positional words of a command line."""

    options: list[tuple[str, Word | None]] = field(default_factory=list)
    positionals: list[Word] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        return any(name in names for name, _ in self.options)

    def values(self, *names: str) -> list[Word]:
        return [value for name, value in self.options if name in names and value is not None]

    def flag_letters(self) -> set[str]:
        return {name[1:] for name, _ in self.options if len(name) == 2 and name[0] == "-"}


def parse_options(
    args: list[Word],
    with_arg: frozenset[str] | set[str] = frozenset(),
    *,
    clusters: bool = True,
    stop_at_positional: bool = False,
    optional_arg: frozenset[str] = frozenset(),
) -> Parsed:
    """GNU-style option parsing: -abc clusters, -ovalue, --long=value, --long value, --."""
    parsed = Parsed()
    i = 0
    while i < len(args):
        word = args[i]
        text = word.text
        if text == "--":
            parsed.positionals += args[i + 1 :]
            break
        if text.startswith("--") and len(text) > 2:
            name, eq, value = text.partition("=")
            if eq:
                parsed.options.append((name, Word(value, word.dynamic, word.substituted)))
            elif name in with_arg and i + 1 < len(args):
                parsed.options.append((name, args[i + 1]))
                i += 1
            else:
                parsed.options.append((name, None))
        elif text.startswith("-") and len(text) > 1 and not word.dynamic:
            if not clusters or len(text) == 2:
                if text in with_arg and i + 1 < len(args):
                    parsed.options.append((text, args[i + 1]))
                    i += 1
                else:
                    parsed.options.append((text, None))
            else:
                for k in range(1, len(text)):
                    name = "-" + text[k]
                    rest = text[k + 1 :]
                    if name in with_arg or name in optional_arg:
                        if rest:
                            parsed.options.append((name, Word(rest)))
                        elif name in with_arg and i + 1 < len(args):
                            parsed.options.append((name, args[i + 1]))
                            i += 1
                        else:
                            parsed.options.append((name, None))
                        break
                    parsed.options.append((name, None))
        else:
            parsed.positionals.append(word)
            if stop_at_positional:
                parsed.positionals += args[i + 1 :]
                break
        i += 1
    return parsed


# --- helpers ------------------------------------------------------------------------------


def _is_url_like(text: str) -> bool:
    return has_scheme(text)


def _dest(end: Endpoint, tool: str, sends: bool, dynamic: bool = False) -> NetworkDestination:
    """A destination; a computed path or query (dynamic) carries data to the server."""
    carries = dynamic and end.dynamic_after_host
    return NetworkDestination(end.host, end.port, end.scheme, tool, sends or carries)


def _paths(words: Iterable[Word]) -> list[str]:
    return [w.text for w in words if w.text and w.text != "-"]


def _change(sink: Sink, category: str, kind: str, target: str, detail: str) -> None:
    sink.change(category, Change(kind, target, detail))


def _join(words: Iterable[Word]) -> str:
    return " ".join(w.text for w in words)


# --- handlers -----------------------------------------------------------------------------

Handler = Callable[[Invocation, Sink], Output]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = function
        return function

    return register


def interpret(inv: Invocation, sink: Sink) -> Output:
    """Report what one program run does; returns what it sends down the pipeline."""
    _agent_flags(inv, sink)
    _credential_commands(inv, sink)
    _command_values(inv, sink)
    handler = HANDLERS.get(inv.family) or HANDLERS.get(inv.program)
    if handler is not None:
        return handler(inv, sink)
    if "/" in inv.words[0].text:
        _run_script(inv.words[0].text, inv, sink, inv.words[0].text)
        return NO_OUTPUT
    if inv.family in cat.FILE_READERS:
        return _reader(inv, sink)
    return NO_OUTPUT


# Options whose value is a command the program hands to the shell (or runs as a program):
# rsync's remote shell, zip's test command, man's pager, script's command, scp's ssh
# program, tcpdump's post-rotate command, flock's command.
COMMAND_OPTIONS: dict[str, frozenset[str]] = {
    "rsync": frozenset({"-e", "--rsh"}),
    "zip": frozenset({"-TT", "--unzip-command"}),
    "man": frozenset({"-P", "--pager"}),
    "script": frozenset({"-c", "--command"}),
    "scp": frozenset({"-S"}),
    "sftp": frozenset({"-S"}),
    "tcpdump": frozenset({"-z"}),
    "flock": frozenset({"-c", "--command"}),
}
# Environment variables whose value a program runs as a command (pager, editor, ssh,
# askpass, less's input filter, bash's start-up file).
EXEC_ENV = frozenset(
    {
        "PAGER",
        "GIT_PAGER",
        "MANPAGER",
        "SYSTEMD_PAGER",
        "LESSOPEN",
        "LESSCLOSE",
        "EDITOR",
        "VISUAL",
        "GIT_EDITOR",
        "GIT_SEQUENCE_EDITOR",
        "GIT_SSH_COMMAND",
        "GIT_SSH",
        "GIT_EXTERNAL_DIFF",
        "GIT_ASKPASS",
        "SSH_ASKPASS",
        "SUDO_ASKPASS",
        "RSYNC_RSH",
        "BROWSER",
        "PROMPT_COMMAND",
        "BASH_ENV",
        "ENV",
    }
)
# A value the shell must interpret (a pipe, a substitution, a URL, an interpreter) is more
# than the plain program-and-options these variables normally hold.
_SHELL_VALUE = re.compile(r"[|;&`$()<>]|://|^\s*(?:sh|bash|zsh|dash|python\d*|perl|ruby|node)\b")


def _command_values(inv: Invocation, sink: Sink) -> None:
    """Commands hidden in option values and environment prefixes, analysed as shell."""
    options = COMMAND_OPTIONS.get(inv.program)
    if options:
        texts = inv.argv[1:]
        for k, text in enumerate(texts):
            value = None
            clustered = (
                len(text) > 2 and text[0] == "-" and text[1] != "-" and f"-{text[-1]}" in options
            )
            if (text in options or clustered) and k + 1 < len(texts):
                value = texts[k + 1]
            elif text.startswith("--") and text.split("=", 1)[0] in options and "=" in text:
                value = text.split("=", 1)[1]
            if value and value.strip():
                sink.execute(Execution("inline-shell", f"{inv.program} {text} runs a command"))
                sink.run_shell(value.replace("%s", "x"), f"{inv.program} {text}")
    for name, value in list(inv.env.items())[:16]:
        if name in EXEC_ENV and value.strip() and _SHELL_VALUE.search(value):
            command = value.strip().lstrip("|").replace("%s", "x")
            sink.execute(Execution("inline-shell", f"{name} runs a command"))
            sink.run_shell(command, f"{name}=")


# "pass NAME" shows a secret; these first words are other pass commands.
_PASS_VERBS = frozenset(
    [
        "ls",
        "list",
        "init",
        "insert",
        "add",
        "generate",
        "rm",
        "mv",
        "cp",
        "git",
        "edit",
        "find",
        "search",
        "grep",
        "otp",
    ]
)
_CREDENTIAL_INDEX: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _program, _sub, _label in cat.CREDENTIAL_COMMANDS:
    _CREDENTIAL_INDEX.setdefault(_program, []).append((_sub, _label))


def _credential_commands(inv: Invocation, sink: Sink) -> None:
    argv = inv.argv
    for sub, label in _CREDENTIAL_INDEX.get(inv.program, ()):
        rest = [a for a in argv[1:] if not a.startswith("-") or a in sub]
        if tuple(rest[: len(sub)]) == sub or (
            sub[-1].startswith("-") and tuple(rest[: len(sub) - 1]) == sub[:-1] and sub[-1] in argv
        ):
            sink.credential(label)
            return
    if (
        inv.program == "pass"
        and len(argv) > 1
        and not argv[1].startswith("-")
        and argv[1] not in _PASS_VERBS
    ):
        sink.credential("pass show")
    if inv.program.startswith("docker-credential-") and "get" in argv:
        sink.credential(f"{inv.program} get")


def _agent_flags(inv: Invocation, sink: Sink) -> None:
    argv = inv.argv
    bypass = [a for a in argv if a.split("=", 1)[0] in cat.BYPASS_FLAGS]
    if inv.program in cat.AGENT_CLIS and ("--yolo" in argv or "-y" in argv[1:2]):
        bypass.append("--yolo")
    for i, arg in enumerate(argv):
        if arg == "--permission-mode" and i + 1 < len(argv) and argv[i + 1] == "bypassPermissions":
            bypass.append("--permission-mode bypassPermissions")
        elif arg.startswith("--permission-mode=bypassPermissions"):
            bypass.append(arg)
    if not bypass and inv.program not in {"grep", "rg", "echo", "printf"}:
        joined = " ".join(argv[1:])
        if any(word in joined for word in cat.BYPASS_WORDS):
            bypass.append("bypassPermissions")
    for flag in dict.fromkeys(bypass):
        _change(
            sink, "self_tamper", "bypass-permissions", inv.program, f"{inv.program} run with {flag}"
        )


def _reader(inv: Invocation, sink: Sink) -> Output:
    family = inv.family
    if family in cat.METADATA_ONLY:
        return NO_OUTPUT
    opts = cat.READER_OPTS_WITH_ARG.get(family, frozenset())
    args = [w for w in inv.args if not re.fullmatch(r"[-+]\d+", w.text)]
    parsed = parse_options(args, opts)
    for path in _paths(parsed.positionals):
        sink.read(path)
    if family == "sort":
        for out in parsed.values("-o", "--output"):
            sink.write(out.text)
    decode_flags = cat.DECODERS.get(family)
    if decode_flags and parsed.has(*decode_flags):
        return Output("decode")
    if family in cat.ALWAYS_DECODERS:
        return Output("decode")
    return PASS if family in cat.PASS_THROUGH else NO_OUTPUT


for _name in cat.FILE_READERS:
    if _name not in cat.METADATA_ONLY:
        HANDLERS.setdefault(_name, _reader)


@handles("grep")
def _grep(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, cat.READER_OPTS_WITH_ARG["grep"])
    files = parsed.positionals
    if not parsed.has("-e", "--regexp", "-f", "--file") and files:
        files = files[1:]
    for pattern_file in parsed.values("-f", "--file"):
        sink.read(pattern_file.text)
    letters = parsed.flag_letters()
    if not files and (letters & {"r", "R"} or parsed.has("--recursive")):
        sink.read(".")
    for path in _paths(files):
        sink.read(path)
    return PASS


@handles("sed")
def _sed(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        cat.READER_OPTS_WITH_ARG["sed"],
        optional_arg=frozenset({"-i"}),
    )
    files = parsed.positionals
    if not parsed.has("-e", "--expression", "-f", "--file") and files:
        files = files[1:]
    for script in parsed.values("-f", "--file"):
        sink.read(script.text)
    in_place = parsed.has("-i") or any(n.startswith("--in-place") for n, _ in parsed.options)
    for path in _paths(files):
        if in_place:
            sink.write(path)
        else:
            sink.read(path)
    return PASS


_AWK_INET = re.compile(r"/inet[46]?/(tcp|udp)/\d+/([^/\s\"]+)/(\d+)")
# A literal command string handed to the shell: system("…"), "…" | getline, print | "…".
_AWK_SHELL = re.compile(
    r'system\(\s*"((?:[^"\\]|\\.)*)"\s*\)|"((?:[^"\\]|\\.)*)"\s*\|\s*getline'
    r'|\|\s*"((?:[^"\\]|\\.)*)"'
)
# system() of anything but one literal: the command is computed at run time.
_AWK_COMPUTED = re.compile(r'system\(\s*[^"\s]|system\(\s*"[^"]*"\s*[^\s)]')


@handles("awk")
def _awk(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, cat.READER_OPTS_WITH_ARG["awk"], clusters=False)
    files = parsed.positionals
    programs = [f.text for f in parsed.values("-f", "--file")]
    for program_file in programs:
        sink.read(program_file)
    if not programs and files:
        program = files[0].text
        files = files[1:]
        if "system(" in program or "| getline" in program or "|&" in program:
            sink.execute(Execution("inline-shell", "awk program runs shell commands"))
            literal = [
                next(g for g in m.groups() if g is not None) for m in _AWK_SHELL.finditer(program)
            ]
            for command in literal:
                sink.run_shell(command.replace('\\"', '"'), "awk system()")
            if not literal or _AWK_COMPUTED.search(program):
                sink.opaque("awk program runs shell commands")
        for match in re.finditer(r"""print[^>|;}]*>>?\s*"([^"]+)\"""", program):
            sink.write(match.group(1))
        for match in re.finditer(r"""getline[^<;}]*<\s*"([^"]+)\"""", program):
            sink.read(match.group(1))
        for match in _AWK_INET.finditer(program):
            # gawk's /inet special files are sockets: what is printed to them leaves.
            sink.network(
                NetworkDestination(
                    clean_host(match.group(2)), to_port(match.group(3)), match.group(1), "awk", True
                )
            )
    for path in _paths(files):
        if "=" not in path:
            sink.read(path)
    return PASS


@handles("tee")
def _tee(inv: Invocation, sink: Sink) -> Output:
    for path in _paths(parse_options(inv.args).positionals):
        sink.write(path)
    return PASS


@handles("touch", "mkdir", "truncate", "mkfifo", "mknod")
def _touch(inv: Invocation, sink: Sink) -> Output:
    opts = {"-s", "--size", "-r", "--reference", "-d", "--date", "-t", "-m", "--mode"}
    for path in _paths(parse_options(inv.args, frozenset(opts)).positionals):
        sink.write(path)
    return NO_OUTPUT


@handles("cp", "mv", "install", "ln", "rsync-local")
def _copy(inv: Invocation, sink: Sink) -> Output:
    family = inv.family
    opts = {
        "-t",
        "--target-directory",
        "-S",
        "--suffix",
        "-m",
        "--mode",
        "-o",
        "--owner",
        "-g",
        "--group",
    }
    parsed = parse_options(inv.args, frozenset(opts))
    positionals = parsed.positionals
    targets = parsed.values("-t", "--target-directory")
    if family == "install" and parsed.has("-d", "--directory"):
        for path in _paths(positionals):
            sink.write(path)
        return NO_OUTPUT
    if targets:
        dest, sources = targets[0], positionals
    elif family == "ln" and len(positionals) == 1:
        dest, sources = Word(basename(positionals[0].text)), positionals
    elif len(positionals) >= 2:
        dest, sources = positionals[-1], positionals[:-1]
    else:
        return NO_OUTPUT
    for source in _paths(sources):
        if family in {"cp", "install"}:
            sink.read(source)
        elif family == "mv":
            sink.read(source)
            sink.delete(source, False, "mv")
    sink.write(dest.text)
    if family == "install":
        for mode in parsed.values("-m", "--mode"):
            _mode_change(mode.text, [dest.text], sink, "install")
    return NO_OUTPUT


@handles("rm", "unlink", "shred", "rmdir", "srm")
def _rm(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-n", "--iterations", "-s", "--size"}))
    letters = parsed.flag_letters()
    recursive = bool(letters & {"r", "R"}) or parsed.has("--recursive")
    if inv.family == "rmdir":
        recursive = False
    targets = _paths(parsed.positionals)
    tool = inv.family
    if inv.family == "shred":
        for target in targets:
            _change(sink, "destructive", "shred", target, f"shred overwrites {target}")
            _disk(target, sink, "shred")
    for target in targets:
        sink.delete(target, recursive, tool)
    if not targets and "xargs" in inv.wrappers:
        # xargs hands its input over as arguments: when that input is known, it is the target.
        given = (inv.stdin.text or "").split()[:32]
        for target in given:
            sink.delete(target, recursive, tool)
        if not given:
            sink.delete("", recursive, tool)
    return NO_OUTPUT


@handles("dd")
def _dd(inv: Invocation, sink: Sink) -> Output:
    for word in inv.args:
        key, eq, value = word.text.partition("=")
        if not eq:
            continue
        if key == "if":
            sink.read(value)
        elif key == "of":
            sink.write(value)
            _disk(value, sink, "dd")
    return PASS


def _disk(path: str, sink: Sink, tool: str) -> None:
    if cat.BLOCK_DEVICE.fullmatch(path):
        _change(sink, "destructive", "disk-wipe", path, f"{tool} writes the raw device {path}")


@handles("mkfs", "wipefs", "fdisk", "sfdisk", "parted", "sgdisk", "gdisk", "blkdiscard")
def _mkfs(inv: Invocation, sink: Sink) -> Output:
    devices = [w.text for w in inv.args if w.text.startswith("/dev/")]
    for device in devices or [""]:
        if inv.family in {"fdisk", "sfdisk", "parted", "gdisk", "sgdisk"} and (
            "-l" in inv.argv or "print" in inv.argv
        ):
            continue
        _change(
            sink, "destructive", "disk-wipe", device, f"{inv.program} rewrites {device or 'a disk'}"
        )
    return NO_OUTPUT


_SETUID_SYMBOLIC = re.compile(r"[ugoa]*[+=][rwxXt]*s")


def _mode_change(mode: str, targets: list[str], sink: Sink, tool: str) -> None:
    setuid = bool(_SETUID_SYMBOLIC.search(mode)) or bool(
        re.fullmatch(r"0*[2-7][0-7]{3}", mode) and int(mode, 8) & 0o6000
    )
    if setuid:
        for target in targets or [""]:
            _change(
                sink, "privilege", "setuid", target, f"{tool} {mode} sets the setuid/setgid bit"
            )


def _is_system_path(path: str) -> bool:
    if path in {"/", "/*", "~", "~/", "$HOME", "${HOME}"}:
        return True
    if path.startswith(cat.SCRATCH_PREFIXES):
        return False
    return any(path == p or path.startswith(p + "/") for p in cat.SYSTEM_PREFIXES)


@handles("chmod", "chown", "chgrp", "chattr", "setfacl")
def _chmod(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"--reference", "-m", "-x"}))
    positionals = parsed.positionals
    # chmod treats "-x"/"+x" style modes as the mode word; rebuild it when it looked like a flag.
    if (
        inv.family == "chmod"
        and positionals
        and any(n in {"-r", "-w", "-x", "-s", "-t", "-X"} for n, _ in parsed.options)
    ):
        mode_flags = [n for n, _ in parsed.options if n in {"-r", "-w", "-x", "-s", "-t", "-X"}]
        mode, targets = "-" + "".join(m[1] for m in mode_flags), positionals
    elif inv.family in {"chmod", "chown", "chgrp", "chattr"} and positionals:
        mode, targets = positionals[0].text, positionals[1:]
    else:
        mode, targets = "", positionals
    paths = _paths(targets)
    recursive = bool(parsed.flag_letters() & {"R"}) or parsed.has("--recursive")
    if inv.family == "chmod":
        _mode_change(mode, paths, sink, "chmod")
    for path in paths:
        if _is_system_path(path) or (recursive and path in {"/", "~", "$HOME"}):
            _change(
                sink,
                "privilege",
                "chmod-system",
                path,
                f"{inv.family} {mode} on system path {path}".replace("  ", " "),
            )
        if inv.family == "chattr" and "i" in mode:
            _change(sink, "privilege", "chattr", path, f"chattr {mode} {path}")
    if inv.family in {"chmod", "chown", "chgrp"}:
        for path in paths:
            _tamper_by_path(path, sink, f"{inv.family} changes")
    return NO_OUTPUT


def _tamper_by_path(path: str, sink: Sink, verb: str) -> None:
    kind = match_path(path, cat.SELF_TAMPER_PATHS)
    if kind:
        _change(sink, "self_tamper", kind, path, f"{verb} {path}")


@handles("setcap")
def _setcap(inv: Invocation, sink: Sink) -> Output:
    target = inv.argv[-1] if len(inv.argv) > 2 else ""
    _change(sink, "privilege", "setcap", target, f"setcap {_join(inv.args)}")
    return NO_OUTPUT


@handles(
    "useradd",
    "adduser",
    "usermod",
    "userdel",
    "passwd",
    "chpasswd",
    "groupadd",
    "gpasswd",
    "visudo",
    "vipw",
)
def _users(inv: Invocation, sink: Sink) -> Output:
    target = inv.argv[-1] if len(inv.argv) > 1 else ""
    kind = "sudoers" if inv.program == "visudo" else "user-admin"
    _change(sink, "privilege", kind, target, f"{inv.program} {_join(inv.args)}".strip())
    return NO_OUTPUT


@handles("iptables", "ip6tables", "nft", "ufw", "firewall-cmd", "pfctl")
def _firewall(inv: Invocation, sink: Sink) -> Output:
    listing = {"-L", "-S", "--list", "status", "list", "--list-all", "-s", "list-ruleset"}
    if not any(a in listing for a in inv.argv[1:]):
        _change(
            sink, "privilege", "firewall-change", "", f"{inv.program} {_join(inv.args)}".strip()
        )
    return NO_OUTPUT


@handles("setenforce", "aa-disable", "aa-teardown", "csrutil", "spctl")
def _security_off(inv: Invocation, sink: Sink) -> Output:
    _change(sink, "privilege", "security-disable", "", f"{inv.program} {_join(inv.args)}".strip())
    return NO_OUTPUT


@handles("shutdown", "reboot", "halt", "poweroff", "init", "telinit")
def _power(inv: Invocation, sink: Sink) -> Output:
    _change(sink, "destructive", "system-power", "", f"{inv.program} {_join(inv.args)}".strip())
    return NO_OUTPUT


@handles("kill", "pkill", "killall", "skill", "xkill")
def _kill(inv: Invocation, sink: Sink) -> Output:
    raw = [w.text for w in inv.args]
    targets = [t for t in raw if not t.startswith("-")]
    listing = inv.program == "kill" and any(t in {"-l", "-L", "--list"} for t in raw)
    if listing:
        return NO_OUTPUT
    text = " ".join(raw).lower()
    if cat.GUARD_NAME in text:
        _change(
            sink,
            "self_tamper",
            "kill-guard",
            cat.GUARD_NAME,
            f"{inv.program} {' '.join(raw)} stops the Bastion guard",
        )
    else:
        _change(
            sink,
            "destructive",
            "kill-process",
            " ".join(targets),
            f"{inv.program} {' '.join(raw)}".strip(),
        )
    return NO_OUTPUT


@handles("history")
def _history(inv: Invocation, sink: Sink) -> Output:
    if any(a in {"-c", "-w", "-d"} for a in inv.argv[1:]):
        _change(sink, "destructive", "history-clear", "", f"history {_join(inv.args)}")
    return NO_OUTPUT


@handles("crontab")
def _crontab(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-u"}))
    if parsed.has("-l"):
        return NO_OUTPUT
    if parsed.has("-r"):
        _change(sink, "destructive", "cron", "crontab", "crontab -r removes all cron jobs")
        return NO_OUTPUT
    source = parsed.positionals[0].text if parsed.positionals else "-"
    if source != "-":
        sink.read(source)
    _change(
        sink,
        "persistence",
        "cron",
        "crontab",
        f"crontab {_join(inv.args)} installs cron jobs".replace("  ", " "),
    )
    return NO_OUTPUT


@handles("at", "batch")
def _at(inv: Invocation, sink: Sink) -> Output:
    if any(a in {"-l", "-r", "-d"} for a in inv.argv[1:]) or inv.program == "atq":
        return NO_OUTPUT
    _change(sink, "persistence", "cron", "at", f"{inv.program} schedules a job")
    if inv.stdin.text is not None:
        sink.run_shell(inv.stdin.text, "at job")
    return NO_OUTPUT


@handles("systemctl")
def _systemctl(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-H", "--host", "-M", "-t", "--type", "-p"}))
    words = [w.text for w in parsed.positionals]
    if not words:
        return NO_OUTPUT
    verb, units = words[0], words[1:]
    target = " ".join(units)
    if cat.GUARD_NAME in target.lower() and verb in {"stop", "disable", "mask", "kill"}:
        _change(sink, "self_tamper", "kill-guard", target, f"systemctl {verb} {target}")
    elif verb in {"enable", "link", "preset", "reenable", "add-wants", "edit"}:
        _change(sink, "persistence", "systemd-unit", target, f"systemctl {verb} {target}")
    elif verb in {"stop", "disable", "mask", "kill"}:
        _change(sink, "destructive", "service-stop", target, f"systemctl {verb} {target}")
    elif verb in {"poweroff", "reboot", "halt", "suspend", "hibernate", "rescue", "emergency"}:
        _change(sink, "destructive", "system-power", "", f"systemctl {verb}")
    return NO_OUTPUT


@handles("service")
def _service(inv: Invocation, sink: Sink) -> Output:
    words = inv.argv[1:]
    if len(words) >= 2:
        name, verb = words[0], words[1]
        if cat.GUARD_NAME in name.lower() and verb == "stop":
            _change(sink, "self_tamper", "kill-guard", name, f"service {name} stop")
        elif verb == "stop":
            _change(sink, "destructive", "service-stop", name, f"service {name} stop")
    return NO_OUTPUT


@handles("launchctl")
def _launchctl(inv: Invocation, sink: Sink) -> Output:
    words = inv.argv[1:]
    verb = words[0] if words else ""
    target = " ".join(words[1:])
    if cat.GUARD_NAME in target.lower() and verb in {
        "unload",
        "bootout",
        "remove",
        "stop",
        "disable",
        "kill",
    }:
        _change(sink, "self_tamper", "kill-guard", target, f"launchctl {verb} {target}")
    elif verb in {"load", "bootstrap", "enable", "submit"}:
        _change(sink, "persistence", "launch-agent", target, f"launchctl {verb} {target}")
    return NO_OUTPUT


@handles("update-rc.d", "chkconfig", "rc-update")
def _initscripts(inv: Invocation, sink: Sink) -> Output:
    _change(sink, "persistence", "init-script", " ".join(inv.argv[1:2]), " ".join(inv.argv))
    return NO_OUTPUT


@handles("bastion", "bastion-hook")
def _bastion(inv: Invocation, sink: Sink) -> Output:
    words = [w for w in inv.argv[1:] if not w.startswith("-")]
    verb = words[0] if words else ""
    if verb in {"uninstall", "disable", "stop", "off", "pause", "remove", "kill", "allow-all"}:
        _change(
            sink,
            "self_tamper",
            "guard-disable",
            "bastion",
            f"bastion {verb} switches the guard off",
        )
    return NO_OUTPUT


# --- network tools ------------------------------------------------------------------------

# Options that send data to the server (each also takes an argument).
_CURL_SEND_OPTS = frozenset(
    [
        "--data",
        "--data-ascii",
        "--data-binary",
        "--data-raw",
        "--data-urlencode",
        "--form",
        "--form-string",
        "--json",
        "--mail-rcpt",
        "--upload-file",
        "--url-query",
        "-F",
        "-T",
        "-d",
    ]
)

# Every curl option that takes an argument: the sending ones and these.
_CURL_WITH_ARG = _CURL_SEND_OPTS | frozenset(
    [
        "--aws-sigv4",
        "--cacert",
        "--capath",
        "--cert",
        "--cert-type",
        "--ciphers",
        "--config",
        "--connect-timeout",
        "--connect-to",
        "--continue-at",
        "--cookie",
        "--cookie-jar",
        "--create-file-mode",
        "--dns-servers",
        "--doh-url",
        "--dump-header",
        "--expand-url",
        "--ftp-method",
        "--ftp-port",
        "--header",
        "--hostpubmd5",
        "--interface",
        "--key",
        "--key-type",
        "--limit-rate",
        "--local-port",
        "--mail-from",
        "--max-filesize",
        "--max-redirs",
        "--max-time",
        "--netrc-file",
        "--noproxy",
        "--oauth2-bearer",
        "--output",
        "--output-dir",
        "--pass",
        "--proxy",
        "--proxy-header",
        "--proxy-user",
        "--pubkey",
        "--quote",
        "--range",
        "--referer",
        "--request",
        "--resolve",
        "--retry",
        "--retry-all-errors",
        "--retry-delay",
        "--retry-max-time",
        "--speed-limit",
        "--speed-time",
        "--stderr",
        "--time-cond",
        "--trace",
        "--trace-ascii",
        "--unix-socket",
        "--url",
        "--user",
        "--user-agent",
        "--variable",
        "--write-out",
        "-A",
        "-C",
        "-D",
        "-E",
        "-H",
        "-K",
        "-P",
        "-Q",
        "-U",
        "-X",
        "-Y",
        "-b",
        "-c",
        "-e",
        "-m",
        "-o",
        "-r",
        "-u",
        "-w",
        "-x",
        "-y",
        "-z",
    ]
)


@handles("curl")
def _curl(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, _CURL_WITH_ARG)
    # A config file (-K) can hold any option, uploads included: judged as able to send.
    sends = parsed.has(*_CURL_SEND_OPTS) or bool(parsed.values("-K", "--config"))
    for method in parsed.values("-X", "--request"):
        if method.text.upper() in {"POST", "PUT", "PATCH"}:
            sends = True
    for name, value in parsed.options:
        if value is None:
            continue
        text = value.text
        if name in {"-d", "--data", "--data-binary", "--data-ascii", "--json", "--data-urlencode"}:
            at = (
                text.find("@")
                if name == "--data-urlencode"
                else (0 if text.startswith("@") else -1)
            )
            if at >= 0 and text[at + 1 :] not in {"-", ""}:
                sink.read(text[at + 1 :])
        elif name in {"-F", "--form"}:
            _, _, field_value = text.partition("=")
            if field_value[:1] in {"@", "<"}:
                path = field_value[1:].split(";", 1)[0]
                if path != "-":
                    sink.read(path)
        elif (name in {"-T", "--upload-file"} and text != "-") or name in {
            "-K",
            "--config",
            "-E",
            "--cert",
            "--key",
            "--netrc-file",
        }:
            sink.read(text)
        elif name in {"-o", "--output", "-c", "--cookie-jar", "-D", "--dump-header"}:
            if text not in {"-", "/dev/null"}:
                sink.write(text)
                if name in {"-o", "--output"}:
                    sink.note_download(text)
        elif name in {"-H", "--header", "-b", "--cookie", "-u", "--user"} and value.dynamic:
            sends = True  # a computed header or credential rides along with the request
    urls = [w for w in parsed.positionals] + parsed.values("--url")
    remote_name = parsed.has("-O", "--remote-name", "--remote-name-all")
    to_stdout = not parsed.has("-o", "--output") and not remote_name
    any_url = False
    for word in urls:
        end = parse_url(word.text, "http")
        if end is None or (not end.host and not word.dynamic):
            continue
        any_url = True
        sink.network(_dest(end, "curl", sends, word.dynamic))
        if remote_name and end.path:
            name = basename(end.path)
            if name:
                sink.write(name)
                sink.note_download(name)
    if not any_url:
        sink.network(NetworkDestination("", None, "", "curl", sends))
    return Output("download") if to_stdout else NO_OUTPUT


_WGET_WITH_ARG = frozenset(
    [
        "-O",
        "--output-document",
        "-o",
        "--output-file",
        "-a",
        "--append-output",
        "-i",
        "--input-file",
        "-P",
        "--directory-prefix",
        "-t",
        "--tries",
        "-T",
        "--timeout",
        "-w",
        "--wait",
        "-U",
        "--user-agent",
        "--header",
        "--post-data",
        "--post-file",
        "--body-data",
        "--body-file",
        "--method",
        "--user",
        "--password",
        "-e",
        "--execute",
        "-l",
        "--level",
        "-A",
        "--accept",
        "-R",
        "--reject",
        "-D",
        "--domains",
        "--load-cookies",
        "--save-cookies",
        "--certificate",
        "--private-key",
        "--ca-certificate",
        "-B",
        "--base",
        "--referer",
        "--limit-rate",
        "-Q",
        "--quota",
    ]
)


@handles("wget")
def _wget(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, _WGET_WITH_ARG)
    sends = parsed.has("--post-data", "--post-file", "--body-data", "--body-file")
    for method in parsed.values("--method"):
        sends |= method.text.upper() in {"POST", "PUT", "PATCH"}
    for word in parsed.values(
        "--post-file",
        "--body-file",
        "-i",
        "--input-file",
        "--load-cookies",
        "--certificate",
        "--private-key",
    ):
        if word.text != "-":
            sink.read(word.text)
    for header in parsed.values("--header", "--post-data", "--body-data"):
        sends |= header.dynamic and not sends and True
    outputs = parsed.values("-O", "--output-document")
    to_stdout = any(o.text == "-" for o in outputs)
    prefix = parsed.values("-P", "--directory-prefix")
    any_url = False
    for word in parsed.positionals:
        end = parse_url(word.text, "http")
        if end is None or (not end.host and not word.dynamic):
            continue
        any_url = True
        sink.network(_dest(end, "wget", sends, word.dynamic))
        if not outputs:
            name = basename(end.path) or "index.html"
            path = f"{prefix[0].text.rstrip('/')}/{name}" if prefix else name
            sink.write(path)
            sink.note_download(path)
    if not any_url:
        sink.network(NetworkDestination("", None, "", "wget", sends))
    for out in outputs:
        if out.text != "-":
            sink.write(out.text)
            sink.note_download(out.text)
    return Output("download") if to_stdout else NO_OUTPUT


@handles("http")
def _httpie(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "-a",
                "--auth",
                "-o",
                "--output",
                "--session",
                "-A",
                "--auth-type",
                "--verify",
                "--cert",
            }
        ),
    )
    words = [w.text for w in parsed.positionals]
    method = ""
    if words and words[0].isupper():
        method = words.pop(0)
    sends = method in {"POST", "PUT", "PATCH"} or any(
        re.match(r"[^=:@]+(?:=|:=|@|=@|:=@)", w) for w in words[1:]
    )
    for out in parsed.values("-o", "--output"):
        sink.write(out.text)
    if words:
        end = parse_url(words[0], "http")
        if end is not None:
            sink.network(_dest(end, "http", sends))
            return Output("download")
    sink.network(NetworkDestination("", None, "", "http", sends))
    return Output("download")


@handles("nc", "telnet")
def _nc(inv: Invocation, sink: Sink) -> Output:
    opts = frozenset(
        [
            "-p",
            "-s",
            "-w",
            "-i",
            "-q",
            "-e",
            "-c",
            "-x",
            "-X",
            "-P",
            "-T",
            "-g",
            "-G",
            "-O",
            "-I",
            "-V",
            "-W",
            "-M",
            "-m",
        ]
    )
    parsed = parse_options(inv.args, opts)
    letters = parsed.flag_letters()
    scheme = "udp" if "u" in letters else "tcp"
    words = [w.text for w in parsed.positionals]
    host = clean_host(words[0]) if words and not words[0].isdigit() else ""
    port = None
    for candidate in words[1:] if host or (words and not words[0].isdigit()) else words:
        port = port or to_port(candidate.split("-")[0])
    for value in parsed.values("-p"):
        port = port or to_port(value.text)
    if inv.family == "telnet":
        scheme = "telnet"
        port = port or 23
    sink.network(NetworkDestination(host, port, scheme, inv.program, True))
    for value in parsed.values("-e", "-c"):
        sink.execute(Execution("remote-shell", f"{inv.program} hands {value.text} to the network"))
    return Output("download")


@handles("socat")
def _socat(inv: Invocation, sink: Sink) -> Output:
    addresses = [w.text for w in inv.args if not w.text.startswith("-") or w.text == "-"]
    for address in addresses:
        head, _, rest = address.partition(":")
        kind = head.upper().split("-")[0]
        if kind in {"TCP", "TCP4", "TCP6", "UDP", "UDP4", "UDP6", "OPENSSL", "SSL", "SCTP"}:
            scheme = "udp" if kind.startswith("UDP") else "tcp"
            if "LISTEN" in head.upper():
                port = to_port(rest.split(",", 1)[0])
                sink.network(NetworkDestination("", port, scheme, "socat", True))
            else:
                host, port = split_host_port(rest.split(",", 1)[0])
                sink.network(NetworkDestination(host, port, scheme, "socat", True))
        elif kind in {"EXEC", "SYSTEM"}:
            sink.execute(Execution("remote-shell", f"socat connects {rest.split(',', 1)[0]}"))
            sink.run_shell(rest.split(",", 1)[0], "socat exec")
        elif kind in {"FILE", "OPEN", "GOPEN", "PIPE"} and rest:
            # A file address is read (and written, in the other direction): what socat reads
            # from it goes to the other address.
            sink.read(rest.split(",", 1)[0])
        elif kind == "CREATE" and rest:
            sink.write(rest.split(",", 1)[0])
        elif (
            address not in {"-", "STDIO", "STDOUT", "STDIN"}
            and "/" in address
            and ":" not in address
        ):
            sink.read(address)
    return Output("download")


_SSH_WITH_ARG = frozenset(
    [
        "-p",
        "-i",
        "-l",
        "-o",
        "-F",
        "-J",
        "-L",
        "-R",
        "-D",
        "-b",
        "-c",
        "-e",
        "-m",
        "-O",
        "-Q",
        "-S",
        "-W",
        "-w",
        "-B",
        "-E",
        "-I",
    ]
)


def _ssh_dest(target: str, port: int | None, tool: str, sends: bool) -> NetworkDestination:
    end = parse_url(target) if has_scheme(target) else None
    if end is not None:
        return NetworkDestination(end.host, port or end.port, end.scheme, tool, sends)
    host = target.rsplit("@", 1)[-1]
    return NetworkDestination(clean_host(host), port or 22, "ssh", tool, sends)


@handles("ssh-add", "ssh-keygen")
def _ssh_keys(inv: Invocation, sink: Sink) -> Output:
    """Local key tools: ``ssh-add KEY`` hands a key to the user's own agent, ``ssh-keygen``
    reads or makes key files. Neither reaches the network; the key files are read (and, for
    ssh-keygen ``-f``, possibly written)."""
    texts = inv.argv[1:]
    k = 0
    while k < len(texts):
        text = texts[k]
        if text in {"-f", "-i"} or (inv.program == "ssh-add" and text in {"-t", "-S", "-E"}):
            if k + 1 < len(texts) and text in {"-f", "-i"}:
                sink.read(texts[k + 1])
            k += 2
            continue
        if inv.program == "ssh-add" and not text.startswith("-"):
            sink.read(text)
        k += 1
    return NO_OUTPUT


@handles("ssh", "autossh", "mosh")
def _ssh(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, _SSH_WITH_ARG, stop_at_positional=True)
    if not parsed.positionals:
        return NO_OUTPUT
    port = None
    for value in parsed.values("-p"):
        port = to_port(value.text)
    for value in parsed.values("-i", "-F"):
        sink.read(value.text)
    for value in parsed.values("-o"):
        _ssh_option_command(value.text, sink)
    remote = parsed.positionals[1:]
    stdin = inv.stdin
    sends = bool(stdin.piped or stdin.redirected or stdin.text is not None or parsed.has("-R"))
    sink.network(_ssh_dest(parsed.positionals[0].text, port, "ssh", sends))
    for spec in parsed.values("-R"):
        # A remote forward lets the far side reach a port of this machine.
        _exposes(sink, spec.text.rsplit(":", 1)[-1], f"ssh -R {spec.text}")
    if remote:
        sink.execute(Execution("remote", f"ssh runs on the remote host: {_join(remote)}"))
    elif stdin.text is not None:
        sink.execute(
            Execution("remote", f"ssh runs a script on the remote host: {stdin.text[:80]}")
        )
    return Output("download")


_SSH_COMMAND_OPTIONS = frozenset({"proxycommand", "localcommand", "knownhostscommand"})


def _ssh_option_command(option: str, sink: Sink) -> None:
    """``-o ProxyCommand=…`` (and LocalCommand, KnownHostsCommand) run a local shell command:
    it is analysed as shell, with ssh's ``%h``/``%p`` tokens left as words."""
    key, sep, value = option.partition("=")
    if not sep:
        key, _, value = option.partition(" ")
    if key.strip().lower() in _SSH_COMMAND_OPTIONS and value.strip():
        sink.execute(Execution("inline-shell", f"ssh {key.strip()} runs a local command"))
        sink.run_shell(value.strip(), f"ssh {key.strip()}")


# Ports whose service is a login or a remote desktop: exposing them hands out a shell.
_REMOTE_ACCESS_PORTS = frozenset({22, 23, 2222, 3389, 5900, 5901})


def _exposes(sink: Sink, port_text: str, detail: str) -> None:
    port = to_port(port_text)
    if port in _REMOTE_ACCESS_PORTS:
        sink.execute(Execution("remote-shell", f"{detail} exposes a login service to the network"))
    else:
        sink.execute(Execution("exposes-local", f"{detail} exposes a local port to the network"))


@handles("ngrok", "cloudflared", "lt", "localtunnel", "bore", "frpc", "sish", "zrok")
def _tunnel(inv: Invocation, sink: Sink) -> Output:
    """Tunnels publish a port of this machine on a public address."""
    sink.network(NetworkDestination("", None, "tunnel", inv.program, True))
    words = [w.text for w in inv.args]
    ports = [
        w.rsplit(":", 1)[-1].split("/", 1)[0] for w in words if re.search(r"(^|:)\d{2,5}(/|$)", w)
    ]
    for k, word in enumerate(words[:-1]):
        if word in ("--port", "-p", "local", "--url"):
            ports.append(words[k + 1].rsplit(":", 1)[-1].split("/", 1)[0])
    if not ports and words:
        ports = [""]
    for port in ports[:4]:
        _exposes(sink, port, inv.program)
    return NO_OUTPUT


# Database dump clients read a whole data store (its data directory, for our classes).
_DUMPERS = {
    "mysqldump": "/var/lib/mysql",
    "mariadb-dump": "/var/lib/mysql",
    "pg_dump": "/var/lib/postgresql",
    "pg_dumpall": "/var/lib/postgresql",
    "mongodump": "/var/lib/mongodb",
    "mongoexport": "/var/lib/mongodb",
}


@handles(*_DUMPERS)
def _dump(inv: Invocation, sink: Sink) -> Output:
    sink.read(_DUMPERS[inv.program])
    parsed = parse_options(
        inv.args, frozenset({"-f", "--file", "-r", "--result-file", "-o", "--out"})
    )
    for value in parsed.values("-f", "--file", "-r", "--result-file", "-o", "--out"):
        sink.write(value.text)
    return PASS


def _scp_like(inv: Invocation, sink: Sink, tool: str, opts: frozenset[str]) -> None:
    parsed = parse_options(inv.args, opts)
    port = None
    for value in parsed.values("-P", "--port"):
        port = to_port(value.text)
    for value in parsed.values("-i", "-F"):
        sink.read(value.text)
    words = parsed.positionals
    if len(words) < 2:
        return
    sources, dest = words[:-1], words[-1]
    dest_remote = parse_remote(dest.text)
    for source in sources:
        source_remote = parse_remote(source.text)
        if source_remote is None:
            sink.read(source.text)
        else:
            sink.network(
                NetworkDestination(
                    source_remote.host,
                    port or source_remote.port,
                    source_remote.scheme,
                    tool,
                    False,
                )
            )
    if dest_remote is not None:
        sink.network(
            NetworkDestination(
                dest_remote.host, port or dest_remote.port, dest_remote.scheme, tool, True
            )
        )
    else:
        sink.write(dest.text)
        if tool == "rsync" and parsed.has(
            "--delete", "--delete-after", "--delete-before", "--delete-during", "--delete-excluded"
        ):
            _change(
                sink,
                "destructive",
                "rsync-delete",
                dest.text,
                f"rsync --delete removes files in {dest.text} missing from the source",
            )


@handles("scp")
def _scp(inv: Invocation, sink: Sink) -> Output:
    _scp_like(inv, sink, "scp", frozenset(["-P", "-i", "-F", "-o", "-l", "-S", "-c", "-J"]))
    return NO_OUTPUT


@handles("rsync")
def _rsync(inv: Invocation, sink: Sink) -> Output:
    opts = frozenset(
        [
            "-e",
            "--rsh",
            "--exclude",
            "--include",
            "--exclude-from",
            "--include-from",
            "--files-from",
            "--port",
            "-T",
            "--temp-dir",
            "--password-file",
            "--log-file",
            "-B",
            "--chmod",
            "--rsync-path",
            "--backup-dir",
            "--compare-dest",
            "--link-dest",
            "--partial-dir",
            "--timeout",
            "--bwlimit",
            "-M",
            "--filter",
            "-f",
            "--info",
            "--debug",
        ]
    )
    _scp_like(inv, sink, "rsync", opts)
    return NO_OUTPUT


@handles("sftp", "ftp", "lftp", "tftp", "ncftp")
def _ftp(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-P", "-p", "-i", "-F", "-o", "-b", "-u", "-e"}))
    scheme = "sftp" if inv.program == "sftp" else "ftp"
    sends = inv.stdin.text is not None or inv.stdin.piped or bool(parsed.values("-b"))
    for word in parsed.positionals[:1]:
        end = parse_url(word.text) if has_scheme(word.text) else None
        host = end.host if end else clean_host(word.text.rsplit("@", 1)[-1].split(":", 1)[0])
        sink.network(
            NetworkDestination(
                host,
                DEFAULT_PORTS.get(scheme),
                scheme,
                inv.program,
                sends or "put" in (inv.stdin.text or ""),
            )
        )
    return NO_OUTPUT


_DNS_TYPES = frozenset(
    [
        "A",
        "AAAA",
        "MX",
        "TXT",
        "NS",
        "SOA",
        "CNAME",
        "PTR",
        "SRV",
        "ANY",
        "CAA",
        "DS",
        "DNSKEY",
        "NAPTR",
        "SPF",
        "HINFO",
        "AXFR",
        "IXFR",
        "IN",
        "CH",
        "HS",
    ]
)


def _exfil_name(word: Word) -> bool:
    return word.dynamic or any(len(label) > 40 for label in word.text.split("."))


@handles("dig", "nslookup", "host", "drill", "kdig", "delv")
def _dns(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset({"-p", "-t", "-c", "-q", "-x", "-b", "-k", "-y", "-W", "-R", "-N"}),
        clusters=False,
    )
    server = ""
    names: list[Word] = list(parsed.values("-q", "-x"))
    for word in parsed.positionals:
        if word.text.startswith("@"):
            server = word.text[1:]
        elif word.text.startswith("+") or word.text.upper() in _DNS_TYPES:
            continue
        else:
            names.append(word)
    if inv.program in {"nslookup", "host"} and len(names) > 1:
        server = names.pop().text
    for name in names:
        host = "" if name.dynamic else clean_host(name.text)
        sink.network(NetworkDestination(host, 53, "dns", inv.program, _exfil_name(name)))
    if server:
        sink.network(NetworkDestination(clean_host(server), 53, "dns", inv.program, False))
    return NO_OUTPUT


@handles(
    "ping",
    "ping6",
    "traceroute",
    "tracepath",
    "mtr",
    "nmap",
    "whois",
    "arping",
    "fping",
    "hping3",
    "masscan",
)
def _probe(inv: Invocation, sink: Sink) -> Output:
    opts = frozenset(
        [
            "-c",
            "-i",
            "-I",
            "-W",
            "-w",
            "-s",
            "-t",
            "-p",
            "-q",
            "-m",
            "-f",
            "-T",
            "-S",
            "-M",
            "-g",
            "-l",
            "-n",
            "-h",
            "-o",
            "-D",
        ]
    )
    parsed = parse_options(
        inv.args,
        opts
        if inv.program not in {"nmap", "masscan"}
        else frozenset({"-p", "-oN", "-oX", "-oG", "-iL", "-e", "-S", "--script", "--rate"}),
    )
    scheme = "tcp" if inv.program in {"nmap", "masscan", "hping3"} else "dns"
    for word in parsed.positionals:
        if inv.program == "whois":
            host = clean_host(word.text)
        else:
            host = "" if word.dynamic else clean_host(word.text)
        # A payload computed at run time (ping -p "$(xxd -p secret)") rides in the packets.
        carries = _exfil_name(word) or any(w.dynamic for w in inv.args if w is not word)
        sink.network(NetworkDestination(host, None, scheme, inv.program, carries))
    return NO_OUTPUT


@handles("openssl")
def _openssl(inv: Invocation, sink: Sink) -> Output:
    argv = inv.argv
    sub = argv[1] if len(argv) > 1 else ""
    parsed = parse_options(
        inv.args[1:],
        frozenset(
            {"-in", "-out", "-connect", "-pass", "-k", "-kfile", "-key", "-cert", "-servername"}
        ),
        clusters=False,
    )
    for value in parsed.values("-in", "-kfile", "-key"):
        sink.read(value.text)
    for value in parsed.values("-out"):
        sink.write(value.text)
    for value in parsed.values("-connect"):
        host, port = split_host_port(value.text)
        sink.network(
            NetworkDestination(
                host, port or 443, "tcp", "openssl", inv.stdin.piped or inv.stdin.text is not None
            )
        )
    if sub in {"s_client"} and not parsed.values("-connect"):
        sink.network(NetworkDestination("", 443, "tcp", "openssl", inv.stdin.piped))
    if parsed.has("-d") and sub in {"enc", "base64", "aes-256-cbc", "des3"}:
        return Output("decode")
    if sub == "base64" and parsed.has("-d"):
        return Output("decode")
    return NO_OUTPUT


@handles("mail", "mailx", "sendmail", "mutt", "msmtp", "swaks")
def _mail(inv: Invocation, sink: Sink) -> Output:
    rcpts = [w.text for w in inv.args if "@" in w.text and not w.text.startswith("-")]
    for rcpt in rcpts or [""]:
        host = clean_host(rcpt.rsplit("@", 1)[-1]) if rcpt else ""
        sink.network(NetworkDestination(host, 25, "smtp", inv.program, True))
    for i, word in enumerate(inv.argv):
        if word in {"-a", "-A", "--attach"} and i + 1 < len(inv.argv):
            sink.read(inv.argv[i + 1])
    return NO_OUTPUT


# --- git ----------------------------------------------------------------------------------

_GIT_GLOBAL_WITH_ARG = frozenset(
    {"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"}
)
_GIT_NETWORK = frozenset({"push", "fetch", "pull", "clone", "ls-remote", "archive"})
_GIT_EXEC_CONFIG = re.compile(
    r"(core\.(sshcommand|pager|editor|fsmonitor|askpass|gitproxy)|alias\..*|url\..*\.insteadof"
    r"|credential\..*helper|filter\..*\.(clean|smudge|process)|diff\..*\.textconv"
    r"|sequence\.editor|include\.path|includeif\..*)",
    re.IGNORECASE,
)


def _git_remote(word: Word | None, tool: str, sends: bool) -> NetworkDestination:
    if word is None:
        return NetworkDestination("", None, "", tool, sends)
    end = parse_remote(word.text)
    if end is None:
        # A remote name such as "origin": the host is configured elsewhere.
        return NetworkDestination("", None, "", tool, sends)
    scheme = end.scheme if end.scheme != "ssh" or "://" in word.text else "ssh"
    return NetworkDestination(end.host, end.port, scheme, tool, sends or end.dynamic_after_host)


def _git_local_path(word: Word | None) -> str | None:
    """The path of a remote that is a directory on this machine (``/srv/x.git``, ``../y``,
    ``file:///srv/x.git``), else None; such a remote is a path to judge, not a host ""."""
    if word is None:
        return None
    text = word.text
    if text.startswith("file://"):
        return text[len("file://") :] or None
    if text.startswith(("/", "./", "../", "~/")) or text in (".", ".."):
        return text
    return None


@handles("git")
def _git(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    i = 0
    config_pairs: list[str] = []
    workdir = ""
    while i < len(args) and args[i].text.startswith("-"):
        name = args[i].text.split("=", 1)[0]
        if name in _GIT_GLOBAL_WITH_ARG and "=" not in args[i].text:
            if name == "-c" and i + 1 < len(args):
                config_pairs.append(args[i + 1].text)
            if name in ("-C", "--work-tree") and i + 1 < len(args):
                workdir = args[i + 1].text
            i += 2
        else:
            i += 1
    for pair in config_pairs:
        key = pair.split("=", 1)[0]
        if _GIT_EXEC_CONFIG.fullmatch(key) or key.lower() == "core.hookspath":
            _change(sink, "persistence", "git-config-exec", key, f"git -c {pair} runs a command")
    if i >= len(args):
        return NO_OUTPUT
    sub = args[i].text
    rest = args[i + 1 :]
    texts = [w.text for w in rest]
    if sub in {"send-email", "imap-send"}:
        _git_send_email(texts, sink)
        return NO_OUTPUT
    if sub in _GIT_NETWORK:
        opts = frozenset(
            {
                "-o",
                "--push-option",
                "--receive-pack",
                "--exec",
                "--upload-pack",
                "-b",
                "--branch",
                "--depth",
                "--origin",
                "-j",
                "--jobs",
                "--reference",
                "--template",
                "--separate-git-dir",
                "--config",
                "--filter",
                "--remote",
                "--prefix",
                "--output",
                "--format",
                "--shallow-since",
                "-c",
            }
        )
        parsed = parse_options(rest, opts)
        positionals = parsed.positionals
        if sub == "archive":
            remote = parsed.values("--remote")
            if remote:
                sink.network(_git_remote(remote[0], "git", False))
            else:
                sink.read(".")  # the archive is the repository's content
            return NO_OUTPUT
        sends = sub == "push"
        local = _git_local_path(positionals[0] if positionals else None)
        if local is not None:  # a repository on this machine: a path, not a host
            (sink.write if sends else sink.read)(local)
        else:
            sink.network(_git_remote(positionals[0] if positionals else None, "git", sends))
        if sub == "clone" and len(positionals) > 1:
            sink.write(positionals[1].text)
        if sub == "push":
            _git_push(parsed, positionals, sink)
        for value in parsed.values("--receive-pack", "--upload-pack", "--exec"):
            sink.run_shell(value.text, "git remote helper")
        return NO_OUTPUT
    if sub == "reset" and "--hard" in texts:
        target = next((t for t in texts if not t.startswith("-")), "HEAD")
        _change(
            sink,
            "destructive",
            "git-reset-hard",
            target,
            f"git reset --hard {target} discards uncommitted work",
        )
    elif sub == "clean":
        parsed = parse_options(rest, frozenset({"-e", "--exclude"}))
        letters = parsed.flag_letters()
        if ("f" in letters or parsed.has("--force")) and not (
            "n" in letters or parsed.has("--dry-run")
        ):
            paths = " ".join(_paths(parsed.positionals)) or "."
            if workdir:  # git -C /etc clean: the tree cleaned is the one -C names
                paths = " ".join(
                    p if p.startswith("/") else f"{workdir.rstrip('/')}/{p}".removesuffix("/.")
                    for p in paths.split()
                )
            extra = " including ignored files" if "x" in letters else ""
            _change(
                sink, "destructive", "git-clean", paths, f"git clean deletes untracked files{extra}"
            )
    elif sub == "branch":
        parsed = parse_options(rest)
        if parsed.has("-D", "-d", "--delete"):
            for branch in parsed.positionals:
                _change(
                    sink,
                    "destructive",
                    "git-branch-delete",
                    branch.text,
                    f"git branch deletes {branch.text}",
                )
    elif sub in {"checkout", "restore"}:
        _git_checkout(sub, rest, sink)
    elif sub == "stash" and texts[:1] in (["drop"], ["clear"]):
        _change(
            sink,
            "destructive",
            "git-stash-drop",
            " ".join(texts[1:]),
            f"git stash {texts[0]} discards stashed work",
        )
    elif sub in {"filter-branch", "filter-repo"} or (sub == "reflog" and texts[:1] == ["expire"]):
        _change(sink, "destructive", "git-history-rewrite", "", f"git {sub} rewrites history")
    elif sub == "update-ref" and "-d" in texts:
        _change(sink, "destructive", "git-ref-delete", texts[-1], f"git update-ref -d {texts[-1]}")
    elif sub == "tag" and ("-d" in texts or "--delete" in texts):
        _change(sink, "destructive", "git-tag-delete", texts[-1], f"git tag -d {texts[-1]}")
    elif sub == "config":
        _git_config(texts, sink)
    elif sub == "remote" and texts[:1] in (["add"], ["set-url"]) and len(texts) >= 3:
        if _git_local_path(Word(texts[-1])) is None:
            sink.network(_git_remote(Word(texts[-1]), "git", False))
    elif sub == "submodule" and texts[:1] == ["add"]:
        urls = [w for w in rest[1:] if not w.text.startswith("-")]
        sink.network(_git_remote(urls[0] if urls else None, "git", False))
    elif sub == "apply" or sub == "am":
        for path in texts:
            if not path.startswith("-"):
                sink.read(path)
    return NO_OUTPUT if sub not in {"show", "diff", "log", "cat-file"} else PASS


def _git_send_email(texts: list[str], sink: Sink) -> None:
    """``git send-email`` mails the repository's commits (or the files named) to every
    recipient: the repository's content leaves for the recipients' mail domains."""
    recipients: list[str] = []
    for k, text in enumerate(texts):
        name, eq, value = text.partition("=")
        if name in {"--to", "--cc", "--bcc", "--smtp-server"}:
            if not eq and k + 1 < len(texts):
                value = texts[k + 1]
            recipients.extend(v.strip() for v in value.split(","))
    sink.read(".")
    for text in texts:
        if not text.startswith("-") and ("/" in text or text.endswith((".patch", ".mbox"))):
            sink.read(text)
    hosts = [clean_host(r.rsplit("@", 1)[-1].strip("<>")) for r in recipients if r]
    for host in hosts or [""]:
        sink.network(NetworkDestination(host, 587, "smtp", "git", True))


def _git_push(parsed: Parsed, positionals: list[Word], sink: Sink) -> None:
    remote = positionals[0].text if positionals else ""
    refs = [w.text for w in positionals[1:]]
    force = parsed.has("--force", "-f", "--force-with-lease", "--force-if-includes", "--mirror")
    force_refs = [r for r in refs if r.startswith("+")]
    if force or force_refs:
        target = " ".join(refs) or remote
        how = "--mirror" if parsed.has("--mirror") else "a force push"
        _change(
            sink,
            "destructive",
            "git-push-force",
            target,
            f"git push to {remote or 'the default remote'} with {how} rewrites remote history",
        )
    deletes = [r[1:] for r in refs if r.startswith(":")]
    if parsed.has("--delete", "-d"):
        deletes += refs
    for ref in deletes:
        _change(sink, "destructive", "git-push-delete", ref, f"git push deletes remote ref {ref}")


def _git_checkout(sub: str, rest: list[Word], sink: Sink) -> None:
    texts = [w.text for w in rest]
    if sub == "checkout" and any(t in {"-b", "-B", "--orphan"} for t in texts):
        return
    if "--" in texts:
        paths = texts[texts.index("--") + 1 :]
    else:
        plain = [t for t in texts if not t.startswith("-")]
        if sub == "restore":
            paths = plain
        else:
            # Without "--" a bare name is usually a branch; a path-like word is a file.
            paths = [t for t in plain if t == "." or "/" in t or re.search(r"\.\w+$", t)]
            if "-f" in texts or "--force" in texts:
                paths = paths or ["."]
    if (
        sub == "restore"
        and ("--staged" in texts or "-S" in texts)
        and not ("--worktree" in texts or "-W" in texts)
    ):
        return
    for path in paths:
        _change(
            sink,
            "destructive",
            "git-discard-changes",
            path,
            f"git {sub} {path} discards uncommitted edits to it",
        )


def _git_config(texts: list[str], sink: Sink) -> None:
    words = [t for t in texts if not t.startswith("-")]
    reading = any(
        t in {"--get", "--get-all", "--list", "-l", "--get-regexp", "--show-origin"} for t in texts
    )
    if reading or len(words) < 2:
        return
    key = words[0]
    if key.lower() == "core.hookspath":
        _change(sink, "persistence", "git-hook", words[1], f"git config {key} {words[1]}")
    elif key.lower().startswith("alias.") and not words[1].lstrip().startswith("!"):
        return  # a plain alias expands to another git subcommand; only "!" runs a shell
    elif _GIT_EXEC_CONFIG.fullmatch(key):
        _change(
            sink,
            "persistence",
            "git-config-exec",
            key,
            f"git config {key} makes git run {words[1]}",
        )


# --- package managers ---------------------------------------------------------------------

_PIP_WITH_ARG = frozenset(
    [
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--src",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--upgrade-strategy",
        "--trusted-host",
        "--cert",
        "--client-cert",
        "--proxy",
        "--timeout",
        "--retries",
        "--log",
        "--cache-dir",
        "--progress-bar",
        "--python",
        "--only-binary",
        "--no-binary",
        "-C",
        "--config-settings",
        "--global-option",
        "--install-option",
        "--report",
        "--index",
        "--default-index",
        "--with",
        "-w",
        "--with-requirements",
        "--group",
        "--extra",
        "-p",
    ]
)


def _registry_host(text: str) -> str:
    end = parse_url(text, "https")
    return end.host if end else ""


def _install(
    sink: Sink,
    manager: str,
    packages: list[str],
    index_urls: list[str],
    *,
    local_only: bool = False,
    kind: str = "package-install",
    detail: str = "",
) -> None:
    index_hosts = [h for h in (_registry_host(u) for u in index_urls) if h]
    index = index_hosts[0] if index_hosts else ""
    sink.execute(
        Execution(
            kind,
            detail or f"{manager} installs {' '.join(packages) or 'dependencies'}",
            tuple(packages),
            index,
        )
    )
    direct = []
    for package in packages:
        url = (
            package.split("@", 1)[1].strip() if " @ " in package or "@ http" in package else package
        )
        url = url.removeprefix("git+")
        if has_scheme(url):
            end = parse_url(url)
            if end is not None:
                direct.append(NetworkDestination(end.host, end.port, end.scheme, manager, False))
    for dest in direct:
        sink.network(dest)
    if local_only and not index_hosts:
        return
    if index_hosts:
        for host in dict.fromkeys(index_hosts):
            sink.network(NetworkDestination(host, 443, "https", manager, False))
    elif not direct or len(direct) < len(packages):
        default = cat.DEFAULT_REGISTRIES.get(manager, "")
        sink.network(
            NetworkDestination(
                default, 443 if default else None, "https" if default else "", manager, False
            )
        )


def _is_local_package(text: str) -> bool:
    return (
        text in {".", ".."}
        or text.startswith(("./", "../", "/", "~", "file:"))
        or (text.endswith((".whl", ".tar.gz", ".zip")) and not has_scheme(text))
    )


def _env_index(inv: Invocation, manager: str) -> list[str]:
    return [v for k, v in inv.env.items() if cat.INDEX_ENV_VARS.get(k) == manager]


def pip_like(args: list[Word], inv: Invocation, sink: Sink, manager: str) -> None:
    """pip / uv pip / python -m pip: install, download and friends."""
    if not args:
        return
    sub = args[0].text
    if sub not in {"install", "download", "wheel", "add", "sync", "lock", "compile"}:
        if sub == "config" and len(args) > 2 and args[1].text == "set":
            key = args[2].text
            if "index" in key:
                _change(sink, "persistence", "package-config", key, f"{manager} config sets {key}")
        return
    parsed = parse_options(args[1:], _PIP_WITH_ARG)
    for req in parsed.values("-r", "--requirement", "-c", "--constraint", "--with-requirements"):
        sink.read(req.text)
    editable = [w.text for w in parsed.values("-e", "--editable")]
    packages = editable + [w.text for w in parsed.positionals]
    index_urls = [
        w.text
        for w in parsed.values(
            "-i",
            "--index-url",
            "--extra-index-url",
            "--index",
            "--default-index",
            "-f",
            "--find-links",
        )
    ]
    index_urls += _env_index(inv, "pip")
    requirement_files = parsed.values("-r", "--requirement")
    local_only = (
        bool(packages) and all(_is_local_package(p) for p in packages) and not requirement_files
    )
    if sub in {"sync", "lock", "compile"} and not packages:
        local_only = False
    for target in parsed.values("-t", "--target", "--prefix", "--root"):
        sink.write(target.text)
    _install(sink, manager, packages, index_urls, local_only=local_only)


@handles("pip")
def _pip(inv: Invocation, sink: Sink) -> Output:
    pip_like(inv.args, inv, sink, "pip")
    return NO_OUTPUT


@handles("uv")
def _uv(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    if not args:
        return NO_OUTPUT
    sub = args[0].text
    if sub == "pip":
        pip_like(args[1:], inv, sink, "pip")
    elif sub in {"add", "sync", "lock"}:
        pip_like(args, inv, sink, "pip")
    elif sub == "tool" and len(args) > 1 and args[1].text in {"install", "run"}:
        packages = [w.text for w in args[2:] if not w.text.startswith("-")][:1]
        _install(
            sink,
            "pip",
            packages,
            _env_index(inv, "pip"),
            kind="package-run" if args[1].text == "run" else "package-install",
        )
    elif sub == "run":
        _python_like_run(args[1:], inv, sink)
    return NO_OUTPUT


def _python_like_run(args: list[Word], inv: Invocation, sink: Sink) -> None:
    parsed = parse_options(
        args,
        frozenset(
            {
                "--with",
                "-p",
                "--python",
                "--project",
                "--directory",
                "--package",
                "--group",
                "--extra",
            }
        ),
        stop_at_positional=True,
    )
    if parsed.values("--with"):
        _install(sink, "pip", [w.text for w in parsed.values("--with")], _env_index(inv, "pip"))
    if parsed.positionals:
        sink.run_words(parsed.positionals, "uv run")


@handles("poetry", "pdm", "pipenv", "hatch", "rye")
def _poetry(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if not texts:
        return NO_OUTPUT
    sub = texts[0]
    if sub in {"add", "install", "update", "sync", "lock"}:
        packages = [t for t in texts[1:] if not t.startswith("-")]
        local = sub != "add" and not packages
        _install(
            sink,
            "poetry" if inv.program == "poetry" else "pip",
            packages,
            _env_index(inv, "pip"),
            local_only=local,
        )
    elif sub == "run" and len(inv.args) > 1:
        sink.run_words(inv.args[1:], f"{inv.program} run")
    return NO_OUTPUT


@handles("pipx")
def _pipx(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if texts[:1] in (["install"], ["run"], ["inject"]):
        packages = [t for t in texts[1:] if not t.startswith("-")]
        if texts[0] == "run":
            packages = packages[:1]
        parsed = parse_options(
            inv.args[1:], frozenset({"--index-url", "-i", "--pip-args", "--spec", "--python"})
        )
        index = [w.text for w in parsed.values("--index-url", "-i")]
        _install(
            sink,
            "pipx",
            packages,
            index,
            kind="package-run" if texts[0] == "run" else "package-install",
        )
    return NO_OUTPUT


@handles("conda", "mamba", "micromamba")
def _conda(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if texts[:1] in (["install"], ["create"], ["update"]):
        parsed = parse_options(
            inv.args[1:], frozenset({"-c", "--channel", "-n", "--name", "-p", "--prefix", "--file"})
        )
        channels = [w.text for w in parsed.values("-c", "--channel")]
        urls = [c if has_scheme(c) else "" for c in channels]
        _install(sink, "conda", [w.text for w in parsed.positionals], [u for u in urls if u])
    elif texts[:1] == ["run"]:
        parsed = parse_options(
            inv.args[1:], frozenset({"-n", "--name", "-p", "--prefix"}), stop_at_positional=True
        )
        if parsed.positionals:
            sink.run_words(parsed.positionals, "conda run")
    return NO_OUTPUT


_NPM_INSTALL = frozenset({"install", "i", "add", "ci", "update", "up", "upgrade", "isntall", "in"})


def _npm_pkg_set(pairs: list[str], sink: Sink) -> None:
    """``npm pkg set scripts.NAME=CMD`` writes package.json: lifecycle scripts run by
    themselves on the next install, the others on ``npm run``/``npm test``. The command
    written is judged now, as the shell it is."""
    sink.write("package.json")
    for pair in pairs[:32]:
        key, sep, value = pair.partition("=")
        if sep and key.startswith("scripts.") and value.strip():
            sink.execute(Execution("script", f"package.json {key} set"))
            sink.run_shell(value, f"npm pkg set {key}")


@handles("npm", "yarn", "pnpm", "bun")
def _npm(inv: Invocation, sink: Sink) -> Output:
    manager = inv.program
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "--registry",
                "--prefix",
                "-C",
                "--dir",
                "--cwd",
                "-w",
                "--workspace",
                "--filter",
                "-e",
                "--eval",
            }
        ),
    )
    words = [w.text for w in parsed.positionals]
    if words[:2] == ["pkg", "set"]:
        _npm_pkg_set(words[2:], sink)
    registries = [w.text for w in parsed.values("--registry")] + _env_index(inv, "npm")
    if manager == "yarn":
        registries += _env_index(inv, "yarn")
    if manager == "bun" and parsed.values("-e", "--eval"):
        for code in parsed.values("-e", "--eval"):
            sink.execute(Execution("inline-node", "bun evaluates inline code"))
            sink.run_node(code.text, "bun -e")
        return NO_OUTPUT
    if not words:
        if manager == "yarn":
            _install(sink, manager, [], registries)
        return NO_OUTPUT
    sub, rest = words[0], words[1:]
    if sub in _NPM_INSTALL or (manager == "yarn" and sub in {"add", "install"}):
        local_only = bool(rest) and all(_is_local_package(p) for p in rest)
        _install(sink, manager, rest, registries, local_only=local_only)
    elif sub in {"exec", "x", "dlx"} or (manager == "pnpm" and sub == "dlx"):
        if rest:
            _install(
                sink,
                manager,
                rest[:1],
                registries,
                kind="package-run",
                detail=f"{manager} {sub} downloads and runs {rest[0]}",
            )
    elif sub in {"run", "run-script", "test", "start", "t"} or (
        manager in {"yarn", "bun"}
        and sub
        not in {"config", "info", "list", "why", "outdated", "init", "remove", "link", "publish"}
    ):
        sink.execute(Execution("script", f"{manager} {' '.join(words[:2])} runs a package script"))
        if manager == "bun" and sub not in {"run", "test"} and (sub.endswith((".js", ".ts"))):
            pass
    elif sub == "publish":
        sink.network(
            NetworkDestination(
                _registry_host(registries[0])
                if registries
                else cat.DEFAULT_REGISTRIES.get(manager, ""),
                443,
                "https",
                manager,
                True,
            )
        )
    elif sub == "config" and rest[:1] == ["set"] and len(rest) > 1 and "registry" in rest[1]:
        _change(sink, "persistence", "package-config", rest[1], f"{manager} config set {rest[1]}")
    return NO_OUTPUT


@handles("npx")
def _npx(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset({"-p", "--package", "--registry", "--from", "--with", "-c", "--call"}),
        stop_at_positional=True,
    )
    packages = [w.text for w in parsed.values("-p", "--package", "--from", "--with")]
    if parsed.positionals:
        packages.append(parsed.positionals[0].text)
    manager = {"uvx": "pip", "bunx": "bun", "pnpx": "pnpm"}.get(inv.program, "npx")
    registries = [w.text for w in parsed.values("--registry")] + _env_index(
        inv, "pip" if manager == "pip" else "npm"
    )
    if packages:
        _install(
            sink,
            manager,
            packages,
            registries,
            kind="package-run",
            detail=f"{inv.program} downloads and runs {packages[-1]}",
        )
    for call in parsed.values("-c", "--call"):
        sink.run_shell(call.text, "npx -c")
    return NO_OUTPUT


@handles(
    "gem",
    "cargo",
    "go",
    "composer",
    "brew",
    "apt",
    "apt-get",
    "yum",
    "dnf",
    "apk",
    "zypper",
    "pacman",
    "snap",
    "dotnet",
    "nuget",
    "bundle",
    "port",
)
def _other_installers(inv: Invocation, sink: Sink) -> Output:
    manager = inv.program
    texts = inv.argv[1:]
    words = [t for t in texts if not t.startswith("-")]
    sub = words[0] if words else ""
    install_verbs = {
        "gem": {"install"},
        "cargo": {"install", "add"},
        "go": {"install", "get"},
        "composer": {"require", "install", "update", "global"},
        "brew": {"install", "reinstall", "upgrade", "tap"},
        "apt": {"install", "reinstall"},
        "apt-get": {"install", "reinstall"},
        "yum": {"install", "reinstall"},
        "dnf": {"install", "reinstall"},
        "apk": {"add"},
        "zypper": {"install", "in"},
        "pacman": {"-S"},
        "snap": {"install"},
        "dotnet": {"add", "tool"},
        "nuget": {"install"},
        "bundle": {"install", "add"},
        "port": {"install"},
    }.get(manager, set())
    if manager == "pacman" and any(t.startswith("-S") for t in texts):
        sub = "-S"
        words = ["-S", *words]
    if manager == "go" and sub in {"run"} and len(words) > 1 and "@" in words[1]:
        _install(
            sink,
            manager,
            [words[1]],
            _env_index(inv, "go"),
            kind="package-run",
            detail=f"go run downloads and runs {words[1]}",
        )
        return NO_OUTPUT
    if sub not in install_verbs:
        if manager == "apt-get" and sub in {"remove", "purge", "autoremove"}:
            _change(
                sink,
                "destructive",
                "package-remove",
                " ".join(words[1:]),
                f"{manager} {sub} {' '.join(words[1:])}",
            )
        return NO_OUTPUT
    opts_with_arg = {
        "--source",
        "--index",
        "--registry",
        "-t",
        "--target",
        "--version",
        "-v",
        "--git",
        "--path",
        "--repository",
    }
    index: list[str] = []
    packages: list[str] = []
    skip = False
    for k, text in enumerate(texts):
        if skip:
            skip = False
            continue
        if text in opts_with_arg and k + 1 < len(texts):
            if text in {"--source", "--index", "--registry", "--git"}:
                index.append(texts[k + 1])
            skip = True
            continue
        if text.startswith("-") or text == sub:
            continue
        packages.append(text)
    if manager == "go":
        index += _env_index(inv, "go")
    local_only = manager == "cargo" and ("--path" in texts) and not packages
    _install(sink, manager, packages, index, local_only=local_only)
    if manager in {"apt", "apt-get", "yum", "dnf", "apk", "zypper", "pacman", "snap", "port"}:
        pass
    return NO_OUTPUT


# --- containers, clusters, clouds ---------------------------------------------------------

_SENSITIVE_MOUNTS = (
    "/",
    "/etc",
    "/root",
    "/home",
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run",
    "/run",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/usr",
    "/var/lib",
    "~",
    "$HOME",
    "${HOME}",
    "/Users",
)


@handles("docker")
def _docker(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    global_opts = {"-H", "--host", "--context", "-c", "--config", "-l", "--log-level"}
    k = 0
    while k < len(texts) and texts[k].startswith("-"):
        k += 2 if texts[k] in global_opts else 1
    if k >= len(texts):
        return NO_OUTPUT
    sub = texts[k]
    rest = texts[k + 1 :]
    if sub == "container" and rest:
        sub, rest = rest[0], rest[1:]
    if sub in {"run", "create", "exec"}:
        _docker_run(sub, rest, sink, inv.program)
    elif sub in {"push", "pull"} and rest:
        image = next((t for t in rest if not t.startswith("-")), "")
        sink.network(
            NetworkDestination(_image_registry(image), 443, "https", inv.program, sub == "push")
        )
    elif (sub == "system" and rest[:1] == ["prune"]) or (
        sub == "volume" and rest[:1] in (["rm"], ["prune"])
    ):
        _change(
            sink,
            "destructive",
            "docker-prune",
            " ".join(rest[1:]),
            f"docker {sub} {' '.join(rest)} deletes data",
        )
    elif sub == "cp" and len(rest) >= 2:
        src, dst = rest[-2], rest[-1]
        if ":" in dst.split("/", 1)[0]:
            sink.read(src)
        else:
            sink.write(dst)
    return NO_OUTPUT


def _image_registry(image: str) -> str:
    first = image.split("/", 1)[0]
    if "/" in image and ("." in first or ":" in first or first == "localhost"):
        return clean_host(first.split(":", 1)[0])
    return "registry-1.docker.io"


def _docker_run(sub: str, rest: list[str], sink: Sink, tool: str) -> None:
    with_arg = {
        "-v",
        "--volume",
        "--mount",
        "-e",
        "--env",
        "--env-file",
        "-p",
        "--publish",
        "--name",
        "-w",
        "--workdir",
        "-u",
        "--user",
        "--network",
        "--net",
        "--pid",
        "--ipc",
        "--uts",
        "--userns",
        "--cap-add",
        "--cap-drop",
        "--security-opt",
        "--device",
        "--entrypoint",
        "-l",
        "--label",
        "--platform",
        "--restart",
        "-h",
        "--hostname",
        "--memory",
        "-m",
        "--cpus",
        "--add-host",
        "--dns",
        "--shm-size",
        "--gpus",
        "--tmpfs",
        "--ulimit",
        "--log-driver",
        "--cgroupns",
    }
    k = 0
    privileged: list[str] = []
    mounts: list[str] = []
    while k < len(rest) and rest[k].startswith("-"):
        name, eq, value = rest[k].partition("=")
        if not eq and name in with_arg and k + 1 < len(rest):
            value = rest[k + 1]
            k += 1
        if name == "--privileged":
            privileged.append("--privileged")
        elif name == "--cap-add" and value.upper().removeprefix("CAP_") in {
            "SYS_ADMIN",
            "ALL",
            "SYS_PTRACE",
            "SYS_MODULE",
            "NET_ADMIN",
            "DAC_READ_SEARCH",
        }:
            privileged.append(f"--cap-add={value}")
        elif (
            name in {"--pid", "--ipc", "--uts", "--userns", "--cgroupns"} and value == "host"
        ) or (name in {"--net", "--network"} and value == "host"):
            privileged.append(f"{name}=host")
        elif name == "--security-opt" and "unconfined" in value:
            privileged.append(f"--security-opt={value}")
        elif name == "--device":
            privileged.append(f"--device={value}")
        elif name in {"-v", "--volume"}:
            mounts.append(value.split(":", 1)[0])
        elif name == "--mount":
            for part in value.split(","):
                key, _, val = part.partition("=")
                if key in {"source", "src"}:
                    mounts.append(val)
        k += 1
    for flag in privileged:
        _change(sink, "privilege", "docker-privileged", flag, f"{tool} {sub} {flag}")
    for mount in mounts:
        norm = mount.rstrip("/") or "/"
        if (
            norm in _SENSITIVE_MOUNTS
            or norm.endswith("docker.sock")
            or any(
                norm.startswith(p + "/")
                for p in ("/etc", "/root", "/var/run", "/proc", "/sys", "/boot", "/dev")
            )
            or norm.startswith(("~/.ssh", "~/.aws", "$HOME/.ssh", "$HOME/.aws"))
        ):
            _change(
                sink,
                "privilege",
                "docker-host-mount",
                mount,
                f"{tool} {sub} mounts host path {mount} into the container",
            )
    if sub in {"run", "create"} and k < len(rest):
        sink.network(NetworkDestination(_image_registry(rest[k]), 443, "https", tool, False))


@handles("docker-compose")
def _compose(inv: Invocation, sink: Sink) -> Output:
    if "down" in inv.argv and ("-v" in inv.argv or "--volumes" in inv.argv):
        _change(
            sink, "destructive", "docker-prune", "volumes", "docker-compose down -v deletes volumes"
        )
    return NO_OUTPUT


@handles("kubectl")
def _kubectl(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "-n",
                "--namespace",
                "-f",
                "--filename",
                "-l",
                "--selector",
                "-o",
                "--output",
                "--context",
                "--kubeconfig",
                "-c",
                "--container",
                "--type",
            }
        ),
    )
    words = [w.text for w in parsed.positionals]
    if not words:
        return NO_OUTPUT
    verb = words[0]
    target = " ".join(words[1:] + [f"-f {f.text}" for f in parsed.values("-f", "--filename")])
    target = target.strip()
    if verb == "delete":
        _change(sink, "destructive", "kubectl-delete", target, f"kubectl delete {target}")
    elif verb in {"apply", "create", "replace", "patch", "edit", "set", "scale", "rollout"}:
        kind = (
            "kubectl-apply" if verb != "replace" or not parsed.has("--force") else "kubectl-delete"
        )
        if verb == "create" and words[1:2] == ["token"]:
            return NO_OUTPUT
        _change(sink, "destructive", kind, target, f"kubectl {verb} {target}")
    elif verb in {"drain", "cordon", "taint"}:
        _change(sink, "destructive", "kubectl-apply", target, f"kubectl {verb} {target}")
    elif verb == "cp" and len(words) >= 3:
        # ``kubectl cp SRC DST``: a side named ``[ns/]pod:path`` is in the cluster. A local
        # source copied into a pod leaves this machine; a pod's file copied here is a write.
        src, dst = words[-2], words[-1]
        if _pod_path(dst) and not _pod_path(src):
            sink.read(src)
            # The pod is in the user's configured cluster (a private place, not an unknown
            # host); what leaves for it still leaves this machine.
            pod = clean_host(dst.split(":", 1)[0].rsplit("/", 1)[-1]) or "pod"
            sink.network(
                NetworkDestination(f"{pod}.pod.cluster.local", None, "https", "kubectl", True)
            )
        elif _pod_path(src) and not _pod_path(dst):
            sink.write(dst)
    elif verb == "exec" and "--" in inv.argv:
        inner = inv.argv[inv.argv.index("--") + 1 :]
        sink.execute(Execution("remote", f"kubectl exec runs in a pod: {' '.join(inner)}"))
        if inner:
            # What runs in the pod destroys or sends as it would here (a psql drop, an rm).
            sink.run_shell(" ".join(_quote(w) for w in inner), "kubectl exec")
    for file in parsed.values("-f", "--filename"):
        if not has_scheme(file.text) and file.text != "-":
            sink.read(file.text)
        elif has_scheme(file.text):
            end = parse_url(file.text)
            if end is not None:
                sink.network(_dest(end, "kubectl", False))
    return NO_OUTPUT


def _pod_path(text: str) -> bool:
    """``pod:/path`` or ``namespace/pod:path`` (kubectl cp); not ``./a:b`` or ``/x``."""
    head = text.split(":", 1)[0]
    return ":" in text and bool(head) and not head.startswith((".", "/", "~"))


@handles("helm")
def _helm(inv: Invocation, sink: Sink) -> Output:
    words = [t for t in inv.argv[1:] if not t.startswith("-")]
    if words[:1] in (["uninstall"], ["delete"], ["del"]):
        _change(
            sink,
            "destructive",
            "kubectl-delete",
            " ".join(words[1:]),
            f"helm {words[0]} {' '.join(words[1:])}",
        )
    elif words[:1] in (["install"], ["upgrade"], ["rollback"]):
        _change(
            sink,
            "destructive",
            "kubectl-apply",
            " ".join(words[1:]),
            f"helm {words[0]} {' '.join(words[1:])}",
        )
    return NO_OUTPUT


@handles("terraform", "pulumi")
def _terraform(inv: Invocation, sink: Sink) -> Output:
    words = [t for t in inv.argv[1:] if not t.startswith("-")]
    flags = [t for t in inv.argv[1:] if t.startswith("-")]
    verb = words[0] if words else ""
    auto = (
        " with -auto-approve"
        if any("auto-approve" in f or f in {"--yes", "-y"} for f in flags)
        else ""
    )
    tool = inv.family
    if verb == "destroy" or (verb == "apply" and "-destroy" in flags):
        _change(
            sink,
            "destructive",
            "terraform-destroy",
            " ".join(words[1:]),
            f"{tool} destroy{auto} deletes managed infrastructure",
        )
    elif verb in {"apply", "up", "import"}:
        _change(
            sink,
            "destructive",
            "terraform-apply",
            " ".join(words[1:]),
            f"{tool} {verb}{auto} changes managed infrastructure",
        )
    elif verb == "state" and words[1:2] in (["rm"], ["mv"], ["push"]):
        _change(
            sink,
            "destructive",
            "terraform-state",
            " ".join(words[2:]),
            f"{tool} state {words[1]} edits infrastructure state",
        )
    return NO_OUTPUT


_CLOUD_DELETE = re.compile(r"(delete|terminate|remove|destroy|purge|deregister|rb)(-.*)?")


@handles("aws", "gcloud", "az", "gsutil", "doctl", "rclone", "s3cmd", "azcopy", "gh")
def _cloud(inv: Invocation, sink: Sink) -> Output:
    words = [t for t in inv.argv[1:] if not t.startswith("-")]
    texts = inv.argv[1:]
    program = inv.program
    if program == "gh":
        return _gh(inv, sink, words)
    for word in words[:4]:
        if _CLOUD_DELETE.fullmatch(word) or (
            word == "rm" and program in {"aws", "gsutil", "rclone", "s3cmd", "azcopy"}
        ):
            target = " ".join(words[words.index(word) + 1 :])
            _change(
                sink,
                "destructive",
                "cloud-delete",
                target,
                f"{program} {' '.join(words[: words.index(word) + 1])} {target}".strip(),
            )
            break
    if program == "az" and any(w.startswith("upload") for w in words[:4]):
        _az_upload(texts, sink)
        return NO_OUTPUT
    if program in {"aws", "gsutil", "rclone", "s3cmd", "azcopy", "gcloud"} and any(
        w in {"cp", "sync", "mv", "copy", "put", "move"} for w in words[:3]
    ):
        verb_index = next(
            i for i, w in enumerate(words) if w in {"cp", "sync", "mv", "copy", "put", "move"}
        )
        paths = words[verb_index + 1 :]
        if len(paths) >= 2:
            src, dst = paths[-2], paths[-1]
            remote_dst = "://" in dst or (program == "rclone" and ":" in dst.split("/", 1)[0])
            remote_src = "://" in src or (program == "rclone" and ":" in src.split("/", 1)[0])
            if not remote_src:
                sink.read(src)
            if not remote_dst:
                sink.write(dst)
            remote = dst if remote_dst else src
            sink.network(
                NetworkDestination(_bucket_host(remote, program), 443, "https", program, remote_dst)
            )
            return NO_OUTPUT
    defaults = {
        "aws": "amazonaws.com",
        "gcloud": "googleapis.com",
        "az": "management.azure.com",
        "gsutil": "storage.googleapis.com",
        "doctl": "api.digitalocean.com",
    }
    if (
        words
        and words[0] not in {"configure", "config", "help", "version", "--version"}
        and (program in defaults)
    ):
        endpoint = next(
            (texts[i + 1] for i, t in enumerate(texts[:-1]) if t == "--endpoint-url"), ""
        )
        host = _registry_host(endpoint) if endpoint else defaults[program]
        sink.network(NetworkDestination(host, 443, "https", program, False))
    return NO_OUTPUT


_AZ_SOURCES = frozenset({"--file", "-f", "--source", "-s", "--local-path"})


def _az_upload(texts: list[str], sink: Sink) -> None:
    """``az storage blob|file upload[-batch]``: the local file or directory named by
    ``--file``/``--source`` leaves for the storage account."""
    account = ""
    for k, text in enumerate(texts[:-1]):
        if text in _AZ_SOURCES:
            sink.read(texts[k + 1])
        elif text == "--account-name":
            account = clean_host(texts[k + 1])
    host = f"{account}.blob.core.windows.net" if account else "blob.core.windows.net"
    sink.network(NetworkDestination(host, 443, "https", "az", True))


def _bucket_host(url: str, program: str) -> str:
    if url.startswith("s3://"):
        bucket = url[5:].split("/", 1)[0]
        host = clean_host(bucket)
        return f"{host}.s3.amazonaws.com" if host else ""
    if url.startswith("gs://"):
        return "storage.googleapis.com"
    end = parse_url(url) if has_scheme(url) else None
    return end.host if end else ""


def _gh(inv: Invocation, sink: Sink, words: list[str]) -> Output:
    texts = inv.argv[1:]
    sub = " ".join(words[:2])
    sends = sub in {
        "gist create",
        "issue create",
        "issue comment",
        "pr create",
        "pr comment",
        "release create",
        "release upload",
        "repo create",
        "secret set",
        "gist edit",
        "pr review",
        "issue edit",
        "pr edit",
    }
    if words[:1] == ["api"]:
        sends = any(t in {"-f", "-F", "--field", "--raw-field", "--input"} for t in texts) or any(
            t.upper() in {"POST", "PUT", "PATCH", "DELETE"} for t in texts
        )
    if words[:2] == ["gist", "create"]:
        for path in words[2:]:
            sink.read(path)
    if words and words[0] not in {"auth", "help", "version", "alias", "completion", "config"}:
        sink.network(NetworkDestination("api.github.com", 443, "https", "gh", sends))
    if words[:2] == ["repo", "delete"]:
        _change(sink, "destructive", "cloud-delete", " ".join(words[2:]), "gh repo delete")
    return NO_OUTPUT


# --- databases ----------------------------------------------------------------------------


_SQLITE_SHELL = re.compile(r"^\s*\.(shell|system)\s+(.+)$")


@handles(*cat.DB_CLIENTS)
def _db(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if inv.program == "redis-cli":
        lowered = [t.lower() for t in texts]
        if "flushall" in lowered or "flushdb" in lowered:
            _change(sink, "destructive", "db-drop", "redis", "redis-cli flushes the database")
        return NO_OUTPUT
    statements = [
        t for t in texts if " " in t or ";" in t or t.upper().startswith(("DROP", "TRUNCATE"))
    ]
    if inv.stdin.text:
        statements.append(inv.stdin.text)
    for k, text in enumerate(texts[:-1]):
        if text in {"-c", "-e", "--command", "--execute", "--eval", "-q"}:
            statements.append(texts[k + 1])
        elif text in {"-f", "--file"}:
            sink.read(texts[k + 1])
    if inv.program in {"sqlite3", "duckdb"}:
        # File databases: the first operand is the database file the client opens.
        files = [w.text for w in inv.args if not w.text.startswith("-")]
        if files and files[0] not in statements:
            sink.read(files[0])
    for statement in statements:
        for line in statement.splitlines()[:64]:
            dot = _SQLITE_SHELL.match(line)
            if dot and inv.program in {"sqlite3", "duckdb"}:
                sink.execute(Execution("inline-shell", f"{inv.program} .{dot.group(1)} runs"))
                sink.run_shell(dot.group(2), f"{inv.program} .{dot.group(1)}")
    for statement in statements:
        match = cat.DESTRUCTIVE_SQL.search(statement)
        if match:
            _change(
                sink,
                "destructive",
                "db-drop",
                match.group(0).strip(),
                f"{inv.program} runs {match.group(0).strip()}",
            )
            break
    return NO_OUTPUT


@handles("dropdb", "dropuser", "mysqladmin")
def _dropdb(inv: Invocation, sink: Sink) -> Output:
    if inv.program == "mysqladmin" and not any(t in {"drop", "DROP"} for t in inv.argv):
        return NO_OUTPUT
    target = inv.argv[-1] if len(inv.argv) > 1 else ""
    _change(sink, "destructive", "db-drop", target, f"{inv.program} {target}")
    return NO_OUTPUT


# --- interpreters and nested commands -----------------------------------------------------


def _run_script(path: str, inv: Invocation, sink: Sink, label: str) -> None:
    if sink.downloaded(path):
        sink.execute(Execution("downloaded", f"runs {path}, which this command downloaded"))
    else:
        sink.execute(Execution("script", label))


def _stdin_script(inv: Invocation, sink: Sink, kind: str, run: Callable[[str], None]) -> None:
    """An interpreter reading its program from stdin."""
    stdin = inv.stdin
    language = kind.removeprefix("inline-")
    if stdin.download:
        sink.execute(Execution("downloaded", f"pipes downloaded code into {inv.program}"))
        sink.opaque(f"{inv.program} runs downloaded code")
    elif stdin.decoded:
        sink.execute(Execution(kind, "decodes and executes data"))
        sink.opaque(f"{inv.program} runs decoded data")
    elif stdin.text is not None:
        sink.execute(Execution(kind, f"{language} script on stdin"))
        if stdin.dynamic:
            sink.opaque(f"{language} script on stdin has parts computed at run time")
        run(stdin.text)
    elif stdin.piped or stdin.redirected:
        sink.execute(Execution(kind, f"{language} script read from stdin"))
        if stdin.piped:
            sink.opaque(f"{inv.program} runs code produced by another command")


def _code_word(
    word: Word, inv: Invocation, sink: Sink, kind: str, run: Callable[[str], None], flag: str
) -> None:
    if word.origin == "download":
        sink.execute(Execution("downloaded", f"{inv.program} {flag} runs downloaded code"))
        sink.opaque(f"{inv.program} runs downloaded code")
        return
    if word.origin == "decode":
        sink.execute(Execution(kind, "decodes and executes data"))
        sink.opaque(f"{inv.program} runs decoded data")
        return
    sink.execute(Execution(kind, f"{inv.program} {flag} {word.text[:120]}"))
    run(word.text)


@handles(*cat.SHELLS)
def _shell(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    k = 0
    command: Word | None = None
    read_stdin = False
    while k < len(args):
        text = args[k].text
        if text == "--":
            k += 1
            break
        if text in cat.INTERPRETER_OPTS_WITH_ARG["shell"]:
            k += 2
            continue
        if text.startswith(("-", "+")) and len(text) > 1 and not args[k].dynamic:
            letters = text[1:]
            if "c" in letters and not text.startswith("--"):
                command = args[k + 1] if k + 1 < len(args) else None
                positional = [w.text for w in args[k + 3 :]]  # after the script and $0
                if command is not None and positional and not command.dynamic:
                    command = Word(
                        _bind_positional(command.text, positional), origin=command.origin
                    )
                k = len(args)
                break
            if "s" in letters:
                read_stdin = True
            k += 1
            continue
        break
    if command is not None:
        _code_word(
            command,
            inv,
            sink,
            "inline-shell",
            lambda s: sink.run_shell(s, f"{inv.program} -c"),
            "-c",
        )
        return NO_OUTPUT
    rest = args[k:]
    if rest and not read_stdin:
        script = rest[0]
        if script.origin == "download":
            sink.execute(Execution("downloaded", f"{inv.program} runs a downloaded script"))
            sink.opaque(f"{inv.program} runs downloaded code")
        elif script.origin == "decode":
            sink.execute(Execution("inline-shell", "decodes and executes data"))
            sink.opaque(f"{inv.program} runs decoded data")
        else:
            sink.read(script.text)
            _run_script(script.text, inv, sink, f"{inv.program} {script.text}")
        return NO_OUTPUT
    _stdin_script(inv, sink, "inline-shell", lambda s: sink.run_shell(s, f"{inv.program} stdin"))
    return NO_OUTPUT


_POSITIONAL = re.compile(r'"?\$(?:\{([1-9@*])\}|([1-9@*]))"?')


def _bind_positional(script: str, values: list[str]) -> str:
    """``sh -c 'cmd "$1"' _ a b``: the script's ``$1``/``$@`` are the words after ``$0``
    (find -exec and xargs hand files this way), substituted quoted."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name in "@*":
            return " ".join(_quote(v) for v in values)
        index = int(name) - 1
        return _quote(values[index]) if index < len(values) else "''"

    return _POSITIONAL.sub(value, script[:4096])


_EX_SHELL = re.compile(r"^\s*:?\s*(?:sil(?:ent)?!?\s*)?(?:!|r(?:ead)?\s*!|w(?:rite)?\s*!)(.+)$")
_EX_SYSTEM = re.compile(r"\bsystem(?:list)?\(\s*['\"]([^'\"]+)['\"]")


@handles("vim", "vi", "nvim", "ex", "view", "vimdiff", "gvim", "rvim")
def _vim(inv: Invocation, sink: Sink) -> Output:
    """Editors run Ex commands given with ``-c``/``--cmd``/``+cmd``; ``:!cmd``, ``:r !cmd``
    and ``system('cmd')`` hand ``cmd`` to the shell. The files named are read."""
    texts = inv.argv[1:]
    commands: list[str] = []
    k = 0
    while k < len(texts):
        text = texts[k]
        if text in {"-c", "--cmd", "-S"} and k + 1 < len(texts):
            if text == "-S":
                sink.read(texts[k + 1])
            else:
                commands.append(texts[k + 1])
            k += 2
            continue
        if text.startswith("+") and len(text) > 1:
            commands.append(text[1:])
        elif not text.startswith("-"):
            sink.read(text)
        k += 1
    for command in commands:
        for part in command.split("|") if "!" not in command else [command]:
            match = _EX_SHELL.match(part)
            found = match.group(1).strip() if match else ""
            system = _EX_SYSTEM.search(part)
            if system:
                found = system.group(1)
            if found:
                sink.execute(Execution("inline-shell", f"{inv.program} runs a shell command"))
                sink.run_shell(found, f"{inv.program} -c")
    return NO_OUTPUT


_GDB_SHELL = re.compile(r"^\s*(?:shell|!)\s*(.+)$")


@handles("gdb")
def _gdb(inv: Invocation, sink: Sink) -> Output:
    """``gdb -ex 'shell cmd'`` (or ``!cmd``) runs cmd through the shell."""
    texts = inv.argv[1:]
    for k, text in enumerate(texts[:-1]):
        if text in {"-ex", "--ex", "-eval-command", "--eval-command", "-iex"}:
            match = _GDB_SHELL.match(texts[k + 1])
            if match:
                sink.execute(Execution("inline-shell", "gdb shell command"))
                sink.run_shell(match.group(1), "gdb shell")
    return NO_OUTPUT


_TMUX_COMMANDS = frozenset(
    {
        "new",
        "new-session",
        "new-window",
        "neww",
        "split-window",
        "splitw",
        "run-shell",
        "run",
        "respawn-pane",
        "respawn-window",
    }
)


@handles("tmux", "screen", "byobu")
def _multiplexer(inv: Invocation, sink: Sink) -> Output:
    """Terminal multiplexers start a shell command in a (detached) session: ``tmux new -d
    'cmd'``, ``tmux run-shell 'cmd'``, ``screen -dm cmd args``. The command is analysed."""
    texts = inv.argv[1:]
    if inv.program == "screen":
        k = 0
        while k < len(texts) and texts[k].startswith("-"):
            text = texts[k]
            takes = text in {"-S", "-c", "-t", "-Logfile", "-p", "-X"} or (
                len(text) > 2 and text[1] != "-" and text[-1] in "SctpX"  # -dmS name
            )
            k += 2 if takes else 1
        if k < len(texts):
            sink.execute(Execution("inline-shell", "screen runs a command in a session"))
            sink.run_words(inv.args[k:], "screen")
        return NO_OUTPUT
    if not texts or texts[0] not in _TMUX_COMMANDS:
        return NO_OUTPUT
    with_arg = {"-s", "-n", "-t", "-c", "-x", "-y", "-F", "-e", "-l", "-p"}
    k = 1
    while k < len(texts) and texts[k].startswith("-"):
        k += 2 if texts[k] in with_arg else 1
    if k < len(texts):
        sink.execute(Execution("inline-shell", f"tmux {texts[0]} runs a command"))
        sink.run_shell(" ".join(texts[k:]), f"tmux {texts[0]}")
    return NO_OUTPUT


@handles("source", ".")
def _source(inv: Invocation, sink: Sink) -> Output:
    if not inv.args:
        return NO_OUTPUT
    script = inv.args[0]
    if script.text in {"/dev/stdin", "/proc/self/fd/0", "/dev/fd/0"}:
        _stdin_script(inv, sink, "inline-shell", lambda s: sink.run_shell(s, "source stdin"))
    elif script.origin == "download":
        sink.execute(Execution("downloaded", f"{inv.program} runs downloaded code"))
        sink.opaque(f"{inv.program} runs downloaded code")
    elif script.origin == "decode":
        sink.execute(Execution("inline-shell", "decodes and executes data"))
        sink.opaque(f"{inv.program} runs decoded data")
    else:
        sink.read(script.text)
        _run_script(script.text, inv, sink, f"{inv.program} {script.text}")
    return NO_OUTPUT


@handles("eval")
def _eval(inv: Invocation, sink: Sink) -> Output:
    if not inv.args:
        return NO_OUTPUT
    origins = {w.origin for w in inv.args}
    joined = Word(
        " ".join(w.text for w in inv.args),
        any(w.dynamic for w in inv.args),
        any(w.substituted for w in inv.args),
        "download" if "download" in origins else "decode" if "decode" in origins else "",
    )
    _code_word(joined, inv, sink, "inline-shell", lambda s: sink.run_shell(s, "eval"), "")
    return NO_OUTPUT


@handles("python")
def _python(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    with_arg = cat.INTERPRETER_OPTS_WITH_ARG["python"]
    k = 0
    while k < len(args):
        text = args[k].text
        if text in with_arg:
            k += 2
            continue
        if text == "-c" or (
            text.startswith("-")
            and not text.startswith("--")
            and text.endswith("c")
            and len(text) <= 4
            and text[1:].isalpha()
        ):
            if k + 1 < len(args):
                _code_word(
                    args[k + 1],
                    inv,
                    sink,
                    "inline-python",
                    lambda s: sink.run_python(s, "python -c"),
                    "-c",
                )
            return NO_OUTPUT
        if text.startswith("-c") and len(text) > 2:
            _code_word(
                Word(text[2:], args[k].dynamic),
                inv,
                sink,
                "inline-python",
                lambda s: sink.run_python(s, "python -c"),
                "-c",
            )
            return NO_OUTPUT
        if text == "-m" and k + 1 < len(args):
            return _python_module(args[k + 1].text, args[k + 2 :], inv, sink)
        if text == "-":
            break
        if text.startswith("-") and len(text) > 1:
            k += 1
            continue
        script = args[k]
        if script.origin == "download":
            sink.execute(Execution("downloaded", f"{inv.program} runs a downloaded script"))
            sink.opaque(f"{inv.program} runs downloaded code")
        elif script.origin == "decode":
            sink.execute(Execution("inline-python", "decodes and executes data"))
            sink.opaque(f"{inv.program} runs decoded data")
        else:
            sink.read(script.text)
            _run_script(script.text, inv, sink, f"{inv.program} {script.text}")
        return NO_OUTPUT
    _stdin_script(inv, sink, "inline-python", lambda s: sink.run_python(s, "python stdin"))
    return NO_OUTPUT


def _python_module(module: str, rest: list[Word], inv: Invocation, sink: Sink) -> Output:
    if module == "pip":
        pip_like(rest, inv, sink, "pip")
        return NO_OUTPUT
    if module in {"http.server", "SimpleHTTPServer"} and not any(
        w.text in {"-h", "--help"} for w in rest
    ):
        port = next((to_port(w.text) for w in rest if to_port(w.text)), None) or 8000
        bind = next(
            (rest[i + 1].text for i, w in enumerate(rest[:-1]) if w.text in {"-b", "--bind"}),
            "0.0.0.0",
        )
        sink.network(NetworkDestination(clean_host(bind), port, "http", "python", True))
        return NO_OUTPUT
    if module in {"smtpd", "pyftpdlib"}:
        sink.network(NetworkDestination("0.0.0.0", None, "tcp", "python", True))
        return NO_OUTPUT
    if module == "base64" and any(w.text in {"-d", "--decode"} for w in rest):
        return Output("decode")
    sink.execute(Execution("script", f"{inv.program} -m {module} {_join(rest)}".strip()))
    return NO_OUTPUT


@handles("node", "deno")
def _node(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    if inv.program == "deno":
        words = [w for w in args if not w.text.startswith("-")]
        if words[:1] and words[0].text == "eval" and len(words) > 1:
            _code_word(
                words[1], inv, sink, "inline-node", lambda s: sink.run_node(s, "deno eval"), "eval"
            )
        elif words[:1] and words[0].text == "run" and len(words) > 1:
            target = words[1].text
            if has_scheme(target):
                end = parse_url(target)
                if end is not None:
                    sink.network(_dest(end, "deno", False))
                sink.execute(Execution("downloaded", f"deno runs {target}"))
            else:
                _run_script(target, inv, sink, f"deno run {target}")
        return NO_OUTPUT
    with_arg = cat.INTERPRETER_OPTS_WITH_ARG["node"]
    k = 0
    while k < len(args):
        text = args[k].text
        if text in cat.INLINE_CODE_FLAGS["node"] and k + 1 < len(args):
            _code_word(
                args[k + 1], inv, sink, "inline-node", lambda s: sink.run_node(s, "node -e"), text
            )
            return NO_OUTPUT
        if text in with_arg:
            k += 2
            continue
        if text == "-":
            break
        if text.startswith("-"):
            k += 1
            continue
        script = args[k]
        if script.origin == "download":
            sink.execute(Execution("downloaded", "node runs a downloaded script"))
            sink.opaque("node runs downloaded code")
        else:
            sink.read(script.text)
            _run_script(script.text, inv, sink, f"node {script.text}")
        return NO_OUTPUT
    _stdin_script(inv, sink, "inline-node", lambda s: sink.run_node(s, "node stdin"))
    return NO_OUTPUT


def _scan_other(code: str, inv: Invocation, sink: Sink) -> None:
    sink.run_other(code, inv.family)
    risky = [t for t in cat.RISKY_SCRIPT_TOKENS if t in code]
    if risky:
        sink.opaque(f"{inv.family} code uses {', '.join(risky[:4])}; not analysed")


@handles("perl", "ruby", "php", "lua")
def _other_interpreters(inv: Invocation, sink: Sink) -> Output:
    family = inv.family
    kind = cat.PERL_LIKE[family]
    args = inv.args
    flags = cat.INLINE_CODE_FLAGS[family]
    with_arg = cat.INTERPRETER_OPTS_WITH_ARG[family]
    k = 0
    in_place = False
    while k < len(args):
        text = args[k].text
        if text in flags or (
            family == "perl"
            and text.startswith("-")
            and text[-1:] in {"e", "E"}
            and text[1:].isalpha()
        ):
            if k + 1 < len(args):
                code = args[k + 1]
                _code_word(code, inv, sink, kind, lambda s: _scan_other(s, inv, sink), text)
                files = [w.text for w in args[k + 2 :] if not w.text.startswith("-")]
                for path in files:
                    (sink.write if in_place or "i" in text else sink.read)(path)
            return PASS
        if text in with_arg:
            k += 2
            continue
        if text.startswith("-"):
            in_place |= family == "perl" and "i" in text[1:]
            k += 1
            continue
        script = args[k]
        sink.read(script.text)
        _run_script(script.text, inv, sink, f"{inv.program} {script.text}")
        return NO_OUTPUT
    _stdin_script(inv, sink, kind, lambda s: _scan_other(s, inv, sink))
    return NO_OUTPUT


@handles("su")
def _su(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-c", "--command", "-s", "--shell", "-g", "-G"}))
    user = next((w.text for w in parsed.positionals if w.text != "-"), "root")
    _change(sink, "privilege", "sudo", user, f"su switches to user {user}")
    for command in parsed.values("-c", "--command"):
        _code_word(command, inv, sink, "inline-shell", lambda s: sink.run_shell(s, "su -c"), "-c")
    return NO_OUTPUT


@handles("watch")
def _watch(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset({"-n", "--interval", "-d", "-q", "--equexit", "--chgexit"}),
        stop_at_positional=True,
    )
    words = parsed.positionals
    if not words:
        return NO_OUTPUT
    if parsed.has("-x", "--exec"):
        sink.run_words(words, "watch")
    else:
        sink.run_shell(" ".join(w.text for w in words), "watch")
    return NO_OUTPUT


@handles("find")
def _find(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    starts: list[str] = []
    k = 0
    while (
        k < len(args)
        and not args[k].text.startswith(("-", "(", "!"))
        and args[k].text not in {"\\("}
    ):
        starts.append(args[k].text)
        k += 1
    roots = starts or ["."]
    while k < len(args):
        text = args[k].text
        if text in {"-exec", "-execdir", "-ok", "-okdir"}:
            inner: list[Word] = []
            k += 1
            while k < len(args) and args[k].text not in {";", "+", "\\;"}:
                inner.append(args[k])
                k += 1
            if inner:
                # "{}" stands for each file found under the start paths.
                found = Word(" ".join(f"{root.rstrip('/') or '/'}/*" for root in roots))
                inner = [found if w.text == "{}" else w for w in inner]
                sink.run_words(inner, "find -exec")
        elif text == "-delete":
            for root in roots:
                _change(sink, "destructive", "find-delete", root, f"find {root} ... -delete")
        elif text in {"-fprint", "-fprint0", "-fprintf", "-fls"} and k + 1 < len(args):
            sink.write(args[k + 1].text)
            k += 1
        k += 1
    return NO_OUTPUT


@handles("env", "printenv")
def _env_dump(inv: Invocation, sink: Sink) -> Output:
    names = [w.text for w in inv.args if not w.text.startswith("-")]
    if inv.program == "printenv" and names:
        for name in names:
            sink.env_read(name)
    else:
        sink.env_read("*")
    return PASS


@handles("set", "export", "declare", "typeset", "compgen")
def _set(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if (
        not texts
        or texts in (["-p"], ["-x"], ["-px"], ["-xp"])
        or (
            (inv.program == "compgen" and "-v" in texts)
            or (inv.program == "compgen" and "-e" in texts)
        )
    ):
        sink.env_read("*")
    return PASS


@handles("echo", "printf")
def _echo(inv: Invocation, sink: Sink) -> Output:
    words = inv.args
    if inv.program == "echo":
        while words and words[0].text in {"-n", "-e", "-E", "-ne", "-en"}:
            words = words[1:]
        text = " ".join(w.text for w in words)
        if inv.argv[1:2] and "e" in inv.argv[1].lstrip("-") and inv.argv[1].startswith("-"):
            text = decode_escapes(text)
    else:
        if words and words[0].text in {"-v"}:
            return NO_OUTPUT
        fmt = words[0].text if words else ""
        rest = [w.text for w in words[1:]]
        text = _printf(fmt, rest)
    dynamic = any(w.dynamic for w in words)
    origins = {w.origin for w in words}
    if "download" in origins:
        return Output("download")
    if "decode" in origins:
        return Output("decode")
    return Output("literal", text + "\n", dynamic)


def _printf(fmt: str, args: list[str]) -> str:
    out: list[str] = []
    pending = list(args)
    pieces = re.split(r"(%[-+ #0]*\d*(?:\.\d+)?[sbdiqcxXoufeEgG%])", fmt)
    for piece in pieces:
        if piece.startswith("%") and len(piece) > 1:
            if piece == "%%":
                out.append("%")
            else:
                value = pending.pop(0) if pending else ""
                out.append(decode_escapes(value) if piece.endswith("b") else value)
        else:
            out.append(decode_escapes(piece))
    if pending and any(p.startswith("%") and p != "%%" for p in pieces):
        out.append(_printf(fmt, pending))
    return "".join(out)


_ESCAPE_RE = re.compile(
    r"\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|0?[0-7]{1,3}|.)", re.DOTALL
)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def decode_escapes(text: str) -> str:
    """Decode the backslash escapes of $'...', echo -e and printf."""

    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        head = body[0]
        try:
            if head == "x":
                return chr(int(body[1:], 16))
            if head in "uU":
                return chr(int(body[1:], 16))
            if head.isdigit():
                return chr(int(body, 8) & 0xFF)
        except (ValueError, OverflowError):
            return match.group(0)
        return _SIMPLE_ESCAPES.get(head, "\\" + head)

    return _ESCAPE_RE.sub(replace, text)


@handles("unset")
def _unset_program(inv: Invocation, sink: Sink) -> Output:
    for name in inv.argv[1:]:
        if name.upper().startswith("BASTION"):
            _change(sink, "self_tamper", "guard-env", name, f"unset {name}")
        if name in {"HISTFILE"}:
            _change(sink, "destructive", "history-clear", name, f"unset {name}")
    return NO_OUTPUT


@handles("tar")
def _tar(inv: Invocation, sink: Sink) -> Output:
    args = list(inv.args)
    if args and not args[0].text.startswith("-") and re.fullmatch(r"[A-Za-z]+", args[0].text):
        args[0] = Word("-" + args[0].text)
    parsed = parse_options(
        args,
        frozenset(
            {
                "-f",
                "--file",
                "-C",
                "--directory",
                "-T",
                "--files-from",
                "-X",
                "--exclude-from",
                "--exclude",
                "-I",
                "--use-compress-program",
                "--to-command",
                "--checkpoint-action",
                "--info-script",
                "-F",
                "--new-volume-script",
                "--rsh-command",
            }
        ),
    )
    # Options whose value is a command tar runs through the shell (GTFOBins' tar escapes).
    for name in ("--to-command", "--info-script", "-F", "--new-volume-script", "--rsh-command"):
        for value in parsed.values(name):
            sink.execute(Execution("inline-shell", f"tar {name} runs a command"))
            sink.run_shell(value.text, f"tar {name}")
    for value in parsed.values("--checkpoint-action"):
        action, _, command = value.text.partition("=")
        if action == "exec" and command:
            sink.execute(Execution("inline-shell", "tar --checkpoint-action runs a command"))
            sink.run_shell(command, "tar --checkpoint-action")
    for value in parsed.values("-I", "--use-compress-program"):
        if " " in value.text or "/" in value.text:
            sink.run_shell(value.text, "tar compress program")
    letters = parsed.flag_letters()
    archive = next((w.text for w in parsed.values("-f", "--file")), "-")
    create = bool(letters & {"c", "r", "u"}) or parsed.has("--create", "--append")
    extract = "x" in letters or parsed.has("--extract", "--get")
    for listing in parsed.values("-T", "--files-from", "-X", "--exclude-from"):
        sink.read(listing.text)
    if create:
        for path in _paths(parsed.positionals):
            sink.read(path)
        if archive != "-":
            sink.write(archive)
        return PASS
    if archive != "-":
        sink.read(archive)
    if extract:
        directory = parsed.values("-C", "--directory")
        sink.write(directory[0].text if directory else ".")
    return PASS


@handles("zip")
def _zip(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, cat.READER_OPTS_WITH_ARG["zip"])
    if parsed.positionals:
        sink.write(parsed.positionals[0].text)
        for path in _paths(parsed.positionals[1:]):
            sink.read(path)
    return NO_OUTPUT


@handles("unzip")
def _unzip(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-d", "-x", "-P"}))
    if parsed.positionals:
        sink.read(parsed.positionals[0].text)
    if not parsed.has("-l", "-p", "-t", "-v", "-Z"):
        directory = parsed.values("-d")
        sink.write(directory[0].text if directory else ".")
    return NO_OUTPUT if not parsed.has("-p") else PASS


@handles("patch")
def _patch(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset(
            {"-i", "--input", "-p", "-d", "--directory", "-o", "--output", "-r", "-B", "-F", "-z"}
        ),
    )
    for patch_file in parsed.values("-i", "--input"):
        sink.read(patch_file.text)
    for path in _paths(parsed.positionals[:1]):
        sink.write(path)
    for out in parsed.values("-o", "--output"):
        sink.write(out.text)
    return NO_OUTPUT


@handles("base64", "base32")
def _base64(inv: Invocation, sink: Sink) -> Output:
    return _reader(inv, sink)


@handles("xxd", "gzip", "bzip2", "xz", "zstd", "gunzip", "bunzip2", "unxz", "uudecode", "rev")
def _codec(inv: Invocation, sink: Sink) -> Output:
    return _reader(inv, sink)


@handles("claude", "codex", "gemini", "cursor-agent", "aider")
def _agent_cli(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if texts[:2] in (["mcp", "add"], ["mcp", "add-json"], ["config", "set"]):
        _change(
            sink,
            "self_tamper",
            "agent-settings",
            " ".join(texts[2:3]),
            f"{inv.program} {' '.join(texts[:2])} changes agent configuration",
        )
    return NO_OUTPUT


@handles("make", "gmake", "cmake", "ninja", "just", "rake", "tox", "nox", "invoke")
def _build(inv: Invocation, sink: Sink) -> Output:
    sink.execute(Execution("script", f"{inv.program} {_join(inv.args)}".strip()))
    texts = inv.argv[1:]
    from_stdin = any(
        (t in {"-f", "--file", "--makefile"} and k + 1 < len(texts) and texts[k + 1] in _STDIN)
        or t in {"--file=-", "--makefile=-", "-f-"}
        for k, t in enumerate(texts)
    )
    if inv.family == "make" and from_stdin:
        if inv.stdin.text is None:
            sink.opaque("make reads its recipes from standard input")
        else:
            _make_recipes(inv.stdin.text, sink)
    return NO_OUTPUT


_STDIN = frozenset({"-", "/dev/stdin", "/proc/self/fd/0"})
_MAKE_VAR = re.compile(r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]")


def _make_recipes(text: str, sink: Sink) -> None:
    """A makefile given on standard input: its recipe lines are shell, run now."""
    for line in text.splitlines()[:200]:
        if line.startswith("\t") and line.strip():
            recipe = _MAKE_VAR.sub(r"${\1}", line.strip().lstrip("@-+"))
            sink.run_shell(recipe, "make recipe from stdin")
