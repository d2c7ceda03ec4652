"""Build runners (make, cmake, ninja, just, tox, ...): a recipe written in the session runs here."""

from __future__ import annotations

import re

from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    handles,
    join_words,
)
from bastion.understand.shell_model import Execution


@handles("make", "gmake", "cmake", "ninja", "just", "rake", "tox", "nox", "invoke")
def _build(inv: Invocation, sink: Sink) -> Output:
    sink.execute(Execution("script", f"{inv.program} {join_words(inv.args)}".strip()))
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
