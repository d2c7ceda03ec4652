"""One network namespace per session, made once by the daemon, with the proxy listening inside.

The per-command alternative (``--unshare-net`` plus two ``socat`` forwarders started and
waited for in every sandbox) costs tens of milliseconds per command. When the daemon runs
as root it instead makes the session's namespace once: a short-lived thread unshares its own
network namespace, brings its loopback up, binds 127.0.0.1:3128 (HTTP/CONNECT) and
127.0.0.1:53 (DNS over TCP) there, keeps a descriptor of the namespace and returns to the
daemon's. The listening sockets stay in that namespace, so the proxy accepts on them
directly: no forwarder. Each command joins it (``nsenter --net=/proc/<daemon>/fd/<n>``)
before bubblewrap, which then drops every capability. The namespace holds only a loopback:
egress is still through the proxy or nowhere. It lives as long as the daemon holds it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import socket
import struct
import threading
from dataclasses import dataclass

from bastion.contain.launch import PROXY_PORT

CLONE_NEWNET = 0x40000000
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1


@dataclass(slots=True)
class SessionNet:
    fd: int  # the namespace, held open by the daemon
    http: socket.socket
    dns: socket.socket | None

    @property
    def path(self) -> str:
        """What a command passes to ``nsenter --net=`` (valid while this daemon lives)."""
        return f"/proc/{os.getpid()}/fd/{self.fd}"

    def close(self) -> None:
        for s in (self.http, self.dns):
            if s is not None:
                s.close()
        os.close(self.fd)


def supported() -> bool:
    """Root can make and enter namespaces without a user namespace; others use socat."""
    return os.geteuid() == 0 and os.path.exists("/proc/thread-self/ns/net")


def make() -> SessionNet:
    """Make a session's namespace in a throwaway thread (the daemon's threads stay put)."""
    out: list[SessionNet] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            out.append(_make_here())
        except BaseException as exc:  # reported to the caller below
            errors.append(exc)

    thread = threading.Thread(target=work, name="bastion-netns")
    thread.start()
    thread.join(10)
    if errors:
        raise OSError(f"could not make the session's network namespace: {errors[0]}")
    if not out:
        raise OSError("making the session's network namespace timed out")
    return out[0]


def _make_here() -> SessionNet:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    try:
        if libc.unshare(CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
        try:
            _loopback_up()
            http = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            http.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            http.bind(("127.0.0.1", PROXY_PORT))
            http.listen(128)
            dns: socket.socket | None = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            assert dns is not None
            dns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            dns.bind(("127.0.0.1", 53))
            dns.listen(64)
            fd = os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        finally:
            if libc.setns(home, CLONE_NEWNET) != 0:  # back to the daemon's namespace
                raise OSError(ctypes.get_errno(), "setns back to the daemon's namespace")
    finally:
        os.close(home)
    http.setblocking(False)
    dns.setblocking(False)
    return SessionNet(fd, http, dns)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14s", b"lo", 0, b"\0" * 14)
        flags = struct.unpack("16sH", fcntl.ioctl(s, _SIOCGIFFLAGS, request)[:18])[1]
        fcntl.ioctl(s, _SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | _IFF_UP, b"\0" * 14))
