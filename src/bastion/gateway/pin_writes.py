"""Who writes what the gateway decides: the daemon while one runs, else the gateway.

The gateway runs under the agent, and an agent can stop (SIGSTOP) a gateway in the middle
of its write to the home database; on SQLite every decision would then wait behind its
write lock (issue #18). So while a daemon runs each write is a narrow message to it
(`bastion.wire.control.GatewayWrite`), and the daemon carries it out under the rules it
checks itself (`bastion.daemon.gateway_asks`):

* the first-use pins of a server, one `PinFirstUse` per page of the first listing (only
  to a server that has none, so a stopped or lying gateway can change nothing pinned);
* a pin moved to the definition a person approved (`PinApproved`: the daemon reads the
  approval and moves nothing it does not name exactly);
* an approval request, for a changed tool (`AskPinChange`) or for a call whose client
  cannot ask (`AskCall`): always pending; answering stays a person's.

A gateway stopped mid-message holds no lock: the daemon reads each connection on its own
and gives up on a silent one. When no daemon takes the connection the gateway writes its
own store, by the same rules (`pins.StoreWrites`, `server.approvals.ask_once`). When the
daemon refuses or fails mid-way nothing is written here: a tool stays refused (never
trusted silently) and the refusal says no request could be written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bastion.gateway.pins import StoreWrites
from bastion.store.mcp_pins import Pin
from bastion.wire.control import (
    AskCall,
    AskPinChange,
    GatewayWrite,
    PinApproved,
    PinFirstUse,
    PinnedTool,
)

if TYPE_CHECKING:
    from bastion.config import Home
    from bastion.store import Store

__all__ = ["FirstUsePins", "GatewayWrites"]

log = logging.getLogger("bastion.gateway")

TIMEOUT_S = 10.0
"""How long a listing waits for the daemon's answer (it writes between decisions)."""
_NO_DAEMON = object()


class GatewayWrites:
    """A `bastion.gateway.pins.PinWrites` and a `core.AskCall` for one gateway: sends its
    writes to the daemon of ``home``, keeping the window token of each server's first
    listing. ``home`` None: every write into ``store`` here."""

    def __init__(
        self,
        home: Home | None,
        store: Store,
        *,
        send: Callable[..., Mapping[str, object]] | None = None,
        timeout: float = TIMEOUT_S,
    ) -> None:
        self.home = home
        self.store = store
        self.timeout = timeout
        self._send = send
        self._here = StoreWrites(store)
        self._windows: dict[str, str] = {}
        self.delivered = ""  # "daemon" | "store" | "" (nothing written): the last call's

    # -- pins.PinWrites ------------------------------------------------------------------

    def __call__(self, sid: str, new: Sequence[Pin]) -> list[str]:
        if not new:
            return []
        message = PinFirstUse(
            sid,
            tuple(PinnedTool(p.tool, p.hash, p.definition) for p in new),
            window=self._windows.get(sid, ""),
        )
        answer = self._ask(message)
        if answer is _NO_DAEMON:
            self.delivered = "store"
            return list(self._here(sid, new))
        if not isinstance(answer, Mapping):
            return []
        window = answer.get("window")
        if isinstance(window, str) and window:
            self._windows[sid] = window
        pinned = answer.get("pinned")
        return [str(t) for t in pinned] if isinstance(pinned, list) else []

    def move(self, sid: str, tool: str, definition: str, approval_id: int) -> bool:
        answer = self._ask(PinApproved(sid, tool, definition, approval_id))
        if answer is _NO_DAEMON:
            self.delivered = "store"
            return self._here.move(sid, tool, definition, approval_id)
        return isinstance(answer, Mapping)

    def ask(self, sid: str, tool: str, definition: str) -> int:
        answer = self._ask(AskPinChange(sid, tool, definition))
        if answer is _NO_DAEMON:
            self.delivered = "store"
            return self._here.ask(sid, tool, definition)
        return _approval_id(answer)

    # -- core.AskCall --------------------------------------------------------------------

    def ask_call(self, session_id: str, tool: str, arguments: dict[str, Any], reason: str) -> int:
        answer = self._ask(AskCall(session_id, tool, arguments, reason[:4000]))
        if answer is _NO_DAEMON:
            from bastion.server.approvals import ask_once

            self.delivered = "store"
            return ask_once(self.store, session_id, tool, arguments, reason)
        return _approval_id(answer)

    # -- the daemon ----------------------------------------------------------------------

    def _ask(self, message: GatewayWrite) -> Mapping[str, Any] | object | None:
        """The daemon's answer when it did the write; `_NO_DAEMON` when none runs (write
        here); None when it refused or failed (nothing written, said in the log)."""
        if self.home is None:
            return _NO_DAEMON
        from bastion.daemon import client

        send = self._send or client.control
        for attempt in (1, 2):
            try:
                answer = dict(send(self.home, message, timeout=self.timeout))
            except (ConnectionError, FileNotFoundError):
                return _NO_DAEMON  # no daemon runs: nothing to stall
            except client.DaemonLost as exc:
                if not exc.sent and attempt == 1:
                    continue  # the daemon never read the whole request: nothing was done
                self._nothing(message, f"{exc}")
                return None
            except (OSError, client.UnexpectedReply) as exc:
                self._nothing(message, f"the daemon could not be reached ({exc})")
                return None
            if not answer.get("ok"):
                self._nothing(message, str(answer.get("error") or "refused"))
                return None
            self.delivered = "daemon"
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def _nothing(self, message: GatewayWrite, why: str) -> None:
        log.warning("the daemon did not do %s (%s); the tool stays refused", message.op, why)
        self.delivered = ""


FirstUsePins = GatewayWrites
"""Round 14's name, when the first-use pins were the only write handed to the daemon."""


def _approval_id(answer: object) -> int:
    if not isinstance(answer, Mapping):
        return 0
    value = answer.get("approval_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
