"""The identity registry of one home: agents, session credentials, revocations, grants.

Its rows live in the store's database (``identity_*`` tables, `bastion.store.schema`),
created and upgraded by the store's one Alembic chain, on SQLite and PostgreSQL; the
registry reads and writes them through the `Store`. A home made before that kept them in
``<home>/identity.db``: the first registry to open such a home moves its rows into the
store and renames the file ``identity.db.moved`` (kept, owner-only, for the record).
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

from sqlalchemy import Table, create_engine, insert, inspect, select, text, update
from sqlalchemy.engine import Engine

from bastion.core import home as home_names
from bastion.store import Store
from bastion.store.schema import identity_agents as agents
from bastion.store.schema import identity_grants as grants
from bastion.store.schema import identity_revocations as revocations
from bastion.store.schema import identity_sessions as sessions

__all__ = ["LEGACY_FILE", "Registry"]

LEGACY_FILE = home_names.IDENTITY_DB
"""Where homes made before the store held the registry kept it."""
# Each table of the old file and where its rows go.
_LEGACY_TABLES: tuple[tuple[str, Table], ...] = (
    ("agents", agents),
    ("sessions", sessions),
    ("revocations", revocations),
    ("grants", grants),
)


class Registry:
    """Rows of the identity registry; no business rules (those live in ``service``).

    ``store``: the store to use (the daemon hands over its own, so a write joins its
    transactions instead of waiting on them); else one is opened on ``database_url``
    (default: the home's).
    """

    def __init__(
        self, root: Path, database_url: str | None = None, *, store: Store | None = None
    ) -> None:
        self.root = root
        self.epoch_path = root / home_names.IDENTITY_EPOCH
        self.log_path = root / home_names.IDENTITY_EVENTS
        self._own_store = store is None
        if store is None:
            from bastion.config import Home

            store = Store(database_url or Home.resolve(root).database_url)
        self.store = store
        self.engine: Engine = store.engine
        self.moved = self._move_legacy_file()

    def _move_legacy_file(self) -> int:
        """Move the rows of a pre-store ``identity.db`` into the store, once; how many.

        Under a lock (the daemon and a hook deciding in-process may open the home at the
        same moment) and idempotent: a row whose key is in the store already is skipped,
        so a move cut short is finished by the next open. The file is renamed last.
        """
        legacy = self.root / LEGACY_FILE
        if not legacy.exists():
            return 0
        moved = 0
        with open(self.root / "identity.db.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not legacy.exists():
                    return 0  # another process moved it while we waited
                source = create_engine(f"sqlite:///{legacy}")
                try:
                    found = set(inspect(source).get_table_names())
                    with source.connect() as old, self.store.transaction() as conn:
                        for name, table in _LEGACY_TABLES:
                            if name in found:
                                rows = old.execute(text(f"SELECT * FROM {name}")).mappings()
                                moved += _insert_missing(conn, table, [dict(r) for r in rows])
                finally:
                    source.dispose()
                for suffix in ("", "-wal", "-shm"):
                    part = legacy.with_name(LEGACY_FILE + suffix)
                    if part.exists():
                        os.replace(part, legacy.with_name(f"{LEGACY_FILE}.moved{suffix}"))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return moved

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
        with self.store.transaction() as conn:
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
        with self.store.transaction() as conn:
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
        with self.store.transaction() as conn:
            conn.execute(
                insert(revocations).values(
                    kind=kind, subject=subject, at=now, by=by, reason=reason, lifted_at=None
                )
            )
        self.bump()

    def lift(self, kind: str, subject: str, now: float) -> int:
        with self.store.transaction() as conn:
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
        with self.store.transaction() as conn:
            conn.execute(insert(grants).values(**row))
        self.bump()

    def grants(self, now: float) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(grants).where(grants.c.expires_at > now)).mappings()
            return [dict(r) for r in rows]

    def close(self) -> None:
        if self._own_store:
            self.store.close()


def _insert_missing(conn: Any, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose key the table lacks; revocations (numbered by the database)
    are matched on what they say instead."""
    if not rows:
        return 0
    columns = {c.name for c in table.c}
    if table is revocations:
        have = {
            (r.kind, r.subject, r.at)
            for r in conn.execute(select(table.c.kind, table.c.subject, table.c.at))
        }
        new = [
            {k: v for k, v in r.items() if k in columns and k != "id"}
            for r in rows
            if (r["kind"], r["subject"], r["at"]) not in have
        ]
    else:
        have = {r[0] for r in conn.execute(select(table.c.id))}
        new = [{k: v for k, v in r.items() if k in columns} for r in rows if r["id"] not in have]
    if new:
        conn.execute(insert(table), new)
    return len(new)


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
