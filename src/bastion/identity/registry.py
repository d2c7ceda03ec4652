"""The identity registry of one home: agents, session credentials, revocations, grants.

Kept in its own SQLite file (``<home>/identity.db``, owner-only) with SQLAlchemy Core, apart
from the event store, so issuing or revoking a credential never waits on the audit trail.
The daemon and the CLI both write here; every change that a running daemon must see at
once (a revocation, a grant, a key rotation) also replaces ``<home>/identity.epoch``, which
the daemon stats before each check, so it reloads only when something changed.
Lifecycle events are appended, hash-chained, to ``<home>/identity-events.jsonl``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bastion.core import home as home_names

metadata = MetaData()

agents = Table(
    "agents",
    metadata,
    Column("id", String(64), primary_key=True),  # instance id
    Column("agent", String(64), nullable=False),  # agent type, e.g. claude-code
    Column("version", String(64), nullable=False, default=""),
    Column("host", String(255), nullable=False, default=""),
    Column("hooks_sha256", String(64), nullable=False, default=""),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("sessions", Integer, nullable=False, default=0),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("human", String(255), nullable=False),
    Column("agent_instance", String(64), nullable=False),
    Column("jti", String(64), nullable=False),
    Column("token", Text, nullable=False),
    Column("issued_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("started_at", Float, nullable=False),
    Column("hooks_sha256", String(64), nullable=False, default=""),
    Column("data", Text, nullable=False, default="{}"),  # scope, guard baseline, human
)

revocations = Table(
    "revocations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # jti | session | agent | human
    Column("subject", String(255), nullable=False),
    Column("at", Float, nullable=False),
    Column("by", String(255), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("lifted_at", Float, nullable=True),
)

grants = Table(
    "grants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("session_id", String(255), nullable=False),
    Column("kind", String(16), nullable=False),  # host | repository | tool
    Column("value", Text, nullable=False),
    Column("created", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("approved_by", String(255), nullable=False),
    Column("reason", Text, nullable=False, default=""),
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Registry:
    """Rows of the identity registry; no business rules (those live in ``service``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db_path = root / home_names.IDENTITY_DB
        self.epoch_path = root / home_names.IDENTITY_EPOCH
        self.log_path = root / home_names.IDENTITY_EVENTS
        new = not self.db_path.exists()
        self.engine: Engine = create_engine(f"sqlite:///{self.db_path}", future=True)
        event.listen(self.engine, "connect", _sqlite_pragmas)
        # The daemon and a hook deciding in-process may open a new home at the same moment;
        # create_all checks then creates, so two of them would collide without a lock.
        with open(root / "identity.db.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                metadata.create_all(self.engine)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        if new:
            with contextlib.suppress(OSError):
                os.chmod(self.db_path, 0o600)

    # -- change notification ------------------------------------------------------------

    def epoch(self) -> tuple[int, int, int]:
        """A cheap fingerprint of the last change: (inode, mtime, size) of the epoch file."""
        try:
            st = os.stat(self.epoch_path)
        except FileNotFoundError:
            return (0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def bump(self) -> None:
        # A new file (new inode) each time, so two changes within one mtime tick still differ.
        tmp = self.epoch_path.with_name(f".identity.epoch.{os.getpid()}.{uuid.uuid4().hex}")
        tmp.write_text(f"{time.time():.6f} {uuid.uuid4().hex}\n", encoding="utf-8")
        os.replace(tmp, self.epoch_path)

    # -- lifecycle log ------------------------------------------------------------------

    def log(self, op: str, subject: str, by: str, **detail: Any) -> dict[str, Any]:
        """Append one lifecycle event, chained to the previous line by SHA-256.

        The daemon and the CLI both append; an exclusive lock on the file around reading
        the last hash and writing the new line keeps them from chaining two events to
        the same predecessor (a fork that `verify_lifecycle` would report).
        """
        fd = os.open(self.log_path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            entry: dict[str, Any] = {
                "time": time.time(),
                "op": op,
                "subject": subject,
                "by": by,
                "detail": detail,
                "prev": _last_hash(fd),
            }
            entry["hash"] = _entry_hash(entry)
            os.write(fd, (_canonical(entry) + "\n").encode())
        finally:
            os.close(fd)  # releases the lock
        return entry

    def lifecycle(self) -> list[dict[str, Any]]:
        if not self.log_path.exists():
            return []
        return [json.loads(x) for x in self.log_path.read_text().splitlines() if x.strip()]

    def verify_lifecycle(self) -> tuple[int, str | None]:
        """Check the lifecycle log's chain: ``(events, None)`` or the first break.

        Every line must hash to its own ``hash`` and name the line before it as ``prev``;
        an edited, deleted, inserted or reordered line breaks the chain right there.
        """
        if not self.log_path.exists():
            return 0, None
        prev = ""
        count = 0
        for number, raw in enumerate(self.log_path.read_bytes().splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
                claimed = entry.pop("hash")
            except (ValueError, KeyError, AttributeError, TypeError):
                return count, f"line {number} is not a lifecycle event (damaged or edited)"
            if _entry_hash(entry) != claimed:
                return count, f"line {number} ({entry.get('op')}) was changed after it was written"
            if entry.get("prev") != prev:
                return count, (
                    f"line {number} ({entry.get('op')}) does not follow line {number - 1}: "
                    "a line before it was deleted, inserted or reordered"
                )
            prev = claimed
            count += 1
        return count, None

    # -- agents -------------------------------------------------------------------------

    def register_agent(
        self, instance: str, agent: str, version: str, host: str, hooks: str, now: float
    ) -> bool:
        """Record an agent instance; returns True when it was seen for the first time."""
        with self.engine.begin() as conn:
            row = conn.execute(select(agents.c.id).where(agents.c.id == instance)).first()
            if row is None:
                conn.execute(
                    insert(agents).values(
                        id=instance,
                        agent=agent,
                        version=version,
                        host=host,
                        hooks_sha256=hooks,
                        first_seen=now,
                        last_seen=now,
                        sessions=1,
                    )
                )
                return True
            conn.execute(
                update(agents)
                .where(agents.c.id == instance)
                .values(last_seen=now, sessions=agents.c.sessions + 1)
            )
            return False

    def agents(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(agents).order_by(agents.c.last_seen.desc())).mappings()
            return [dict(r) for r in rows]

    # -- sessions -----------------------------------------------------------------------

    def save_session(self, row: dict[str, Any]) -> None:
        values = dict(row)
        values["data"] = json.dumps(values.get("data") or {}, sort_keys=True)
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(sessions.c.id).where(sessions.c.id == values["id"])
            ).first()
            if exists is None:
                conn.execute(insert(sessions).values(**values))
            else:
                conn.execute(update(sessions).where(sessions.c.id == values["id"]).values(**values))

    def session(self, session_id: str) -> dict[str, Any] | None:
        """One session by id, or by a unique prefix of its id."""
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings()
            found = row.first()
            if found is None and session_id:
                like = conn.execute(
                    select(sessions).where(sessions.c.id.startswith(session_id, autoescape=True))
                ).mappings()
                matches = like.all()
                found = matches[0] if len(matches) == 1 else None
        if found is None:
            return None
        out = dict(found)
        out["data"] = json.loads(out["data"] or "{}")
        return out

    def sessions_of(self, *, human: str | None = None, agent: str | None = None) -> list[str]:
        query = select(sessions.c.id)
        if human is not None:
            query = query.where(sessions.c.human == human)
        if agent is not None:
            query = query.where(sessions.c.agent_instance == agent)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(query)]

    # -- revocations and grants ---------------------------------------------------------

    def revoke(self, kind: str, subject: str, by: str, reason: str, now: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(revocations).values(
                    kind=kind, subject=subject, at=now, by=by, reason=reason, lifted_at=None
                )
            )
        self.bump()

    def lift(self, kind: str, subject: str, now: float) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(revocations)
                .where(
                    revocations.c.kind == kind,
                    revocations.c.subject == subject,
                    revocations.c.lifted_at.is_(None),
                )
                .values(lifted_at=now)
            )
        self.bump()
        return int(result.rowcount or 0)

    def revocations(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(revocations).where(revocations.c.lifted_at.is_(None)))
            return [dict(r) for r in rows.mappings()]

    def add_grant(self, row: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(grants).values(**row))
        self.bump()

    def grants(self, now: float) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(grants).where(grants.c.expires_at > now)).mappings()
            return [dict(r) for r in rows]

    def close(self) -> None:
        self.engine.dispose()


def _canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"))


def _entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the event without its own hash (``prev`` included, so lines chain)."""
    return hashlib.sha256(_canonical(entry).encode()).hexdigest()


def _last_hash(fd: int) -> str:
    """The ``hash`` of the last complete line of the open log (empty for a new log)."""
    size = os.fstat(fd).st_size
    start = max(0, size - 65536)
    tail = os.pread(fd, size - start, start).splitlines()
    for line in reversed(tail):
        if line.strip():
            with contextlib.suppress(ValueError, KeyError, TypeError):
                return str(json.loads(line)["hash"])
    return ""
