"""The fleet control plane's PostgreSQL tables and their queries (``bastion.fleet`` holds
the rules: what a batch must prove before `DeviceLock.append` stores it).

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

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from bastion.errors import BastionError

__all__ = [
    "DATABASE_ERRORS",
    "DEFAULT_SCHEMA",
    "Device",
    "DeviceLock",
    "DeviceView",
    "EntryRow",
    "Finding",
    "FleetStoreError",
    "FleetTables",
]

# What a caller outside the store catches when PostgreSQL is away (it may not import the driver).
DATABASE_ERRORS: tuple[type[Exception], ...] = (DBAPIError,)


class FleetStoreError(BastionError):
    """The control plane's database was asked for something it cannot do."""


DEFAULT_SCHEMA = "bastion_fleet"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SETUP_LOCK = 0x0B457101  # advisory lock key: one replica creates tables at a time
_MAX_TIME = 253402300799.0  # 9999-12-31
_COPY_TYPES = ("text", "int8", "timestamptz", "text", "text", "bytea", "text")


_EXTRA_TABLES = (
    # Fleet findings (detection workers, the witness): ``key`` makes a finding raised by
    # two workers, or by a redelivered message, one row.
    "CREATE TABLE IF NOT EXISTS {s}.findings ("
    " id bigserial PRIMARY KEY, key text NOT NULL UNIQUE, kind text NOT NULL,"
    " severity text NOT NULL, devices text NOT NULL, detail text NOT NULL,"
    " at double precision NOT NULL)",
    # What was seen where: one row per (kind, value, host); a value on a second host of
    # the same kind is what the detection workers look for.
    "CREATE TABLE IF NOT EXISTS {s}.sightings ("
    " kind text NOT NULL, value text NOT NULL, host text NOT NULL, device text NOT NULL,"
    " first_at double precision NOT NULL, PRIMARY KEY (kind, value, host))",
    # The policy bundle each device last reported applying (or failing to).
    "CREATE TABLE IF NOT EXISTS {s}.bundle_reports ("
    " device text NOT NULL, version bigint NOT NULL, status text NOT NULL,"
    " detail text NOT NULL, at double precision NOT NULL, PRIMARY KEY (device, version))",
    # One-time enrolment invitations: a human's token (only its SHA-256 is kept).
    "CREATE TABLE IF NOT EXISTS {s}.invites ("
    " token_sha256 text PRIMARY KEY, human text NOT NULL, expires_at double precision NOT NULL,"
    " used_by text)",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One fleet finding (a detection worker's or the witness's)."""

    id: int
    kind: str
    severity: str
    devices: list[str]
    detail: dict[str, Any]
    at: float


@dataclass(frozen=True, slots=True)
class DeviceView:
    """One device as the console's fleet page shows it: its row, its last checkpoint and
    whether the control plane cosigned it, its last cosigned size, its last bundle report."""

    origin: str
    human: str
    status: str
    stored: int  # leaves the control plane holds
    enrolled_at: float
    updated_at: float
    replaced_by: str
    checkpoint_size: int  # the last checkpoint received (0: none)
    checkpoint_at: float
    checkpoint_cosigned: bool
    cosigned_size: int  # the largest cosigned checkpoint (0: none)
    bundle_version: int  # the last bundle report (0: none)
    bundle_status: str


@dataclass(frozen=True, slots=True)
class Device:
    origin: str
    vkey: str
    human: str
    status: str
    size: int


def _when(value: Any) -> datetime:
    """A partition key from an event time; times no calendar holds go to 1970 (DEFAULT)."""
    t = float(value) if isinstance(value, int | float) else 0.0
    if not 0.0 <= t < _MAX_TIME:
        t = 0.0
    return datetime.fromtimestamp(t, UTC)


class FleetTables:
    """The control plane's database: devices, their stored logs, rejections."""

    def __init__(self, url: str, *, schema: str = DEFAULT_SCHEMA) -> None:
        if not _SCHEMA_NAME.match(schema):
            raise FleetStoreError(f"schema name {schema!r} must match {_SCHEMA_NAME.pattern}")
        if not url.startswith("postgresql"):
            raise FleetStoreError(
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
            # The primary key (device, leaf_index, time) serves every lookup by device and
            # leaf; a second index on (device, leaf_index) only cost each row an insert.
            conn.execute(text(f"DROP INDEX IF EXISTS {s}.entries_device_leaf"))
            lz4 = self._has_lz4(conn)
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.entries_default"
                    f" PARTITION OF {s}.entries DEFAULT"
                )
            )
            day0 = today or datetime.now(UTC).date()
            for offset in range(-days_back, days_ahead + 1):
                self._day_partition(conn, day0 + timedelta(days=offset))
            if lz4:
                # Partitions made from now on inherit the parent's setting; the existing
                # ones are set too (it applies to the values they store from now on).
                for table in self._entry_tables(conn):
                    conn.execute(
                        text(f"ALTER TABLE {table} ALTER COLUMN entry SET COMPRESSION lz4")
                    )
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.checkpoints ("
                    " device text NOT NULL, size bigint NOT NULL, note text NOT NULL,"
                    " received_at double precision NOT NULL, PRIMARY KEY (device, size))"
                )
            )
            # The control plane's cosignature (C2SP cosignature/v1) on the checkpoint, when
            # it witnessed it: the signed note with the fleet witness's line added.
            conn.execute(
                text(f"ALTER TABLE {s}.checkpoints ADD COLUMN IF NOT EXISTS cosigned text")
            )
            # A device key rotated away: the origin of the key that replaced it.
            conn.execute(text(f"ALTER TABLE {s}.devices ADD COLUMN IF NOT EXISTS replaced_by text"))
            for statement in _EXTRA_TABLES:
                conn.execute(text(statement.format(s=s)))
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {s}.rejections ("
                    " id bigserial PRIMARY KEY, device text NOT NULL, start_leaf bigint,"
                    " end_leaf bigint, reason text NOT NULL,"
                    " at double precision NOT NULL)"
                )
            )

    @staticmethod
    def _has_lz4(conn: Connection) -> bool:
        """Whether this server compresses TOASTed values with lz4 (built with it, 14+).

        An entry (~2.7 KB of JSON) is compressed by PostgreSQL as it is stored; pglz
        cost the server 2-3x lz4's CPU per row for the same stored size (measured:
        bench/fleet_ingest_profile.py, docs/fleet.md), and that CPU is ingest's limit."""
        row = conn.execute(
            text(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'"
            )
        ).first()
        return bool(row and row[0])

    def _entry_tables(self, conn: Connection) -> list[str]:
        """``entries`` and its partitions, schema-qualified."""
        rows = conn.execute(
            text(
                "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE n.nspname = :s"
                " AND (c.relname = 'entries' OR c.relname LIKE 'entries\\_%')"
                " AND c.relkind IN ('r', 'p')"
            ),
            {"s": self.schema},
        ).all()
        return [str(r[0]) for r in rows]

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

    def enrol(self, origin: str, vkey: str, human: str) -> Device:
        """Register a device (its log origin and verifier key); re-enrolling keeps its log
        but never revives a revoked device (revocation is final for a key)."""
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
                {"o": origin, "k": vkey, "h": human, "t": now},
            )
        device = self.device(origin)
        assert device is not None
        return device

    def rotate(self, old: str, new: str, vkey: str) -> Device | None:
        """Move an active device to a new key (its new log ``new``): the new device is
        enrolled for the same human and the old one becomes ``rotated`` (its later batches
        are refused), in one transaction. None when the old device is not active or the
        new key is enrolled already (a key is enrolled once)."""
        now = time.time()
        with self.engine.begin() as conn:
            row = conn.execute(
                text(
                    f"SELECT human, status FROM {self.schema}.devices WHERE origin = :o FOR UPDATE"
                ),
                {"o": old},
            ).first()
            if row is None or row[1] != "active" or old == new:
                return None
            added = conn.execute(
                text(
                    f"INSERT INTO {self.schema}.devices"
                    " (origin, vkey, human, status, enrolled_at, updated_at)"
                    " VALUES (:o, :k, :h, 'active', :t, :t) ON CONFLICT (origin) DO NOTHING"
                ),
                {"o": new, "k": vkey, "h": row[0], "t": now},
            ).rowcount
            if not added:
                return None
            conn.execute(
                text(
                    f"UPDATE {self.schema}.devices SET status = 'rotated', replaced_by = :n,"
                    " updated_at = :t WHERE origin = :o"
                ),
                {"n": new, "t": now, "o": old},
            )
        return self.device(new)

    def set_status(self, origin: str, status: str) -> None:
        """``revoked`` or ``refused``: the device's later batches are rejected."""
        if status not in ("active", "revoked", "refused"):
            raise FleetStoreError(
                f"unknown device status {status!r}: use active, revoked or refused"
            )
        with self.engine.begin() as conn:
            done = conn.execute(
                text(
                    f"UPDATE {self.schema}.devices SET status = :s, updated_at = :t"
                    " WHERE origin = :o"
                ),
                {"s": status, "t": time.time(), "o": origin},
            ).rowcount
        if not done:
            raise FleetStoreError(
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

    def reject(self, origin: str, leaves: tuple[int, int] | None, reason: str) -> None:
        """Record a rejected batch, so the security team sees it (not only a log line)."""
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {self.schema}.rejections"
                    " (device, start_leaf, end_leaf, reason, at) VALUES (:d, :s, :e, :r, :t)"
                ),
                {
                    "d": origin[:200],
                    "s": leaves[0] if leaves else None,
                    "e": leaves[1] if leaves else None,
                    "r": reason[:1000],
                    "t": time.time(),
                },
            )

    # -- witness, findings, sightings, bundle reports, invitations ----------------------

    def latest_cosigned(self, origin: str) -> str | None:
        """The device's largest checkpoint the control plane cosigned (the note), if any."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    f"SELECT cosigned FROM {self.schema}.checkpoints"
                    " WHERE device = :o AND cosigned IS NOT NULL ORDER BY size DESC LIMIT 1"
                ),
                {"o": origin},
            ).first()
        return str(row[0]) if row else None

    def device_by_id(self, log_id: str) -> Device | None:
        """The device whose origin ends in ``/<log_id>`` (the id in NATS subjects)."""
        if not re.fullmatch(r"[0-9a-f]{1,64}", log_id):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    f"SELECT origin, vkey, human, status, size FROM {self.schema}.devices"
                    " WHERE origin LIKE :o"
                ),
                {"o": f"%/{log_id}"},
            ).first()
        return Device(*row) if row else None

    def add_finding(
        self, key: str, kind: str, severity: str, devices: list[str], detail: dict[str, Any]
    ) -> bool:
        """Record a finding once (by ``key``); True when it is new."""
        with self.engine.begin() as conn:
            done = conn.execute(
                text(
                    f"INSERT INTO {self.schema}.findings (key, kind, severity, devices, detail, at)"
                    " VALUES (:k, :kind, :sev, :d, :detail, :t) ON CONFLICT (key) DO NOTHING"
                ),
                {
                    "k": key[:500],
                    "kind": kind,
                    "sev": severity,
                    "d": json.dumps(sorted(set(devices))),
                    "detail": json.dumps(detail, sort_keys=True, default=str),
                    "t": time.time(),
                },
            ).rowcount
        return bool(done)

    def overview(self, *, limit: int = 500) -> list[DeviceView]:
        """Every device (most recently updated first) with its witness and bundle state,
        in one query: the console's fleet page."""
        s = self.schema
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT d.origin, d.human, d.status, d.size, d.enrolled_at, d.updated_at,"
                    " coalesce(d.replaced_by, ''),"
                    " coalesce(c.size, 0), coalesce(c.received_at, 0), c.cosigned IS NOT NULL,"
                    " coalesce(w.size, 0), coalesce(b.version, 0), coalesce(b.status, '')"
                    f" FROM {s}.devices d"
                    " LEFT JOIN LATERAL (SELECT size, received_at, cosigned"
                    f"  FROM {s}.checkpoints WHERE device = d.origin"
                    "  ORDER BY size DESC LIMIT 1) c ON true"
                    " LEFT JOIN LATERAL (SELECT size"
                    f"  FROM {s}.checkpoints WHERE device = d.origin AND cosigned IS NOT NULL"
                    "  ORDER BY size DESC LIMIT 1) w ON true"
                    " LEFT JOIN LATERAL (SELECT version, status"
                    f"  FROM {s}.bundle_reports WHERE device = d.origin"
                    "  ORDER BY version DESC LIMIT 1) b ON true"
                    " ORDER BY d.updated_at DESC LIMIT :n"
                ),
                {"n": limit},
            ).all()
        return [
            DeviceView(
                str(r[0]),
                str(r[1]),
                str(r[2]),
                int(r[3]),
                float(r[4]),
                float(r[5]),
                str(r[6]),
                int(r[7]),
                float(r[8]),
                bool(r[9]),
                int(r[10]),
                int(r[11]),
                str(r[12]),
            )
            for r in rows
        ]

    def latest_findings(self, limit: int = 100) -> list[Finding]:
        """The newest findings first (the console's fleet page)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    f"SELECT id, kind, severity, devices, detail, at FROM {self.schema}.findings"
                    " ORDER BY id DESC LIMIT :n"
                ),
                {"n": limit},
            ).all()
        return [
            Finding(int(r[0]), r[1], r[2], json.loads(r[3]), json.loads(r[4]), float(r[5]))
            for r in rows
        ]

    def findings(self, *, after: int = 0, limit: int = 1000) -> list[Finding]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    f"SELECT id, kind, severity, devices, detail, at FROM {self.schema}.findings"
                    " WHERE id > :a ORDER BY id LIMIT :n"
                ),
                {"a": after, "n": limit},
            ).all()
        return [
            Finding(int(r[0]), r[1], r[2], json.loads(r[3]), json.loads(r[4]), float(r[5]))
            for r in rows
        ]

    def sight(self, kind: str, value: str, host: str, device: str) -> list[tuple[str, str]]:
        """Record that ``value`` (of ``kind``) was seen on ``host``; returns every
        (host, device) it was seen on, this one included."""
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {self.schema}.sightings (kind, value, host, device, first_at)"
                    " VALUES (:k, :v, :h, :d, :t) ON CONFLICT DO NOTHING"
                ),
                {"k": kind, "v": value[:500], "h": host[:500], "d": device, "t": time.time()},
            )
            rows = conn.execute(
                text(
                    f"SELECT host, device FROM {self.schema}.sightings"
                    " WHERE kind = :k AND value = :v ORDER BY first_at"
                ),
                {"k": kind, "v": value[:500]},
            ).all()
        return [(r[0], r[1]) for r in rows]

    def report_bundle(self, device: str, version: int, status: str, detail: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {self.schema}.bundle_reports"
                    " (device, version, status, detail, at) VALUES (:d, :v, :s, :x, :t)"
                    " ON CONFLICT (device, version) DO UPDATE SET status = EXCLUDED.status,"
                    " detail = EXCLUDED.detail, at = EXCLUDED.at"
                ),
                {"d": device, "v": version, "s": status, "x": detail[:2000], "t": time.time()},
            )

    def bundle_reports(self, device: str) -> list[tuple[int, str, str]]:
        """(version, status, detail) the device reported, oldest version first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    f"SELECT version, status, detail FROM {self.schema}.bundle_reports"
                    " WHERE device = :d ORDER BY version"
                ),
                {"d": device},
            ).all()
        return [(int(r[0]), r[1], r[2]) for r in rows]

    def add_invite(self, token_sha256: str, human: str, expires_at: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {self.schema}.invites (token_sha256, human, expires_at)"
                    " VALUES (:t, :h, :e)"
                ),
                {"t": token_sha256, "h": human, "e": expires_at},
            )

    def use_invite(self, token_sha256: str, origin: str, now: float) -> str | None:
        """Consume an unexpired, unused invitation for ``origin``; returns its human.
        A second device cannot use the same token (the row is claimed atomically)."""
        with self.engine.begin() as conn:
            row = conn.execute(
                text(
                    f"UPDATE {self.schema}.invites SET used_by = :o"
                    " WHERE token_sha256 = :t AND expires_at > :n"
                    " AND (used_by IS NULL OR used_by = :o) RETURNING human"
                ),
                {"o": origin, "t": token_sha256, "n": now},
            ).first()
        return str(row[0]) if row else None

    # -- ingest -------------------------------------------------------------------------

    @contextmanager
    def lock_device(self, origin: str) -> Iterator[DeviceLock]:
        """One transaction holding the device's row FOR UPDATE: whoever stores a batch of
        that device waits here, so batches are stored once and in order. Commits when the
        block ends normally, rolls back on an exception."""
        with self.engine.begin() as conn:
            row = conn.execute(
                text(
                    f"SELECT origin, vkey, human, status, size, range FROM {self.schema}.devices"
                    " WHERE origin = :o FOR UPDATE"
                ),
                {"o": origin},
            ).first()
            device = Device(*row[:5]) if row else None
            yield DeviceLock(conn, self.schema, device, bytes(row[5]) if row else b"")


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One log entry as the control plane stores it."""

    leaf_index: int
    time: float
    session_id: str
    kind: str
    leaf_hash: bytes
    entry: str


class DeviceLock:
    """The locked device row and what may be done in its transaction."""

    def __init__(self, conn: Connection, schema: str, device: Device | None, tree: bytes) -> None:
        self._conn = conn
        self._schema = schema
        self.device = device
        self.tree = tree  # the compact range of the stored leaves (CompactRange.to_bytes)

    def stored_hashes(self, first: int, end: int) -> dict[int, bytes]:
        """Leaf hashes stored for leaf indices ``first <= i < end``."""
        assert self.device is not None
        rows = self._conn.execute(
            text(
                f"SELECT leaf_index, leaf_hash FROM {self._schema}.entries"
                " WHERE device = :o AND leaf_index >= :a AND leaf_index < :b"
            ),
            {"o": self.device.origin, "a": first, "b": end},
        ).all()
        return {int(r[0]): bytes(r[1]) for r in rows}

    def append(
        self,
        rows: list[EntryRow],
        size: int,
        tree: bytes,
        checkpoint: tuple[int, str],
        cosigned: str | None = None,
    ) -> None:
        """COPY the rows in, then move the device to ``size``.

        COPY is ~5x a multi-row INSERT; its binary format spares the client escaping
        each ~2.7 KB entry and the server parsing it back (client 9 -> 3.5 us a row,
        server ~15% less; bench/fleet_ingest_profile.py)."""
        assert self.device is not None
        origin = self.device.origin
        cursor = self._conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        columns = "device, leaf_index, time, session_id, kind, leaf_hash, entry"
        statement = f"COPY {self._schema}.entries ({columns}) FROM STDIN (FORMAT BINARY)"
        with cursor.copy(statement) as copy:
            copy.set_types(_COPY_TYPES)
            for r in rows:
                copy.write_row(
                    (
                        origin,
                        r.leaf_index,
                        _when(r.time),
                        r.session_id,
                        r.kind,
                        r.leaf_hash,
                        r.entry,
                    )
                )
        now = time.time()
        self._conn.execute(
            text(
                f"UPDATE {self._schema}.devices SET size = :n, range = :r, updated_at = :t"
                " WHERE origin = :o"
            ),
            {"n": size, "r": tree, "t": now, "o": origin},
        )
        self._conn.execute(
            text(
                f"INSERT INTO {self._schema}.checkpoints"
                " (device, size, note, received_at, cosigned) VALUES (:o, :n, :note, :t, :c)"
                " ON CONFLICT (device, size) DO UPDATE"
                " SET cosigned = COALESCE(checkpoints.cosigned, EXCLUDED.cosigned)"
            ),
            {"o": origin, "n": checkpoint[0], "note": checkpoint[1], "t": now, "c": cosigned},
        )
