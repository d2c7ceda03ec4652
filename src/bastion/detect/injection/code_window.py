"""Is the passage the classifier scored code, rather than prose addressed to a reader?

Why: the n-gram model's confident flags on ordinary output from projects it never saw are
mostly source code whose identifiers share the vocabulary of injected instructions ("send",
"reply", "response", "request", "connect"). An instruction to an agent is written as prose:
in an e-mail, a web page, an issue, a README, or a code comment or docstring. So a flag that
only the classifier raised (no rule says the passage addresses its machine reader) may change
how a session is judged only when its window holds prose; in a window that is nearly all code
statements it is recorded and goes no further. Comments and docstring lines count as prose,
so an instruction hidden in a comment is still judged in full.
"""

from __future__ import annotations

import re

__all__ = ["code_share", "is_code_window"]

# a line that opens or continues a comment or docstring: prose, whatever surrounds it
_COMMENT = re.compile(r'^(?:#|//|/\*|\*|--|;|"""|\'\'\'|<!--)')
_CODE_START = re.compile(
    r"^(?:def|class|return|import|from|if|elif|else|for|while|try|except|finally|with|raise"
    r"|assert|async|await|yield|lambda|pass|break|continue|const|let|var|function|public"
    r"|private|protected|static|final|fn|func|impl|struct|enum|package|using|namespace"
    r"|self\.|this\.|@)\b"
)
_CODE_END = re.compile(r"[:;,(){}\[\]]$|\\$")
_ASSIGN_OR_CALL = re.compile(r"^[\w.\[\]'\"]+\s*(?:[+\-*/|&%]?=|\()|\w\(.*\)$")
_SENTENCE = re.compile(r"[a-z]{2,}[.!?](?:\s+[A-Z]|$)")


def _is_code_line(line: str) -> bool:
    if _COMMENT.match(line):
        return False
    if _SENTENCE.search(line) and not _CODE_END.search(line):
        return False
    return bool(_CODE_START.match(line) or _CODE_END.search(line) or _ASSIGN_OR_CALL.search(line))


def code_share(passage: str) -> float:
    """Share of the passage's lines that are code statements (0..1); blank lines and bare
    quote delimiters (a docstring's opening triple quote) are neither code nor prose."""
    lines = [ln.strip() for ln in passage.splitlines() if ln.strip().strip("\"'`")]
    if not lines:
        return 0.0
    return sum(_is_code_line(ln) for ln in lines) / len(lines)


def is_code_window(passage: str, *, min_lines: int = 4, share: float = 0.75) -> bool:
    """True for a passage of at least `min_lines` lines, nearly all of them code statements."""
    lines = sum(1 for ln in passage.splitlines() if ln.strip().strip("\"'`"))
    return lines >= min_lines and code_share(passage) >= share
