"""Tables of the record: sessions, events (with their verdicts), findings, alerts, audit log.

One schema through SQLAlchemy Core for SQLite and PostgreSQL, created and evolved by the
Alembic revisions in ``migrations/``; a test checks that they produce exactly this
metadata. JSON columns use the generic type (JSONB on PostgreSQL) so queries stay
dialect-neutral, except those that are part of log entries (`LoggedJson`): they keep the
exact canonical text that was hashed, on both backends. The audit tables hold the Merkle
tree over the events (``audit_nodes``: every perfect subtree, leaves at level 0, leaf ``i``
being the ``i``-th event by ``seq``) and the signed checkpoints. The console's tables
(users, tokens, logins, its own audit trail, approvals) live here too, so one set of
migrations makes every table of a store.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
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
from sqlalchemy.types import TypeDecorator

from bastion.audit.entry import canonical_json

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")


class CanonicalJsonText(TypeDecorator[Any]):
    """JSON kept as the exact canonical text the audit log hashed (PostgreSQL).

    JSONB normalises what it stores (``1e+16`` comes back as ``10000000000000000``,
    ``-0.0`` as ``0.0``), so a logged column read back from it could no longer make
    the entry it was hashed as, and an honest row would fail verification. Values go in
    as `canonical_json` text and come out parsed, exactly as SQLite's JSON columns do.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else canonical_json(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


LoggedJson = JSON().with_variant(CanonicalJsonText(), "postgresql")
"""The JSON columns that are part of log entries: canonical text on every backend."""

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
    Column("data", LoggedJson, nullable=False),
    Column("facts", LoggedJson),
    Column("verdict", LoggedJson),
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
    Column("evidence", LoggedJson),
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

# -- the console's tables (bastion.server): users, API tokens, browser logins, its own
# audit trail, approvals. Secrets are never stored: tokens and browser sessions are kept as
# SHA-256 digests, passwords as scrypt hashes. Not part of the audit log.

users = Table(
    "console_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
)

tokens = Table(
    "console_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("role", String(16), nullable=False),
    # SHA-256 of the token (hex): a 32-byte random token needs no slow hash.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("created_by", String(128), nullable=False, default=""),
    Column("last_used", Float),
    Column("revoked_at", Float),
)

logins = Table(
    "console_logins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_hash", String(64), nullable=False, unique=True),
    Column("user_name", String(128), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
)

console_audit = Table(
    "console_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", Float, nullable=False),
    Column("actor", String(160), nullable=False),
    Column("role", String(16), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(256), nullable=False, default=""),
    Column("detail", Json),
    Column("client", String(64), nullable=False, default=""),
    Index("ix_console_audit_time", "time"),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("call_hash", String(64), nullable=False),
    Column("similar_key", String(64), nullable=False),
    Column("session_id", String(128), nullable=False),
    Column("event_id", String(64)),
    Column("tool", String(256), nullable=False),
    Column("tool_input", Json),
    Column("reason", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False, default="pending"),
    Column("scope", String(32), nullable=False, default="once"),
    Column("scope_minutes", Integer, nullable=False, default=0),
    Column("requested_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("decided_by", String(160)),
    Column("decided_at", Float),
    Column("valid_until", Float),
    Column("note", Text, nullable=False, default=""),
    Index("ix_approvals_status", "status"),
    Index("ix_approvals_session", "session_id", "similar_key"),
    Index("ix_approvals_call", "call_hash"),
)
