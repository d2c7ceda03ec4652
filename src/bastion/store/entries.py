"""Stored event rows read back as log entries, the exact bytes their leaves were made of.

Leaf ``i`` of the log is the ``i``-th event by ``seq`` (the store assigns ``seq`` under
the log's write lock, so seq order is append order). The JSON columns come back as
the canonical text the store wrote, on SQLite and PostgreSQL alike
(`bastion.store.schema.Json`), so an entry is assembled without parsing them
(`bastion.audit.entry.compose_values`).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, Text, select, type_coerce

from bastion.audit.entry import (
    ALERT_FIELDS,
    ENTRY_FIELDS,
    FINDING_FIELDS,
    JSON_FIELDS,
    alert_part,
    canonical_json,
    compose_values,
    finding_part,
)
from bastion.store.schema import alerts, events, findings

__all__ = [
    "READ_BATCH",
    "Attached",
    "StoredEntry",
    "attached",
    "entry_pages",
    "iter_entries",
]

READ_BATCH = 5000

_SEQ_AT = ENTRY_FIELDS.index("seq")
_ID_AT = ENTRY_FIELDS.index("id")
_SID_AT = ENTRY_FIELDS.index("session_id")
_TIME_AT = ENTRY_FIELDS.index("time")

Attached = dict[str, list[dict[str, Any]]]


@dataclass(slots=True)
class StoredEntry:
    """One event as stored, with the log entry its row makes now."""

    index: int
    seq: int
    id: str
    session_id: str
    time: float
    entry: bytes


def _entry_columns() -> Select[Any]:
    """The event columns in `ENTRY_FIELDS` order, so a row goes straight to compose_values;
    JSON columns as their stored text."""
    return select(
        *[
            type_coerce(events.c[name], Text).label(name) if name in JSON_FIELDS else events.c[name]
            for name in ENTRY_FIELDS
        ]
    ).order_by(events.c.seq)


def attached(
    conn: Connection,
    event_ids: Sequence[str] | None = None,
    seqs: tuple[int, int] | None = None,
) -> tuple[Attached, Attached]:
    """Findings and alerts by event id: of ``event_ids``, of the events whose seq is in
    the inclusive range ``seqs``, or all of them when both are None."""
    by_event_f: Attached = defaultdict(list)
    by_event_a: Attached = defaultdict(list)
    fq = select(findings.c.event_id, *[findings.c[k] for k in FINDING_FIELDS]).order_by(
        findings.c.id
    )
    aq = select(alerts.c.event_id, *[alerts.c[k] for k in ALERT_FIELDS]).order_by(alerts.c.id)
    if event_ids is not None:
        fq = fq.where(findings.c.event_id.in_(event_ids))
        aq = aq.where(alerts.c.event_id.in_(event_ids))
    elif seqs is not None:
        in_range = select(events.c.id).where(events.c.seq.between(*seqs))
        fq = fq.where(findings.c.event_id.in_(in_range))
        aq = aq.where(alerts.c.event_id.in_(in_range))
    for row in conn.execute(fq).mappings():
        by_event_f[row["event_id"]].append(finding_part(dict(row)))
    for row in conn.execute(aq).mappings():
        by_event_a[row["event_id"]].append(alert_part(dict(row)))
    return by_event_f, by_event_a


def _entry(row: Sequence[Any], f_by: Attached, a_by: Attached) -> bytes:
    event_id = row[_ID_AT]
    f = f_by.get(event_id) if f_by else None
    a = a_by.get(event_id) if a_by else None
    return compose_values(  # type: ignore[call-arg]
        *row, canonical_json(f) if f else "[]", canonical_json(a) if a else "[]"
    )


def iter_entries(
    conn: Connection, *, seqs: Sequence[int] | None = None, batch: int = READ_BATCH
) -> Iterator[StoredEntry]:
    """Yield every stored event in seq order (or only ``seqs``) with its entry bytes.

    With ``seqs`` the ``index`` is left at -1: a leaf index counts every earlier event.
    """
    query = _entry_columns()
    everything = seqs is None
    found = attached(conn) if everything else None
    if seqs is not None:
        query = query.where(events.c.seq.in_(list(seqs)))
    index = 0
    last = None
    while True:
        page = query.limit(batch)
        if last is not None:
            page = page.where(events.c.seq > last)
        rows = conn.execute(page).all()
        if not rows:
            return
        f_by, a_by = found if found is not None else attached(conn, [r[_ID_AT] for r in rows])
        for row in rows:
            yield StoredEntry(
                index if everything else -1,
                row[_SEQ_AT],
                row[_ID_AT],
                row[_SID_AT],
                row[_TIME_AT],
                _entry(row, f_by, a_by),
            )
            index += 1
        last = rows[-1][_SEQ_AT]
        if len(rows) < batch:
            return


_SQLITE_PAGE = (
    f"SELECT {', '.join(ENTRY_FIELDS)} FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq LIMIT ?"
)


def entry_pages(
    conn: Connection, first_seq: int, last_seq: int, batch: int = READ_BATCH
) -> Iterator[list[bytes]]:
    """Yield the entries of the events with ``first_seq <= seq <= last_seq``, page by page.

    The verifier's inner loop: it keeps nothing of a row but its entry. On SQLite the
    page is read through the driver's own cursor on the same connection (and so the
    same snapshot): SQLAlchemy's result rows cost ~0.5 µs each here, a quarter of what
    reading and composing a row costs (bench/audit_store_bench.py).
    """
    sqlite = conn.dialect.name == "sqlite"
    cursor = conn.connection.driver_connection.cursor() if sqlite else None  # type: ignore[union-attr]
    query = _entry_columns().limit(batch)
    low = first_seq
    while low <= last_seq:
        rows: Sequence[Sequence[Any]]
        if cursor is not None:
            rows = _sqlite_page(cursor, (low, last_seq, batch))
        else:
            rows = conn.execute(query.where(events.c.seq.between(low, last_seq))).all()
        if not rows:
            return
        top = rows[-1][_SEQ_AT]
        f_by, a_by = attached(conn, seqs=(low, top))
        if not f_by and not a_by:
            yield [compose_values(*row) for row in rows]
        else:
            yield [_entry(row, f_by, a_by) for row in rows]
        low = top + 1


def _sqlite_page(cursor: Any, params: tuple[int, int, int]) -> list[Any]:
    """One page through the driver; text that is not UTF-8 (only an edit of the file
    puts it there) is read byte for byte, so its entry mismatches instead of failing."""
    try:
        rows: list[Any] = cursor.execute(_SQLITE_PAGE, params).fetchall()
        return rows
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
    db = cursor.connection
    default = db.text_factory
    db.text_factory = _lenient_text
    try:
        rows = cursor.execute(_SQLITE_PAGE, params).fetchall()
        return rows
    finally:
        db.text_factory = default


def _lenient_text(value: bytes) -> str:
    return value.decode("utf-8", "surrogateescape")
