"""Each export sink's durable position in the audit log.

A sink's position is the seq of the last event it delivered or dead-lettered. Moving it
is the last step of a delivery, after the receiver acknowledged: a crash in between
sends the same events again (at least once), and receivers dedupe on the leaf hash.

**Where positions live.** On SQLite they live in a file of their own next to the home's
database (``<name>.export-positions.db``), never in the database decisions are written
to. SQLite has one write lock per database file: an exporter that is stopped (SIGSTOP,
a debugger, a swapped-out laptop) while it holds that lock for its position update
would make every decision wait and then fail with "database is locked", so a slow or
frozen sink would slow or deny decisions (issue #18: delivery never runs on the
decision path). With positions in their own file, a frozen exporter can only hold up
other position writers; the daemon never opens that file. Positions written before this
file existed (table ``export_positions`` in the home's database) are copied into it once,
on first use, by a read of the old table (reads never block SQLite's writer in WAL mode):
`bastion.store.side_file`, as for the console's logins (`console_auth`).

On PostgreSQL the table ``export_positions`` stays: a position update locks only that
sink's row, which no decision touches (the log writer's advisory lock and tables are
never taken by an exporter), so a frozen exporter holds up nobody but itself. An
in-memory SQLite store (tests) keeps the table too: no other process can share it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, update

from bastion.store.schema import export_positions
from bastion.store.side_file import SideFile

__all__ = [
    "Position",
    "advance",
    "all_positions",
    "get",
    "note_error",
    "positions_path",
    "reset",
]

_FILE = SideFile("export-positions", (export_positions,))


@dataclass(frozen=True, slots=True)
class Position:
    sink: str
    seq: int
    delivered: int
    dead_lettered: int
    updated_at: float
    last_error: str


def positions_path(engine: Engine) -> Path | None:
    """The positions file for a home's SQLite database; None where positions stay in the
    database's own table (PostgreSQL, in-memory SQLite)."""
    return _FILE.path(engine)


def _target(engine: Engine) -> Engine:
    """The engine that holds this home's positions (see the module docstring)."""
    return _FILE.engine(engine)


def get(engine: Engine, sink: str) -> Position:
    """The sink's position; a sink never seen starts at 0 (the beginning of the log)."""
    with _target(engine).connect() as conn:
        row = conn.execute(select(export_positions).where(export_positions.c.sink == sink)).first()
    if row is None:
        return Position(sink, 0, 0, 0, 0.0, "")
    return Position(*row)


def all_positions(engine: Engine) -> list[Position]:
    with _target(engine).connect() as conn:
        rows = conn.execute(select(export_positions).order_by(export_positions.c.sink)).all()
    return [Position(*r) for r in rows]


def _write(engine: Engine) -> Connection:
    """A write transaction that takes SQLite's write lock up front (`side_file`)."""
    return _FILE.write(engine)


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
