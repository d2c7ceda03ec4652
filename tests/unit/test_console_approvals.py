"""An ask waits for a person in the console: approve, deny, or no answer (deny), through the
real daemon and the real hook process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bastion.server import approvals

BIN = Path(sys.executable).parent
ASKING = {  # sudo asks under the balanced profile
    "session_id": "appr-1",
    "transcript_path": "/home/dev/.claude/projects/x/appr-1.jsonl",
    "cwd": "/home/dev/src/app",
    "permission_mode": "default",
    "hook_event_name": "PreToolUse",
    "tool_name": "Bash",
    "tool_input": {"command": "sudo journalctl -u nginx -n 20", "description": "read logs"},
    "tool_use_id": "toolu_appr",
}


@pytest.fixture
def daemon(home: Path):  # type: ignore[no-untyped-def]
    (home / "config.toml").write_text("[console]\napprovals = true\napproval_timeout_s = 8\n")
    subprocess.run(
        [str(BIN / "bastion"), "up", "--home", str(home)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    yield home
    subprocess.run(
        [str(BIN / "bastion"), "down", "--home", str(home)], capture_output=True, timeout=60
    )


def hook(home: Path, payload: dict[str, Any], out: list[Any]) -> None:
    done = subprocess.run(
        [str(BIN / "bastion-hook"), "claude-code"],
        input=json.dumps(payload).encode(),
        capture_output=True,
        timeout=60,
        env={**os.environ, "BASTION_HOME": str(home)},
    )
    out.append(done)


def answer(home: Path, decision: str) -> None:
    db = create_engine(f"sqlite:///{home / 'bastion.db'}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.connect() as conn:
            try:
                row = conn.execute(
                    text("SELECT id FROM approvals WHERE status = 'pending'")
                ).first()
            except Exception:
                row = None
        if row:
            approvals.decide(db, int(row[0]), decision, by="responder-alice")  # type: ignore[arg-type]
            return
        time.sleep(0.1)
    raise AssertionError("no pending approval appeared")


@pytest.mark.parametrize("decision", ["approved", "denied"])
def test_a_person_answers_in_the_console(daemon: Path, decision: str) -> None:
    out: list[Any] = []
    thread = threading.Thread(target=hook, args=(daemon, ASKING, out))
    thread.start()
    answer(daemon, decision)
    thread.join(60)
    reply = json.loads(out[0].stdout)["hookSpecificOutput"]
    expected = "allow" if decision == "approved" else "deny"
    assert reply["permissionDecision"] == expected
    assert f"{decision} in the console" in reply["permissionDecisionReason"]
    shown = subprocess.run(
        [str(BIN / "bastion"), "show", "appr-1", "--home", str(daemon), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = [e["event"]["native_name"] for e in json.loads(shown.stdout)["events"]]
    assert names[-2:] == ["PreToolUse", "ConsoleApproval"]


def test_no_answer_in_time_is_a_deny(home: Path) -> None:
    (home / "config.toml").write_text("[console]\napprovals = true\napproval_timeout_s = 1\n")
    subprocess.run(
        [str(BIN / "bastion"), "up", "--home", str(home)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    try:
        out: list[Any] = []
        hook(home, ASKING, out)
        reply = json.loads(out[0].stdout)["hookSpecificOutput"]
        assert reply["permissionDecision"] == "deny"
        assert "nobody approved within 1 s" in reply["permissionDecisionReason"]
    finally:
        subprocess.run(
            [str(BIN / "bastion"), "down", "--home", str(home)], capture_output=True, timeout=60
        )


def test_a_rule_that_kills_the_session_answers_its_waiting_approvals(daemon: Path) -> None:
    """Containment is the same whoever contains: when a containment rule kills a session
    (here the demo incident's encoded retry), a call of that session waiting for a person is
    denied at once, as after a person's kill, instead of waiting out the timeout (8 s)."""
    from bastion.cli.demo import incident_payloads

    steps = incident_payloads("appr-kill")
    waiting = {**ASKING, "session_id": "appr-kill", "tool_use_id": "toolu_wait"}
    for step in steps[:2]:  # SessionStart, the prompt
        hook(daemon, step, [])
    out: list[Any] = []
    thread = threading.Thread(target=hook, args=(daemon, waiting, out))
    thread.start()
    db = create_engine(f"sqlite:///{daemon / 'bastion.db'}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the call now waits for a person
        with db.connect() as conn:
            if conn.execute(text("SELECT id FROM approvals WHERE status = 'pending'")).first():
                break
        time.sleep(0.1)
    started = time.monotonic()
    for step in steps[2:12]:  # up to the encoded retry, which the rules answer with a kill
        hook(daemon, step, [])
    thread.join(60)
    reply = json.loads(out[0].stdout)["hookSpecificOutput"]
    assert reply["permissionDecision"] == "deny"
    assert "(kill switch)" in reply["permissionDecisionReason"]
    assert time.monotonic() - started < 8
