"""The console's login tables: users, API tokens, browser logins and its own audit trail.

Only rows in and out. The rules (roles, password hashing, token format, lockouts, who may
do what) live in `bastion.server.auth`; this module holds every SQL statement on
``console_users``, ``console_tokens``, ``console_logins`` and ``console_audit``, so the
store stays the one door to the database. Each function takes the store's engine, the
handle the console holds.

**Where the rows live (issue #18).** On SQLite they live in a file of their own next to
the home's database (``<name>.console.db``), never in the database decisions are written
to: SQLite has one write lock per file, and a console stopped (SIGSTOP: an agent can
signal the processes it reaches) inside a login or audit write would hold it, so every
decision would wait the busy timeout and fail. The tables keep their definitions in
`bastion.store.schema` (the home's one Alembic chain still creates them, and PostgreSQL
and in-memory SQLite keep using them: on PostgreSQL a console transaction locks only its
own rows, which no decision touches); the side file is made from those definitions with
``create_all`` and takes the home table's rows over once, on first use, by a read (reads
never block SQLite's writer in WAL mode): `bastion.store.side_file`, as for
`export_positions`. A second Alembic chain for one file of four tables that only the
console reads would buy nothing, and the home's chain stays the one place the schema
changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from bastion.store.rows import ConsoleAuditRow, ConsoleLoginRow, ConsoleTokenRow, ConsoleUserRow
from bastion.store.schema import console_audit, logins, tokens, users
from bastion.store.side_file import SideFile

__all__ = [
    "add_audit",
    "add_login",
    "add_token",
    "add_user",
    "audit_rows",
    "audit_times",
    "console_engine",
    "console_path",
    "delete_login",
    "delete_user",
    "last_audit_time",
    "login_of",
    "password_hash_of",
    "revoke_token",
    "set_password_hash",
    "token_of",
    "token_rows",
    "user_rows",
]

# -- the side file ------------------------------------------------------------------------

_FILE = SideFile("console", (users, tokens, logins, console_audit))


def console_path(engine: Engine) -> Path | None:
    """The console's file for a home's SQLite database; None where the console's rows stay
    in the database's own tables (PostgreSQL, in-memory SQLite)."""
    return _FILE.path(engine)


def console_engine(engine: Engine) -> Engine:
    """The engine holding the console's rows of this home (tests backdate rows with it)."""
    return _FILE.engine(engine)


def _write(engine: Engine) -> Connection:
    return _FILE.write(engine)


def _read(engine: Engine) -> Connection:
    return _FILE.read(engine)


# -- users ---------------------------------------------------------------------------------


def add_user(engine: Engine, name: str, role: str, password_hash: str, now: float) -> bool:
    """Insert an enabled user; False when the name is taken."""
    row = {"name": name, "role": role, "password_hash": password_hash, "created_at": now}
    try:
        with _write(engine) as conn, conn.begin():
            conn.execute(insert(users).values(**row, disabled=False))
    except IntegrityError:
        return False
    return True


def set_password_hash(engine: Engine, name: str, password_hash: str) -> bool:
    """Replace a user's password hash; False when there is no such user."""
    with _write(engine) as conn, conn.begin():
        query = update(users).where(users.c.name == name).values(password_hash=password_hash)
        return bool(conn.execute(query).rowcount)


def delete_user(engine: Engine, name: str) -> bool:
    """Remove a user and end its browser logins; False when there was no such user."""
    with _write(engine) as conn, conn.begin():
        changed = conn.execute(delete(users).where(users.c.name == name)).rowcount
        conn.execute(delete(logins).where(logins.c.user_name == name))
    return bool(changed)


def user_rows(engine: Engine) -> list[ConsoleUserRow]:
    """Every user, by name, without password hashes."""
    query = select(users.c.name, users.c.role, users.c.created_at, users.c.disabled)
    with _read(engine) as conn:
        found = conn.execute(query.order_by(users.c.name)).mappings()
        return [cast(ConsoleUserRow, dict(r)) for r in found]


def password_hash_of(engine: Engine, name: str) -> tuple[str, str, str, bool] | None:
    """``(name as stored, role, password hash, disabled)`` of a user, or None."""
    query = select(users.c.name, users.c.role, users.c.password_hash, users.c.disabled)
    with _read(engine) as conn:
        row = conn.execute(query.where(users.c.name == name)).first()
    if row is None:
        return None
    return row.name, row.role, row.password_hash, bool(row.disabled)


# -- API tokens ----------------------------------------------------------------------------


def add_token(
    engine: Engine, name: str, role: str, token_hash: str, prefix: str, by: str, now: float
) -> int:
    """Insert a token by its hash; returns its id."""
    values = {
        "name": name,
        "role": role,
        "token_hash": token_hash,
        "prefix": prefix,
        "created_at": now,
        "created_by": by,
    }
    with _write(engine) as conn, conn.begin():
        key = conn.execute(insert(tokens).values(**values)).inserted_primary_key
    assert key is not None  # an INSERT on a table with a primary key always has one
    return int(key[0])


def token_rows(engine: Engine) -> list[ConsoleTokenRow]:
    """Every token, by id, without its hash."""
    cols = [c for c in tokens.c if c.name != "token_hash"]
    with _read(engine) as conn:
        found = conn.execute(select(*cols).order_by(tokens.c.id)).mappings()
        return [cast(ConsoleTokenRow, dict(r)) for r in found]


def revoke_token(engine: Engine, token_id: int, now: float) -> bool:
    """Mark a live token revoked; False when it is unknown or already revoked."""
    with _write(engine) as conn, conn.begin():
        changed = conn.execute(
            update(tokens)
            .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
    return bool(changed)


def token_of(engine: Engine, token_hash: str) -> tuple[str, str, float | None] | None:
    """``(name, role, revoked_at)`` of the token with this hash, or None."""
    query = select(tokens.c.name, tokens.c.role, tokens.c.revoked_at)
    with _read(engine) as conn:
        row = conn.execute(query.where(tokens.c.token_hash == token_hash)).first()
    return None if row is None else (row.name, row.role, row.revoked_at)


# -- browser logins ------------------------------------------------------------------------


def add_login(
    engine: Engine, session_hash: str, user_name: str, csrf: str, now: float, expires_at: float
) -> None:
    """Insert a browser login, dropping the expired ones in the same transaction."""
    with _write(engine) as conn, conn.begin():
        conn.execute(delete(logins).where(logins.c.expires_at < now))
        conn.execute(
            insert(logins).values(
                session_hash=session_hash,
                user_name=user_name,
                csrf_token=csrf,
                created_at=now,
                expires_at=expires_at,
            )
        )


def login_of(engine: Engine, session_hash: str) -> ConsoleLoginRow | None:
    """The login with this cookie hash, joined to its user, if that user is enabled."""
    query = (
        select(logins.c.csrf_token, logins.c.expires_at, users.c.name, users.c.role)
        .select_from(logins.join(users, users.c.name == logins.c.user_name))
        .where(logins.c.session_hash == session_hash, users.c.disabled.is_(False))
    )
    with _read(engine) as conn:
        row = conn.execute(query).mappings().first()
    return None if row is None else cast(ConsoleLoginRow, dict(row))


def delete_login(engine: Engine, session_hash: str) -> None:
    with _write(engine) as conn, conn.begin():
        conn.execute(delete(logins).where(logins.c.session_hash == session_hash))


# -- the console's audit trail -------------------------------------------------------------


def add_audit(
    engine: Engine,
    *,
    now: float,
    actor: str,
    role: str,
    action: str,
    target: str,
    detail: dict[str, Any],
    client: str,
) -> None:
    """Append one row to ``console_audit`` (rows are never updated or deleted)."""
    with _write(engine) as conn, conn.begin():
        conn.execute(
            insert(console_audit).values(
                time=now,
                actor=actor,
                role=role,
                action=action,
                target=target,
                detail=detail,
                client=client,
            )
        )


def audit_rows(engine: Engine, limit: int = 200) -> list[ConsoleAuditRow]:
    """The newest ``limit`` rows of the console's audit trail, newest first."""
    query = select(console_audit).order_by(console_audit.c.id.desc()).limit(limit)
    with _read(engine) as conn:
        return [cast(ConsoleAuditRow, dict(r)) for r in conn.execute(query).mappings()]


def last_audit_time(engine: Engine, actor: str, action: str) -> float | None:
    """When ``actor`` last did ``action``, or None."""
    query = (
        select(console_audit.c.time)
        .where(console_audit.c.actor == actor, console_audit.c.action == action)
        .order_by(console_audit.c.time.desc())
        .limit(1)
    )
    with _read(engine) as conn:
        found = conn.execute(query).scalar()
    return None if found is None else float(found)


def audit_times(
    engine: Engine, action: str, since: float, *, actor: str = "", client: str = ""
) -> list[float]:
    """Times of ``action`` after ``since``, by one actor or from one client address."""
    query = select(console_audit.c.time).where(
        console_audit.c.action == action, console_audit.c.time > since
    )
    if actor:
        query = query.where(console_audit.c.actor == actor)
    if client:
        query = query.where(console_audit.c.client == client)
    with _read(engine) as conn:
        return [float(t) for t in conn.execute(query).scalars()]
