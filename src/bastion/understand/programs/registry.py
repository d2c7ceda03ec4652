"""The one entry point to the program models: cross-cutting checks first, then the program's own
model, then an unknown path run as a script, then the plain file readers.

Importing this module imports every family module, so `HANDLERS` is complete once it is loaded;
import `HANDLERS` from here, never from `base`.
"""

from __future__ import annotations

import re

from bastion.understand import shell_catalog as cat
from bastion.understand.code_text import code_argument, looks_like_code
from bastion.understand.programs import (
    archives,
    build,
    cloud,
    containers,
    databases,
    echo,
    editors,
    environment,
    http,
    interpreters,
    network,
    packages,
    persistence,
    remote,
    runners,
    system,
    vcs,
)
from bastion.understand.programs.agents import agent_flags
from bastion.understand.programs.base import (
    HANDLERS,
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    net_dest,
)
from bastion.understand.programs.checks import (
    command_values,
    credential_commands,
    exec_setting,
)
from bastion.understand.programs.files import file_reader
from bastion.understand.programs.shells import run_script
from bastion.understand.shell_model import Execution
from bastion.understand.shell_netloc import has_scheme, parse_url

# Importing a family module registers its handlers; naming them here keeps the imports used.
FAMILIES = (
    archives,
    build,
    cloud,
    containers,
    databases,
    echo,
    editors,
    environment,
    http,
    interpreters,
    network,
    packages,
    persistence,
    remote,
    runners,
    system,
    vcs,
)


# Directories a user's PATH commonly holds ahead of the system's.
_PATH_DIRS = ("~/.local/bin", "~/bin", "/usr/local/bin", "~/.cargo/bin", "~/go/bin")
_EVAL_OPTIONS = frozenset({"-e", "--eval", "-E", "--execute", "--exec", "-x", "--expr", "--code"})


def interpret(inv: Invocation, sink: Sink) -> Output:
    """Report what one program run does; returns what it sends down the pipeline."""
    agent_flags(inv, sink)
    credential_commands(inv, sink)
    command_values(inv, sink)
    exec_setting(inv, sink)
    if "/" not in inv.words[0].text:
        for directory in _PATH_DIRS:
            # A bare name found in a directory on PATH where this command downloaded a file
            # of that name (``curl -o ~/.local/bin/x …; x``, even ``…/bin/git; git``) runs
            # the download, whatever program the name usually means.
            if sink.downloaded(f"{directory}/{inv.program}"):
                run_script(f"{directory}/{inv.program}", inv, sink, inv.program)
                return NO_OUTPUT
    _published_to(inv, sink)
    _database_dropped(inv, sink)
    handler = HANDLERS.get(inv.family) or HANDLERS.get(inv.program)
    unmodelled = handler is None and inv.family not in cat.FILE_READERS
    if (unmodelled or inv.program in _RUNS_ASSEMBLIES) and _runs_download(inv, sink):
        return NO_OUTPUT
    if handler is not None:
        return handler(inv, sink)
    if "/" in inv.words[0].text:
        run_script(inv.words[0].text, inv, sink, inv.words[0].text)
        return NO_OUTPUT
    if inv.family in cat.FILE_READERS:
        return file_reader(inv, sink)
    _remote_delete(inv, sink)
    # A program with no model (an interpreter of a language Bastion does not know, a build
    # tool's ``run -e``): an argument that is code is judged by what the code can reach.
    # The operand of an eval option (``-e``, ``--eval``, ``-x``) is code in every language,
    # even with no parenthesis in it (``ghc -e 'callCommand "…"'``, ``raku -e 'run <…>'``).
    after_eval = False
    for word in inv.words[1:17]:
        text = code_argument(word.text)
        if not word.dynamic and (looks_like_code(text) or (after_eval and " " in text)):
            sink.run_other(text, "code")
        after_eval = word.text in _EVAL_OPTIONS
    if inv.stdin.text is not None and not inv.stdin.dynamic and looks_like_code(inv.stdin.text):
        # Code on stdin (a heredoc) of a program with no model: `ocaml -stdin <<EOF`.
        sink.run_other(inv.stdin.text, "code")
    return NO_OUTPUT


# Modelled programs whose operand may be a compiled program they run (``dotnet app.dll``).
_RUNS_ASSEMBLIES = frozenset({"dotnet", "mono"})
_ASSEMBLY = re.compile(r"\.(?:dll|exe|jar|wasm|so|dylib)$")


def _runs_download(inv: Invocation, sink: Sink) -> bool:
    """A program with no model handed a file this command downloaded (``zig run f.zig``,
    ``java -jar f.jar``, ``wasmtime run f.wasm``, ``runghc f.hs``), or reading a download on
    stdin as its program (``curl … | swift -``), may run it: what it can reach is what the
    download chooses, so the call is judged as running downloaded code (#13 §1). A modelled
    runner of assemblies counts only for a compiled operand (``dotnet f.dll``)."""
    modelled = inv.program in _RUNS_ASSEMBLIES
    for word in inv.args[:16]:
        text = word.text.partition("=")[2] if word.text.startswith("-") else word.text
        if not text or (modelled and not _ASSEMBLY.search(text)):
            continue
        if sink.downloaded(text):
            run_script(text, inv, sink, f"{inv.program} {text}")
            return True
    # ``curl … | swift -`` or ``curl … | R --no-save``: stdin is the only input it is given
    # (the ``-`` operand, or options and no operand), so what it reads there is its program;
    # a bare viewer or clipboard (``curl … | jless``) is left alone.
    only_stdin = bool(inv.args) and all(w.text.startswith("-") for w in inv.args)
    if not modelled and inv.stdin.download and only_stdin:
        sink.execute(Execution("downloaded", f"pipes downloaded code into {inv.program}"))
        sink.opaque(f"{inv.program} reads downloaded code from stdin")
        return True
    return False


# Verbs that hand a package or artifact to a server, and the options that say which server.
_PUBLISH_VERBS = frozenset({"push", "publish", "upload", "release", "deploy"})
_DESTINATION_OPTIONS = frozenset(
    {"-s", "--source", "--registry", "--repository-url", "--repository", "-r", "--index",
     "--index-url", "--url", "--server", "--feed", "--host", "--endpoint", "--to"}
)  # fmt: skip


def _published_to(inv: Invocation, sink: Sink) -> None:
    """``dotnet nuget push x.nupkg -s URL``, ``npm publish --registry URL``, ``twine upload
    --repository-url URL``: a publish verb with a destination option sends what it publishes
    to that URL's host, whichever tool says it (#13 §1: sends, by verb and option shape)."""
    words = [w.text for w in inv.args[:24]]
    operands = [w for w in words[:4] if not w.startswith("-")]
    if not _PUBLISH_VERBS & {w.lower() for w in operands[:3]}:
        return
    for k, word in enumerate(words):
        name, eq, value = word.partition("=")
        if name not in _DESTINATION_OPTIONS:
            continue
        value = value if eq else (words[k + 1] if k + 1 < len(words) else "")
        end = parse_url(value) if has_scheme(value) else None
        if end is not None and end.host:
            sink.network(net_dest(end, inv.program, True))


# A database as a CLI's subcommand noun, and the verbs that destroy one.
_DB_NOUNS = frozenset({"database", "db", "schema"})
_DB_DESTROY = frozenset({"drop", "destroy", "wipe", "purge", "nuke"})


def _database_dropped(inv: Invocation, sink: Sink) -> None:
    """``dotnet ef database drop``, ``tool db drop``, ``x schema destroy``: a CLI's database
    noun with a destroying verb drops that database, whichever framework spells it (#13 §1,
    by verb shape). The connection it names, if any, is the target."""
    operands = [w.text for w in inv.args[:8] if not w.text.startswith("-")][:3]
    lowered = {w.lower() for w in operands}
    if not (_DB_NOUNS & lowered and _DB_DESTROY & lowered):
        return
    words = [w.text for w in inv.args[:24]]
    target = next(
        (
            (v.partition("=")[2] or (words[k + 1] if k + 1 < len(words) else ""))
            for k, v in enumerate(words)
            if v.partition("=")[0] in ("--connection", "--database-url", "--db-url", "--url")
        ),
        " ".join(operands),
    )
    add_change(sink, "destructive", "db-drop", target[:120], f"{inv.program} {' '.join(operands)}")


# Verbs that delete what their operand names, in any CLI.
_DELETE_VERBS = frozenset(
    {"rm", "del", "delete", "remove", "purge", "destroy", "rb", "rmdir", "drop", "wipe", "nuke"}
)
_REMOTE_OPERAND = re.compile(r"[a-z][a-z0-9+.-]{0,15}://\S+", re.IGNORECASE)


def _remote_delete(inv: Invocation, sink: Sink) -> None:
    """A program with no model whose verb deletes and whose operand is a remote resource
    (``tool rm scheme://bucket/path``): remote state destroyed, whichever CLI says it."""
    words = [w.text for w in inv.args if not w.text.startswith("-")]
    verb = next((w for w in words[:3] if w.lower() in _DELETE_VERBS), "")
    if not verb:
        return
    after = words[words.index(verb) + 1 :]
    remote = [w for w in after if _REMOTE_OPERAND.fullmatch(w) and not w.startswith("file:")]
    if remote:
        add_change(
            sink,
            "destructive",
            "cloud-delete",
            " ".join(remote)[:200],
            f"{inv.program} {verb} {' '.join(remote)}"[:200],
        )


for _name in cat.FILE_READERS:
    if _name not in cat.METADATA_ONLY:
        HANDLERS.setdefault(_name, file_reader)


__all__ = ["HANDLERS", "interpret"]
