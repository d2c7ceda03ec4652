"""Bytes on the wire: HTTP request heads, chunked bodies, DNS questions, and known secrets
in them (the session's keyed fingerprints, so no secret value is ever held here).

Fingerprints already cover a secret's raw, base64 (three alignments), base64url, hex and
URL-encoded forms and 12-character fragments of each (``detect/secrets/fingerprints``);
the text is also scanned once percent-decoded, so a secret spelt ``%41%4B%49…`` in a query
string or a form body is found too.
"""

from __future__ import annotations

import asyncio
import codecs
import re
import struct
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

_HOP = frozenset({"proxy-connection", "proxy-authorization", "connection", "keep-alive"})


@dataclass(slots=True)
class Request:
    method: str
    target: str
    version: str
    host: str
    port: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    length: int = 0
    chunked: bool = False
    path: str = "/"

    @property
    def path_only(self) -> str:
        return self.path.split("?", 1)[0]

    def origin_head(self) -> bytes:
        """The request as the origin server must see it: origin-form, one request only."""
        lines = [f"{self.method} {self.path} {self.version}"]
        for name, value in self.headers:
            if name.lower() not in _HOP:
                lines.append(f"{name}: {value}")
        lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def parse_head(head: bytes) -> Request | None:
    """Parse a proxy request head (absolute-form or CONNECT authority-form); None if bad."""
    try:
        text = head.decode("latin-1")
    except UnicodeDecodeError:  # latin-1 decodes everything; kept for clarity
        return None
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    method, target, version = parts
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
            return None
        headers.append((name.strip(), value.strip()))
    found = {n.lower(): v for n, v in headers}
    try:
        length = int(found.get("content-length", "0") or 0)
    except ValueError:
        return None
    if length < 0:
        return None
    chunked = "chunked" in found.get("transfer-encoding", "").lower()
    if chunked and "content-length" in found:
        return None  # both framings: refused, as RFC 9112 section 6.3 advises a proxy
    if method == "CONNECT":
        host, _, port_text = target.rpartition(":")
        if not host or not port_text.isdigit():
            return None
        return Request(method, target, version, host.strip("[]"), int(port_text), headers, 0,
                       False, target)  # fmt: skip
    url = urlsplit(target)
    if url.scheme != "http" or not url.hostname:
        return None  # https:// without CONNECT, or origin-form: not a proxy request
    try:
        port = url.port or 80
    except ValueError:
        return None
    path = (url.path or "/") + (f"?{url.query}" if url.query else "")
    return Request(method, target, version, url.hostname, port, headers, length, chunked, path)


def secrets_in(fingerprints: Any, data: bytes) -> list[Any]:
    """Known secrets (FlowHits) in ``data``, also after percent-decoding."""
    scan = BodyScan(fingerprints)
    scan.feed(data)
    return scan.hits()


_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_escape_decode = getattr(codecs, "escape_decode", None)


def percent_decoded(data: bytes) -> bytes:
    """``urllib.parse.unquote_to_bytes(data)``, byte for byte, without its Python loop per
    escape (a form body can hold a million). A ``%`` that starts no valid escape is first
    written ``%25`` (which decodes to itself), backslashes are doubled, every ``%`` becomes
    ``\\x``, and the C codec that reads Python's byte escapes decodes the lot."""
    if b"%" not in data:
        return data
    if _escape_decode is None:  # pragma: no cover - an undocumented codec; kept in 3.11-3.13
        return unquote_to_bytes(data)
    marked = _BAD_ESCAPE.sub(b"%25", data).replace(b"\\", b"\\\\").replace(b"%", b"\\x")
    decoded: bytes = _escape_decode(marked)[0]
    return decoded


class BodyScan:
    """Known secrets in bytes that arrive in pieces (a body as it is read), as they are and
    once percent-decoded (``+`` as a space), the same as ``secrets_in`` on the whole.

    The bytes as sent are scanned piece by piece as they arrive (the fingerprint scan
    carries across pieces). The decoded text is scanned once at the end, and only when it
    can hold something the bytes as sent do not: a ``%`` escape was seen, or a ``+`` was
    and the session has secrets matched only as whole tokens (a ``+`` turned into a space
    can end a token; it can never make a fingerprinted window, which has no space).
    """

    def __init__(self, fingerprints: Any) -> None:
        self.fingerprints = fingerprints
        self.on = fingerprints is not None and len(fingerprints) > 0
        self.raw = fingerprints.scanner() if self.on else None
        self.pieces: list[bytes] = []
        self.percent = False
        self.plus = False

    def feed(self, data: bytes) -> None:
        if not self.on or not data:
            return
        assert self.raw is not None
        self.raw.feed(data)
        self.pieces.append(data)
        self.percent = self.percent or b"%" in data
        self.plus = self.plus or b"+" in data

    def hits(self) -> list[Any]:
        if not self.on:
            return []
        assert self.raw is not None
        found: list[Any] = self.raw.hits()
        if found or not (self.percent or (self.plus and self.fingerprints.has_whole_tokens)):
            return found
        decoded = percent_decoded(b"".join(self.pieces).replace(b"+", b" "))
        again = self.fingerprints.scanner()
        again.feed(decoded)
        return list(again.hits())


async def read_body(
    reader: asyncio.StreamReader, length: int, scan: BodyScan, piece: int = 256 * 1024
) -> bytes:
    """A ``Content-Length`` body, scanned piece by piece as it arrives."""
    out = bytearray()
    while len(out) < length:
        data = await reader.read(min(piece, length - len(out)))
        if not data:
            raise asyncio.IncompleteReadError(bytes(out), length)
        scan.feed(data)
        out += data
    return bytes(out)


async def read_chunked(
    reader: asyncio.StreamReader, limit: int, scan: BodyScan | None = None
) -> bytes:
    """The whole body of a chunked request (refused by the caller past ``limit``), each
    chunk scanned as it arrives."""
    out = bytearray()
    while True:
        line = await reader.readuntil(b"\r\n")
        size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers accepted beyond the final CRLF
            return bytes(out)
        if len(out) + size > limit:
            raise ConnectionError("chunked body beyond the scanned limit")
        data = await reader.readexactly(size)
        if scan is not None:
            scan.feed(data)
        out += data
        await reader.readexactly(2)


async def copy_chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while True:
        line = await reader.readuntil(b"\r\n")
        writer.write(line)
        size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            writer.write(await reader.readuntil(b"\r\n"))
            await writer.drain()
            return
        writer.write(await reader.readexactly(size + 2))
        await writer.drain()


def as_chunked(body: bytes) -> bytes:
    return (b"%x\r\n" % len(body) + body + b"\r\n" if body else b"") + b"0\r\n\r\n"


def dns_question(message: bytes) -> str | None:
    """The name asked in a DNS query (RFC 1035 section 4.1), or None if malformed."""
    if len(message) < 12:
        return None
    qdcount = struct.unpack("!H", message[4:6])[0]
    if qdcount < 1:
        return None
    labels: list[str] = []
    i = 12
    while i < len(message):
        n = message[i]
        if n == 0:
            return ".".join(labels)
        if n & 0xC0 or i + 1 + n > len(message):
            return None
        labels.append(message[i + 1 : i + 1 + n].decode("latin-1"))
        i += 1 + n
    return None


def dns_refusal(query: bytes, rcode: int) -> bytes:
    """An answer with no records and ``rcode`` (5 REFUSED, 2 SERVFAIL, 1 FORMERR)."""
    if len(query) < 12:
        return b""
    ident = query[:2]
    flags = 0x8000 | (query[2] & 0x01) << 8 | 0x0080 | rcode  # QR, RD copied, RA, RCODE
    end = 12
    while end < len(query) and query[end] != 0:
        end += 1 + query[end]
    question = query[12 : end + 5]
    qd = 1 if len(question) > 4 else 0
    return ident + struct.pack("!HHHHH", flags, qd, 0, 0, 0) + (question if qd else b"")
