"""Each export sink's durable position in the audit log (table ``export_positions``).

A sink's position is the seq of the last event it delivered or dead-lettered. Moving it
is the last step of a delivery, after the receiver acknowledged: a crash in between
sends the same events again (at least once), and receivers dedupe on the leaf hash.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, update

from bastion.store.schema import export_positions

__all__ = [
    "Position",
    "advance",
    "all_positions",
    "get",
    "note_error",
    "reset",
]


@dataclass(frozen=True, slots=True)
class Position:
    sink: str
    seq: int
    delivered: int
    dead_lettered: int
    updated_at: float
    last_error: str


def get(engine: Engine, sink: str) -> Position:
    """The sink's position; a sink never seen starts at 0 (the beginning of the log)."""
    with engine.connect() as conn:
        row = conn.execute(select(export_positions).where(export_positions.c.sink == sink)).first()
    if row is None:
        return Position(sink, 0, 0, 0, 0.0, "")
    return Position(*row)


def all_positions(engine: Engine) -> list[Position]:
    with engine.connect() as conn:
        rows = conn.execute(select(export_positions).order_by(export_positions.c.sink)).all()
    return [Position(*r) for r in rows]


def _write(engine: Engine) -> Any:
    """A write transaction that takes SQLite's write lock up front (``BEGIN IMMEDIATE``,
    as the log's writer does): a deferred one that read first fails with "database is
    locked" at its first write when the daemon committed in between."""
    return engine.connect().execution_options(bastion_write=True)


def advance(
    engine: Engine, sink: str, seq: int, *, delivered: int = 0, dead: int = 0, error: str = ""
) -> None:
    """Move the sink to ``seq`` (never backwards) and add to its counters."""
    now = time.time()
    with _write(engine) as conn, conn.begin():
        row = conn.execute(
            select(export_positions.c.seq).where(export_positions.c.sink == sink)
        ).first()
        if row is None:
            conn.execute(
                insert(export_positions).values(
                    sink=sink,
                    seq=seq,
                    delivered=delivered,
                    dead_lettered=dead,
                    updated_at=now,
                    last_error=error[:500],
                )
            )
            return
        conn.execute(
            update(export_positions)
            .where(export_positions.c.sink == sink)
            .values(
                seq=max(int(row[0]), seq),
                delivered=export_positions.c.delivered + delivered,
                dead_lettered=export_positions.c.dead_lettered + dead,
                updated_at=now,
                last_error=error[:500],
            )
        )


def note_error(engine: Engine, sink: str, error: str) -> None:
    """Record why the sink is failing (shown by `bastion export status`), position unmoved."""
    pos = get(engine, sink)
    advance(engine, sink, pos.seq, error=error)


def reset(engine: Engine, sink: str, seq: int = 0) -> None:
    """Put a sink back to ``seq`` (an operator's replay)."""
    with _write(engine) as conn, conn.begin():
        conn.execute(export_positions.delete().where(export_positions.c.sink == sink))
    if seq:
        advance(engine, sink, seq)
