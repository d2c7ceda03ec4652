"""Options and configuration keys whose value names a program or file that runs (#13 §1).

A build or tool configuration runs what some of its keys name: Bazel's
``--workspace_status_command=tools/status.sh``, GHC's ``-pgmF=tools/pp.sh`` (in a cabal
file's ``ghc-options``), Gradle's ``--init-script``, a ``pre_build_hook: scripts/x.sh``, a
``runner = "tools/run"``, a ``credential_helper``. The table here is of *roles* (the shape of
a key that executes its value), never of tools: a key ending in ``command``, ``cmd``,
``program``, ``script``, ``hook``, ``helper``, ``wrapper``, ``launcher``, ``preprocessor``,
``runner``, ``interpreter`` or ``executable``, GHC's ``-pgm<X>`` family, and an option
ending in ``exec`` (``-toolexec``, ``--pre-exec``: the program runs its value in turn).

Only the value's file matters: the session memory matches it against the files written in
this session, so running the configured tool is judged as running that file's content (as
``make`` runs a Makefile's recipe). A value naming a file the session did not write costs
nothing.
"""

from __future__ import annotations

import re

__all__ = ["named_programs"]

# Gate: a role word followed by what can separate a key from its value, or GHC's ``-pgm``.
# Only the lines holding one are tried with the full pattern.
_GATE = re.compile(
    r"(?i)(?:command|cmd|program|prog|script|hook|helper|wrapper|launcher|preprocessor|"
    r"runner|interpreter|executable|exec|plugin|policy-pack|policy_pack)s?(?:[-_](?:dir|path|file)s?)?"
    r"[\"']?[ \t]*[=:\s]|-pgm"
)
_ROLE = (
    r"(?:command|cmd|program|prog|script|hook|helper|wrapper|launcher|preprocessor|runner|"
    # A plugin or a policy pack is code the tool loads and runs (``--policy-pack DIR``,
    # ``--plugin-dir DIR``, ``plugins: [x.js]``).
    r"interpreter|executable|plugin|policy[-_]pack)"
)
# An option (``--x_command=V``, ``--init-script V``, ``-pgmF=V``) or a key (``x_hook: V``,
# ``postCompileHook: V``, ``runner = "V"``); a key without dashes needs ``=`` or ``:`` so
# prose does not match.
_OPTION = re.compile(
    r"(?im)(?:^[ \t]*(?:[\"']?)" + _ROLE + r"s?[\"']?\s*[=:]\s*|(?<![\w-])(?:"
    # ``--plugin-dir D``, ``--hook-path D``: the folder or file the role's code is taken from.
    rf"--?(?:[a-z][\w.-]*?[_.-])?{_ROLE}s?(?:[-_](?:dir|path|file)s?)?(?:\s*[=:]\s*|\s+)"
    r"|-pgm[a-z]+\s*=?\s*"
    r"|--?[a-z]+exec(?:\s*[=:]\s*|\s+)"
    rf"|[a-z][\w.-]*?[_.-]?{_ROLE}s?[\"']?\s*[=:]\s*"
    r"))"
    r"[\"'\[]?\s*[\"']?(?P<value>[^\s\"',;\]\)]+)"
)


def named_programs(text: str, limit: int = 8) -> list[str]:
    """The file values of executing options and keys in ``text`` (paths, not commands)."""
    text = text[: 64 * 1024]
    gate = _GATE.search(text) if text else None
    if gate is None:
        return []
    out: list[str] = []
    for match in _matches(text, gate.start()):
        value = match.group("value").replace("\\/", "/").rstrip("/")
        if value.startswith(("-", "$", "http:", "https:")) or "://" in value:
            continue
        # A file: a path, or a name with an extension (tools/x.sh, ./run, pp.py).
        is_file = "/" in value or re.search(r"\.[A-Za-z]\w{0,5}$", value)
        if is_file and value not in out:
            out.append(value)
        if len(out) >= limit:
            break
    return out


def _matches(text: str, first: int) -> list[re.Match[str]]:
    """The full pattern's matches on the lines that hold a gate hit, from ``first`` on."""
    found: list[re.Match[str]] = []
    done = -1
    at: int | None = first
    while at is not None and len(found) < 32:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if start > done:
            found.extend(_OPTION.finditer(text[start:end]))
            done = end
        gate = _GATE.search(text, end)
        at = gate.start() if gate else None
    return found
