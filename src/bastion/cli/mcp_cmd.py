"""``bastion mcp-proxy``: run one MCP server behind the gateway (stdio or streamable HTTP)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from bastion.cli.options import HomeOption
from bastion.config import Home


def mcp_proxy(
    command: Annotated[
        list[str] | None,
        typer.Argument(
            help="The server's command line, after `--` (stdio mode).", show_default=False
        ),
    ] = None,
    name: Annotated[
        str,
        typer.Option(
            help="The server's name as the agent configures it (tools are "
            "recorded under this name)."
        ),
    ] = "",
    http: Annotated[
        str, typer.Option("--http", help="Front a streamable-HTTP server at this URL.")
    ] = "",
    listen: Annotated[
        str, typer.Option(help="(--http) Where the gateway listens, HOST:PORT (loopback).")
    ] = "127.0.0.1:0",
    home: HomeOption = None,
    daemon_uid: Annotated[
        int | None,
        typer.Option(
            help="Trust only a daemon running as this uid (system mode).", show_default=False
        ),
    ] = None,
    socket: Annotated[
        str, typer.Option(help="The daemon's socket, when not in the home (system mode).")
    ] = "",
    no_policy_filter: Annotated[
        bool, typer.Option(help="List tools policy forbids too (calls are still decided).")
    ] = False,
) -> None:
    """Govern one MCP server: pin and clean its tools, decide every tools/call, inspect results.

    stdio:  bastion mcp-proxy --name files -- npx -y @modelcontextprotocol/server-filesystem .
    HTTP:   bastion mcp-proxy --name api --http https://mcp.example/mcp --listen 127.0.0.1:8931
    """
    from bastion.gateway import build as buildmod
    from bastion.gateway.core import ServerInfo

    if bool(http) == bool(command):
        raise typer.BadParameter("give either a server command after `--` or --http URL")
    target = http or shlex.join(command or [])
    server = ServerInfo(
        name=name or _default_name(command, http), target=target,
        transport="http" if http else "stdio",
    )  # fmt: skip
    h = Home.resolve(home, socket=socket or None)
    try:
        gateway = buildmod.build(
            h, server, daemon_uid=daemon_uid, filter_by_policy=not no_policy_filter
        )
    except buildmod.SystemModeUnsupported as exc:
        typer.echo(f"Bastion: {exc}", err=True)
        raise typer.Exit(2) from None
    if http:
        from bastion.gateway.http import serve

        host, _, port = listen.rpartition(":")
        serve(gateway, http, host or "127.0.0.1", int(port or 0))
        return
    from bastion.gateway.stdio import main_stdio

    raise typer.Exit(main_stdio(gateway, list(command or [])))


def _default_name(command: list[str] | None, url: str) -> str:
    import re
    from urllib.parse import urlsplit

    word = (urlsplit(url).hostname or "http") if url else Path((command or ["server"])[0]).name
    return re.sub(r"[^A-Za-z0-9_-]+", "-", word).strip("-") or "server"
