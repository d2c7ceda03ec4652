"""Pin each MCP tool by a hash of what it says it is; a change waits for a person (rug pull).

A server can show a harmless tool, be approved, and later serve the same name with a new
description or schema that steers the model (a "rug pull"). The pin is the SHA-256 of the
canonical JSON of the tool's name, title, description, input and output schemas and
annotations (a flip of ``destructiveHint`` is a change too). On first sight of a server
every tool is pinned (trust on first use, recorded); after that a changed or new tool is
refused and an approval request is written through the existing approvals table
(``store/approvals``), so `bastion approvals approve <id>` or the console accepts it. The
next ``tools/list`` sees the approval and moves the pin.

Every write of a listing (the first-use pins, a pin moved after a person's approval, an
approval request) goes through a `PinWrites` (the gateway's: `pin_writes.GatewayWrites`,
which asks the daemon to write while one runs, issue #18); by default, `StoreWrites`, they
are written to ``store`` here. Both end in the same rules below (`move_approved`,
`ask_change`), so a write is checked the same way whoever carries it out. A tool the
writer did not pin (the server was pinned meanwhile) is judged against the pins as they
are then; a move or a request that did not happen leaves the tool refused.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bastion.store import Store, mcp_pins
from bastion.store import approvals as approval_rows
from bastion.store.mcp_pins import Pin

PIN_TOOL = "mcp-pin"
APPROVAL_WAIT_S = 7 * 24 * 3600.0  # a changed tool waits a week for a reviewer
FIRST_USE_BY = "first-use"


class PinWrites(Protocol):
    """Who writes what a listing decided (see the module docstring)."""

    def __call__(self, sid: str, new: Sequence[Pin]) -> Sequence[str]:
        """Write a server's first-use pins where none is (never replacing one); the tools
        pinned."""

    def move(self, sid: str, tool: str, definition: str, approval_id: int) -> bool:
        """Move ``tool``'s pin to ``definition`` (canonical JSON) as approval
        ``approval_id`` allowed; whether it moved."""

    def ask(self, sid: str, tool: str, definition: str) -> int:
        """A pending request to accept ``tool`` as ``definition``, or the one waiting
        (0: none could be written)."""


Record = PinWrites  # the name of round 14, when only first-use pins were handed over


class StoreWrites:
    """`PinWrites` into ``store`` by this process (no daemon runs, or a test)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, sid: str, new: Sequence[Pin]) -> list[str]:
        return mcp_pins.add_new(self.store, list(new))

    def move(self, sid: str, tool: str, definition: str, approval_id: int) -> bool:
        return not move_approved(self.store, sid, tool, definition, approval_id)

    def ask(self, sid: str, tool: str, definition: str) -> int:
        return ask_change(self.store, sid, tool, definition)


_HASHED = ("name", "title", "description", "inputSchema", "outputSchema", "annotations")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def definition(tool: dict[str, Any]) -> dict[str, Any]:
    """The parts of a tool that are pinned (what the model reads and what it may send)."""
    return {k: tool[k] for k in _HASHED if k in tool}


def tool_hash(tool: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(definition(tool)).encode()).hexdigest()


def server_id(name: str, target: str) -> str:
    """A server's identity: its configured name and the hash of its command line or URL."""
    digest = hashlib.sha256(target.encode()).hexdigest()[:16]
    return f"{name or 'server'}:{digest}"


def pin_session(sid: str) -> str:
    """The approvals-table session under which a server's pin changes wait."""
    return f"mcp-pins:{sid}"[:128]


@dataclass(frozen=True)
class PinCheck:
    """What the pins say about one listed tool."""

    tool: str
    status: str  # pinned (unchanged) | first-use | approved-change | changed | new
    hash: str
    previous: str = ""
    approval_id: int = 0

    @property
    def refused(self) -> bool:
        return self.status in ("changed", "new")


def _call_hash(sid: str, name: str, new_hash: str) -> str:
    return hashlib.sha256(
        canonical([pin_session(sid), PIN_TOOL, name, new_hash]).encode()
    ).hexdigest()


def _definition_of(tool: str, text: str) -> dict[str, Any] | None:
    """The pinned parts of ``tool`` read back from their canonical JSON (None: not that)."""
    try:
        named = json.loads(text)
    except ValueError:
        return None
    if not isinstance(named, dict) or str(named.get("name")) != tool or canonical(named) != text:
        return None
    return named


def move_approved(
    store: Store, sid: str, tool: str, text: str, approval_id: int, *, now: float | None = None
) -> str:
    """Pin ``tool`` of server ``sid`` as ``text`` (its canonical definition) when approval
    ``approval_id`` is a person's yes to exactly that; "" when it moved, else why not.

    The approval is read here, never taken from the asker: it must be approved, of this
    server's pin session, for ``mcp-pin``, and its call hash must name this tool with the
    SHA-256 of ``text``. The pin is recorded as pinned by whoever approved it."""
    if _definition_of(tool, text) is None:
        return f"the definition of tool {tool[:60]!r} is not its canonical JSON"
    row = approval_rows.approval(store, approval_id)
    if row is None:
        return f"no approval request {approval_id}"
    if row["status"] != approval_rows.APPROVED:
        return f"approval request {approval_id} is {row['status']}, not approved"
    digest = hashlib.sha256(text.encode()).hexdigest()
    if (
        row["tool"] != PIN_TOOL
        or row["session_id"] != pin_session(sid)
        or row["call_hash"] != _call_hash(sid, tool, digest)
    ):
        return f"approval request {approval_id} is not for this server, tool and definition"
    moment = time.time() if now is None else now
    who = str(row.get("decided_by") or "a person")
    mcp_pins.put(store, Pin(sid, tool, digest, text, moment, who))
    return ""


def ask_change(store: Store, sid: str, tool: str, text: str, *, now: float | None = None) -> int:
    """The approval request for ``tool`` of server ``sid`` as ``text`` (its canonical
    definition): the one waiting or denied for exactly that, else a new pending one; 0
    when there is nothing to ask (the pin says that already) or ``text`` is not one."""
    named = _definition_of(tool, text)
    if named is None:
        return 0
    digest = hashlib.sha256(text.encode()).hexdigest()
    pin = mcp_pins.pins_of(store, sid).get(tool)
    if pin is not None and pin.hash == digest:
        return 0
    moment = time.time() if now is None else now
    key = _call_hash(sid, tool, digest)
    for row in approval_rows.listed(store, session=pin_session(sid), limit=None):
        if row["call_hash"] != key:
            continue
        if row["status"] == approval_rows.DENIED or (
            row["status"] == approval_rows.PENDING and row["expires_at"] > moment
        ):
            return int(row["id"])
        break  # the newest for this definition was expired or used: ask again
    previous = pin.hash if pin is not None else ""
    return approval_rows.add_pending(
        store,
        {
            "call_hash": key,
            "similar_key": key,
            "session_id": pin_session(sid),
            "event_id": None,
            "tool": PIN_TOOL,
            "tool_input": {
                "server": sid,
                "tool": tool,
                "hash": digest,
                "previous": previous,
                "definition": named,
            },
            "reason": (
                f"MCP server {sid} changed its tool {tool!r} since it was approved"
                if previous
                else f"MCP server {sid} added a tool {tool!r} after its tools were pinned"
            ),
            "status": approval_rows.PENDING,
            "scope": "once",
            "scope_minutes": 0,
            "requested_at": moment,
            "expires_at": moment + APPROVAL_WAIT_S,
            "note": "",
        },
    )


def first_sight(store: Store, sid: str) -> bool:
    """Whether no tool of this server was ever pinned (its first listing trusts on first use)."""
    return not mcp_pins.pins_of(store, sid)


def check(
    store: Store,
    sid: str,
    tools: list[dict[str, Any]],
    *,
    now: float | None = None,
    first_use: bool | None = None,
    record: Record | None = None,
) -> list[PinCheck]:
    """Compare a server's listed tools with their pins; pin, move or hold each one.

    ``first_use``: the server had no pins when this gateway first listed it, so every page
    of that first listing is pinned (None: decide from the pins now). ``record``: who
    writes (None: this process, into ``store``, `StoreWrites`)."""
    moment = time.time() if now is None else now
    pins = mcp_pins.pins_of(store, sid)
    known_server = bool(pins) if first_use is None else not first_use
    fresh: dict[str, Pin] = {}
    for tool in tools if not known_server else ():
        name = str(tool.get("name"))
        if name not in pins and name not in fresh:  # a pin that moved is a change, even now
            fresh[name] = Pin(sid, name, tool_hash(tool), canonical(definition(tool)), moment,
                              FIRST_USE_BY)  # fmt: skip
    first: set[str] = set()
    writes: PinWrites = record if record is not None else StoreWrites(store)
    if fresh:
        first = set(writes(sid, list(fresh.values()))) & set(fresh)
        if len(first) < len(fresh):  # pinned meanwhile by another: judged against those pins
            pins = mcp_pins.pins_of(store, sid)
        pins.update({name: fresh[name] for name in first})
    asked = {
        row["call_hash"]: row
        for row in approval_rows.listed(
            store, session=pin_session(sid), limit=None, newest_first=False
        )
    }
    out: list[PinCheck] = []
    for tool in tools:
        name = str(tool.get("name"))
        digest = tool_hash(tool)
        pin = pins.get(name)
        if name in first and pin is not None and pin.hash == digest:
            out.append(PinCheck(name, "first-use", digest))
            continue
        if pin is not None and pin.hash == digest:
            out.append(PinCheck(name, "pinned", digest))
            continue
        previous = pin.hash if pin is not None else ""
        key = _call_hash(sid, name, digest)
        row = asked.get(key)
        text = canonical(definition(tool))
        if row is not None and row["status"] == approval_rows.APPROVED:
            if writes.move(sid, name, text, int(row["id"])):
                out.append(PinCheck(name, "approved-change", digest, previous, int(row["id"])))
            else:  # not moved (the daemon refused or failed): still refused; the next
                # listing tries again with the same approval
                out.append(PinCheck(name, "changed" if previous else "new", digest, previous,
                                    int(row["id"])))  # fmt: skip
            continue
        if row is not None and row["status"] == approval_rows.DENIED:
            out.append(PinCheck(name, "changed" if previous else "new", digest, previous,
                                int(row["id"])))  # fmt: skip
            continue
        if row is None or row["status"] != approval_rows.PENDING or row["expires_at"] <= moment:
            approval_id = writes.ask(sid, name, text)
        else:
            approval_id = int(row["id"])
        out.append(PinCheck(name, "changed" if previous else "new", digest, previous, approval_id))
    return out
