"""What a start compiles from text, kept on disk between the processes a daemon-down call starts.

Why: a daemon-down call starts two Pythons (the hook's store-less fallback and the daemon),
and each compiles the same text again at import and on its first decision: a few hundred
detection regular expressions (about 70 ms of CPU of the fallback's ~330 ms) and the
methods ``dataclasses`` writes as source and compiles for each of ~125 classes (about 90 ms;
measured with a wrapper around each, bench/daemon_down_ab.py, issue #17). Both compiles
are pure functions of their text and the interpreter, so their output is saved once:

- a regular expression's program (the regex engine's list of ints, its group count and
  names), handed straight to the engine (``_sre.compile``) next time, skipping the parse;
- a dataclass method's code object (``marshal``), keyed by its source text; ``dataclasses``
  still builds the text and runs the code, only the compile of that text is skipped;
- what ``tomllib.loads`` made of a text (the rule and settings files, ~130 KB, ~14 ms per
  start), marshalled, keyed by the text: each call gets a fresh copy, and a document
  marshal cannot hold (dates and times) is parsed every time;
- Cedar's JSON form of a policy set and its validation against the schema (~12 ms per
  start), keyed by the texts and the Cedar library file's size and change time (a new
  cedarpy is a miss): a library's pure functions of text, routed here by their user
  (`route_text_functions`).

The file is keyed by the interpreter build and its regex engine's magic number (a new
Python never reads another's). Entries are looked up by their exact text (and flags): a
miss compiles as Python does and is added. A file that cannot be read, or an entry the
engine rejects, is a miss: the cache can make a start slower, never a result different
(`tests/unit/test_compile_cache.py` checks a cached pattern equals a freshly compiled one,
and CPython compares the programs themselves). Only processes that opt in (`install`) use
it: the hook's fallback and the daemon's start, never a library user of ``bastion``.

Trust: a code object read from the file runs in the daemon, so the file is read only when
it and its directory belong to this process's user and nobody else can write them (a symlink
in its place is refused): a daemon of another user than the one who wrote it (system mode)
never runs it. Within one user the file is as exposed as the home's policies: the guard
refuses agent writes to the Bastion home and the sandbox hides it, for both alike; an agent
that got past both could already rewrite the policies. Standard library only, like the hook.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import sys

__all__ = ["CompileCache", "cache_path", "install", "route_text_functions", "save_installed"]

TYPE_CHECKING = False  # not typing's: keep the hook's imports to the standard minimum
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

CACHE_DIR = "cache"
MAX_ENTRIES = 20_000
"""A bound per kind: patterns built from data (not source) must not grow the file forever."""

_installed: CompileCache | None = None


def _build_tag() -> str:
    import _sre

    return f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"


FORMAT = 2
"""In the file's name: a file of format 1 may hold thousands of variants of the directive
patterns whose text changed with each process's hash order (one set per start, never read
again, bounded only by ``MAX_ENTRIES``); a new name starts clean instead of loading them."""


def cache_path(home: str) -> str:
    """The cache file of this interpreter build in ``home``."""
    return os.path.join(home, CACHE_DIR, f"compiled-{_build_tag()}-f{FORMAT}.marshal")


def _stat_owned_privately(st: os.stat_result) -> bool:
    """Owned by this process's user and writable by nobody else."""
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _owned_privately(directory: str) -> bool:
    """``directory`` is absent (it will be made 0700) or ours alone: a daemon running as
    another user than whoever wrote the file (system mode: the service user, the developer's
    hook fallback) must never load code objects that user could have chosen."""
    try:
        st = os.lstat(directory)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    import stat

    return stat.S_ISDIR(st.st_mode) and _stat_owned_privately(st)


class CompileCache:
    """Stands in for ``re._compiler.compile``, for the ``exec`` of ``dataclasses`` and for
    ``tomllib.loads``."""

    def __init__(
        self,
        path: str,
        python_compile: Callable[..., Any],
        python_toml: Callable[..., Any] | None = None,
    ) -> None:
        self.path = path
        self._python_compile = python_compile
        self._python_toml = python_toml
        self.patterns: dict[tuple[str | bytes, int], tuple[Any, ...]] = {}
        self.code: dict[str, Any] = {}
        self.toml: dict[str, bytes] = {}
        self.text: dict[tuple[str, ...], str] = {}
        self.added = 0
        self.hits = 0
        self.trusted_dir = _owned_privately(os.path.dirname(path))
        if not self.trusted_dir:
            return  # a directory someone else could write: read nothing, save nothing
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return  # no file yet (or a symlink planted in its place): every entry is a miss
        try:
            with os.fdopen(fd, "rb") as f:
                if not _stat_owned_privately(os.fstat(f.fileno())):
                    return  # code objects from a file another user could write never run
                # One read, then ``loads``: ``marshal.load`` on a file reads object by
                # object through the file's methods, 80-90 ms for the ~2 MB cache against
                # 7-10 ms (measured, issue #17), paid by both processes of a daemon-down call.
                loaded = marshal.loads(f.read())
            patterns, code, *rest = loaded  # a file of an earlier format has fewer parts
            toml, text = (*rest, {}, {})[:2]
            if all(isinstance(part, dict) for part in (patterns, code, toml, text)):
                self.patterns, self.code, self.toml, self.text = patterns, code, toml, text
        except (OSError, EOFError, ValueError, TypeError):
            pass  # a torn file: every entry is a miss

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """``re._compiler.compile``: the saved program of a known pattern, else Python's."""
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        if not isinstance(pattern, (str, bytes)) or flags & _compiler.SRE_FLAG_DEBUG:
            return self._python_compile(pattern, flags)
        key = (pattern, int(flags))  # b"a" and "a" are different keys
        saved = self.patterns.get(key)
        if saved is not None:
            try:
                compiled = _sre.compile(pattern, *saved)
            except Exception:
                del self.patterns[key]  # an entry the engine rejects: compile it again
            else:
                self.hits += 1
                return compiled
        parsed = _parser.parse(pattern, flags)
        program = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (
            int(flags | parsed.state.flags),
            [int(op) for op in program],  # opcodes are int subclasses marshal refuses
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        compiled = _sre.compile(pattern, *args)
        if len(self.patterns) < MAX_ENTRIES:
            self.patterns[key] = args
            self.added += 1
        return compiled

    def exec(self, source: Any, globals: Any = None, locals: Any = None) -> None:
        """``exec`` for ``dataclasses``: the saved code object of a known source text."""
        if not isinstance(source, str):
            builtins.exec(source, globals, locals)
            return
        code = self.code.get(source)
        if code is None:
            code = builtins.compile(source, "<string>", "exec")
            if len(self.code) < MAX_ENTRIES:
                self.code[source] = code
                self.added += 1
        else:
            self.hits += 1
        builtins.exec(code, globals, locals)

    def loads_toml(self, text: Any, /, **options: Any) -> Any:
        """``tomllib.loads``: a fresh copy of what a known text parsed to."""
        python_toml = self._python_toml
        assert python_toml is not None  # installed only beside the parser it stands for
        if options or not isinstance(text, str):
            return python_toml(text, **options)  # parse_float given: Python's own parse
        saved = self.toml.get(text)
        if saved is not None:
            try:
                data = marshal.loads(saved)
            except (EOFError, ValueError, TypeError):
                del self.toml[text]
            else:
                self.hits += 1
                return data
        data = python_toml(text)
        try:
            blob = marshal.dumps(data)
        except ValueError:
            return data  # dates and times: marshal cannot hold them, parsed every time
        if len(self.toml) < MAX_ENTRIES:
            self.toml[text] = blob
            self.added += 1
        return data

    def text_function(self, name: str, function: Callable[..., str]) -> Callable[..., str]:
        """``function`` (a pure function of its text arguments to a text), answering from
        the cache for arguments it has seen; ``name`` names it and its version."""

        def cached(*args: Any, **options: Any) -> str:
            if not all(isinstance(a, str) for a in args):
                return function(*args, **options)
            key = (name, *args)
            saved = self.text.get(key)
            if isinstance(saved, str):
                self.hits += 1
                return saved
            result = function(*args, **options)  # an error is raised, never kept
            if isinstance(result, str) and len(self.text) < MAX_ENTRIES:
                self.text[key] = result
                self.added += 1
            return result

        cached.__wrapped__ = function  # type: ignore[attr-defined]
        return cached

    def save(self) -> None:
        """Write the cache when this process compiled anything new (atomic: a reader sees
        the old file or the new one)."""
        if not self.added or not self.trusted_dir:
            return
        directory = os.path.dirname(self.path)
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
            with os.fdopen(fd, "wb") as f:
                marshal.dump((self.patterns, self.code, self.toml, self.text), f)
            os.replace(tmp, self.path)
            self.added = 0
        except (OSError, ValueError):
            import contextlib

            with contextlib.suppress(OSError):
                os.unlink(tmp)


def install(home: str) -> CompileCache | None:
    """Route this process's regex compiles, dataclass method compiles and TOML parses
    through the cache of ``home``, saved at exit.

    Returns the cache (``None`` on an interpreter whose internals this does not know,
    where compiles stay Python's own). Installing twice keeps the first cache.
    """
    global _installed
    if _installed is not None:
        return _installed
    try:
        import _sre
        import dataclasses
        from re import _compiler, _parser  # type: ignore[attr-defined]

        known = callable(_sre.compile) and callable(_compiler._code)
        known = known and callable(_parser.parse) and callable(_compiler.compile)
    except (ImportError, AttributeError):
        return None
    if not known:
        return None
    cache = CompileCache(cache_path(home), _compiler.compile)
    _compiler.compile = cache.compile
    # `dataclasses` calls the name ``exec`` on the method source it writes: a module global
    # is found before the builtin, so only that module's compiles go through the cache.
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]
    import tomllib  # after the regex compiles are routed: its own patterns come cached

    cache._python_toml = tomllib.loads
    tomllib.loads = cache.loads_toml
    atexit.register(cache.save)
    _installed = cache
    return cache


_routed: list[tuple[Any, str, Any]] = []
"""(module, name, original) of each function `route_text_functions` put through the cache."""


def route_text_functions(module: Any, names: tuple[str, ...], version: str) -> None:
    """Answer ``module``'s functions ``names`` (pure functions of their text arguments to a
    text, such as Cedar's reading and validation of a policy set) from the installed cache,
    keyed by ``version`` (what changes when the library does), the name and the texts.

    A no-op in a process that did not `install` a cache. Called by the module that uses the
    library (`bastion.policy.engine` for cedarpy), so this module imports no library.
    """
    cache = _installed
    if cache is None:
        return
    for name in names:
        function = getattr(module, name, None)
        if callable(function) and not hasattr(function, "__wrapped__"):
            setattr(module, name, cache.text_function(f"{version}:{name}", function))
            _routed.append((module, name, function))


def save_installed() -> None:
    """Save the installed cache now and hand compiles back to Python (the daemon, once its
    engine is built: it may run for days, be killed without running ``atexit``, and
    compile patterns from data whose programs must not pile up in its memory)."""
    global _installed
    cache = _installed
    if cache is None:
        return
    import dataclasses
    import tomllib
    from re import _compiler  # type: ignore[attr-defined]

    cache.save()
    _compiler.compile = cache._python_compile
    if cache._python_toml is not None:
        tomllib.loads = cache._python_toml
    while _routed:
        module, name, original = _routed.pop()
        setattr(module, name, original)
    if getattr(dataclasses, "exec", None) == cache.exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    atexit.unregister(cache.save)
    _installed = None
