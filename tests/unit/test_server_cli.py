"""``bastion console`` (users, tokens) and ``bastion serve`` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bastion.cli.console_cmd import app as console_app
from bastion.cli.serve_cmd import serve
from bastion.server.app import create_app


def cli() -> typer.Typer:
    """The two commands mounted as the main CLI will mount them."""
    root = typer.Typer()
    root.add_typer(console_app, name="console")
    root.command("serve")(serve)
    return root


def test_user_add_and_token_create(home: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(
        cli(),
        [
            "console",
            "user",
            "add",
            "alice",
            "--role",
            "admin",
            "--password-stdin",
            "--home",
            str(home),
        ],
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    again = runner.invoke(
        cli(),
        ["console", "user", "add", "alice", "--password-stdin", "--home", str(home)],
        input="a long enough password\n",
    )
    assert again.exit_code == 1 and "already exists" in again.output
    short = runner.invoke(
        cli(),
        ["console", "user", "add", "bob", "--password-stdin", "--home", str(home)],
        input="short\n",
    )
    assert short.exit_code == 1
    bad_role = runner.invoke(
        cli(),
        ["console", "token", "create", "ci", "--role", "root", "--home", str(home)],
    )
    assert bad_role.exit_code == 1 and "unknown role" in bad_role.output
    made = runner.invoke(
        cli(), ["console", "token", "create", "ci", "--role", "viewer", "--home", str(home)]
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("bst_") and len(token) > 40
    listed = runner.invoke(cli(), ["console", "token", "list", "--home", str(home)])
    assert token not in listed.output and "ci" in listed.output
    with TestClient(create_app(home)) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me == {"name": "ci", "role": "viewer", "kind": "token"}
    revoked = runner.invoke(cli(), ["console", "token", "revoke", "1", "--home", str(home)])
    assert revoked.exit_code == 0
    users = runner.invoke(cli(), ["console", "user", "list", "--home", str(home)])
    assert "alice" in users.output and "admin" in users.output


def test_serve_refuses_a_network_address_without_tls(home: Path) -> None:
    answer = CliRunner().invoke(cli(), ["serve", "--home", str(home), "--host", "0.0.0.0"])
    assert answer.exit_code == 2 and "without TLS" in answer.output
