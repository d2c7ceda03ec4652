"""The identity registry's tables: agent instances, session credentials, revocations, grants.

Only rows in and out, as typed dataclasses. The rules (who may be revoked, what a grant may
give, when a credential is valid) live in `bastion.identity`; the registry's change epoch and
lifecycle log are files of the home and stay in `bastion.identity.registry`. This module holds
every SQL statement on the ``identity_*`` tables, so the store stays the one door to the
database, and the one-time move of a pre-0009 home's ``identity.db`` into them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    create_engine,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bastion.store.schema import identity_agents as agents
from bastion.store.schema import identity_grants as grants
from bastion.store.schema import identity_revocations as revocations
from bastion.store.schema import identity_sessions as sessions

if TYPE_CHECKING:
    from bastion.store import Store

__all__ = [
    "AgentInstanceRow",
    "GrantRow",
    "IdentitySessionRow",
    "RevocationRow",
    "add_grant",
    "agent_rows",
    "lift",
    "live_grants",
    "live_revocations",
    "move_legacy",
    "register_agent",
    "revoke",
    "save_session",
    "session_ids",
    "session_row",
]


@dataclass(frozen=True, slots=True)
class AgentInstanceRow:
    """One agent instance the home has met (``identity_agents``)."""

    id: str
    agent: str
    version: str
    host: str
    hooks_sha256: str
    first_seen: float
    last_seen: float
    sessions: int

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class IdentitySessionRow:
    """One session credential and what the session was given (``identity_sessions``);
    ``data`` is the JSON column read back (scope, guard baseline, human)."""

    id: str
    human: str
    agent_instance: str
    jti: str
    token: str
    issued_at: float
    expires_at: float
    started_at: float
    hooks_sha256: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RevocationRow:
    """One revocation still in force (``identity_revocations``)."""

    id: int
    kind: str
    subject: str
    at: float
    by: str
    reason: str
    lifted_at: float | None


@dataclass(frozen=True, slots=True)
class GrantRow:
    """One just-in-time grant (``identity_grants``)."""

    id: str
    session_id: str
    kind: str
    value: str
    created: float
    expires_at: float
    approved_by: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# -- agents -------------------------------------------------------------------------------


def register_agent(
    store: Store, instance: str, agent: str, version: str, host: str, hooks: str, now: float
) -> bool:
    """Record an agent instance; True when it was seen for the first time."""
    # The instance is known at almost every session start: its UPDATE alone says whether
    # the row exists (rowcount), which saves the SELECT that used to come first.
    with store.transaction() as conn:
        seen = conn.execute(_AGENT_SEEN, {"b_id": instance, "b_now": now})
        if seen.rowcount == 0:
            conn.execute(
                _AGENT_INSERT,
                {
                    "id": instance,
                    "agent": agent,
                    "version": version,
                    "host": host,
                    "hooks_sha256": hooks,
                    "first_seen": now,
                    "last_seen": now,
                    "sessions": 1,
                },
            )
            return True
        return False


# Statements run at every session start, built once: building one (and its cache key) cost
# SQLAlchemy several times what running it does.
_AGENT_INSERT = insert(agents)
_AGENT_SEEN = (
    update(agents)
    .where(agents.c.id == bindparam("b_id"))
    .values(last_seen=bindparam("b_now"), sessions=agents.c.sessions + 1)
)


def agent_rows(store: Store) -> list[AgentInstanceRow]:
    """Every agent instance, the most recently seen first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(agents).order_by(agents.c.last_seen.desc())).mappings()
        return [AgentInstanceRow(**r) for r in rows]


# -- sessions -----------------------------------------------------------------------------


def save_session(store: Store, row: IdentitySessionRow) -> None:
    """Insert a session credential, or replace the one with its id."""
    # The columns as they are (``asdict`` deep-copied ``data`` only for it to be replaced by
    # its JSON here: a third of a session start's identity work).
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    values["data"] = json.dumps(row.data or {}, sort_keys=True)
    # One statement, insert or replace (``ON CONFLICT``), instead of a SELECT and then an
    # INSERT or UPDATE: SQLite and PostgreSQL both have it, with the same meaning.
    with store.transaction() as conn:
        conn.execute(_session_upsert(conn.dialect.name), values)


_SESSION_UPSERTS: dict[str, Any] = {}


def _session_upsert(dialect: str) -> Any:
    """``INSERT ... ON CONFLICT (id) DO UPDATE`` of every column, built once per dialect."""
    built = _SESSION_UPSERTS.get(dialect)
    if built is None:
        stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(sessions)
        columns = {c.name: stmt.excluded[c.name] for c in sessions.columns if c.name != "id"}
        built = _SESSION_UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=[sessions.c.id], set_=columns
        )
    return built


def session_row(store: Store, session_id: str) -> IdentitySessionRow | None:
    """One session by id, or by a unique prefix of its id."""
    with store.engine.connect() as conn:
        found = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
        if found is None and session_id:
            like = conn.execute(
                select(sessions).where(sessions.c.id.startswith(session_id, autoescape=True))
            ).mappings()
            matches = like.all()
            found = matches[0] if len(matches) == 1 else None
    if found is None:
        return None
    values = dict(found)
    values["data"] = json.loads(values["data"] or "{}")
    return IdentitySessionRow(**values)


def session_ids(store: Store, *, human: str | None = None, agent: str | None = None) -> list[str]:
    """The ids of the sessions of a human and/or an agent instance."""
    query = select(sessions.c.id)
    if human is not None:
        query = query.where(sessions.c.human == human)
    if agent is not None:
        query = query.where(sessions.c.agent_instance == agent)
    with store.engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(query)]


# -- revocations and grants ---------------------------------------------------------------


def revoke(store: Store, kind: str, subject: str, by: str, reason: str, now: float) -> None:
    with store.transaction() as conn:
        conn.execute(
            insert(revocations).values(
                kind=kind, subject=subject, at=now, by=by, reason=reason, lifted_at=None
            )
        )


def lift(store: Store, kind: str, subject: str, now: float) -> int:
    """Lift the revocations of a subject still in force; how many."""
    with store.transaction() as conn:
        result = conn.execute(
            update(revocations)
            .where(
                revocations.c.kind == kind,
                revocations.c.subject == subject,
                revocations.c.lifted_at.is_(None),
            )
            .values(lifted_at=now)
        )
    return int(result.rowcount or 0)


def live_revocations(store: Store) -> list[RevocationRow]:
    """The revocations not lifted."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(revocations).where(revocations.c.lifted_at.is_(None)))
        return [RevocationRow(**r) for r in rows.mappings()]


def add_grant(store: Store, grant: GrantRow) -> None:
    with store.transaction() as conn:
        conn.execute(insert(grants).values(**dataclasses.asdict(grant)))


def live_grants(store: Store, now: float) -> list[GrantRow]:
    """The grants that have not expired at ``now``."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(grants).where(grants.c.expires_at > now)).mappings()
        return [GrantRow(**r) for r in rows]


# -- the one-time move of a pre-0009 home ---------------------------------------------------

# Each table of the old file and where its rows go.
_LEGACY_TABLES: tuple[tuple[str, Table], ...] = (
    ("agents", agents),
    ("sessions", sessions),
    ("revocations", revocations),
    ("grants", grants),
)


def move_legacy(store: Store, legacy: Path) -> int:
    """Copy the rows of an old ``identity.db`` SQLite file into the store; how many.

    Idempotent (a row whose key the store has already is skipped), so a move cut short is
    finished by the next call. The caller holds the lock and renames the file afterwards.
    """
    moved = 0
    source = create_engine(f"sqlite:///{legacy}")
    try:
        found = set(inspect(source).get_table_names())
        with source.connect() as old, store.transaction() as conn:
            for name, table in _LEGACY_TABLES:
                if name in found:
                    rows = old.execute(text(f"SELECT * FROM {name}")).mappings()
                    moved += _insert_missing(conn, table, [dict(r) for r in rows])
    finally:
        source.dispose()
    return moved


def _insert_missing(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose key the table lacks; revocations (numbered by the database)
    are matched on what they say instead."""
    if not rows:
        return 0
    columns = {c.name for c in table.c}
    if table is revocations:
        have = {
            (r.kind, r.subject, r.at)
            for r in conn.execute(select(table.c.kind, table.c.subject, table.c.at))
        }
        new = [
            {k: v for k, v in r.items() if k in columns and k != "id"}
            for r in rows
            if (r["kind"], r["subject"], r["at"]) not in have
        ]
    else:
        known = {r[0] for r in conn.execute(select(table.c.id))}
        new = [{k: v for k, v in r.items() if k in columns} for r in rows if r["id"] not in known]
    if new:
        conn.execute(insert(table), new)
    return len(new)
