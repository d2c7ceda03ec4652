"""``bastion serve``: run the console (REST API, live dashboard, approvals) for one home."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)
app = typer.Typer(help="Run the console.", no_args_is_help=False)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            envvar="BASTION_HOME",
            help="Bastion home whose store and daemon the console serves (default ~/.bastion).",
            show_default=False,
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8700,
    ssl_certfile: Annotated[
        Path | None, typer.Option(help="TLS certificate (PEM); needed off loopback.")
    ] = None,
    ssl_keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM).")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    fleet_db: Annotated[
        str | None,
        typer.Option(help="A fleet control plane's PostgreSQL URL: adds the Fleet page."),
    ] = None,
    fleet_schema: Annotated[
        str, typer.Option(help="The control plane's schema.")
    ] = "bastion_fleet",
) -> None:
    """Serve the console: REST API under /api/v1, the dashboard at /, approvals, containment.

    Create a first user with `bastion console user add NAME --role admin`, or an API token
    with `bastion console token create NAME --role viewer`.
    """
    import uvicorn

    from bastion.config import Home
    from bastion.errors import BastionError
    from bastion.server.app import create_app

    if not _loopback(host) and ssl_certfile is None:
        err.print(
            f"[bold red]error:[/] refusing to serve on {host} without TLS: logins and tokens "
            "would cross the network in clear; give --ssl-certfile and --ssl-keyfile, or "
            "listen on 127.0.0.1 behind a TLS proxy"
        )
        raise typer.Exit(2)
    try:
        fleet = None
        if fleet_db:
            from bastion.store.fleet_plane import FleetTables

            fleet = FleetTables(fleet_db, schema=fleet_schema)
        application = create_app(Home.resolve(home), fleet=fleet)
    except BastionError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    from bastion.server import console_file

    scheme = "https" if ssl_certfile else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"{scheme}://{shown}:{port}"
    err.print(f"Bastion console on {url}/ (API: /api/v1, Ctrl-C stops)")
    root = Home.resolve(home).ensure().root
    # Announced so the daemon sends asks here for approval and `bastion status` finds it.
    console_file.announce(root, url)
    try:
        uvicorn.run(
            application,
            host=host,
            port=port,
            log_level=log_level,
            ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
            ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
            proxy_headers=False,
            server_header=False,
        )
    finally:
        console_file.withdraw(root)


if __name__ == "__main__":  # `bastion up --with-console` starts the console this way
    app()
