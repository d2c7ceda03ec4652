"""Audit log: Merkle subtree nodes over the events, signed checkpoints; leaves for old events.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_nodes",
        sa.Column("level", sa.SmallInteger, nullable=False, autoincrement=False),
        sa.Column("index", sa.BigInteger, nullable=False, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
        sa.PrimaryKeyConstraint("level", "index", name="pk_audit_nodes"),
    )
    op.create_table(
        "checkpoints",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("origin", sa.String(256), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("time", sa.Float, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_checkpoints_size", "checkpoints", ["size"])
    op.create_index("ix_findings_event", "findings", ["event_id"])
    op.create_index("ix_alerts_event", "alerts", ["event_id"])
    # Events recorded before this revision become the first leaves, in seq order.
    from bastion.store.tree import backfill_leaves

    backfill_leaves(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_alerts_event", "alerts")
    op.drop_index("ix_findings_event", "findings")
    op.drop_table("checkpoints")
    op.drop_table("audit_nodes")
