"""The append transaction on SQLite, spoken straight to the driver.

Every event the daemon records is one append: the log's head checked, the event, its
findings, alerts and Merkle nodes inserted, its session's counters moved, all under
SQLite's write lock, and committed before the reply leaves. Measured per event
(bench/latency.py's mix, cProfile, load ~7): the append cost ~0.63 ms CPU at p50, of
which SQLite itself (statements and the WAL commit) took ~0.23 ms and SQLAlchemy's
connection, ``begin`` event, statement compilation and parameter processing the rest
(the session UPDATE alone ~0.2 ms). So this module runs the same statements through the
``sqlite3`` connection SQLAlchemy's pool hands out: ``BEGIN IMMEDIATE``, ``executemany``
with tuples, ``COMMIT``. Nothing about durability changes: the same connection with the
same PRAGMAs (WAL, ``synchronous``), the same write lock, the commit done before the
caller is told. Rows are bound as SQLAlchemy would bind them on SQLite (JSON columns as
the store's canonical JSON text, a column's scalar default where a row leaves it out), so
what is read back is the same. PostgreSQL keeps SQLAlchemy (its cost is the round trip).

A failure of the driver is raised as SQLAlchemy's matching ``DBAPIError`` subclass, the
type every other store call raises, so callers catch one family.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.exc import DBAPIError

from bastion.audit.entry import canonical_json
from bastion.audit.errors import NodeReadError
from bastion.errors import StoreError
from bastion.store.schema import alerts, findings, sessions

__all__ = ["HEAD_SQL", "SqliteAppend", "driver_errors"]

HEAD_SQL = (
    'SELECT (SELECT max("index") FROM audit_nodes WHERE level = 0), (SELECT max(seq) FROM events)'
)
"""The log's head in one statement: the last leaf index and the last event seq."""

_NODES_SQL = 'INSERT INTO audit_nodes (level, "index", hash) VALUES (?, ?, ?)'


@contextmanager
def driver_errors(statement: str | None = None) -> Iterator[None]:
    """Raise the driver's errors as SQLAlchemy's (``IntegrityError``, ``OperationalError``)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise DBAPIError.instance(statement, None, exc, sqlite3.Error) from exc


class _Insert:
    """One table's INSERT over every column but an autoincrement key, with the row's
    value, else the column's scalar default, else NULL; JSON columns as canonical text."""

    def __init__(self, table: Table) -> None:
        # An autoincrement key left out is bound NULL: SQLite gives it the next rowid.
        self.columns = list(table.c)
        self.known = {c.name for c in table.c}
        self.json = {c.name for c in self.columns if isinstance(c.type, JSON)}
        self.defaults = {
            c.name: c.default.arg if c.default is not None and c.default.is_scalar else None  # type: ignore[attr-defined]
            for c in self.columns
        }
        self.table = table.name
        names = ", ".join(f'"{c.name}"' for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        self.sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"

    def params(self, row: dict[str, Any]) -> tuple[Any, ...]:
        unknown = row.keys() - self.known
        if unknown:
            raise StoreError(f"{self.table} has no columns {sorted(unknown)}; fix the row's keys")
        out = []
        for c in self.columns:
            name = c.name
            if name in row:
                value = row[name]
                out.append(canonical_json(value) if name in self.json else value)
            else:
                out.append(self.defaults[name])
        return tuple(out)


class SqliteAppend:
    """The statements of an append, run on a raw ``sqlite3`` connection in a transaction
    the caller holds (its ``BEGIN IMMEDIATE``)."""

    def __init__(self, event_sql: str) -> None:
        self.event_sql = event_sql
        self.findings = _Insert(findings)
        self.alerts = _Insert(alerts)
        self._session_json = {c.name for c in sessions.c if isinstance(c.type, JSON)}
        self._session_columns = {c.name for c in sessions.c}
        self._updates: dict[tuple[str, ...], str] = {}

    @staticmethod
    def head(raw: sqlite3.Connection) -> tuple[int | None, int | None]:
        top_leaf, top = raw.execute(HEAD_SQL).fetchone()
        return top_leaf, top

    @staticmethod
    def node_reader(raw: sqlite3.Connection) -> Any:
        """A `NodeReader` over ``audit_nodes`` (rebuilding the tree after another writer)."""

        def read(nodes: Sequence[tuple[int, int]]) -> list[bytes]:
            wanted = list(dict.fromkeys(nodes))
            got: dict[tuple[int, int], bytes] = {}
            by_level: dict[int, list[int]] = {}
            for lv, ix in wanted:
                by_level.setdefault(lv, []).append(ix)
            for lv, indexes in by_level.items():
                for start in range(0, len(indexes), 500):
                    chunk = indexes[start : start + 500]
                    marks = ", ".join("?" for _ in chunk)
                    for ix, value in raw.execute(
                        f'SELECT "index", hash FROM audit_nodes WHERE level = ? '
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
        raw: sqlite3.Connection,
        event_rows: list[tuple[Any, ...]],
        finding_rows: list[dict[str, Any]],
        alert_rows: list[dict[str, Any]],
        node_rows: list[tuple[int, int, bytes]],
        touched: dict[str, dict[str, Any]],
        counts: dict[str, int],
    ) -> None:
        raw.executemany(self.event_sql, event_rows)
        if finding_rows:
            raw.executemany(self.findings.sql, [self.findings.params(r) for r in finding_rows])
        if alert_rows:
            raw.executemany(self.alerts.sql, [self.alerts.params(r) for r in alert_rows])
        raw.executemany(_NODES_SQL, node_rows)
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        as_json = self._session_json
        for sid, values in touched.items():
            columns = tuple(sorted(values))
            params = [counts[sid]]
            params.extend(canonical_json(values[c]) if c in as_json else values[c] for c in columns)
            params.append(sid)
            by_columns.setdefault(columns, []).append(tuple(params))
        for columns, params_list in by_columns.items():
            raw.executemany(self._update(columns), params_list)

    def _update(self, columns: tuple[str, ...]) -> str:
        sql = self._updates.get(columns)
        if sql is None:
            unknown = set(columns) - self._session_columns
            if unknown:
                raise StoreError(f"sessions has no columns {sorted(unknown)}; fix the values")
            sets = "".join(f', "{c}" = ?' for c in columns)
            sql = f"UPDATE sessions SET event_count = event_count + ?{sets} WHERE id = ?"
            self._updates[columns] = sql
        return sql
