"""The identity commands on a local Typer app: login, whoami, agents, revoke, grant, keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from bastion.cli.identity_cmd import register
from bastion.config import Home
from bastion.events import Principal, Session
from bastion.identity import IdentityService
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code"
runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    home = tmp_path / "h"
    project = tmp_path / "demo"
    (project / ".git").mkdir(parents=True)
    daemon = IdentityService(Home.resolve(home), host="devbox")
    return {"home": home, "project": project, "daemon": daemon}


def start(setup: dict[str, Any], session_id: str = "sess-0001") -> tuple[str, Any]:
    payload = json.loads((FIXTURES / "SessionStart.json").read_text())
    payload.update(cwd=str(setup["project"]), session_id=session_id)
    ev = CLAUDE_CODE.to_event(payload)
    daemon: IdentityService = setup["daemon"]
    session = Session(
        id=ev.session_id,
        agent=Principal("agent", "claude-code", "claude-code", {"version": "2.1.329"}),
        human=daemon.logins.human(),
        host="devbox",
        cwd=ev.cwd,
        workspace=ev.cwd,
    )
    cred = daemon.on_session_start(session, ev)
    return ev.session_id, cred


def action(setup: dict[str, Any], session_id: str) -> Any:
    payload = json.loads((FIXTURES / "PreToolUse-Bash.json").read_text())
    payload.update(cwd=str(setup["project"]), session_id=session_id)
    return CLAUDE_CODE.to_event(payload)


def run(app: typer.Typer, setup: dict[str, Any], *args: str) -> Any:
    return runner.invoke(app, [*args, "--home", str(setup["home"])])


def test_login_whoami_logout(app: typer.Typer, setup: dict[str, Any]) -> None:
    before = json.loads(run(app, setup, "whoami", "--json").output)
    assert before["attributes"]["source"] == "os"
    out = run(app, setup, "login", "--name", "Dev One", "--role", "dev", "--role", "oncall")
    assert out.exit_code == 0 and "logged in" in out.output
    who = json.loads(run(app, setup, "whoami", "--json").output)
    assert who["attributes"]["source"] == "local"
    assert who["attributes"]["roles"] == ["dev", "oncall"]
    assert who["name"] == "Dev One"
    text = run(app, setup, "whoami").output
    assert "roles: dev, oncall" in text
    assert "logged out" in run(app, setup, "logout").output
    assert json.loads(run(app, setup, "whoami", "--json").output)["attributes"]["source"] == "os"


def test_agents_lists_registered_instances(app: typer.Typer, setup: dict[str, Any]) -> None:
    assert "no agents" in run(app, setup, "agents").output
    _, cred = start(setup)
    rows = json.loads(run(app, setup, "agents", "--json").output)
    assert [(r["id"], r["agent"], r["version"], r["revoked"]) for r in rows] == [
        (cred.agent_instance, "claude-code", "2.1.329", False)
    ]
    assert "claude-code" in run(app, setup, "agents").output


def test_revoke_session_from_the_cli_denies_the_next_action(
    app: typer.Typer, setup: dict[str, Any]
) -> None:
    sid, _ = start(setup)
    daemon: IdentityService = setup["daemon"]
    assert daemon.check(sid, action(setup, sid), [], []).denial is None
    out = run(app, setup, "revoke", "--session", sid[:6], "--reason", "test")
    assert out.exit_code == 0, out.output
    assert "1 known session" in out.output
    assert "revoked" in (daemon.check(sid, action(setup, sid), [], []).denial or "")


def test_revoke_agent_marks_it_and_lift_undoes(app: typer.Typer, setup: dict[str, Any]) -> None:
    sid, cred = start(setup)
    daemon: IdentityService = setup["daemon"]
    assert run(app, setup, "revoke", "--agent", cred.agent_instance).exit_code == 0
    assert "revoked" in run(app, setup, "agents").output
    assert daemon.check(sid, action(setup, sid), [], []).denial
    assert "lifted 1" in run(app, setup, "revoke", "--agent", cred.agent_instance, "--lift").output
    assert daemon.check(sid, action(setup, sid), [], []).denial is None


def test_revoke_human(app: typer.Typer, setup: dict[str, Any]) -> None:
    sid, cred = start(setup)
    out = run(app, setup, "revoke", "--human", cred.human)
    assert out.exit_code == 0 and "1 known session" in out.output
    assert "human" in (setup["daemon"].check(sid, action(setup, sid), [], []).denial or "")


@pytest.mark.parametrize(
    "args",
    [
        ["revoke"],
        ["revoke", "--session", "a", "--human", "b"],
        ["grant", "x"],
        ["grant", "x", "--host", "a.example", "--tool", "Bash"],
    ],
)
def test_usage_errors(app: typer.Typer, setup: dict[str, Any], args: list[str]) -> None:
    out = run(app, setup, *args)
    assert out.exit_code == 2 and "exactly one" in out.output


def test_errors_name_the_problem(app: typer.Typer, setup: dict[str, Any]) -> None:
    out = run(app, setup, "revoke", "--session", "nope")
    assert out.exit_code == 1 and "no session" in out.output
    out = run(app, setup, "grant", "nope", "--host", "a.example")
    assert out.exit_code == 1 and "no session" in out.output
    sid, _ = start(setup)
    out = run(app, setup, "grant", sid, "--host", "*.example")
    assert out.exit_code == 1 and "one host" in out.output


def test_grant_from_the_cli(app: typer.Typer, setup: dict[str, Any]) -> None:
    sid, _ = start(setup)
    out = run(app, setup, "grant", sid, "--host", "pypi.org", "--minutes", "5", "--json")
    assert out.exit_code == 0, out.output
    row = json.loads(out.output)
    assert row["kind"] == "host" and row["value"] == "pypi.org"
    assert row["expires_at"] - row["created"] == 300
    assert row["approved_by"] == setup["daemon"].logins.human().id
    # The grant is an entry of the signed audit log, under the session it widens.
    from bastion.store import Store

    store = Store(Home.resolve(setup["home"]).database_url)
    try:
        logged = [e["data"] for e in store.events(sid) if e["native_name"] == "ControlAction"]
    finally:
        store.close()
    assert [(d["action"], d["value"], d["by"]) for d in logged] == [
        ("grant", "pypi.org", row["approved_by"])
    ]


def test_keys_rotate_and_list(app: typer.Typer, setup: dict[str, Any]) -> None:
    sid, cred = start(setup)
    out = run(app, setup, "keys", "rotate")
    assert out.exit_code == 0 and "new signing key" in out.output
    keys = json.loads(run(app, setup, "keys", "list", "--json").output)
    assert len(keys) == 2
    assert [k["retired"] is None for k in keys].count(True) == 1
    # The daemon keeps verifying the credential the old key signed ...
    daemon: IdentityService = setup["daemon"]
    result = daemon.check(sid, action(setup, sid), [], [])
    assert result.denial is None and result.credential is not None
    assert result.credential.kid == cred.kid
    # ... and signs new ones with the new key.
    _, new = start(setup, "sess-0002")
    assert new.kid != cred.kid
    ops = [e["op"] for e in daemon.registry.lifecycle()]
    assert "keys-rotated" in ops
