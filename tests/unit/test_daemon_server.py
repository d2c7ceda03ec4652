"""The daemon's socket server (one asyncio loop, group commit): malformed and stalled
clients, concurrent calls each answered after its own record, and the cap on live sessions."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bastion.config import Home
from bastion.daemon import build_engine
from bastion.daemon.server import DaemonServer
from bastion.wire import protocol

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code" / "PreToolUse-Bash.json"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DaemonServer]:
    engine = build_engine(Home.resolve(str(tmp_path / "home")).ensure())
    path = str(tmp_path / "d.sock")
    srv = DaemonServer(path, engine, max_payload=1024 * 1024)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while srv._loop is None:  # started
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        yield srv
    finally:
        srv.shutdown()
        thread.join(timeout=30)
        srv.server_close()
        engine.store.close()


def _raw(srv: DaemonServer, data: bytes, *, half_close: bool = True) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(srv.path)
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return reply


def _payload(session: str, n: int) -> bytes:
    payload = json.loads(FIXTURE.read_text())
    payload["session_id"] = session
    payload["tool_use_id"] = f"toolu_{session}_{n}"
    payload["tool_input"] = {"command": f"echo {n}", "description": "n"}
    return json.dumps(payload).encode()


def _code(reply: bytes) -> int:
    return protocol.parse_reply_header(reply.partition(b"\n")[0])[0]


def test_malformed_requests_are_refused_closed(server: DaemonServer) -> None:
    for frame in (b"HELLO\n", b"BASTION/1 claude-code " + b"9" * 300 + b"\n"):
        reply = _raw(server, frame)
        assert _code(reply) == 2 and b"bad request to the daemon" in reply
    # A payload cut short (the header promised more): refused, never allowed.
    assert _code(_raw(server, b'BASTION/1 claude-code 500\n{"session_id": ')) == 2


def test_a_stalled_client_holds_up_nobody(server: DaemonServer) -> None:
    stalled = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stalled.connect(server.path)
    stalled.sendall(b"BASTION/1 claude-code 100\n{")  # and then nothing
    try:
        started = time.monotonic()
        reply = _raw(server, protocol.request_frame("claude-code", _payload("s-ok", 0)))
        assert _code(reply) == 0
        assert time.monotonic() - started < 20
    finally:
        stalled.close()


def test_concurrent_calls_are_each_answered_after_their_record(server: DaemonServer) -> None:
    def call(n: int) -> bytes:
        return _raw(server, protocol.request_frame("claude-code", _payload(f"c{n % 4}", n)))

    with ThreadPoolExecutor(max_workers=16) as pool:
        replies = list(pool.map(call, range(64)))
    assert all(_code(r) == 0 for r in replies)
    store = server.engine.store
    recorded = {e["tool_use_id"] for s in range(4) for e in store.events(f"c{s}") if e["tool"]}
    assert recorded == {f"toolu_c{n % 4}_{n}" for n in range(64)}
    stats = store.group_stats()
    assert stats["events"] >= 64 and stats["groups"] <= stats["events"]


def test_live_sessions_beyond_the_cap_are_forgotten_and_reloaded(server: DaemonServer) -> None:
    server.live_cap = 2
    for n, session in enumerate(["a", "b", "c"]):
        assert _code(_raw(server, protocol.request_frame("claude-code", _payload(session, n)))) == 0
    assert set(server.engine.live) == {"b", "c"}  # "a", least recently active, forgotten
    assert _code(_raw(server, protocol.request_frame("claude-code", _payload("a", 9)))) == 0
    assert set(server.engine.live) == {"c", "a"}
    # Reloaded from its saved state: the session goes on counting where it stopped.
    assert server.engine.live["a"].state.events == 2


def test_a_new_session_whose_id_prefixes_another_is_a_session_of_its_own(
    server: DaemonServer,
) -> None:
    """The engine looks a new session up by its exact id: by prefix (as people may), a new
    session ``abc`` was taken for the existing ``abcdef`` and got no row or attribution."""
    for session in ("abcdef", "abc"):
        assert _code(_raw(server, protocol.request_frame("claude-code", _payload(session, 1)))) == 0
    store = server.engine.store
    row = store.session("abc", prefix=False)
    assert row is not None and row["agent"] == "claude-code"
    assert next(e["native_name"] for e in store.events("abc")) != "PreToolUse"  # attribution first
