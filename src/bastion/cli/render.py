"""Readable terminal views of the record: the sessions table and a session's timeline."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bastion.cli.views import StepView
from bastion.describe import output_text
from bastion.respond.risk import level
from bastion.respond.triage import session_state
from bastion.sensors import sensor_for_record

if TYPE_CHECKING:
    from bastion.store.rows import EventRow, SessionRow

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


STATE_STYLE = {"live": "green", "ended": "dim", "killed": "bold red", "ask-everything": "yellow"}


def sessions_table(rows: Sequence[SessionRow]) -> Table:
    """Riskiest first; the session id column never wraps, so an id can be copied whole."""
    # no vertical rules: at 80 columns every character goes to the values
    table = Table(
        title="Agent sessions",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("session", no_wrap=True, min_width=12)
    table.add_column("last seen", no_wrap=True)
    table.add_column("human", overflow="ellipsis", max_width=14)
    table.add_column("repository", overflow="ellipsis", ratio=1, min_width=8)
    table.add_column("events", justify="right")
    table.add_column("denied", justify="right")
    table.add_column("risk", justify="right")
    table.add_column("state", no_wrap=True, min_width=6)
    for r in rows:
        state = session_state(r)
        table.add_row(
            r["id"][:12],
            when(r.get("last_seen"))[5:16],  # MM-DD HH:MM: the year and seconds cost width
            escape(r.get("human") or ""),
            # the repository's name: its full path is in `bastion show` and --json
            escape(os.path.basename(_short_path(r.get("workspace") or r.get("cwd") or ""))),
            str(r.get("event_count") or 0),
            str(r.get("denials") or 0),
            _risk_cell(r.get("risk")),
            f"[{STATE_STYLE.get(state, 'white')}]{state}[/]",
        )
    return table


RISK_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def _risk_cell(score: int | None) -> str:
    name = level(score)
    return f"[{RISK_STYLE.get(name, 'dim')}]{score or 0}[/]"


def by_risk(rows: Iterable[SessionRow]) -> list[SessionRow]:
    """Highest risk first, then most recent: triage order."""
    return sorted(rows, key=lambda r: (-(r.get("risk") or 0), -(r.get("last_seen") or 0)))


def _short_path(path: str) -> str:
    home = os.path.expanduser("~")
    if home not in ("", "/") and (path == home or path.startswith(home + "/")):
        return "~" + path[len(home) :]
    return path


def describe_event(data: dict[str, Any]) -> str:
    """One line saying what the event was: the command, the path, the prompt."""
    return sensor_for_record(data.get("agent")).describe_record(data)


OUTPUT_LINES = 8
OUTPUT_CHARS = 600
INDENT = "               "


def print_timeline(console: Console, session: SessionRow, rows: Iterable[EventRow]) -> None:
    console.print(
        f"[bold]Session[/] {session['id']}  [dim]agent[/] {escape(session.get('agent') or '')}"
        f"  [dim]human[/] {escape(session.get('human') or '')}  [dim]host[/] "
        f"{escape(session.get('host') or '')}"
    )
    console.print(
        f"[dim]workspace[/] {escape(session.get('workspace') or '')}  [dim]started[/] "
        f"{when(session.get('started_at'))}  [dim]state[/] {session_state(session)}  "
        f"[dim]risk[/] {session.get('risk') or 0} ({level(session.get('risk'))})"
    )
    console.print()
    for row in rows:
        print_step(console, row)


def step_label(row: EventRow) -> tuple[str, str]:
    """(badge, text) for one recorded event row (`bastion.describe.label`)."""
    view = StepView.from_row(row)
    return view.badge, view.text


BADGE_STYLE = {
    "ALLOW": "green",
    "ASK": "yellow",
    "DENY": "bold red",
    "APPROVED": "bold green",
    "DENIED": "bold red",
    "EXPIRED": "red",
    "KILL": "bold red",
    "RELEASE": "bold cyan",
    "CONTAIN": "yellow",
}


def clip_output(text: str) -> list[str]:
    """At most ``OUTPUT_LINES`` lines and ``OUTPUT_CHARS`` characters, saying what was cut."""
    lines = text.rstrip("\n").splitlines()
    shown: list[str] = []
    used = 0
    for line in lines[:OUTPUT_LINES]:
        if used + len(line) > OUTPUT_CHARS:
            shown.append(line[: max(0, OUTPUT_CHARS - used)] + "…")
            break
        shown.append(line)
        used += len(line)
    hidden = len(lines) - len(shown)
    if hidden > 0:
        shown.append(f"… {hidden} more line(s); `bastion show --json` has the full record")
    return shown


def print_step(console: Console, row: EventRow) -> None:
    step = StepView.from_row(row)
    stamp = dt.datetime.fromtimestamp(step.time).strftime("%H:%M:%S")
    style = BADGE_STYLE.get(step.badge, "white")
    styled = f"[{style}]{step.badge:8}[/] " if step.badge else " " * 9
    console.print(f"[dim]{stamp}[/] {styled}{escape(step.text)}")
    if step.observation:
        for line in clip_output(output_text(step.tool_output)):
            console.print(f"{INDENT}[dim]│[/] {escape(line)}", highlight=False)
    if step.decision in ("deny", "ask"):
        for reason in step.reasons:
            console.print(f"{INDENT}[italic]{escape(reason)}[/]")
        if step.policies:
            console.print(f"{INDENT}[dim]rule: {', '.join(step.policies)}[/]")
    for f in step.findings:
        style = SEVERITY_STYLE.get(f.severity, "white")
        console.print(f"{INDENT}[{style}]finding {f.kind} ({f.severity})[/]: {escape(f.detail)}")
