"""Tables of the record: sessions, events (with their verdicts), findings, alerts, audit log.

One schema through SQLAlchemy Core for SQLite and PostgreSQL, created and evolved by the
Alembic revisions in ``migrations/``; a test checks that they produce exactly this
metadata. JSON columns use the generic type (JSONB on PostgreSQL) so queries stay
dialect-neutral. The audit tables hold the Merkle tree over the events (``audit_nodes``:
every perfect subtree, leaves at level 0, leaf ``i`` being the ``i``-th event by ``seq``)
and the signed checkpoints.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("agent", String(64), nullable=False),
    Column("agent_version", String(64), nullable=False, default=""),
    Column("human", String(256), nullable=False),
    Column("host", String(256), nullable=False, default=""),
    Column("cwd", Text, nullable=False, default=""),
    Column("workspace", Text, nullable=False, default=""),
    Column("permission_mode", String(64), nullable=False, default=""),
    Column("transcript_path", Text, nullable=False, default=""),
    Column("prompt", Text, nullable=False, default=""),
    Column("started_at", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("ended_at", Float),
    Column("mode", String(32), nullable=False, default="normal"),
    Column("risk", Integer, nullable=False, default=0),
    Column("event_count", Integer, nullable=False, default=0),
    Column("denials", Integer, nullable=False, default=0),
    Column("state", Json),
    Column("data", Json),
)

events = Table(
    "events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("session_id", String(128), nullable=False),
    Column("time", Float, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("native_name", String(64), nullable=False),
    Column("tool", String(256)),
    Column("tool_use_id", String(128)),
    Column("decision", String(8)),
    Column("data", Json, nullable=False),
    Column("facts", Json),
    Column("verdict", Json),
    Index("ix_events_session_seq", "session_id", "seq"),
    Index("ix_events_time", "time"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
    Column("session_id", String(128), nullable=False),
    Column("time", Float, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("detail", Text, nullable=False),
    Column("rule", String(128), nullable=False, default=""),
    Column("evidence", Json),
    Index("ix_findings_session", "session_id"),
    Index("ix_findings_kind", "kind"),
    Index("ix_findings_event", "event_id"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(128), nullable=False),
    Column("event_id", String(64)),
    Column("time", Float, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False, default="open"),
    Index("ix_alerts_session", "session_id"),
    Index("ix_alerts_event", "event_id"),
)

audit_nodes = Table(
    "audit_nodes",
    metadata,
    Column("level", SmallInteger, nullable=False, autoincrement=False),
    Column("index", BigInteger, nullable=False, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
    PrimaryKeyConstraint("level", "index", name="pk_audit_nodes"),
    sqlite_with_rowid=False,
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", String(256), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("time", Float, nullable=False),
    Column("note", Text, nullable=False),
    Index("ix_checkpoints_size", "size"),
)
