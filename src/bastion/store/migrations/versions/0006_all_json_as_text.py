"""The remaining JSON columns hold canonical text on PostgreSQL too (was JSONB).

JSONB refuses the character U+0000, so session state holding a value from a binary tool
output, or an approval of a command containing one, could not be written at all.
``sessions.state``, ``sessions.data``, ``console_audit.detail`` and
``approvals.tool_input`` become TEXT holding canonical JSON, like the logged columns
(0005). See `bastion.store.migrations.json_text`.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

from bastion.store.migrations.json_text import tables_to_jsonb, tables_to_text

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = {
    "sessions": ("id", ["state", "data"]),
    "console_audit": ("id", ["detail"]),
    "approvals": ("id", ["tool_input"]),
}


def upgrade() -> None:
    tables_to_text(op.get_bind(), _COLUMNS)


def downgrade() -> None:
    tables_to_jsonb(op.get_bind(), _COLUMNS)
