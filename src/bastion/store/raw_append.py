"""The append transaction spoken straight to the database driver (SQLite and PostgreSQL).

Every event the daemon records is one append: the log's head checked, the event, its
findings, alerts and Merkle nodes inserted, its session's counters moved, all under the
log's write lock, and committed before the reply leaves. Measured per event
(bench/latency.py's mix, cProfile, load 3-7):

- SQLite: the append cost ~0.63 ms CPU at p50, of which SQLite itself (statements and
  the WAL commit) took ~0.23 ms and SQLAlchemy's connection, ``begin`` event, statement
  compilation and parameter processing the rest (the session UPDATE alone ~0.2 ms).
- PostgreSQL: ~12 waits on the server per event (the pool's ping, BEGIN, the advisory
  lock, the head, each INSERT and UPDATE, COMMIT), each a round trip between processes.

So the same statements go to the connection SQLAlchemy's pool hands out (same PRAGMAs,
same ping on checkout): on SQLite ``BEGIN IMMEDIATE``, ``executemany`` with tuples,
``COMMIT``; on PostgreSQL two pipelines, one sync each: BEGIN, the advisory lock and the
head (the head's statement starts after the lock is held, so it sees every earlier
writer's commit), then the INSERTs, the UPDATEs and COMMIT. Nothing about durability
changes: the commit is done before the caller is told. Rows are bound as SQLAlchemy binds
them on each backend (JSON columns as the store's canonical JSON text, SQL NULL for None
on PostgreSQL and ``null`` on SQLite as SQLAlchemy's JSON type does, U+0000 as the visible
symbol on PostgreSQL, a column's scalar default where a row leaves it out), so what is
read back is the same.

A failure of the driver is raised as SQLAlchemy's matching ``DBAPIError`` subclass, the
type every other store call raises, so callers catch one family.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.exc import DBAPIError

from bastion.audit.entry import canonical_json
from bastion.audit.errors import NodeReadError
from bastion.errors import StoreError
from bastion.store.schema import EVENT_COLUMNS, alerts, findings, sessions, storable_text

__all__ = ["RawAppend", "driver_errors"]

_HEAD = (
    'SELECT (SELECT max("index") FROM audit_nodes WHERE level = 0), (SELECT max(seq) FROM events)'
)


@contextmanager
def driver_errors(family: type[Exception]) -> Iterator[None]:
    """Raise the driver's errors (``family``) as SQLAlchemy's (``IntegrityError``, ...)."""
    try:
        yield
    except family as exc:
        raise DBAPIError.instance(None, None, exc, family) from exc


class _Binder:
    """How one backend binds values as SQLAlchemy's column types would."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.mark = "%s" if postgres else "?"

    def json(self, value: Any) -> Any:
        # SQLite's JSON type writes None as ``null``; CanonicalJsonText as SQL NULL.
        if value is None and self.postgres:
            return None
        return canonical_json(value)

    def text(self, value: Any) -> Any:
        return storable_text(value) if self.postgres and isinstance(value, str) else value


class _Insert:
    """One table's INSERT over every column but its autoincrement key, with the row's
    value, else the column's scalar default, else NULL; JSON columns as canonical text."""

    def __init__(self, table: Table, bind: _Binder) -> None:
        self.bind = bind
        self.columns = [c.name for c in table.c if not (c.primary_key and c.autoincrement is True)]
        self.json = {c.name for c in table.c if isinstance(c.type, JSON)}
        self.defaults = {
            c.name: c.default.arg if c.default is not None and c.default.is_scalar else None  # type: ignore[attr-defined]
            for c in table.c
        }
        self.table = table.name
        names = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join(bind.mark for _ in self.columns)
        self.sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
        self._known = set(self.columns)

    def params(self, row: dict[str, Any]) -> tuple[Any, ...]:
        unknown = row.keys() - self._known
        if unknown:
            raise StoreError(
                f"{self.table} rows cannot set {sorted(unknown)}; leave them out of the row"
            )
        bind = self.bind
        out = []
        for name in self.columns:
            if name in row:
                value = row[name]
                out.append(bind.json(value) if name in self.json else bind.text(value))
            else:
                out.append(self.defaults[name])
        return tuple(out)


class RawAppend:
    """The statements of an append, run on the driver's connection in a transaction the
    caller opens (`begin_sqlite`) or this opens (`head_postgres`)."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.bind = _Binder(postgres)
        # The driver's error family; psycopg is imported only for a PostgreSQL store (a
        # SQLite daemon would carry its ~9 MiB for nothing).
        self.errors: type[Exception] = sqlite3.Error
        if postgres:
            import psycopg

            self.errors = psycopg.Error
        mark = self.bind.mark
        self.event_sql = (
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
            f"VALUES ({', '.join(mark for _ in EVENT_COLUMNS)})"
        )
        self.nodes_sql = (
            f'INSERT INTO audit_nodes (level, "index", hash) VALUES ({mark}, {mark}, {mark})'
        )
        self.findings = _Insert(findings, self.bind)
        self.alerts = _Insert(alerts, self.bind)
        self._session_json = {c.name for c in sessions.c if isinstance(c.type, JSON)}
        self._session_columns = {c.name for c in sessions.c}
        self._updates: dict[tuple[str, ...], str] = {}

    def head(self, raw: Any, lock_key: int | None = None) -> tuple[int | None, int | None]:
        """The log's head: the last leaf index and the last event seq. On PostgreSQL the
        transaction's advisory lock is taken first, in the same round trip (a pipeline:
        the head's statement starts once the lock is held)."""
        if not self.postgres:
            top_leaf, top = raw.execute(_HEAD).fetchone()
            return top_leaf, top
        with raw.pipeline():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key,))
            cursor = raw.execute(_HEAD)
        top_leaf, top = cursor.fetchone()
        return top_leaf, top

    def node_reader(self, raw: Any) -> Callable[[Sequence[tuple[int, int]]], list[bytes]]:
        """A `NodeReader` over ``audit_nodes`` (rebuilding the tree after another writer)."""
        mark = self.bind.mark

        def read(nodes: Sequence[tuple[int, int]]) -> list[bytes]:
            wanted = list(dict.fromkeys(nodes))
            got: dict[tuple[int, int], bytes] = {}
            by_level: dict[int, list[int]] = {}
            for lv, ix in wanted:
                by_level.setdefault(lv, []).append(ix)
            for lv, indexes in by_level.items():
                for start in range(0, len(indexes), 500):
                    chunk = indexes[start : start + 500]
                    marks = ", ".join(mark for _ in chunk)
                    for ix, value in raw.execute(
                        f'SELECT "index", hash FROM audit_nodes WHERE level = {mark} '
                        f'AND "index" IN ({marks})',
                        (lv, *chunk),
                    ):
                        got[(lv, int(ix))] = bytes(value)
            missing = [n for n in wanted if n not in got]
            if missing:
                raise NodeReadError(
                    f"the store has no hash for subtree(s) {missing[:5]} (level, index): the "
                    "audit_nodes table is incomplete; run `bastion audit verify`"
                )
            return [got[n] for n in nodes]

        return read

    def write(
        self,
        raw: Any,
        event_rows: list[tuple[Any, ...]],
        finding_rows: list[dict[str, Any]],
        alert_rows: list[dict[str, Any]],
        node_rows: list[tuple[int, int, bytes]],
        touched: dict[str, dict[str, Any]],
        counts: dict[str, int],
    ) -> None:
        """The append's INSERTs and UPDATEs (SQLite: ``executemany`` on the connection;
        PostgreSQL: on one cursor, inside the caller's pipeline)."""
        run = raw.executemany if not self.postgres else raw.cursor().executemany
        run(self.event_sql, event_rows)
        if finding_rows:
            run(self.findings.sql, [self.findings.params(r) for r in finding_rows])
        if alert_rows:
            run(self.alerts.sql, [self.alerts.params(r) for r in alert_rows])
        run(self.nodes_sql, node_rows)
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        as_json = self._session_json
        bind = self.bind
        for sid, values in touched.items():
            columns = tuple(sorted(values))
            params: list[Any] = [counts[sid]]
            params.extend(
                bind.json(values[c]) if c in as_json else bind.text(values[c]) for c in columns
            )
            params.append(sid)
            by_columns.setdefault(columns, []).append(tuple(params))
        for columns, params_list in by_columns.items():
            run(self._update(columns), params_list)

    def _update(self, columns: tuple[str, ...]) -> str:
        sql = self._updates.get(columns)
        if sql is None:
            unknown = set(columns) - self._session_columns
            if unknown:
                raise StoreError(f"sessions has no columns {sorted(unknown)}; fix the values")
            mark = self.bind.mark
            sets = "".join(f', "{c}" = {mark}' for c in columns)
            sql = f"UPDATE sessions SET event_count = event_count + {mark}{sets} WHERE id = {mark}"
            self._updates[columns] = sql
        return sql
