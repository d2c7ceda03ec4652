"""The control plane's PostgreSQL tables and the one transaction that stores a batch.

The tables live in their own PostgreSQL schema (default ``bastion_fleet``), not in the
daemon store's Alembic chain: the control plane is a separate service with its own
database, and a daemon's store (often SQLite) never holds them. `setup` creates them
idempotently under an advisory lock, so any replica may run it at start.

``entries`` is range-partitioned by day on the event's time; `setup` creates the
partitions from ``days_back`` before today to ``days_ahead`` after it, plus a DEFAULT
partition for times outside (a device's clock far off). Dropping an old day is
``DROP TABLE <schema>.entries_YYYYMMDD``.

Idempotence and ordering come from the ``devices`` row, locked FOR UPDATE in the
transaction that stores a batch: it holds how many leaves of the device's log are stored
and their compact Merkle range, so a batch is stored once, in order, and only if it
extends exactly that history.
"""

from __future__ import annotations

import enum
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from sqlalchemy import Connection, Engine, create_engine, text

from bastion.audit.checkpoint import verify_note
from bastion.audit.errors import AuditError
from bastion.audit.merkle import CompactRange, leaf_hash, verify_consistency
from bastion.audit.note import VerifierKey
from bastion.fleet.batch import Batch
from bastion.fleet.errors import BatchRejected, FleetError

__all__ = [
    "DEFAULT_SCHEMA",
    "ControlPlane",
    "Device",
    "Outcome",
]

DEFAULT_SCHEMA = "bastion_fleet"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SETUP_LOCK = 0x0B457101  # advisory lock key: one replica creates tables at a time
_MAX_TIME = 253402300799.0  # 9999-12-31


class Outcome(enum.Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"  # every entry already stored: ack and drop
    GAP = "gap"  # an earlier batch is not stored yet: redeliver later


@dataclass(frozen=True, slots=True)
class Device:
    origin: str
    vkey: str
    human: str
    status: str
    size: int


def _when(value: Any) -> datetime:
    t = float(value) if isinstance(value, int | float) else 0.0
    if not 0.0 <= t < _MAX_TIME:
        t = 0.0
    return datetime.fromtimestamp(t, UTC)


class ControlPlane:
    """The control plane's database: devices, their stored logs, rejections."""

    def __init__(self, url: str, *, schema: str = DEFAULT_SCHEMA) -> None:
        if not _SCHEMA_NAME.match(schema):
            raise FleetError(f"schema name {schema!r} must match {_SCHEMA_NAME.pattern}")
        if not url.startswith("postgresql"):
            raise FleetError(
                f"the control plane needs PostgreSQL (partitioned tables), not {url.split(':')[0]}"
                "; give a postgresql+psycopg:// URL"
            )
        self.schema = schema
        self.engine: Engine = create_engine(url, pool_pre_ping=True)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema -------------------------------------------------------------------------

    def setup(self, *, days_back: int = 2, days_ahead: int = 3, today: date | None = None) -> None:
        """Create the schema, tables and day partitions around ``today`` (idempotent)."""
        s = self.schema
        with self.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SETUP_LOCK})
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {s}"))
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.devices ("
                    " origin text PRIMARY KEY, vkey text NOT NULL, human text NOT NULL,"
                    " status text NOT NULL, size bigint NOT NULL DEFAULT 0,"
                    " range bytea NOT NULL DEFAULT ''::bytea,"
                    " enrolled_at double precision NOT NULL,"
                    " updated_at double precision NOT NULL)"
                )
            )
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.entries ("
                    " device text NOT NULL, leaf_index bigint NOT NULL,"
                    " time timestamptz NOT NULL, session_id text NOT NULL,"
                    " kind text NOT NULL, leaf_hash bytea NOT NULL, entry text NOT NULL,"
                    " PRIMARY KEY (device, leaf_index, time)) PARTITION BY RANGE (time)"
                )
            )
            conn.execute(
                text(
                    f"CREATE INDEX IF NOT EXISTS entries_device_leaf ON {s}.entries"
                    " (device, leaf_index)"
                )
            )
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.entries_default"
                    f" PARTITION OF {s}.entries DEFAULT"
                )
            )
            day0 = today or datetime.now(UTC).date()
            for offset in range(-days_back, days_ahead + 1):
                self._day_partition(conn, day0 + timedelta(days=offset))
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.checkpoints ("
                    " device text NOT NULL, size bigint NOT NULL, note text NOT NULL,"
                    " received_at double precision NOT NULL, PRIMARY KEY (device, size))"
                )
            )
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.rejections ("
                    " id bigserial PRIMARY KEY, device text NOT NULL, start_leaf bigint,"
                    " end_leaf bigint, reason text NOT NULL,"
                    " at double precision NOT NULL)"
                )
            )

    def _day_partition(self, conn: Connection, day: date) -> None:
        name = f"{self.schema}.entries_{day:%Y%m%d}"
        nxt = day + timedelta(days=1)
        conn.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {self.schema}.entries"
                f" FOR VALUES FROM ('{day.isoformat()} 00:00:00+00')"
                f" TO ('{nxt.isoformat()} 00:00:00+00')"
            )
        )

    def drop(self) -> None:
        """Remove every control-plane table (tests, and `bastion fleet up --reset`)."""
        with self.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"))

    # -- devices ------------------------------------------------------------------------

    def enrol(self, vkey: str, human: str) -> Device:
        """Register a device by its audit log's verifier key; re-enrolling keeps its log
        but never revives a revoked device (revocation is final for a key)."""
        key = VerifierKey.parse(vkey)
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {self.schema}.devices"
                    " (origin, vkey, human, status, enrolled_at, updated_at)"
                    " VALUES (:o, :k, :h, 'active', :t, :t)"
                    " ON CONFLICT (origin) DO UPDATE SET human = EXCLUDED.human,"
                    " updated_at = EXCLUDED.updated_at"
                ),
                {"o": key.name, "k": str(key), "h": human, "t": now},
            )
        device = self.device(key.name)
        assert device is not None
        return device

    def set_status(self, origin: str, status: str) -> None:
        """``revoked`` or ``refused``: the device's later batches are rejected."""
        if status not in ("active", "revoked", "refused"):
            raise FleetError(f"unknown device status {status!r}: use active, revoked or refused")
        with self.engine.begin() as conn:
            done = conn.execute(
                text(
                    f"UPDATE {self.schema}.devices SET status = :s, updated_at = :t"
                    " WHERE origin = :o"
                ),
                {"s": status, "t": time.time(), "o": origin},
            ).rowcount
        if not done:
            raise FleetError(
                f"no device {origin!r} is enrolled; list them with `bastion fleet devices`"
            )

    def device(self, origin: str) -> Device | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    f"SELECT origin, vkey, human, status, size FROM {self.schema}.devices"
                    " WHERE origin = :o"
                ),
                {"o": origin},
            ).first()
        return Device(*row) if row else None

    def counts(self, origin: str) -> tuple[int, int]:
        """(rows stored, distinct leaf indices stored) for a device: equal unless a leaf
        was stored twice."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    f"SELECT count(*), count(DISTINCT leaf_index) FROM {self.schema}.entries"
                    " WHERE device = :o"
                ),
                {"o": origin},
            ).one()
        return int(row[0]), int(row[1])

    def rejections(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(f"SELECT device, reason FROM {self.schema}.rejections ORDER BY id")
            ).all()
        return [(r[0], r[1]) for r in rows]

    def reject(self, batch: Batch | None, origin: str, reason: str) -> None:
        """Record a rejected batch, so the security team sees it (not only a log line)."""
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {self.schema}.rejections"
                    " (device, start_leaf, end_leaf, reason, at) VALUES (:d, :s, :e, :r, :t)"
                ),
                {
                    "d": origin[:200],
                    "s": batch.start if batch else None,
                    "e": batch.end if batch else None,
                    "r": reason[:1000],
                    "t": time.time(),
                },
            )

    # -- ingest -------------------------------------------------------------------------

    def store_batch(self, batch: Batch) -> Outcome:
        """Verify ``batch`` against the device's stored history and store what is new,
        in one transaction. Raises `BatchRejected` when it must never be stored."""
        s = self.schema
        with self.engine.begin() as conn:
            row = conn.execute(
                text(
                    f"SELECT vkey, status, size, range FROM {s}.devices"
                    " WHERE origin = :o FOR UPDATE"
                ),
                {"o": batch.origin},
            ).first()
            if row is None:
                raise BatchRejected(f"device {batch.origin!r} is not enrolled")
            vkey, status, size, range_bytes = row[0], row[1], int(row[2]), bytes(row[3])
            if status != "active":
                raise BatchRejected(f"device {batch.origin!r} is {status}")
            key = VerifierKey.parse(vkey)
            try:
                checkpoint = verify_note(
                    batch.note, {key.name: key.public_key}, origin=batch.origin
                )
            except (AuditError, InvalidSignature, ValueError) as exc:
                raise BatchRejected(f"checkpoint does not verify: {exc}") from exc
            if batch.end <= size:
                return Outcome.DUPLICATE
            if batch.start > size:
                return Outcome.GAP
            if checkpoint.size < batch.end:
                raise BatchRejected(
                    f"checkpoint of size {checkpoint.size} does not cover leaves up to {batch.end}"
                )
            hashes = [leaf_hash(e) for e in batch.entries]
            skip = size - batch.start
            if skip:
                self._check_overlap(conn, batch, size, hashes[:skip])
            tree = CompactRange.from_bytes(range_bytes) if range_bytes else CompactRange()
            tree.extend(hashes[skip:])
            root = tree.root()
            try:
                if checkpoint.size == batch.end:
                    if root != checkpoint.root_hash:
                        raise BatchRejected(
                            f"entries up to {batch.end} do not hash to the signed root: "
                            "the device's history differs from what the control plane holds"
                        )
                else:
                    verify_consistency(
                        batch.end, checkpoint.size, root, checkpoint.root_hash, batch.proof
                    )
            except AuditError as exc:
                raise BatchRejected(f"history inconsistent with the stored log: {exc}") from exc
            self._copy_entries(conn, batch, skip, hashes)
            conn.execute(
                text(
                    f"UPDATE {s}.devices SET size = :n, range = :r, updated_at = :t"
                    " WHERE origin = :o"
                ),
                {"n": batch.end, "r": tree.to_bytes(), "t": time.time(), "o": batch.origin},
            )
            conn.execute(
                text(
                    f"INSERT INTO {s}.checkpoints (device, size, note, received_at)"
                    " VALUES (:o, :n, :note, :t) ON CONFLICT DO NOTHING"
                ),
                {"o": batch.origin, "n": checkpoint.size, "note": batch.note, "t": time.time()},
            )
        return Outcome.STORED

    def _check_overlap(
        self, conn: Connection, batch: Batch, size: int, hashes: list[bytes]
    ) -> None:
        """Entries a batch repeats must be the ones stored (a republish after a crash)."""
        stored: dict[int, bytes] = dict(
            conn.execute(
                text(
                    f"SELECT leaf_index, leaf_hash FROM {self.schema}.entries"
                    " WHERE device = :o AND leaf_index >= :a AND leaf_index < :b"
                ),
                {"o": batch.origin, "a": batch.start, "b": size},
            ).all()
        )
        for offset, digest in enumerate(hashes):
            if bytes(stored.get(batch.start + offset, b"")) != digest:
                raise BatchRejected(
                    f"leaf {batch.start + offset} differs from the one stored: "
                    "the device rewrote history the control plane already holds"
                )

    def _copy_entries(self, conn: Connection, batch: Batch, skip: int, hashes: list[bytes]) -> None:
        """COPY the new rows in: ~5x the rows per second of a multi-row INSERT."""
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        columns = "device, leaf_index, time, session_id, kind, leaf_hash, entry"
        with cursor.copy(f"COPY {self.schema}.entries ({columns}) FROM STDIN") as copy:
            for offset in range(skip, len(batch.entries)):
                entry = batch.entries[offset]
                try:
                    event = orjson.loads(entry).get("event") or {}
                except (orjson.JSONDecodeError, AttributeError):
                    event = {}
                if not isinstance(event, dict):
                    event = {}
                copy.write_row(
                    (
                        batch.origin,
                        batch.start + offset,
                        _when(event.get("time")),
                        str(event.get("session_id") or ""),
                        str(event.get("kind") or ""),
                        hashes[offset],
                        entry.decode("ascii"),
                    )
                )
