"""The daemon pins an MCP server's tools on first use, for the agent's gateway (issue #18).

The MCP gateway runs under the agent, so `control_auth` rightly refuses it the human's
control channel; yet on SQLite a gateway that writes its own pins holds the home's one
write lock, and an agent that stops it (SIGSTOP) mid-write stalls every decision. So
while a daemon runs the gateway asks it (`bastion.wire.control.PinFirstUse`), and this is
all that message can do:

* add pins to a server that has **no pin at all** (its first listing), or to the server a
  `window` token names, a token only the daemon's answer to that first page gave, for the
  later pages of the same listing (bounded in time, forgotten when the daemon restarts);
* add a pin only where the tool has none: an existing pin is never replaced or removed;
* each pin's hash is checked against its definition here, so a pin always says what it
  pinned; nothing else (no approval, no other table) is touched.

The agent can send this message too (it runs as the same user in personal mode). What it
gains is what starting a gateway itself gives: the first-use pins of a server never seen
before, which a gateway of its own, started on a server of its making under the same name
and command line, would pin as well. It cannot move a pin, add a tool to a pinned server,
or answer an approval. Each use is in the signed log as a ``mcp.pins.first-use`` control
entry with the kernel's word on the caller, so a pin set by a process that was not a
gateway shows as what it was.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bastion.wire.control import PinFirstUse

if TYPE_CHECKING:
    from bastion.store import Store

__all__ = ["FIRST_USE_BY", "FirstUseWindows", "apply"]

FIRST_USE_BY = "first-use"
"""``pinned_by`` of a pin set on first sight (as the gateway itself writes it)."""
WINDOW_S = 600.0
"""How long after its first page a listing may still add pages (pages follow in seconds)."""
MAX_WINDOWS = 1_000
MAX_ID = 200  # the pins table's column widths
MAX_TOOL = 256


class FirstUseWindows:
    """The daemon's open first listings: token -> (server id, until when). In memory only:
    a daemon that restarts mid-listing refuses the later pages (they wait for a person)."""

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._open: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._clock = clock

    def open(self, server_id: str) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._open[token] = (server_id, self._clock() + WINDOW_S)
            while len(self._open) > MAX_WINDOWS:
                self._open.popitem(last=False)
        return token

    def covers(self, token: str, server_id: str) -> bool:
        """Whether ``token`` is an open window of ``server_id``'s first listing."""
        if not token:
            return False
        with self._lock:
            held = self._open.get(token)
            if held is None or held[1] < self._clock():
                self._open.pop(token, None)
                return False
            return secrets.compare_digest(held[0], server_id)


def apply(
    store: Store,
    message: PinFirstUse,
    windows: FirstUseWindows,
    who: Mapping[str, Any],
    *,
    now: float | None = None,
) -> dict[str, Any]:
    """Carry out ``message`` (see the module docstring); the answer names the tools pinned
    (``pinned``), and the ``window`` token for the next page of this listing."""
    from bastion.audit.records import action_row
    from bastion.store.mcp_pins import Pin, add_new

    bad = _invalid(message)
    if bad is not None:
        return {"ok": False, "error": bad}
    moment = time.time() if now is None else now
    continuing = windows.covers(message.window, message.server_id)
    new = [
        Pin(message.server_id, t.tool, t.hash, t.definition, moment, FIRST_USE_BY)
        for t in message.tools
    ]
    with store.transaction():
        added = add_new(store, new, only_if_unpinned_server=not continuing)
        if added:
            store.append_control(
                action_row(
                    "mcp.pins.first-use",
                    "mcp-gateway",
                    server=message.server_id,
                    tools=added[:100],
                    count=len(added),
                    caller={"uid": who.get("uid"), "pid": who.get("pid")},
                )
            )
    if not added and not continuing:
        return {
            "ok": True,
            "pinned": [],
            "window": "",
            "note": f"server {message.server_id!r} is pinned already; changes wait for a person",
        }
    return {
        "ok": True,
        "pinned": added,
        "window": message.window if continuing else windows.open(message.server_id),
    }


def _invalid(message: PinFirstUse) -> str | None:
    """Why the pins in ``message`` cannot be recorded as sent, or None."""
    if len(message.server_id) > MAX_ID:
        return f"server id longer than {MAX_ID} characters"
    for tool in message.tools:
        if len(tool.tool) > MAX_TOOL:
            return f"tool name longer than {MAX_TOOL} characters"
        if hashlib.sha256(tool.definition.encode()).hexdigest() != tool.hash:
            return f"the hash of tool {tool.tool[:60]!r} is not that of its definition"
        try:
            named = json.loads(tool.definition)
        except ValueError:
            return f"the definition of tool {tool.tool[:60]!r} is not JSON"
        if not isinstance(named, dict) or str(named.get("name")) != tool.tool:
            return f"the definition of tool {tool.tool[:60]!r} names another tool"
    return None
