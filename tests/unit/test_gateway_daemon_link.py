"""The gateway's kept, pooled connections to the daemon (gateway/daemon_link), against small
Unix-socket servers of this test that speak the wire protocol: one connection for many
events, a daemon that restarted, a daemon that closes after each reply, a connection lost
after the request (never sent twice), a listener of another uid (never trusted)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bastion.gateway.daemon_link import DaemonLink
from bastion.wire import protocol

ALLOW = json.dumps({"decision": "allow", "reason": "", "context": "", "session_id": "s"}).encode()


class Server:
    """Counts connections and requests; ``keep``: serve request after request per
    connection; ``drop_after_request``: read one request, then close without a reply."""

    def __init__(self, path: Path, *, keep: bool = True, drop_after_request: bool = False):
        self.path = str(path)
        self.keep = keep
        self.drop = drop_after_request
        self.connections = 0
        self.requests = 0
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.path)
        self.sock.listen(8)
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self.open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        with conn, reader:
            while True:
                header = reader.readline(protocol.MAX_HEADER)
                if not header:
                    return
                _agent, size = protocol.parse_request_header(header, 1 << 20)
                reader.read(size)
                self.requests += 1
                if self.drop:
                    return
                conn.sendall(protocol.reply_frame(0, ALLOW, b""))
                if not self.keep:
                    return

    def close(self) -> None:
        for conn in self.open:  # as a daemon that exits: the peer sees the connection end
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self.sock.close()
        os.unlink(self.path)


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


def _event(i: int) -> dict[str, object]:
    return {"hook_event_name": "ToolCall", "session_id": "g", "request_id": i}


def test_many_events_share_one_connection(home: Path) -> None:
    server = Server(home / protocol.SOCKET_NAME)
    link = DaemonLink(home)
    replies = [link.send(_event(i)) for i in range(20)]
    assert all(r.allowed and r.session_id == "s" for r in replies)
    assert (server.connections, server.requests) == (1, 20)
    link.close()
    server.close()


def test_a_restarted_daemon_gets_the_event_on_a_fresh_connection(home: Path) -> None:
    server = Server(home / protocol.SOCKET_NAME)
    link = DaemonLink(home)
    assert link.send(_event(1)).allowed
    server.close()  # the daemon restarts: the kept connection is closed
    second = Server(home / protocol.SOCKET_NAME)
    assert link.send(_event(2)).allowed
    assert (second.connections, second.requests) == (1, 1)  # sent once, on a fresh one
    link.close()
    second.close()


def test_a_daemon_that_closes_after_each_reply_is_no_longer_kept(home: Path) -> None:
    server = Server(home / protocol.SOCKET_NAME, keep=False)
    link = DaemonLink(home)
    assert all(link.send(_event(i)).allowed for i in range(10))
    assert server.requests == 10  # every event decided exactly once
    assert server.connections <= 10 + 3  # three stale reuses at most, then one per event
    link.close()
    server.close()


def test_a_connection_lost_after_the_request_is_a_deny_never_a_second_send(home: Path) -> None:
    server = Server(home / protocol.SOCKET_NAME, drop_after_request=True)
    link = DaemonLink(home)
    reply = link.send(_event(1))
    assert reply.decision == "deny" and "Bastion" in reply.reason
    assert server.requests == 1
    link.close()
    server.close()


def test_a_listener_of_another_uid_is_never_trusted(home: Path) -> None:
    server = Server(home / protocol.SOCKET_NAME)
    link = DaemonLink(home, daemon_uid=os.getuid() + 4242)
    reply = link.send(_event(1))
    assert reply.decision == "deny" and "not trusted" in reply.reason
    assert server.requests == 0  # nothing was said to it
    link.close()
    server.close()
