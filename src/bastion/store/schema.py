"""Tables of the record: sessions, events (with their verdicts), findings, alerts, audit log.

One schema through SQLAlchemy Core for SQLite and PostgreSQL, created and evolved by the
Alembic revisions in ``migrations/``; a test checks that they produce exactly this
metadata. JSON columns (`Json`) keep the exact canonical text they were written as, on
both backends, so a log entry can be made again from its row. The audit tables hold the
Merkle tree over the events (``audit_nodes``: every perfect subtree, leaves at level 0,
leaf ``i`` being the ``i``-th event by ``seq``) and the signed checkpoints. The console's tables
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
from sqlalchemy.types import TypeDecorator

from bastion.audit.entry import canonical_json

__all__ = [
    "EVENT_COLUMNS",
    "NUL_SYMBOL",
    "CanonicalJsonText",
    "Json",
    "PostgresText",
    "Str",
    "alerts",
    "approvals",
    "audit_nodes",
    "checkpoints",
    "console_audit",
    "events",
    "export_positions",
    "findings",
    "identity_agents",
    "identity_grants",
    "identity_revocations",
    "identity_sessions",
    "logins",
    "metadata",
    "sessions",
    "storable_text",
    "tokens",
    "users",
]

# The columns of an event row in the order the fast insert paths write them (`Store`'s
# batched insert and `raw_append`), one tuple per row.
EVENT_COLUMNS = (
    "seq",
    "id",
    "session_id",
    "time",
    "kind",
    "native_name",
    "tool",
    "tool_use_id",
    "decision",
    "data",
    "facts",
    "verdict",
)

metadata = MetaData()


class CanonicalJsonText(TypeDecorator[Any]):
    """JSON kept as its canonical text (PostgreSQL), read back parsed.

    Not JSONB: JSONB normalises what it stores (``1e+16`` comes back as
    ``10000000000000000``, ``-0.0`` as ``0.0``), so a logged column read back from it
    could no longer make the entry it was hashed as, and it refuses U+0000 outright, so
    a binary tool output could not be recorded. Values go in as `canonical_json` text
    and come out parsed, exactly as SQLite's JSON columns behave.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else canonical_json(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


Json = JSON().with_variant(CanonicalJsonText(), "postgresql")
"""Every JSON column: SQLite's JSON type, canonical text on PostgreSQL."""

NUL_SYMBOL = "\u2400"
"""How U+0000 is recorded on PostgreSQL, whose text cannot hold it: the visible ␀."""


def storable_text(value: str) -> str:
    """``value`` as PostgreSQL can hold it: each U+0000 becomes `NUL_SYMBOL`."""
    return value.replace("\x00", NUL_SYMBOL) if "\x00" in value else value


class PostgresText(TypeDecorator[str]):
    """A string column on PostgreSQL: unbounded TEXT, U+0000 recorded as `NUL_SYMBOL`.

    What an agent sends (tool names, session ids, prompts) is recorded whatever it
    holds: SQLite takes any string, but PostgreSQL refuses U+0000 in text and a value
    longer than a VARCHAR's length, either of which would lose the event.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return storable_text(value) if isinstance(value, str) else value


def Str(length: int | None = None) -> Any:
    """A string column: ``String(length)`` (TEXT without one) on SQLite, `PostgresText`
    on PostgreSQL."""
    base = Text() if length is None else String(length)
    return base.with_variant(PostgresText(), "postgresql")


sessions = Table(
    "sessions",
    metadata,
    Column("id", Str(128), primary_key=True),
    Column("agent", Str(64), nullable=False),
    Column("agent_version", Str(64), nullable=False, default=""),
    Column("human", Str(256), nullable=False),
    Column("host", Str(256), nullable=False, default=""),
    Column("cwd", Str(), nullable=False, default=""),
    Column("workspace", Str(), nullable=False, default=""),
    Column("permission_mode", Str(64), nullable=False, default=""),
    Column("transcript_path", Str(), nullable=False, default=""),
    Column("prompt", Str(), nullable=False, default=""),
    Column("started_at", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("ended_at", Float),
    Column("mode", Str(32), nullable=False, default="normal"),
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
    Column("id", Str(64), nullable=False, unique=True),
    Column("session_id", Str(128), nullable=False),
    Column("time", Float, nullable=False),
    Column("kind", Str(32), nullable=False),
    Column("native_name", Str(64), nullable=False),
    Column("tool", Str(256)),
    Column("tool_use_id", Str(128)),
    Column("decision", Str(8)),
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
    Column("event_id", Str(64), nullable=False),
    Column("session_id", Str(128), nullable=False),
    Column("time", Float, nullable=False),
    Column("kind", Str(64), nullable=False),
    Column("severity", Str(16), nullable=False),
    Column("detail", Str(), nullable=False),
    Column("rule", Str(128), nullable=False, default=""),
    Column("evidence", Json),
    Index("ix_findings_session", "session_id"),
    Index("ix_findings_kind", "kind"),
    Index("ix_findings_event", "event_id"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Str(128), nullable=False),
    Column("event_id", Str(64)),
    Column("time", Float, nullable=False),
    Column("severity", Str(16), nullable=False),
    Column("title", Str(), nullable=False),
    Column("detail", Str(), nullable=False, default=""),
    Column("status", Str(16), nullable=False, default="open"),
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
    Column("origin", Str(256), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("time", Float, nullable=False),
    Column("note", Str(), nullable=False),
    Index("ix_checkpoints_size", "size"),
)

# -- the console's tables (bastion.server): users, API tokens, browser logins, its own
# audit trail, approvals. Secrets are never stored: tokens and browser sessions are kept as
# SHA-256 digests, passwords as scrypt hashes. Not part of the audit log.

users = Table(
    "console_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Str(128), nullable=False, unique=True),
    Column("role", Str(16), nullable=False),
    Column("password_hash", Str(), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
)

tokens = Table(
    "console_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Str(128), nullable=False),
    Column("role", Str(16), nullable=False),
    # SHA-256 of the token (hex): a 32-byte random token needs no slow hash.
    Column("token_hash", Str(64), nullable=False, unique=True),
    Column("prefix", Str(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("created_by", Str(128), nullable=False, default=""),
    Column("last_used", Float),
    Column("revoked_at", Float),
)

logins = Table(
    "console_logins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_hash", Str(64), nullable=False, unique=True),
    Column("user_name", Str(128), nullable=False),
    Column("csrf_token", Str(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
)

console_audit = Table(
    "console_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", Float, nullable=False),
    Column("actor", Str(160), nullable=False),
    Column("role", Str(16), nullable=False),
    Column("action", Str(64), nullable=False),
    Column("target", Str(256), nullable=False, default=""),
    Column("detail", Json),
    Column("client", Str(64), nullable=False, default=""),
    Index("ix_console_audit_time", "time"),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("call_hash", Str(64), nullable=False),
    Column("similar_key", Str(64), nullable=False),
    Column("session_id", Str(128), nullable=False),
    Column("event_id", Str(64)),
    Column("tool", Str(256), nullable=False),
    Column("tool_input", Json),
    Column("reason", Str(), nullable=False, default=""),
    Column("status", Str(16), nullable=False, default="pending"),
    Column("scope", Str(32), nullable=False, default="once"),
    Column("scope_minutes", Integer, nullable=False, default=0),
    Column("requested_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("decided_by", Str(160)),
    Column("decided_at", Float),
    Column("valid_until", Float),
    Column("note", Str(), nullable=False, default=""),
    Index("ix_approvals_status", "status"),
    Index("ix_approvals_session", "session_id", "similar_key"),
    Index("ix_approvals_call", "call_hash"),
)

# -- the identity registry (bastion.identity.registry): agent instances, session
# credentials, revocations, grants. Before revision 0009 these lived in their own SQLite
# file, <home>/identity.db; the registry moves an existing file's rows here once.

identity_agents = Table(
    "identity_agents",
    metadata,
    Column("id", Str(64), primary_key=True),  # instance id
    Column("agent", Str(64), nullable=False),  # agent type, e.g. claude-code
    Column("version", Str(64), nullable=False, default=""),
    Column("host", Str(255), nullable=False, default=""),
    Column("hooks_sha256", Str(64), nullable=False, default=""),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("sessions", Integer, nullable=False, default=0),
)

identity_sessions = Table(
    "identity_sessions",
    metadata,
    Column("id", Str(255), primary_key=True),
    Column("human", Str(255), nullable=False),
    Column("agent_instance", Str(64), nullable=False),
    Column("jti", Str(64), nullable=False),
    Column("token", Str(), nullable=False),
    Column("issued_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("started_at", Float, nullable=False),
    Column("hooks_sha256", Str(64), nullable=False, default=""),
    Column("data", Str(), nullable=False, default="{}"),  # scope, guard baseline, human
    Index("ix_identity_sessions_human", "human"),
    Index("ix_identity_sessions_agent", "agent_instance"),
)

identity_revocations = Table(
    "identity_revocations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Str(16), nullable=False),  # jti | session | agent | human
    Column("subject", Str(255), nullable=False),
    Column("at", Float, nullable=False),
    Column("by", Str(255), nullable=False),
    Column("reason", Str(), nullable=False, default=""),
    Column("lifted_at", Float, nullable=True),
)

identity_grants = Table(
    "identity_grants",
    metadata,
    Column("id", Str(32), primary_key=True),
    Column("session_id", Str(255), nullable=False),
    Column("kind", Str(16), nullable=False),  # host | repository | tool
    Column("value", Str(), nullable=False),
    Column("created", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("approved_by", Str(255), nullable=False),
    Column("reason", Str(), nullable=False, default=""),
)

# -- export (bastion.export.delivery): each sink's position in the audit log. Not part of
# the log itself: a position moves as a sink delivers.
# Used on PostgreSQL; on SQLite the same table lives in its own file beside the home's
# database (`bastion.store.export_positions`), and this one is only read once, to copy.

export_positions = Table(
    "export_positions",
    metadata,
    Column("sink", Str(128), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("delivered", BigInteger, nullable=False),
    Column("dead_lettered", BigInteger, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("last_error", Str(), nullable=False),
)

# -- the MCP gateway (bastion.gateway): each server's tools as first approved (revision 0010).
# A pin is the hash of a tool's name, description and schemas; a change is refused until a
# person approves it (rug-pull detection). ``server_id`` names the server by its configured
# name and the hash of its command line or URL.
mcp_tool_pins = Table(
    "mcp_tool_pins",
    metadata,
    Column("server_id", Str(200), primary_key=True),
    Column("tool", Str(256), primary_key=True),
    Column("hash", Str(64), nullable=False),
    Column("definition", Str(), nullable=False),  # canonical JSON text
    Column("pinned_at", Float, nullable=False),
    Column("pinned_by", Str(160), nullable=False),
)
