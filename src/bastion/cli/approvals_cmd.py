"""``bastion approvals``: answer the asks waiting for a person, from a terminal.

The same requests the console's Approvals page shows (see docs/approvals.md); a terminal
answer is recorded with the person at the keyboard (`bastion.cli.person`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bastion.cli.options import HomeOption

if TYPE_CHECKING:
    from bastion.server.console import Console as HomeConsole

app = typer.Typer(
    help="Asks waiting for a person: list, approve, deny (docs/approvals.md).",
    invoke_without_command=True,
)
out = Console()
err = Console(stderr=True)


def _db(home: HomeOption) -> tuple[HomeConsole, str]:
    """A console of this home: its writes go through the daemon while one runs (#18)."""
    from bastion.cli.person import person
    from bastion.config import Home
    from bastion.server.console import Console as HomeConsole
    from bastion.store import Store

    h = Home.resolve(home).ensure()
    return HomeConsole(h, Store(h.database_url)), person(h)


@app.callback()
def pending(ctx: typer.Context, home: HomeOption = None) -> None:
    """List the pending asks (the default when no subcommand is given)."""
    if ctx.invoked_subcommand is not None:
        return
    from bastion.server.approvals import PENDING, listed

    console, _ = _db(home)
    try:
        console.expire_approvals()
        rows = listed(console.store, status=PENDING, limit=None, newest_first=False)
    finally:
        console.store.close()
    if not rows:
        out.print("no asks are waiting for approval")
        return
    table = Table("id", "session", "tool", "call", "left", title="Waiting for approval")
    now = time.time()
    for r in rows:
        given = r["tool_input"] or {}
        call = given.get("command") or given.get("file_path") or ""
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
    from bastion.daemon.home_writes import HomeWriteFailed
    from bastion.server.approvals import ApprovalError

    console, by = _db(home)
    scope = "session-similar" if minutes else "once"
    try:
        console.decide_approval(approval_id, decision, by, scope=scope, minutes=minutes)  # type: ignore[arg-type]
    except ApprovalError as exc:
        err.print(f"[bold red]error:[/] {exc}; `bastion approvals` lists the waiting ones")
        raise typer.Exit(1) from exc
    except HomeWriteFailed as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    finally:
        console.store.close()
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
