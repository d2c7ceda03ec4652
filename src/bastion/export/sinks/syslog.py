"""Syslog over TCP or TLS: RFC 5424 messages carrying CEF, framed by octet counting.

Each OCSF event becomes one RFC 5424 message (``<PRI>1 TIMESTAMP HOST bastion - MSGID
[SD] CEF:0|...``), framed as RFC 6587 / RFC 5425 require on a stream (``LEN SP MSG``).
``tls = true`` wraps the connection (RFC 5425) and checks the server's certificate
against ``ca_file`` (or the system's CAs). Structured data ``[bastion@32473 key=...]``
carries the idempotency key; 32473 is the documentation enterprise number of RFC 5612,
so set ``sd_id`` to your own. TCP has no application acknowledgement: a batch counts as
delivered once the kernel took every byte and the connection did not break (a broken
connection sends the batch again on a new one).
"""

from __future__ import annotations

import datetime
import select
import socket
import ssl
from collections.abc import Sequence
from typing import Any

from bastion.export.cef import cef_line
from bastion.export.config import SinkConfig
from bastion.export.ocsf import SessionBook
from bastion.export.sinks.base import Sink, SinkError, ocsf_events
from bastion.store.export_log import LogItem

_SEVERITY = {1: 6, 2: 5, 3: 4, 4: 3, 5: 2, 6: 1}  # OCSF severity -> syslog severity


def _sd_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def rfc5424(event: dict[str, Any], *, facility: int, sd_id: str, app: str = "bastion") -> bytes:
    """One RFC 5424 message (without framing) for one OCSF event."""
    pri = facility * 8 + _SEVERITY.get(int(event.get("severity_id", 1)), 5)
    when = datetime.datetime.fromtimestamp(event["time"] / 1000, datetime.UTC)
    stamp = when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    host = "".join(c for c in str(event["device"]["hostname"]) if 33 <= ord(c) <= 126)[:255]
    msgid = f"ocsf{event['class_uid']}"
    meta = event["metadata"]
    sd = f'[{sd_id} key="{_sd_value(meta["uid"])}" seq="{meta.get("sequence", 0)}"]'
    head = f"<{pri}>1 {stamp} {host or '-'} {app} - {msgid} {sd} "
    return head.encode() + cef_line(event).encode("utf-8")


def frame(message: bytes) -> bytes:
    """RFC 6587 octet counting: ``MSG-LEN SP SYSLOG-MSG``."""
    return str(len(message)).encode() + b" " + message


class SyslogSink(Sink):
    def __init__(self, config: SinkConfig) -> None:
        self.name = config.name
        self.host = str(config.require("host"))
        self.port = int(config.get("port", 6514 if config.get("tls") else 601))
        self.tls = bool(config.get("tls", False))
        self.facility = int(config.get("facility", 13))  # 13: log audit
        self.sd_id = str(config.get("sd_id", "bastion@32473"))
        self.timeout = float(config.get("timeout_seconds", 10.0))
        self._context: ssl.SSLContext | None = None
        if self.tls:
            self._context = ssl.create_default_context(cafile=config.get("ca_file"))
            self.server_name = str(config.get("server_name", self.host))
        self._sock: socket.socket | None = None

    def _connect(self) -> socket.socket:
        if self._sock is not None:
            # A syslog server never writes to us: a readable socket means it closed or
            # reset the connection, and bytes sent now would be lost. Start a new one.
            readable, _, _ = select.select([self._sock], [], [], 0)
            if not readable:
                return self._sock
            self.close()
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            if self._context is not None:
                sock = self._context.wrap_socket(sock, server_hostname=self.server_name)
        except ssl.SSLCertVerificationError as exc:
            raise SinkError(
                f"{self.name}: the syslog server's certificate is not trusted "
                f"({exc.verify_message}); set ca_file to the CA that signed it"
            ) from None
        except OSError as exc:
            raise SinkError(
                f"{self.name}: cannot connect to {self.host}:{self.port} ({exc})"
            ) from None
        self._sock = sock
        return sock

    pipelined = True

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> bytes:
        return b"".join(
            frame(rfc5424(e, facility=self.facility, sd_id=self.sd_id))
            for e in ocsf_events(items, book)
        )

    def deliver(self, payload: bytes) -> None:
        data = payload
        sock = self._connect()
        try:
            sock.sendall(data)
        except OSError as exc:
            self.close()
            raise SinkError(f"{self.name}: the connection broke while sending ({exc})") from None

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None
