"""The gateway's line to the daemon: one payload out, one verdict back, closed on failure.

The gateway speaks to the daemon exactly as a hook does (``wire/protocol``: the same
framing, limits and check that the listener runs as the expected uid), as the agent
``mcp-gateway`` (``sensors/mcp_gateway``), so a ``tools/call`` meets the same engine,
policies and record as any agent's action. When no daemon answers, the hook's own recovery
(``hook/recover``: start one under the start lock) is used; when no decision can be had,
the answer is a deny that says why.

Unlike a hook, which lives for one event, the gateway sends two events per ``tools/call``
for as long as its server runs, so it keeps its connections open (the daemon serves request
after request on one connection): no connect, peer check or server thread per event. Kept
connections are pooled, so a ``ToolResult`` never waits behind a ``ToolCall`` that waits for
a person. A kept connection found closed before any byte of the reply (the daemon restarted
while it sat idle: the send fails, or the connection is reset with the request unread, or
ends) is given the event once more on a fresh connection. One case is ambiguous: a daemon
that exits after reading an event and before answering it may have recorded it, and the
new daemon records it again; a fresh connection is never retried (a deny, as a hook's).
Anything else that fails after the request left (a reply cut short) is a deny.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.errors import BastionError
from bastion.sensors.mcp_gateway import AGENT
from bastion.wire import protocol

__all__ = ["DaemonLink", "Reply", "parse"]

MAX_IDLE = 4
"""Kept connections per gateway: one per event in flight at once, rarely more than two."""


@dataclass(frozen=True, slots=True)
class Reply:
    """The daemon's verdict as the gateway reads it (``policies``: the rules behind it)."""

    decision: str  # allow | ask | deny
    reason: str = ""
    context: str = ""
    policies: tuple[str, ...] = ()
    session_id: str = ""  # the session the daemon recorded the event in (a joined one)

    @property
    def allowed(self) -> bool:
        return self.decision == "allow"


class _Stale(BastionError):
    """A kept connection was closed by the daemon before any byte of a reply came (caught
    here: the event is sent once more on a fresh connection, never shown to a user)."""


class _Conn:
    """One connection to the daemon, its listener's uid checked once, at connect."""

    def __init__(self, socket_path: str, trusted: tuple[int, ...]) -> None:
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(protocol.TIMEOUT_SECONDS)
        try:
            sock.connect(socket_path)
        except OSError as exc:
            sock.close()
            raise ConnectionError(str(exc)) from exc
        cred = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        uid = int.from_bytes(cred[4:8], sys.byteorder)
        if uid not in trusted:
            pid = int.from_bytes(cred[0:4], sys.byteorder)
            sock.close()
            raise protocol.UntrustedDaemon(
                f"the process answering on {socket_path} (pid {pid}) runs as uid {uid}, "
                f"not as Bastion's daemon user (uid {' or '.join(map(str, trusted))}); "
                "its answers are not trusted. Fix: stop that process and run `bastion doctor`"
            )
        self.sock = sock
        self.used = False

    def ask(self, frame: bytes) -> tuple[int, bytes, bytes]:
        try:
            self.sock.sendall(frame)
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise _Stale(str(exc)) from exc
        data = b""
        while b"\n" not in data:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError as exc:  # closed with our request unread
                if not data:
                    raise _Stale(str(exc)) from exc
                raise
            if not chunk:
                if not data:
                    raise _Stale("closed before a reply")
                raise protocol.NoDecision("the daemon's reply was cut short")
            data += chunk
        header, _, rest = data.partition(b"\n")
        code, out_len, err_len = protocol.parse_reply_header(header)
        need = out_len + err_len
        while len(rest) < need:
            chunk = self.sock.recv(max(65536, need - len(rest)))
            if not chunk:
                raise protocol.NoDecision("the daemon's reply was cut short")
            rest += chunk
        if len(rest) > need:
            raise protocol.NoDecision("the daemon sent more than one reply")
        self.used = True
        return code, rest[:out_len], rest[out_len:need]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class DaemonLink:
    """Sends gateway events to the daemon of one Bastion home, on kept connections."""

    def __init__(
        self, home: Path, *, daemon_uid: int | None = None, socket_path: str | None = None
    ) -> None:
        self.home = str(home)
        # System mode keeps the socket outside the home (/run/bastion), as the hook is told.
        self.socket_path = socket_path or os.path.join(self.home, protocol.SOCKET_NAME)
        self.trusted: tuple[int, ...] = (
            (daemon_uid,) if daemon_uid is not None else (os.getuid(), 0)
        )
        self._idle: list[_Conn] = []
        self._lock = threading.Lock()
        self._stale_in_a_row = 0  # a daemon that closes after each reply: stop keeping

    def send(self, payload: dict[str, Any]) -> Reply:
        body = json.dumps(payload, separators=(",", ":"), default=str).encode()
        try:
            code, out, err = self._exchange(body)
        except protocol.NoDecision as exc:
            return Reply("deny", f"Bastion: no decision could be had ({exc}); denied to be safe")
        except OSError as exc:
            return Reply("deny", f"Bastion: the daemon could not be reached ({exc}); denied")
        return parse(code, out, err)

    def _exchange(self, body: bytes) -> tuple[int, bytes, bytes]:
        frame = protocol.request_frame(AGENT, body)
        for _attempt in range(2):
            conn = self._take()
            if conn is None:
                try:
                    conn = _Conn(self.socket_path, self.trusted)
                except ConnectionError:
                    from bastion.hook.recover import recover

                    return recover(self.home, self.socket_path, AGENT, body, self.trusted)
            reused = conn.used
            try:
                answer = conn.ask(frame)
            except _Stale as exc:
                conn.close()
                if reused:
                    self._stale_in_a_row += 1
                    continue  # kept, and closed meanwhile: nothing was decided; once more
                raise protocol.NoDecision(f"the daemon closed the connection ({exc})") from exc
            except TimeoutError as exc:
                conn.close()
                raise protocol.NoDecision(
                    f"the daemon did not answer within {protocol.TIMEOUT_SECONDS:g} s"
                ) from exc
            except (OSError, ValueError) as exc:
                conn.close()
                raise protocol.NoDecision(f"the daemon's reply could not be read ({exc})") from exc
            except BaseException:
                conn.close()
                raise
            if reused:
                self._stale_in_a_row = 0
            if self._stale_in_a_row < 3:
                self._give_back(conn)
            else:
                conn.close()
            return answer
        raise protocol.NoDecision("the daemon closed two connections in a row")

    def _take(self) -> _Conn | None:
        with self._lock:
            return self._idle.pop() if self._idle else None

    def _give_back(self, conn: _Conn) -> None:
        with self._lock:
            if len(self._idle) < MAX_IDLE:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close the kept connections (the gateway is done)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def parse(code: int, out: bytes, err: bytes) -> Reply:
    """A daemon reply as a `Reply`; anything unreadable is a deny (fail closed)."""
    try:
        data = json.loads(out) if out.strip() else None
    except ValueError:
        data = None
    if code != 0 or not isinstance(data, dict):
        words = err.decode(errors="replace").strip() or "unreadable reply from the daemon"
        return Reply("deny", words if words.startswith("Bastion") else f"Bastion: {words}")
    decision = data.get("decision")
    if decision not in ("allow", "ask", "deny"):
        return Reply("deny", "Bastion: the daemon's reply named no decision; denied")
    raw = data.get("policies")
    policies = tuple(str(p) for p in raw) if isinstance(raw, list) else ()
    return Reply(
        str(decision), str(data.get("reason") or ""), str(data.get("context") or ""),
        policies, str(data.get("session_id") or ""),
    )  # fmt: skip
