"""The record's storage: one interface over SQLite (embedded default) and PostgreSQL.

No business rules live here: callers hand over already redacted rows and get rows back.
SQLite runs in WAL mode with ``synchronous=NORMAL``: a committed event survives a crash
of the process that wrote it, and readers (the CLI, the console) never block the daemon.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from bastion.errors import StoreError
from bastion.store.schema import alerts, events, findings, metadata, sessions

__all__ = ["Store"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """Sessions, events, verdicts, findings and alerts, behind SQLAlchemy Core."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            if url.startswith("sqlite"):
                self.engine: Engine = create_engine(url, connect_args={"timeout": 10})
                event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = create_engine(url, pool_pre_ping=True)
            metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the store at {_safe_url(url)} ({type(exc).__name__}); check "
                "BASTION_DATABASE_URL or the --home directory's permissions"
            ) from exc
        self._conn: Connection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.engine.dispose()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; nested calls join the outer one (used to batch a replay)."""
        if self._conn is not None:
            yield self._conn
            return
        with self.engine.begin() as conn:
            self._conn = conn
            try:
                yield conn
            finally:
                self._conn = None

    # -- writes -------------------------------------------------------------------------

    def upsert_session(self, row: dict[str, Any]) -> None:
        with self.transaction() as conn:
            exists = conn.execute(
                select(sessions.c.id).where(sessions.c.id == row["id"])
            ).first()
            if exists:
                values = {k: v for k, v in row.items() if k not in ("id", "started_at")}
                conn.execute(update(sessions).where(sessions.c.id == row["id"]).values(**values))
            else:
                conn.execute(insert(sessions).values(**row))

    def update_session(self, session_id: str, **values: Any) -> None:
        with self.transaction() as conn:
            conn.execute(update(sessions).where(sessions.c.id == session_id).values(**values))

    def append_event(
        self,
        row: dict[str, Any],
        finding_rows: list[dict[str, Any]],
        alert_rows: list[dict[str, Any]],
        session_values: dict[str, Any],
    ) -> int:
        """Write one event with its findings and alerts, and touch its session, atomically."""
        with self.transaction() as conn:
            seq = conn.execute(insert(events).values(**row)).inserted_primary_key
            if finding_rows:
                conn.execute(insert(findings), finding_rows)
            if alert_rows:
                conn.execute(insert(alerts), alert_rows)
            conn.execute(
                update(sessions)
                .where(sessions.c.id == row["session_id"])
                .values(event_count=sessions.c.event_count + 1, **session_values)
            )
            return int(seq[0]) if seq else 0

    # -- reads --------------------------------------------------------------------------

    def session(self, session_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings()
            found = row.first()
            if found is None:
                # Let people paste a prefix of the id, as with git.
                rows = conn.execute(
                    select(sessions).where(sessions.c.id.startswith(session_id)).limit(2)
                ).mappings().all()
                found = rows[0] if len(rows) == 1 else None
            return dict(found) if found else None

    def sessions(self, limit: int = 50) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(sessions).order_by(sessions.c.last_seen.desc()).limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def events(self, session_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(events).where(events.c.session_id == session_id).order_by(events.c.seq)
            ).mappings()
            return [dict(r) for r in rows]

    def findings(self, session_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(findings).where(findings.c.session_id == session_id).order_by(findings.c.id)
            ).mappings()
            return [dict(r) for r in rows]

    def alerts(self, session_id: str | None = None) -> list[dict[str, Any]]:
        query = select(alerts).order_by(alerts.c.id)
        if session_id:
            query = query.where(alerts.c.session_id == session_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def load_state(self, session_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(sessions.c.state).where(sessions.c.id == session_id)
            ).first()
            return dict(row[0]) if row and row[0] else None

    def count_events(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def _safe_url(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
