"""The vocabulary every program model shares: one program run (`Invocation`), where facts go
(`Sink`), what a run passes down a pipe (`Output`), option parsing, and the handler table.

Family modules register their handlers here with ``@handles``; `registry` imports them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.path_table import table_for
from bastion.understand.shell_model import Change, Execution, NetworkDestination, Word
from bastion.understand.shell_netloc import (
    Endpoint,
    has_scheme,
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
    listing: bool = False  # an upstream command lists files (git ls-files, find): names


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

    kind: str = ""  # "download", "decode", "literal", "pass", "listing", ""
    text: str = ""
    dynamic: bool = False


NO_OUTPUT = Output()
PASS = Output("pass")


_HOME_PREFIX = re.compile(r"^(?:\$HOME|\$\{HOME\}|/home/[^/]+|/Users/[^/]+|/root)(?=/|$)")
_SLASHES = re.compile(r"/+")


def normalize_home(path: str) -> str:
    """Spell the home directory as "~" and drop "./" noise, for matching path tables."""
    norm = _HOME_PREFIX.sub("~", path.strip())
    if "//" in norm:  # runs of "/" only: most paths have none to squeeze
        norm = _SLASHES.sub("/", norm)
    norm = norm.replace("/./", "/")
    return norm.removeprefix("./")


def match_path(path: str, table: tuple[tuple[str, str], ...]) -> str:
    """The kind of the first table entry matching a path, or "" (``path_table``: the
    entries indexed, the same answer as trying them in order)."""
    if not path:
        return ""
    index = table_for(table).first(normalize_home(path))
    return table[index][1] if index >= 0 else ""


def quote(word: str) -> str:
    """A word quoted for the shell again (argv back to a command line)."""
    if word and re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def basename(text: str) -> str:
    return text.rstrip("/").rsplit("/", 1)[-1] if "/" in text.rstrip("/") else text


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


def _is_url_like(text: str) -> bool:
    return has_scheme(text)


def net_dest(end: Endpoint, tool: str, sends: bool, dynamic: bool = False) -> NetworkDestination:
    """A destination; a computed path or query (dynamic) carries data to the server."""
    carries = dynamic and end.dynamic_after_host
    return NetworkDestination(end.host, end.port, end.scheme, tool, sends or carries)


def word_paths(words: Iterable[Word]) -> list[str]:
    return [w.text for w in words if w.text and w.text != "-"]


def add_change(sink: Sink, category: str, kind: str, target: str, detail: str) -> None:
    sink.change(category, Change(kind, target, detail))


def join_words(words: Iterable[Word]) -> str:
    return " ".join(w.text for w in words)


Handler = Callable[[Invocation, Sink], Output]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = function
        return function

    return register
