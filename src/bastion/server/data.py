"""What the console shows, read from the store: sessions, events, findings, alerts, trends.

Reads go through the store's tables (``bastion.store.schema``) on its engine, never
through detectors; the only write is an alert's ``status``, which the audit log leaves
out of its leaves on purpose so a responder can acknowledge. Rows come back as plain
dicts ready for JSON or a template.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, and_, func, select, update

from bastion.describe import label
from bastion.events import clip as clip_text
from bastion.respond.triage import session_state
from bastion.sensors import sensor_for_record
from bastion.server.tables import approvals
from bastion.store import Store
from bastion.store.schema import alerts, events, findings, sessions

CLIP_WIDTH = 140

SESSION_COLUMNS = [c for c in sessions.c if c.name != "state"]
EVENT_SUMMARY = [
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
SEVERITIES = ("info", "low", "medium", "high", "critical")


class ConsoleData:
    """Queries over one store for the API and the dashboard."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine: Engine = store.engine

    # -- sessions ---------------------------------------------------------------------------

    def sessions(
        self,
        *,
        human: str | None = None,
        agent: str | None = None,
        mode: str | None = None,
        state: str | None = None,
        q: str | None = None,
        min_risk: int | None = None,
        limit: int = 100,
        offset: int = 0,
        sort: str = "recent",
    ) -> list[dict[str, Any]]:
        """Sessions by ``sort``: ``recent`` (last activity) or ``risk`` (riskiest first)."""
        order = (
            (sessions.c.risk.desc(), sessions.c.last_seen.desc())
            if sort == "risk"
            else (sessions.c.last_seen.desc(),)
        )
        query = select(*SESSION_COLUMNS).order_by(*order)
        if human:
            query = query.where(sessions.c.human == human)
        if agent:
            query = query.where(sessions.c.agent == agent)
        if mode:
            query = query.where(sessions.c.mode == mode)
        if state == "live":
            query = query.where(sessions.c.ended_at.is_(None))
        elif state == "ended":
            query = query.where(sessions.c.ended_at.is_not(None))
        if min_risk is not None:
            query = query.where(sessions.c.risk >= min_risk)
        if q:
            like = f"%{q}%"
            query = query.where(
                sessions.c.id.like(like)
                | sessions.c.workspace.like(like)
                | sessions.c.cwd.like(like)
                | sessions.c.prompt.like(like)
            )
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(limit).offset(offset)).mappings()
            return [session_row(dict(r)) for r in rows]

    def session(self, session_id: str) -> dict[str, Any] | None:
        found = self.store.session(session_id)
        if found is None:
            return None
        state = found.pop("state", None) or {}
        out = session_row(found)
        out["blocked_tools"] = list(state.get("blocked_tools") or [])
        out["mode_reason"] = state.get("mode_reason") or ""
        out["mode_by"] = state.get("mode_by") or ""
        out["tainted_files"] = dict(state.get("tainted_files") or {})
        return out

    def session_events(
        self, session_id: str, offset: int = 0, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """A session's events in order, one page of them read from the store."""
        query = select(events).where(events.c.session_id == session_id).order_by(events.c.seq)
        if offset or limit is not None:
            query = query.offset(offset).limit(limit if limit is not None else -1)
        with self.engine.connect() as conn:
            return [event_row(dict(r)) for r in conn.execute(query).mappings()]

    def count_events(self, session_id: str) -> int:
        query = select(func.count()).select_from(events).where(events.c.session_id == session_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # -- events -----------------------------------------------------------------------------

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
    ) -> list[dict[str, Any]]:
        query = select(*EVENT_SUMMARY, sessions.c.human, sessions.c.agent).select_from(
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
            return [dict(r) for r in conn.execute(query.limit(limit)).mappings()]

    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(events.c.seq))).scalar() or 0)

    # -- findings and alerts ----------------------------------------------------------------

    def findings(
        self,
        *,
        session: str | None = None,
        kind: str | None = None,
        severity: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        query = select(findings).order_by(findings.c.id.desc()).limit(limit)
        if session:
            query = query.where(findings.c.session_id == session)
        if kind:
            query = query.where(findings.c.kind == kind)
        if severity:
            query = query.where(findings.c.severity == severity)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def alerts(
        self, *, status: str | None = None, session: str | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        query = select(alerts).order_by(alerts.c.id.desc()).limit(limit)
        if status:
            query = query.where(alerts.c.status == status)
        if session:
            query = query.where(alerts.c.session_id == session)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def acknowledge_alert(self, alert_id: int) -> dict[str, Any] | None:
        """Mark an alert acknowledged (status is outside the audit leaf by design)."""
        with self.store.transaction() as conn:
            conn.execute(
                update(alerts)
                .where(alerts.c.id == alert_id, alerts.c.status == "open")
                .values(status="acknowledged")
            )
            row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).mappings().first()
        return dict(row) if row else None

    def acknowledge_alerts(self, alert_ids: list[int]) -> list[int]:
        """Acknowledge many open alerts at once (an incident); returns the ids changed."""
        if not alert_ids:
            return []
        with self.store.transaction() as conn:
            open_ids = [
                int(r[0])
                for r in conn.execute(
                    select(alerts.c.id).where(alerts.c.id.in_(alert_ids), alerts.c.status == "open")
                )
            ]
            if open_ids:
                conn.execute(
                    update(alerts)
                    .where(alerts.c.id.in_(open_ids), alerts.c.status == "open")
                    .values(status="acknowledged")
                )
        return open_ids

    def incidents(
        self, *, status: str | None = "open", session: str | None = None, limit: int = 2000
    ) -> list[Any]:
        """Alerts grouped into incidents (`bastion.respond.alerts.group_incidents`), most
        urgent first; ``status`` filters incidents (open: any alert still open)."""
        from bastion.respond.alerts import group_incidents

        rows = self.alerts(session=session, limit=limit)
        sids = {r["session_id"] for r in rows}
        risks: dict[str, int] = {}
        if sids:
            with self.engine.connect() as conn:
                risks = {
                    str(r[0]): int(r[1] or 0)
                    for r in conn.execute(
                        select(sessions.c.id, sessions.c.risk).where(sessions.c.id.in_(sids))
                    )
                }
        found = group_incidents(rows, risks)
        return [i for i in found if not status or i.status == status]

    # -- people -----------------------------------------------------------------------------

    def principals(self, column: str) -> list[dict[str, Any]]:
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
                {k: (v if v is not None else 0) for k, v in r.items()}
                for r in conn.execute(query).mappings()
            ]

    # -- overview ---------------------------------------------------------------------------

    def overview(self, now: float | None = None) -> dict[str, Any]:
        moment = time.time() if now is None else now
        since = moment - 24 * 3600
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
            trend_rows = conn.execute(
                select(bucket.label("b"), events.c.decision, func.count().label("n"))
                .where(events.c.time >= since)
                .group_by(bucket, events.c.decision)
            ).all()
            severity_rows = conn.execute(
                select(findings.c.severity, func.count())
                .where(findings.c.time >= since)
                .group_by(findings.c.severity)
            ).all()
        trend = [
            {"hour_start": since + i * 3600, "allow": 0, "ask": 0, "deny": 0, "other": 0}
            for i in range(24)
        ]
        for b, decision, n in trend_rows:
            i = min(23, max(0, int(b)))
            key = decision if decision in ("allow", "ask", "deny") else "other"
            trend[i][key] += int(n)
        by_severity = dict.fromkeys(SEVERITIES, 0)
        for severity, n in severity_rows:
            by_severity[str(severity)] = int(n)
        return {"counts": counts, "trend": trend, "findings_by_severity": by_severity}


def session_row(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("state", None)
    data = row.pop("data", None) or {}
    row["repository"] = row.get("workspace") or row.get("cwd") or ""
    row["status"] = session_state(row)
    row["human_name"] = ((data.get("human") or {}).get("name")) or row.get("human") or ""
    return row


def event_row(row: dict[str, Any]) -> dict[str, Any]:
    """An event as the console shows it: its record, facts and verdict (already redacted)."""
    data = row.get("data") or {}
    verdict = row.get("verdict") or {}
    return {
        "seq": row["seq"],
        "id": row["id"],
        "session_id": row["session_id"],
        "time": row["time"],
        "kind": row["kind"],
        "native_name": row["native_name"],
        "tool": row["tool"],
        "tool_use_id": row["tool_use_id"],
        "decision": row["decision"],
        "tool_input": data.get("tool_input") or {},
        "tool_output": data.get("tool_output"),
        "prompt": data.get("prompt"),
        "error": data.get("error"),
        # what a person did (kill, release, approval) and agent events live in "raw"
        "raw": (data.get("raw") or {}) if row["kind"] == "other" else {},
        "facts": row.get("facts"),
        "reasons": list(verdict.get("reasons") or []),
        "policies": list(verdict.get("policies") or []),
        "policy_hash": verdict.get("policy_hash") or "",
        "findings": list(verdict.get("findings") or []),
    }


def describe(event: dict[str, Any]) -> str:
    """One line saying what an event was (the command, the path, the prompt); a person's
    containment, a console approval and agent events get the words `bastion show` uses."""
    if event.get("kind") == "other":
        return clip_text(label(event)[1], CLIP_WIDTH)
    return sensor_for_record(event.get("agent")).describe_record(event, CLIP_WIDTH)


def clip(text: str, width: int = 140) -> str:
    return clip_text(text, width)


def diff_of(event: dict[str, Any]) -> str | None:
    """A unified diff for a file-writing action, from its input alone (by its sensor)."""
    return sensor_for_record(event.get("agent")).input_diff(event)


def pending_filter() -> Any:
    return and_(approvals.c.status == "pending", approvals.c.expires_at > time.time())
