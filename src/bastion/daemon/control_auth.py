"""Who may change what the daemon does: kill, release, grant, block, profile, policy, down.

Read-only questions (``ping``) are answered for anyone who can reach the socket. Every
other control operation needs:

* system mode: the caller is root or the service user itself (the console, which logs
  people in, runs as the service user); a developer's or agent's uid gets a refusal;
* personal mode: the caller runs as the daemon's own user (or root), and no agent process
  and no agent-marked environment is among its ancestors (see ``bastion.daemon.peer``).

The agent's own MCP gateway may send the ops of `GATEWAY_OPS` (first-use tool pins,
``daemon/gateway_pins``; a pin moved as a person approved it and pending approval
requests, ``daemon/gateway_asks``) with the uid check alone: it runs under the agent by
design, and those ops give it nothing a gateway it starts itself would not have.

Every refusal is written into the session's signed record as a ``ControlRefused`` event
with an alert, so a release attempted by the agent shows as what it was, never as a
human's release.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bastion.daemon.peer import Caller, agent_ancestor
from bastion.errors import BastionError
from bastion.events import Decision, Verdict
from bastion.wire.control import GATEWAY_OPS, READ_ONLY_OPS

if TYPE_CHECKING:
    from bastion.engine import Engine

__all__ = ["Authority", "ControlRefused", "SessionOwners", "record_refusal", "refuse_under_agent"]


@dataclass(frozen=True, slots=True)
class Authority:
    """The daemon's trust rule: system mode (a dedicated service user) or personal mode."""

    system: bool = False
    service_uid: int = -1
    proc: Path = Path("/proc")

    @classmethod
    def personal(cls) -> Authority:
        return cls(system=False, service_uid=os.getuid())

    @classmethod
    def system_mode(cls) -> Authority:
        return cls(system=True, service_uid=os.getuid())

    def refusal(self, op: str, caller: Caller) -> str | None:
        """Why ``caller`` may not run ``op``, or None when it may."""
        if op in READ_ONLY_OPS:
            return None
        if self.system:
            if caller.uid not in (0, self.service_uid):
                return (
                    f"{op!r} needs the console with a human login or root; "
                    f"{caller.describe()} gets read-only answers in system mode"
                )
        elif caller.uid not in (0, self.service_uid):
            return f"{op!r} refused: {caller.describe()} is not the daemon's user"
        if op in GATEWAY_OPS:  # the agent's gateway: under the agent by design
            return None
        under_agent = agent_ancestor(caller.pid, self.proc)
        if under_agent is not None:
            return (
                f"{op!r} refused: it was asked from inside an agent session ({under_agent}); "
                "run it from your own terminal, or use the console"
            )
        return None


def record_refusal(
    engine: Engine, session_id: str, op: str, caller: Caller, reason: str, claimed_by: str
) -> None:
    """Put a refused control operation into the session's signed record, with an alert."""
    engine.recorder.own_event(
        session_id,
        "ControlRefused",
        {
            "op": op,
            "claimed_by": claimed_by,
            "caller": {"uid": caller.uid, "gid": caller.gid, "pid": caller.pid},
            "reason": reason,
        },
        Verdict(Decision.DENY, reasons=[reason]),
        decision=Decision.DENY,
        alert_title=f"refused {op} of session {session_id[:8]} asked by {caller.describe()}",
        alert_detail=reason,
    )


class SessionOwners:
    """System mode: a session belongs to the uid whose hook sent its first event.

    One daemon serves every developer of the machine; without this, one developer's agent
    could write hook payloads for another developer's session id straight to the socket
    (a fake ``PostToolUse``, a ``SessionEnd``) and poison that session's record and state.
    Root is never refused. The map is bounded; the oldest sessions are forgotten first.
    """

    MAX_SESSIONS = 100_000

    def __init__(self) -> None:
        self._owners: dict[str, int] = {}

    def owner(self, session_id: str) -> int | None:
        """The uid that owns ``session_id`` (None: none yet, or only root sent events)."""
        return self._owners.get(session_id)

    def refusal(self, payload: bytes, caller: Caller) -> str | None:
        if caller.uid == 0:
            return None
        try:
            data = json.loads(payload)
        except ValueError:
            return None  # not JSON: the engine refuses it with its own message
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if not isinstance(session_id, str) or not session_id:
            return None
        owner = self._owners.get(session_id)
        if owner is None:
            if len(self._owners) >= self.MAX_SESSIONS:
                self._owners.pop(next(iter(self._owners)))
            self._owners[session_id] = caller.uid
            return None
        if owner != caller.uid:
            return (
                f"session {session_id[:12]} belongs to uid {owner}; "
                f"{caller.describe()} may not send its events"
            )
        return None


class ControlRefused(BastionError):
    """A control command was asked from inside an agent session."""


def refuse_under_agent(what: str) -> None:
    """For control commands the CLI carries out itself (grant, lifting a revocation).

    The daemon checks kill, release and down; these write the identity store directly, so
    the command checks its own ancestry. An agent that writes the store itself is beyond
    this check: personal mode cannot stop that (docs/deployment.md), system mode can.
    """
    why = agent_ancestor(os.getpid())
    if why is not None:
        raise ControlRefused(
            f"{what} refused: it was asked from inside an agent session ({why}); "
            "run it from your own terminal, or use the console"
        )
