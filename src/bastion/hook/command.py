"""The exact shell command an agent's settings run for Bastion's hook, built and recognised here.

Claude Code treats a hook that cannot run (exit 127: command not found, 126: not
executable) or that crashes (exit 1) as a *non-blocking* error: the tool call goes ahead
unguarded. So the command never names the hook bare; it runs it and turns every failure
into exit 2, Claude Code's "block", with a message naming the fix::

    /home/me/.bastion/bin/bastion-hook claude-code --home /home/me/.bastion \\
        || { s=$?; [ "$s" = 2 ] || echo '...' "(exit $s)" >&2; exit 2; }

The entry point is the installer-owned shim (personal: ``<home>/bin``, system:
``/usr/local/libexec``), not a virtualenv path, and the home (personal) or socket and
service uid (system) are pinned as arguments.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from bastion.sensors.registry import AGENTS, DEFAULT_AGENT

__all__ = ["AGENT", "FAILED", "TAIL", "Parsed", "build", "is_ours", "parse", "unquote"]

AGENT = DEFAULT_AGENT
# Agents whose settings run this command (the hook's first argument names the agent): every
# agent with a sensor, as the registry lists them.
AGENT_NAMES = tuple(AGENTS)
FAILED = (
    "Bastion: the hook could not run (missing or broken install); denied to be safe. "
    "Fix: run `bastion doctor`"
)
TAIL = f'|| {{ s=$?; [ "$s" = 2 ] || echo {shlex.quote(FAILED)} "(exit $s)" >&2; exit 2; }}'
_WORD = r"(?:[A-Za-z0-9._/+@:=-]+|'[^']*')"
_AGENT_WORD = "(?:" + "|".join(re.escape(a) for a in AGENT_NAMES) + ")"
_OURS = re.compile(
    rf"^(?P<entry>{_WORD}) (?P<agent>{_AGENT_WORD})(?P<args>(?: {_WORD})*) " + re.escape(TAIL) + "$"
)


def build(entry: str, args: list[str], agent: str = AGENT) -> str:
    """The hook command for the entry point ``entry`` with pinned ``args``, for ``agent``.

    Gemini CLI treats exit 2 as a block and other failures as warnings that let the call run,
    like Claude Code (measured, docs/agents.md), so the same wrapper serves both.
    """
    if agent not in AGENT_NAMES:
        raise ValueError(f"no hook command for agent {agent!r}")
    return " ".join([shlex.quote(entry), agent, *(shlex.quote(a) for a in args), TAIL])


def is_ours(command: str) -> bool:
    """Whether ``command`` is exactly what the installer writes (any edit makes it not)."""
    return _OURS.match(command.strip()) is not None


def unquote(word: str) -> str:
    parts = shlex.split(word)
    return parts[0] if parts else ""


@dataclass(frozen=True, slots=True)
class Parsed:
    """What an installed hook command runs, and with which pinned options."""

    entry: Path
    options: dict[str, str]
    wrapped: bool  # turns every failure into a block (exit 2)


def parse(command: str) -> Parsed | None:
    """The entry point and options of one of our hook commands (any generation), or None."""
    text = command.strip()
    match = _OURS.match(text)
    if match is not None:
        words = [match["entry"], *match["args"].split()]
        wrapped = True
    else:
        try:
            words = shlex.split(text)
        except ValueError:
            return None
        words = [w for w in words if "=" not in w or w.startswith("-")]  # VAR=x prefixes
        wrapped = False
        named = [a for a in AGENT_NAMES if a in words]
        if named:
            words = [words[0], *words[words.index(named[0]) + 1 :]]
    if not words or "bastion-hook" not in words[0]:
        return None
    entry = Path(unquote(words[0]) if wrapped else words[0])
    options: dict[str, str] = {}
    rest = words[1:]
    for i, word in enumerate(rest):
        if word.startswith("--") and i + 1 < len(rest):
            options[word] = unquote(rest[i + 1]) if wrapped else rest[i + 1]
    return Parsed(entry, options, wrapped)
