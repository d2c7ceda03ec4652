"""The ``mcp_tool_pins`` table's queries: each MCP server's tools as last accepted.

The rules (what is hashed, when a change needs a person) live in `bastion.gateway.pins`;
this module only reads and writes rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from bastion.store import Store
from bastion.store.schema import mcp_tool_pins

__all__ = ["Pin", "add_new", "forget", "pins_of", "put"]


@dataclass(frozen=True, slots=True)
class Pin:
    server_id: str
    tool: str
    hash: str
    definition: str  # canonical JSON of what was hashed
    pinned_at: float
    pinned_by: str


def pins_of(store: Store, server_id: str) -> dict[str, Pin]:
    """Every pinned tool of one server, by tool name."""
    query = select(mcp_tool_pins).where(mcp_tool_pins.c.server_id == server_id)
    with store.engine.connect() as conn:
        return {r.tool: Pin(*r) for r in conn.execute(query).all()}


def put(store: Store, pin: Pin) -> None:
    """Pin a tool (replacing its earlier pin)."""
    table = mcp_tool_pins
    with store.transaction() as conn:
        conn.execute(
            delete(table).where(table.c.server_id == pin.server_id, table.c.tool == pin.tool)
        )
        conn.execute(
            insert(table).values(
                server_id=pin.server_id, tool=pin.tool, hash=pin.hash,
                definition=pin.definition, pinned_at=pin.pinned_at, pinned_by=pin.pinned_by,
            )
        )  # fmt: skip


def add_new(store: Store, new: list[Pin], *, only_if_unpinned_server: bool = False) -> list[str]:
    """Insert the pins whose tool has none yet, in one transaction; never replace one.

    ``only_if_unpinned_server``: insert nothing when the server has any pin (first use of
    a server, asked by someone who may not change a pinned one). The tools inserted.
    """
    table = mcp_tool_pins
    by_server: dict[str, list[Pin]] = {}
    for pin in new:
        by_server.setdefault(pin.server_id, []).append(pin)
    added: list[str] = []
    with store.transaction() as conn:
        for server_id, pins in by_server.items():
            query = select(table.c.tool).where(table.c.server_id == server_id)
            taken = {str(t) for t in conn.execute(query).scalars()}
            if taken and only_if_unpinned_server:
                continue
            for pin in pins:
                if pin.tool in taken:
                    continue
                taken.add(pin.tool)
                conn.execute(
                    insert(table).values(
                        server_id=pin.server_id, tool=pin.tool, hash=pin.hash,
                        definition=pin.definition, pinned_at=pin.pinned_at,
                        pinned_by=pin.pinned_by,
                    )
                )  # fmt: skip
                added.append(pin.tool)
    return added


def forget(store: Store, server_id: str) -> int:
    """Drop every pin of a server (its tools are pinned again on next sight)."""
    with store.transaction() as conn:
        table = mcp_tool_pins
        return int(conn.execute(delete(table).where(table.c.server_id == server_id)).rowcount)
