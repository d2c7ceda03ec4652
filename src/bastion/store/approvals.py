"""The ``approvals`` table's queries: asks waiting for a person, and their answers.

The rules (what a call hash is, what "similar" means, how long a request waits, that no
answer is a deny) live in `bastion.server.approvals`; this module only reads and writes
rows, through the store, so the daemon, the console and the CLI share one door.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import insert, select, update

from bastion.store import Store
from bastion.store.rows import ApprovalRow
from bastion.store.schema import approvals

__all__ = [
    "add_pending",
    "approval",
    "decide",
    "decided_by",
    "deny_pending_of_session",
    "expire_if_pending",
    "expire_overdue",
    "listed",
    "standing",
    "status_of",
]

PENDING, APPROVED, DENIED, EXPIRED = "pending", "approved", "denied", "expired"


def _row(found: Any) -> ApprovalRow | None:
    return cast(ApprovalRow, dict(found)) if found is not None else None


def approval(store: Store, approval_id: int) -> ApprovalRow | None:
    with store.engine.connect() as conn:
        found = conn.execute(select(approvals).where(approvals.c.id == approval_id)).mappings()
        return _row(found.first())


def listed(
    store: Store,
    *,
    status: str | None = None,
    session: str | None = None,
    limit: int | None = 200,
    newest_first: bool = True,
) -> list[ApprovalRow]:
    """Requests, filtered by status and session, newest (or oldest) first."""
    order = approvals.c.id.desc() if newest_first else approvals.c.id
    query = select(approvals).order_by(order)
    if status:
        query = query.where(approvals.c.status == status)
    if session:
        query = query.where(approvals.c.session_id == session)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [cast(ApprovalRow, dict(r)) for r in conn.execute(query).mappings()]


def standing(store: Store, session_id: str, similar_key: str, now: float) -> ApprovalRow | None:
    """The longest-lasting "session-similar" approval in force for this key, or None."""
    query = (
        select(approvals)
        .where(
            approvals.c.session_id == session_id,
            approvals.c.similar_key == similar_key,
            approvals.c.status == APPROVED,
            approvals.c.scope == "session-similar",
            approvals.c.valid_until > now,
        )
        .order_by(approvals.c.valid_until.desc())
        .limit(1)
    )
    with store.engine.connect() as conn:
        return _row(conn.execute(query).mappings().first())


def add_pending(store: Store, values: dict[str, Any]) -> int:
    """Insert a pending request; returns its id."""
    with store.transaction() as conn:
        key = conn.execute(insert(approvals).values(**values)).inserted_primary_key
    return int(key[0]) if key else 0


def status_of(store: Store, approval_id: int) -> str:
    with store.engine.connect() as conn:
        query = select(approvals.c.status).where(approvals.c.id == approval_id)
        return str(conn.execute(query).scalar_one())


def expire_if_pending(store: Store, approval_id: int, now: float) -> str | None:
    """Expire a request nobody answered in time; None when it was expired now, else the
    status someone gave it in the last instant (that answer is honoured)."""
    with store.transaction() as conn:
        changed = conn.execute(
            update(approvals)
            .where(approvals.c.id == approval_id, approvals.c.status == PENDING)
            .values(status=EXPIRED, decided_at=now, decided_by="timeout")
        ).rowcount
        if changed:
            return None
        query = select(approvals.c.status).where(approvals.c.id == approval_id)
        return str(conn.execute(query).scalar_one())


def decided_by(store: Store, event_id: str) -> str | None:
    """Who answered the latest request of this event (None: nobody yet)."""
    query = (
        select(approvals.c.decided_by)
        .where(approvals.c.event_id == event_id, approvals.c.status.in_((APPROVED, DENIED)))
        .order_by(approvals.c.id.desc())
        .limit(1)
    )
    with store.engine.connect() as conn:
        value = conn.execute(query).scalar()
    return str(value) if value else None


def decide(
    store: Store, approval_id: int, values: dict[str, Any], now: float
) -> tuple[bool, ApprovalRow | None]:
    """Write an answer to a request still pending and not overdue: ``(changed, row)``."""
    with store.transaction() as conn:
        changed = conn.execute(
            update(approvals)
            .where(
                approvals.c.id == approval_id,
                approvals.c.status == PENDING,
                approvals.c.expires_at > now,
            )
            .values(**values)
        ).rowcount
        found = conn.execute(select(approvals).where(approvals.c.id == approval_id)).mappings()
        return bool(changed), _row(found.first())


def expire_overdue(store: Store, now: float) -> int:
    """Mark pending requests whose waiting time has passed as expired; returns how many."""
    with store.transaction() as conn:
        return int(
            conn.execute(
                update(approvals)
                .where(approvals.c.status == PENDING, approvals.c.expires_at <= now)
                .values(status=EXPIRED, decided_at=now, decided_by="timeout")
            ).rowcount
        )


def deny_pending_of_session(store: Store, session_id: str, by: str, now: float) -> int:
    """Deny every pending request of a session (the kill switch); returns how many."""
    with store.transaction() as conn:
        return int(
            conn.execute(
                update(approvals)
                .where(approvals.c.session_id == session_id, approvals.c.status == PENDING)
                .values(status=DENIED, decided_at=now, decided_by=by, note="session killed")
            ).rowcount
        )
