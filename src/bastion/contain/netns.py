"""One network namespace per session, made once by the daemon, with the proxy listening inside.

As root the daemon makes it itself (below). As any other user it cannot (making a network
namespace needs a user namespace, and a threaded process cannot make one), so ``make_user``
starts a throwaway holder, ``unshare --user --map-root-user --net`` running a few lines of
Python: root of its own user namespace, it brings the loopback up, binds 127.0.0.1:3128 and
:53 (DNS works without root this way), hands the two listening sockets and descriptors of
both namespaces to the daemon over a socket pair (SCM_RIGHTS) and exits. The daemon keeps
them, so the namespaces live as long as the session; each command joins both
(``nsenter --preserve-credentials --user=... --net=...``, allowed because the daemon's user
owns that user namespace), and bubblewrap, root there, makes the sandbox inside it with a
nested user namespace that maps the developer's uid back (``--unshare-user --uid``) and no
capabilities. Egress is still through the proxy or nowhere: that namespace holds only a
loopback where only the daemon listens.

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
import shutil
import socket
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass

from bastion.contain.launch import PROXY_PORT, Join

UNSHARE = shutil.which("unshare", path="/usr/bin:/bin:/usr/sbin:/sbin") or "/usr/bin/unshare"
# Runs as root of a new user namespace with a new network namespace (``make_user``); only
# the standard library, started with -I -S so nothing from the environment is imported.
_HOLDER = """
import fcntl, os, socket, struct, sys
s = socket.socket(fileno=int(sys.argv[1]))
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
out = [h.fileno() for h in held]
out += [os.open("/proc/self/ns/user", os.O_RDONLY), os.open("/proc/self/ns/net", os.O_RDONLY)]
socket.send_fds(s, [b"ok"], out)
""".replace("PORT", str(PROXY_PORT))

CLONE_NEWNET = 0x40000000
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1


@dataclass(slots=True)
class SessionNet:
    fd: int  # the namespace, held open by the daemon
    http: socket.socket
    dns: socket.socket | None
    user_fd: int | None = None  # the holder's user namespace (``make_user``), else None

    @property
    def path(self) -> str:
        """What a command passes to ``nsenter --net=`` (valid while this daemon lives)."""
        return f"/proc/{os.getpid()}/fd/{self.fd}"

    @property
    def user_path(self) -> str | None:
        """What a command passes to ``nsenter --user=`` first (None: root needs none)."""
        return None if self.user_fd is None else f"/proc/{os.getpid()}/fd/{self.user_fd}"

    @property
    def join(self) -> Join:
        return Join(self.path, self.user_path)

    def close(self) -> None:
        for s in (self.http, self.dns):
            if s is not None:
                s.close()
        os.close(self.fd)
        if self.user_fd is not None:
            os.close(self.user_fd)


def supported() -> bool:
    """Root can make and enter namespaces without a user namespace (``make``)."""
    return os.geteuid() == 0 and os.path.exists("/proc/thread-self/ns/net")


def user_supported() -> bool:
    """Others can when ``unshare`` is there and user namespaces are on (``make_user``);
    whether the kernel lets this user make one shows when it is tried."""
    return os.path.exists(UNSHARE) and os.path.exists("/proc/self/ns/user")


def make_user(timeout: float = 10.0) -> SessionNet:
    """A session's user and network namespaces made by a throwaway holder (module doc)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ours, theirs:
        try:
            proc = subprocess.Popen(
                [UNSHARE, "--user", "--map-root-user", "--net", "--",
                 sys.executable, "-I", "-S", "-c", _HOLDER, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                close_fds=True,
            )  # fmt: skip
        except OSError as exc:
            raise OSError(f"cannot start the namespace holder ({UNSHARE}): {exc}") from exc
        theirs.close()
        ours.settimeout(timeout)
        try:
            _msg, fds, _flags, _addr = socket.recv_fds(ours, 16, 4)
        except OSError as exc:
            fds = []
            error: BaseException | None = exc
        else:
            error = None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            err = b"timed out"
    if len(fds) != 4:
        for fd in fds:
            os.close(fd)
        why = (err or b"").decode(errors="replace").strip().splitlines()[-1:] or [str(error)]
        raise OSError(f"the namespace holder failed: {why[0]}")
    http_fd, dns_fd, user_fd, net_fd = fds
    for fd in fds:
        os.set_inheritable(fd, False)
    http = socket.socket(fileno=http_fd)
    dns = socket.socket(fileno=dns_fd)
    http.setblocking(False)
    dns.setblocking(False)
    return SessionNet(net_fd, http, dns, user_fd=user_fd)


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
