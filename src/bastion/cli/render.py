"""Readable terminal views of the record: the sessions table and a session's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bastion.events import describe_record

DECISION_STYLE = {"allow": "green", "ask": "yellow", "deny": "bold red"}
SEVERITY_STYLE = {
    "info": "dim",
    "low": "cyan",
    "medium": "yellow",
    "high": "red",
    "critical": "bold red",
}


def when(ts: float | None) -> str:
    if not ts:
        return "-"
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def sessions_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Agent sessions", header_style="bold")
    for col in (
        "session",
        "last seen",
        "human",
        "agent",
        "workspace",
        "events",
        "denied",
        "risk",
        "state",
    ):
        table.add_column(col, overflow="fold")
    for r in rows:
        state = "ended" if r.get("ended_at") else "live"
        mode = r.get("mode") or "normal"
        if mode != "normal":
            state = f"[bold red]{mode}[/]"
        table.add_row(
            r["id"][:12],
            when(r.get("last_seen")),
            escape(r.get("human") or ""),
            escape(r.get("agent") or ""),
            escape(r.get("workspace") or r.get("cwd") or ""),
            str(r.get("event_count") or 0),
            str(r.get("denials") or 0),
            str(r.get("risk") or 0),
            state,
        )
    return table


def describe_event(data: dict[str, Any]) -> str:
    """One line saying what the event was: the command, the path, the prompt."""
    return describe_record(data)


def print_timeline(console: Console, session: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    console.print(
        f"[bold]Session[/] {session['id']}  [dim]agent[/] {escape(session.get('agent') or '')}"
        f"  [dim]human[/] {escape(session.get('human') or '')}  [dim]host[/] "
        f"{escape(session.get('host') or '')}"
    )
    console.print(
        f"[dim]workspace[/] {escape(session.get('workspace') or '')}  [dim]started[/] "
        f"{when(session.get('started_at'))}  [dim]state[/] {session.get('mode')}  "
        f"[dim]risk[/] {session.get('risk')}"
    )
    console.print()
    for row in rows:
        print_step(console, row)


def print_step(console: Console, row: dict[str, Any]) -> None:
    data = row.get("data") or {}
    verdict = row.get("verdict") or {}
    decision = row.get("decision")
    stamp = dt.datetime.fromtimestamp(row.get("time") or 0).strftime("%H:%M:%S")
    badge = ""
    if decision:
        badge = f"[{DECISION_STYLE.get(decision, 'white')}]{decision.upper():5}[/] "
    else:
        badge = "      "
    console.print(f"[dim]{stamp}[/] {badge}{escape(describe_event(data))}")
    if decision in ("deny", "ask"):
        for reason in verdict.get("reasons") or []:
            console.print(f"               [italic]{escape(reason)}[/]")
        if verdict.get("policies"):
            console.print(f"               [dim]rule: {', '.join(verdict['policies'])}[/]")
    for f in verdict.get("findings") or []:
        style = SEVERITY_STYLE.get(f.get("severity", ""), "white")
        console.print(
            f"               [{style}]finding {f.get('kind')} ({f.get('severity')})[/]: "
            f"{escape(f.get('detail', ''))}"
        )
