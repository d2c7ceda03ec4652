"""Tampering with the whole store is found: witness file, attribution and mode entries.

Each attack is one an agent running as the user could carry out with the log key it
can read in personal mode: the store is rewritten so that rows, leaves, nodes and
checkpoints agree again, and re-signed with the stolen key. Each test first shows that
the store alone now passes (the attack works without a witness) and then that
`bastion audit verify` finds it through the witness file. SQLite only: the witness is a
file beside the store, whatever the backend, and the store rewriting is SQLite's.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bastion.audit.publish import witness_file
from bastion.audit.records import recorded_mode
from bastion.audit.signer import LogSigner
from bastion.cli.audit_cmd import app as audit_app
from bastion.cli.demo import incident_payloads
from bastion.config import Home
from bastion.daemon import build_engine
from bastion.store import Store

runner = CliRunner()


def verify(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(audit_app, ["verify", "--json", *args])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    root = Home.resolve(tmp_path / "h").ensure()
    monkeypatch.setenv("BASTION_HOME", str(root.root))
    monkeypatch.delenv("BASTION_DATABASE_URL", raising=False)
    engine = build_engine(root)
    engine.store.checkpoint_every = 10  # several witnessed checkpoints
    try:
        for session in ("incident-1", "incident-2"):
            for payload in incident_payloads(session):
                engine.handle_payload("claude-code", json.dumps(payload).encode())
        engine.set_mode("incident-2", "ask-everything", "looks odd", "alice")
    finally:
        engine.store.close()  # signs a last checkpoint, witnessed too
    yield root


def rows_of(home: Home) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    store = Store(home.database_url)
    try:
        sessions = store.sessions(1000)
        events = [e for s in sessions for e in store.events(s["id"])]
    finally:
        store.close()
    return sessions, sorted(events, key=lambda e: e["seq"])


def rewrite(home: Home, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> None:
    """Replace the database by a new one holding ``change(events)``, signed with the
    home's (stolen) log key: rows, leaves, nodes and checkpoints all agree."""
    sessions, events = rows_of(home)
    kept = change(events)
    # A thorough attacker also makes each session row agree with the entries kept.
    modes: dict[str, str] = {}
    for e in kept:
        mode = recorded_mode(e["native_name"], e["data"] or {})
        if mode is not None:
            modes[e["session_id"]] = mode
    for suffix in ("", "-wal", "-shm"):
        Path(f"{home.db_path}{suffix}").unlink(missing_ok=True)
    store = Store(home.database_url, signer=LogSigner.for_keys_dir(home.keys_dir))
    try:
        for s in sessions:
            if s["id"] in modes:
                store.upsert_session({**s, "event_count": 0, "mode": modes[s["id"]]})
        store.append_events([({**e}, [], [], {}) for e in kept])
        store.checkpoint()
    finally:
        store.close()


def passes_without_witness(home: Home) -> bool:
    """Whether the rewritten store alone passes verify (the witness file set aside)."""
    path = witness_file(home).path
    aside = path.with_suffix(".aside")
    shutil.move(path, aside)
    try:
        code, _out = verify()
        return code == 0
    finally:
        shutil.move(aside, path)


def test_an_untouched_log_verifies_against_its_witness(home: Home) -> None:
    code, out = verify()
    assert code == 0, out
    assert out["witnessed"] >= 3 and out["witnessed_size"] == out["rows"]
    assert out["warnings"] == []
    lines = witness_file(home).path.read_text().splitlines()
    assert len(lines) == out["witnessed"]
    assert all(json.loads(line)["note"].startswith("bastion.log/") for line in lines)


def test_truncating_the_tail_and_resigning_is_found(home: Home) -> None:
    def drop_tail(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return events[:-5]

    rewrite(home, drop_tail)
    assert passes_without_witness(home)
    code, out = verify()
    assert code == 1
    assert any("entries at the end were deleted" in p for p in out["problems"]), out


def test_deleting_the_denials_and_resigning_is_found(home: Home) -> None:
    """The issue's attack: all denials removed, the log rebuilt and re-signed."""

    def drop_denials(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = [e for e in events if e["decision"] != "deny"]
        assert len(kept) < len(events)
        return kept

    rewrite(home, drop_denials)
    assert passes_without_witness(home)
    code, out = verify()
    assert code == 1
    assert any("was rewritten" in p or "were deleted" in p for p in out["problems"]), out


def test_inserting_an_entry_and_resigning_is_found(home: Home) -> None:
    def insert_one(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        forged = {**events[3], "id": "forged-event", "native_name": "PreToolUse"}
        return [*events[:4], forged, *events[4:]]

    rewrite(home, insert_one)
    assert passes_without_witness(home)
    code, out = verify()
    assert code == 1 and any("was rewritten" in p for p in out["problems"]), out


def test_replacing_the_whole_database_is_found(home: Home) -> None:
    """A fresh store with one harmless session, made under the same key."""
    rewrite(home, lambda events: [e for e in events if e["session_id"] == "incident-1"][:3])
    code, out = verify()
    assert code == 1
    assert any("deleted" in p or "rewritten" in p for p in out["problems"]), out


def test_replacing_database_and_key_is_found(home: Home) -> None:
    """Everything replaced, the key too: the witness pinned the old key."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{home.db_path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(home.keys_dir)
    engine = build_engine(home)
    try:
        for payload in incident_payloads("innocent")[:2]:
            engine.handle_payload("claude-code", json.dumps(payload).encode())
    finally:
        engine.store.close()
    code, out = verify()
    assert code == 1
    assert any("the log key changed" in p for p in out["problems"]), out


def test_a_witness_record_edited_in_place_is_found(home: Home) -> None:
    path = witness_file(home).path
    lines = path.read_text().splitlines()
    record = json.loads(lines[-1])
    record["note"] = record["note"].replace("\n", "\n ", 1)  # not the signed text any more
    lines[-1] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    code, out = verify()
    assert code == 1 and any("witness record" in p for p in out["problems"]), out


def test_a_missing_witness_file_is_a_warning_or_with_require_a_failure(home: Home) -> None:
    witness_file(home).path.unlink()
    code, out = verify()
    assert code == 0 and out["warnings"], out
    code, out = verify("--require-witness")
    assert code == 1, out


def sql(home: Home, statement: str, *params: Any) -> None:
    db = sqlite3.connect(home.db_path)
    try:
        db.execute(statement, params)
        db.commit()
    finally:
        db.close()


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ("UPDATE sessions SET human = 'mallory@example.com' WHERE id = 'incident-1'", "human"),
        ("UPDATE sessions SET agent = 'other-agent' WHERE id = 'incident-1'", "agent"),
        ("UPDATE sessions SET host = 'elsewhere' WHERE id = 'incident-1'", "host"),
        ("UPDATE sessions SET workspace = '/srv/x' WHERE id = 'incident-1'", "workspace"),
        ("UPDATE sessions SET mode = 'normal' WHERE id = 'incident-1'", "mode is"),
        ("UPDATE sessions SET mode = 'normal' WHERE id = 'incident-2'", "mode is"),
        ("UPDATE sessions SET event_count = 3 WHERE id = 'incident-1'", "event_count"),
        ("DELETE FROM sessions WHERE id = 'incident-1'", "row is missing"),
        (
            "INSERT INTO sessions (id, agent, agent_version, human, host, cwd, workspace, "
            "permission_mode, transcript_path, prompt, started_at, last_seen, mode, risk, "
            "event_count, denials) VALUES ('ghost', 'claude-code', '', 'bob', '', '', '', "
            "'', '', '', 1, 1, 'normal', 0, 0, 0)",
            "no attribution entry",
        ),
    ],
)
def test_edits_of_the_sessions_table_are_found(home: Home, statement: str, found: str) -> None:
    assert verify()[0] == 0
    sql(home, statement)
    code, out = verify()
    assert code == 1 and any(found in p for p in out["problems"]), out


def test_the_kill_by_the_pipeline_and_the_mode_set_by_a_human_are_entries(home: Home) -> None:
    _sessions, events = rows_of(home)
    changes = [
        (e["session_id"], e["native_name"], e["data"].get("mode") or e["data"]["raw"]["mode"])
        for e in events
        if e["native_name"] in ("ModeChange", "Containment")
    ]
    assert ("incident-1", "ModeChange", "killed") in changes
    assert ("incident-2", "Containment", "ask-everything") in changes
