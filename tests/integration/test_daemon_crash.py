"""Crash safety of the audit log: SIGKILL the real daemon while real hooks are in flight.

Every hook call that returned a decision must be in the store afterwards, and
``bastion audit verify`` must pass: the tree, recovered from ``audit_nodes`` by the
restarted daemon (and by hooks deciding in-process meanwhile), matches every row.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_store_support import backend_url

from bastion.cli.audit_cmd import app as audit_app
from bastion.store import Store

TEMPLATE = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code" / "PreToolUse-Bash.json"
HOOK = str(Path(sys.executable).parent / "bastion-hook")
CALLS = 240
KILL_AFTER = 80
NO_DECISION = "no decision could be had"

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    home = Path(tempfile.mkdtemp(prefix="bx", dir="/tmp"))  # short: the socket path
    try:
        for url in backend_url(request, tmp_path):
            environ = dict(
                os.environ,
                BASTION_HOME=str(home),
                BASTION_DATABASE_URL=url,
                BASTION_HOOK_TIMEOUT="20",
            )
            yield environ
            _stop(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _daemon(environ: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bastion.daemon", "--home", environ["BASTION_HOME"]],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(environ["BASTION_HOME"]) / "daemon.sock"
    deadline = time.monotonic() + 30
    while not socket.exists():
        assert proc.poll() is None, "daemon exited at start"
        assert time.monotonic() < deadline, "daemon did not start"
        time.sleep(0.05)
    return proc


def _stop(home: Path) -> None:
    """Stop whichever daemon serves the home now (the hook may have started one)."""
    pid_file = home / "daemon.pid"
    for _ in range(100):
        if not pid_file.exists():
            return
        try:
            pid = int(pid_file.read_text())
            os.kill(pid, signal.SIGTERM)
        except (ValueError, ProcessLookupError, FileNotFoundError):
            return
        time.sleep(0.1)


def _payload(n: int) -> bytes:
    payload = json.loads(TEMPLATE.read_text())
    payload["session_id"] = f"crash-session-{n % 4}"
    payload["tool_use_id"] = f"toolu_crash_{n:05d}"
    payload["tool_input"] = {"command": f"echo {n}", "description": "count"}
    return json.dumps(payload).encode()


def _hook(environ: dict[str, str], n: int) -> tuple[int, bool]:
    done = subprocess.run(
        [HOOK, "claude-code"], input=_payload(n), env=environ, capture_output=True, timeout=120
    )
    decided = NO_DECISION not in done.stderr.decode(errors="replace")
    return n, decided


def test_sigkill_mid_stream_loses_no_acknowledged_event(env: dict[str, str]) -> None:
    home = Path(env["BASTION_HOME"])
    daemon = _daemon(env)
    acknowledged: list[int] = []
    killed = False
    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = [pool.submit(_hook, env, n) for n in range(CALLS)]
        for count, future in enumerate(futures, 1):
            n, decided = future.result()
            if decided:
                acknowledged.append(n)
            if count == KILL_AFTER and not killed:
                daemon.send_signal(signal.SIGKILL)
                daemon.wait()
                killed = True
                time.sleep(0.2)
                daemon = _daemon(env) if not (home / "daemon.sock").exists() else daemon
    assert killed
    assert len(acknowledged) >= CALLS // 2, "too few calls were decided to test anything"
    _stop(home)
    if daemon.poll() is None:
        daemon.wait(timeout=30)

    store = Store(env["BASTION_DATABASE_URL"])
    try:
        recorded = {r["tool_use_id"] for s in range(4) for r in store.events(f"crash-session-{s}")}
    finally:
        store.close()
    missing = [n for n in acknowledged if f"toolu_crash_{n:05d}" not in recorded]
    assert missing == [], f"acknowledged but not recorded: {missing[:10]}"

    cli = typer.Typer()
    cli.add_typer(audit_app, name="audit")
    result = CliRunner().invoke(cli, ["audit", "verify", "--home", str(home)], env=env)
    assert result.exit_code == 0, result.output
