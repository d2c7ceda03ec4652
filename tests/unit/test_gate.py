"""understand/gate: a yes/no regex answered by substring search says what the regex says."""

from __future__ import annotations

import re

import pytest

from bastion.understand import actions, code_fold
from bastion.understand.gate import Gate

PATTERNS = [
    "join",
    "socket|request|pwd\\.|['\"](?:/|~|\\.\\.)",
    "(?i)b64|base64|atob|decode64|getDecoder",
    "(?i)upper|upcase|\\.uc\\b",
    "\\((?:str|concat|string-append|clojure)",
    "reverse|flip|::",
    "table\\.concat|\\[char\\]|a\\-b",
    "[|]x|y",  # a "|" inside a class is no alternative
    "a|",  # an empty alternative matches everywhere
    "(?<=x)y|z",  # lookarounds: not split, the regex answers
    "[]|]|q",  # a class opening with "]": not split
    actions._PY_NOTEWORTHY.regex.pattern,
    *(needle.regex.pattern for needle, _p, _f in code_fold._RULES),
]
TEXTS = [
    "",
    "print('hello')",
    "import socket\ns = 'a' + \"/etc\"",
    "x = B64DECODE(y); X.UC; x.ucase; a-b; |x; y",
    "\u017fystem \u212aelvin '~/.ssh' pwd.getpwnam",  # long s, Kelvin sign: fold for the regex
    "caf\u00e9 UPPER upcase .uc JOIN join table.concat [char] ::",
    "(str x) (concat y) (string-append z) reverse flip",
    "nothing at all",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_gate_answers_as_its_regex(pattern: str) -> None:
    gate = Gate(pattern)
    regex = re.compile(pattern)
    for text in TEXTS:
        expected = regex.search(text) is not None
        assert gate.found(text) is expected, (pattern, text)
        lowered = text.lower() if text.isascii() else None
        assert gate.found(text, lowered) is expected, (pattern, text)


def test_plain_words_are_searched_as_substrings_and_the_rest_by_regex() -> None:
    gate = Gate("socket|pwd\\.|['\"](?:/|~)")
    assert gate.words == ("socket", "pwd.")
    assert gate.rest is not None and gate.rest.pattern == "['\"](?:/|~)"
    folded = Gate("(?i)getDecoder|\\.uc\\b")
    assert folded.words == ("getdecoder",) and folded.rest is not None
    assert Gate("[|]x|y").words == ("y",)
    assert Gate("(?<=x)y|z").words == () and Gate("a|").words == ()
