"""A SQLite file of its own beside a home's database, for rows another process writes.

SQLite has one write lock per database file. A process that is not the daemon (the
exporter, the console) and that an agent can stop (SIGSTOP) inside a write transaction
would hold that lock and make every decision wait the busy timeout and fail (issue #18).
Rows that only such a process writes and reads (export positions, the console's logins)
therefore live in ``<name>.<suffix>.db`` next to the home's ``<name>.db``; the daemon never
opens that file, so a frozen writer holds up only the other writers of the same file.

The tables keep their definitions in `bastion.store.schema`: the home's one Alembic chain
still creates them, and PostgreSQL (whose row locks no decision waits for) and in-memory
SQLite (no other process can share it) keep using them in the home database. The side
file is made from the same definitions with ``create_all`` and takes the home table's
rows over once, on first use, by a read (reads never block SQLite's writer in WAL mode);
a note in the file says the copy was made, so a later copy never moves a row back.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    insert,
    inspect,
    select,
)

__all__ = ["BUSY_MS", "SideFile"]

BUSY_MS = 10_000
"""How long a writer of a side file waits for another one (say a frozen exporter) before
its write fails; the daemon never waits on a side file."""


def _connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # BEGIN is issued by `_begin`
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # These rows must survive a restart of the machine too (a position, a login): one
    # fsync per write is cheap at their rate.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    cursor.close()


def _begin(conn: Any) -> None:
    # A write takes the lock up front (``BEGIN IMMEDIATE``, as the log's writer does), so
    # two writers never deadlock upgrading a read lock, and a deferred one that read first
    # never fails at its first write because another writer committed in between.
    write = conn.get_execution_options().get("bastion_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class SideFile:
    """One kind of side file (its ``suffix``) holding ``tables``, for every home."""

    def __init__(self, suffix: str, tables: Sequence[Table]) -> None:
        self.suffix = suffix
        self.tables = tuple(tables)
        self._meta = MetaData()
        for table in self.tables:
            table.to_metadata(self._meta)
        self._notes = Table(
            "notes",
            self._meta,
            Column("key", String(64), primary_key=True),
            Column("value", String(200)),
        )
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()

    def path(self, engine: Engine) -> Path | None:
        """The side file of the home whose database ``engine`` opens; None where the rows
        stay in the database's own tables (PostgreSQL, in-memory SQLite)."""
        if engine.dialect.name != "sqlite":
            return None
        db = engine.url.database
        if not db or db == ":memory:" or db.startswith("file:"):
            return None
        path = Path(db).absolute()
        return path.with_name(f"{path.stem}.{self.suffix}.db")

    def engine(self, engine: Engine) -> Engine:
        """The engine that holds these rows for the home of ``engine`` (created, made
        0600 and filled from the home's tables on first use)."""
        path = self.path(engine)
        if path is None:
            return engine
        key = str(path)
        with self._lock:
            side = self._engines.get(key)
            if side is not None and path.exists():
                return side
            fresh = not path.exists()
            side = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_MS / 1000})
            event.listen(side, "connect", _connect)
            event.listen(side, "begin", _begin)
            with side.connect().execution_options(bastion_write=True) as conn, conn.begin():
                self._meta.create_all(conn)
                if fresh:
                    os.chmod(path, 0o600)
                notes = self._notes
                done = conn.execute(select(notes.c.value).where(notes.c.key == "copied")).first()
                if done is None:
                    for table, found in self._old_rows(engine):
                        if found:
                            conn.execute(insert(self._meta.tables[table.name]), found)
                    conn.execute(insert(notes).values(key="copied", value=str(time.time())))
            self._engines[key] = side
            return side

    def write(self, engine: Engine) -> Connection:
        """A connection whose transactions take the file's write lock up front."""
        return self.engine(engine).connect().execution_options(bastion_write=True)

    def read(self, engine: Engine) -> Connection:
        return self.engine(engine).connect()

    def _old_rows(self, engine: Engine) -> list[tuple[Table, list[dict[str, Any]]]]:
        """The rows kept in the home database before the side file existed (a read)."""
        out: list[tuple[Table, list[dict[str, Any]]]] = []
        with engine.connect() as conn:
            for table in self.tables:
                if inspect(conn).has_table(table.name):
                    out.append((table, [dict(r) for r in conn.execute(select(table)).mappings()]))
            conn.rollback()
        return out
