"""System mode: each session's user+network namespace, made by a holder the developer runs.

The daemon runs as a service user there; namespaces it made could not be entered by the
developer, whose commands therefore made a network namespace each and started socat
forwarders (~11 ms, no DNS). Instead, the session's first command also starts, outside
the sandbox and as the developer, ``unshare --user --map-root-user --net`` with the
holder below: root of its own user namespace, it brings the loopback up, binds
127.0.0.1:3128 and :53, and hands the two listening sockets and descriptors of both
namespaces to the daemon over ``holder.sock`` in the session's handles directory (which
only that developer may open, and which no sandbox can see: the sandbox's ``/tmp`` is the
session's temp directory). Then it waits for the daemon to hang up (session end).

The daemon checks what it is given before it trusts it: the peer's kernel-reported uid is
the session's developer; the user namespace is owned by that uid (``NS_GET_OWNER_UID``);
the network namespace belongs to that user namespace (``NS_GET_USERNS``); both sockets
listen where the sandbox expects them (which namespace a socket is in cannot be asked
without CAP_NET_ADMIN there). Later commands then join ``/proc/<holder>/ns/{user,net}``, as
in personal mode: ``nsenter`` can only enter a user namespace the developer owns and a
network namespace of it, so whatever process registered, a command never lands in the
host's network (that ``setns`` is refused and the command fails closed). When the holder
goes, the daemon hears the hang-up, stops serving its sockets, and commands go back to
making their own namespace until a new holder registers.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import posixpath
import shlex
import shutil
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bastion.contain import launch
from bastion.contain.launch import PROXY_PORT, Join
from bastion.errors import BastionError

log = logging.getLogger("bastion.contain")

HOLDER_SCRIPT = "holder.py"
HOLDER_SOCKET = "holder.sock"
RETRY_AFTER = 15.0  # seconds before another command may start a holder for the session
MAX_TRIES = 3
SETSID = shutil.which("setsid", path="/usr/bin:/bin") or "/usr/bin/setsid"
UNSHARE = shutil.which("unshare", path="/usr/bin:/bin") or "/usr/bin/unshare"
_NS_GET_USERNS = 0xB701
_NS_GET_OWNER_UID = 0xB704

# Run with -I -S as root of a new user namespace with a new network namespace.
SCRIPT = """\
import fcntl, os, socket, struct, sys
os.closerange(3, 1 << 16)  # nothing of the agent's shell stays open here
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
    req = struct.pack("16sH14s", b"lo", 0, bytes(14))
    flags = struct.unpack("16sH", fcntl.ioctl(c, 0x8913, req)[:18])[1]
    fcntl.ioctl(c, 0x8914, struct.pack("16sH14s", b"lo", flags | 1, bytes(14)))
held = []
for port, backlog in ((PORT, 128), (53, 64)):
    held.append(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    held[-1].setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    held[-1].bind(("127.0.0.1", port))
    held[-1].listen(backlog)
fds = [h.fileno() for h in held]
fds += [os.open("/proc/self/ns/user", os.O_RDONLY), os.open("/proc/self/ns/net", os.O_RDONLY)]
daemon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
daemon.connect(sys.argv[1])
socket.send_fds(daemon, [b"holder"], fds)
for fd in fds:
    os.close(fd)
daemon.recv(1)  # until the daemon hangs up: the session ended
""".replace("PORT", str(PROXY_PORT))


class HolderRefused(BastionError):
    """What a would-be holder handed over is not a session namespace of its developer (it is
    logged and hung up on; the session's commands keep making their own namespace)."""


@dataclass(slots=True)
class Holder:
    pid: int
    http: socket.socket
    dns: socket.socket
    conn: socket.socket  # held open: the holder lives until the daemon hangs up

    @property
    def join(self) -> Join:
        return Join(f"/proc/{self.pid}/ns/net", f"/proc/{self.pid}/ns/user")

    def close(self) -> None:
        """Hang up (the holder exits). The listening sockets are closed by whoever serves
        them (the proxy's servers), so the event loop never polls a closed descriptor."""
        with contextlib.suppress(OSError):
            self.conn.shutdown(socket.SHUT_RDWR)  # also wakes the watcher thread
        with contextlib.suppress(OSError):
            self.conn.close()


def _ino(fd: int) -> int:
    return os.fstat(fd).st_ino


def verify(uid: int, peer_uid: int, fds: list[int]) -> None:
    """Raise HolderRefused unless ``fds`` are [http, dns, user ns, net ns] of ``uid``'s own
    namespaces, the sockets listening where the sandbox expects the proxy."""
    if peer_uid != uid:
        raise HolderRefused(f"uid {peer_uid} is not the session's developer ({uid})")
    if len(fds) != 4:
        raise HolderRefused(f"{len(fds)} descriptors instead of 4")
    http, dns, user, net = fds
    owner = struct.unpack("I", fcntl.ioctl(user, _NS_GET_OWNER_UID, b"\0" * 4))[0]
    if owner != uid:
        raise HolderRefused(f"its user namespace belongs to uid {owner}")
    parent = fcntl.ioctl(net, _NS_GET_USERNS)
    try:
        if _ino(parent) != _ino(user):
            raise HolderRefused("its network namespace is not its user namespace's")
    finally:
        os.close(parent)
    for fd, port in ((http, PROXY_PORT), (dns, 53)):
        sock = socket.socket(fileno=os.dup(fd))
        try:
            if sock.family != socket.AF_INET or sock.type != socket.SOCK_STREAM:
                raise HolderRefused("a socket that is not TCP over IPv4")
            if sock.getsockname() != ("127.0.0.1", port):
                raise HolderRefused(f"a socket bound to {sock.getsockname()}")
            if not sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                raise HolderRefused("a socket that is not listening")
        finally:
            sock.close()


class HolderDoor:
    """Listens on one session's ``holder.sock`` for its developer's holder (a thread)."""

    def __init__(
        self,
        session_id: str,
        handles: str,
        uid: int,
        on_holder: Callable[[str, Holder], None],
        on_gone: Callable[[str, Holder], None],
    ) -> None:
        from bastion.contain import share

        self.session_id = session_id
        self.uid = uid
        self.path = posixpath.join(handles, HOLDER_SOCKET)
        self.script = posixpath.join(handles, HOLDER_SCRIPT)
        self.on_holder, self.on_gone = on_holder, on_gone
        self.requested = 0.0
        self.tries = 0
        self.holder: Holder | None = None
        self._closed = False
        launch._atomic_write(self.script, SCRIPT.encode(), uid)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        os.chmod(self.path, 0o600)
        share.grant(self.path, uid, "rw")
        self.server.listen(4)
        threading.Thread(target=self._serve, name="bastion-holder-door", daemon=True).start()

    def start_prefix(self, now: float | None = None) -> str:
        """The shell to put before the session's command so that it starts a holder, or ""
        (one is registered, one was asked for a moment ago, or it failed too often)."""
        now = time.monotonic() if now is None else now
        if self.holder is not None or self.tries >= MAX_TRIES or now - self.requested < RETRY_AFTER:
            return ""
        self.requested = now
        self.tries += 1
        argv = [SETSID, "-f", UNSHARE, "--user", "--map-root-user", "--net", "--",
                sys.executable, "-I", "-S", self.script, self.path]  # fmt: skip
        return " ".join(shlex.quote(a) for a in argv) + " </dev/null >/dev/null 2>&1; "

    def _serve(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            try:
                self._register(conn)
            except (OSError, HolderRefused) as exc:
                log.warning("holder for session %s refused: %s", self.session_id[:8], exc)
                conn.close()

    def _register(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        pid, peer_uid, _gid = struct.unpack("3i", creds)
        _msg, fds, _flags, _addr = socket.recv_fds(conn, 16, 8)
        try:
            verify(self.uid, peer_uid, list(fds))
        except BaseException:
            for fd in fds:
                os.close(fd)
            raise
        http_fd, dns_fd, user_fd, net_fd = fds
        os.close(user_fd)  # commands use /proc/<holder>/ns/*, which its developer may open
        os.close(net_fd)
        http, dns = socket.socket(fileno=http_fd), socket.socket(fileno=dns_fd)
        http.setblocking(False)
        dns.setblocking(False)
        holder = Holder(pid, http, dns, conn)
        if self.holder is not None:  # one per session: the newer one wins
            self._gone(self.holder)
        self.holder = holder
        self.on_holder(self.session_id, holder)
        threading.Thread(target=self._watch, args=(holder,), daemon=True).start()

    def _watch(self, holder: Holder) -> None:
        conn = holder.conn
        conn.settimeout(None)
        with contextlib.suppress(OSError):
            conn.recv(1)  # the holder never writes: this returns when it is gone
        if self.holder is holder:
            self._gone(holder)

    def _gone(self, holder: Holder) -> None:
        self.holder = None
        self.requested = 0.0  # the next command may start a new one
        self.on_gone(self.session_id, holder)
        holder.close()

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        with contextlib.suppress(OSError):
            self.server.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        if self.holder is not None:
            holder, self.holder = self.holder, None
            self.on_gone(self.session_id, holder)
            holder.close()
