"""The record as first released: sessions, events with verdicts, findings, alerts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("agent", sa.String(64), nullable=False),
        sa.Column("agent_version", sa.String(64), nullable=False),
        sa.Column("human", sa.String(256), nullable=False),
        sa.Column("host", sa.String(256), nullable=False),
        sa.Column("cwd", sa.Text, nullable=False),
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("permission_mode", sa.String(64), nullable=False),
        sa.Column("transcript_path", sa.Text, nullable=False),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("last_seen", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float),
        sa.Column("mode", sa.String(32), nullable=False),
        sa.Column("risk", sa.Integer, nullable=False),
        sa.Column("event_count", sa.Integer, nullable=False),
        sa.Column("denials", sa.Integer, nullable=False),
        sa.Column("state", Json),
        sa.Column("data", Json),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("session_id", sa.String(128), nullable=False),
        sa.Column("time", sa.Float, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("native_name", sa.String(64), nullable=False),
        sa.Column("tool", sa.String(256)),
        sa.Column("tool_use_id", sa.String(128)),
        sa.Column("decision", sa.String(8)),
        sa.Column("data", Json, nullable=False),
        sa.Column("facts", Json),
        sa.Column("verdict", Json),
    )
    op.create_index("ix_events_session_seq", "events", ["session_id", "seq"])
    op.create_index("ix_events_time", "events", ["time"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(128), nullable=False),
        sa.Column("time", sa.Float, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("rule", sa.String(128), nullable=False),
        sa.Column("evidence", Json),
    )
    op.create_index("ix_findings_session", "findings", ["session_id"])
    op.create_index("ix_findings_kind", "findings", ["kind"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(128), nullable=False),
        sa.Column("event_id", sa.String(64)),
        sa.Column("time", sa.Float, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_alerts_session", "alerts", ["session_id"])


def downgrade() -> None:
    for table in ("alerts", "findings", "events", "sessions"):
        op.drop_table(table)
