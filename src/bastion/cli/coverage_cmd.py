"""``bastion coverage``: did the hooks run? Each agent's own log against the record.

Exit status 1 when a recorded session shows a tool call Bastion never decided, or an agent
here has hooks that would not run (or none), so it can gate a CI job or a login script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from bastion.cli.options import HomeOption, JsonOption
from bastion.config import Home
from bastion.errors import BastionError
from bastion.inventory.coverage import Coverage, coverage


def coverage_command(
    session: Annotated[
        str | None, typer.Argument(help="One session (id or prefix); default: the latest --limit.")
    ] = None,
    agent: Annotated[str | None, typer.Option(help="Only this agent (e.g. codex).")] = None,
    project_dir: Annotated[
        Path, typer.Option(help="The project whose agent hooks to check too.")
    ] = Path("."),
    limit: Annotated[int, typer.Option(help="How many recent sessions to check.")] = 20,
    hooks: Annotated[bool, typer.Option(help="Check each agent's hooks on this machine.")] = True,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Tool calls that ran without a decision, hooks that would not run, agents with none."""
    from bastion.sensors import registry
    from bastion.store import Store

    name = registry.canonical(agent) if agent else None
    if agent and name is None:
        Console(stderr=True).print(f"unknown agent {agent!r}; supported: {registry.supported()}")
        raise typer.Exit(2)
    h = Home.resolve(home).ensure()
    store = Store(h.database_url)
    try:
        found = coverage(store, session=session, agent=name, project_dir=project_dir.resolve(),
                         limit=limit, hooks=hooks)  # fmt: skip
    except BastionError as exc:
        Console(stderr=True).print(f"[red]error[/]: {escape(str(exc))}")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    if session is not None and not found.sessions:
        Console(stderr=True).print(f"no session {session!r}; `bastion sessions` lists them")
        raise typer.Exit(2)
    if as_json:
        sys.stdout.write(json.dumps(found.to_json(), indent=2) + "\n")
    else:
        render(Console(), found)
    raise typer.Exit(0 if found.ok else 1)


def render(console: Console, found: Coverage) -> None:
    for s in found.sessions:
        head = f"{s.session_id[:12]} {s.agent}: {s.decided} call(s) decided"
        if s.ungoverned:
            console.print(f"[red]{escape(head)}, {len(s.ungoverned)} ran without a decision[/]")
            for u in s.ungoverned:
                console.print(f"  - {escape(u.tool)} {escape(u.call_id)} (log line {u.line})",
                              highlight=False)  # fmt: skip
        elif s.checked:
            console.print(f"[green]{escape(head)}, every call in the agent's log[/]")
        else:
            console.print(f"[yellow]{escape(head)}; not checked: {escape(s.note)}[/]")
    if not found.sessions:
        console.print("no recorded sessions")
    for p in found.hooks:
        console.print(f"[red]{escape(p.agent)}[/] hooks {escape(p.state)}: {escape(p.detail)}",
                      highlight=False, soft_wrap=True)  # fmt: skip
        if p.fix:
            console.print(f"  fix: {escape(p.fix)}", highlight=False)
    console.print("[green]covered[/]" if found.ok else "[red]not covered[/]")
