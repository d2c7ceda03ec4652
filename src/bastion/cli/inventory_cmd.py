"""``bastion inventory``: the coding agents and MCP servers on this machine, governed or not."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bastion.cli.options import JsonOption
from bastion.inventory import Inventory, take_inventory

_STATE = {
    "governed": "[green]governed[/]",
    "not-fail-closed": "[yellow]wired, fails open[/]",
    "disabled": "[red]wired, switched off[/]",
    "unsupported": "[yellow]wired, no sensor[/]",
    "other-hooks": "other hooks only",
    "none": "[dim]none[/]",
}


def inventory(
    project_dir: Annotated[
        Path,
        typer.Option(
            help="Project whose agent files to read too (default: the current directory)."
        ),
    ] = Path("."),
    user_home: Annotated[
        Path | None,
        typer.Option(help="Whose agent files to read (default: yours).", show_default=False),
    ] = None,
    versions: Annotated[bool, typer.Option(help="Run each installed agent's --version.")] = True,
    as_json: JsonOption = False,
) -> None:
    """List the coding agents installed or configured here, their hooks and MCP servers.

    Governed means: our hook on the agent's pre-tool event, failing closed, not switched off.
    Each agent and MCP server that is not governed comes with the command that would govern it.
    Exit status: 0 when every agent found is governed, 1 otherwise.
    """
    found = take_inventory(user_home, project_dir, run_versions=versions)
    if as_json:
        sys.stdout.write(json.dumps(found.to_json(), indent=2) + "\n")
    else:
        render(Console(), found)
    ungoverned = [a for a in found.agents if a.configured and not a.governed]
    raise typer.Exit(1 if ungoverned else 0)


def render(console: Console, found: Inventory) -> None:
    table = Table(title="Coding agents", title_justify="left")
    for column in ("agent", "installed", "hooks", "MCP servers", "to govern"):
        table.add_column(column)
    for a in found.agents:
        if not a.configured:
            continue
        installed = f"{a.version or 'yes'}" if a.installed else "[dim]no (files only)[/]"
        mcp = f"{sum(s.governed for s in a.mcp_servers)}/{len(a.mcp_servers)} governed"
        table.add_row(
            a.agent, installed, _STATE.get(a.hook_state, a.hook_state),
            mcp if a.mcp_servers else "[dim]-[/]", escape(a.govern_command) or "[green]-[/]",
        )  # fmt: skip
    if table.row_count:
        console.print(table)
    else:
        console.print("No coding agent found (installed or configured) for this user and project.")
    servers = [(a.agent, s) for a in found.agents for s in a.mcp_servers]
    if servers:
        mcp_table = Table(title="MCP servers", title_justify="left")
        for column in ("agent", "server", "transport", "target", "governed", "source"):
            mcp_table.add_column(column)
        for agent, s in servers:
            mcp_table.add_row(
                agent, escape(s.name), s.transport, escape(s.target[:60]),
                "[green]yes[/]" if s.governed else "[red]no[/]", escape(s.source),
            )  # fmt: skip
        console.print(mcp_table)
    for a in found.agents:
        for note in a.notes:
            console.print(f"[yellow]{a.agent}[/]: {escape(note)}", soft_wrap=True)
    missing = [a.agent for a in found.agents if not a.configured]
    if missing:
        console.print(f"[dim]Not found: {', '.join(missing)}[/]")
