"""Moving PostgreSQL JSONB columns to canonical JSON text and back (revisions 0005, 0006).

JSONB normalises what it stores: numbers are rewritten (``1e+16`` comes back as
``10000000000000000``, ``-0.0`` as ``0.0``) and the character U+0000 is refused
outright, so a payload holding a binary tool output could not be recorded at all. TEXT
holding `bastion.audit.entry.canonical_json` keeps any value exactly. Existing values
become the canonical text of what JSONB kept (what readers saw until then); a number
JSONB already rewrote cannot be recovered.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from bastion.audit.entry import canonical_json

_BATCH = 5000


def jsonb_to_text(bind: sa.Connection, table: str, key: str, columns: list[str]) -> None:
    """Make ``columns`` of ``table`` TEXT holding canonical JSON (PostgreSQL only)."""
    if bind.dialect.name != "postgresql":
        return
    for column in columns:
        bind.execute(
            sa.text(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING {column}::text")
        )
    names = ", ".join(columns)
    assignments = ", ".join(f"{c} = :{c}" for c in columns)
    last = None
    while True:  # in batches by primary key: jsonb's text has spaces and its own key order
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


def tables_to_text(bind: sa.Connection, tables: dict[str, tuple[str, list[str]]]) -> None:
    """`jsonb_to_text` for each ``table: (primary key, columns)``."""
    for table, (key, columns) in tables.items():
        jsonb_to_text(bind, table, key, columns)


def tables_to_jsonb(bind: sa.Connection, tables: dict[str, tuple[str, list[str]]]) -> None:
    """`text_to_jsonb` for each ``table: (primary key, columns)``."""
    for table, (_key, columns) in tables.items():
        text_to_jsonb(bind, table, columns)


def text_to_jsonb(bind: sa.Connection, table: str, columns: list[str]) -> None:
    """The reverse, for downgrades (PostgreSQL only)."""
    if bind.dialect.name != "postgresql":
        return
    for column in columns:
        bind.execute(
            sa.text(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE jsonb USING {column}::jsonb")
        )
