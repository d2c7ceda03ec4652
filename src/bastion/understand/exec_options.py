"""Options and configuration keys whose value names a program or file that runs (#13 §1).

A build or tool configuration runs what some of its keys name: Bazel's
``--workspace_status_command=tools/status.sh``, GHC's ``-pgmF=tools/pp.sh`` (in a cabal
file's ``ghc-options``), Gradle's ``--init-script``, a ``pre_build_hook: scripts/x.sh``, a
``runner = "tools/run"``, a ``credential_helper``. The table here is of *roles* (the shape of
a key that executes its value), never of tools: a key ending in ``command``, ``cmd``,
``program``, ``script``, ``hook``, ``helper``, ``wrapper``, ``launcher``, ``preprocessor``,
``runner``, ``interpreter`` or ``executable``, and GHC's ``-pgm<X>`` family.

Only the value's file matters: the session memory matches it against the files written in
this session, so running the configured tool is judged as running that file's content (as
``make`` runs a Makefile's recipe). A value naming a file the session did not write costs
nothing.
"""

from __future__ import annotations

import re

__all__ = ["named_programs"]

# Literal gate: a text with none of these cannot hold a role key (the regex is not tried).
_GATE = re.compile(
    r"(?i)command|cmd|pgm|program|prog|script|hook|helper|wrapper|launcher|preprocessor|"
    r"runner|interpreter|executable"
)
_ROLE = (
    r"(?:command|cmd|program|prog|script|hook|helper|wrapper|launcher|preprocessor|runner|"
    r"interpreter|executable)"
)
# An option (``--x_command=V``, ``--init-script V``, ``-pgmF=V``) or a key (``x_hook: V``,
# ``runner = "V"``); a key without dashes needs ``=`` or ``:`` so prose does not match.
_OPTION = re.compile(
    r"(?im)(?:^[ \t]*(?:[\"']?)" + _ROLE + r"s?[\"']?\s*[=:]\s*|(?<![\w-])(?:"
    rf"--?(?:[a-z][\w.-]*?[_.-])?{_ROLE}s?(?:\s*[=:]\s*|\s+)"
    r"|-pgm[a-z]+\s*=?\s*"
    rf"|[a-z][\w.-]*?[_.-]{_ROLE}s?[\"']?\s*[=:]\s*"
    r"))"
    r"[\"'\[]?\s*[\"']?(?P<value>[^\s\"',;\]\)]+)"
)


def named_programs(text: str, limit: int = 8) -> list[str]:
    """The file values of executing options and keys in ``text`` (paths, not commands)."""
    if not text or not _GATE.search(text):
        return []
    out: list[str] = []
    for match in _OPTION.finditer(text[: 64 * 1024]):
        value = match.group("value").replace("\\/", "/").rstrip("/")
        if value.startswith(("-", "$", "http:", "https:")) or "://" in value:
            continue
        # A file: a path, or a name with an extension (tools/x.sh, ./run, pp.py).
        if "/" in value or re.search(r"\.[A-Za-z]\w{0,5}$", value):
            if value not in out:
                out.append(value)
        if len(out) >= limit:
            break
    return out
