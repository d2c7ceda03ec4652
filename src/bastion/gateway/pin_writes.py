"""Who writes the gateway's first-use pins: the daemon while one runs, else the gateway.

The gateway runs under the agent, and an agent can stop (SIGSTOP) a gateway in the middle
of its write to the home database; on SQLite every decision would then wait behind its
write lock (issue #18). So the first-use pins of a server are sent to the daemon as one
`bastion.wire.control.PinFirstUse` per page of the first listing, and the daemon writes
them (`bastion.daemon.gateway_pins`: it only adds pins to a server that has none, so a
stopped or lying gateway can change nothing that is pinned). A gateway stopped mid-message
holds no lock: the daemon reads each connection on its own and gives up on a silent one.

When no daemon takes the connection the gateway writes its own store, as before. When the
daemon refuses or fails mid-way, nothing is pinned here: those tools are judged as new
ones (a person accepts them), never trusted silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bastion.store import mcp_pins
from bastion.store.mcp_pins import Pin
from bastion.wire.control import PinFirstUse, PinnedTool

if TYPE_CHECKING:
    from bastion.config import Home
    from bastion.store import Store

__all__ = ["FirstUsePins"]

log = logging.getLogger("bastion.gateway")

TIMEOUT_S = 10.0
"""How long a listing waits for the daemon's answer (it writes between decisions)."""


class FirstUsePins:
    """A `bastion.gateway.pins.Record` for one gateway: sends its first-use pins to the
    daemon of ``home``, keeping the window token of each server's first listing."""

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
        self._windows: dict[str, str] = {}
        self.delivered = ""  # "daemon" | "store" | "" (nothing pinned): the last call's

    def __call__(self, sid: str, new: Sequence[Pin]) -> list[str]:
        if not new:
            return []
        if self.home is None:
            return self._here(new)
        from bastion.daemon import client

        send = self._send or client.control
        message = PinFirstUse(
            sid,
            tuple(PinnedTool(p.tool, p.hash, p.definition) for p in new),
            window=self._windows.get(sid, ""),
        )
        for attempt in (1, 2):
            try:
                answer = dict(send(self.home, message, timeout=self.timeout))
            except (ConnectionError, FileNotFoundError):
                return self._here(new)  # no daemon runs: nothing to stall
            except client.DaemonLost as exc:
                if not exc.sent and attempt == 1:
                    continue  # the daemon never read the whole request: nothing was done
                return self._nothing(f"{exc}")
            except (OSError, client.UnexpectedReply) as exc:
                return self._nothing(f"the daemon could not be reached ({exc})")
            return self._answered(sid, answer)
        raise AssertionError("unreachable")  # pragma: no cover

    def _here(self, new: Sequence[Pin]) -> list[str]:
        self.delivered = "store"
        return mcp_pins.add_new(self.store, list(new))

    def _answered(self, sid: str, answer: Mapping[str, Any]) -> list[str]:
        if not answer.get("ok"):
            return self._nothing(str(answer.get("error") or "refused"))
        window = answer.get("window")
        if isinstance(window, str) and window:
            self._windows[sid] = window
        pinned = answer.get("pinned")
        self.delivered = "daemon"
        return [str(t) for t in pinned] if isinstance(pinned, list) else []

    def _nothing(self, why: str) -> list[str]:
        log.warning("the daemon did not pin the tools (%s); they wait for a person", why)
        self.delivered = ""
        return []
