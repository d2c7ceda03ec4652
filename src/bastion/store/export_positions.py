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
on first use, by a read of the old table (reads never block SQLite's writer in WAL mode).

On PostgreSQL the table ``export_positions`` stays: a position update locks only that
sink's row, which no decision touches (the log writer's advisory lock and tables are
never taken by an exporter), so a frozen exporter holds up nobody but itself. An
in-memory SQLite store (tests) keeps the table too: no other process can share it.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    insert,
    inspect,
    select,
    update,
)

from bastion.store.schema import export_positions

__all__ = [
    "Position",
    "advance",
    "all_positions",
    "get",
    "note_error",
    "positions_path",
    "reset",
]

# The positions file's own tables: the same columns as the home's old table, and a note
# that the old table's rows were copied (so a later copy never moves a position back).
_side_meta = MetaData()
_positions = export_positions.to_metadata(_side_meta)
_notes = Table(
    "notes", _side_meta, Column("key", String(64), primary_key=True), Column("value", String(200))
)

_SIDECARS: dict[str, Engine] = {}
_SIDECARS_LOCK = threading.Lock()
# How long a position writer waits for another one (say a frozen fleet publisher) before
# its update fails; the worker then retries from its unmoved position (at least once).
_BUSY_MS = 10_000


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
    if engine.dialect.name != "sqlite":
        return None
    db = engine.url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    path = Path(db).absolute()
    return path.with_name(f"{path.stem}.export-positions.db")


def _connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # BEGIN is issued by `_begin`
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # A lost update would only resend a batch, but positions must survive a restart of
    # the machine too: one fsync per delivered batch is cheap.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
    cursor.close()


def _begin(conn: Any) -> None:
    # Every transaction here writes or is a single read: take the write lock up front so
    # two writers never deadlock upgrading a read lock.
    write = conn.get_execution_options().get("bastion_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _target(engine: Engine) -> Engine:
    """The engine that holds this home's positions (see the module docstring)."""
    path = positions_path(engine)
    if path is None:
        return engine
    key = str(path)
    with _SIDECARS_LOCK:
        side = _SIDECARS.get(key)
        if side is not None and path.exists():
            return side
        fresh = not path.exists()
        side = create_engine(f"sqlite:///{path}", connect_args={"timeout": _BUSY_MS / 1000})
        event.listen(side, "connect", _connect)
        event.listen(side, "begin", _begin)
        with side.connect().execution_options(bastion_write=True) as conn, conn.begin():
            _side_meta.create_all(conn)
            if fresh:
                os.chmod(path, 0o600)
            done = conn.execute(select(_notes.c.value).where(_notes.c.key == "copied")).first()
            if done is None:
                for row in _old_rows(engine):
                    conn.execute(insert(_positions).values(**row))
                conn.execute(insert(_notes).values(key="copied", value=str(time.time())))
        _SIDECARS[key] = side
        return side


def _old_rows(engine: Engine) -> list[dict[str, Any]]:
    """Positions kept in the home database before the positions file existed (a read)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("export_positions"):
            return []
        rows = conn.execute(select(export_positions)).mappings().all()
        conn.rollback()
    return [dict(r) for r in rows]


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


def _write(engine: Engine) -> Any:
    """A write transaction that takes SQLite's write lock up front (``BEGIN IMMEDIATE``,
    as the log's writer does): a deferred one that read first fails with "database is
    locked" at its first write when another writer committed in between."""
    return _target(engine).connect().execution_options(bastion_write=True)


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
