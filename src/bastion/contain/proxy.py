"""The egress proxy: HTTP, HTTPS (CONNECT) and DNS for sandboxed commands, policy on the wire.

How the sandbox reaches it: the sandbox has its own network namespace (only a loopback), and
the proxy listens on two Unix sockets per session in the session's temp directory, which is
the sandbox's ``/tmp``. A ``socat`` inside the sandbox forwards 127.0.0.1:3128 and
127.0.0.1:53 (DNS over TCP: ``options use-vc`` in the sandbox's resolv.conf) to them.
Chosen over slirp4netns/pasta because a Unix socket gives the sandbox no route at all: no
address can be reached by accident or by a raw socket, the session is known from which
socket a connection arrives on (a command cannot claim another session), and nothing but
``socat`` (a few milliseconds, from Debian) starts per command.

Per connection the proxy asks its ``Judge`` for the session's view (allowed hosts, whether
the session is tainted, its secret fingerprints), rules with ``hosts.judge``, looks for
known secrets (keyed fingerprints, also base64/hex/URL-encoded) in the request line,
headers and plain-HTTP body (``wire``), forwards or refuses, and hands every decision to
the judge to record. Plain HTTP is one request per connection (``Connection: close``);
HTTPS is a tunnel after CONNECT, its contents unseen (no interception).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import socket
import struct
import time
from dataclasses import dataclass, field
from typing import Protocol

from bastion.contain import hosts, wire
from bastion.contain.launch import DNS_SOCKET, HTTP_SOCKET

MAX_HEAD = 64 * 1024
# A body is held and scanned before it is sent when the session has secrets to look for;
# larger bodies are refused there (streaming them would send bytes before the verdict).
MAX_SCANNED_BODY = 16 * 1024 * 1024
PIPE_CHUNK = 256 * 1024
CONNECT_TIMEOUT = 15.0


@dataclass(slots=True)
class Decision:
    """One proxy decision: what was asked, by which session, and the ruling."""

    session_id: str
    kind: str  # http | connect | dns
    host: str
    port: int
    allowed: bool
    rule: str
    reason: str
    method: str = ""
    path: str = ""  # request target without the query (queries can hold data), bounded
    secrets: list[str] = field(default_factory=list)  # fingerprint ids found, never values
    time: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "host": self.host[:255],
            "port": self.port,
            "allowed": self.allowed,
            "rule": self.rule,
            "reason": self.reason[:500],
            "method": self.method,
            "path": self.path[:200],
            "secrets": self.secrets,
        }


class Judge(Protocol):
    def view(self, session_id: str) -> hosts.SessionView: ...

    def record(self, decision: Decision) -> None: ...


class EgressProxy:
    """Listens per session; forwards what the session's policy and state allow."""

    def __init__(
        self,
        judge: Judge,
        *,
        upstream_override: str = "",
        resolver: tuple[str, int] | None = None,
    ) -> None:
        self.judge = judge
        self.override = _host_port(upstream_override) if upstream_override else None
        self.resolver = resolver or system_resolver()
        self.servers: dict[str, list[asyncio.Server]] = {}

    async def add_session(self, session_id: str, egress_dir: str, share_uid: int = -1) -> None:
        """Listen on ``egress_dir``/http.sock and dns.sock for this session (idempotent);
        ``share_uid`` (system mode: the developer) may connect to them too."""
        if session_id in self.servers and all(
            os.path.exists(os.path.join(egress_dir, n)) for n in (HTTP_SOCKET, DNS_SOCKET)
        ):
            return
        for server in self.servers.pop(session_id, []):
            server.close()
        made = []
        for name, handler in ((HTTP_SOCKET, self._http), (DNS_SOCKET, self._dns)):
            path = os.path.join(egress_dir, name)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

            bound = functools.partial(handler, session_id)

            made.append(await asyncio.start_unix_server(bound, path=path, limit=MAX_HEAD))
            os.chmod(path, 0o600)
            if share_uid >= 0:
                from bastion.contain import share

                share.grant(path, share_uid, "rw")
        self.servers[session_id] = made

    async def add_listeners(
        self, session_id: str, http: socket.socket, dns: socket.socket | None
    ) -> list[asyncio.Server]:
        """Serve sockets already listening inside the session's network namespace."""
        made = [await asyncio.start_server(functools.partial(self._http, session_id), sock=http,
                                           limit=MAX_HEAD)]  # fmt: skip
        if dns is not None:
            made.append(
                await asyncio.start_server(functools.partial(self._dns, session_id), sock=dns)
            )
        self.servers.setdefault(session_id, []).extend(made)
        return made

    async def remove_session(self, session_id: str) -> None:
        for server in self.servers.pop(session_id, []):
            server.close()

    async def close(self) -> None:
        for session_id in list(self.servers):
            await self.remove_session(session_id)

    # -- HTTP and CONNECT -------------------------------------------------------------

    async def _http(
        self, session_id: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            await self._http_inner(session_id, reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except Exception:  # a bad request must never take the proxy down
            with contextlib.suppress(Exception):
                writer.write(_status(502, "proxy error"))
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _http_inner(
        self, session_id: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        request = wire.parse_head(head)
        if request is None:
            writer.write(_status(400, "not an HTTP request"))
            return
        view = self.judge.view(session_id)
        kind = "connect" if request.method == "CONNECT" else "http"
        ruling = hosts.judge(view, request.host, request.port, kind)
        found = wire.secrets_in(view.fingerprints, head)
        body: bytes | None = None  # held and scanned before anything is sent
        watching = view.fingerprints is not None and len(view.fingerprints) > 0
        if ruling.allowed and not found and kind == "http" and watching:
            if request.length > MAX_SCANNED_BODY:
                ruling = hosts.Ruling(
                    False,
                    "body-too-large",
                    f"a {request.length}-byte body cannot be checked for this session's "
                    "secrets before it leaves",
                )
            else:
                # Scanned as it arrives (the automaton runs at hundreds of MB/s); nothing is
                # sent before the whole body is in and judged.
                scan = wire.BodyScan(view.fingerprints)
                if request.length:
                    body = await wire.read_body(reader, request.length, scan)
                elif request.chunked:
                    body = await wire.read_chunked(reader, MAX_SCANNED_BODY, scan)
                if body:
                    # Off the event loop: a set restored from the store (no automaton) scans
                    # the slow way here, and must not stall other sessions' traffic.
                    found = await asyncio.to_thread(scan.hits)
        if found:
            encodings = ", ".join(sorted({h.encoding for h in found}))
            ruling = hosts.Ruling(
                False, "secret", f"a secret this session read is in the request ({encodings})"
            )
        decision = Decision(
            session_id,
            kind,
            hosts.normal_host(request.host),
            request.port,
            ruling.allowed,
            ruling.rule,
            ruling.reason,
            method=request.method,
            path=request.path_only,
            secrets=sorted({h.fingerprint_id[:16] for h in found}),
        )
        self.judge.record(decision)
        if not ruling.allowed:
            writer.write(_status(403, f"Bastion refused: {ruling.reason}"))
            await writer.drain()
            return
        target = self.override or (request.host, request.port)
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(*target, limit=PIPE_CHUNK), CONNECT_TIMEOUT
            )
        except (OSError, TimeoutError) as exc:
            writer.write(_status(502, f"cannot reach {request.host}:{request.port} ({exc})"))
            await writer.drain()
            return
        try:
            if kind == "connect":
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                up_writer.write(request.origin_head())
                if body is not None:
                    up_writer.write(wire.as_chunked(body) if request.chunked else body)
                elif request.length:
                    await _copy_exactly(reader, up_writer, request.length)
                elif request.chunked:
                    await wire.copy_chunked(reader, up_writer)
            if kind == "connect":
                await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
            else:
                # One request per connection: anything the client sends after it (a pipelined
                # second request) would leave unscanned, so it is never forwarded.
                await _pipe(up_reader, writer)
        finally:
            with contextlib.suppress(Exception):
                up_writer.close()

    # -- DNS over TCP -----------------------------------------------------------------

    async def _dns(
        self, session_id: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while True:
                size = struct.unpack("!H", await reader.readexactly(2))[0]
                query = await reader.readexactly(size)
                answer = await self._dns_one(session_id, query)
                writer.write(struct.pack("!H", len(answer)) + answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, struct.error):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _dns_one(self, session_id: str, query: bytes) -> bytes:
        name = wire.dns_question(query)
        if name is None:
            return wire.dns_refusal(query, rcode=1)  # FORMERR
        view = self.judge.view(session_id)
        ruling = hosts.judge(view, name, 53, "dns")
        self.judge.record(
            Decision(session_id, "dns", name, 53, ruling.allowed, ruling.rule, ruling.reason)
        )
        if not ruling.allowed:
            return wire.dns_refusal(query, rcode=5)  # REFUSED
        try:
            return await _udp_ask(self.resolver, query)
        except (OSError, TimeoutError):
            return wire.dns_refusal(query, rcode=2)  # SERVFAIL


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            data = await reader.read(PIPE_CHUNK)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()


async def _copy_exactly(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
    while n > 0:
        data = await reader.read(min(n, PIPE_CHUNK))
        if not data:
            raise asyncio.IncompleteReadError(b"", n)
        writer.write(data)
        await writer.drain()
        n -= len(data)


async def _udp_ask(server: tuple[str, int], query: bytes, timeout: float = 3.0) -> bytes:
    loop = asyncio.get_running_loop()
    family = socket.AF_INET6 if ":" in server[0] else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, server)
        await loop.sock_sendall(sock, query)
        return await asyncio.wait_for(loop.sock_recv(sock, 4096), timeout)
    finally:
        sock.close()


def system_resolver() -> tuple[str, int]:
    """The host's first nameserver (resolv.conf), where allowed DNS queries go."""
    try:
        with open("/etc/resolv.conf") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0] == "nameserver":
                    return (parts[1], 53)
    except OSError:
        pass
    return ("127.0.0.1", 53)


def _status(code: int, message: str) -> bytes:
    text = message.replace("\r", " ").replace("\n", " ")[:500]
    body = (text + "\n").encode()
    return (
        f"HTTP/1.1 {code} {'Forbidden' if code == 403 else 'Error'}\r\n"
        f"Content-Type: text/plain\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
        "X-Bastion: refused\r\n\r\n"
    ).encode() + body


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return (host.strip("[]"), int(port))
