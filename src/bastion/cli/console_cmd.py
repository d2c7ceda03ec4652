"""``bastion console``: the console's users and API tokens, from a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from bastion.cli.options import HomeOption

if TYPE_CHECKING:
    from bastion.store import Engine

app = typer.Typer(help="Console users and API tokens.", no_args_is_help=True)
user_app = typer.Typer(help="Console users (browser logins).", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts and integrations.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
out = Console()
err = Console(stderr=True)

RoleOption = Annotated[str, typer.Option(help="viewer, responder or admin.")]


def _engine(home: Path | None) -> Engine:
    from bastion.config import Home
    from bastion.store import Store

    h = Home.resolve(home).ensure()
    return Store(h.database_url).engine  # opening a store migrates it, console tables too


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(1)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: RoleOption = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    home: HomeOption = None,
) -> None:
    """Add a console user; the password is prompted for (or read with --password-stdin)."""
    from bastion.server import auth

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        auth.add_user(_engine(home), name, auth.check_role(role), password)
    except auth.ConsoleAuthError as exc:
        raise _fail(str(exc)) from exc
    out.print(f"user [bold]{name}[/] added with role {role}")


@user_app.command("list")
def user_list(home: HomeOption = None) -> None:
    """List console users."""
    from bastion.server import auth

    table = Table("name", "role", "disabled")
    for u in auth.list_users(_engine(home)):
        table.add_row(u["name"], u["role"], "yes" if u["disabled"] else "")
    out.print(table)


@user_app.command("remove")
def user_remove(name: str, home: HomeOption = None) -> None:
    """Remove a console user and end their logins."""
    from bastion.server import auth

    try:
        auth.remove_user(_engine(home), name)
    except auth.ConsoleAuthError as exc:
        raise _fail(str(exc)) from exc
    out.print(f"user {name} removed")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="What the token is for.")],
    role: RoleOption = "viewer",
    home: HomeOption = None,
) -> None:
    """Create an API token; it is printed once (stdout) and stored only as its SHA-256."""
    from bastion.server import auth

    try:
        from bastion.cli.person import person
        from bastion.config import Home

        by = person(Home.resolve(home))
        token_id, token = auth.create_token(_engine(home), name, auth.check_role(role), by)
    except auth.ConsoleAuthError as exc:
        raise _fail(str(exc)) from exc
    err.print(f"token {token_id} ({name}, {role}); it is not shown again:")
    sys.stdout.write(token + "\n")


@token_app.command("list")
def token_list(home: HomeOption = None) -> None:
    """List API tokens (never their values)."""
    from bastion.server import auth

    table = Table("id", "name", "role", "prefix", "state")
    for t in auth.list_tokens(_engine(home)):
        state = "revoked" if t["revoked_at"] else "active"
        table.add_row(str(t["id"]), t["name"], t["role"], t["prefix"] + "…", state)
    out.print(table)


@token_app.command("revoke")
def token_revoke(token_id: int, home: HomeOption = None) -> None:
    """Revoke an API token."""
    from bastion.server import auth

    if not auth.revoke_token(_engine(home), token_id):
        raise _fail(f"no live token {token_id}")
    out.print(f"token {token_id} revoked")
