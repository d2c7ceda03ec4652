"""A 50 MB tool output: the record keeps a bounded head and tail, scans only what it keeps
(plus a margin around each cut), never keeps part of a secret that straddles a cut, and the
daemon answers the call through its socket."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from test_secrets_scanner import github_token

from bastion.config import Home
from bastion.daemon import build_engine
from bastion.record.redact import CUT_MARGIN, MAX_RECORDED_STRING, bounded
from bastion.wire import protocol

TOKEN = github_token("ghp_", "TEST0test1TEST2test3TEST4test5")  # made up, checksummed
LINE = "2024-01-01 12:00:00 INFO worker[42] processed item 12345 in 3.2ms status=ok\n"
FIFTY_MB = 50 * 1024 * 1024


def _output(size: int, *, straddling: bool = True) -> str:
    """``size`` characters of log lines, with the token across the head's cut, in the tail
    and in the middle (which is not recorded at all)."""
    body = LINE * (size // len(LINE))
    keep = MAX_RECORDED_STRING // 2
    at = keep - len(TOKEN) // 2
    if straddling:
        body = body[:at] + TOKEN + body[at + len(TOKEN) :]
    middle = len(body) // 2
    body = body[:middle] + TOKEN + body[middle + len(TOKEN) :]
    return body + "\nlast line " + TOKEN + "\n"


def test_a_cut_never_keeps_part_of_a_secret_and_scans_only_what_is_kept() -> None:
    value = _output(8 * 1024 * 1024)
    scanned: list[str] = []
    kept = bounded(value, scanned)
    assert "characters cut by Bastion" in kept
    assert len(kept) <= MAX_RECORDED_STRING + 200
    # What the redaction scans: the kept parts and a margin, not the 8 MB.
    assert sum(map(len, scanned)) <= MAX_RECORDED_STRING + 2 * CUT_MARGIN
    head = kept.split("[... ", 1)[0]
    # The straddling token is either whole (then the redactor finds it in the scanned
    # window) or wholly out: never a piece of it.
    for piece in (TOKEN[:n] for n in range(8, len(TOKEN))):
        assert not head.endswith(piece), "a piece of a secret kept at the cut"
    assert any(TOKEN in s for s in scanned)


def test_engine_records_a_50_mb_output_bounded_and_redacted(tmp_path: Path) -> None:
    engine = build_engine(Home.resolve(str(tmp_path / "home")).ensure())
    try:
        base = {"session_id": "big-1", "cwd": str(tmp_path), "permission_mode": "default"}
        call = {"tool_name": "Bash", "tool_input": {"command": "cat big.log"}}
        pre = dict(base, hook_event_name="PreToolUse", tool_use_id="toolu_big", **call)
        assert engine.handle_payload("claude-code", json.dumps(pre).encode()).exit_code == 0
        post = dict(
            base,
            hook_event_name="PostToolUse",
            tool_use_id="toolu_big",
            tool_response={"stdout": _output(FIFTY_MB), "stderr": "", "interrupted": False},
            **call,
        )
        cpu = time.process_time()
        reply = engine.handle_payload("claude-code", json.dumps(post).encode())
        spent = time.process_time() - cpu
        assert reply.exit_code == 0
        recorded = engine.store.events("big-1")[-1]
        text = json.dumps(recorded["data"])
        assert len(text) < 2 * MAX_RECORDED_STRING
        assert "characters cut by Bastion" in text
        assert TOKEN not in text and TOKEN[4:20] not in text  # the tail's token is redacted
        assert "[REDACTED" in text
        # Bounded work: before the cut-aware scan a 50 MB output cost about 1.9 s of CPU
        # here (0.66 s after); a generous ceiling that still fails a full-output scan x3.
        assert spent < 6.0, f"{spent:.2f} s of CPU for one 50 MB output"
    finally:
        engine.store.close()


def test_daemon_answers_a_50_mb_output_through_its_socket() -> None:
    home = Path(tempfile.mkdtemp(prefix="bl", dir="/tmp"))  # short: the socket path
    env = dict(os.environ, BASTION_HOME=str(home))
    env.pop("BASTION_DATABASE_URL", None)
    daemon = subprocess.Popen(
        [sys.executable, "-m", "bastion.daemon", "--home", str(home)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        path = home / protocol.SOCKET_NAME
        deadline = time.monotonic() + 60
        while not path.exists():
            assert daemon.poll() is None and time.monotonic() < deadline, "daemon did not start"
            time.sleep(0.05)
        payload = json.dumps(
            {
                "session_id": "big-2",
                "cwd": str(home),
                "hook_event_name": "PostToolUse",
                "tool_name": "Bash",
                "tool_use_id": "toolu_big2",
                "tool_input": {"command": "cat big.log"},
                "tool_response": {"stdout": _output(FIFTY_MB, straddling=False), "stderr": ""},
            }
        ).encode()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(120)
            sock.connect(str(path))
            sock.sendall(protocol.request_frame("claude-code", payload))
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        header, _, _ = reply.partition(b"\n")
        assert protocol.parse_reply_header(header)[0] == 0, reply[:300]
    finally:
        daemon.terminate()
        daemon.wait(timeout=60)
        subprocess.run(["rm", "-rf", str(home)], check=False)
