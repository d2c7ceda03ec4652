"""The console's queries over the record: filtered lists, counts, people, the overview.

The console (`bastion.server.data`) shapes rows for its pages; every SQL it needs is here,
so the store stays the only door to the database. Reads go through the store's engine;
the one write, an alert's ``status``, goes through the store's write transaction (the
audit log leaves ``status`` out of its leaves so a responder may acknowledge).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import func, select, update

from bastion.store import Store
from bastion.store.rows import AlertRow, EventWithPeople, FindingRow, PrincipalRow
from bastion.store.schema import alerts, approvals, events, findings, sessions

__all__ = ["ConsoleQueries", "Counts", "SessionFilter"]

# Every session column but the state (large; the console shows parts of it on one page).
_SESSION_COLUMNS = [c for c in sessions.c if c.name != "state"]
_EVENT_SUMMARY = [
    events.c.seq,
    events.c.id,
    events.c.session_id,
    events.c.time,
    events.c.kind,
    events.c.native_name,
    events.c.tool,
    events.c.tool_use_id,
    events.c.decision,
]


@dataclass(frozen=True, slots=True)
class SessionFilter:
    """Which sessions a list shows, and in which order."""

    human: str | None = None
    agent: str | None = None
    mode: str | None = None
    state: Literal["live", "ended"] | str | None = None
    q: str | None = None
    min_risk: int | None = None
    limit: int = 100
    offset: int = 0
    sort: Literal["recent", "risk"] | str = "recent"


@dataclass(frozen=True, slots=True)
class Counts:
    """The overview's numbers since a moment, and its hourly decisions and severities."""

    counts: dict[str, int]
    decisions_by_hour: list[tuple[int, str | None, int]]
    findings_by_severity: list[tuple[str, int]]


class ConsoleQueries:
    """Queries over one store for the console's API and dashboard."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- sessions -------------------------------------------------------------------------

    def sessions(self, f: SessionFilter) -> list[dict[str, Any]]:
        """Session rows without their state, ``recent`` (last activity) or ``risk`` first."""
        order = (
            (sessions.c.risk.desc(), sessions.c.last_seen.desc())
            if f.sort == "risk"
            else (sessions.c.last_seen.desc(),)
        )
        query = select(*_SESSION_COLUMNS).order_by(*order)
        if f.human:
            query = query.where(sessions.c.human == f.human)
        if f.agent:
            query = query.where(sessions.c.agent == f.agent)
        if f.mode:
            query = query.where(sessions.c.mode == f.mode)
        if f.state == "live":
            query = query.where(sessions.c.ended_at.is_(None))
        elif f.state == "ended":
            query = query.where(sessions.c.ended_at.is_not(None))
        if f.min_risk is not None:
            query = query.where(sessions.c.risk >= f.min_risk)
        if f.q:
            like = f"%{f.q}%"
            query = query.where(
                sessions.c.id.like(like)
                | sessions.c.workspace.like(like)
                | sessions.c.cwd.like(like)
                | sessions.c.prompt.like(like)
            )
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(f.limit).offset(f.offset)).mappings()
            return [dict(r) for r in rows]

    def risks(self, session_ids: Iterable[str]) -> dict[str, int]:
        """Each given session's risk score."""
        ids = set(session_ids)
        if not ids:
            return {}
        with self.engine.connect() as conn:
            return {
                str(r[0]): int(r[1] or 0)
                for r in conn.execute(
                    select(sessions.c.id, sessions.c.risk).where(sessions.c.id.in_(ids))
                )
            }

    def principals(self, column: Literal["agent", "human"] | str) -> list[PrincipalRow]:
        """Agents or humans seen in sessions, with counts, newest activity first."""
        col = sessions.c[column]
        query = (
            select(
                col.label("id"),
                func.count().label("sessions"),
                func.sum(sessions.c.event_count).label("events"),
                func.sum(sessions.c.denials).label("denials"),
                func.max(sessions.c.risk).label("max_risk"),
                func.max(sessions.c.last_seen).label("last_seen"),
            )
            .group_by(col)
            .order_by(func.max(sessions.c.last_seen).desc())
        )
        with self.engine.connect() as conn:
            return [
                cast(PrincipalRow, {k: (v if v is not None else 0) for k, v in r.items()})
                for r in conn.execute(query).mappings()
            ]

    # -- events ---------------------------------------------------------------------------

    def count_events(self, session_id: str) -> int:
        query = select(func.count()).select_from(events).where(events.c.session_id == session_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def events(
        self,
        *,
        session: str | None = None,
        tool: str | None = None,
        decision: str | None = None,
        kind: str | None = None,
        after_seq: int | None = None,
        since: float | None = None,
        limit: int = 200,
    ) -> list[EventWithPeople]:
        """Event summaries with their session's people: newest first, or, after
        ``after_seq``, the ones that came since in order (the live stream)."""
        query = select(*_EVENT_SUMMARY, sessions.c.human, sessions.c.agent).select_from(
            events.join(sessions, sessions.c.id == events.c.session_id, isouter=True)
        )
        if session:
            query = query.where(events.c.session_id == session)
        if tool:
            query = query.where(events.c.tool == tool)
        if decision:
            query = query.where(events.c.decision == decision)
        if kind:
            query = query.where(events.c.kind == kind)
        if since is not None:
            query = query.where(events.c.time >= since)
        if after_seq is not None:
            query = query.where(events.c.seq > after_seq).order_by(events.c.seq)
        else:
            query = query.order_by(events.c.seq.desc())
        with self.engine.connect() as conn:
            return [
                cast(EventWithPeople, dict(r)) for r in conn.execute(query.limit(limit)).mappings()
            ]

    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(events.c.seq))).scalar() or 0)

    # -- findings and alerts --------------------------------------------------------------

    def findings(
        self,
        *,
        session: str | None = None,
        kind: str | None = None,
        severity: str | None = None,
        limit: int = 200,
    ) -> list[FindingRow]:
        query = select(findings).order_by(findings.c.id.desc()).limit(limit)
        if session:
            query = query.where(findings.c.session_id == session)
        if kind:
            query = query.where(findings.c.kind == kind)
        if severity:
            query = query.where(findings.c.severity == severity)
        with self.engine.connect() as conn:
            return [cast(FindingRow, dict(r)) for r in conn.execute(query).mappings()]

    def alerts(
        self, *, status: str | None = None, session: str | None = None, limit: int = 200
    ) -> list[AlertRow]:
        query = select(alerts).order_by(alerts.c.id.desc()).limit(limit)
        if status:
            query = query.where(alerts.c.status == status)
        if session:
            query = query.where(alerts.c.session_id == session)
        with self.engine.connect() as conn:
            return [cast(AlertRow, dict(r)) for r in conn.execute(query).mappings()]

    def alert(self, alert_id: int) -> AlertRow | None:
        """One alert as it is now (None: no such alert)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).mappings().first()
        return cast(AlertRow, dict(row)) if row else None

    def acknowledge_alerts(self, alert_ids: Sequence[int]) -> list[int]:
        """Acknowledge many open alerts at once (an incident); returns the ids changed."""
        if not alert_ids:
            return []
        with self.store.transaction() as conn:
            open_ids = [
                int(r[0])
                for r in conn.execute(
                    select(alerts.c.id).where(
                        alerts.c.id.in_(list(alert_ids)), alerts.c.status == "open"
                    )
                )
            ]
            if open_ids:
                conn.execute(
                    update(alerts)
                    .where(alerts.c.id.in_(open_ids), alerts.c.status == "open")
                    .values(status="acknowledged")
                )
        return open_ids

    # -- overview -------------------------------------------------------------------------

    def counts(self, since: float, moment: float) -> Counts:
        """Counts of sessions, recent events, findings, open alerts and live approval
        requests, with decisions per hour since ``since`` and findings per severity."""
        with self.engine.connect() as conn:

            def scalar(query: Any) -> int:
                return int(conn.execute(query).scalar() or 0)

            counts = {
                "sessions": scalar(select(func.count()).select_from(sessions)),
                "live_sessions": scalar(
                    select(func.count()).select_from(sessions).where(sessions.c.ended_at.is_(None))
                ),
                "contained_sessions": scalar(
                    select(func.count()).select_from(sessions).where(sessions.c.mode != "normal")
                ),
                "events_24h": scalar(
                    select(func.count()).select_from(events).where(events.c.time >= since)
                ),
                "denied_24h": scalar(
                    select(func.count())
                    .select_from(events)
                    .where(events.c.time >= since, events.c.decision == "deny")
                ),
                "asked_24h": scalar(
                    select(func.count())
                    .select_from(events)
                    .where(events.c.time >= since, events.c.decision == "ask")
                ),
                "findings_24h": scalar(
                    select(func.count()).select_from(findings).where(findings.c.time >= since)
                ),
                "open_alerts": scalar(
                    select(func.count()).select_from(alerts).where(alerts.c.status == "open")
                ),
                "pending_approvals": scalar(
                    select(func.count())
                    .select_from(approvals)
                    .where(approvals.c.status == "pending", approvals.c.expires_at > moment)
                ),
            }
            bucket = func.floor((events.c.time - since) / 3600)
            by_hour = conn.execute(
                select(bucket.label("b"), events.c.decision, func.count().label("n"))
                .where(events.c.time >= since)
                .group_by(bucket, events.c.decision)
            ).all()
            by_severity = conn.execute(
                select(findings.c.severity, func.count())
                .where(findings.c.time >= since)
                .group_by(findings.c.severity)
            ).all()
        return Counts(
            counts,
            [(int(b), d, int(n)) for b, d, n in by_hour],
            [(str(s), int(n)) for s, n in by_severity],
        )
