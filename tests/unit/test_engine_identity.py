"""The identity stage inside the real engine (as the daemon builds it): credentials checked on
every event, revocation on the very next one, brokered secrets only in the reply."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bastion.config import Home
from bastion.daemon import build_engine
from bastion.engine import Engine
from bastion.events import Decision
from bastion.identity import IdentityService

FAKE_TOKEN = "tok_FAKE_0123456789abcdefFAKE"


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    home = Home.resolve(tmp_path / "h").ensure()
    (home.root / "secrets.toml").write_text(
        "[secrets.API_TOKEN]\n"
        'env = "BASTION_TEST_FAKE_API_TOKEN"\n'
        'hosts = ["api.approved.example"]\n'
    )
    monkeypatch.setenv("BASTION_TEST_FAKE_API_TOKEN", FAKE_TOKEN)
    workspace = tmp_path / "ws"
    workspace.mkdir()
    engine = build_engine(home)
    yield engine, home, workspace
    engine.store.close()


def send(engine: Engine, ws: Path, name: str, **fields: Any) -> Any:
    from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE

    sensor = CLAUDE_CODE
    data = {
        "session_id": "id-1",
        "transcript_path": str(ws / "t.jsonl"),
        "cwd": str(ws),
        "permission_mode": "default",
        "hook_event_name": name,
        **fields,
    }
    event = sensor.to_event(data)
    verdict = engine.process(event)
    return verdict, sensor.reply(event, verdict)


def bash(command: str) -> dict[str, Any]:
    return {
        "tool_name": "Bash",
        "tool_use_id": "t1",
        "tool_input": {"command": command, "description": ""},
    }


def test_revocation_takes_effect_on_the_next_event(setup) -> None:  # type: ignore[no-untyped-def]
    engine, home, ws = setup
    send(engine, ws, "SessionStart", source="startup")
    assert send(engine, ws, "PreToolUse", **bash("ls"))[0].decision is Decision.ALLOW
    IdentityService(home).admin.revoke("session", "id-1", by="responder", reason="laptop stolen")
    verdict, _ = send(engine, ws, "PreToolUse", **bash("ls"))
    assert verdict.decision is Decision.DENY
    assert "identity.credential" in verdict.policies
    assert "revoked" in verdict.reasons[0]


def test_brokered_secret_reaches_only_the_reply(setup) -> None:  # type: ignore[no-untyped-def]
    engine, home, ws = setup
    send(engine, ws, "SessionStart", source="startup")
    command = (
        'curl -s -H "Authorization: Bearer {{secret:API_TOKEN}}" https://api.approved.example/v1'
    )
    verdict, reply = send(engine, ws, "PreToolUse", **bash(command))
    assert verdict.decision is Decision.ALLOW
    out = json.loads(reply.stdout)["hookSpecificOutput"]
    assert FAKE_TOKEN in out["updatedInput"]["command"]
    assert FAKE_TOKEN not in json.dumps(verdict.to_dict())
    refused, _ = send(
        engine,
        ws,
        "PreToolUse",
        **bash('curl -H "X: {{secret:API_TOKEN}}" https://elsewhere.example/'),
    )
    assert refused.decision is Decision.DENY and refused.policies == ["identity.broker"]
    assert "may only go to" in refused.reasons[0] and len(refused.reasons) == 1
    # the value comes back in the output: it is scrubbed before anything records it
    send(
        engine,
        ws,
        "PostToolUse",
        **bash(command),
        tool_response={"stdout": f"echo {FAKE_TOKEN}", "stderr": ""},
    )
    engine.store.close()
    for path in home.root.rglob("*"):
        if path.is_file():
            assert FAKE_TOKEN.encode() not in path.read_bytes(), path


def test_bypass_permissions_is_a_weakened_guard(setup) -> None:  # type: ignore[no-untyped-def]
    engine, _home, ws = setup
    send(engine, ws, "SessionStart", source="startup", permission_mode="bypassPermissions")
    verdict, _ = send(engine, ws, "PreToolUse", permission_mode="bypassPermissions", **bash("ls"))
    assert any("guard" in f.kind for f in verdict.findings), verdict.findings
