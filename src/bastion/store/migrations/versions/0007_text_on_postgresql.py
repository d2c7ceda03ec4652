"""String columns are unbounded TEXT on PostgreSQL (were VARCHAR(n)).

What an agent sends is recorded whatever it holds: a tool name longer than 256
characters or a session id longer than 128 was refused by PostgreSQL's VARCHAR, and the
event was lost (SQLite never enforced the lengths). VARCHAR to TEXT is a catalogue change
in PostgreSQL, no table is rewritten. U+0000, which PostgreSQL text cannot hold, is
written as the visible symbol U+2400 (`bastion.store.schema.PostgresText`).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _varchar_columns() -> list[tuple[str, str, int]]:
    bind = op.get_bind()
    found = []
    inspector = sa.inspect(bind)
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        for column in inspector.get_columns(table):
            kind = column["type"]
            if isinstance(kind, sa.String) and not isinstance(kind, sa.Text) and kind.length:
                found.append((table, column["name"], kind.length))
    return found


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, _length in _varchar_columns():
        op.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE text')


def downgrade() -> None:
    # Lengths are not restored: values written since may be longer than they allowed.
    pass
