"""What the console shows, read through the store: sessions, events, findings, alerts, trends.

Every query is the store's (`bastion.store.console`, `bastion.store.Store`), never a
detector's; this module shapes the rows for JSON and the templates.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, cast

from bastion.describe import label
from bastion.events import clip as clip_text
from bastion.respond.triage import session_state
from bastion.sensors import sensor_for_record
from bastion.store import Store
from bastion.store.console import ConsoleQueries, SessionFilter
from bastion.store.rows import (
    AlertRow,
    EventView,
    EventWithPeople,
    FindingRow,
    PrincipalRow,
    SessionDetail,
    SessionView,
)

__all__ = [
    "CLIP_WIDTH",
    "SEVERITIES",
    "ConsoleData",
    "clip",
    "describe",
    "diff_of",
    "event_row",
    "session_row",
]

CLIP_WIDTH = 140

SEVERITIES = ("info", "low", "medium", "high", "critical")


class ConsoleData:
    """What the API and the dashboard show, shaped from the store's console queries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine  # the console's own tables (auth) share the database
        self.queries = ConsoleQueries(store)

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
    ) -> list[SessionView]:
        """Sessions by ``sort``: ``recent`` (last activity) or ``risk`` (riskiest first)."""
        wanted = SessionFilter(human, agent, mode, state, q, min_risk, limit, offset, sort)
        return [session_row(r) for r in self.queries.sessions(wanted)]

    def session(self, session_id: str) -> SessionDetail | None:
        found = self.store.session(session_id)
        if found is None:
            return None
        state = found["state"] or {}
        return {
            **session_row(found),
            "blocked_tools": list(state.get("blocked_tools") or []),
            "mode_reason": state.get("mode_reason") or "",
            "mode_by": state.get("mode_by") or "",
            "tainted_files": dict(state.get("tainted_files") or {}),
        }

    def session_events(
        self, session_id: str, offset: int = 0, limit: int | None = None
    ) -> list[EventView]:
        """A session's events in order, one page of them read from the store."""
        return [event_row(r) for r in self.store.events(session_id, offset, limit)]

    def count_events(self, session_id: str) -> int:
        return self.queries.count_events(session_id)

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
    ) -> list[EventWithPeople]:
        return self.queries.events(
            session=session,
            tool=tool,
            decision=decision,
            kind=kind,
            after_seq=after_seq,
            since=since,
            limit=limit,
        )

    def last_seq(self) -> int:
        return self.queries.last_seq()

    # -- findings and alerts ----------------------------------------------------------------

    def findings(
        self,
        *,
        session: str | None = None,
        kind: str | None = None,
        severity: str | None = None,
        limit: int = 200,
    ) -> list[FindingRow]:
        return self.queries.findings(session=session, kind=kind, severity=severity, limit=limit)

    def alerts(
        self, *, status: str | None = None, session: str | None = None, limit: int = 200
    ) -> list[AlertRow]:
        return self.queries.alerts(status=status, session=session, limit=limit)

    def alert(self, alert_id: int) -> AlertRow | None:
        """One alert (None: no such alert). Acknowledging one is a write: the daemon's
        (`Console.acknowledge_alerts`, issue #18)."""
        return self.queries.alert(alert_id)

    def incidents(
        self, *, status: str | None = "open", session: str | None = None, limit: int = 2000
    ) -> list[Any]:
        """Alerts grouped into incidents (`bastion.respond.alerts.group_incidents`), most
        urgent first; ``status`` filters incidents (open: any alert still open)."""
        from bastion.respond.alerts import group_incidents

        rows = self.alerts(session=session, limit=limit)
        risks = self.queries.risks(r["session_id"] for r in rows)
        found = group_incidents([dict(r) for r in rows], risks)
        return [i for i in found if not status or i.status == status]

    # -- people -----------------------------------------------------------------------------

    def principals(self, column: str) -> list[PrincipalRow]:
        """Agents or humans seen in sessions, with counts, newest activity first."""
        return self.queries.principals(column)

    # -- overview ---------------------------------------------------------------------------

    def overview(self, now: float | None = None) -> dict[str, Any]:
        moment = time.time() if now is None else now
        since = moment - 24 * 3600
        found = self.queries.counts(since, moment)
        trend = [
            {"hour_start": since + i * 3600, "allow": 0, "ask": 0, "deny": 0, "other": 0}
            for i in range(24)
        ]
        for b, decision, n in found.decisions_by_hour:
            i = min(23, max(0, b))
            key = decision if decision in ("allow", "ask", "deny") else "other"
            trend[i][key] += n
        by_severity = dict.fromkeys(SEVERITIES, 0)
        for severity, n in found.findings_by_severity:
            by_severity[severity] = n
        return {"counts": found.counts, "trend": trend, "findings_by_severity": by_severity}


def session_row(row: Mapping[str, Any]) -> SessionView:
    """A session as the console lists it (no state; its repository, status and person)."""
    data = row.get("data") or {}
    columns = {k: v for k, v in row.items() if k not in ("state", "data")}
    return cast(
        SessionView,
        {
            **columns,
            "repository": row.get("workspace") or row.get("cwd") or "",
            "status": session_state(row),
            "human_name": ((data.get("human") or {}).get("name")) or row.get("human") or "",
        },
    )


def event_row(row: Mapping[str, Any]) -> EventView:
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


def describe(event: Mapping[str, Any]) -> str:
    """One line saying what an event was (the command, the path, the prompt); a person's
    containment, a console approval and agent events get the words `bastion show` uses."""
    record = cast(dict[str, Any], event)  # read only; the sensors take the record's dict
    if event.get("kind") == "other":
        return clip_text(label(record)[1], CLIP_WIDTH)
    return sensor_for_record(event.get("agent")).describe_record(record, CLIP_WIDTH)


def clip(text: str, width: int = 140) -> str:
    return clip_text(text, width)


def diff_of(event: Mapping[str, Any]) -> str | None:
    """A unified diff for a file-writing action, from its input alone (by its sensor)."""
    return sensor_for_record(event.get("agent")).input_diff(cast(dict[str, Any], event))
