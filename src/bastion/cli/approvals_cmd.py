"""``bastion approvals``: answer the asks waiting for a person, from a terminal.

The same requests the console's Approvals page shows (see docs/approvals.md); a terminal
answer is recorded with the person at the keyboard (`bastion.cli.person`).
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select

from bastion.cli.options import HomeOption

app = typer.Typer(
    help="Asks waiting for a person: list, approve, deny (docs/approvals.md).",
    invoke_without_command=True,
)
out = Console()
err = Console(stderr=True)


def _db(home: HomeOption) -> tuple[object, str]:
    from bastion.cli.person import person
    from bastion.config import Home
    from bastion.store import Store

    h = Home.resolve(home).ensure()
    return Store(h.database_url).engine, person(h)


@app.callback()
def pending(ctx: typer.Context, home: HomeOption = None) -> None:
    """List the pending asks (the default when no subcommand is given)."""
    if ctx.invoked_subcommand is not None:
        return
    from bastion.server.approvals import PENDING, expire_overdue
    from bastion.server.tables import approvals

    engine, _ = _db(home)
    expire_overdue(engine)  # type: ignore[arg-type]
    query = select(approvals).where(approvals.c.status == PENDING).order_by(approvals.c.id)
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = [dict(r) for r in conn.execute(query).mappings()]
    if not rows:
        out.print("no asks are waiting for approval")
        return
    table = Table("id", "session", "tool", "call", "left", title="Waiting for approval")
    now = time.time()
    for r in rows:
        call = r["tool_input"].get("command") or r["tool_input"].get("file_path") or ""
        table.add_row(
            str(r["id"]),
            r["session_id"][:12],
            r["tool"],
            escape(str(call)[:60]),
            f"{max(0, int(r['expires_at'] - now))} s",
        )
    out.print(table)
    out.print("answer with `bastion approvals approve ID` or `bastion approvals deny ID`")


def _answer(approval_id: int, decision: str, home: HomeOption, minutes: int) -> None:
    from bastion.server.approvals import ApprovalError, decide

    engine, by = _db(home)
    scope = "session-similar" if minutes else "once"
    try:
        decide(engine, approval_id, decision, by, scope=scope, minutes=minutes)  # type: ignore[arg-type]
    except ApprovalError as exc:
        err.print(f"[bold red]error:[/] {exc}; `bastion approvals` lists the waiting ones")
        raise typer.Exit(1) from exc
    out.print(f"request {approval_id} {decision} by {by}")


@app.command()
def approve(
    approval_id: Annotated[int, typer.Argument(help="The request's id (`bastion approvals`).")],
    minutes: Annotated[
        int,
        typer.Option(help="Also approve calls like this one in the session for N minutes."),
    ] = 0,
    home: HomeOption = None,
) -> None:
    """Let a waiting call run."""
    _answer(approval_id, "approved", home, minutes)


@app.command()
def deny(
    approval_id: Annotated[int, typer.Argument(help="The request's id (`bastion approvals`).")],
    home: HomeOption = None,
) -> None:
    """Refuse a waiting call."""
    _answer(approval_id, "denied", home, 0)
