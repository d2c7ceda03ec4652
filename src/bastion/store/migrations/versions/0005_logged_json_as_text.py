"""Logged JSON columns hold their canonical text on PostgreSQL too (was JSONB).

JSONB rewrote numbers such as ``1e+16`` and ``-0.0``, so an event whose payload held one
could no longer make the entry it was hashed as and failed verification although nobody
had touched it. ``events.data``, ``events.facts``, ``events.verdict`` and
``findings.evidence`` become TEXT holding `canonical_json` of the value, as on SQLite
(where nothing changes). See `bastion.store.migrations.json_text`.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from bastion.store.migrations.json_text import tables_to_jsonb, tables_to_text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_COLUMNS = {"events": ("seq", ["data", "facts", "verdict"]), "findings": ("id", ["evidence"])}


def upgrade() -> None:
    tables_to_text(op.get_bind(), _COLUMNS)


def downgrade() -> None:
    tables_to_jsonb(op.get_bind(), _COLUMNS)
