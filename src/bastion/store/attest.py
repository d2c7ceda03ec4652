"""Reads for holding the ``sessions`` table to the log (`bastion.audit.records.judge_sessions`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from bastion.audit.records import CONTROL_NAMES, judge_sessions
from bastion.store.schema import events, sessions

__all__ = [
    "check_attestations",
]


def check_attestations(conn: Connection) -> list[str]:
    """Problems where a session row disagrees with the log's entries about it."""
    rows = [dict(r) for r in conn.execute(select(sessions)).mappings()]
    counts = {
        str(sid): int(n)
        for sid, n in conn.execute(
            select(events.c.session_id, func.count()).group_by(events.c.session_id)
        )
    }
    query = (
        select(events.c.session_id, events.c.native_name, events.c.data)
        .where(
            or_(
                and_(events.c.kind == "other", events.c.native_name.in_(CONTROL_NAMES)),
                # Older logs attributed a session only in its SessionStart entry.
                events.c.kind == "session_start",
            )
        )
        .order_by(events.c.seq)
    )
    entries: list[tuple[str, str, Any]] = [
        (str(sid), str(name), data if isinstance(data, dict) else {})
        for sid, name, data in conn.execute(query)
    ]
    return judge_sessions(rows, entries, counts)
