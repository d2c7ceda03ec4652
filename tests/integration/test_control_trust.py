"""Personal mode: control commands from inside an agent session are refused, and recorded.

The real daemon, the real ``bastion`` command and a real process tree: a stand-in agent
executable named ``claude`` that sets ``CLAUDECODE=1`` in its commands' environment, as
Claude Code does, starts the attack from issue #12 —
``(while sleep 1; do bastion release SID; done) &`` — and exits, leaving the loop
orphaned. (The real client does the same in tests/e2e/test_trust_e2e.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code" / "PreToolUse-Bash.json"
BIN = Path(sys.executable).parent
CLI = str(BIN / "bastion")
HOOK = str(BIN / "bastion-hook")
SESSION = "trust-session-0001"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("BASTION_", "CLAUDE"))}


def _cli(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "--home", str(home), *args],
        capture_output=True, text=True, timeout=120, env=env or _env(), stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def home() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="bc", dir="/tmp"))
    try:
        up = _cli(path, "up")
        assert up.returncode == 0, up.stderr
        payload = json.loads(FIXTURE.read_text())
        payload.update(session_id=SESSION, tool_input={"command": "ls", "description": "ls"})
        hook = subprocess.run(
            [HOOK, "claude-code", "--home", str(path)],
            input=json.dumps(payload).encode(), capture_output=True, timeout=60, env=_env(),
        )  # fmt: skip
        assert hook.returncode == 0, hook.stderr
        yield path
    finally:
        _cli(path, "down")
        shutil.rmtree(path, ignore_errors=True)


def _events(home: Path) -> list[dict[str, object]]:
    shown = _cli(home, "show", SESSION, "--json")
    assert shown.returncode == 0, shown.stderr
    return [e["event"] for e in json.loads(shown.stdout)["events"]]


def _mode(home: Path) -> str:
    shown = _cli(home, "show", SESSION, "--json")
    return str(json.loads(shown.stdout)["session"]["mode"])


def _agent(tmp_path: Path, body: str) -> Path:
    agent = tmp_path / "agentbin" / "claude"
    agent.parent.mkdir(exist_ok=True)
    agent.write_text(f"#!/bin/sh\nexport CLAUDECODE=1\n{body}\n")
    agent.chmod(0o755)
    return agent


def test_release_loop_started_by_the_agent_is_refused_and_recorded(
    home: Path, tmp_path: Path
) -> None:
    killed = _cli(home, "kill", SESSION, "--reason", "exfiltration attempt")
    assert killed.returncode == 0, killed.stderr
    assert _mode(home) == "killed"

    log = tmp_path / "loop.log"
    loop = (
        f"(n=0; while [ $n -lt 3 ]; do n=$((n+1)); {CLI} --home {home} release {SESSION[:10]}"
        f' >> {log} 2>&1; echo "exit $?" >> {log}; sleep 0.2; done) &'
    )
    agent = _agent(tmp_path, loop)  # the agent's shell exits at once: the loop is orphaned
    subprocess.run([str(agent)], env=_env(), timeout=30, check=True)
    deadline = time.monotonic() + 90
    while log.read_text().count("exit ") < 3 if log.exists() else True:
        assert time.monotonic() < deadline, log.read_text() if log.exists() else "no output"
        time.sleep(0.2)
    text = log.read_text()
    assert text.count("exit 1") == 3, text
    assert "inside an agent session" in text

    assert _mode(home) == "killed"  # the kill switch held
    events = _events(home)
    refused = [e for e in events if e.get("native_name") == "ControlRefused"]
    assert len(refused) == 3, events
    raw = refused[0].get("raw") or refused[0]
    assert "set-mode" in json.dumps(raw)
    releases = [e for e in events if e.get("native_name") == "Containment"
                and "normal" in json.dumps(e)]  # fmt: skip
    assert releases == []  # never recorded as a human's release


def test_down_from_the_agent_is_refused_and_the_daemon_keeps_serving(
    home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "down.log"
    agent = _agent(tmp_path, f'{CLI} --home {home} down > {out} 2>&1; echo "exit $?" >> {out}')
    subprocess.run([str(agent)], env=_env(), timeout=60, check=True)
    assert "exit 1" in out.read_text() and "refused" in out.read_text(), out.read_text()
    status = _cli(home, "status", "--json")
    assert json.loads(status.stdout)["running"] is True


def test_a_person_at_a_terminal_may_release_and_is_named(home: Path) -> None:
    assert _cli(home, "kill", SESSION).returncode == 0
    released = _cli(home, "release", SESSION[:10])
    assert released.returncode == 0, released.stderr
    assert _mode(home) == "normal"
    containment = [e for e in _events(home) if e.get("native_name") == "Containment"]
    by = json.dumps(containment[-1])
    assert f'"uid": {os.getuid()}' in by and '"pid": ' in by  # the kernel's word


def test_status_reports_an_unexpected_socket_reply(tmp_path: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="bs", dir="/tmp"))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(home / "daemon.sock"))
    server.listen(4)

    def answer() -> None:
        for _ in range(4):
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 400 nonsense\r\n\r\n")
            conn.close()

    threading.Thread(target=answer, daemon=True).start()
    try:
        done = _cli(home, "status")
    finally:
        server.close()
        shutil.rmtree(home, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    assert "socket answered unexpectedly" in done.stdout
    assert "personal mode" in done.stdout  # the plain statement of what it cannot guarantee


def test_grant_and_lifting_a_revocation_from_the_agent_are_refused(
    home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "grant.log"
    agent = _agent(
        tmp_path,
        f"{CLI} --home {home} grant {SESSION} --host upload.example.net > {out} 2>&1; "
        f'echo "exit $?" >> {out}; '
        f"{CLI} --home {home} revoke --session {SESSION} --lift >> {out} 2>&1; "
        f'echo "exit $?" >> {out}',
    )
    subprocess.run([str(agent)], env=_env(), timeout=120, check=True)
    text = out.read_text()
    assert text.count("exit 1") == 2 and text.count("inside an agent session") == 2, text
    granted = _cli(home, "grant", SESSION, "--host", "upload.example.net")  # a person may
    assert granted.returncode == 0, granted.stdout + granted.stderr
