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

from bastion.core import home as home_names
from bastion.store import Store
from bastion.store import identity as rows
from bastion.store.identity import AgentInstanceRow, GrantRow, IdentitySessionRow, RevocationRow

__all__ = ["LEGACY_FILE", "Registry"]

LEGACY_FILE = home_names.IDENTITY_DB
"""Where homes made before the store held the registry kept it."""


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
        self.moved = self._move_legacy_file()
        # The log file as this registry last wrote it (inode, size, mtime) and its last
        # hash: when the file is still exactly that, the next entry chains to it without
        # reading and parsing the tail again (a session start's credential-issued entry).
        self._tail: tuple[tuple[int, int, int], str] | None = None

    def _move_legacy_file(self) -> int:
        """Move the rows of a pre-store ``identity.db`` into the store, once; how many.

        Under a lock (the daemon and a hook deciding in-process may open the home at the
        same moment) and idempotent: a row whose key is in the store already is skipped,
        so a move cut short is finished by the next open. The file is renamed last.
        """
        legacy = self.root / LEGACY_FILE
        if not legacy.exists():
            return 0
        with open(self.root / "identity.db.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not legacy.exists():
                    return 0  # another process moved it while we waited
                moved = rows.move_legacy(self.store, legacy)
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
                "prev": self._prev_hash(fd),
            }
            entry["hash"] = _entry_hash(entry)
            os.write(fd, (_canonical(entry) + "\n").encode())
            self._tail = (_file_mark(fd), entry["hash"])
        finally:
            os.close(fd)  # releases the lock
        return entry

    def _prev_hash(self, fd: int) -> str:
        """The last line's hash: remembered when the file is as this registry left it
        (another writer, a truncation or an edit changes its size, inode or mtime)."""
        tail = self._tail
        if tail is not None and tail[0] == _file_mark(fd):
            return tail[1]
        return _last_hash(fd)

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

    # -- rows (through the store) -------------------------------------------------------

    def register_agent(
        self, instance: str, agent: str, version: str, host: str, hooks: str, now: float
    ) -> bool:
        """Record an agent instance; returns True when it was seen for the first time."""
        return rows.register_agent(self.store, instance, agent, version, host, hooks, now)

    def agents(self) -> list[AgentInstanceRow]:
        return rows.agent_rows(self.store)

    def save_session(self, row: IdentitySessionRow) -> None:
        rows.save_session(self.store, row)

    def session(self, session_id: str) -> IdentitySessionRow | None:
        """One session by id, or by a unique prefix of its id."""
        return rows.session_row(self.store, session_id)

    def sessions_of(self, *, human: str | None = None, agent: str | None = None) -> list[str]:
        return rows.session_ids(self.store, human=human, agent=agent)

    def revoke(self, kind: str, subject: str, by: str, reason: str, now: float) -> None:
        rows.revoke(self.store, kind, subject, by, reason, now)
        self.bump()

    def lift(self, kind: str, subject: str, now: float) -> int:
        count = rows.lift(self.store, kind, subject, now)
        self.bump()
        return count

    def revocations(self) -> list[RevocationRow]:
        return rows.live_revocations(self.store)

    def add_grant(self, grant: GrantRow) -> None:
        rows.add_grant(self.store, grant)
        self.bump()

    def grants(self, now: float) -> list[GrantRow]:
        return rows.live_grants(self.store, now)

    def close(self) -> None:
        if self._own_store:
            self.store.close()


def _canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"))


def _entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the event without its own hash (``prev`` included, so lines chain)."""
    return hashlib.sha256(_canonical(entry).encode()).hexdigest()


def _file_mark(fd: int) -> tuple[int, int, int]:
    st = os.fstat(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


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
