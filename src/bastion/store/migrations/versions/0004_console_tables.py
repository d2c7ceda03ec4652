"""The console's tables: users, API tokens, browser logins, the console's audit trail, approvals.

Before this revision the console made them itself with ``create_all`` when it first ran,
so on such a store some or all of them exist already, exactly as defined here: those are
kept, the missing ones are created.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_Json = sa.JSON().with_variant(JSONB(), "postgresql")


def _tables() -> dict[str, tuple[list[sa.Column[Any]], list[tuple[str, list[str]]]]]:
    """Each table's columns and constraints, and its indexes as (name, columns)."""
    return {
        "console_users": (
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("name", sa.String(128), nullable=False, unique=True),
                sa.Column("role", sa.String(16), nullable=False),
                sa.Column("password_hash", sa.Text, nullable=False),
                sa.Column("created_at", sa.Float, nullable=False),
                sa.Column("disabled", sa.Boolean, nullable=False),
            ],
            [],
        ),
        "console_tokens": (
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("name", sa.String(128), nullable=False),
                sa.Column("role", sa.String(16), nullable=False),
                sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
                sa.Column("prefix", sa.String(16), nullable=False),
                sa.Column("created_at", sa.Float, nullable=False),
                sa.Column("created_by", sa.String(128), nullable=False),
                sa.Column("last_used", sa.Float),
                sa.Column("revoked_at", sa.Float),
            ],
            [],
        ),
        "console_logins": (
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("session_hash", sa.String(64), nullable=False, unique=True),
                sa.Column("user_name", sa.String(128), nullable=False),
                sa.Column("csrf_token", sa.String(64), nullable=False),
                sa.Column("created_at", sa.Float, nullable=False),
                sa.Column("expires_at", sa.Float, nullable=False),
            ],
            [],
        ),
        "console_audit": (
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("time", sa.Float, nullable=False),
                sa.Column("actor", sa.String(160), nullable=False),
                sa.Column("role", sa.String(16), nullable=False),
                sa.Column("action", sa.String(64), nullable=False),
                sa.Column("target", sa.String(256), nullable=False),
                sa.Column("detail", _Json),
                sa.Column("client", sa.String(64), nullable=False),
            ],
            [("ix_console_audit_time", ["time"])],
        ),
        "approvals": (
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("call_hash", sa.String(64), nullable=False),
                sa.Column("similar_key", sa.String(64), nullable=False),
                sa.Column("session_id", sa.String(128), nullable=False),
                sa.Column("event_id", sa.String(64)),
                sa.Column("tool", sa.String(256), nullable=False),
                sa.Column("tool_input", _Json),
                sa.Column("reason", sa.Text, nullable=False),
                sa.Column("status", sa.String(16), nullable=False),
                sa.Column("scope", sa.String(32), nullable=False),
                sa.Column("scope_minutes", sa.Integer, nullable=False),
                sa.Column("requested_at", sa.Float, nullable=False),
                sa.Column("expires_at", sa.Float, nullable=False),
                sa.Column("decided_by", sa.String(160)),
                sa.Column("decided_at", sa.Float),
                sa.Column("valid_until", sa.Float),
                sa.Column("note", sa.Text, nullable=False),
            ],
            [
                ("ix_approvals_status", ["status"]),
                ("ix_approvals_session", ["session_id", "similar_key"]),
                ("ix_approvals_call", ["call_hash"]),
            ],
        ),
    }


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, (columns, indexes) in _tables().items():
        if name in existing:
            continue
        op.create_table(name, *columns)
        for index, cols in indexes:
            op.create_index(index, name, cols)


def downgrade() -> None:
    for name in reversed(list(_tables())):
        op.drop_table(name)
