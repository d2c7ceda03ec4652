"""A real rsyslog (Debian's ``rsyslogd``) on a loopback port, from a temporary config.

It runs in the foreground as a child of the test, listens with ``imtcp`` (plain TCP, or
TLS through the ``gtls`` stream driver with a certificate made for the test) and writes
what it parsed of each RFC 5424 message to a file, one line per message.
"""

from __future__ import annotations

import contextlib
import datetime
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# What rsyslog parsed: host, app, msgid, structured data, then the message (the CEF line).
TEMPLATE = "%hostname%\\t%app-name%\\t%msgid%\\t%structured-data%\\t%msg%\\n"


def rsyslogd() -> str:
    found = shutil.which("rsyslogd") or (
        "/usr/sbin/rsyslogd" if Path("/usr/sbin/rsyslogd").exists() else None
    )
    if found is None:
        import os

        message = "rsyslogd is not installed; apt-get install rsyslog rsyslog-gnutls (.ci/run does)"
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_certs(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1 / localhost: (ca, cert, key)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bastion test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


class Rsyslog:
    def __init__(self, folder: Path, *, tls: bool) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.out = folder / "received.log"
        self.tls = tls
        self.ca: Path | None = None
        lines = []
        if tls:
            self.ca, cert, key = make_certs(folder)
            lines.append(
                f'global(workDirectory="{folder}" maxMessageSize="256k" '
                f'DefaultNetstreamDriverCAFile="{self.ca}" '
                f'DefaultNetstreamDriverCertFile="{cert}" DefaultNetstreamDriverKeyFile="{key}")'
            )
            lines.append(
                'module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" '
                'StreamDriver.AuthMode="anon")'
            )
        else:
            lines.append(f'global(workDirectory="{folder}" maxMessageSize="256k")')
            lines.append('module(load="imtcp")')
        lines += [
            f'input(type="imtcp" port="{self.port}" address="127.0.0.1")',
            f'template(name="parsed" type="string" string="{TEMPLATE}")',
            f'action(type="omfile" file="{self.out}" template="parsed" flushOnTXEnd="on" '
            'asyncWriting="off")',
        ]
        self.conf = folder / "rsyslog.conf"
        self.conf.write_text("\n".join(lines) + "\n")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [rsyslogd(), "-n", "-f", str(self.conf), "-i", str(self.folder / "pid")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode() if self.proc.stdout else ""
                raise RuntimeError(f"rsyslogd exited: {out}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)
        raise RuntimeError("rsyslogd did not listen in 15 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def lines(self, want: int, timeout: float = 15.0) -> list[list[str]]:
        """The parsed messages, once at least ``want`` arrived (or the timeout passed)."""
        deadline = time.monotonic() + timeout
        rows: list[list[str]] = []
        while time.monotonic() < deadline:
            if self.out.exists():
                rows = [line.split("\t", 4) for line in self.out.read_text().splitlines()]
                if len(rows) >= want:
                    return rows
            time.sleep(0.05)
        return rows


@contextlib.contextmanager
def running(folder: Path, *, tls: bool) -> Iterator[Rsyslog]:
    server = Rsyslog(folder, tls=tls)
    server.start()
    try:
        yield server
    finally:
        server.stop()
