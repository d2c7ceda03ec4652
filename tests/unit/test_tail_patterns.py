"""Patterns on the decision path whose cost grew with the square (or more) of a run in the
text (#17's slow tail): each rewritten form finds exactly what the old one found (property
over random texts) and stays fast on the run that made the old one slow."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from bastion.detect import provenance
from bastion.understand import session

# The forms the patterns had before (#17): the reference they must agree with.
_OLD_ASSIGN = re.compile(
    r"(?:^|[;&|\n]\s*)(?:export\s+|declare\s+(?:-x\s+)?|readonly\s+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|[^\s;&|]*)"
    r"(?=\s*(?:$|[;&|\n]))"
)
_OLD_UNSET = re.compile(r"(?:^|[;&|\n]\s*)unset\s+(?:-v\s+)?([A-Za-z_][A-Za-z0-9_ ]*)")
_OLD_CD = re.compile(
    r"(?:^|[;&\n]\s*)(?:builtin\s+)?(?:cd|pushd)\s+(?:-[LPe@]\s+)*"
    r"(\"[^\"]+\"|'[^']+'|[^\s;&|]+)\s*(?=$|[;&\n|])"
)
_OLD_B64_GATE = re.compile(r"aHR0c[A-Za-z0-9+/]{10}|[A-Za-z0-9+/]{16,}={1,2}(?![A-Za-z0-9+/=])")

_SHELL_PIECES = st.sampled_from(
    [
        "a", "=", "x", " ", "\n", "\t", "\r", "\x0b", "\u2003", ";", "&", "|", "export ",
        "declare -x ", "readonly ", "unset ", "-v ", "cd ", "pushd ", "builtin ", "-L ",
        '"q q"', "'s'", "A_B", "1", "$",
    ]
)  # fmt: skip
_B64_PIECES = st.sampled_from(
    ["a", "b", "/", "+", "=", "==", "===", "Z", "9", " ", ".", "\n", "-", "aHR0c", "é",
     "abcdefghijklmnopq", "abcdefghijklmno"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_SHELL_PIECES, max_size=30).map("".join))
def test_shell_statement_patterns_find_what_they_found(text: str) -> None:
    assert session._ASSIGN.findall(text) == _OLD_ASSIGN.findall(text)
    assert session._UNSET.findall(text) == _OLD_UNSET.findall(text)
    assert session._CD.findall(text) == _OLD_CD.findall(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(_B64_PIECES, max_size=40).map("".join))
def test_the_base64_gate_opens_where_it_opened(text: str) -> None:
    assert provenance._own_b64_gate(text) == bool(_OLD_B64_GATE.search(text))


def _cpu(fn: object, *args: object) -> float:
    start = time.thread_time()
    fn(*args)  # type: ignore[operator]
    return time.thread_time() - start


def test_runs_cost_one_look_each() -> None:
    """Seconds before (4,000 newlines: ~3 s for ``_ASSIGN``; 9,000 letters: ~2 s for the
    gate); milliseconds now. The bound is loose for a loaded machine."""
    newlines = "echo " + "\n" * 4000
    for pattern in (session._ASSIGN, session._UNSET, session._CD):
        assert _cpu(pattern.findall, newlines) < 0.05
    assert _cpu(provenance._own_b64_gate, "x" * 9000 + " dGhpcyBpcyBhIHRlc3Q= end") < 0.05
    assert provenance._own_b64_gate("x" * 9000 + " dGhpcyBpcyBhIHRlc3Q= end")
    assert not provenance._own_b64_gate("/usr/lib/python3/site-packages/abcdefgh/x.py\n" * 200)


def test_json_nested_deeper_than_the_reader_goes_is_text() -> None:
    deep = "[" * 5000 + "]" * 5000
    assert provenance.as_lines(deep) == deep
    assert provenance.as_lines("[" * 9000) == "[" * 9000
