"""Evidence queries: what the record shows about a control, over a time window.

Each query reads the store (SQL aggregates, so a report over a million events stays a
handful of queries) and returns an `Evidence`: counts, a one-line statement, whether the
evidence is present (``ok``) and a few log entries (``samples``, event seqs) that the
report proves with inclusion proofs. "Present" means the control was operating in the
window: a detector that ran on every decided event and found nothing is evidence, not
a failure; no decided events at all is no evidence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, case, distinct, func, or_, select

from bastion.store.schema import alerts, approvals, checkpoints, events, findings, sessions

DECIDED = ("action", "permission_request", "prompt")
SAMPLES = 3
RETENTION_DAYS = 183  # six months: EU AI Act Art. 19(1) and 26(6)


@dataclass
class Window:
    since: float
    until: float


@dataclass
class Evidence:
    name: str
    label: str
    statement: str
    ok: bool
    counts: dict[str, int] = field(default_factory=dict)
    samples: list[int] = field(default_factory=list)


@dataclass
class Context:
    """What queries share: the connection, the window, export positions, a cache."""

    conn: Connection
    window: Window
    sinks: Sequence[Any] = ()
    cache: dict[str, Any] = field(default_factory=dict)

    def in_window(self, column: Any) -> Any:
        return and_(column >= self.window.since, column < self.window.until)

    def decided(self) -> int:
        if "decided" not in self.cache:
            self.cache["decided"] = int(
                self.conn.execute(
                    select(func.count())
                    .select_from(events)
                    .where(self.in_window(events.c.time), events.c.kind.in_(DECIDED))
                ).scalar_one()
            )
        return int(self.cache["decided"])


def _seqs(ctx: Context, query: Any) -> list[int]:
    return [int(r[0]) for r in ctx.conn.execute(query.limit(SAMPLES))]


def decisions(ctx: Context, _arg: str) -> Evidence:
    rows = ctx.conn.execute(
        select(events.c.decision, func.count())
        .where(ctx.in_window(events.c.time), events.c.kind.in_(DECIDED))
        .group_by(events.c.decision)
    ).all()
    counts = {str(d or "none"): int(n) for d, n in rows}
    total = sum(counts.values())
    samples = _seqs(
        ctx,
        select(events.c.seq)
        .where(ctx.in_window(events.c.time), events.c.kind == "action")
        .order_by(events.c.seq.desc()),
    )
    parts = ", ".join(f"{n} {d}" for d, n in sorted(counts.items()))
    return Evidence(
        "decisions",
        "Decisions",
        f"{total} agent actions and prompts decided by policy ({parts or 'none'})",
        total > 0,
        counts,
        samples,
    )


def denials(ctx: Context, _arg: str) -> Evidence:
    where = and_(ctx.in_window(events.c.time), events.c.decision == "deny")
    n = int(ctx.conn.execute(select(func.count()).select_from(events).where(where)).scalar_one())
    samples = _seqs(ctx, select(events.c.seq).where(where).order_by(events.c.seq.desc()))
    return Evidence(
        "denials",
        "Denials",
        f"{n} actions denied before they ran",
        ctx.decided() > 0,
        {"denied": n},
        samples,
    )


def asks(ctx: Context, _arg: str) -> Evidence:
    where = and_(ctx.in_window(events.c.time), events.c.decision == "ask")
    n = int(ctx.conn.execute(select(func.count()).select_from(events).where(where)).scalar_one())
    rows = ctx.conn.execute(
        select(approvals.c.status, func.count())
        .where(ctx.in_window(approvals.c.requested_at))
        .group_by(approvals.c.status)
    ).all()
    by_status = {str(s): int(c) for s, c in rows}
    decided_by_people = sum(v for k, v in by_status.items() if k in ("approved", "denied"))
    samples = _seqs(ctx, select(events.c.seq).where(where).order_by(events.c.seq.desc()))
    return Evidence(
        "asks",
        "Human approval",
        f"{n} actions held for a person's approval; {decided_by_people} answered in the console "
        "or CLI",
        ctx.decided() > 0,
        {"asked": n, **{f"approvals_{k}": v for k, v in by_status.items()}},
        samples,
    )


def _kind_filter(arg: str) -> Any:
    if not arg or arg == "*":
        return None
    conds = []
    for kind in arg.split(","):
        kind = kind.strip()
        if kind.endswith("*"):
            conds.append(findings.c.kind.startswith(kind[:-1]))
        else:
            conds.append(findings.c.kind == kind)
    return or_(*conds)


def findings_of(ctx: Context, arg: str) -> Evidence:
    where = ctx.in_window(findings.c.time)
    kinds = _kind_filter(arg)
    if kinds is not None:
        where = and_(where, kinds)
    rows = ctx.conn.execute(
        select(findings.c.kind, func.count()).where(where).group_by(findings.c.kind)
    ).all()
    counts = {str(k): int(n) for k, n in rows}
    total = sum(counts.values())
    # The most severe first when choosing what to prove.
    rank = func.max(
        case(
            (findings.c.severity == "critical", 4),
            (findings.c.severity == "high", 3),
            (findings.c.severity == "medium", 2),
            else_=1,
        )
    )
    sample_ids = [
        str(r[0])
        for r in ctx.conn.execute(
            select(findings.c.event_id)
            .where(where)
            .group_by(findings.c.event_id)
            .order_by(rank.desc(), findings.c.event_id)
            .limit(SAMPLES)
        )
    ]
    samples = (
        [
            int(r[0])
            for r in ctx.conn.execute(select(events.c.seq).where(events.c.id.in_(sample_ids)))
        ]
        if sample_ids
        else []
    )
    what = "all detectors" if kinds is None else arg
    top = ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda x: -x[1])[:6])
    return Evidence(
        f"findings:{arg}",
        f"Findings ({what})",
        f"{total} findings on {ctx.decided()} decided events" + (f": {top}" if top else ""),
        ctx.decided() > 0,
        counts,
        sorted(samples),
    )


def owasp(ctx: Context, arg: str) -> Evidence:
    """Findings whose evidence names the OWASP Agentic code (sequence rules carry it)."""
    where = and_(
        ctx.in_window(findings.c.time),
        func.coalesce(findings.c.evidence.cast(_text()), "").contains(f'"{arg}"'),
    )
    n = int(ctx.conn.execute(select(func.count()).select_from(findings).where(where)).scalar_one())
    ids = [
        str(r[0]) for r in ctx.conn.execute(select(findings.c.event_id).where(where).limit(SAMPLES))
    ]
    samples = (
        [int(r[0]) for r in ctx.conn.execute(select(events.c.seq).where(events.c.id.in_(ids)))]
        if ids
        else []
    )
    return Evidence(
        f"owasp:{arg}",
        f"Findings tagged {arg}",
        f"{n} findings whose rule names {arg}",
        ctx.decided() > 0,
        {"findings": n},
        sorted(samples),
    )


def _text() -> Any:
    from sqlalchemy import Text

    return Text()


def alerts_of(ctx: Context, _arg: str) -> Evidence:
    rows = ctx.conn.execute(
        select(alerts.c.severity, alerts.c.status, func.count())
        .where(ctx.in_window(alerts.c.time))
        .group_by(alerts.c.severity, alerts.c.status)
    ).all()
    counts: dict[str, int] = {}
    for severity, status, n in rows:
        counts[f"{severity}"] = counts.get(str(severity), 0) + int(n)
        counts[f"status_{status}"] = counts.get(f"status_{status}", 0) + int(n)
    total = sum(v for k, v in counts.items() if not k.startswith("status_"))
    ids = [
        str(r[0])
        for r in ctx.conn.execute(
            select(alerts.c.event_id)
            .where(ctx.in_window(alerts.c.time), alerts.c.event_id.is_not(None))
            .order_by(alerts.c.id.desc())
            .limit(SAMPLES)
        )
    ]
    samples = (
        [int(r[0]) for r in ctx.conn.execute(select(events.c.seq).where(events.c.id.in_(ids)))]
        if ids
        else []
    )
    open_n = counts.get("status_open", 0)
    return Evidence(
        "alerts",
        "Alerts",
        f"{total} alerts raised ({open_n} still open)",
        ctx.decided() > 0,
        counts,
        sorted(samples),
    )


def containment(ctx: Context, _arg: str) -> Evidence:
    where = and_(ctx.in_window(events.c.time), events.c.native_name == "ModeChange")
    n = int(ctx.conn.execute(select(func.count()).select_from(events).where(where)).scalar_one())
    samples = _seqs(ctx, select(events.c.seq).where(where).order_by(events.c.seq.desc()))
    return Evidence(
        "containment",
        "Containment",
        f"{n} containment changes (ask-everything, kill, release) recorded, each with who and why",
        ctx.decided() > 0,
        {"mode_changes": n},
        samples,
    )


def attribution(ctx: Context, _arg: str) -> Evidence:
    total = int(
        ctx.conn.execute(
            select(func.count()).select_from(sessions).where(ctx.in_window(sessions.c.last_seen))
        ).scalar_one()
    )
    anonymous = int(
        ctx.conn.execute(
            select(func.count())
            .select_from(sessions)
            .where(
                ctx.in_window(sessions.c.last_seen),
                or_(sessions.c.human == "", sessions.c.human.is_(None)),
            )
        ).scalar_one()
    )
    where = and_(ctx.in_window(events.c.time), events.c.native_name == "SessionAttribution")
    logged = int(
        ctx.conn.execute(select(func.count()).select_from(events).where(where)).scalar_one()
    )
    samples = _seqs(ctx, select(events.c.seq).where(where).order_by(events.c.seq.desc()))
    return Evidence(
        "attribution",
        "Attribution",
        f"{total - anonymous} of {total} sessions attributed to a person; {logged} attributions "
        "signed into the log",
        total > 0 and anonymous == 0,
        {"sessions": total, "unattributed": anonymous, "logged": logged},
        samples,
    )


def policy_changes(ctx: Context, _arg: str) -> Evidence:
    where = and_(ctx.in_window(events.c.time), events.c.native_name == "Configuration")
    n = int(ctx.conn.execute(select(func.count()).select_from(events).where(where)).scalar_one())
    ever = int(
        ctx.conn.execute(
            select(func.count()).select_from(events).where(events.c.native_name == "Configuration")
        ).scalar_one()
    )
    samples = _seqs(ctx, select(events.c.seq).where(where).order_by(events.c.seq.desc()))
    if not samples:
        samples = _seqs(
            ctx,
            select(events.c.seq)
            .where(events.c.native_name == "Configuration")
            .order_by(events.c.seq.desc()),
        )
    return Evidence(
        "policy_changes",
        "Policy and configuration",
        f"{n} configuration or policy changes in the window ({ever} recorded in all); every "
        "verdict carries the hash of the policies that made it",
        ever > 0,
        {"changes": n, "recorded": ever},
        samples,
    )


def log_integrity(ctx: Context, _arg: str) -> Evidence:
    from bastion.store.tree import leaf_count

    size = leaf_count(ctx.conn)
    rows = int(ctx.conn.execute(select(func.count()).select_from(events)).scalar_one())
    latest = ctx.conn.execute(
        select(checkpoints.c.size, checkpoints.c.time).order_by(checkpoints.c.size.desc()).limit(1)
    ).first()
    signed = int(latest[0]) if latest else 0
    n_checkpoints = int(
        ctx.conn.execute(select(func.count()).select_from(checkpoints)).scalar_one()
    )
    ok = size == rows and signed > 0
    return Evidence(
        "log_integrity",
        "Tamper-evident log",
        f"{size} leaves for {rows} events; {n_checkpoints} signed checkpoints, the newest "
        f"covering {signed} entries. Full verification: `bastion audit verify`",
        ok,
        {"leaves": size, "events": rows, "checkpoints": n_checkpoints, "signed_size": signed},
        [],
    )


def retention(ctx: Context, _arg: str) -> Evidence:
    first = ctx.conn.execute(
        select(events.c.seq, events.c.time).order_by(events.c.seq).limit(1)
    ).first()
    days = (time.time() - float(first[1])) / 86400 if first else 0.0
    in_window = int(
        ctx.conn.execute(
            select(func.count()).select_from(events).where(ctx.in_window(events.c.time))
        ).scalar_one()
    )
    return Evidence(
        "retention",
        "Retention",
        f"the log reaches back {days:.0f} days ({in_window} events in the window); the "
        f"store keeps every entry (nothing is pruned), {RETENTION_DAYS} days is the EU AI "
        "Act's minimum",
        first is not None,
        {"days": int(days), "events_in_window": in_window},
        [int(first[0])] if first else [],
    )


def export(ctx: Context, _arg: str) -> Evidence:
    from bastion.store.schema import export_positions

    head = int(ctx.conn.execute(select(func.max(events.c.seq))).scalar() or 0)
    rows = ctx.conn.execute(select(export_positions.c.sink, export_positions.c.seq)).all()
    positions = {str(s): int(q) for s, q in rows}
    configured = [s.name for s in ctx.sinks]
    behind = {name: head - positions.get(name, 0) for name in configured}
    statement = (
        "no export sink configured ([[export.sink]] in config.toml)"
        if not configured
        else "; ".join(f"{n}: {b} entries behind" for n, b in behind.items())
    )
    return Evidence(
        "export",
        "Export to SIEM",
        statement,
        bool(configured),
        {f"behind_{k}": v for k, v in behind.items()},
        [],
    )


QUERIES: dict[str, Callable[[Context, str], Evidence]] = {
    "decisions": decisions,
    "denials": denials,
    "asks": asks,
    "findings": findings_of,
    "owasp": owasp,
    "alerts": alerts_of,
    "containment": containment,
    "attribution": attribution,
    "policy_changes": policy_changes,
    "log_integrity": log_integrity,
    "retention": retention,
    "export": export,
}


def run(ctx: Context, item: str) -> Evidence:
    """One evidence item of the catalogue (``name`` or ``name:argument``), cached per run."""
    if item not in ctx.cache:
        name, _, arg = item.partition(":")
        ctx.cache[item] = QUERIES[name](ctx, arg)
    result: Evidence = ctx.cache[item]
    return result


def distinct_sessions(ctx: Context) -> int:
    return int(
        ctx.conn.execute(
            select(func.count(distinct(events.c.session_id))).where(ctx.in_window(events.c.time))
        ).scalar_one()
    )
