"""Writes the console and the CLI ask of the daemon (issue #18): by a real daemon while it
runs, here only when none does, a typed error when it refuses or fails mid-way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bastion.audit.records import CONTROL_ACTION, CONTROL_SESSION
from bastion.config import Home
from bastion.daemon import client, home_writes
from bastion.server import approvals
from bastion.store import Store
from bastion.wire.control import ConsoleEntry, DecideApproval


def _entries(store: Store, action: str) -> list[dict[str, object]]:
    return [
        e["data"]
        for e in store.events(CONTROL_SESSION)
        if e["native_name"] == CONTROL_ACTION and e["data"].get("action") == action
    ]


@pytest.fixture
def running(home: Path) -> Iterator[tuple[Home, Store]]:
    """A real daemon serving ``home``, and the console's own store of that home."""
    h = Home.resolve(home)
    client.start(h, wait=60.0)
    store = Store(h.database_url)
    try:
        yield h, store
    finally:
        store.close()
        client.stop(h)


def test_the_daemon_writes_the_console_entry_with_the_kernels_word(
    running: tuple[Home, Store],
) -> None:
    home, store = running
    entry = ConsoleEntry("login", "user:ada", "responder", detail={"why": "test"})
    written = home_writes.write(home, store, entry)
    assert written.delivered == "daemon"
    [logged] = _entries(store, "console.login")
    assert logged["by"] == "user:ada" and logged["role"] == "responder"
    assert logged["caller"] == {"uid": os.getuid(), "pid": os.getpid()}
    assert written.answer["seq"] == store.events(CONTROL_SESSION)[-1]["seq"]


def test_an_approvals_typed_error_comes_back_as_its_type(running: tuple[Home, Store]) -> None:
    home, store = running
    with pytest.raises(approvals.ApprovalNotFound, match="no approval request 999"):
        home_writes.write(home, store, DecideApproval(999, "approved", "user:ada"))
    now = 1_000.0
    from bastion.store import approvals as approval_rows

    pending = {
        "call_hash": "c", "similar_key": "k", "session_id": "s", "event_id": "e",
        "tool": "Bash", "tool_input": {"command": "ls"}, "reason": "r", "status": "pending",
        "scope": "once", "scope_minutes": 0, "requested_at": now, "expires_at": 4e9, "note": "",
    }  # fmt: skip
    approval_id = approval_rows.add_pending(store, pending)
    written = home_writes.write(home, store, DecideApproval(approval_id, "denied", "user:ada"))
    assert written.delivered == "daemon" and written.answer["row"]["status"] == "denied"
    with pytest.raises(approvals.ApprovalAlreadyDecided, match="already denied"):
        home_writes.write(home, store, DecideApproval(approval_id, "approved", "user:ada"))


_UNDER_AGENT = """
import sys
from bastion.config import Home
from bastion.daemon import home_writes
from bastion.store import Store
from bastion.wire.control import ConsoleEntry

home = Home.resolve(sys.argv[1])
store = Store(home.database_url)
try:
    home_writes.write(home, store, ConsoleEntry("login", "user:mallory"))
except home_writes.HomeWriteRefused as exc:
    print("refused:", exc)
"""


def test_a_caller_under_an_agent_is_refused_and_nothing_is_written(
    running: tuple[Home, Store],
) -> None:
    home, store = running
    env = {**os.environ, "CLAUDECODE": "1"}  # the mark an agent leaves on its commands
    done = subprocess.run(
        [sys.executable, "-c", _UNDER_AGENT, str(home.root)],
        capture_output=True, text=True, timeout=120, env=env, check=True,
    )  # fmt: skip
    assert done.stdout.startswith("refused:") and "inside an agent session" in done.stdout
    assert _entries(store, "console.login") == []


def test_with_no_daemon_the_caller_writes_its_own_store(home: Path) -> None:
    h = Home.resolve(home)
    store = Store(h.database_url)
    try:
        written = home_writes.write(h, store, ConsoleEntry("logout", "user:ada"))
        assert written.delivered == "store"
        assert [e["by"] for e in _entries(store, "console.logout")] == ["user:ada"]
    finally:
        store.close()


def test_a_daemon_lost_before_the_whole_request_left_is_asked_again(home: Path) -> None:
    h = Home.resolve(home)
    store = Store(h.database_url)
    calls: list[str] = []

    def flaky(_home: Home, message: ConsoleEntry, timeout: float) -> dict[str, object]:
        calls.append(message.op)
        if len(calls) == 1:
            raise client.DaemonLost("dropped mid-request", sent=False)
        return {"ok": True, "seq": 1}

    def lost_after(_home: Home, message: ConsoleEntry, timeout: float) -> dict[str, object]:
        raise client.DaemonLost("went silent", sent=True)

    try:
        assert home_writes.write(h, store, ConsoleEntry("a", "b"), send=flaky).delivered == "daemon"
        assert calls == ["console-entry", "console-entry"]
        with pytest.raises(home_writes.HomeWriteFailed, match="perhaps not written"):
            home_writes.write(h, store, ConsoleEntry("a", "b"), send=lost_after)
        assert _entries(store, "console.a") == []  # never written here while a daemon runs
    finally:
        store.close()


def test_a_system_daemon_that_does_not_answer_is_an_error(home: Path) -> None:
    h = Home.resolve(home)
    store = Store(h.database_url)

    def silent(*_args: object, **_kw: object) -> dict[str, object]:
        raise ConnectionRefusedError("nobody listens")

    try:
        with pytest.raises(home_writes.HomeWriteFailed, match="sudo bastion up --system"):
            home_writes.write(h, store, ConsoleEntry("a", "b"), send=silent, fallback=False)
        assert _entries(store, "console.a") == []
    finally:
        store.close()


def test_the_refusal_reaches_the_console_as_403(home: Path) -> None:
    from fastapi.testclient import TestClient

    from bastion.server import auth
    from bastion.server.app import create_app

    def refusing(*_args: object, **_kw: object) -> dict[str, object]:
        return {"ok": False, "refused": True, "error": "'console-entry' refused: not yours"}

    app = create_app(home, control=refusing, secure_cookies=False)
    console = app.state.console
    _id, token = auth.create_token(console.engine, "t", "admin")
    with TestClient(app) as http:
        reply = http.post(
            "/api/v1/alerts/acknowledge",
            json={"alert_ids": []},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert reply.status_code == 403, reply.text
    assert "refused" in json.loads(reply.text)["detail"]


def test_alerts_and_overdue_asks_are_the_daemons_to_write(running: tuple[Home, Store]) -> None:
    from bastion.audit.records import control_row
    from bastion.server.console import Console
    from bastion.store import approvals as approval_rows

    home, store = running
    alert = {"session_id": "s", "time": 1.0, "severity": "high", "title": "t", "detail": "d"}
    store.append_event(control_row("s", "Probe", {}), [], [{**alert, "status": "open"}], {})
    [row] = store.alerts("s")
    pending = {
        "call_hash": "c", "similar_key": "k", "session_id": "s", "event_id": "e",
        "tool": "Bash", "tool_input": {}, "reason": "r", "status": "pending",
        "scope": "once", "scope_minutes": 0, "requested_at": 1.0, "expires_at": 2.0, "note": "",
    }  # fmt: skip
    overdue = approval_rows.add_pending(store, pending)
    sent: list[str] = []

    def spying(h: Home, message: object, timeout: float) -> dict[str, object]:
        sent.append(getattr(message, "op", ""))
        return dict(client.control(h, message, timeout=timeout))  # type: ignore[arg-type]

    console = Console(home, store, spying)
    assert console.acknowledge_alerts([int(row["id"]), 10**9]) == [int(row["id"])]
    console.expire_approvals()
    assert sent == ["alerts-acknowledge", "approvals-expire"]
    assert console.data.alert(int(row["id"]))["status"] == "acknowledged"  # type: ignore[index]
    assert approvals.approval(store, overdue)["status"] == "expired"  # type: ignore[index]


_CLI = """
import sys
from bastion.cli.main import app
code = app(sys.argv[1:], standalone_mode=False)  # a typer.Exit comes back as its code
sys.exit(code if isinstance(code, int) else 0)
"""


def _cli(home: Home, *args: str, agent: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"CLAUDECODE": "1"} if agent else {})}
    return subprocess.run(
        [sys.executable, "-c", _CLI, *args, "--home", str(home.root)],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def _lifecycle(home: Home) -> list[dict[str, object]]:
    path = home.root / "identity-events.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines]


def test_login_logout_and_key_rotation_are_the_daemons_to_log(
    running: tuple[Home, Store],
) -> None:
    home, _store = running
    daemon_pid = client.pid_of(home)
    assert _cli(home, "login", "--name", "Ada", "--role", "oncall").returncode == 0
    assert _cli(home, "keys", "rotate").returncode == 0
    assert _cli(home, "logout").returncode == 0
    logged = [e for e in _lifecycle(home) if e["op"] in ("login", "keys-rotated", "logout")]
    assert [e["op"] for e in logged] == ["login", "keys-rotated", "logout"]
    assert logged[0]["detail"] == {"source": "local", "roles": ["oncall"]}
    assert logged[0]["subject"] == logged[2]["subject"]  # the logout names who logged in
    assert client.pid_of(home) == daemon_pid


def test_under_an_agent_login_and_rotation_are_refused_and_nothing_is_written(
    running: tuple[Home, Store],
) -> None:
    home, _store = running
    keys_before = sorted(p.name for p in home.keys_dir.iterdir())
    login = _cli(home, "login", "--name", "Mallory", "--role", "admin", agent=True)
    assert login.returncode != 0 and "inside an agent session" in login.stderr
    rotate = _cli(home, "keys", "rotate", agent=True)
    assert rotate.returncode != 0 and "inside an agent session" in rotate.stderr
    assert not (home.root / "human.json").exists()  # no login record was written
    assert sorted(p.name for p in home.keys_dir.iterdir()) == keys_before
    assert [e for e in _lifecycle(home) if e["op"] in ("login", "keys-rotated")] == []


def test_a_transcript_check_is_one_event_of_its_session_redacted(tmp_path: Path) -> None:
    from bastion.audit.records import TRANSCRIPT_CHECK
    from bastion.cli.demo import FAKE_ENV
    from bastion.wire.control import TranscriptCheck, decode, encode

    fake = next(line.split("=", 1)[1] for line in FAKE_ENV.splitlines() if "=" in line)
    store = Store(f"sqlite:///{tmp_path / 'home.db'}", checkpoint_seconds=0)
    try:
        store.upsert_session({"id": "s-1", "agent": "claude-code", "human": "ada",
                              "started_at": 1.0, "last_seen": 1.0})  # fmt: skip
        finding = {"kind": "unchecked-action", "severity": "high", "detail": "Bash ran",
                   "rule": "unchecked", "evidence": {"command": f"echo {fake}"}}  # fmt: skip
        message = TranscriptCheck("s-1", "/tmp/t.jsonl", (finding,))
        assert decode(encode(message)) == message
        assert not home_writes.apply(store, TranscriptCheck("nobody", "", (finding,)))["ok"]
        with pytest.raises(ValueError):  # not a finding: refused before anything is written
            home_writes.apply(store, TranscriptCheck("s-1", "", ({"kind": "x", "severity": "?"},)))
        assert home_writes.apply(store, message)["ok"]
        [event] = [e for e in store.events("s-1") if e["native_name"] == TRANSCRIPT_CHECK]
        [row] = store.findings("s-1")
        assert event["data"]["unchecked"] == 1 and row["kind"] == "unchecked-action"
        assert fake not in json.dumps(event) and fake not in json.dumps(dict(row))
    finally:
        store.close()
