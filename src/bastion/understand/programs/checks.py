"""Checks that run for every program whatever its model: commands hidden in option values and in
the environment (`EXEC_ENV`), and subcommands that print a credential.
"""

from __future__ import annotations

import re
import shlex

from bastion.understand import paths as pathmod
from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import Invocation, Sink, add_change
from bastion.understand.shell_model import Execution, NetworkDestination
from bastion.understand.shell_netloc import parse_url

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
        # Build tools run the compiler, linker and wrapper these name as commands.
        "CC",
        "CXX",
        "CPP",
        "LD",
        "FC",
        "HOSTCC",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
    }
)
# A value the shell must interpret (a pipe, a substitution, a URL, an interpreter) is more
# than the plain program-and-options these variables normally hold.
_SHELL_VALUE = re.compile(r"[|;&`$()<>]|://|^\s*(?:sh|bash|zsh|dash|python\d*|perl|ruby|node)\b")


def command_values(inv: Invocation, sink: Sink) -> None:
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
    env_code(inv, sink)


# Runtimes that run code taken from an environment variable before the program's own:
# Lua runs LUA_INIT (a file when it starts with "@"), the Erlang VM adds ERL_*FLAGS to its
# command line (so "-eval CODE" runs), Node imports "data:" URLs named in NODE_OPTIONS.
_ERL_FLAG_VARS = frozenset({"ERL_AFLAGS", "ERL_FLAGS", "ERL_ZFLAGS"})
_NODE_DATA = re.compile(
    r"(?:--import|--require|-r|--loader|--experimental-loader)[=\s]+data:[^,]*,"
)
# Callables that hand their argument to a shell or to eval: PYTHONBREAKPOINT naming one turns
# every breakpoint() call into a command.
_PY_RUNNERS = re.compile(
    r"^(?:os\.(?:system|popen|exec\w*|spawn\w*)|subprocess\.\w+|"
    r"builtins\.(?:exec|eval)|pty\.spawn|commands\.\w+)$"
)
_BREAKPOINT_ARG = re.compile(r"""breakpoint\(\s*(["'])(.+?)\1""")


# Proxy variables: every request the program makes goes to the proxy host first.
_PROXY_VARS = frozenset({"http_proxy", "https_proxy", "all_proxy", "ftp_proxy"})


def env_code(inv: Invocation, sink: Sink) -> None:
    """Code carried in an environment prefix, judged by what the code does; a proxy
    variable's host, which all of the program's traffic passes through."""
    env = inv.env
    if not env:
        return
    for name, value in list(env.items())[:16]:
        if name.lower() in _PROXY_VARS and value.strip():
            end = parse_url(value.strip(), "http")
            if end is not None and end.host:
                sink.network(NetworkDestination(end.host, end.port, end.scheme, inv.program, True))
    lua = env.get("LUA_INIT", "").strip()
    if lua and not lua.startswith("@"):
        sink.execute(Execution("inline-lua", "LUA_INIT runs Lua code"))
        sink.run_other(lua, "lua")
    for name in _ERL_FLAG_VARS & env.keys():
        value = env[name]
        if "-eval" not in value:
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            words = value.split()
        for k, word in enumerate(words[:-1]):
            if word == "-eval":
                sink.execute(Execution("inline-code", f"{name} -eval runs Erlang code"))
                sink.run_other(words[k + 1], "code")
    node = env.get("NODE_OPTIONS", "")
    if "data:" in node:
        match = _NODE_DATA.search(node)
        if match:
            sink.execute(Execution("inline-node", "NODE_OPTIONS imports a data: URL"))
            sink.run_node(node[match.end() :], "NODE_OPTIONS data: URL")
    hook = env.get("PYTHONBREAKPOINT", "").strip()
    if hook and _PY_RUNNERS.match(hook):
        sink.execute(Execution("inline-shell", f"PYTHONBREAKPOINT={hook} runs breakpoint() args"))
        sink.opaque(f"PYTHONBREAKPOINT={hook} makes breakpoint() run its arguments as a command")
        if hook.startswith(("os.system", "os.popen", "subprocess.")):
            for match in _BREAKPOINT_ARG.finditer(" ".join(inv.argv[1:])[:4096]):
                sink.run_shell(match.group(2), "breakpoint() under PYTHONBREAKPOINT")


_SECRET_KEY = re.compile(r"(?i)token|password|passwd|secret|api[-_]?key|auth$|_auth\b|credential")
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


def _catalogued_tools() -> frozenset[str]:
    """Programs whose own configuration file the credential catalogue lists: by the kind's
    first word (``rclone-config``) and the folder or file the glob names (``~/.config/rclone/
    rclone.conf``, ``~/.s3cfg``)."""
    out: set[str] = set()
    for glob, kind in pathmod.CREDENTIAL_PATTERNS:
        out.add(kind.split("-", 1)[0])
        for part in glob.split("/"):
            name = part.lstrip(".").split(".", 1)[0]
            if len(name) >= 3 and name.isalnum() and name not in _GENERIC_PARTS:
                out.add(name)
    return frozenset(out)


_GENERIC_PARTS = frozenset("config local share home etc var run data secrets credentials".split())
_PRINT_VERBS = frozenset("show dump print export cat".split())  # not list: names, not values


def _prints_catalogued_config(program: str, argv: tuple[str, ...] | list[str]) -> bool:
    """``rclone config show``, ``s3cmd --dump-config``-style printers of a tool's own
    configuration, when the catalogue lists that configuration as a credential: printing it
    reads it."""
    if program not in _CATALOGUED:
        return False
    words = [a for a in argv[1:8] if not a.startswith("-")]
    for k in range(len(words) - 1):
        if words[k] in ("config", "configure", "configuration") and words[k + 1] in _PRINT_VERBS:
            return True
    return any(a in ("--dump-config", "--show-config", "--print-config") for a in argv[1:16])


_CATALOGUED = _catalogued_tools()

# A login group (``auth``, ``login``) followed by a printer of the token it holds, or the
# two glued (``auth:token``, ``auth-token``): the CLI's own credential on stdout.
_AUTH_GROUPS = frozenset({"auth", "login", "session", "account"})
_TOKEN_PRINTERS = re.compile(
    r"(?i)^(?:token|print[-_]?(?:access[-_]|identity[-_]|auth[-_])?token|"
    r"(?:get|show|print|export)[-_](?:access[-_])?token)$"
)


def _prints_own_token(words: list[str]) -> bool:
    if len(words) >= 2 and words[0].lower() in _AUTH_GROUPS and _TOKEN_PRINTERS.match(words[1]):
        return True
    return bool(words) and bool(re.fullmatch(r"(?i)auth[:_-]token", words[0]))


def credential_commands(inv: Invocation, sink: Sink) -> None:
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
    if _prints_catalogued_config(inv.program, argv):
        sink.credential(f"{inv.program} config show")
        return
    words = [a for a in argv[1:6] if not a.startswith("-")]
    if _prints_own_token(words):
        # "<cli> auth token", "<cli> auth print-access-token", "<cli> auth:token": any
        # CLI's subcommand that prints the login it holds (fly, doctl, railway, …).
        sink.credential(f"{inv.program} {' '.join(words[:2])}")
        return
    if "get" in argv and "config" in argv:
        # "<cli> config get token" (glab, npm, yarn, pnpm …): a CLI's own settings getter
        # asked for a key named as a secret prints that secret.
        words = [a for a in argv[1:] if not a.startswith("-")]
        for k in range(len(words) - 2):
            if words[k] == "config" and words[k + 1] == "get" and _SECRET_KEY.search(words[k + 2]):
                sink.credential(f"{inv.program} config get {words[k + 2]}")
                return


# A tool's own setting whose value it runs: the shell its scripts run in (npm's
# ``script-shell``), the editor or pager it starts, a linker, a wrapper, a helper, a hook,
# Node's ``--require``, Go's ``-toolexec``. Set through the tool's own setter, it runs on
# every later use of the tool, like a start-up file.
_EXEC_SETTING = re.compile(
    r"(?i)(?:^|[._-])(?:script[-_]?shell|shell|editor|pager|linker|wrapper|helper|hook|hooks|"
    r"program|interpreter|command|cmd|node[-_]options|toolexec|onload[-_]script|askpass)$"
)
_SETTERS = (("config", "set"), ("config",), ("env", "-w"), ("set",))


def exec_setting(inv: Invocation, sink: Sink) -> None:
    """``npm config set script-shell X``, ``yarn config set …``, ``go env -w
    GOFLAGS=-toolexec=X``: a tool told to run a program on every later use is persistence
    (what it names is judged where persistence is: after outside content a person decides)."""
    words = [w.text for w in inv.words[1:12]]
    for setter in _SETTERS:
        n = len(setter)
        for k in range(len(words) - n):
            if tuple(words[k : k + n]) != setter:
                continue
            rest = words[k + n :]
            while rest and rest[0].startswith("-") and "=" not in rest[0]:
                rest = rest[1:]  # the setter's own options (``--global``, ``-g``)
            if not rest:
                continue
            key, _eq, value = rest[0].partition("=")
            value = value or (rest[1] if len(rest) > 1 else "")
            if not value:
                continue
            if _EXEC_SETTING.search(key) or "-toolexec" in value or "--require" in value:
                add_change(
                    sink,
                    "persistence",
                    "tool-setting-exec",
                    key,
                    f"{inv.program} {' '.join(setter)} {key} makes it run {value[:80]}",
                )
                return
