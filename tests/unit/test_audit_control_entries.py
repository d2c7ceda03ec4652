"""What people and the guard change is in the signed log: console actions, kills without a
daemon, grants, the configuration in force, refusals; and the refusal journal's replay."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_server_support import ConsoleWorld, make_world
from typer.testing import CliRunner

from bastion.audit.journal import RefusalJournal, refusal_entry, refusal_row
from bastion.audit.records import CONFIGURATION, CONTROL_SESSION, JOURNALED_REFUSAL
from bastion.cli.audit_cmd import app as audit_app
from bastion.config import Home
from bastion.daemon import build_engine
from bastion.store import Store

runner = CliRunner()


def verify(home: Home) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(audit_app, ["verify", "--json", "--home", str(home.root)])
    return result.exit_code, json.loads(result.stdout)


def entries(home: Home, session_id: str, name: str | None = None) -> list[dict[str, Any]]:
    store = Store(home.database_url)
    try:
        rows = store.events(session_id)
    finally:
        store.close()
    return [r for r in rows if name is None or r["native_name"] == name]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[ConsoleWorld]:
    yield from make_world(tmp_path)


def test_a_console_kill_without_a_daemon_reaches_the_log(world: ConsoleWorld) -> None:
    path = f"/api/v1/sessions/{world.session_id}/containment"
    headers = world.bearer("responder")
    # Kill, release, kill: whatever mode the incident left, the last two are changes.
    world.client.post(path, json={"action": "kill"}, headers=headers)
    released = world.client.post(path, json={"action": "release"}, headers=headers).json()
    assert released["delivered"] == "store" and released["mode"] == "normal"
    killed = world.client.post(path, json={"action": "kill", "reason": "exfil"}, headers=headers)
    assert killed.json()["mode"] == "killed"
    # The one containment path (bastion.daemon.containment) ran here, with no daemon:
    # the console's release and kill are Containment events naming who pressed them, and
    # the kernel's word on who asked (this process).
    changes = [
        (e["data"]["raw"]["mode"], e["data"]["raw"]["by"], e["data"]["raw"]["caller"]["uid"])
        for e in entries(world.home, world.session_id, "Containment")
    ]
    assert changes[-2:] == [
        ("normal", "token:responder-token", os.getuid()),
        ("killed", "token:responder-token", os.getuid()),
    ]
    actions = [
        (e["data"]["action"], e["data"]["by"], e["data"]["target"])
        for e in entries(world.home, CONTROL_SESSION, "ControlAction")
    ]
    assert ("console.containment.kill", "token:responder-token", world.session_id) in actions
    assert ("console.containment.release", "token:responder-token", world.session_id) in actions
    code, out = verify(world.home)
    assert code == 0, out["problems"]


def test_policy_writes_in_the_console_are_log_entries(world: ConsoleWorld) -> None:
    text = (
        '@id("org.no-gem-push")\nforbid (principal, action, resource)\n'
        'when { context.tool == "gem-push" };\n'
    )
    answer = world.client.put(
        "/api/v1/policies/org/extra.cedar", json={"text": text}, headers=world.bearer("admin")
    )
    assert answer.status_code == 200, answer.text
    actions = [e["data"] for e in entries(world.home, CONTROL_SESSION, "ControlAction")]
    assert any(
        a["action"] == "console.policy.write" and a["target"] == "extra.cedar" for a in actions
    )


def test_configuration_changes_are_entries_with_their_hashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BASTION_DATABASE_URL", raising=False)
    home = Home.resolve(tmp_path / "h").ensure()
    for _ in range(2):  # two starts with the same configuration: one entry
        build_engine(home).store.close()
    home.config_path.write_text('profile = "observe"\n')
    build_engine(home).store.close()
    configs = [e["data"] for e in entries(home, CONTROL_SESSION, CONFIGURATION)]
    assert [c["profile"] for c in configs] == ["balanced", "observe"]
    assert configs[0]["config_hash"] == "none" and len(configs[1]["config_hash"]) == 16
    assert all(len(c["policy_hash"]) == 16 for c in configs)


def test_a_malformed_payload_refusal_is_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BASTION_DATABASE_URL", raising=False)
    home = Home.resolve(tmp_path / "h").ensure()
    engine = build_engine(home)
    try:
        reply = engine.handle_payload("claude-code", b'{"session_id": "s9", "tool_input": ')
        assert reply.exit_code != 0 or "deny" in reply.stdout
    finally:
        engine.store.close()
    logged = entries(home, CONTROL_SESSION, JOURNALED_REFUSAL)
    assert len(logged) == 1 and logged[0]["decision"] == "deny"
    assert "not valid JSON" in logged[0]["data"]["refusal"]["reason"]


def test_the_journal_replay_is_idempotent_and_skips_a_torn_line(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    journal = RefusalJournal(tmp_path / "journal" / "refusals.jsonl")
    payload = json.dumps(
        {
            "session_id": "s1",
            "tool_name": "Bash",
            "tool_use_id": "t1",
            "tool_input": {"command": "echo AKIAQ3EGRTY5WXYZ2BCD"},
        }
    ).encode()
    first, second = (
        refusal_entry("claude-code", payload, "store down", "OperationalError") for _ in range(2)
    )
    journal.append(first)
    journal.append(second)
    assert "AKIAQ3EGRTY5WXYZ2BCD" not in journal.path.read_text()  # redacted on disk
    # A crash after the store committed the first but before the journal was emptied.
    store.append_control(refusal_row(first))
    with journal.path.open("ab") as f:
        f.write(b'{"id": "torn')  # an append cut short: never acknowledged
    try:
        assert journal.replay(store) == 1
        assert not journal.pending() and journal.replay(store) == 0
        logged = [e for e in store.events("s1") if e["native_name"] == JOURNALED_REFUSAL]
        assert sorted(e["id"] for e in logged) == sorted([first["id"], second["id"]])
        assert {e["tool"] for e in logged} == {"Bash"}
    finally:
        store.close()


def test_a_refusal_while_no_engine_can_start_is_logged_once_the_store_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook's in-process fallback with the store unreachable (nothing listens on the
    port): building the engine fails, the call is journaled as decide_once does, and the
    next engine that starts logs it."""
    from bastion.audit.journal import journal_unavailable

    home = Home.resolve(tmp_path / "h").ensure()
    monkeypatch.setenv("BASTION_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    payload = json.dumps({"session_id": "s7", "tool_name": "Bash", "tool_use_id": "t7"}).encode()
    with pytest.raises(Exception, match="cannot open the store") as failed:
        build_engine(home)
    journal_unavailable(home.root, "claude-code", payload, failed.value)
    assert RefusalJournal.for_home(home.root).pending()
    monkeypatch.delenv("BASTION_DATABASE_URL")
    build_engine(home).store.close()
    assert not RefusalJournal.for_home(home.root).pending()
    logged = entries(home, "s7", JOURNALED_REFUSAL)
    assert [(e["tool_use_id"], e["decision"]) for e in logged] == [("t7", "deny")]


def test_sessions_of_an_older_log_are_held_to_their_session_start() -> None:
    from bastion.audit.records import judge_sessions

    start = {
        "kind": "session_start",
        "principals": {
            "human": {"id": "alice@host"},
            "agent": {"id": "claude-code"},
            "host": "host",
            "workspace": "/w",
        },
    }
    row = {"id": "old", "agent": "claude-code", "human": "alice@host", "host": "host"}
    row |= {"workspace": "/w", "mode": "killed", "event_count": 1}
    entries_ = [("old", "SessionStart", start)]
    assert judge_sessions([row], entries_, {"old": 1}) == []
    edited = judge_sessions([{**row, "human": "mallory"}], entries_, {"old": 1})
    assert len(edited) == 1 and "column human" in edited[0]
    assert "no attribution entry" in judge_sessions([row], [], {"old": 1})[0]


def test_the_hook_fallback_journals_a_call_no_engine_could_decide(tmp_path: Path) -> None:
    """The in-process fallback cannot build an engine (its store is unreachable): the call
    is refused and waits in the journal, redacted, for the next engine to log it."""
    from bastion.daemon import EngineUnavailable, decide_once

    home = Home.resolve(tmp_path / "h").ensure()
    # Port 9 on loopback: nothing listens, so the store cannot be opened.
    home.config_path.write_text(
        'database_url = "postgresql+psycopg://u:pw-not-real@127.0.0.1:9/x?connect_timeout=1"\n'
    )
    payload = json.dumps(
        {"session_id": "s-out", "hook_event_name": "PreToolUse", "tool_name": "Bash",
         "tool_input": {"command": "ls"}, "tool_use_id": "t-1", "cwd": "/w"}
    ).encode()  # fmt: skip
    with pytest.raises(EngineUnavailable) as raised:
        decide_once(str(home.root), "claude-code", payload)
    assert "pw-not-real" not in str(raised.value)
    journal = RefusalJournal.for_home(home.root)
    assert journal.pending()
    text = journal.path.read_text()
    assert '"tool_use_id": "t-1"' in text.replace('":"', '": "') and "pw-not-real" not in text
