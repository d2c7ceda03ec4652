"""MCP tool pins: each MCP server's tools as a person (or first use) accepted them (issue #16).

One row per (server, tool): the SHA-256 of the tool's name, description and schemas, the
definition it hashes (for the reviewer of a change) and who pinned it. The gateway
(`bastion.gateway.pins`) refuses a tool whose hash no longer matches until a person approves
the change.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"

    def s(length: int | None = None) -> Any:
        # Unbounded TEXT on PostgreSQL, as every string column since 0007.
        return sa.Text() if postgres or length is None else sa.String(length)

    op.create_table(
        "mcp_tool_pins",
        sa.Column("server_id", s(200), primary_key=True),
        sa.Column("tool", s(256), primary_key=True),
        sa.Column("hash", s(64), nullable=False),
        sa.Column("definition", s(), nullable=False),
        sa.Column("pinned_at", sa.Float, nullable=False),
        sa.Column("pinned_by", s(160), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mcp_tool_pins")
