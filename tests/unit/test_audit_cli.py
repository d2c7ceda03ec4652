"""``bastion audit`` end to end through the real engine: verify, checkpoint, cosign, export,
verify-bundle, transcript and search, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from test_store_support import backend_url, event_row, session_row
from typer.testing import CliRunner

from bastion.audit import generate_signing_key, save_private_key, verifier_key
from bastion.audit.bundle import file_diff, verify_bundle
from bastion.audit.records import attribution_row
from bastion.audit.signer import LogSigner
from bastion.cli.audit_cmd import app as audit_app
from bastion.config import Home
from bastion.daemon import build_engine
from bastion.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "integration" / "fixtures"
SESSION_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code" / "sessions"

cli = typer.Typer()
cli.add_typer(audit_app, name="audit")
runner = CliRunner()


@pytest.fixture(params=["sqlite", "postgresql"])
def home(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    for url in backend_url(request, tmp_path):
        monkeypatch.setenv("BASTION_DATABASE_URL", url)
        root = tmp_path / "h"
        monkeypatch.setenv("BASTION_HOME", str(root))
        yield root


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["audit", *args])
    return result.exit_code, result.output


def replay(home: Path, payloads: list[bytes]) -> None:
    engine = build_engine(Home.resolve(home).ensure())
    try:
        for payload in payloads:
            engine.handle_payload("claude-code", payload)
    finally:
        engine.store.close()


def lines(path: Path) -> list[bytes]:
    return [line for line in path.read_bytes().splitlines() if line.strip()]


def test_verify_checkpoint_cosign_export_and_bundle(home: Path, tmp_path: Path) -> None:
    replay(home, lines(SESSION_FIXTURES / "tools.jsonl"))
    code, out = run("verify")
    assert code == 0, out
    code, out = run("checkpoint", "--json")
    # 37 events, the session's attribution entry and the configuration in force.
    assert code == 0 and json.loads(out)["size"] == 39
    # An auditor cosigns; verify can then require the auditor's signature.
    auditor = generate_signing_key()
    save_private_key(auditor, tmp_path / "auditor.pem")
    code, out = run("cosign", "--key", str(tmp_path / "auditor.pem"), "--name", "auditor.example")
    assert code == 0, out
    vkey = verifier_key("auditor.example", auditor)
    code, out = run("verify", "--key", vkey, "--require", "auditor.example")
    assert code == 0, out
    # Export a session and check it offline.
    bundle_path = tmp_path / "bundle.json"
    code, out = run("export", "b94b83a9", "--out", str(bundle_path))
    assert code == 0, out
    bundle = json.loads(bundle_path.read_text())
    log_key = (home / "keys" / "audit-log.vkey").read_text().strip()
    code, out = run("verify-bundle", str(bundle_path), "--key", log_key)
    assert code == 0, out
    chain = bundle["chain"]
    assert chain["prompts"][0]["prompt"] == "Rename the greeting to world and write notes."
    assert [a["tool"] for a in chain["actions"] if a["kind"] == "action"][:3] == [
        "Read",
        "Edit",
        "Write",
    ]
    assert all(a["decision"] in ("allow", "ask", "deny") for a in chain["actions"])
    diffs = {d["path"].rsplit("/", 1)[-1]: d for d in chain["diffs"]}
    assert "-    return 'hello'" in diffs["app.py"]["diff"]
    assert "+    return 'world'" in diffs["app.py"]["diff"]
    assert diffs["notes.txt"]["created"] and "+todo: ship it" in diffs["notes.txt"]["diff"]
    assert len(bundle["entries"]) == 38

    # Any edit is caught and named.
    def tampered(change) -> str:  # type: ignore[no-untyped-def]
        copy = json.loads(json.dumps(bundle))
        change(copy)
        report = verify_bundle(copy, [log_key])
        assert not report.ok
        return report.error

    def edit_entry(b: dict) -> None:
        b["entries"][4]["entry"] = b["entries"][4]["entry"].replace('"allow"', '"deny"', 1)

    assert tampered(edit_entry).startswith("entries[4]")
    assert "chain.actions[1]" in tampered(
        lambda b: b["chain"]["actions"][1].update(reasons=["forged"])
    )
    assert "entries[2]" in tampered(lambda b: b["entries"][2]["proof"].pop())
    assert tampered(lambda b: b.update(checkpoint=b["checkpoint"].replace("\n39\n", "\n40\n")))
    other = verifier_key("bastion.log/0000000000000000", generate_signing_key())
    assert verify_bundle(bundle, [other]).error.startswith("checkpoint")
    code, out = run("verify-bundle", str(bundle_path), "--key", other)
    assert code == 1 and "checkpoint" in out


def test_transcript_finds_unchecked_actions(home: Path) -> None:
    payloads = lines(FIXTURES / "transcript-tools-hooks.jsonl")
    skipped = None
    kept = []
    for raw in payloads:
        p = json.loads(raw)
        if skipped is None and p["hook_event_name"] == "PreToolUse" and p["tool_name"] == "Write":
            skipped = p["tool_use_id"]  # the hook never saw this call
            continue
        kept.append(raw)
    replay(home, kept)
    session = json.loads(payloads[0])["session_id"]
    transcript = FIXTURES / "transcript-tools.jsonl"
    code, out = run("transcript", session, "--path", str(transcript), "--json")
    assert code == 1
    found = json.loads(out)
    assert [f["evidence"]["tool_use_id"] for f in found] == [skipped]
    assert found[0]["kind"] == "unchecked-action"
    # Recorded in the log, and searchable.
    code, out = run("search", "--finding", "unchecked-action", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    code, out = run("verify")
    assert code == 0, out


def test_search_options(home: Path) -> None:
    replay(home, lines(SESSION_FIXTURES / "tools.jsonl"))
    code, out = run("search", "--tool", "Bash", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and {r["tool"] for r in rows} == {"Bash"}
    code, out = run("search", "--verdict", "allow", "--since", "2000-01-01T00:00:00Z", "--json")
    assert code == 0 and {r["decision"] for r in json.loads(out)} == {"allow"}
    code, out = run("search", "--until", "2000-01-01", "--json")
    assert json.loads(out) == []
    code, _ = run("search", "--verdict", "maybe")
    assert code == 2
    code, out = run("search", "--session", "b94b83a9")
    assert code == 0 and "Bash" in out


def test_file_diff_of_an_edit_without_the_original_file() -> None:
    diff = file_diff(
        "Edit", {"file_path": "/a.py", "old_string": "x = 1", "new_string": "x = 2"}, None
    )
    assert diff is not None and "-x = 1" in diff["diff"] and "+x = 2" in diff["diff"]
    assert file_diff("Bash", {}, None) is None


def sqlite_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: int) -> Home:
    """A home on its own SQLite store holding ``events`` events, signed at close."""
    root = Home.resolve(tmp_path / "h").ensure()
    monkeypatch.setenv("BASTION_HOME", str(root.root))
    monkeypatch.delenv("BASTION_DATABASE_URL", raising=False)
    store = Store(root.database_url, signer=LogSigner.for_keys_dir(root.keys_dir))
    with store.transaction():
        store.upsert_session(session_row("s0"))
        store.append_event(attribution_row(session_row("s0"), "normal"), [], [], {})
    append(store, range(events))
    store.close()
    return root


def append(store: Store, numbers: range) -> None:
    store.append_events([(event_row(i, "s0"), [], [], {"last_seen": 1.0}) for i in numbers])


def test_a_damaged_store_cannot_be_verified_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sqlite_home(tmp_path, monkeypatch, 400)
    assert run("verify")[0] == 0
    size = root.db_path.stat().st_size
    with root.db_path.open("r+b") as db:  # pages past the header overwritten: a bad disk
        db.seek(size // 3)
        db.write(b"\xff" * (size - size // 3))
    code, out = run("verify")
    assert code == 2, out  # not 0, and not 1 (a mismatch it could name): it cannot tell
    assert "malformed" in out and "Traceback" not in out


def test_a_store_that_fails_mid_read_cannot_be_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    root = sqlite_home(tmp_path, monkeypatch, 10)
    # The store opens, but reading the events fails (as a bad sector under them would).
    db = sqlite3.connect(root.db_path)
    db.executescript(
        "ALTER TABLE events RENAME TO events_kept;"
        "CREATE VIEW events AS SELECT *, no_such_function(seq) AS broken FROM events_kept;"
    )
    db.close()
    code, out = run("verify", "--json")
    assert code == 2, out
    assert "cannot verify" in out and "no_such_function" in out and "Traceback" not in out
    result = runner.invoke(cli, ["audit", "verify", "--json"])
    report = json.loads(result.stdout)  # scripts get JSON on stdout, the message on stderr
    assert report["ok"] is False and "no_such_function" in report["error"]


def test_entries_newer_than_the_latest_checkpoint_are_pointed_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sqlite_home(tmp_path, monkeypatch, 10)  # closed with a checkpoint of 11
    unsigned = Store(root.database_url)  # no key: appends, signs nothing
    append(unsigned, range(10, 15))
    unsigned.close()
    code, out = run("verify")
    assert code == 0, out
    assert "entries 11..15 are newer than the latest checkpoint" in out  # 1: attribution
    assert json.loads(run("verify", "--json")[1])["unsigned"] == 5
    assert run("checkpoint", "--new")[0] == 0
    code, out = run("verify")
    assert code == 0 and "not signed yet" not in out


def test_payloads_with_nul_and_long_identifiers_are_recorded_and_verify(home: Path) -> None:
    # Through the real engine, on SQLite and PostgreSQL: nothing an agent sends is lost.
    sid = "nul-" + "s" * 300
    base = {"session_id": sid, "cwd": "/tmp", "transcript_path": "/tmp/none.jsonl"}
    payloads = [
        base | {"hook_event_name": "SessionStart", "source": "startup"},
        base | {"hook_event_name": "UserPromptSubmit", "prompt": "read\x00this"},
        base
        | {
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": {"command": "cat /bin/true"},
            "tool_use_id": "toolu_nul_1",
        },
        base
        | {
            "hook_event_name": "PostToolUse",
            "tool_name": "Bash",
            "tool_input": {"command": "cat /bin/true"},
            "tool_response": {"stdout": "\x7fELF\x02\x01\x01\x00\x00\x00", "stderr": ""},
            "tool_use_id": "toolu_nul_1",
        },
        base
        | {
            "hook_event_name": "PreToolUse",
            "tool_name": "Ba\x00sh" + "T" * 300,
            "tool_input": {},
            "tool_use_id": "u" * 300,
        },
    ]
    replay(home, [json.dumps(p).encode() for p in payloads])
    code, out = run("search", "--session", sid, "--json")
    assert code == 0, out
    found = json.loads(out)
    assert found[0]["native_name"] == "SessionAttribution"
    assert len(found) == len(payloads) + 1  # every payload and the session's attribution
    code, out = run("verify")
    assert code == 0, out
