"""The record's storage: one interface over SQLite (embedded default) and PostgreSQL.

No business rules live here: callers hand over already redacted rows and get rows back.
Every event becomes a leaf of the audit log's Merkle tree in the same transaction as its
row (see `bastion.audit.entry` for the leaf bytes and `tree` for the tables), under a
log-wide write lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), so
several writers (the daemon, the hook's in-process fallback) never fork the tree. The
writer keeps the tree's compact range in memory and only checks, per transaction, that
nobody else appended; otherwise, and after a crash, it rebuilds it from ``audit_nodes``.

SQLite runs in WAL mode with ``synchronous=NORMAL``: a committed event survives a crash
of the process that wrote it (``durable=True`` adds an fsync per commit, surviving power
loss), and readers (the CLI, the console) never block the daemon. The schema is created
and upgraded by Alembic (``migrations/``) when a store is opened.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    Connection,
    Engine,
    Text,
    Update,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from bastion.audit import records
from bastion.audit.entry import (
    JSON_FIELDS,
    alert_part,
    canonical_json,
    compose_values,
    finding_part,
)
from bastion.audit.merkle import CompactRange, leaf_hash, root_at
from bastion.errors import StoreError
from bastion.store.chunks import CHUNK_SIZE, read_mapped
from bastion.store.group import GroupCommit
from bastion.store.raw_append import RawAppend, driver_errors
from bastion.store.rows import (
    AlertRow,
    CheckpointRow,
    EventRow,
    FindingRow,
    SearchRow,
    SessionRow,
)
from bastion.store.schema import (
    EVENT_COLUMNS,
    alerts,
    audit_nodes,
    checkpoints,
    events,
    findings,
    metadata,
    sessions,
    storable_text,
)
from bastion.store.tree import LogReader, leaf_count, node_reader

if TYPE_CHECKING:
    from bastion.audit.signer import LogSigner

__all__ = ["HEAD_REVISION", "CheckpointRow", "Connection", "DatabaseError", "Engine", "Store"]

# The store's handles and its driver's failure, named here so that the parts holding an engine
# or a connection (the console, export, the CLI) type and catch them without importing
# SQLAlchemy: the store is the only part that speaks it (tests/unit/test_store_door.py).
DatabaseError = SQLAlchemyError

HEAD_REVISION = "0010"
"""The newest Alembic revision in ``migrations/versions``; a store at it needs no upgrade."""

# Any constant works: it names "the Bastion audit log" among PostgreSQL advisory locks.
_PG_LOG_LOCK = 0x0B457104
_log = logging.getLogger("bastion.store")
_OWNERS: weakref.WeakValueDictionary[int, Store] = weakref.WeakValueDictionary()
_WRITE = "bastion_write"

# The log's head in one round trip: the last leaf index and the last event seq.
_HEAD = select(
    select(func.max(audit_nodes.c.index)).where(audit_nodes.c.level == 0).scalar_subquery(),
    select(func.max(events.c.seq)).scalar_subquery(),
)

EventItem = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]


class _Pending:
    """What a write transaction appended, applied to the in-memory state on commit."""

    __slots__ = ("last_seq", "range")

    def __init__(self, cr: CompactRange, last_seq: int) -> None:
        self.range = cr
        self.last_seq = last_seq


def _sqlite_connect(
    dbapi_connection: Any, _record: Any, synchronous: str, background_wal: bool
) -> None:
    # Autocommit at the driver level: SQLAlchemy's begin event below issues BEGIN itself,
    # so that write transactions can take SQLite's write lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    if background_wal:
        # The store's WAL thread copies the log into the database instead (`_wal_timer`).
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        # When the log restarts, its file is cut back to this size (SQLite keeps the
        # largest size it ever had otherwise).
        cursor.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# How often the daemon's store copies its write-ahead log into the database (SQLite).
_WAL_SECONDS = 0.25
WAL_LIMIT_BYTES = 16 * 2**20
_WAL_HOLD_EVERY_S = 5.0  # at most one copy with the appends held per this many seconds
"""The daemon's WAL file past which its next copy is made complete (`Store._wal_timer`),
and the size the file is cut back to when the log restarts. Under a steady stream of
commits a copy that runs beside them never catches up, SQLite never restarts the log and
the file grows without end (bench/wal_growth.py: 595 MiB after 20,000 control entries)."""


class Store:
    """Sessions, events, verdicts, findings, alerts and the audit log, behind SQLAlchemy Core.

    With a ``signer`` the store signs a checkpoint every ``checkpoint_every`` events,
    after ``checkpoint_seconds`` with unsigned events, and on `close`.

    ``background_wal`` (SQLite, the daemon): the write-ahead log is copied into the
    database by a thread of the store (`_WAL_SECONDS`) instead of by the commit that
    crosses SQLite's 1,000-page mark. That commit used to pay for the copy on the deciding
    thread, about one call in a hundred; the copy runs in SQLite without the GIL, so on
    another core. A committed event is in the log file either way: durability is the same.
    """

    def __init__(
        self,
        url: str,
        *,
        signer: LogSigner | None = None,
        checkpoint_every: int = 1000,
        checkpoint_seconds: float = 60.0,
        durable: bool = False,
        migrate: bool = True,
        background_wal: bool = False,
    ) -> None:
        self.url = url
        self.signer = signer
        self.checkpoint_every = checkpoint_every
        self.checkpoint_seconds = checkpoint_seconds
        try:
            if url.startswith("sqlite"):
                self.engine: Engine = create_engine(
                    url, connect_args={"timeout": 30}, json_serializer=canonical_json
                )
                sync = "FULL" if durable else "NORMAL"
                wal = background_wal
                event.listen(self.engine, "connect", lambda c, r: _sqlite_connect(c, r, sync, wal))
                event.listen(self.engine, "begin", _sqlite_begin)
            else:
                self.engine = create_engine(url, pool_pre_ping=True, json_serializer=canonical_json)
            if migrate:
                self._migrate()
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the store at {_safe_url(url)} ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0][:200]}); check BASTION_DATABASE_URL or the --home "
                "directory's permissions"
            ) from exc
        _OWNERS[id(self.engine)] = self
        self._append_rows = _RowWriter(self.engine.dialect.name)
        self._raw_append = RawAppend(self.engine.dialect.name == "postgresql")
        self._postgres = self.engine.dialect.name == "postgresql"
        self._conn: Connection | None = None
        self._pending: _Pending | None = None
        self._lock = threading.RLock()
        self._range: CompactRange | None = None
        self._last_seq = -1
        self._last_checkpoint: tuple[int, float] | None = None
        self._timer: threading.Thread | None = None
        self._closed = threading.Event()
        # The daemon's group commit (`store/group`), made at its first `submit_events`.
        self._group: GroupCommit | None = None
        self._in_group = False
        # Called with every checkpoint signed here, after its commit: the witnesses
        # (bastion.audit.publish) that keep a copy outside the store.
        self.on_checkpoint: list[Callable[[CheckpointRow], None]] = []
        # Called once at close, after the last checkpoint (the publishers finish sending).
        self.on_close: list[Callable[[], None]] = []
        if signer is not None and checkpoint_seconds > 0:
            self._timer = threading.Thread(
                target=self._checkpoint_timer, name="bastion-checkpoints", daemon=True
            )
            self._timer.start()
        self._wal: threading.Thread | None = None
        if background_wal and not self._postgres:
            self._wal = threading.Thread(target=self._wal_timer, name="bastion-wal", daemon=True)
            self._wal.start()

    @staticmethod
    def of_engine(engine: Engine) -> Store | None:
        """The open store that owns ``engine`` (the console's tables share its database)."""
        store = _OWNERS.get(id(engine))
        return store if store is not None and store.engine is engine else None

    # -- schema ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Upgrade the schema to the newest revision, under the log's write lock.

        Whether an upgrade is needed is read without that lock: every process that opens
        the home (exporter, console, fleet publisher, each CLI command) comes here, and a
        write lock taken just to read the revision would let any of them, stopped at that
        moment (SIGSTOP), hold up every decision until it resumes (issue #18)."""
        with self.engine.connect() as conn:
            at_head = self._revision(conn) == HEAD_REVISION
            conn.rollback()
        if at_head:
            return
        with self.engine.connect().execution_options(**{_WRITE: True}) as conn, conn.begin():
            self._lock_log(conn)
            current = self._revision(conn)
            if current == HEAD_REVISION:
                return
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", "bastion.store:migrations")
            config.attributes["connection"] = conn
            if current is None and inspect(conn).has_table("events"):
                # A store made before migrations existed holds revision 0001's tables.
                command.stamp(config, "0001")
            command.upgrade(config, "head")

    @staticmethod
    def _revision(conn: Connection) -> str | None:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    @staticmethod
    def _lock_log(conn: Connection) -> None:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOG_LOCK})
        # SQLite: the connection's BEGIN IMMEDIATE already holds the write lock.

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Sign a last checkpoint (with a signer and unsigned events), then release all."""
        if self._closed.is_set():
            return
        self._closed.set()
        if self._group is not None:
            self._group.close()  # what the daemon submitted goes in before the last checkpoint
        if self.signer is not None:
            with contextlib.suppress(Exception):
                self.checkpoint(only_if_new=True)
        for hook in self.on_close:
            with contextlib.suppress(Exception):
                hook()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._wal is not None:
            self._wal.join(timeout=5)
        self.engine.dispose()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction; nested calls join the outer one (used to batch a replay).

        Events appended inside are written with their leaves as they come; the log's
        in-memory state moves on only once the outermost transaction commits.
        """
        with self._lock:
            if self._conn is not None:
                yield self._conn
                return
            if self._group is not None and self._group.unsettled:
                self._group.commit_queued()  # submitted before this write: in the log first
            conn = self.engine.connect().execution_options(**{_WRITE: True})
            try:
                with conn.begin():
                    self._conn = conn
                    try:
                        yield conn
                    finally:
                        self._conn = None
                pending, self._pending = self._pending, None
                if pending is not None:
                    self._range = pending.range
                    self._last_seq = pending.last_seq
            except BaseException:
                self._pending = None
                raise
            finally:
                conn.close()
        if pending is not None and not self._in_group:
            self._maybe_checkpoint()

    # -- writes -------------------------------------------------------------------------

    def submit_events(self, items: Sequence[EventItem]) -> Future[list[int]]:
        """Queue events for the next group commit (the daemon's hot path, `store/group`).

        The future gives each event's ``seq`` once the transaction holding them committed,
        or raises what the store raised; later writes and reads of this store see them.
        Without `start_group_commit`, a committer thread is started.
        """
        group = self._group
        if group is None:
            group = self.start_group_commit(thread=True)
        return group.submit(items)

    def start_group_commit(self, *, thread: bool = False) -> GroupCommit:
        """Turn on group commit; without a thread the caller commits (`commit_group`)."""
        with self._lock:
            if self._group is None:
                self._group = GroupCommit(self, thread=thread)
            return self._group

    @property
    def commit_waits_on_server(self) -> bool:
        """Whether a commit waits on another process (PostgreSQL flushing its WAL) rather
        than working in this one (SQLite): the daemon then commits on a thread, so that it
        decides the next calls during the wait (``daemon/server``)."""
        return self._postgres

    def commit_group(self) -> None:
        """Commit every submitted event now (the daemon, once a round is decided)."""
        if self._group is not None:
            self._group.commit()

    def group_stats(self) -> dict[str, Any]:
        """Group commits made and events they held (benchmarks)."""
        return self._group.stats() if self._group is not None else {"groups": 0, "events": 0}

    def _append_grouped(self, items: Sequence[EventItem]) -> list[int]:
        """`append_events` for the committer: its checkpoint comes after the replies."""
        with self._lock:
            self._in_group = True
            try:
                return self.append_events(items)
            finally:
                self._in_group = False

    def _settle(self) -> None:
        """Commit submitted events before a read, so the read sees them."""
        group = self._group
        if group is not None and group.unsettled:
            with self._lock:
                group.commit_queued()

    def upsert_session(self, row: dict[str, Any]) -> None:
        """Create a session row, or update one (the engine logs a new row's attribution)."""
        with self.transaction() as conn:
            if "started_at" in row:  # a whole row: one INSERT ... ON CONFLICT DO UPDATE
                conn.execute(_session_upsert(conn.dialect.name, tuple(row)), row)
                return
            exists = conn.execute(_SESSION_ID, {"b_sid": row["id"]}).first()
            if exists:
                values = {k: v for k, v in row.items() if k not in ("id", "started_at")}
                conn.execute(_SESSION_SET, {"b_sid": row["id"], **values})
            else:
                conn.execute(_SESSION_INSERT, row)

    def update_session(self, session_id: str, **values: Any) -> None:
        """Change a session row; a change of its mode is appended to the log with it."""
        with self.transaction() as conn:
            if "mode" in values:
                before = conn.execute(
                    select(sessions.c.mode).where(sessions.c.id == session_id)
                ).first()
                if before is not None and before[0] != values["mode"]:
                    given = values.get("state")
                    state: dict[str, Any] = given if isinstance(given, dict) else {}
                    entry = records.mode_row(
                        session_id,
                        str(values["mode"]),
                        str(before[0]),
                        str(state.get("mode_reason") or ""),
                        str(state.get("mode_by") or "unknown"),
                    )
                    self.append_events([(entry, [], [], {})])
            conn.execute(update(sessions).where(sessions.c.id == session_id).values(**values))

    def append_event(
        self,
        row: dict[str, Any],
        finding_rows: list[dict[str, Any]],
        alert_rows: list[dict[str, Any]],
        session_values: dict[str, Any],
    ) -> int:
        """Write one event with its findings, alerts and leaf, and touch its session."""
        return self.append_events([(row, finding_rows, alert_rows, session_values)])[0]

    def append_events(self, items: Sequence[EventItem]) -> list[int]:
        """Write many events, their leaves and subtree nodes in one transaction (batched).

        Each item is ``(event row, finding rows, alert rows, session values)`` as for
        `append_event`; returns the ``seq`` given to each event. The statements go
        straight to the driver (``store/raw_append``: same rows, same transaction), but
        for an append inside an open `transaction` on PostgreSQL.
        """
        if not items:
            return []
        if self._conn is None or not self._postgres:
            return self._append_raw(items)
        with self.transaction() as conn:
            pending = self._begin_append(conn)
            built = self._build_append(pending, items)
            event_rows, finding_rows, alert_rows, node_rows, touched, counts = built
            self._append_rows.events(conn, event_rows)
            if finding_rows:
                conn.execute(insert(findings), finding_rows)
            if alert_rows:
                conn.execute(insert(alerts), alert_rows)
            self._append_rows.nodes(conn, node_rows)
            _update_sessions(conn, touched, counts)
            return self._seqs(pending, len(items))

    def _append_raw(self, items: Sequence[EventItem]) -> list[int]:
        """`append_events` on the driver's connection (``store/raw_append``): inside an open
        `transaction` on its connection (SQLite), otherwise in a transaction of its own."""
        appender = self._raw_append
        with self._lock:
            if self._conn is not None:  # SQLite: joins the outer transaction, which commits
                raw: Any = self._conn.connection.driver_connection
                with driver_errors(appender.errors):
                    pending = self._pending
                    if pending is None:
                        pending = self._pending_at(*appender.head(raw), appender.node_reader(raw))
                    appender.write(raw, *self._build_append(pending, items))
                    return self._seqs(pending, len(items))
            if self._group is not None and self._group.unsettled:
                self._group.commit_queued()  # submitted before this write: in the log first
            proxy = self.engine.raw_connection()  # the pool's ping on PostgreSQL, as ever
            try:
                raw = proxy.driver_connection
                with driver_errors(appender.errors):
                    try:
                        seqs = self._write_raw(raw, items)
                    except BaseException:
                        self._pending = None
                        with contextlib.suppress(Exception):
                            raw.rollback() if self._postgres else raw.execute("ROLLBACK")
                        raise
            finally:
                proxy.close()
            pending, self._pending = self._pending, None
            if pending is not None:
                self._range = pending.range
                self._last_seq = pending.last_seq
        if not self._in_group:
            self._maybe_checkpoint()
        return seqs

    def _write_raw(self, raw: Any, items: Sequence[EventItem]) -> list[int]:
        """One append transaction, committed: the lock, the head, the rows, COMMIT."""
        appender = self._raw_append
        if self._postgres:  # BEGIN, the lock and the head in one round trip
            head = appender.head(raw, _PG_LOG_LOCK)
        else:
            raw.execute("BEGIN IMMEDIATE")
            head = appender.head(raw)
        pending = self._pending_at(*head, appender.node_reader(raw))
        built = self._build_append(pending, items)
        if self._postgres:  # the rows and COMMIT in one more
            with raw.pipeline():
                appender.write(raw, *built)
                raw.commit()
        else:
            appender.write(raw, *built)
            raw.execute("COMMIT")
        return self._seqs(pending, len(items))

    @staticmethod
    def _seqs(pending: _Pending, count: int) -> list[int]:
        """The seqs of the last ``count`` events of ``pending`` (just built)."""
        first = pending.last_seq - count + 1
        return list(range(first, pending.last_seq + 1))

    def _build_append(
        self, pending: _Pending, items: Sequence[EventItem]
    ) -> tuple[
        list[tuple[Any, ...]],
        list[dict[str, Any]],
        list[dict[str, Any]],
        list[tuple[int, int, bytes]],
        dict[str, dict[str, Any]],
        dict[str, int],
    ]:
        """The rows of an append and the leaves added to ``pending``'s range (its
        ``last_seq`` moves past them): what every backend writes."""
        cr = pending.range
        seq = pending.last_seq
        event_rows: list[tuple[Any, ...]] = []
        finding_rows: list[dict[str, Any]] = []
        alert_rows: list[dict[str, Any]] = []
        node_rows: list[tuple[int, int, bytes]] = []
        touched: dict[str, dict[str, Any]] = {}
        counts: dict[str, int] = {}
        for row, f_rows, a_rows, session_values in items:
            seq += 1
            if self._postgres:
                # The leaf is made of what the row will hold (see PostgresText).
                row, f_rows, a_rows = (
                    _storable(row),
                    _storable_all(f_rows),
                    _storable_all(a_rows),
                )
            # Serialise each JSON column once: the same text is the leaf's and the row's.
            get = row.get
            data, facts, verdict = (
                canonical_json(get("data")),
                canonical_json(get("facts")),
                canonical_json(get("verdict")),
            )
            event_rows.append(
                (
                    seq,
                    get("id"),
                    get("session_id"),
                    get("time"),
                    get("kind"),
                    get("native_name"),
                    get("tool"),
                    get("tool_use_id"),
                    get("decision"),
                    data,
                    facts,
                    verdict,
                )
            )
            finding_rows.extend(f_rows)
            alert_rows.extend(a_rows)
            entry = compose_values(
                data,
                get("decision"),
                facts,
                get("id"),
                get("kind"),
                get("native_name"),
                seq,
                get("session_id"),
                get("time"),
                get("tool"),
                get("tool_use_id"),
                verdict,
                canonical_json([finding_part(f) for f in f_rows]) if f_rows else "[]",
                canonical_json([alert_part(a) for a in a_rows]) if a_rows else "[]",
            )
            for sub in cr.append(leaf_hash(entry)):
                node_rows.append((sub.level, sub.index, sub.hash))
            sid = row["session_id"]
            touched.setdefault(sid, {}).update(session_values)
            counts[sid] = counts.get(sid, 0) + 1
        pending.last_seq = seq
        return event_rows, finding_rows, alert_rows, node_rows, touched, counts

    def _begin_append(self, conn: Connection) -> _Pending:
        """Take the log lock once per transaction and make sure the state is current."""
        if self._pending is not None:
            return self._pending
        self._lock_log(conn)
        top_leaf, top = conn.execute(_HEAD).one()
        return self._pending_at(top_leaf, top, node_reader(conn))

    def _pending_at(self, top_leaf: int | None, top: int | None, read: Any) -> _Pending:
        """The transaction's state from the log's head; the in-memory range when it is
        current, else rebuilt from the stored nodes (``read``)."""
        size = 0 if top_leaf is None else int(top_leaf) + 1
        last_seq = 0 if top is None else int(top)
        cr = self._range
        if cr is None or cr.size != size or self._last_seq != last_seq:
            # First append of this process, another writer appended, or a crash: the
            # node table is the truth.
            cr = CompactRange.from_nodes(size, read)
        self._pending = _Pending(cr.copy(), last_seq)
        return self._pending

    # -- checkpoints --------------------------------------------------------------------

    def checkpoint(self, *, only_if_new: bool = False) -> CheckpointRow | None:
        """Sign and store a checkpoint of the whole log now; needs a signer.

        With ``only_if_new``, returns None when the newest checkpoint already covers
        every event.
        """
        if self.signer is None:
            raise StoreError(
                "this store has no signing key; open it with Store(url, signer=...) "
                "(the daemon and `bastion audit checkpoint` use <home>/keys)"
            )
        with self.transaction() as conn:
            self._lock_log(conn)
            size = leaf_count(conn)
            latest = self._latest_checkpoint(conn)
            if only_if_new and latest is not None and latest.size == size:
                return None
            if self._range is not None and self._range.size == size:
                root = self._range.root()
            else:
                root = root_at(size, node_reader(conn))
            now = time.time()
            note = self.signer.sign(size, root, int(now))
            new_id = conn.execute(
                insert(checkpoints).values(
                    origin=self.signer.origin, size=size, root=root, time=now, note=note
                )
            ).inserted_primary_key
            row = CheckpointRow(
                int(new_id[0]) if new_id else 0, self.signer.origin, size, root, now, note
            )
        self._last_checkpoint = (size, now)
        for publish in self.on_checkpoint:
            try:
                publish(row)
            except Exception:
                _log.exception("checkpoint %d could not be published to a witness", row.id)
        return row

    def _maybe_checkpoint(self) -> None:
        if self.signer is None or self._range is None or self._closed.is_set():
            return
        if self._last_checkpoint is None:
            latest = self.latest_checkpoint()
            self._last_checkpoint = (latest.size, latest.time) if latest else (0, time.time())
        size, when = self._last_checkpoint
        unsigned = self._range.size - size
        if unsigned <= 0:
            return
        if unsigned >= self.checkpoint_every or (
            self.checkpoint_seconds > 0 and time.time() - when >= self.checkpoint_seconds
        ):
            self.checkpoint(only_if_new=True)

    def _wal_timer(self) -> None:
        """Copy the committed part of the WAL into the database, without blocking anyone
        (PASSIVE: frames a reader still needs wait for the next round).

        Past `WAL_LIMIT_BYTES` the round's copy is finished once more with this store's
        appends held (only the frames committed meanwhile are left to copy: a few ms), so
        that it is complete and SQLite restarts the log at the next commit, cutting the
        file back. Never a blocking checkpoint (FULL, RESTART, TRUNCATE): those wait for
        every reader, and a reader another process holds (a console stopped mid-read)
        would hold up the daemon's commits. While such a reader holds its snapshot the log
        cannot restart and grows; it is cut back after the reader lets go."""
        wal = self._wal_path()
        held_at = 0.0
        while not self._closed.wait(_WAL_SECONDS):
            with contextlib.suppress(Exception), self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").close()
                now = time.monotonic()
                if (
                    wal is not None
                    and now - held_at >= _WAL_HOLD_EVERY_S
                    and wal.exists()
                    and wal.stat().st_size > WAL_LIMIT_BYTES
                ):
                    held_at = now
                    with self._lock:
                        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").close()

    def _wal_path(self) -> Path | None:
        database = self.engine.url.database
        if self._postgres or not database or database == ":memory:":
            return None
        return Path(database).with_name(Path(database).name + "-wal")

    def _checkpoint_timer(self) -> None:
        while not self._closed.wait(max(self.checkpoint_seconds / 4, 0.05)):
            with contextlib.suppress(Exception), self._lock:
                if not self._closed.is_set():
                    self._maybe_checkpoint()

    def append_control(self, row: dict[str, Any]) -> int:
        """Append one control entry (`bastion.audit.records`) to the log; returns its seq."""
        return self.append_event(row, [], [], {})

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these event ids are in the log already (journal replay skips them)."""
        self._settle()
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                found.update(
                    str(r[0])
                    for r in conn.execute(select(events.c.id).where(events.c.id.in_(chunk)))
                )
        return found

    def latest_control(self, session_id: str, name: str) -> dict[str, Any] | None:
        """The newest entry of one control kind (e.g. the configuration in force)."""
        self._settle()
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    select(events)
                    .where(events.c.session_id == session_id, events.c.native_name == name)
                    .order_by(events.c.seq.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )
            return dict(row) if row else None

    def add_signature(self, checkpoint_id: int, note: str) -> None:
        """Replace a checkpoint's note by the same note with more signatures (cosigning)."""
        with self.transaction() as conn:
            conn.execute(
                update(checkpoints).where(checkpoints.c.id == checkpoint_id).values(note=note)
            )

    @staticmethod
    def _latest_checkpoint(conn: Connection) -> CheckpointRow | None:
        row = conn.execute(
            select(checkpoints).order_by(checkpoints.c.size.desc(), checkpoints.c.id.desc())
        ).first()
        return CheckpointRow(*row) if row else None

    def latest_checkpoint(self) -> CheckpointRow | None:
        with self.engine.connect() as conn:
            return self._latest_checkpoint(conn)

    def checkpoints(self) -> list[CheckpointRow]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(checkpoints).order_by(checkpoints.c.id)).all()
            return [CheckpointRow(*r) for r in rows]

    # -- the log ------------------------------------------------------------------------

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read connection with one consistent view (for verification and proofs)."""
        self._settle()
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            yield conn

    @contextlib.contextmanager
    def log_reader(self, *, jobs: int = 1, chunk: int = CHUNK_SIZE) -> Iterator[LogReader]:
        """The stored log through one consistent snapshot (verification, proofs, export).

        ``jobs > 1`` lets full verification recompute in that many processes, this one
        and ``jobs - 1`` spawned workers (`bastion.store.chunks`).
        """
        with self.snapshot() as conn:
            read_mapped(conn)
            yield LogReader(conn, self.url, jobs=jobs, chunk=chunk)

    def log_size(self) -> int:
        self._settle()
        with self.engine.connect() as conn:
            return leaf_count(conn)

    def read_nodes(self, nodes: Sequence[tuple[int, int]]) -> list[bytes]:
        """A `NodeReader` over the stored subtree hashes."""
        with self.engine.connect() as conn:
            return list(node_reader(conn)(nodes))

    # -- reads --------------------------------------------------------------------------

    def session(self, session_id: str, *, prefix: bool = True) -> SessionRow | None:
        """One session by id, or (``prefix``, for people) by a unique prefix of its id, as
        with git. The engine asks for the exact id: a prefix search cannot use the index on
        SQLite (LIKE), so it read the whole table for every new session."""
        self._settle()
        with self.engine.connect() as conn:
            found = conn.execute(_SESSION_BY_ID, {"b_sid": session_id}).mappings().first()
            if found is None and prefix:
                # Let people paste a prefix of the id, as with git.
                rows = (
                    conn.execute(
                        select(sessions).where(sessions.c.id.startswith(session_id)).limit(2)
                    )
                    .mappings()
                    .all()
                )
                found = rows[0] if len(rows) == 1 else None
            return cast(SessionRow, dict(found)) if found else None

    def session_to_write(self, session_id: str) -> SessionRow | None:
        """One session by its exact id, read in the write transaction (joined when one is
        open): the engine opening a session reads its row where it then writes, instead of
        checking out a connection of its own for the read."""
        with self.transaction() as conn:
            found = conn.execute(_SESSION_BY_ID, {"b_sid": session_id}).mappings().first()
            return cast(SessionRow, dict(found)) if found else None

    def sessions(self, limit: int = 50) -> list[SessionRow]:
        """The most recently active sessions, newest first."""
        self._settle()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(sessions).order_by(sessions.c.last_seen.desc()).limit(limit)
            ).mappings()
            return [cast(SessionRow, dict(r)) for r in rows]

    def decided_calls(self, session_id: str) -> set[str]:
        """The tool_use_ids of the session's recorded actions (decided by us)."""
        self._settle()
        with self.engine.connect() as conn:
            return {str(r[0]) for r in conn.execute(_DECIDED_CALLS, {"b_sid": session_id})}

    def events(self, session_id: str, offset: int = 0, limit: int | None = None) -> list[EventRow]:
        """A session's events in log order (one page of them with ``offset``/``limit``)."""
        self._settle()
        query = select(events).where(events.c.session_id == session_id).order_by(events.c.seq)
        if offset or limit is not None:
            query = query.offset(offset).limit(limit if limit is not None else -1)
        with self.engine.connect() as conn:
            return [cast(EventRow, dict(r)) for r in conn.execute(query).mappings()]

    def event_at(self, seq: int) -> EventRow | None:
        """The event at one position of the log (its ``seq``)."""
        self._settle()
        with self.engine.connect() as conn:
            row = conn.execute(select(events).where(events.c.seq == seq)).mappings().first()
            return cast(EventRow, dict(row)) if row else None

    def findings(self, session_id: str) -> list[FindingRow]:
        self._settle()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(findings).where(findings.c.session_id == session_id).order_by(findings.c.id)
            ).mappings()
            return [cast(FindingRow, dict(r)) for r in rows]

    def alerts(self, session_id: str | None = None) -> list[AlertRow]:
        self._settle()
        query = select(alerts).order_by(alerts.c.id)
        if session_id:
            query = query.where(alerts.c.session_id == session_id)
        with self.engine.connect() as conn:
            return [cast(AlertRow, dict(r)) for r in conn.execute(query).mappings()]

    def load_state(self, session_id: str) -> dict[str, Any] | None:
        self._settle()
        with self.engine.connect() as conn:
            row = conn.execute(_STATE_BY_ID, {"b_sid": session_id}).first()
            return dict(row[0]) if row and row[0] else None

    def count_events(self) -> int:
        self._settle()
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(events)).scalar_one())

    def search(
        self,
        *,
        human: str | None = None,
        agent: str | None = None,
        session: str | None = None,
        tool: str | None = None,
        verdict: str | None = None,
        finding: str | None = None,
        since: float | None = None,
        until: float | None = None,
        limit: int = 1000,
    ) -> list[SearchRow]:
        """Events matching every given filter, oldest first, with their session's people."""
        self._settle()
        query = (
            select(
                events.c.seq,
                events.c.id,
                events.c.session_id,
                events.c.time,
                events.c.kind,
                events.c.native_name,
                events.c.tool,
                events.c.tool_use_id,
                events.c.decision,
                sessions.c.human,
                sessions.c.agent,
            )
            .select_from(events.join(sessions, sessions.c.id == events.c.session_id, isouter=True))
            .order_by(events.c.seq)
            .limit(limit)
        )
        if human:
            query = query.where(sessions.c.human == human)
        if agent:
            query = query.where(sessions.c.agent == agent)
        if session:
            query = query.where(events.c.session_id.startswith(session))
        if tool:
            query = query.where(events.c.tool == tool)
        if verdict:
            query = query.where(events.c.decision == verdict)
        if finding:
            query = query.where(
                events.c.id.in_(select(findings.c.event_id).where(findings.c.kind == finding))
            )
        if since is not None:
            query = query.where(events.c.time >= since)
        if until is not None:
            query = query.where(events.c.time < until)
        with self.engine.connect() as conn:
            rows = [cast(SearchRow, dict(r)) for r in conn.execute(query).mappings()]
            ids = [r["id"] for r in rows]
            kinds: dict[str, list[str]] = {}
            for start in range(0, len(ids), 500):
                for event_id, kind in conn.execute(
                    select(findings.c.event_id, findings.c.kind).where(
                        findings.c.event_id.in_(ids[start : start + 500])
                    )
                ):
                    kinds.setdefault(event_id, []).append(kind)
        for r in rows:
            r["findings"] = kinds.get(r["id"], [])
        return rows


def _update_sessions(
    conn: Connection, touched: dict[str, dict[str, Any]], counts: dict[str, int]
) -> None:
    """Each touched session's count and values: one executemany per set of columns, not a
    statement per session (a group commit touches many sessions; on PostgreSQL each
    statement was a round trip of its own)."""
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for sid, values in touched.items():
        params = {"b_sid": sid, "b_count": counts[sid]}
        params.update({f"b_{k}": v for k, v in values.items()})
        by_columns.setdefault(tuple(sorted(values)), []).append(params)
    for columns, params_list in by_columns.items():
        conn.execute(_session_update(columns), params_list)


# The statements a session's first event runs, built once (see `_SESSION_UPDATES`).
_SESSION_BY_ID = select(sessions).where(sessions.c.id == bindparam("b_sid"))
_SESSION_ID = select(sessions.c.id).where(sessions.c.id == bindparam("b_sid"))
_STATE_BY_ID = select(sessions.c.state).where(sessions.c.id == bindparam("b_sid"))
# Every session's end reads its decided calls: built once, not a select per call (the
# building was about 40% of the read's CPU).
_DECIDED_CALLS = select(events.c.tool_use_id).where(
    events.c.session_id == bindparam("b_sid"),
    events.c.kind == "action",
    events.c.tool_use_id.is_not(None),
)
_SESSION_INSERT = insert(sessions)
# The columns SET are the parameters' keys other than ``b_sid``.
_SESSION_SET = update(sessions).where(sessions.c.id == bindparam("b_sid"))

_SESSION_UPSERTS: dict[tuple[str, tuple[str, ...]], Any] = {}


def _session_upsert(dialect: str, columns: tuple[str, ...]) -> Any:
    """Insert a session row, or update every given column but ``id`` and ``started_at``
    when the row exists (as `Store.upsert_session` did with a SELECT first): built once per
    dialect and set of columns."""
    key = (dialect, columns)
    built = _SESSION_UPSERTS.get(key)
    if built is None:
        stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(sessions)
        kept = {c: stmt.excluded[c] for c in columns if c not in ("id", "started_at")}
        built = _SESSION_UPSERTS[key] = stmt.on_conflict_do_update(
            index_elements=[sessions.c.id], set_=kept
        )
    return built


# One UPDATE per set of columns, built once: building a statement and its cache key cost
# SQLAlchemy about 180 us, eight times what running the built one costs, on every event.
_SESSION_UPDATES: dict[tuple[str, ...], Update] = {}


def _session_update(columns: tuple[str, ...]) -> Update:
    statement = _SESSION_UPDATES.get(columns)
    if statement is None:
        statement = (
            update(sessions)
            .where(sessions.c.id == bindparam("b_sid"))
            .values(
                event_count=sessions.c.event_count + bindparam("b_count"),
                **{c: bindparam(f"b_{c}", type_=sessions.c[c].type) for c in columns},
            )
        )
        _SESSION_UPDATES[columns] = statement
    return statement


def _storable(row: dict[str, Any]) -> dict[str, Any]:
    """A row's string columns as PostgreSQL will hold them (`storable_text`)."""
    if not any(isinstance(v, str) and "\x00" in v for v in row.values()):
        return row
    return {k: storable_text(v) if isinstance(v, str) else v for k, v in row.items()}


def _storable_all(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_storable(r) for r in rows] if rows else rows


class _RowWriter:
    """The two bulk INSERTs of every append, each the fastest way for its backend.

    Appends are the log's hot path. On SQLite, SQLAlchemy's per-row parameter
    processing cost about a third of a batched append, so rows go to the driver's
    ``executemany`` as tuples (bench/audit_store_bench.py: 22,000 -> 33,000 events/s
    on one core). On PostgreSQL, SQLAlchemy's multi-row VALUES ("insertmanyvalues")
    beat psycopg's pipelined ``executemany`` (about 8,000 vs 5,500 events/s), so it
    stays. JSON columns are bound as the canonical text already made for the leaf, and
    kept as that text on both backends (`bastion.store.schema.CanonicalJsonText`).
    """

    def __init__(self, dialect: str) -> None:
        self.raw = dialect == "sqlite"
        if self.raw:
            self._event_sql = (
                f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
            )
            self._node_sql = 'INSERT INTO audit_nodes (level, "index", hash) VALUES (?, ?, ?)'
        else:
            self._event_insert = insert(events).values(
                {
                    c.name: bindparam(c.name, type_=Text if c.name in JSON_FIELDS else c.type)
                    for c in events.c
                }
            )

    def events(self, conn: Connection, rows: list[tuple[Any, ...]]) -> None:
        """Insert event rows given as tuples in `EVENT_COLUMNS`."""
        if self.raw:
            conn.exec_driver_sql(self._event_sql, rows)
        else:
            conn.execute(
                self._event_insert, [dict(zip(EVENT_COLUMNS, r, strict=True)) for r in rows]
            )

    def nodes(self, conn: Connection, rows: list[tuple[int, int, bytes]]) -> None:
        """Insert subtree nodes given as ``(level, index, hash)``."""
        if self.raw:
            conn.exec_driver_sql(self._node_sql, rows)
        else:
            conn.execute(
                insert(audit_nodes), [{"level": lv, "index": ix, "hash": h} for lv, ix, h in rows]
            )


def _safe_url(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


__all__ += ["metadata"]
