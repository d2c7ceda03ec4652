"""What earlier calls of a session change about the meaning of a later one.

A shell session remembers: ``export U=http://…`` makes a later ``curl $U`` reach that
host, a ``cd`` moves every later relative path, ``ln -s ~/.ssh/id_rsa notes.txt`` makes
``cat notes.txt`` a key read, and a Makefile recipe, ``package.json`` script, git hook or
``core.fsmonitor`` written now runs later under ``make``, ``npm test`` or ``git status``.

``understand`` keeps no state itself: the engine keeps one ``Memory`` per session (as
plain data in the session state, so it survives a daemon restart), passes it to
``understand`` and asks ``remember`` to update it once a call is allowed to run. Only
names, paths, hosts and the *effects* of written content are kept, never file content or
variable values that may be secrets.
"""

from __future__ import annotations

import bisect
import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from bastion.core.parts import EffectsMemory, Written
from bastion.understand import exec_options
from bastion.understand import hosts as hostmod
from bastion.understand import paths as pathmod
from bastion.understand import shell_catalog as cat
from bastion.understand.code_text import written_code_script

MAX_VARIABLES = 64
MAX_WRITTEN = 256
MAX_VALUE = 512
MEMORY_KEY = EffectsMemory.KEY  # where the session state saves it (under ``extra``)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SECRET_NAME = re.compile(r"(?i)(token|secret|passw|pwd|key|auth|cred|cookie|session|private)")
_SECRET_RUN = re.compile(r"[A-Za-z0-9+/_=-]{24,}")
# A statement starts after a separator and the blanks after it. A newline is a separator
# itself, so the blanks are taken without newlines, possessively ([^\S\n]*+): the statement is
# found from the last newline of a run, and a run of newlines costs one look each instead of
# a scan to the run's end from each (4,000 newlines: three seconds).
_ASSIGN = re.compile(
    r"(?:^|[;&|\n][^\S\n]*+)(?:export\s+|declare\s+(?:-x\s+)?|readonly\s+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|[^\s;&|]*)"
    # Only a statement of its own sets the shell's variable: in "U=x curl $U" the
    # assignment is the command's environment and the shell's U keeps its old value.
    r"(?=\s*(?:$|[;&|\n]))"
)
_UNSET = re.compile(r"(?:^|[;&|\n][^\S\n]*+)unset\s+(?:-v\s+)?([A-Za-z_][A-Za-z0-9_ ]*)")
_CD = re.compile(
    r"(?:^|[;&\n][^\S\n]*+)(?:builtin\s+)?(?:cd|pushd)\s+(?:-[LPe@]\s+)*"
    r"(\"[^\"]+\"|'[^']+'|[^\s;&|]+)\s*(?=$|[;&\n|])"
)
_HEREDOC_WRITE = re.compile(
    r"(?:cat|tee)\s+(?:-a\s+)?(?:>{0,2}\s*(?P<path>[^\s<>;&|]+)\s*)?<<-?\s*"
    r"(?P<q>['\"]?)(?P<tag>[A-Za-z_][A-Za-z0-9_]*)(?P=q)(?P<rest>[^\n]*)\n(?P<body>.*?)\n\s*(?P=tag)\s*(?:\n|$)",
    re.DOTALL,
)
_REDIRECT_TARGET = re.compile(r">{1,2}\s*(?P<path>[^\s<>;&|]+)")
_BRANCH_CREATE = re.compile(
    r"\bgit\s+(?:checkout\s+-[bB]|switch\s+(?:-c|-C|--create)|branch)\s+"
    r"(?!-)([A-Za-z0-9][A-Za-z0-9._/-]{0,120})(?=\s|$|[;&|])"
)
MAX_BRANCHES = 32
_REMOTE_ADD = re.compile(r"\bgit\s+remote\s+(?:add|set-url)\s+(?:-\S+\s+)*(\S+)\s+(\S+)")
# Config keys that choose where git (or git-lfs) sends: a remote's url or pushurl, a URL
# rewrite (url.<base>.insteadOf / pushInsteadOf: every matching remote now goes to <base>),
# the LFS endpoint (lfs.url, remote.X.lfsurl, lfs.pushurl; also written in .lfsconfig).
_REMOTE_CONFIG = re.compile(
    r"\bgit\s+(?:-C\s+\S+\s+)?config\s+(?:(?:--\S+|-f\s+\S+|--file\s+\S+)\s+)*"
    r"(?:remote\.(?P<name>[^\s.]+)\.(?:push)?url|remote\.(?P<lfsname>[^\s.]+)\.lfs(?:push)?url|"
    r"(?P<lfs>lfs\.(?:push)?url)|url\.(?P<base>\S+?)\.(?:push)?insteadof)\s+(?P<value>\S+)",
    re.IGNORECASE,
)
_GIT_CONFIG_EXEC = re.compile(
    r"\bgit\s+config\s+(?:--\S+\s+)*(core\.sshcommand|core\.fsmonitor|core\.pager|core\.editor|"
    r"core\.hookspath|diff\.external|alias\.\S+|filter\.\S+|credential\.helper|"
    r"sequence\.editor|gpg\.program|pager\.\S+|submodule\.\S+\.update)\s+(\"[^\"]*\"|'[^']*'|\S+)",
    re.IGNORECASE,
)
# Gates before the scans of a whole command: each pattern above can match only
# where its gate's literal is, and a gate is a substring test or a regex with a literal start,
# where the pattern, which starts with an alternation or ``\b``, is tried at every position
# (about half a millisecond each on a 3 KB heredoc, several times per call).
# ``git\s`` as the case-insensitive patterns read it (their ``i`` also matches U+0130, U+0131).
_GIT_WORD = re.compile(r"git\s", re.IGNORECASE)


# The memory is a typed part of the session state (``core/parts``); its changes below
# replace the containers they change (copy on write), never change them in place.
Memory = EffectsMemory


def storable(name: str, value: str) -> bool:
    """Whether a variable's value may be kept: never one that looks like a secret."""
    if not _NAME.match(name) or len(value) > MAX_VALUE or _SECRET_NAME.search(name):
        return False
    return not _SECRET_RUN.search(value.split("://", 1)[-1].replace("/", " ").replace(".", " "))


def with_variables(command: str, memory: Memory | None) -> str:
    """The command prefixed with the session's earlier assignments that it refers to."""
    if memory is None or not memory.variables or "$" not in command:
        return command
    used = [name for name in memory.variables if f"${name}" in command or f"${{{name}" in command]
    # An assignment inside this command overrides the remembered one; the shell analysis
    # sees both in order, exactly as the shell would.
    if not used:
        return command
    prefix = "".join(f"{name}={_sh_quote(memory.variables[name])}; " for name in used)
    return prefix + command


def _sh_quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def _unquote(word: str) -> str:
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        return word[1:-1]
    return word


# --- what a written file runs as, and when -----------------------------------------------

_PY_TEST = re.compile(
    r"(^|/)(conftest\.py|test_[^/]*\.py|[^/]*_test\.py|pytest\.ini|tox\.ini|noxfile\.py)$"
)
_RC_FILES = re.compile(
    r"(^|/)\.(bashrc|bash_profile|bash_login|bash_aliases|profile|zshrc|zshenv|zprofile|zlogin|kshrc|"
    r"config/fish/config\.fish)$"
    # Other shells' start-up files: nushell, PowerShell profiles, xonsh, elvish, tcsh.
    r"|(^|/)\.config/nushell/(?:env|config|login)\.nu$|(^|/)\.config/powershell/[^/]*profile\.ps1$"
    r"|(^|/)\.(?:xonshrc|tcshrc|cshrc|config/xonsh/rc\.xsh|config/elvish/rc\.elv|elvish/rc\.elv)$"
)


def triggers_for(path: str) -> list[str]:
    """The later commands that run a file at ``path`` (empty: nothing runs it by itself)."""
    base = posixpath.basename(path)
    out = [f"script:{path}"]
    if base in ("Makefile", "makefile", "GNUmakefile") or base.endswith(".mk"):
        out.append("make")
    if base == "package.json":
        out.append("npm")
    if "/.git/hooks/" in path or "/.husky/" in path:
        out.append("git")
    if base in ("config", ".gitconfig") and ("/.git/" in path or base == ".gitconfig"):
        out.append("git")
    if _PY_TEST.search(path):
        out.append("pytest")
    if base == ".pre-commit-config.yaml":
        out.append("pre-commit")  # pre-commit run, and git commit once its hooks are installed
    if base == ".envrc":
        out.append("direnv")  # direnv runs it on entering the directory, once allowed
    if pathmod.is_mcp_server_list(path):
        out.append("agent-start")  # the agent starts each server at its next session
    if "/autostart/" in path and base.endswith(".desktop"):
        out.append("login")
    if base in ("setup.py", "pyproject.toml", "setup.cfg"):
        out.append("pip-install")
    if base.endswith(".py"):
        out.append(f"python:{path}")
    if _RC_FILES.search(path):
        out.append("shell-start")
    if path.endswith("/.vscode/tasks.json"):
        out.append("editor-open")
    if base in ("Rakefile", "justfile", "Justfile", "Taskfile.yml", "build.gradle", "pom.xml"):
        out.append("build")
    if base in ("docker-compose.yml", "docker-compose.yaml", "Dockerfile", "compose.yaml"):
        out.append("docker")
    if _CI_FILES.search(path):
        out.append("ci")  # runs on the CI runners, with the repository's secrets, on push
    out.extend(trigger for pattern, trigger in LOADED_BY if pattern.search(path))
    if is_build_definition(path) and "build" not in out:
        out.append("build")
    stem = config_stem(path)
    if stem:
        out.append("config-of:" + stem)  # the tool of that name reads it when it runs
    return out


# What a configuration file's name is made of besides its tool's name: extensions, ``rc``,
# ``config``/``conf``/``settings`` joined by ``.``, ``-`` or ``_``.
_CONFIG_EXT = re.compile(
    r"(?i)\.(?:[cm]?[jt]sx?|json5?|jsonc|ya?ml|toml|ini|xml|dist|neon|cfg|"
    r"properties|rc|lua|rb|py|php|exs?|kts?|edn)$"
)
_CONFIG_WORD = re.compile(r"(?i)(?:[._-]?(?:config|conf|settings|options|opts))$")
_CONFIG_DIR_FILE = frozenset({"config", "config.toml", "config.json", "config.yaml",
                              "config.yml", "settings.json", "settings.toml", "rc"})  # fmt: skip


# Names that are a file's role, not a tool's (``.env``, ``data.json``, ``package.json``).
_NOT_TOOL_STEMS = frozenset(
    {"env", "config", "conf", "data", "package", "settings", "local", "default", "defaults",
     "test", "tests", "app", "main", "index"}
)  # fmt: skip


def config_stem(path: str) -> str | None:
    """The tool a configuration file is named after, or None (#13 §3, by shape).

    Tools read a configuration named after themselves from the working tree or the home
    when they run: ``jest.config.js``, ``.mocharc.yml``, ``phpunit.xml.dist``, ``.rspec``,
    ``.rubocop.yml``, ``.npmrc``, ``phpstan.neon``, ``tsconfig.json`` (ts-*),
    ``.cargo/config.toml``. The name says which tool; no table of tools is kept."""
    parts = path.rstrip("/").split("/")
    base = parts[-1]
    dotted = base.startswith(".")
    if base in _CONFIG_DIR_FILE and len(parts) > 1 and parts[-2].startswith("."):
        base, dotted = parts[-2], True  # ~/.cargo/config.toml, .bundle/config
    name = base.lstrip(".")
    had_config_shape = dotted
    for _ in range(3):
        stripped = _CONFIG_EXT.sub("", name)
        if stripped == name:
            break
        name = stripped
    worded = _CONFIG_WORD.sub("", name)
    if worded != name and worded:
        name, had_config_shape = worded, True
    if name.endswith("rc") and len(name) > 4 and (dotted or base != name):
        name, had_config_shape = name[:-2], True
    elif name.endswith("init") and len(name) > 6 and dotted:
        name, had_config_shape = name[:-4], True  # a start-up file: .lldbinit, .gdbinit
    if base.lower().startswith(name.lower()) and base != name and not had_config_shape:
        # ``jest.config.js`` is worded; a plain ``phpunit.xml`` or ``phpstan.neon`` is a
        # config by its data extension alone.
        had_config_shape = bool(
            re.search(r"(?i)\.(?:xml|dist|neon|ya?ml|toml|ini|json|cfg|properties)$", base)
        )
    name = name.lower().rstrip("._-")
    if name in _NOT_TOOL_STEMS:
        return None
    if not had_config_shape or len(name) < 2 or not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        return None
    return name


# Programs that run another program named by their next operand (``npx jest``, ``bundle
# exec rspec``, ``uv run pytest``): that one reads its configuration too.
_RUNS_NEXT = {
    "npx": (), "bunx": (), "pnpx": (), "pnpm": ("exec", "dlx"), "yarn": ("exec", "dlx"),
    "npm": ("exec",), "bundle": ("exec",), "poetry": ("run",), "uv": ("run",),
    "pipenv": ("run",), "pdm": ("run",), "hatch": ("run",), "rye": ("run",),
    "mise": ("exec", "x"), "asdf": ("exec",), "dotnet": ("tool",), "go": ("tool",),
}  # fmt: skip


def config_stems_of(program: str, argv: tuple[str, ...] | list[str]) -> set[str]:
    """The names under which ``program`` (and what it runs next) looks for its config."""
    names = [posixpath.basename(program)]
    verbs = _RUNS_NEXT.get(names[0])
    if verbs is not None:
        rest = [a for a in argv[1:8] if not a.startswith("-")]
        if verbs and rest[:1] and rest[0] in verbs:
            rest = rest[1:]
        elif verbs:
            rest = []
        if rest:
            names.append(posixpath.basename(rest[0]))
    if names[0].startswith("python") and "-m" in argv[:4]:
        k = list(argv).index("-m")
        if k + 1 < len(argv):
            names.append(argv[k + 1])
    out: set[str] = set()
    for name in names:
        name = name.lower()
        out.add(name)
        if re.fullmatch(r"[a-z]{3,}w", name):
            # A project's wrapper script runs its tool (``gradlew``, ``mvnw``) and that
            # tool reads its own configuration (``gradle.properties``).
            out.add(name[:-1])
        head = re.split(r"[-_.]", name)[0]
        if len(head) >= 2 and head != name:
            out.add(head)  # golangci-lint reads .golangci.yml, ts-node tsconfig.json's ts
    return out


# Files a build or REPL tool reads as its own definition or start-up file, decided by their
# role's shape rather than one row per tool: a build script named build/setup/a build
# system's own name (``Setup.hs``, ``build.zig``, ``build.sc``, ``SConstruct``,
# ``Tiltfile``, ``Earthfile``, ``BUCK``, ``WORKSPACE``), a build system's file kinds
# (``meson.build``, ``*.cabal``, ``*.csproj``, MSBuild ``*.props``/``*.targets``, ``*.bzl``,
# ``*.nix``), a project file whose name is a build tool's (``project.clj``, ``rebar.config``,
# ``xmake.lua``, ``premake5.lua``, ``skaffold.yaml``, ``pants.toml``), and a tool's
# dotfile loaded at start (``.ghci``, ``.bazelrc``, ``.buckconfig``, ``.sbtopts``).
_BUILD_DEFINITION = re.compile(
    r"(?:^|/)(?:"
    r"(?:[Bb]uild|BUILD|[Ss]etup|SCons(?:truct|cript)|SConstruct|SConscript|WORKSPACE|MODULE|"
    r"Tiltfile|Earthfile|BUCK|TARGETS|Snakefile|Dangerfile|Vagrantfile|Brewfile|Podfile|Procfile|"
    r"Fastfile|Guardfile|Berksfile)(?:\.[\w.]+)?"
    r"|[\w.-]+\.(?:build|cabal|csproj|fsproj|vbproj|props|targets|bzl|bazel|nix|sbt|mill|"
    r"gradle|gradle\.kts)|(?:premake\d?|xmake)\.lua"
    r"|(?:project|rebar|skaffold|pants|dune|dune-project|stack|Package|pubspec|mix|"
    r"build\.zig|deno|bunfig)\.[\w.]+|dune|dune-project"
    r"|\.(?:ghci|bazelrc|buckconfig|sbtopts|jvmopts|mill-version|irbrc|pryrc|psqlrc|"
    r"sqliterc|lldbinit|gdbinit|inputrc|tmux\.conf|exrc|nanorc)"
    r")$"
)


def is_build_definition(path: str) -> bool:
    """A file a build, test or REPL tool loads as its own definition or start-up file."""
    return bool(_BUILD_DEFINITION.search(path))


# Files a build or test tool loads as code by itself, and the trigger its run fires (#13 §3):
# ``cargo build`` compiles and runs ``build.rs`` and obeys ``.cargo/config.toml`` (runners,
# aliases); ``go generate`` runs the ``//go:generate`` lines of Go files; ``cmake`` runs
# ``execute_process`` of its lists; npm reads ``.npmrc`` (``script-shell``); importing a
# package runs its ``__init__.py`` (pytest imports the packages under test); compose merges
# its override file (mounts, commands). One row per file kind: a new tool is a new row.
LOADED_BY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(^|/)build\.rs$"), "cargo"),
    (re.compile(r"(^|/)\.cargo/config(\.toml)?$"), "cargo"),
    (re.compile(r"\.go$"), "go-generate"),
    (re.compile(r"(^|/)CMakeLists\.txt$|\.cmake$"), "cmake"),
    (re.compile(r"(^|/)\.npmrc$"), "npm"),
    # yarn reads its rc file on every run: yarnPath is the yarn release it runs.
    (re.compile(r"(^|/)\.yarnrc(\.yml)?$"), "npm"),
    # lefthook installs git hooks that run its commands on git commit, like pre-commit.
    (re.compile(r"(^|/)\.?lefthook(-local)?\.ya?ml$"), "pre-commit"),
    (re.compile(r"(^|/)__init__\.py$"), "pytest"),
    # pytest reads its options (addopts -p plugin) from these as well as pytest.ini/tox.ini.
    (re.compile(r"(^|/)(setup\.cfg|pyproject\.toml)$"), "pytest"),
    (re.compile(r"(^|/)(docker-)?compose\.override\.ya?ml$"), "docker"),
    # Configuration management's state files and playbooks: applying them runs their
    # commands (Salt's ``cmd.run``, Ansible's ``shell:``) on this machine when local.
    (re.compile(r"\.sls$"), "config-apply"),
    (re.compile(r"(^|/)(playbooks?/[^/]+|site|playbook|main)\.ya?ml$"), "config-apply"),
)
# Which trigger a program's run fires for the rows above: (program, first operands) -> trigger.
TOOL_LOADS: dict[str, tuple[tuple[str, ...], str]] = {
    "cargo": (("build", "b", "test", "t", "run", "r", "check", "c", "bench", "install"), "cargo"),
    "go": (("generate",), "go-generate"),
    "cmake": ((), "cmake"),
    "salt-call": ((), "config-apply"),
    "salt-ssh": ((), "config-apply"),
    "ansible-playbook": ((), "config-apply"),
    "ansible-pull": ((), "config-apply"),
}


_CI_FILES = re.compile(
    r"(^|/)(\.[\w-]+/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|Jenkinsfile|"
    r"\.circleci/config\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|"
    r"\.travis\.ya?ml|\.buildkite/[^/]+\.ya?ml|\.drone\.ya?ml)$"
)
_YAML_RUN = re.compile(
    r"^(\s*)(?:-\s*)?(?:run|script|command|before_script|after_script|cmd)\s*:\s*(.*)$"
)
_SECRET_EXPR = re.compile(r"\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}")


def ci_commands(text: str) -> str:
    """The shell a CI configuration runs: ``run:``/``script:`` values and their blocks."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines) and len(out) < 400:
        match = _YAML_RUN.match(lines[i])
        i += 1
        if not match:
            continue
        indent, value = len(match.group(1)), match.group(2).strip()
        if value and value not in ("|", ">", "|-", ">-"):
            out.append(value.strip("\"'"))
            continue
        while i < len(lines) and (
            not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent
        ):
            item = lines[i].strip()
            out.append(item[2:] if item.startswith("- ") else item)
            i += 1
    # A CI secret is a credential in the runner's environment.
    return _SECRET_EXPR.sub(lambda m: "$" + m.group(1), "\n".join(out))


def runnable_text(path: str, text: str) -> tuple[str, str]:
    """(language, code) of the parts of a written file that run: ("shell", …), ("python", …)
    or ("compiled", …) for the source of a program built later (C, Go, Rust, ...).

    A configuration's keys that name a file to execute (``--workspace_status_command=``,
    ``-pgmF=``, ``pre_build_hook:``) add a run of that file, resolved from the file's own
    directory: running the tool then runs that file's content (``exec_options``)."""
    language, code = _runnable_text(path, text)
    if language == "shell" and not path.endswith(_SHELL_SCRIPT):
        named = exec_options.named_programs(text)
        if not is_prose_file(path):
            named += [v for v in referenced_files(text) if v not in named]
        if named:
            runs = [
                _sh_quote(_abs(value, here)) for value in named[:12] for here in _config_bases(path)
            ]
            code = "\n".join([code, *runs]) if code else "\n".join(runs)
    return language, code


# Prose a person reads: the paths and install instructions in it are mentions, not loads.
_PROSE_FILE = re.compile(r"(?i)\.(?:md|markdown|rst|txt|adoc|html?|org)$")


def is_prose_file(path: str) -> bool:
    """A document a person reads (README.md, notes.txt), never a tool's input."""
    return _PROSE_FILE.search(path) is not None


# A path value in a configuration: ``./setup.ts``, ``tools/status``, ``boot.php``,
# ``/opt/x/plugin.so``: relative or absolute, and either with a directory or with an
# extension of something a program can load (code, a library, an archive of code).
_REFERENCED = re.compile(
    r"(?:^|[\s\"'=:,\[(<>])"
    r"(?P<path>(?:\.{1,2}/|/)?[\w.@+-]+(?:/[\w.@+-]+)+|"
    r"[\w.@+-]+\.(?:sh|bash|zsh|fish|ps1|py|rb|pl|php|[cm]?[jt]sx?|lua|tcl|jl|[Rr]|exs?|erl|"
    r"groovy|kts?|gradle|scala|sc|clj|cmake|mk|so|dylib|dll|jar|wasm|nu|el|vim))"
    r"(?=$|[\s\"',\])<>;])"
)


def referenced_files(text: str, limit: int = 8) -> list[str]:
    """Paths a configuration names, by shape, whatever its key (#13 §3).

    A tool that reads a configuration may load any file it names (``preload =
    ["./setup.ts"]``, ``auto_prepend_file=boot.php``, ``--overlay-ports=ports/x``): which
    keys load and which only mention is each tool's own business and no table keeps up with
    new tools. Only files this session wrote ever match a run, so naming a file costs
    nothing unless the session itself put content there, and then that content is judged.
    URLs, variables and prose or data files are not loads."""
    if "/" not in text and "." not in text:
        return []
    out: list[str] = []
    for match in _REFERENCED.finditer(text[: 64 * 1024]):
        value = match.group("path").rstrip(".")
        start = match.start("path")
        if text[max(0, start - 3) : start].endswith(("://", ":/")) or "$" in value:
            continue
        if _NOT_CODE.search(value) or value.startswith("//") or value in out:
            continue
        out.append(value)
        if len(out) >= limit:
            break
    return out


_SHELL_SCRIPT = (".sh", ".bash", ".zsh", ".ksh", ".bats")
_PROCFILE_LINE = re.compile(r"(?m)^[\w.-]+:[ \t]*(.+)$")


def _config_bases(path: str) -> list[str]:
    """Directories a configuration's relative paths are read from: its own, and the
    project's when it sits in a tool's dot-directory (``.cargo/config.toml``'s runner is
    relative to the project)."""
    here = posixpath.dirname(path) or "/"
    if posixpath.basename(here).startswith("."):
        return [here, posixpath.dirname(here) or "/"]
    return [here]


_SHELL_ESCAPE = re.compile(r"(?m)^\s*[.:\\]?(?:platform\s+)?(?:shell\b|system\b|!)\s*(\S.*)$")


def _runnable_text(path: str, text: str) -> tuple[str, str]:
    base = posixpath.basename(path)
    if base.endswith(".go") and _GO_GENERATE.search(text):
        # go generate runs these lines as commands; the rest is compiled later.
        return "shell", "\n".join(_GO_GENERATE.findall(text))
    if base == "CMakeLists.txt" or base.endswith(".cmake"):
        # cmake runs execute_process() at configure time; $ENV{X} is the environment's X.
        calls = _CMAKE_PROCESS.findall(re.sub(r"\$ENV\{(\w+)\}", r"${\1}", text))
        return "shell", "\n".join(" ".join(c.split()) for c in calls)
    if COMPILED_SOURCE.search(base):
        return "compiled", text
    if _CI_FILES.search(path):
        return "shell", ci_commands(text)
    if base == "noxfile.py":
        return "python", text + nox_commands(text)
    if base.endswith(".py") or base in ("conftest.py", "setup.py"):
        return "python", text
    if base.endswith((".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")):
        return "node", text
    if base in (".npmrc", ".yarnrc", ".yarnrc.yml"):
        return "shell", npm_config_commands(text)
    if base == "package.json" or path.endswith("/.vscode/tasks.json"):
        return "shell", "\n".join(_json_commands(text))
    if base == "Procfile" or base.startswith("Procfile."):
        # A process file: ``name: command`` per line, run by foreman, honcho, overmind.
        return "shell", "\n".join(m.group(1) for m in _PROCFILE_LINE.finditer(text))
    if base in ("Makefile", "makefile", "GNUmakefile") or base.endswith(".mk"):
        recipes = [line[1:] for line in text.splitlines() if line.startswith("\t")]
        recipes = [r.lstrip("@-+ ") for r in recipes]
        # $(shell ...) runs when make reads the file (an include, a variable), before any
        # recipe: its command runs on every make, whatever the target.
        recipes += [m.strip() for m in _MAKE_SHELL.findall(text)[:16]]
        # An include whose file name a download computes loads fetched make code: as
        # running what that URL serves.
        for operand in re.findall(r"(?m)^\s*-?s?include\s+(.+)$", text)[:16]:
            recipes += [f"curl -s {url} | sh" for url in _URL_IN.findall(operand)[:4]]
        return "shell", "\n".join(r.replace("$$", "$") for r in recipes)
    if (
        base in ("config", ".gitconfig")
        or base.endswith(".toml")
        or base.endswith((".ini", ".cfg"))
    ):
        values = re.findall(
            r"(?im)^\s*(?:sshcommand|fsmonitor|pager|editor|external|helper|program|"
            r"clean|smudge|process|[a-z0-9_-]+)\s*=\s*!?(.+)$",
            text,
        )
        # tox's own substitutions name the environment and the home directory.
        text = re.sub(r"\{env:([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}", r"${\1}", text)
        text = text.replace("{homedir}", "${HOME}")
        # tox.ini, setup.cfg: "commands =" followed by indented continuation lines.
        values += re.findall(r"(?m)^[ \t]+(\S.*)$", text) if base.endswith((".ini", ".cfg")) else []
        lines = [_unquote(v.strip()) for v in values if " " in v.strip()]
        # pytest's addopts "-p name" imports a plugin module at start-up, from the rootdir.
        for plugin in _PYTEST_PLUGIN.findall(text)[:8]:
            module = plugin.replace(".", "/")
            lines.append(f"python {module}.py")
            lines.append(f"python {module}/__init__.py")
        # Path values (curl's upload-file, an sftp or tool config's key file) are files the
        # program reading this configuration opens: they count as its reach.
        paths = [_unquote(v.strip()) for v in values if _PATH_VALUE.match(_unquote(v.strip()))]
        if paths:
            lines.append("config-values " + " ".join(_sh_quote(p) for p in paths[:32]))
        return "shell", "\n".join(lines)
    if base.endswith((".desktop", ".service", ".timer", ".socket")):
        # Desktop entries and systemd units: what their Exec*= keys run.
        return "shell", "\n".join(
            m.strip() for m in re.findall(r"(?m)^\s*Exec[A-Za-z]*\s*=\s*[-@+!]*(.+)$", text)
        )
    if base.endswith(".sls"):
        # A Salt state: ``cmd.run``/``cmd.script``/``cmd.wait`` run their ``name:`` (and
        # ``unless:``/``onlyif:`` checks) as shell when the state is applied.
        runs = [
            _unquote(m.group(1).strip())
            for m in _SALT_RUN.finditer(text[: 64 * 1024])
            if "cmd." in text or "cmd:" in text
        ]
        return "shell", "\n".join([*runs[:32], *_yaml_commands(text)])
    if base.endswith((".yml", ".yaml")):
        commands = _json_commands(text) if text.lstrip().startswith("{") else []
        script = "\n".join(commands or _yaml_commands(text))
        if not script.strip() and is_build_definition(path):
            script = written_code_script(text)  # commands in flow lists, hooks, ...
        return "shell", script
    if base.endswith(".json"):
        return "shell", "\n".join(_json_commands(text))
    if is_build_definition(path) and not base.endswith((".sh", ".bash")):
        # A build definition in a language Bastion has no model for (Haskell, MSBuild XML,
        # Starlark, Lua, a REPL's dotfile): what runs is what is dangerous in any language.
        script = written_code_script(text)
        if base.startswith("."):
            # A REPL's or debugger's start-up file: its shell escapes run as commands
            # (lldb ``platform shell``, gdb ``shell``/``!``, psql ``\\!``, sqlite ``.shell``).
            escapes = _SHELL_ESCAPE.findall(text[: 64 * 1024])[:32]
            script = "\n".join([script, *escapes]).strip("\n")
        return "shell", script
    if _OTHER_LANGUAGE.search(base) and not text.startswith("#!"):
        # Source of a language with no model (C# script, Julia, Nushell, F#, Kotlin
        # script): read with the language-agnostic scan, not as shell.
        script = written_code_script(text)
        if script:
            return "shell", script
    return "shell", text


# A Salt state's command keys.
_SALT_RUN = re.compile(r"(?m)^\s*-\s*(?:name|unless|onlyif|creates_cmd)\s*:\s*(.+)$")
# A file name with an extension that is not a shell script's.
_OTHER_LANGUAGE = re.compile(r"\.(?!(?:sh|bash|zsh|ksh|dash|command|bats)$)[A-Za-z][\w+-]{0,9}$")


# ``$(shell CMD)`` of a makefile, nested parentheses one level deep.
_URL_IN = re.compile(r"https?://[^\s'\"`<>)]+")
_MAKE_SHELL = re.compile(r"\$[({]shell\s+((?:[^()]|\([^()]*\))+)[)}]")
_PYTEST_PLUGIN = re.compile(r"(?:^|[\s\"'=\[,])-p\s*(?!no:)([A-Za-z_][\w.]*)")
_NPM_RUNS = re.compile(
    r"(?im)^\s*(script-shell|shell|node-options|onload-script|yarnPath|nodeOptions)\s*[=:]\s*[\"']?(.+?)[\"']?\s*$"
)


def npm_config_commands(text: str) -> str:
    """What npm or yarn run because of their rc file: the ``script-shell`` (every script
    runs through it), files ``node-options`` preloads (``--require x.js``), yarn's
    ``yarnPath`` (the yarn release it runs)."""
    out: list[str] = []
    for key, value in _NPM_RUNS.findall(text)[:8]:
        if key.lower() in ("node-options", "nodeoptions"):
            for preload in re.findall(r"(?:--require|-r|--import|--loader)[=\s]+(\S+)", value):
                out.append(f"node {preload}")
        elif key == "yarnPath":
            out.append(f"node {value}")
        else:
            out.append(value)
    return "\n".join(out)


def nox_commands(text: str) -> str:
    """The commands a noxfile's sessions run (``session.run("sh", "-c", …)``), as Python
    that runs them: nox runs them with the user's environment and credentials."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return ""
    out: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("run", "run_always", "run_install", "install")
            and node.args
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
        ):
            words = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.attr == "install":
                words = ["pip", "install", *words]
            out.append(f"\n__import__('subprocess').run({words!r})")
        if len(out) >= 32:
            break
    return "".join(out)


# Sources of compiled languages: what runs is the binary built from them later.
_GO_GENERATE = re.compile(r"(?m)^//go:generate\s+(.+)$")
_CMAKE_PROCESS = re.compile(
    r"(?s)(?i:\w*execute\w*process|add_custom_command|add_custom_target)\s*\(\s*(?:\w+\s+)?"
    r"COMMAND\s+(.+?)\s*"
    r"(?:\)|\b(?:OUTPUT|ERROR|RESULT|RESULTS|WORKING_DIRECTORY|TIMEOUT|COMMAND)\w*\s)"
)
COMPILED_SOURCE = re.compile(r"\.(?:c|cc|cpp|cxx|c\+\+|h|hpp|go|rs|zig|m|mm|d|nim|swift)$")
_CC = frozenset(
    {"cc", "gcc", "clang", "g++", "c++", "clang++", "tcc", "icc", "zig", "rustc", "gccgo"}
)
# C compiler options that take a value (so the value is no source file).
_CC_WITH_ARG = frozenset(
    {"-o", "-I", "-L", "-l", "-D", "-U", "-x", "-include", "-MF", "-MT", "-isystem", "--target"}
)


@dataclass(frozen=True, slots=True)
class Build:
    """A program built by a command: where the binary lands and what it was built from."""

    output: str  # absolute path of the binary
    sources: tuple[str, ...]  # absolute paths (files or package directories)
    stdin: bool  # the source came from standard input (``cc -x c -``)


def builds(programs: list[tuple[str, tuple[str, ...]]], cwd: str) -> list[Build]:
    """Binaries the command's compilers produce (``gcc x.c -o bin``, ``go build -o bin
    ./cmd``, ``rustc x.rs -o bin``; ``go run ./cmd`` builds into a place it then runs)."""
    out: list[Build] = []
    for program, argv in programs:
        args = list(argv[1:])
        if program == "go" and args[:1] in (["build"], ["run"]):
            rest = args[1:]
            target = ""
            packages: list[str] = []
            k = 0
            while k < len(rest):
                if rest[k] == "-o" and k + 1 < len(rest):
                    target = rest[k + 1]
                    k += 2
                    continue
                if not rest[k].startswith("-"):
                    packages.append(rest[k])
                k += 1
            packages = packages or ["."]
            if args[0] == "run":
                target = "go-run:" + packages[0]
            elif not target:
                target = posixpath.basename(_abs(packages[0], cwd).rstrip("/")) or "a.out"
            srcs = tuple(_abs(p, cwd) for p in packages if "@" not in p)
            out.append(Build(_abs(target, cwd) if ":" not in target else target, srcs, False))
        elif program in _CC or re.fullmatch(r"(?:[\w-]+-)?(?:gcc|g\+\+|clang)(?:-\d+)?", program):
            target = ""
            sources: list[str] = []
            from_stdin = False
            compile_only = False
            k = 0
            while k < len(args):
                arg = args[k]
                if arg in _CC_WITH_ARG and k + 1 < len(args):
                    if arg == "-o":
                        target = args[k + 1]
                    k += 2
                    continue
                if arg.startswith("-o") and len(arg) > 2:
                    target = arg[2:]
                elif arg in ("-c", "-S", "-E"):
                    compile_only = True
                elif arg == "-":
                    from_stdin = True
                elif not arg.startswith("-") and COMPILED_SOURCE.search(arg):
                    sources.append(_abs(arg, cwd))
                k += 1
            if compile_only or not (sources or from_stdin):
                continue
            out.append(Build(_abs(target or "a.out", cwd), tuple(sources), from_stdin))
    return out


_PATH_VALUE = re.compile(r"^(?:/|~/|\$HOME/|\$\{HOME\}/)[^\s]*$")
_YAML_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w.-]*\s*:\s*(.+?)\s*$")


_YAML_ITEM = re.compile(r"^\s*-\s+(?![\w.-]+\s*:(?:\s|$))([^#{\[].*?)\s*$")


def _yaml_commands(text: str) -> list[str]:
    """Scalar values of a YAML document that may be commands (``entry: bash -c …``)."""
    out: list[str] = []
    for line in text.splitlines()[:2000]:
        item = _YAML_ITEM.match(line)
        if item and " " in item.group(1):
            # A list item (Taskfile ``cmds:``, a runner's ``steps:``): each runs as a line.
            out.append(_unquote(item.group(1)))
            continue
        match = _YAML_VALUE.match(line)
        if match and " " in match.group(1) and not match.group(1).startswith(("#", "[", "{")):
            value = match.group(1)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            out.append(value)
    return out[:200]


def _json_unescape(value: str) -> str:
    try:
        decoded = json.loads(f'"{value}"')
    except ValueError:
        return value
    return decoded if isinstance(decoded, str) else value


def _launchers(data: object) -> list[str]:
    """``{"command": C, "args": [...]}`` objects anywhere in a JSON document (an MCP server
    list, a task runner's entry): the command line each starts, shell-quoted."""
    out: list[str] = []
    stack = [data]
    while stack and len(out) < 64:
        item = stack.pop()
        if isinstance(item, dict):
            command, args = item.get("command"), item.get("args", [])
            if isinstance(command, str) and command and isinstance(args, list):
                words = [command, *(a for a in args[:64] if isinstance(a, str))]
                out.append(" ".join(_sh_quote(w) for w in words))
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return out


def _json_commands(text: str) -> list[str]:
    """String values of a JSON (or YAML-ish) document that may be commands."""
    try:
        data = json.loads(text)
    except ValueError:
        # A fragment (an Edit's new string): each "key": "value" pair, its escapes decoded
        # as JSON decodes them (\" is a quote of the command, not a backslash).
        found = re.findall(r"\"(?:[^\"\\]|\\.)*\"\s*:\s*\"((?:[^\"\\]|\\.)*)\"", text)
        return [_json_unescape(m) for m in found]
    out: list[str] = _launchers(data)
    stack = [data]
    while stack and len(out) < 200:
        item = stack.pop()
        if isinstance(item, str):
            if " " in item or "/" in item:
                out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


# Files whose tool runs their commands from the file's own directory (npm, make, nox,
# pytest's rootdir, cargo): relative paths in them resolve there, not in the workspace root.
_RUNS_IN_OWN_DIRECTORY = re.compile(
    r"(^|/)(package\.json|[Mm]akefile|GNUmakefile|noxfile\.py|tox\.ini|pytest\.ini|"
    r"setup\.cfg|pyproject\.toml|\.npmrc|\.yarnrc(\.yml)?|CMakeLists\.txt|build\.rs|justfile|"
    r"Justfile|Taskfile\.ya?ml|Rakefile)$"
)


def runs_in(path: str, workspace: str) -> str:
    """The directory a written file's commands run in when its tool runs it."""
    if _RUNS_IN_OWN_DIRECTORY.search(path):
        return posixpath.dirname(path) or workspace
    return workspace


def run_triggers(programs: list[tuple[str, tuple[str, ...]]], cwd: str) -> set[str]:
    """The triggers a command's programs fire: ``make`` fires "make", ``./x.sh`` its script."""
    out: set[str] = set()
    for program, argv in programs:
        args = [a for a in argv[1:] if not a.startswith("-")]
        if program in ("make", "gmake", "remake"):
            out.add("make")
        elif program in ("npm", "yarn", "pnpm", "bun", "npx"):
            out.add("npm")
            operands = [a for a in args if a != "run"]
            if program == "bun" and operands and _JS_FILE.search(operands[0]):
                out.add("script:" + _abs(operands[0], cwd))  # bun tools/x.ts runs the file
        elif program in ("pytest", "py.test", "tox", "nox"):
            out.add("pytest")
        elif program == "pre-commit":
            out.add("pre-commit")
        elif program == "direnv":
            out.add("direnv")
        elif program == "git":
            out.add("git")
            if args[:1] == ["commit"]:
                out.add("pre-commit")
        elif program in ("rake", "just", "task", "gradle", "gradlew", "mvn", "ant"):
            out.add("build")
        elif program in ("docker-compose",) or (
            program == "docker" and args[:1] in (["compose"], ["build"])
        ):
            out.add("docker")
        elif program in ("bash", "sh", "zsh", "dash", "ksh") and not any(
            a in ("-c",) for a in argv[1:]
        ):
            if args:
                out.add("script:" + _abs(args[0], cwd))
            else:
                out.add("shell-start")
        elif program in ("source", "."):
            if args:
                out.add("script:" + _abs(args[0], cwd))
        elif program.startswith("python") or program in ("uv", "poetry", "pipenv", "hatch"):
            if "-m" in argv:
                module = argv[argv.index("-m") + 1] if argv.index("-m") + 1 < len(argv) else ""
                if module == "pytest":
                    out.add("pytest")
                if module == "pip" and "install" in argv:
                    out.add("pip-install")
            if "pytest" in args:
                out.add("pytest")
            for a in args:
                if a.endswith(".py"):
                    out.add("python:" + _abs(a, cwd))
                    out.add("script:" + _abs(a, cwd))
                    break
        elif program in ("pip", "pip3") and "install" in args:
            out.add("pip-install")
        elif program in _SCRIPT_INTERPRETERS:
            inline = any(a in ("-e", "--eval", "-p", "--print", "-E", "-c", "-r") for a in argv)
            operands = [a for a in args if a != "run"] if program in ("deno", "bun") else args
            if operands and not inline:
                out.add("script:" + _abs(operands[0], cwd))
        elif program in _VERBLESS_BUILDERS or (
            args and args[0] in _BUILD_VERBS and program not in _KEEPS_OPERANDS
        ):
            # Any other tool asked to build, test, run or open a REPL reads its definition
            # and dotfiles first (``cabal build``, ``dotnet build``, ``bazel build``,
            # ``meson compile``, ``tilt up``): the "build" trigger of written definitions.
            out.add("build")
        if build_verb_at(args) >= 0 and program not in _KEEPS_OPERANDS:
            # Whatever else the tool is (``bun test`` also runs package.json's scripts), a
            # build, test or run verb reads the workspace's build definitions and dotfiles.
            out.add("build")
        out.update("config-of:" + stem for stem in config_stems_of(program, argv))
        loads = TOOL_LOADS.get(program)
        if loads is not None and (not loads[0] or (args[:1] and args[0] in loads[0])):
            out.add(loads[1])
        if "/" in argv[0] if argv else False:
            out.add("script:" + _abs(argv[0], cwd))
        for path in command_files(program, argv):
            out.add("script:" + _abs(path, cwd))
    return out


# Programs that only read, copy, move, edit, check, format, compare, archive or upload the
# files they are given: the roles that never run an operand. Any other program handed a
# file (``dotnet script X.csx``, ``zig run x.zig``, ``julia x.jl``, ``nu x.nu``) may run it:
# a file written in this session is then judged by its content, whatever the language.
_KEEPS_OPERANDS = cat.FILE_READERS | cat.METADATA_ONLY | frozenset(
    {"cp", "mv", "rm", "ln", "install", "chmod", "chown", "chgrp", "touch", "mkdir", "rmdir",
     "diff", "cmp", "patch", "git", "hg", "svn", "tar", "zip", "unzip", "gzip", "gunzip",
     "xz", "bzip2", "zstd", "7z", "rsync", "scp", "sftp", "curl", "wget", "gh", "glab",
     "sed", "tee", "dd", "truncate", "shred", "sort", "uniq", "cut", "paste", "tr", "iconv",
     "dos2unix", "unix2dos", "vi", "vim", "nvim", "nano", "emacs", "code", "subl", "open",
     "xdg-open", "echo", "printf", "test", "[", "sha1sum", "sha256sum", "sha512sum",
     "md5sum", "shasum", "b2sum", "gpg", "openssl", "prettier", "eslint", "black", "ruff",
     "isort", "flake8", "pylint", "mypy", "pyright", "shellcheck", "shfmt", "clang-format",
     "rustfmt", "gofmt", "dprint", "biome", "stylua", "taplo", "yamllint", "jq", "yq",
     "envsubst", "fold", "fmt", "column", "split", "csplit", "chattr", "setfacl", "rg", "ag",
     "fd", "find", "bat", "delta", "difft", "meld", "kdiff3", "wc", "xargs", "watch", "entr",
     "grep", "egrep", "fgrep", "ack", "awk", "gawk", "mawk", "nawk", "perltidy",
     "autopep8", "yapf", "pycodestyle", "pydocstyle", "bandit", "vulture", "codespell",
     "cloc", "tokei", "ctags", "etags", "wget2", "pandoc", "git-lfs", "pre-commit"}
    | (_CC - {"zig", "tcc"})  # compilers build their operand (zig run, tcc -run run it)
)  # fmt: skip
# Prose, data and media files: no program runs them as code.
_NOT_CODE = re.compile(
    r"(?i)\.(?:md|markdown|rst|txt|adoc|org|html?|json|jsonl|csv|tsv|lock|log|svg|png|jpe?g|"
    r"gif|webp|pdf|ico|pem|crt|pub|sum|sig|asc|diff|patch|po|mo)$"
)


_PATH_TOKEN = re.compile(
    r"(?<![\w:/])((?:/|\./|\.\./)[\w./-]+\.(?:so|dylib|dll|wasm|py|js|sh|rb|pl|lua|sql|tcl|jar))\b"
)


def operand_runs(program: str, argv: tuple[str, ...] | list[str], cwd: str) -> list[str]:
    """ "script:" triggers for the file operands of a program that may run them (#13 §1).

    Bastion has no model of most language runtimes and task runners; such a program given
    a file runs it (or loads it as its own code). Only written files match a trigger, so a
    file the session did not write costs nothing.
    """
    if program in _KEEPS_OPERANDS or len(argv) < 2:
        return []
    out: list[str] = []
    for text in argv[1:9]:
        if " " in text:
            # A statement or a dot-command handed as one argument (``.load /tmp/x.so``,
            # ``MODULE LOAD /tmp/m.so``): its absolute and relative paths are operands too.
            out.extend("script:" + _abs(t, cwd) for t in _PATH_TOKEN.findall(text)[:2])
    for word in argv[1:9]:
        if word.startswith("-"):
            word = word.partition("=")[2]  # --script=x.nu, --init-script=x.gradle
        elif "=" in word and "/" in word.partition("=")[2]:
            word = word.partition("=")[2]  # -d auto_prepend_file=/tmp/h.php: a setting's file
        if not word or "://" in word or _NOT_CODE.search(word) or "$" in word:
            continue
        if "/" in word or "." in word.lstrip("."):
            out.append("script:" + _abs(word, cwd))
    return out[:4]


# A setting's key that says its file is loaded as code (``auto_prepend_file``, ``preload``,
# ``-javaagent``, ``--require``, ``init-script``, ``bootstrap``).
_LOADING_KEY = re.compile(
    r"(?i)(?:^|[._-])(?:prepend|append|preload|require|include|load|init|script|plugin|"
    r"javaagent|agent|hook|hooks|bootstrap|startup|rcfile)(?:[._-]?(?:file|files|script|path))?$"
)


def setting_runs(argv: tuple[str, ...] | list[str], cwd: str) -> list[str]:
    """ "script:" triggers for files that a setting on the command line makes the program load
    (``php -d auto_prepend_file=/tmp/h.php``, ``--init-script=x.gradle``): such a file runs
    whatever Bastion saw of its content, so unseen content (a download) counts too."""
    out: list[str] = []
    for word in argv[1:16]:
        key, eq, value = word.lstrip("-").partition("=")
        if not (eq and value and "://" not in value and "$" not in value):
            continue
        if _LOADING_KEY.search(key) and ("/" in value or "." in value.lstrip(".")):
            out.append("script:" + _abs(value.strip("'\""), cwd))
    return out[:4]


# A build's manifest: the file that makes its folder a project (``Cargo.toml``, ``*.csproj``).
_MANIFEST = re.compile(
    r"(?:^|/)(?:Cargo\.toml|package\.json|pom\.xml|build\.gradle(?:\.kts)?|settings\.gradle(?:\.kts)?|"
    r"go\.mod|pyproject\.toml|setup\.py|Package\.swift|mix\.exs|deno\.jsonc?|CMakeLists\.txt|"
    r"meson\.build|build\.zig|build\.sbt|project\.clj|deps\.edn|composer\.json|Gemfile|"
    r"pubspec\.yaml|dune-project|stack\.yaml|shard\.yml|Makefile|BUILD(?:\.bazel)?|"
    r"[^/]+\.(?:csproj|fsproj|vbproj|sln|cabal|nimble|gemspec))$"
)
# Options whose value is the project a build tool works on (a folder or its manifest).
_PROJECT_OPTIONS = frozenset(
    {"--project", "-p", "--manifest-path", "-f", "--file", "-C", "--directory", "--dir",
     "--cwd", "--prefix", "--root", "--project-dir", "-P", "--workdir", "--package-path"}
)  # fmt: skip


def project_folders(argv: tuple[str, ...] | list[str]) -> list[str]:
    """Folders a build tool's arguments name as the project to build or run: a manifest's
    folder (``--manifest-path probe/Cargo.toml``, ``svc/pom.xml``) or the value of a project
    option (``--project probe``, ``-C tools``). Relative to the command's directory."""
    out: list[str] = []
    args = list(argv[1:24])
    taken = -1  # the index of a value already read as an option's
    for k, word in enumerate(args):
        name, eq, value = word.partition("=")
        if k == taken:
            continue
        if word.startswith("-"):
            if name not in _PROJECT_OPTIONS:
                continue
            if not eq:
                value, taken = (args[k + 1] if k + 1 < len(args) else ""), k + 1
        else:
            value = word
        if not value or value.startswith("-") or "://" in value or "$" in value:
            continue
        if _MANIFEST.search(value):
            out.append(posixpath.dirname(value) or ".")
        elif word.startswith("-"):
            out.append(value)
    return list(dict.fromkeys(out))[:4]


def build_verb_at(args: list[str]) -> int:
    """Where a build verb stands among a command's operands: first, or second after an
    upper-case command word (``R CMD INSTALL pkg``, ``R CMD build pkg``); -1 when none."""
    if args and args[0] in _BUILD_VERBS:
        return 0
    if len(args) > 1 and args[0].isupper() and args[1].lower() in _BUILD_VERBS:
        return 1
    return -1


def built_folders(argv: tuple[str, ...] | list[str]) -> list[str]:
    """Plain operands after a build or install verb (``R CMD INSTALL rpkg``, ``tool build
    pkg``): the package folders it builds, whose build scripts (``configure``) it runs."""
    args = [a for a in argv[1:16] if not a.startswith("-")]
    at = build_verb_at(args)
    if at < 0:
        return []
    return [a for a in args[at + 1 : at + 4] if "://" not in a and "$" not in a and "=" not in a]


_BUILD_VERBS = frozenset(
    {"build", "b", "test", "t", "run", "r", "repl", "compile", "configure", "setup", "up",
     "dev", "check", "bench", "package", "install", "deploy", "exec", "shell", "start",
     "develop", "watch", "release", "dist", "assemble", "restore"}
)  # fmt: skip
# Build tools whose plain run builds (no verb): each reads its definition files first.
_VERBLESS_BUILDERS = frozenset(
    {"scons", "ninja", "xmake", "earthly", "premake5", "premake4", "ghci", "bazel", "bazelisk",
     "buck2", "pants", "mill", "lein", "rebar3", "sbt", "tilt", "skaffold", "msbuild",
     "meson", "waf", "redo", "tup", "please", "plz"}
)  # fmt: skip
_JS_FILE = re.compile(r"\.(?:[cm]?[jt]sx?)$")


# Interpreters whose first operand is a script file they run (``node scripts/setup.js``).
_SCRIPT_INTERPRETERS = frozenset(
    {"node", "nodejs", "deno", "bun", "ruby", "perl", "php", "Rscript", "lua", "tclsh", "wish"}
)


# Options naming a file of commands or settings that the program carries out: a batch of
# sftp commands, curl's config (upload-file, url, …), an lftp or gdb script, an ssh config
# (ProxyCommand), a vim script. Running the program runs what was written there.
_COMMAND_FILE_OPTIONS: dict[str, tuple[str, ...]] = {
    "sftp": ("-b", "-F"),
    "curl": ("-K", "--config"),
    "lftp": ("-f",),
    "gdb": ("-x", "--command"),
    "ssh": ("-F",),
    "scp": ("-F",),
    "vim": ("-S",),
    "nvim": ("-S",),
    "expect": ("-f",),
    "at": ("-f",),
    "batch": ("-f",),
    "bash": ("--rcfile", "--init-file"),
    "sqlite3": ("-init",),
    "wget": ("--config",),
}


def command_files(program: str, argv: tuple[str, ...] | list[str]) -> list[str]:
    """Files that ``program`` reads its commands or settings from (``sftp -b F``)."""
    options = _COMMAND_FILE_OPTIONS.get(program)
    if not options:
        return []
    out: list[str] = []
    for k, word in enumerate(argv[1:64], start=1):
        for option in options:
            if word == option and k + 1 < len(argv):
                out.append(argv[k + 1])
            elif option.startswith("--") and word.startswith(option + "="):
                out.append(word.split("=", 1)[1])
            elif not option.startswith("--") and word.startswith(option) and len(word) > 2:
                out.append(word[len(option) :])
    return [p for p in out if p and not p.startswith("-")][:4]


def _abs(path: str, cwd: str) -> str:
    if path.startswith("/"):
        return posixpath.normpath(path)
    return posixpath.normpath(posixpath.join(cwd or "/", path))


def matching(memory: Memory | None, triggers: set[str]) -> list[Written]:
    """Written files that the given triggers run."""
    if memory is None or not memory.written or not triggers:
        return []
    return [w for w in memory.written.values() if triggers.intersection(w.triggers)]


# --- remembering ---------------------------------------------------------------------------


def remember_shell(
    memory: Memory, command: str, payload_cwd: str, cwd: str, home: str = ""
) -> None:
    """Variables, ``cd``, symlinks, git remotes and git config exec keys of a shell command."""
    assigned = _ASSIGN.findall(command)[:MAX_VARIABLES]
    unset = _UNSET.findall(command) if "unset" in command else []
    if assigned or unset:
        variables = dict(memory.variables)
        for name, raw in assigned:
            value = _unquote(raw)
            if "$" in value or "`" in value:
                continue
            if storable(name, value) and (name in variables or len(variables) < MAX_VARIABLES):
                variables[name] = value
        for names in unset:
            for name in names.split():
                variables.pop(name, None)
        memory.variables = variables
    for match in _CD.finditer(command) if _may_cd(command) else ():
        target = _unquote(match.group(1))
        for prefix in ("$HOME", "${HOME}"):
            if target.startswith(prefix) and home:
                target = home.rstrip("/") + target[len(prefix) :]
        if target.startswith(("$", "-")) or "`" in target:
            continue
        if target.startswith("~"):
            if not home or not (target == "~" or target.startswith("~/")):
                continue
            target = home.rstrip("/") + target[1:]
        memory.cwd = _abs(target, cwd)
        memory.cwd_from = payload_cwd
        cwd = memory.cwd
    created = _BRANCH_CREATE.findall(command)[:8] if "git" in command else []
    if created:
        branches = list(memory.branches)
        for name in created:
            if name not in branches and len(branches) < MAX_BRANCHES:
                branches.append(name)
        memory.branches = branches
    remotes = remotes_added(command)
    if remotes:
        memory.remotes = {**memory.remotes, **remotes}


# Keys of ``remotes_added`` that are no remote name: every push (a URL rewrite) and every
# LFS transfer go to the host kept under them.
EVERY_PUSH = "*"
LFS = "lfs:*"


def remotes_added(command: str) -> dict[str, str]:
    """Where a command points git's sends: ``git remote add|set-url <name> <url>`` and the
    config keys that do the same (``remote.X.pushurl``, ``url.B.pushInsteadOf``,
    ``lfs.url``): name (or EVERY_PUSH, or LFS) -> host."""
    out: dict[str, str] = {}
    for name, url in _REMOTE_ADD.findall(command)[:8] if "remote" in command else ():
        host = _remote_host(_unquote(url))
        if host:
            out[name] = host
    matches = (
        list(_REMOTE_CONFIG.finditer(command))[:8]
        if "config" in command and _GIT_WORD.search(command)
        else []
    )
    for match in matches:
        value = _unquote(match.group("value"))
        if match.group("name"):
            key, url = match.group("name"), value
        elif match.group("lfsname") or match.group("lfs"):
            key, url = LFS, value
        else:
            key, url = EVERY_PUSH, _unquote(match.group("base"))
        host = _remote_host(url)
        if host:
            out[key] = host
    return out


def cd_targets(command: str, cwd: str, home: str) -> list[str]:
    """Directories a ``cd`` inside one command moves to (absolute), in order; the later
    statements of the command resolve their relative paths there."""
    out: list[str] = []
    for match in list(_CD.finditer(command))[:4] if _may_cd(command) else ():
        target = _unquote(match.group(1))
        for prefix in ("$HOME", "${HOME}"):
            if target.startswith(prefix) and home:
                target = home.rstrip("/") + target[len(prefix) :]
        if target.startswith(("$", "-")) or "`" in target:
            continue
        if target.startswith("~"):
            if not home or not (target == "~" or target.startswith("~/")):
                continue
            target = home.rstrip("/") + target[1:]
        cwd = _abs(target, cwd)
        out.append(cwd)
    return out


def _may_cd(command: str) -> bool:
    """Whether ``_CD`` can match: it needs ``cd`` or ``pushd`` (see ``_GIT_WORD``)."""
    return "cd" in command or "pushd" in command


def _remote_host(url: str) -> str:
    if "://" not in url and "@" in url and ":" in url:
        url = "ssh://" + url.split("@", 1)[1].replace(":", "/", 1)
    return hostmod.host_of(url) if "://" in url else ""


def git_config_commands(command: str) -> list[tuple[str, str]]:
    """``git config <key> <value>`` settings whose value git runs as a command."""
    out: list[tuple[str, str]] = []
    if not _GIT_WORD.search(command):
        return out
    for key, raw in _GIT_CONFIG_EXEC.findall(command)[:8]:
        value = _unquote(raw)
        if key.lower().startswith("alias.") and not value.startswith("!"):
            continue
        out.append((key.lower(), value.lstrip("!")))
    return out


# ``echo 'TEXT' >> path``, ``printf 'TEXT\n' > path``, ``echo 'TEXT' | tee -a path``: a
# literal whose text the command shows, put into a file.
_ECHO_WRITE = re.compile(
    r"(?:^|[;&|(]\s*|\s)(?:echo(?:\s+-[neE]+)*|printf)\s+(?P<q>['\"])(?P<body>[^'\"]{1,4000})(?P=q)"
    r"\s*(?:>{1,2}\s*|\|\s*(?:sudo\s+)?tee\s+(?:-a\s+)?)(?P<path>[^\s<>;&|]+)"
)


def _echo_write_matches(command: str) -> Iterator[re.Match[str]]:
    """The ``echo``/``printf`` literals redirected or teed into a file."""
    return _ECHO_WRITE.finditer(command[: 64 * 1024])


def echo_writes(command: str) -> list[tuple[str, str]]:
    """(path, text) of ``echo``/``printf`` literals redirected or teed into a file: the text
    is in the command, so a file that runs or instructs by itself is judged by it."""
    return [
        (_unquote(m.group("path")), m.group("body").replace("\\n", "\n"))
        for m in _echo_write_matches(command)
    ][:8]


def literal_writes(command: str) -> list[tuple[str, str]]:
    """The `echo_writes` whose whole new content is in the command: a truncating redirect or
    ``tee`` (not an append), a single-quoted or expansion-free body, no ``printf``
    conversion, no escape but ``\\n``. A file written so is as known as a heredoc's (lead
    probe 14b: ``printf 'put ~/.pgpass\\n' > batch; sftp -b batch host`` hid the upload in a
    file)."""
    out = []
    for m in _echo_write_matches(command):
        redirect = command[m.end("body") + 1 : m.start("path")]
        if ">>" in redirect or re.search(r"\btee\s+-a\b", redirect):
            continue
        body = m.group("body")
        head = command[m.start() : m.start("q")]
        if (
            (m.group("q") == '"' and ("$" in body or "`" in body))
            or ("printf" in head and "%" in body)
            or re.search(r"\\(?!n)", body)  # \x7f, \0, \e …: bytes the text does not show
        ):
            continue
        out.append((_unquote(m.group("path")), body.replace("\\n", "\n")))
    return out[:8]


def heredoc_writes(command: str) -> list[tuple[str, str]]:
    """(path, body) of ``cat > path <<EOF … EOF`` writes, whose content is in the command."""
    out = []
    for m in _HEREDOC_WRITE.finditer(command):
        path = m.group("path")
        if not path:  # cat <<'EOF' > path: the redirect follows the heredoc word
            target = _REDIRECT_TARGET.search(m.group("rest"))
            path = target.group("path") if target else ""
        if path:
            out.append((_unquote(path), m.group("body")))
    return out[:8]


# What puts new content at a path, up to where the path's basename starts (``creates_content``).
# Short options bundle: ``curl -so F``, ``curl -fsSLo F`` write F as ``-o F`` does.
_CREATES_BEFORE = (
    r"(?:>>?|\s-[A-Za-z]*o\s*|\s-O\s*|--output[= ]|\btee\s+(?:-a\s+)?|\bcp\s.*|\bmv\s.*|"
    r"\binstall\s.*|\bdd\s.*of=)\s*['\"]?[^\s'\"]*"
)
_CREATES_ENDING_HERE = re.compile(_CREATES_BEFORE + r"\Z")
# Where one of the writers above can start: a match of the whole pattern starts at one of
# these places, so only these are tried (``_writer_starts``).
_CREATES_START = re.compile(
    r"(?=>|\s-[A-Za-z]*o|\s-O|--output[= ]|\btee\s|\bcp\s|\bmv\s|\binstall\s|\bdd\s.*of=)"
)
_CREATES_AFTER = frozenset("'\";&|)")


def creates_content(command: str, path: str) -> bool:
    """Whether ``command`` puts new content at ``path`` (a redirect, a download, a copy)
    rather than editing what was there (``sed -i``): new content it did not show is unknown.

    The same test as ``re.search(_CREATES_BEFORE + escape(basename) + "(?:['\"\\s;&|)]|$)")``
    without compiling a pattern per path (hundreds per replay, most of its regex time): each
    place the basename occurs is checked for what must follow it and what must end there.
    What must end there is tried only from the places where a writer starts, nearest first
    (``_writer_starts``): searching the whole command before each occurrence cost a script
    that names its own file hundreds of times (a heredoc of ``open('x')`` lines) a search
    per occurrence over everything before it, ~0.3 s for 10 KB (issue #17).
    """
    base = posixpath.basename(path)
    if not base:
        return bool(re.search(_CREATES_BEFORE + r"(?:['\"\s;&|)]|$)", command))
    at = command.find(base)
    if at < 0:
        return False
    starts = _writer_starts(command)
    if not starts:
        return False
    while at >= 0:
        end = at + len(base)
        after = command[end : end + 1]
        if (not after or after in _CREATES_AFTER or after.isspace()) and _ends_at(
            command, starts, at
        ):
            return True
        at = command.find(base, at + 1)
    return False


def _ends_at(command: str, starts: tuple[int, ...], at: int) -> bool:
    """``_CREATES_ENDING_HERE.search(command, 0, at)``, tried only where a writer starts: a
    match starting anywhere else would need a writer there."""
    for i in range(bisect.bisect_left(starts, at) - 1, -1, -1):
        if _CREATES_ENDING_HERE.match(command, starts[i], at):
            return True
    return False


@lru_cache(maxsize=2)
def _writer_starts(command: str) -> tuple[int, ...]:
    """Every place of ``command`` where one of ``_CREATES_BEFORE``'s writers starts (they
    can overlap, so a lookahead finds each one); kept for the same command's other paths
    (one event's writes are asked in a row), and for no more commands than that, since a
    command can be as large as a payload."""
    return tuple(m.start() for m in _CREATES_START.finditer(command))


def note_written(memory: Memory, entry: Written) -> None:
    written = dict(memory.written)
    if entry.path not in written and len(written) >= MAX_WRITTEN:
        written.pop(next(iter(written)))
    written[entry.path] = entry
    memory.written = written


def note_untrusted(memory: Memory, source: str) -> None:
    if source and source not in memory.untrusted and len(memory.untrusted) < 32:
        memory.untrusted = [*memory.untrusted, source]


MAX_STARTED = 128
_NAME_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{2,}$")


def note_started(memory: Memory, argv: tuple[str, ...]) -> None:
    """Remember the names a command ran under (program, script), to tell the session's own
    processes from everyone else's when it later kills some by name."""
    words = [posixpath.basename(argv[0])] if argv else []
    words += [posixpath.basename(a) for a in argv[1:4] if not a.startswith("-")]
    started = memory.started
    for word in words:
        if _NAME_WORD.match(word) and word not in started:
            if started is memory.started:
                started = list(started)  # copy on write, once
            if len(started) >= MAX_STARTED:
                started.pop(0)
            started.append(word)
    memory.started = started


SHARED_BRANCHES = frozenset({"main", "master", "develop", "trunk", "release", "production"})


def own_branch_lease_push(memory: Memory | None, argv: tuple[str, ...]) -> bool:
    """``git push --force-with-lease <remote> <branch>`` of branches this session created:
    the lease refuses if anyone else moved the branch, so no one's history is lost."""
    if memory is None or not memory.branches or len(argv) < 2 or argv[1] != "push":
        return False
    options = [a for a in argv[2:] if a.startswith("-")]
    if not any(a.startswith("--force-with-lease") for a in options):
        return False
    if any(a in ("--force", "-f", "--mirror", "--all", "--tags") for a in options):
        return False
    words = [a for a in argv[2:] if not a.startswith("-")]
    refs = words[1:]
    if not refs or any(r.startswith("+") for r in refs):
        return False
    for ref in refs:
        branch = ref.split(":", 1)[-1].removeprefix("refs/heads/")
        if branch in SHARED_BRANCHES or branch not in memory.branches:
            return False
    return True


def started_here(memory: Memory | None, pattern: str) -> bool:
    """Whether a kill-by-name pattern names something this session ran."""
    if memory is None:
        return False
    words = {posixpath.basename(w) for w in re.split(r"[\s|()^$.*+?\[\]]+", pattern) if len(w) >= 3}
    return bool(words & set(memory.started))


# --- links and fetched code within one command and across the session -------------------

MAX_FETCHED = 32
_CLONE_WITH_ARG = frozenset(
    {
        "-b",
        "--branch",
        "-o",
        "--origin",
        "-c",
        "--config",
        "--depth",
        "--reference",
        "--separate-git-dir",
        "-j",
        "--jobs",
        "--filter",
        "--template",
        "-u",
        "--upload-pack",
        "--shallow-since",
        "--shallow-exclude",
        "--server-option",
        "--bundle-uri",
    }
)


def links_made(
    commands: Iterable[tuple[str, tuple[str, ...]]], cwd: str, home: str
) -> dict[str, str]:
    """Links (absolute link -> absolute target) that ``ln`` calls create, in order.

    ``ln -s ~/.ssh`` with one operand makes ``./.ssh``; an operand ending in ``/`` or naming
    ``.`` is a directory the link goes into. Symbolic or hard, a link is another name for the
    target from then on, so reads through it reach the target (the kernel follows it)."""
    out: dict[str, str] = {}
    for program, argv in commands:
        if program != "ln":
            continue
        options = [a for a in argv[1:] if a.startswith("-")]
        positionals = [a for a in argv[1:] if not a.startswith("-")]
        symbolic = any(a == "--symbolic" or (not a.startswith("--") and "s" in a) for a in options)
        target_dir = next(
            (a.split("=", 1)[1] for a in options if a.startswith("--target-directory=")), ""
        )
        if target_dir:
            pairs = [
                (src, posixpath.join(target_dir, posixpath.basename(src.rstrip("/"))))
                for src in positionals
            ]
        elif len(positionals) == 1:
            pairs = [(positionals[0], posixpath.basename(positionals[0].rstrip("/")))]
        elif len(positionals) == 2:
            dest = positionals[1]
            if dest.endswith("/") or dest in (".", ".."):
                dest = posixpath.join(dest, posixpath.basename(positionals[0].rstrip("/")))
            pairs = [(positionals[0], dest)]
        else:
            continue
        for source, dest in pairs[:8]:
            if not source or not dest:
                continue
            link = _abs(dest, cwd)
            # A symbolic link's relative target is relative to the link's directory.
            base = posixpath.dirname(link) if symbolic else cwd
            out[link] = pathmod.resolve(source, base, home)
    return out


def clones(commands: Iterable[tuple[str, tuple[str, ...]]], cwd: str) -> dict[str, str]:
    """Directories ``git clone`` fills in this command (absolute) -> the host the code came
    from. A clone from a local path has no host and is left out."""
    out: dict[str, str] = {}
    for program, argv in commands:
        if program != "git":
            continue
        args = list(argv[1:])
        k = 0
        while k < len(args) and args[k].startswith("-"):  # git -C dir / -c k=v before clone
            k += 2 if args[k] in ("-C", "-c") else 1
        if args[k : k + 2] == ["subtree", "add"]:
            # git subtree add --prefix DIR URL REF: the fetched tree lands in DIR.
            rest = args[k + 2 :]
            prefix = next(
                (
                    rest[i + 1] if a in ("--prefix", "-P") and i + 1 < len(rest) else a[9:]
                    for i, a in enumerate(rest)
                    if a in ("--prefix", "-P") or a.startswith("--prefix=")
                ),
                "",
            )
            urls = [w for w in rest if "://" in w or w.startswith("git@")]
            host = _remote_host(urls[0]) if urls else ""
            if host and prefix:
                out[_abs(prefix.rstrip("/"), cwd)] = host
            continue
        if args[k : k + 2] == ["submodule", "add"]:
            # A submodule is a clone the superproject's build then compiles.
            operands = [w for w in args[k + 2 :] if not w.startswith("-")]
            host = _remote_host(operands[0]) if operands else ""
            if host:
                name = operands[1] if len(operands) > 1 else posixpath.basename(operands[0])
                out[_abs(name.rstrip("/").removesuffix(".git"), cwd)] = host
            continue
        if k >= len(args) or args[k] != "clone":
            continue
        words: list[str] = []
        k += 1
        while k < len(args):
            word = args[k]
            if word in _CLONE_WITH_ARG:
                k += 2
                continue
            if not word.startswith("-"):
                words.append(word)
            k += 1
        if not words:
            continue
        url = words[0]
        host = _remote_host(url)
        if not host:
            continue
        name = (
            words[1]
            if len(words) > 1
            else posixpath.basename(url.rstrip("/").split(":")[-1].rstrip("/")).removesuffix(".git")
        )
        if name:
            out[_abs(name, cwd)] = host
    return out


def note_fetched(memory: Memory, fetched: dict[str, str]) -> None:
    if not fetched:
        return
    kept = dict(memory.fetched)
    for directory, host in fetched.items():
        if directory not in kept and len(kept) >= MAX_FETCHED:
            kept.pop(next(iter(kept)))
        kept[directory] = host
    memory.fetched = kept


# Triggers that run the code of the directory they run in (build files, the test runner's
# conftest): run inside a fetched directory, they run the fetched code.
_DIRECTORY_RUNNERS = frozenset({"make", "build", "pytest"})
_PATCH_FROM_DOWNLOAD = re.compile(
    r"\b(?:curl|wget|http|xh|aria2c)\b[^|;&\n]*?(?P<url>https?://[^\s|;&'\"]+)[^|;&\n]*"
    r"\|\s*(?:sudo\s+)?(?:git\s+(?:-C\s+\S+\s+)?(?:apply|am)|patch)\b"
)


def patched_in(command: str, cwd: str) -> dict[str, str]:
    """``curl URL | git apply`` (or ``| patch``, ``| git am``): the working tree now holds
    code that host chose, so a later build or test run there runs downloaded code.
    Directory (absolute) -> host, as ``clones`` gives."""
    out: dict[str, str] = {}
    if "|" not in command or not any(w in command for w in ("apply", "patch", " am")):
        return out
    for match in list(_PATCH_FROM_DOWNLOAD.finditer(command))[:4]:
        host = hostmod.host_of(match.group("url"))
        if host:
            out[_abs(".", cwd)] = host
    return out


_UNPACK_FROM_DOWNLOAD = re.compile(
    r"\b(?:curl|wget|http|xh|aria2c)\b[^|;&\n]*?(?P<url>https?://[^\s|;&'\"]+)[^|;&\n]*"
    r"\|\s*(?:sudo\s+)?(?:tar|bsdtar|unzip|busybox\s+tar|cpio)\b(?P<rest>[^|;&\n]*)"
)
_INTO = re.compile(r"(?:-C\s*|--directory[=\s]|-d\s+)(?P<dir>[^\s;&|]+)")


def unpacked(command: str, cwd: str) -> dict[str, str]:
    """``curl URL | tar xz -C DIR`` (or ``| bsdtar -xf - -C DIR``): DIR now holds files that host
    chose, as a clone's directory does; a later run of what lies there (a plugin, a policy
    pack, a build inside it) runs downloaded code. Directory (absolute) -> host."""
    out: dict[str, str] = {}
    if "|" not in command or not any(w in command for w in ("tar", "unzip", "cpio")):
        return out
    for match in list(_UNPACK_FROM_DOWNLOAD.finditer(command))[:4]:
        host = hostmod.host_of(match.group("url"))
        into = _INTO.search(match.group("rest"))
        # Without a target folder the archive's own top folder (unknown here) is filled, not
        # the directory the command runs in: the workspace is not marked fetched for it.
        if host and into:
            out[_abs(into.group("dir").rstrip("/"), cwd)] = host
    return out


def fetched_runs(
    fetched: dict[str, str], triggers: set[str], cwds: Iterable[str]
) -> list[tuple[str, str]]:
    """(what runs, host) for each trigger that runs code fetched in the session."""
    if not fetched:
        return []

    def under(path: str) -> str:
        for directory, host in fetched.items():
            if path == directory or path.startswith(directory.rstrip("/") + "/"):
                return host
        return ""

    out: list[tuple[str, str]] = []
    for trigger in sorted(triggers):
        if trigger.startswith("script:"):
            host = under(trigger[len("script:") :])
            if host:
                out.append((trigger[len("script:") :], host))
    if triggers & _DIRECTORY_RUNNERS:
        for where in cwds:
            host = under(where)
            if host:
                out.append((where, host))
                continue
            # A build over a tree compiles what was fetched into it (a submodule, a vendored
            # clone) from a host that is no source host or registry: that code runs too.
            inside = where.rstrip("/") + "/"
            for directory, source in fetched.items():
                if directory.startswith(inside) and not (
                    set(hostmod.classify_host(source).classes)
                    & {hostmod.SOURCE_HOST, hostmod.PACKAGE_REGISTRY}
                ):
                    out.append((directory, source))
                    break
    return out
