"""Join the MCP gateway's events to the session of the agent that started the gateway.

An agent (Claude Code, Gemini CLI, Codex, Copilot CLI...) starts ``bastion mcp-proxy`` as
one of its MCP servers, and its hooks as commands: both are that agent process's children.
The gateway cannot know the agent's session id (no agent passes it to its MCP servers), and
a value the agent or the server could pass would be forgeable. The kernel's word is not:

- on a hook event, the daemon reads the hook process's pid (``SO_PEERCRED``) and walks
  ``/proc`` up to the nearest agent process (by its name or command line, never by the
  environment, which every command the agent runs inherits); that process, named by pid and
  start time (a reused pid is another process), is noted as running that session, with the
  hook's uid. The walk is made once per session; a later event of another session from the
  same process (``/clear``, a resumed session) moves the note, so the newest session wins;
- on a gateway event, the daemon walks up from the gateway's own pid: the first ancestor
  noted as an agent process of the same uid names the session the event joins.

Nothing the caller sends takes part: a process can neither choose its ancestors nor the
uid the kernel reports, so a gateway joins only the session of the agent that started it,
and never a session of another uid (another human, in system mode). An event sent before
the agent's first hook (a ``tools/list`` at start-up) stays in the gateway's own session.
The daemon appends the join to the gateway's payload as its last key (``joined_session``,
empty when none), so a key of that name sent by the caller is overridden, never read.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bastion.daemon.peer import (
    AGENT_ARGV_BASENAMES,
    AGENT_ARGV_FRAGMENTS,
    AGENT_COMMS,
    MAX_DEPTH,
    Caller,
)
from bastion.sensors.mcp_gateway import AGENT as GATEWAY_AGENT
from bastion.sensors.mcp_gateway import JOIN_KEY

__all__ = ["GATEWAY_AGENT", "JOIN_KEY", "AgentSessions", "agent_process"]

MAX_SESSIONS = 10_000
"""Sessions (and agent processes) remembered; the oldest are forgotten first."""

ProcKey = tuple[int, int]  # (pid, start time in clock ticks): one process, never a reused pid


def _stat(pid: int, proc: Path) -> tuple[int, int] | None:
    """``(parent pid, start time)`` of a process, from ``/proc/<pid>/stat``."""
    try:
        stat = (proc / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    # The name in parentheses may hold spaces or parentheses: the fields follow the last ")".
    fields = stat[stat.rfind(b")") + 2 :].split()
    try:
        return int(fields[1]), int(fields[19])
    except (IndexError, ValueError):
        return None


def _is_agent(pid: int, proc: Path) -> bool:
    """Whether the process is an agent itself, by its name or command line (not its
    environment: every command an agent runs inherits the agent's marks)."""
    base = proc / str(pid)
    try:
        if (base / "comm").read_text(errors="replace").strip() in AGENT_COMMS:
            return True
        argv = (base / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    for arg in argv[:3]:
        text = arg.decode(errors="replace")
        if os.path.basename(text) in AGENT_ARGV_BASENAMES:
            return True
        if any(fragment in text for fragment in AGENT_ARGV_FRAGMENTS):
            return True
    return False


def _ancestry(pid: int, proc: Path) -> list[ProcKey]:
    """The process and its ancestors, nearest first, each as (pid, start time)."""
    out: list[ProcKey] = []
    current = pid
    while current > 1 and len(out) < MAX_DEPTH:
        stat = _stat(current, proc)
        if stat is None:
            break
        parent, started = stat
        out.append((current, started))
        if parent == current:
            break
        current = parent
    return out


def agent_process(pid: int, proc: Path = Path("/proc")) -> ProcKey | None:
    """The nearest agent process above ``pid`` (the hook's agent), or None."""
    for key in _ancestry(pid, proc)[1:]:
        if _is_agent(key[0], proc):
            return key
    return None


class AgentSessions:
    """Which session each agent process runs now (from its hooks), so its gateway joins it."""

    def __init__(self, proc: Path = Path("/proc")) -> None:
        self.proc = proc
        self._agent_of: OrderedDict[str, ProcKey | None] = OrderedDict()  # session → agent
        self._session_of: OrderedDict[ProcKey, tuple[str, int]] = OrderedDict()
        self._lock = threading.Lock()

    def note(self, agent: str, session_id: str, caller: Callable[[], Caller]) -> None:
        """A hook event of ``session_id`` was decided: remember its agent process (one walk
        per session) and that this process runs this session now."""
        if agent == GATEWAY_AGENT or not session_id:
            return
        with self._lock:
            known = session_id in self._agent_of
            key = self._agent_of.get(session_id)
        if not known:
            who = caller()
            key = agent_process(who.pid, self.proc)
            with self._lock:
                self._agent_of[session_id] = key
                _bound(self._agent_of)
                if key is not None:
                    self._session_of[key] = (session_id, who.uid)
                    _bound(self._session_of)
            return
        if key is None:
            return
        with self._lock:
            noted = self._session_of.get(key)
            if noted is not None and noted[0] != session_id:
                self._session_of[key] = (session_id, noted[1])
                self._session_of.move_to_end(key)

    def line_of(self, caller: Caller) -> list[ProcKey]:
        """The caller's ancestors, nearest first (the daemon reads them once per kept
        connection: a process's ancestry changes only when an ancestor dies)."""
        return _ancestry(caller.pid, self.proc)[1:]

    def session_for(self, uid: int, line: list[ProcKey]) -> str:
        """The session of the nearest noted agent process in ``line`` (`line_of`), when it
        runs as ``uid`` ("" when none of the ancestors is a noted agent process)."""
        with self._lock:
            for key in line:
                noted = self._session_of.get(key)
                if noted is not None:
                    return noted[0] if noted[1] == uid else ""
        return ""

    def attach(self, payload: bytes, uid: int, line: list[ProcKey]) -> bytes:
        """A gateway payload with the session it joins as its last key (see module doc);
        a payload that is no JSON object is left for the engine to refuse."""
        body = payload.rstrip()
        if not body.endswith(b"}") or not body.lstrip().startswith(b"{"):
            return payload
        joined = json.dumps(self.session_for(uid, line)).encode()
        inner = body[:-1].rstrip()
        sep = b"" if inner.endswith(b"{") else b","
        return inner + sep + b'"' + JOIN_KEY.encode() + b'":' + joined + b"}"


def _bound(table: OrderedDict[Any, Any]) -> None:
    while len(table) > MAX_SESSIONS:
        table.popitem(last=False)
