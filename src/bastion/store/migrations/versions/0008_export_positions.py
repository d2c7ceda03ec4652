"""Export positions: how far each sink has delivered the audit log (issue #18).

One row per configured sink (`bastion.export.delivery`): the seq of the last event it
has delivered (or dead-lettered), so delivery resumes where it stopped after a restart,
at least once. Not part of the log: a position moves, the log does not.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sa.String(128).with_variant(sa.Text(), "postgresql")
    op.create_table(
        "export_positions",
        sa.Column("sink", text, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("delivered", sa.BigInteger, nullable=False),
        sa.Column("dead_lettered", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.Column("last_error", sa.Text().with_variant(sa.Text(), "postgresql"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("export_positions")
