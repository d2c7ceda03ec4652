"""The identity registry's tables join the store: agents, session credentials, revocations,
grants (``identity_*``).

Before this revision the registry kept them in a SQLite file of its own,
``<home>/identity.db``, made with ``create_all``: no migrations and no PostgreSQL. The
rows of such a file are moved in by the registry when it first opens the home
(`bastion.identity.registry.Registry`), since only it knows where the home is.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _tables(postgres: bool) -> dict[str, tuple[list[sa.Column[Any]], list[tuple[str, list[str]]]]]:
    def s(length: int | None = None) -> Any:
        # Unbounded TEXT on PostgreSQL, as every string column since 0007.
        return sa.Text() if postgres or length is None else sa.String(length)

    return {
        "identity_agents": (
            [
                sa.Column("id", s(64), primary_key=True),
                sa.Column("agent", s(64), nullable=False),
                sa.Column("version", s(64), nullable=False),
                sa.Column("host", s(255), nullable=False),
                sa.Column("hooks_sha256", s(64), nullable=False),
                sa.Column("first_seen", sa.Float, nullable=False),
                sa.Column("last_seen", sa.Float, nullable=False),
                sa.Column("sessions", sa.Integer, nullable=False),
            ],
            [],
        ),
        "identity_sessions": (
            [
                sa.Column("id", s(255), primary_key=True),
                sa.Column("human", s(255), nullable=False),
                sa.Column("agent_instance", s(64), nullable=False),
                sa.Column("jti", s(64), nullable=False),
                sa.Column("token", s(), nullable=False),
                sa.Column("issued_at", sa.Float, nullable=False),
                sa.Column("expires_at", sa.Float, nullable=False),
                sa.Column("started_at", sa.Float, nullable=False),
                sa.Column("hooks_sha256", s(64), nullable=False),
                sa.Column("data", s(), nullable=False),
            ],
            [
                ("ix_identity_sessions_human", ["human"]),
                ("ix_identity_sessions_agent", ["agent_instance"]),
            ],
        ),
        "identity_revocations": (
            [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("kind", s(16), nullable=False),
                sa.Column("subject", s(255), nullable=False),
                sa.Column("at", sa.Float, nullable=False),
                sa.Column("by", s(255), nullable=False),
                sa.Column("reason", s(), nullable=False),
                sa.Column("lifted_at", sa.Float, nullable=True),
            ],
            [],
        ),
        "identity_grants": (
            [
                sa.Column("id", s(32), primary_key=True),
                sa.Column("session_id", s(255), nullable=False),
                sa.Column("kind", s(16), nullable=False),
                sa.Column("value", s(), nullable=False),
                sa.Column("created", sa.Float, nullable=False),
                sa.Column("expires_at", sa.Float, nullable=False),
                sa.Column("approved_by", s(255), nullable=False),
                sa.Column("reason", s(), nullable=False),
            ],
            [],
        ),
    }


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (columns, indexes) in _tables(postgres).items():
        op.create_table(name, *columns)
        for index, cols in indexes:
            op.create_index(index, name, cols)


def downgrade() -> None:
    for name in reversed(list(_tables(False))):
        op.drop_table(name)
