"""``bastion alerts``: incidents to triage (alerts grouped per session and chain), and bulk
acknowledgement, recorded with the person at the terminal."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bastion.cli.options import HomeOption, JsonOption

app = typer.Typer(
    help="Incidents (alerts grouped per session and chain), most urgent first; acknowledge.",
    invoke_without_command=True,
)
out = Console()
err = Console(stderr=True)
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def _data(home: HomeOption) -> tuple[Any, str]:
    from bastion.cli.person import person
    from bastion.config import Home
    from bastion.server.console import Console as HomeConsole
    from bastion.store import Store

    h = Home.resolve(home).ensure()
    # A console of this home: its writes go through the daemon while one runs (issue #18).
    return HomeConsole(h, Store(h.database_url)), person(h)


@app.callback()
def incidents(
    ctx: typer.Context,
    every: Annotated[bool, typer.Option("--all", help="Acknowledged incidents too.")] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """List incidents, most urgent first (the default when no subcommand is given)."""
    if ctx.invoked_subcommand is not None:
        return
    import json
    import sys

    from bastion.cli.render import when

    console, _ = _data(home)
    found = console.data.incidents(status=None if every else "open")
    if as_json:
        sys.stdout.write(json.dumps([i.to_dict() for i in found], indent=2) + "\n")
        return
    if not found:
        out.print("no open incidents" + ("" if every else " (`--all` shows acknowledged ones)"))
        return
    table = Table(title="Incidents, most urgent first", header_style="bold")
    table.add_column("incident", no_wrap=True)
    table.add_column("risk", justify="right")
    table.add_column("severity", no_wrap=True)
    table.add_column("what", ratio=1)
    table.add_column("last", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for i in found:
        style = SEVERITY_STYLE.get(i.severity, "white")
        table.add_row(
            i.id[:12] + i.id[i.id.rindex(":") :],
            str(i.risk),
            f"[{style}]{i.severity}[/]",
            escape(i.title),
            when(i.last)[5:16],
            i.status,
        )
    out.print(table)
    out.print("acknowledge with `bastion alerts ack INCIDENT` (or --session ID, or --all)")


@app.command("ack")
def acknowledge(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Incident ids as listed (session prefix:first alert id)."),
    ] = None,
    session: Annotated[
        str | None, typer.Option(help="Every open alert of this session (id or prefix).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every open incident.")] = False,
    home: HomeOption = None,
) -> None:
    """Acknowledge whole incidents at once; recorded in the console audit with your name."""
    console, by = _data(home)
    data = console.data
    open_incidents = data.incidents(status="open")
    chosen = []
    if every:
        chosen = open_incidents
    for wanted in ids or []:
        prefix, _, first = wanted.rpartition(":")
        match = [
            i for i in open_incidents if i.id.endswith(":" + first) and i.id.startswith(prefix)
        ]
        if len(match) != 1:
            err.print(
                f"[bold red]error:[/] no open incident {wanted!r}; `bastion alerts` lists them"
            )
            raise typer.Exit(1)
        chosen += match
    if session:
        found = data.store.session(session)
        if found is None:
            err.print(f"[bold red]error:[/] no session {session!r}; `bastion sessions` lists them")
            raise typer.Exit(1)
        chosen += [i for i in open_incidents if i.session_id == found["id"]]
    if not chosen:
        err.print("[bold red]error:[/] name incidents, --session ID or --all")
        raise typer.Exit(2)
    from bastion.daemon.home_writes import HomeWriteFailed

    total = 0
    try:
        for incident in {i.id: i for i in chosen}.values():
            changed = console.acknowledge_alerts(incident.open_ids)
            total += len(changed)
            console.record(by, "incident.acknowledge", incident.id, {"alert_ids": changed})
    except HomeWriteFailed as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    out.print(f"acknowledged {total} alert(s) in {len({i.id for i in chosen})} incident(s) as {by}")
