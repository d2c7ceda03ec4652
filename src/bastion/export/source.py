"""Read the audit log for export: entries after a position, with their leaf hashes.

Exporters never read the event tables their own way: they read the same entry bytes
the log's leaves were made of (`bastion.store.entries`), so what leaves Bastion is
exactly what the signed log holds, redacted as recorded, and each item's idempotency
key is its leaf hash (RFC 9162 ``SHA-256(0x00 || entry)``). Positions are event seqs:
the log appends in seq order under its write lock, so "every event after seq N" is
well defined and never skips a committed event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Select, Text, select, type_coerce

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
    from sqlalchemy import func

    value = conn.execute(select(func.max(events.c.seq))).scalar()
    return int(value or 0)


def session_row(conn: Connection, session_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
    return dict(row) if row else None


def session_context(conn: Connection, session_id: str) -> Any:
    """What a session's own session_start entry says about it (`SessionContext`), or None."""
    from bastion.export.ocsf import SessionContext

    row = conn.execute(
        select(type_coerce(events.c.data, Text))
        .where(events.c.session_id == session_id, events.c.kind == "session_start")
        .order_by(events.c.seq)
        .limit(1)
    ).first()
    if row is None:
        found = session_row(conn, session_id)
        if found is None:
            return None
        return SessionContext(
            agent=str(found.get("agent") or ""),
            human=str(found.get("human") or ""),
            host=str(found.get("host") or ""),
        )
    return SessionContext.from_start(json.loads(row[0]))
