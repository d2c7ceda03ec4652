"""A running daemon takes up a new signed fleet bundle without a restart (daemon/
policy_watch): the real engine and socket server, the real bundle path (signed, checked
and installed by `fleet.control.DeviceControl`), the watch thread polling.

Decisions switch from allow to deny on the next call after the swap, every call is
wholly one or the other, the swap is in the signed log (a Configuration entry with the new
policy hash), and a policy edit that does not load keeps the running set and is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit.records import CONFIGURATION, CONTROL_SESSION
from bastion.config import Home
from bastion.daemon.lastgood import SYSTEM_SESSION
from bastion.daemon.policy_watch import PolicyWatch
from bastion.daemon.server import DaemonServer, build_engine
from bastion.fleet.control import DeviceControl, PolicyBundle, sign_document
from bastion.wire import protocol

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code" / "PreToolUse-Bash.json"
FORBID_ALL = """@id("fleet.lockdown")
@reason("the fleet is locked down")
forbid (principal, action, resource);
"""


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[tuple[DaemonServer, PolicyWatch, Home]]:
    home = Home.resolve(str(tmp_path / "home")).ensure()
    engine = build_engine(home)
    srv = DaemonServer(str(tmp_path / "d.sock"), engine, max_payload=1024 * 1024)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while srv._loop is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    watch = PolicyWatch(home, engine, srv.engine_lock, interval=0.1).start()
    try:
        yield srv, watch, home
    finally:
        watch.stop()
        srv.shutdown()
        thread.join(timeout=30)
        srv.server_close()
        engine.store.close()


def _decision(srv: DaemonServer, n: int) -> str:
    import socket

    payload = json.loads(FIXTURE.read_text())
    payload["session_id"] = "s-reload"
    payload["tool_use_id"] = f"toolu_reload_{n}"
    payload["tool_input"] = {"command": "ls", "description": "list"}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(srv.path)
        sock.sendall(protocol.request_frame("claude-code", json.dumps(payload).encode()))
        sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    body = reply.partition(b"\n")[2]
    out = json.loads(body) if body.strip() else {}
    return str(out.get("hookSpecificOutput", {}).get("permissionDecision") or "allow")


def _wait(predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the running daemon did not take the change up"
        time.sleep(0.05)


def test_a_signed_bundle_switches_a_running_daemons_decisions(
    daemon: tuple[DaemonServer, PolicyWatch, Home],
) -> None:
    srv, watch, home = daemon
    before = srv.engine.policy.hash
    assert _decision(srv, 0) == "allow"
    key = Ed25519PrivateKey.generate()
    control = DeviceControl(home, key.public_key())
    assert control.apply_bundle(sign_document(PolicyBundle(2, {"f.cedar": FORBID_ALL}), key))[
        "applied"
    ]
    _wait(lambda: watch.applied == 1)
    assert srv.engine.policy.hash != before
    assert _decision(srv, 1) == "deny"  # no restart: the same server, the same engine
    configs = [
        e["data"]
        for e in srv.engine.store.events(CONTROL_SESSION)
        if e["native_name"] == CONFIGURATION
    ]
    assert configs[-1]["policy_hash"] == srv.engine.policy.hash
    assert configs[-1]["by"] == "policy-reload"

    # A person's edit that does not load: the running set (the bundle's) stays, and the
    # problem is in the log with an alert.
    running = srv.engine.policy.hash
    (home.policy_dir / "broken.cedar").write_text("forbid (principal, action")
    _wait(lambda: watch.failed == 1)
    assert srv.engine.policy.hash == running
    assert _decision(srv, 2) == "deny"
    problems = [e["data"] for e in srv.engine.store.events(SYSTEM_SESSION)]
    assert any("do not load" in " ".join(p.get("problems", [])) for p in problems)
    # Fixed: taken up again.
    (home.policy_dir / "broken.cedar").unlink()
    _wait(lambda: watch.applied == 2)
    assert _decision(srv, 3) == "deny"  # still the fleet's lockdown bundle
