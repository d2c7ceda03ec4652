"""Pin each MCP tool by a hash of what it says it is; a change waits for a person (rug pull).

A server can show a harmless tool, be approved, and later serve the same name with a new
description or schema that steers the model (a "rug pull"). The pin is the SHA-256 of the
canonical JSON of the tool's name, title, description, input and output schemas and
annotations (a flip of ``destructiveHint`` is a change too). On first sight of a server
every tool is pinned (trust on first use, recorded); after that a changed or new tool is
refused and an approval request is written through the existing approvals table
(``store/approvals``), so `bastion approvals approve <id>` or the console accepts it. The
next ``tools/list`` sees the approval and moves the pin.

The first-use pins are handed to a `Record` (the gateway's: `pin_writes.FirstUsePins`,
which asks the daemon to write them while one runs, issue #18); by default they are
written to ``store`` here. A tool the record did not pin (the server was pinned meanwhile)
is judged against the pins as they are then.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bastion.store import Store, mcp_pins
from bastion.store import approvals as approval_rows
from bastion.store.mcp_pins import Pin

PIN_TOOL = "mcp-pin"
APPROVAL_WAIT_S = 7 * 24 * 3600.0  # a changed tool waits a week for a reviewer
FIRST_USE_BY = "first-use"

Record = Callable[[str, Sequence[Pin]], Sequence[str]]
"""Writes a server's first-use pins where none is (never replacing one); the tools pinned."""

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


def _approval_input(sid: str, tool: dict[str, Any], new_hash: str, old: str) -> dict[str, Any]:
    return {"server": sid, "tool": str(tool.get("name")), "hash": new_hash, "previous": old,
            "definition": definition(tool)}  # fmt: skip


def _call_hash(sid: str, name: str, new_hash: str) -> str:
    return hashlib.sha256(
        canonical([pin_session(sid), PIN_TOOL, name, new_hash]).encode()
    ).hexdigest()


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
    writes the first-use pins (None: this process, into ``store``)."""
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
    if fresh:
        write = record or (lambda _sid, new: mcp_pins.add_new(store, list(new)))
        first = set(write(sid, list(fresh.values()))) & set(fresh)
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
        if row is not None and row["status"] == approval_rows.APPROVED:
            who = str(row.get("decided_by") or "a person")
            mcp_pins.put(store, Pin(sid, name, digest, canonical(definition(tool)), moment, who))
            out.append(PinCheck(name, "approved-change", digest, previous, int(row["id"])))
            continue
        if row is not None and row["status"] == approval_rows.DENIED:
            out.append(PinCheck(name, "changed" if previous else "new", digest, previous,
                                int(row["id"])))  # fmt: skip
            continue
        if row is None or row["status"] != approval_rows.PENDING or row["expires_at"] <= moment:
            approval_id = approval_rows.add_pending(
                store,
                {
                    "call_hash": key,
                    "similar_key": key,
                    "session_id": pin_session(sid),
                    "event_id": None,
                    "tool": PIN_TOOL,
                    "tool_input": _approval_input(sid, tool, digest, previous),
                    "reason": (
                        f"MCP server {sid} changed its tool {name!r} since it was approved"
                        if previous
                        else f"MCP server {sid} added a tool {name!r} after its tools were pinned"
                    ),
                    "status": approval_rows.PENDING,
                    "scope": "once",
                    "scope_minutes": 0,
                    "requested_at": moment,
                    "expires_at": moment + APPROVAL_WAIT_S,
                    "note": "",
                },
            )
        else:
            approval_id = int(row["id"])
        out.append(PinCheck(name, "changed" if previous else "new", digest, previous, approval_id))
    return out
