"""The protocol on the daemon's socket: framing, limits, and the client's round trip.

The hook imports this module on every tool call, so it imports only the standard library
and as little of it as it can; the round trip (`ask_daemon`) lives here too, so the hook
loads one module for all of it.

  request:  ``BASTION/1 <agent> <payload bytes>\\n<payload>``  (agent ``control``: a
            control message, `bastion.wire.control`)
  reply:    ``<exit status> <stdout bytes> <stderr bytes>\\n<stdout><stderr>``

A reader must bound what it reads: the request header by `MAX_HEADER` bytes, the payload
by the daemon's ``max_payload_bytes``, so a hostile peer cannot make it buffer without end.
"""

import os
import sys

PROTOCOL = b"BASTION/1"
SOCKET_NAME = "daemon.sock"
CONTROL = "control"
"""The agent name that marks a request as a control message, not a hook payload."""
MAX_HEADER = 256
"""Longest request header line the daemon reads."""
MAX_AGENT_NAME = 32
"""Longest agent name a request may carry (the native client's bound too)."""
_AGENT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
MAX_EXIT_CODE = 255
"""Highest exit status a reply may carry: a process exit status is one byte, so a larger
code would reach the agent as ``code & 0xff`` (256 would read as 0, allow)."""
MAX_FIELD_DIGITS = 12
"""Longest decimal field in a reply header (the native client's bound too)."""
DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024
"""The hook's default limit on a payload it sends (``BASTION_MAX_PAYLOAD_BYTES``)."""
TIMEOUT_SECONDS = float(os.environ.get("BASTION_HOOK_TIMEOUT", "30"))
"""How long the hook waits for an answer: below Claude Code's own 60 s, so a hung daemon
yields a deny, not a timeout."""

__all__ = [
    "CONTROL",
    "DEFAULT_MAX_PAYLOAD",
    "MAX_AGENT_NAME",
    "MAX_EXIT_CODE",
    "MAX_HEADER",
    "PROTOCOL",
    "SOCKET_NAME",
    "TIMEOUT_SECONDS",
    "BadFrame",
    "NoDecision",
    "UntrustedDaemon",
    "ask_daemon",
    "is_agent_name",
    "parse_reply_header",
    "parse_request_header",
    "reply_frame",
    "request_frame",
]


class BadFrame(ValueError):
    """A header that is not this protocol's (the daemon answers it with a refusal)."""


def is_agent_name(name: str) -> bool:
    """Whether ``name`` is shaped like an agent name: lowercase letters, digits and ``-``, at
    most `MAX_AGENT_NAME`, and not `CONTROL`.

    Only the shape: which agents exist is the sensor registry's word, checked by the daemon
    (`bastion.sensors.registry.hook_refusal`), so the hook clients (this one and the native
    one) keep no list of agents and adding an agent never touches them.
    """
    return 0 < len(name) <= MAX_AGENT_NAME and set(name) <= _AGENT_CHARS and name != CONTROL


def request_frame(agent: str, payload: bytes) -> bytes:
    """One request: header line and payload."""
    return b"%s %s %d\n" % (PROTOCOL, agent.encode(), len(payload)) + payload


def parse_request_header(line: bytes, max_payload: int) -> tuple[str, int]:
    """``(agent, payload size)`` of a request header; `BadFrame` when it is not one."""
    try:
        proto, agent, size_s = line.decode("ascii").split()
        size = int(size_s)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadFrame(str(exc)) from None
    if proto.encode() != PROTOCOL:
        raise BadFrame(f"unknown protocol {proto!r}")
    if size < 0 or size > max_payload:
        raise BadFrame(f"payload size {size} outside limits")
    return agent, size


def reply_frame(exit_code: int, stdout: bytes, stderr: bytes) -> bytes:
    """One reply: header line, then stdout and stderr bytes."""
    return b"%d %d %d\n" % (exit_code, len(stdout), len(stderr)) + stdout + stderr


def parse_reply_header(line: bytes) -> tuple[int, int, int]:
    """``(exit status, stdout bytes, stderr bytes)``; ValueError when it is not a reply.

    Each field is plain ASCII digits (``int`` alone would also take ``-1``, ``+2``, ``1_0``
    and spaces), and the exit status is one the hook can pass on unchanged (0 to
    `MAX_EXIT_CODE`): anything else is unreadable, so the hook fails closed, as the native
    client does.
    """
    fields = line.split(b" ")
    if len(fields) != 3:
        raise ValueError("a reply header has three fields")
    for field in fields:
        if not field.isdigit() or len(field) > MAX_FIELD_DIGITS:  # bytes: ASCII digits only
            raise ValueError(f"reply header field {field[:16]!r} is not a decimal count")
    code, out, err = (int(field) for field in fields)
    if code > MAX_EXIT_CODE:
        raise ValueError(f"exit status {code} outside 0-{MAX_EXIT_CODE}")
    return code, out, err


class NoDecision(Exception):
    """The daemon could not be reached or did not answer."""


class UntrustedDaemon(NoDecision):
    """Something answers on the socket, but it is not the daemon this hook trusts."""


def ask_daemon(
    socket_path: str, agent: str, payload: bytes, trusted_uids: tuple[int, ...]
) -> tuple[int, bytes, bytes]:
    # The C module, not `socket`: the wrapper imports enum and selectors, milliseconds that
    # every tool call would pay.
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    sock.settimeout(TIMEOUT_SECONDS)
    try:
        sock.connect(socket_path)
    except OSError as exc:
        sock.close()
        raise ConnectionError(str(exc)) from exc
    try:
        # struct ucred {pid, uid, gid}: the kernel's word on who listens, before we say a thing.
        cred = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
        uid = int.from_bytes(cred[4:8], sys.byteorder)
        if uid not in trusted_uids:
            pid = int.from_bytes(cred[0:4], sys.byteorder)
            raise UntrustedDaemon(
                f"the process answering on {socket_path} (pid {pid}) runs as uid {uid}, "
                f"not as Bastion's daemon user (uid {' or '.join(map(str, trusted_uids))}); "
                "its answers are not trusted. Fix: stop that process and run `bastion doctor`"
            )
        sock.sendall(request_frame(agent, payload))
        data = b""
        while b"\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise NoDecision("the daemon closed the connection without a reply")
            data += chunk
        header, _, rest = data.partition(b"\n")
        code, out_len, err_len = parse_reply_header(header)
        need = out_len + err_len
        while len(rest) < need:
            chunk = sock.recv(max(65536, need - len(rest)))
            if not chunk:
                raise NoDecision("the daemon's reply was cut short")
            rest += chunk
        return code, rest[:out_len], rest[out_len:need]
    except TimeoutError as exc:
        raise NoDecision(f"the daemon did not answer within {TIMEOUT_SECONDS:g} s") from exc
    except UntrustedDaemon:
        raise
    except (OSError, ValueError) as exc:
        raise NoDecision(f"the daemon's reply could not be read ({exc})") from exc
    finally:
        sock.close()
