"""The gateway's line to the daemon: one payload out, one verdict back, closed on failure.

The gateway speaks to the daemon exactly as a hook does (``wire/protocol``: the same
framing, limits and check that the listener runs as the expected uid), as the agent
``mcp-gateway`` (``sensors/mcp_gateway``), so a ``tools/call`` meets the same engine,
policies and record as any agent's action. When no daemon answers, the hook's own recovery
(``hook/recover``: start one under the start lock) is used; when no decision can be had,
the answer is a deny that says why.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.sensors.mcp_gateway import AGENT
from bastion.wire import protocol


@dataclass(frozen=True, slots=True)
class Reply:
    """The daemon's verdict as the gateway reads it."""

    decision: str  # allow | ask | deny
    reason: str = ""
    context: str = ""

    @property
    def allowed(self) -> bool:
        return self.decision == "allow"


class DaemonLink:
    """Sends gateway events to the daemon of one Bastion home."""

    def __init__(
        self, home: Path, *, daemon_uid: int | None = None, socket_path: str | None = None
    ) -> None:
        self.home = str(home)
        # System mode keeps the socket outside the home (/run/bastion), as the hook is told.
        self.socket_path = socket_path or os.path.join(self.home, protocol.SOCKET_NAME)
        self.trusted: tuple[int, ...] = (
            (daemon_uid,) if daemon_uid is not None else (os.getuid(), 0)
        )

    def send(self, payload: dict[str, Any]) -> Reply:
        body = json.dumps(payload, separators=(",", ":"), default=str).encode()
        try:
            try:
                code, out, err = protocol.ask_daemon(self.socket_path, AGENT, body, self.trusted)
            except ConnectionError:
                from bastion.hook.recover import recover

                code, out, err = recover(self.home, self.socket_path, AGENT, body, self.trusted)
        except protocol.NoDecision as exc:
            return Reply("deny", f"Bastion: no decision could be had ({exc}); denied to be safe")
        except OSError as exc:
            return Reply("deny", f"Bastion: the daemon could not be reached ({exc}); denied")
        return parse(code, out, err)


def parse(code: int, out: bytes, err: bytes) -> Reply:
    """A daemon reply as a `Reply`; anything unreadable is a deny (fail closed)."""
    try:
        data = json.loads(out) if out.strip() else None
    except ValueError:
        data = None
    if code != 0 or not isinstance(data, dict):
        words = err.decode(errors="replace").strip() or "unreadable reply from the daemon"
        return Reply("deny", words if words.startswith("Bastion") else f"Bastion: {words}")
    decision = data.get("decision")
    if decision not in ("allow", "ask", "deny"):
        return Reply("deny", "Bastion: the daemon's reply named no decision; denied")
    return Reply(str(decision), str(data.get("reason") or ""), str(data.get("context") or ""))
