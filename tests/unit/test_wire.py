"""The wire package: one framing and one set of typed control messages for every sender."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bastion.config import Home
from bastion.daemon.containment import ContainmentFailed, contain
from bastion.wire import control
from bastion.wire import protocol as frames

MESSAGES: list[control.ControlMessage] = [
    control.Ping(),
    control.Shutdown(by="ada"),
    control.SetMode("sess-1", "killed", "exfiltration", "ada"),
    control.SetMode("sess-1", "normal"),
    control.BlockTool("sess-1", "WebFetch", blocked=True, reason="r", by="ada"),
    control.BlockTool("sess-1", "WebFetch", blocked=False),
    control.Forget("sess-1"),
    control.ConsoleEntry("login", "user:ada", "responder", "", {"n": 1}, "127.0.0.1"),
    control.ConsoleEntry("logout", "user:ada"),
    control.DecideApproval(7, "approved", "user:ada", "session-similar", 30, "ok"),
    control.DecideApproval(8, "denied", "user:ada"),
    control.ExpireApprovals(),
    control.AcknowledgeAlerts((1, 2, 3)),
    control.SignCheckpoint(),
    control.Revoke("human", "mallory", "ada", "left"),
    control.Revoke("session", "s1", "ada", lift=True),
    control.Grant("s1", "host", "example.org", 10.0, "ada", ("oncall",), "incident"),
    control.LoginNote("ada@host", True, "oidc", "https://issuer.example", ("oncall",)),
    control.LoginNote("ada@host", logged_in=False),
    control.RotateKeys("ada@host"),
    control.FleetEntry("fleet.bundle.applied", "control-plane", {"version": 2}),
    control.FleetRevoke("doc1", "human", "mallory", "control-plane", "left"),
    control.PinFirstUse("docs:1", (control.PinnedTool("search", "ab" * 32, '{"name":"search"}'),)),
]


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m.op)
def test_every_message_survives_the_wire(message: control.ControlMessage) -> None:
    body = control.encode(message)
    assert json.loads(body)["op"] == message.op
    assert control.decode(body) == message


def test_the_json_is_what_older_senders_wrote() -> None:
    # A daemon of this version reads what the CLI and console always sent.
    old = {"op": "unblock-tool", "session_id": "s", "tool": "Bash", "reason": "", "by": "x"}
    assert control.decode(json.dumps(old).encode()) == control.BlockTool(
        "s", "Bash", blocked=False, by="x"
    )
    assert control.peek(json.dumps(old).encode()) == ("unblock-tool", "s")


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b"not json", "not JSON"),
        (b"[1]", "not a JSON object"),
        (b'{"op": 3}', "op must be a string"),
        (b'{"op": "set-mode", "session_id": "s", "mode": "open-wide"}', "open-wide"),
        (b'{"op": "set-mode", "mode": "killed"}', "session_id"),
        (b'{"op": "block-tool", "session_id": "s", "tool": ""}', "tool"),
        (b'{"op": "console-entry", "action": "login"}', "actor"),
        (b'{"op": "console-entry", "action": "a", "actor": "b", "detail": [1]}', "detail"),
        (
            b'{"op": "approval-decide", "approval_id": "7", "decision": "approved", "by": "a"}',
            "approval_id",
        ),
        (b'{"op": "approval-decide", "approval_id": 7, "decision": "maybe", "by": "a"}', "maybe"),
        (
            b'{"op": "approval-decide", "approval_id": true, "decision": "denied", "by": "a"}',
            "approval_id",
        ),
        (b'{"op": "alerts-acknowledge", "alert_ids": [1, "2"]}', "alert_ids"),
        (b'{"op": "fleet-entry", "action": "revoke", "by": "cp"}', "starts 'fleet.'"),
        (
            b'{"op": "fleet-entry", "action": "fleet.x", "by": "cp", "detail": {"by": "ada"}}',
            "without action, by",
        ),
        (b'{"op": "mcp-pin-first-use", "server_id": "s", "tools": []}', "1 to"),
        (b'{"op": "mcp-pin-first-use", "server_id": "s", "tools": [["a", "b"]]}', "name, sha256"),
        (b'{"op": "identity-login", "source": "local"}', "who"),
    ],
)
def test_bad_messages_name_what_is_wrong(payload: bytes, words: str) -> None:
    with pytest.raises(control.BadControlMessage, match=words):
        control.decode(payload)


def test_an_unknown_op_is_its_own_error() -> None:
    with pytest.raises(control.UnknownOp, match="reload"):
        control.decode(b'{"op": "reload"}')
    assert control.peek(b"\xff") == ("", "")


def test_frames_round_trip_and_refuse_what_is_not_ours() -> None:
    frame = frames.request_frame("claude-code", b"{}")
    header, _, body = frame.partition(b"\n")
    assert frames.parse_request_header(header, 10) == ("claude-code", 2) and body == b"{}"
    for bad in (b"HTTP/1.1 GET /", b"BASTION/2 claude-code 2", b"BASTION/1 x 99", b"\xff\xfe"):
        with pytest.raises(frames.BadFrame):
            frames.parse_request_header(bad, 10)
    reply = frames.reply_frame(2, b"out", b"err!")
    head, _, rest = reply.partition(b"\n")
    assert frames.parse_reply_header(head) == (2, 3, 4) and rest == b"outerr!"
    with pytest.raises(ValueError):
        frames.parse_reply_header(b"0 -1 0")


def test_the_hook_loads_only_the_standard_library_and_the_framing() -> None:
    code = (
        "import sys, bastion.hook; print(sorted(m for m in sys.modules if m.startswith('bastion')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.replace("'", '"')) == [
        "bastion",
        "bastion.hook",
        "bastion.wire",
        "bastion.wire.protocol",
    ]


def test_a_system_daemon_that_does_not_answer_is_an_error_not_a_store_write(
    tmp_path: Path,
) -> None:
    home = Home.resolve(tmp_path / "home")

    def silent(*_args: object, **_kw: object) -> dict[str, object]:
        raise ConnectionRefusedError("nobody listens")

    with pytest.raises(ContainmentFailed, match="sudo bastion up --system"):
        contain(home, control.SetMode("s", "killed"), send=silent, fallback=False)
    assert not (tmp_path / "home").exists()  # nothing was built or written here


def test_a_refusal_is_reported_as_one(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home")

    def refusing(*_args: object, **_kw: object) -> dict[str, object]:
        return {"ok": False, "refused": True, "error": "'set-mode' refused: under an agent"}

    from bastion.daemon.containment import ContainmentRefused

    with pytest.raises(ContainmentRefused, match="under an agent"):
        contain(home, control.SetMode("s", "normal"), send=refusing)


@pytest.mark.parametrize(
    "header", [b"256 0 0", b"512 0 0", b"-254 0 0", b"+2 0 0", b"1_0 0 0", b" 2 0 0", b"2 0"]
)
def test_a_reply_header_outside_the_protocol_is_unreadable(header: bytes) -> None:
    with pytest.raises(ValueError):
        frames.parse_reply_header(header)


def _one_reply_daemon(path: str, reply: bytes) -> threading.Thread:
    """A real listener on a Unix socket, as our own uid, answering one request with ``reply``."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)

    def serve() -> None:
        conn, _ = server.accept()
        with conn, server:
            conn.recv(65536)
            conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("code", [256, 258, 2**31])
def test_an_exit_status_above_255_fails_closed_not_modulo_256(code: int, tmp_path: Path) -> None:
    """A reply of 256 would exit as 256 & 0xff = 0 (allow): the round trip refuses it."""
    path = str(tmp_path / "d.sock")
    thread = _one_reply_daemon(path, frames.reply_frame(code, b"", b""))
    with pytest.raises(frames.NoDecision, match="outside 0-255"):
        frames.ask_daemon(path, "claude-code", b"{}", (os.getuid(),))
    thread.join(5)
    # The real Python hook process: exit 2 (deny) with the fix named, never 0.
    path2 = str(tmp_path / "e.sock")
    thread = _one_reply_daemon(path2, frames.reply_frame(code, b"", b""))
    env = {k: v for k, v in os.environ.items() if k != "BASTION_ON_UNAVAILABLE"}
    hook = str(Path(sys.executable).with_name("bastion-hook"))
    done = subprocess.run(
        [hook, "claude-code", "--home", str(tmp_path), "--socket", path2],
        input=b"{}",
        capture_output=True,
        env=env,
        timeout=60,
    )
    thread.join(5)
    assert done.returncode == 2
    assert b"denied to be safe" in done.stderr and b"outside 0-255" in done.stderr


def test_an_exit_status_in_range_passes_through(tmp_path: Path) -> None:
    path = str(tmp_path / "d.sock")
    thread = _one_reply_daemon(path, frames.reply_frame(255, b"o", b"e"))
    assert frames.ask_daemon(path, "claude-code", b"{}", (os.getuid(),)) == (255, b"o", b"e")
    thread.join(5)
