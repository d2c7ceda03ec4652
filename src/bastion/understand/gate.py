"""A regex used only as a yes/no gate, answered by substring search where it can be.

Cheap gates guard the costly analyses of code an agent writes (``content_effects``'s test
for anything of note in a script, each folding rule's needle in ``code_fold``). They run on
the whole text of every script, so they are on the hot path of each heredoc. A regex
alternation of plain words (``socket|request|urllib``) has no literal prefix for the regex
engine to skip to, so it tries every alternative at every position; whether one of the
words occurs is the same question, asked in C by ``str.__contains__``.

``Gate(pattern).found(text)`` says exactly what ``re.search(pattern, text) is not None``
says: a top-level alternative matches somewhere if and only if the whole pattern does. Plain
word alternatives are tested with ``in``; the others form a residual regex. A pattern that
starts with ``(?i)`` tests its words on the lowered text only when the text is ASCII (there,
lowering is exactly the regex's case folding; outside ASCII the long s U+017F and the Kelvin
sign fold to ``s`` and ``k`` for the regex and not for ``str.lower``), and otherwise asks the
whole regex.
"""

from __future__ import annotations

import re

__all__ = ["Gate"]

# A plain word: ASCII letters, digits, underscores, colons and the escaped characters . [ ] -
_PLAIN = re.compile(r"(?:[A-Za-z0-9_:]|\\[.\[\]\-])+")
_ESCAPED = re.compile(r"\\(.)")


def _alternatives(body: str) -> list[str] | None:
    """The top-level alternatives of ``body``, or None when it cannot be split safely."""
    out, start, depth, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            if body.startswith(("[]", "[^]"), i):
                return None  # a class that starts with "]": not followed here
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    if depth != 0 or in_class:
        return None
    out.append(body[start:])
    return out


class Gate:
    """``re.search(pattern, text) is not None``, answered by substring search where the
    pattern's top-level alternatives are plain words."""

    __slots__ = ("fold_case", "regex", "rest", "words")

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)
        self.fold_case = pattern.startswith("(?i)")
        body = pattern[4:] if self.fold_case else pattern
        parts = _alternatives(body) if "(?" not in body.replace("(?:", "") else None
        self.words: tuple[str, ...] = ()
        self.rest: re.Pattern[str] | None = self.regex
        if parts is None or any(not p for p in parts):
            return  # not split: the regex answers
        words = [_ESCAPED.sub(r"\1", p) for p in parts if _PLAIN.fullmatch(p)]
        others = [p for p in parts if not _PLAIN.fullmatch(p)]
        self.words = tuple(w.lower() if self.fold_case else w for w in words)
        flags = re.IGNORECASE if self.fold_case else 0
        self.rest = re.compile("|".join(others), flags) if others else None

    def found(self, text: str, lowered: str | None = None) -> bool:
        """Whether the pattern matches somewhere in ``text``. ``lowered``: ``text.lower()``
        when ``text`` is ASCII and the caller has it (for case-folding patterns), else None."""
        if self.fold_case:
            if lowered is None:
                if not text.isascii():
                    return self.regex.search(text) is not None
                lowered = text.lower()
            within = lowered
        else:
            within = text
        for word in self.words:
            if word in within:
                return True
        return self.rest is not None and self.rest.search(text) is not None
