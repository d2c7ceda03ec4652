"""Who is on the other end of the daemon's socket, and is an agent among its ancestors?

The kernel tells the daemon the connecting process's uid, gid and pid (``SO_PEERCRED``);
nothing the caller sends can change that. From the pid the daemon walks ``/proc`` up the
parent chain and looks for an agent process (Claude Code, Codex, Copilot CLI, Gemini CLI) or
for the marks an agent leaves in the environment of every command it runs. A control command
(kill, release, ...) found under an agent is refused: the agent must not be able to lift its
own containment.

What this cannot see (and docs/deployment.md says so): a process that an agent running as
the same user detached from itself *and* stripped of the agent's environment. Only system
mode, where control needs root or the service user, closes that.
"""

from __future__ import annotations

import os
import pwd
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

from bastion.sensors.registry import every_agent_files

__all__ = [
    "AGENT_ARGV_BASENAMES",
    "AGENT_ARGV_FRAGMENTS",
    "AGENT_COMMS",
    "AGENT_ENV_MARKS",
    "MAX_DEPTH",
    "Caller",
    "agent_ancestor",
    "peer_of",
]

_CRED = struct.Struct("3i")  # struct ucred: pid, uid, gid
MAX_DEPTH = 128

# Process names, command-line fragments and environment marks of the agents Bastion
# governs, as each sensor package declares them (``AgentFiles``: seen in the pinned clients'
# process trees and tool commands); a stripped environment is caught by ancestry.
_FILES = every_agent_files()
AGENT_COMMS = frozenset(name for f in _FILES for name in f.process_comms)
AGENT_ARGV_BASENAMES = frozenset(name for f in _FILES for name in f.argv_names)
AGENT_ARGV_FRAGMENTS = tuple(fragment for f in _FILES for fragment in f.package_fragments)
AGENT_ENV_MARKS = tuple(mark.encode() for f in _FILES for mark in f.env_marks)


@dataclass(frozen=True, slots=True)
class Caller:
    """The process at the other end of a Unix socket, as the kernel reports it."""

    pid: int
    uid: int
    gid: int

    @property
    def user(self) -> str:
        try:
            return pwd.getpwuid(self.uid).pw_name
        except KeyError:
            return f"uid {self.uid}"

    def describe(self) -> str:
        return f"{self.user} (uid {self.uid}, pid {self.pid})"


def peer_of(sock: socket.socket) -> Caller:
    """The kernel's record of who connected (Linux ``SO_PEERCRED``)."""
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _CRED.size)
    pid, uid, gid = _CRED.unpack(raw)
    return Caller(pid=pid, uid=uid, gid=gid)


def _parent(pid: int, proc: Path) -> int | None:
    try:
        stat = (proc / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    # The name in parentheses may itself hold spaces or parentheses: parse after the last.
    fields = stat[stat.rfind(b")") + 2 :].split()
    try:
        return int(fields[1])
    except (IndexError, ValueError):
        return None


def _agent_mark(pid: int, proc: Path) -> str | None:
    base = proc / str(pid)
    try:
        comm = (base / "comm").read_text(errors="replace").strip()
    except OSError:
        comm = ""
    if comm in AGENT_COMMS:
        return f"process {pid} is {comm!r}"
    try:
        argv = (base / "cmdline").read_bytes().split(b"\0")
    except OSError:
        argv = []
    for arg in argv[:3]:
        text = arg.decode(errors="replace")
        if os.path.basename(text) in AGENT_ARGV_BASENAMES:
            return f"process {pid} runs {os.path.basename(text)!r}"
        if any(fragment in text for fragment in AGENT_ARGV_FRAGMENTS):
            return f"process {pid} runs the agent ({text[:80]})"
    try:
        environ = (base / "environ").read_bytes()
    except OSError:
        return None  # another user's process: its name and command line were checked
    for entry in environ.split(b"\0"):
        if entry.startswith(AGENT_ENV_MARKS):
            name = entry.split(b"=", 1)[0].decode(errors="replace")
            return f"process {pid} runs under an agent ({name} is set)"
    return None


def agent_ancestor(pid: int, proc: Path = Path("/proc")) -> str | None:
    """Why ``pid`` counts as running under an agent, or None when nothing says so.

    An unknown pid (0: the caller lives in a pid namespace the daemon cannot see, or it is
    already gone) counts as under an agent: ancestry that cannot be checked is not clean.
    """
    if pid <= 0 or not (proc / str(pid)).exists():
        return f"the caller's process {pid} cannot be inspected"
    seen: set[int] = set()
    current: int | None = pid
    depth = 0
    while current is not None and current > 1 and current not in seen and depth < MAX_DEPTH:
        seen.add(current)
        mark = _agent_mark(current, proc)
        if mark is not None:
            return mark
        current = _parent(current, proc)
        depth += 1
    return None
