"""Logged JSON columns hold their canonical text on PostgreSQL too (was JSONB).

JSONB normalises what it stores: ``1e+16`` comes back as ``10000000000000000`` and
``-0.0`` as ``0.0``, so an event whose payload held such a number could no longer make
the entry it was hashed as, and failed verification although nobody had touched it.
``events.data``, ``events.facts``, ``events.verdict`` and ``findings.evidence`` become
TEXT holding `canonical_json` of the value, as on SQLite (where nothing changes). Rows
written before this revision are rewritten as the canonical text of what JSONB kept,
which is what verification compared them with until now: their outcome is unchanged,
and a number JSONB had already rewritten stays rewritten (it cannot be recovered).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from bastion.audit.entry import canonical_json

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_COLUMNS = {"events": ("seq", ["data", "facts", "verdict"]), "findings": ("id", ["evidence"])}
_BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, (key, columns) in _COLUMNS.items():
        for column in columns:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING {column}::text")
        _canonicalise(bind, table, key, columns)


def _canonicalise(bind: sa.Connection, table: str, key: str, columns: list[str]) -> None:
    """Rewrite each value as canonical JSON (PostgreSQL's jsonb text has spaces and
    orders keys by length), in batches by primary key."""
    names = ", ".join(columns)
    assignments = ", ".join(f"{c} = :{c}" for c in columns)
    last = None
    while True:
        where = f"WHERE {key} > :last " if last is not None else ""
        rows = bind.execute(
            sa.text(f"SELECT {key}, {names} FROM {table} {where}ORDER BY {key} LIMIT {_BATCH}"),
            {"last": last},
        ).all()
        if not rows:
            return
        bind.execute(
            sa.text(f"UPDATE {table} SET {assignments} WHERE {key} = :key"),
            [
                {"key": row[0]}
                | {
                    c: None if value is None else canonical_json(json.loads(value))
                    for c, value in zip(columns, row[1:], strict=True)
                }
                for row in rows
            ],
        )
        last = rows[-1][0]


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (_key, columns) in _COLUMNS.items():
        for column in columns:
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE jsonb USING {column}::jsonb"
            )
