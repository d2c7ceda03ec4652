"""The audit log's entries for export, after a position, with their leaf hashes.

Exporters never read the event tables their own way: they read the same entry bytes
the log's leaves were made of (`bastion.store.entries`), so what leaves Bastion is
exactly what the signed log holds, redacted as recorded, and each item's idempotency
key is its leaf hash (RFC 9162 ``SHA-256(0x00 || entry)``). Positions are event seqs:
the log appends in seq order under its write lock, so "every event after seq N" is
well defined and never skips a committed event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Select, Text, func, select, type_coerce

from bastion.audit.entry import (
    ALERT_FIELDS,
    ENTRY_FIELDS,
    FINDING_FIELDS,
    JSON_FIELDS,
    canonical_json,
    compose_values,
)
from bastion.audit.merkle import leaf_hash
from bastion.store.schema import alerts, events, findings, sessions

__all__ = [
    "PAGE",
    "LogItem",
    "SessionPeople",
    "iter_log",
    "last_seq",
    "read_page",
    "session_people",
    "session_start_data",
]

PAGE = 2000


@dataclass(frozen=True, slots=True)
class LogItem:
    """One log entry ready to export."""

    seq: int
    session_id: str
    entry: bytes
    leaf: bytes

    @property
    def key(self) -> str:
        """The idempotency key: the leaf hash in hex."""
        return self.leaf.hex()

    def parsed(self) -> dict[str, Any]:
        value: dict[str, Any] = orjson.loads(self.entry)
        return value


def _columns() -> Select[Any]:
    return select(
        *[
            type_coerce(events.c[name], Text).label(name) if name in JSON_FIELDS else events.c[name]
            for name in ENTRY_FIELDS
        ]
    ).order_by(events.c.seq)


_SEQ = ENTRY_FIELDS.index("seq")
_ID = ENTRY_FIELDS.index("id")
_SID = ENTRY_FIELDS.index("session_id")


def read_page(
    conn: Connection,
    after_seq: int,
    limit: int = PAGE,
    *,
    session_id: str | None = None,
    since: float | None = None,
    until: float | None = None,
) -> list[LogItem]:
    """Up to ``limit`` entries with ``seq > after_seq`` (and the filters), in log order."""
    query = _columns().where(events.c.seq > after_seq).limit(limit)
    if session_id:
        query = query.where(events.c.session_id == session_id)
    if since is not None:
        query = query.where(events.c.time >= since)
    if until is not None:
        query = query.where(events.c.time < until)
    rows = conn.execute(query).all()
    if not rows:
        return []
    f_by, a_by = _attached(conn, rows[0][_SEQ], rows[-1][_SEQ])
    out = []
    for row in rows:
        f = f_by.get(row[_ID])
        a = a_by.get(row[_ID])
        entry = compose_values(  # type: ignore[call-arg]
            *row, canonical_json(f) if f else "[]", canonical_json(a) if a else "[]"
        )
        out.append(LogItem(int(row[_SEQ]), str(row[_SID]), entry, leaf_hash(entry)))
    return out


def _attached(
    conn: Connection, first: int, last: int
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Findings and alerts of the events with ``first <= seq <= last``, by event id, as
    `bastion.store.entries.attached` gives them (the same dicts, so the same entry
    bytes), read as plain tuples: building a mapping view per row cost the exporter more
    than the query did."""
    in_range = select(events.c.id).where(events.c.seq.between(first, last))
    out: list[dict[str, list[dict[str, Any]]]] = []
    for table, names in ((findings, FINDING_FIELDS), (alerts, ALERT_FIELDS)):
        query = (
            select(table.c.event_id, *[table.c[k] for k in names])
            .where(table.c.event_id.in_(in_range))
            .order_by(table.c.id)
        )
        by_event: dict[str, list[dict[str, Any]]] = {}
        for row in conn.execute(query).tuples():
            by_event.setdefault(row[0], []).append(dict(zip(names, row[1:], strict=True)))
        out.append(by_event)
    return out[0], out[1]


def iter_log(
    conn: Connection,
    after_seq: int = 0,
    *,
    session_id: str | None = None,
    since: float | None = None,
    until: float | None = None,
    page: int = PAGE,
) -> Iterator[LogItem]:
    """Every entry after ``after_seq`` matching the filters, page by page."""
    last = after_seq
    while True:
        items = read_page(conn, last, page, session_id=session_id, since=since, until=until)
        yield from items
        if len(items) < page:
            return
        last = items[-1].seq


def last_seq(conn: Connection) -> int:
    """The newest event's seq (0 for an empty log)."""
    value = conn.execute(select(func.max(events.c.seq))).scalar()
    return int(value or 0)


@dataclass(frozen=True, slots=True)
class SessionPeople:
    """Who a ``sessions`` row says ran a session: the agent, the human, the host."""

    agent: str
    human: str
    host: str


def session_people(conn: Connection, session_id: str) -> SessionPeople | None:
    """The agent, human and host of a session's row, or None if there is no row."""
    query = select(sessions.c.agent, sessions.c.human, sessions.c.host)
    row = conn.execute(query.where(sessions.c.id == session_id)).first()
    if row is None:
        return None
    return SessionPeople(str(row.agent or ""), str(row.human or ""), str(row.host or ""))


def session_start_data(conn: Connection, session_id: str) -> str | None:
    """The ``data`` JSON text of a session's first ``session_start`` event, or None."""
    row = conn.execute(
        select(type_coerce(events.c.data, Text))
        .where(events.c.session_id == session_id, events.c.kind == "session_start")
        .order_by(events.c.seq)
        .limit(1)
    ).first()
    return None if row is None else str(row[0] or "{}")
