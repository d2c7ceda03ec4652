"""The console's own tables: users, API tokens, browser logins, its audit trail, approvals.

They live in their own SQLAlchemy ``MetaData`` beside the store's (they are not part of
the audit log's schema) and are created on the store's database with ``create_all`` when
the console starts or the approvals client first runs. They should become an Alembic
revision of the store once its migrations settle. Secrets are never stored: tokens and
browser sessions are kept as SHA-256 digests, passwords as scrypt hashes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
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

ROLES = ("viewer", "responder", "admin")

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


def create_tables(engine: Engine) -> None:
    """Create the console's tables that do not exist yet (idempotent)."""
    metadata.create_all(engine, checkfirst=True)
