"""Tables of the record: sessions, events (with their verdicts), findings, alerts.

One schema through SQLAlchemy Core for SQLite and PostgreSQL. JSON columns use the
generic type (JSONB on PostgreSQL) so queries stay dialect-neutral.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
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
)
