"""The store's aggregate reads for compliance evidence: counts and sample seqs over a window.

SQL aggregates, so a report over a million events stays a handful of queries. Every event
count comes from one grouped pass over the events table (`EventTally`: rows by window,
kind, decision and Bastion's event name), read once per reader: at 1,000,000 entries
(2.6 GB of SQLite) each separate ``count(*)`` was a scan of about 1 s of CPU and 6-9 s of
disk on the shared machine, and a report made some twenty of them. Samples (the newest
matching seqs) are read newest-first along the primary key, starting at the newest match
the tally saw, with the window applied to ``time + 0`` so the planner does not pick the
time index (which made it read and sort every event in the window to return three). What the
numbers mean (a statement, whether a control is operating) is `bastion.compliance.evidence`'s
job; this module only counts and picks the log entries worth proving. Every read goes through
one connection, so a report sees one consistent view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Text,
    and_,
    case,
    distinct,
    func,
    or_,
    select,
)

from bastion.store.schema import (
    alerts,
    approvals,
    checkpoints,
    events,
    export_positions,
    findings,
    identity_grants,
    identity_revocations,
    identity_sessions,
    sessions,
)
from bastion.store.tree import leaf_count

__all__ = [
    "AlertTally",
    "CredentialTally",
    "EventTally",
    "EvidenceReader",
    "FirstEvent",
    "LogTally",
    "SessionTally",
]


@dataclass(frozen=True, slots=True)
class EventTally:
    """Events of one kind, decision and name, in the window or not: count and newest seq."""

    windowed: bool
    kind: str | None
    decision: str | None
    native_name: str | None
    count: int
    newest_seq: int

    def matches(
        self,
        decision: str | None,
        native_name: str | None,
        kinds: Sequence[str],
        windowed: bool,
    ) -> bool:
        return (
            (self.windowed or not windowed)
            and (decision is None or self.decision == decision)
            and (native_name is None or self.native_name == native_name)
            and (not kinds or self.kind in kinds)
        )


@dataclass(frozen=True, slots=True)
class AlertTally:
    """How many alerts of one severity are in one status."""

    severity: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class SessionTally:
    """Sessions seen in the window, and how many of them name no human."""

    total: int
    unattributed: int


@dataclass(frozen=True, slots=True)
class CredentialTally:
    """The identity registry over the window: session credentials issued (and the longest
    lifetime among them, in seconds), just-in-time grants (and how many name no approver),
    revocations made."""

    issued: int
    longest_seconds: int
    grants: int
    grants_unapproved: int
    revocations: int


@dataclass(frozen=True, slots=True)
class LogTally:
    """The log's size: leaves, event rows, checkpoints and the newest one's size."""

    leaves: int
    events: int
    checkpoints: int
    signed_size: int


@dataclass(frozen=True, slots=True)
class FirstEvent:
    """The oldest event the log holds."""

    seq: int
    time: float


@dataclass(frozen=True, slots=True)
class EvidenceReader:
    """Counts and samples over ``since <= time < until`` on one connection.

    Event filters: ``decision`` (``deny``, ``ask``), ``native_name`` (Bastion's own event
    names: ``ModeChange``, ``Configuration``, ``SessionAttribution``), ``kinds`` (event kinds);
    ``windowed`` False reads the whole log.
    """

    conn: Connection
    since: float
    until: float
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def _in_window(self, column: Any) -> ColumnElement[bool]:
        return and_(column >= self.since, column < self.until)

    def event_tallies(self) -> list[EventTally]:
        """Every event counted once, by window, kind, decision and name (cached)."""
        if "tally" not in self._memo:
            inside = case((self._in_window(events.c.time), 1), else_=0).label("inside")
            query = select(
                inside,
                events.c.kind,
                events.c.decision,
                events.c.native_name,
                func.count(),
                func.max(events.c.seq),
            ).group_by(inside, events.c.kind, events.c.decision, events.c.native_name)
            self._memo["tally"] = [
                EventTally(bool(w), k, d, n, int(c), int(m))
                for w, k, d, n, c, m in self.conn.execute(query)
            ]
        tallies: list[EventTally] = self._memo["tally"]
        return tallies

    def _events_where(
        self,
        *,
        decision: str | None = None,
        native_name: str | None = None,
        kinds: Sequence[str] = (),
        windowed: bool = True,
    ) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if windowed:
            where.append(self._in_window(events.c.time))
        if decision is not None:
            where.append(events.c.decision == decision)
        if native_name is not None:
            where.append(events.c.native_name == native_name)
        if kinds:
            where.append(events.c.kind.in_(list(kinds)))
        return where

    def _seqs(self, query: Select[Any], limit: int) -> list[int]:
        return [int(r[0]) for r in self.conn.execute(query.limit(limit))]

    def _seqs_of_events(self, ids: list[str]) -> list[int]:
        if not ids:
            return []
        query = select(events.c.seq).where(events.c.id.in_(ids))
        return sorted(int(r[0]) for r in self.conn.execute(query))

    # -- events ---------------------------------------------------------------------------

    def count_events(
        self,
        *,
        decision: str | None = None,
        native_name: str | None = None,
        kinds: Sequence[str] = (),
        windowed: bool = True,
    ) -> int:
        return sum(
            t.count
            for t in self.event_tallies()
            if t.matches(decision, native_name, kinds, windowed)
        )

    def latest_event_seqs(
        self,
        limit: int,
        *,
        decision: str | None = None,
        native_name: str | None = None,
        kinds: Sequence[str] = (),
        windowed: bool = True,
    ) -> list[int]:
        """The seqs of the newest matching events, newest first."""
        found = [
            t for t in self.event_tallies() if t.matches(decision, native_name, kinds, windowed)
        ]
        if not found:
            return []
        where = self._events_where(decision=decision, native_name=native_name, kinds=kinds)
        if windowed:
            # ``time + 0``: the same test, but not one the time index can serve.
            where[0] = self._in_window(events.c.time + 0)
        else:
            del where[0]  # the window's test, always first
        where.append(events.c.seq <= max(t.newest_seq for t in found))
        return self._seqs(select(events.c.seq).where(*where).order_by(events.c.seq.desc()), limit)

    def decision_counts(self, kinds: Sequence[str]) -> dict[str, int]:
        """Events of ``kinds`` in the window by decision (``none`` for undecided)."""
        out: dict[str, int] = {}
        for t in self.event_tallies():
            if t.matches(None, None, kinds, True):
                key = str(t.decision or "none")
                out[key] = out.get(key, 0) + t.count
        return out

    def distinct_sessions(self) -> int:
        """Sessions with an event in the window."""
        query = select(func.count(distinct(events.c.session_id))).where(
            self._in_window(events.c.time)
        )
        return int(self.conn.execute(query).scalar_one())

    def first_event(self) -> FirstEvent | None:
        row = self.conn.execute(
            select(events.c.seq, events.c.time).order_by(events.c.seq).limit(1)
        ).first()
        return None if row is None else FirstEvent(int(row[0]), float(row[1]))

    def head_seq(self) -> int:
        """The newest event's seq (0 for an empty log)."""
        return int(self.conn.execute(select(func.max(events.c.seq))).scalar() or 0)

    # -- approvals, findings, alerts, sessions ---------------------------------------------

    def approval_counts(self) -> dict[str, int]:
        """Approval requests made in the window, by status."""
        rows = self.conn.execute(
            select(approvals.c.status, func.count())
            .where(self._in_window(approvals.c.requested_at))
            .group_by(approvals.c.status)
        ).all()
        return {str(s): int(c) for s, c in rows}

    def _finding_kinds(self, patterns: Sequence[str]) -> ColumnElement[bool]:
        """``patterns``: exact finding kinds, or prefixes written ``kind*``; empty: all."""
        where = self._in_window(findings.c.time)
        if not patterns:
            return where
        conds = [
            findings.c.kind.startswith(p[:-1]) if p.endswith("*") else findings.c.kind == p
            for p in patterns
        ]
        return and_(where, or_(*conds))

    def finding_counts(self, patterns: Sequence[str]) -> dict[str, int]:
        """Findings in the window by kind."""
        query = (
            select(findings.c.kind, func.count())
            .where(self._finding_kinds(patterns))
            .group_by(findings.c.kind)
        )
        return {str(k): int(n) for k, n in self.conn.execute(query).all()}

    def most_severe_finding_seqs(self, patterns: Sequence[str], limit: int) -> list[int]:
        """The seqs of up to ``limit`` events whose findings are the most severe, ascending."""
        rank = func.max(
            case(
                (findings.c.severity == "critical", 4),
                (findings.c.severity == "high", 3),
                (findings.c.severity == "medium", 2),
                else_=1,
            )
        )
        query = (
            select(findings.c.event_id)
            .where(self._finding_kinds(patterns))
            .group_by(findings.c.event_id)
            .order_by(rank.desc(), findings.c.event_id)
            .limit(limit)
        )
        return self._seqs_of_events([str(r[0]) for r in self.conn.execute(query)])

    def _tagged(self, tag: str) -> ColumnElement[bool]:
        text = func.coalesce(findings.c.evidence.cast(Text()), "")
        return and_(self._in_window(findings.c.time), text.contains(f'"{tag}"'))

    def count_tagged_findings(self, tag: str) -> int:
        """Findings in the window whose evidence holds the string ``tag`` as a JSON value."""
        return self.tagged_counts([tag])[tag]

    def tagged_counts(self, tags: Sequence[str]) -> dict[str, int]:
        """`count_tagged_findings` of several tags, in one pass over the window's findings
        (remembered: a later call for any of them reads nothing)."""
        memo: dict[str, int] = self._memo.setdefault("tagged", {})
        wanted = sorted({t for t in tags if t not in memo})
        if wanted:
            text = func.coalesce(findings.c.evidence.cast(Text()), "")
            sums = [
                func.coalesce(func.sum(case((text.contains(f'"{t}"'), 1), else_=0)), 0)
                for t in wanted
            ]
            row = self.conn.execute(
                select(*sums).select_from(findings).where(self._in_window(findings.c.time))
            ).one()
            memo.update({t: int(n) for t, n in zip(wanted, row, strict=True)})
        return {t: memo[t] for t in tags}

    def tagged_finding_seqs(self, tag: str, limit: int) -> list[int]:
        if self.tagged_counts([tag])[tag] == 0:
            return []  # nothing to find: no scan of every finding for it
        query = select(findings.c.event_id).where(self._tagged(tag)).limit(limit)
        return self._seqs_of_events([str(r[0]) for r in self.conn.execute(query)])

    def alert_tallies(self) -> list[AlertTally]:
        """Alerts raised in the window by severity and status."""
        rows = self.conn.execute(
            select(alerts.c.severity, alerts.c.status, func.count())
            .where(self._in_window(alerts.c.time))
            .group_by(alerts.c.severity, alerts.c.status)
        ).all()
        return [AlertTally(str(sev), str(status), int(n)) for sev, status, n in rows]

    def latest_alert_seqs(self, limit: int) -> list[int]:
        """The seqs of the events behind the newest alerts in the window, ascending."""
        query = (
            select(alerts.c.event_id)
            .where(self._in_window(alerts.c.time), alerts.c.event_id.is_not(None))
            .order_by(alerts.c.id.desc())
            .limit(limit)
        )
        return self._seqs_of_events([str(r[0]) for r in self.conn.execute(query)])

    def session_tally(self) -> SessionTally:
        seen = self._in_window(sessions.c.last_seen)
        total = self.conn.execute(select(func.count()).select_from(sessions).where(seen))
        nobody = or_(sessions.c.human == "", sessions.c.human.is_(None))
        anonymous = self.conn.execute(
            select(func.count()).select_from(sessions).where(seen, nobody)
        )
        return SessionTally(int(total.scalar_one()), int(anonymous.scalar_one()))

    def credential_tally(self) -> CredentialTally:
        """Counts from the identity registry's tables (not log entries: nothing to prove)."""
        issued_at = identity_sessions.c.issued_at
        lifetime = identity_sessions.c.expires_at - issued_at
        issued = self.conn.execute(
            select(func.count(), func.max(lifetime)).where(self._in_window(issued_at))
        ).one()
        created = self._in_window(identity_grants.c.created)
        grants = self.conn.execute(
            select(func.count()).select_from(identity_grants).where(created)
        ).scalar_one()
        nobody = or_(identity_grants.c.approved_by == "", identity_grants.c.approved_by.is_(None))
        unapproved = self.conn.execute(
            select(func.count()).select_from(identity_grants).where(created, nobody)
        ).scalar_one()
        revoked = self.conn.execute(
            select(func.count())
            .select_from(identity_revocations)
            .where(self._in_window(identity_revocations.c.at))
        ).scalar_one()
        return CredentialTally(
            issued=int(issued[0]),
            longest_seconds=int(issued[1] or 0),
            grants=int(grants),
            grants_unapproved=int(unapproved),
            revocations=int(revoked),
        )

    # -- the log and its readers ------------------------------------------------------------

    def log_tally(self) -> LogTally:
        rows = int(self.conn.execute(select(func.count()).select_from(events)).scalar_one())
        latest = self.conn.execute(
            select(checkpoints.c.size).order_by(checkpoints.c.size.desc()).limit(1)
        ).first()
        count = int(self.conn.execute(select(func.count()).select_from(checkpoints)).scalar_one())
        return LogTally(
            leaves=leaf_count(self.conn),
            events=rows,
            checkpoints=count,
            signed_size=int(latest[0]) if latest else 0,
        )

    def export_positions(self) -> dict[str, int]:
        """Each export sink's position (the seq it has delivered up to)."""
        from bastion.store import export_positions as positions

        if positions.positions_path(self.conn.engine) is not None:
            # SQLite keeps positions in their own file (`bastion.store.export_positions`).
            return {p.sink: p.seq for p in positions.all_positions(self.conn.engine)}
        query = select(export_positions.c.sink, export_positions.c.seq)
        return {str(s): int(q) for s, q in self.conn.execute(query).all()}
