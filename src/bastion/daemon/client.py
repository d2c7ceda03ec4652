"""The daemon's client: start, stop and query the daemon of a home, send it control messages.

Used by the CLI, the console and system mode; messages are `bastion.wire.control` values.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time

from bastion.config import Home
from bastion.core import home as home_names
from bastion.errors import BastionError
from bastion.wire import protocol
from bastion.wire.control import ControlMessage, Ping, Shutdown, encode

__all__ = [
    "DaemonLost",
    "Refused",
    "UnexpectedReply",
    "control",
    "parse_reply",
    "pid_of",
    "responsive",
    "start",
    "start_console",
    "stop",
    "stop_console",
]


class UnexpectedReply(BastionError, OSError):
    """Something answered on the socket, but not with a Bastion control reply."""


class DaemonLost(BastionError, OSError):
    """A daemon took the connection, then it broke (or went silent) before the answer.

    Not a `ConnectionError`: a daemon runs, so a caller must not fall back to writing the
    store itself. ``sent`` says whether the whole request had left: when it had not, the
    daemon cannot have carried it out (it reads whole requests only) and a retry is safe.
    """

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.sent = sent


def pid_of(home: Home) -> int | None:
    try:
        pid = int(home.pid_path.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def responsive(home: Home, timeout: float = 2.0) -> bool:
    """Whether a daemon answers on the socket (a control ping)."""
    try:
        reply = control(home, Ping(), timeout=timeout)
    except OSError:
        return False
    return reply.get("ok") is True


def start(home: Home, *, profile: str | None = None, wait: float = 10.0) -> int:
    """Start a detached daemon and wait until it answers; returns its pid."""
    home.ensure()
    if responsive(home):
        return pid_of(home) or 0
    args = [sys.executable, "-m", "bastion.daemon", "--home", str(home.root)]
    if profile:
        args += ["--profile", profile]
    proc = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=open(home.root / home_names.DAEMON_STDERR, "ab"),  # noqa: SIM115 - handed to the child
        start_new_session=True,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if responsive(home, timeout=0.5):
            return pid_of(home) or proc.pid
        if proc.poll() is not None and not responsive(home, timeout=0.5):
            break
        time.sleep(0.05)
    raise RuntimeError(
        f"the daemon did not start; see {home.log_path} and {home.root / 'daemon.stderr'}"
    )


class Refused(BastionError):
    """The daemon refused a control operation to this caller."""


def stop(home: Home, wait: float = 10.0) -> bool:
    """Stop the daemon: asked over the socket (authorised there), by signal if it is hung.

    A refusal (an agent's ``bastion down``) raises `Refused`; nothing is signalled then.
    """
    pid = pid_of(home)
    try:
        reply = control(home, Shutdown(by=_who()), timeout=2)
    except OSError:
        reply = None
    if reply is not None:
        if not reply.get("ok"):
            raise Refused(str(reply.get("error", "the daemon refused to shut down")))
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not responsive(home, timeout=0.5) and (pid is None or pid_of(home) is None):
                return True
            time.sleep(0.05)
    if pid is None:
        return reply is not None
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if pid_of(home) is None:
            return True
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return True


def control(home: Home, message: ControlMessage, timeout: float = 5.0) -> dict[str, object]:
    """Send one control message to the running daemon; its JSON answer.

    `ConnectionError` or `FileNotFoundError` when no daemon takes the connection (none
    runs), `DaemonLost` when one took it and then failed, `UnexpectedReply` when something
    else answers on the socket.
    """
    body = encode(message)
    where = str(home.socket_path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(where)
        sent = False
        try:
            sock.sendall(protocol.request_frame(protocol.CONTROL, body))
            sent = True
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError as exc:
            raise DaemonLost(
                f"the daemon on {where} took the {message.op!r} request and then "
                f"{'went silent' if isinstance(exc, TimeoutError) else 'dropped it'} "
                f"({type(exc).__name__}); `bastion status` shows whether it runs",
                sent=sent,
            ) from exc
    return parse_reply(data, where)


def parse_reply(data: bytes, where: str) -> dict[str, object]:
    """The JSON object of a control reply; anything else raises `UnexpectedReply`."""
    header, _, rest = data.partition(b"\n")
    try:
        _code, out_len, _err_len = protocol.parse_reply_header(header)
        answer = json.loads(rest[:out_len] or b"{}")
    except ValueError as exc:
        raise UnexpectedReply(
            f"unexpected reply on {where} ({data[:60]!r}): is that Bastion's daemon? "
            "Run `bastion doctor`, stop whatever listens there and `bastion up`"
        ) from exc
    if not isinstance(answer, dict):
        raise UnexpectedReply(f"unexpected reply on {where}: not a JSON object")
    return answer


def _who() -> str:
    return os.environ.get("USER") or os.environ.get("LOGNAME") or "cli"


def start_console(home: Home, *, port: int = 8700, wait: float = 20.0) -> str:
    """Start `bastion serve` for this home, detached; returns its URL once it answers."""
    import urllib.request

    url = f"http://127.0.0.1:{port}"
    args = [
        sys.executable,
        "-m",
        "bastion.cli.serve_cmd",
        "--home",
        str(home.root),
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=open(home.root / home_names.CONSOLE_STDERR, "ab"),  # noqa: SIM115 - handed to the child
        start_new_session=True,
    )
    home.console_pid_path.write_text(str(proc.pid))
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=0.5) as reply:
                if reply.status == 200:
                    return url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the console did not start; see {home.root / 'console.stderr'}")


def stop_console(home: Home) -> bool:
    path = home.console_pid_path
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return False
    path.unlink(missing_ok=True)
    home.console_url_path.unlink(missing_ok=True)  # uvicorn exits by the signal itself
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    return True
