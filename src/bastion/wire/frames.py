"""The framing of every message on the daemon's socket, both directions; stdlib only.

The hook imports this module on every tool call, so it imports nothing at all (not even
``os``: the limits the hook reads from its environment are read by the hook).

  request:  ``BASTION/1 <agent> <payload bytes>\\n<payload>``  (agent ``control``: a
            control message, `bastion.wire.control`)
  reply:    ``<exit status> <stdout bytes> <stderr bytes>\\n<stdout><stderr>``

A reader must bound what it reads: the request header by `MAX_HEADER` bytes, the payload
by the daemon's ``max_payload_bytes``, so a hostile peer cannot make it buffer without end.
"""

PROTOCOL = b"BASTION/1"
SOCKET_NAME = "daemon.sock"
CONTROL = "control"
"""The agent name that marks a request as a control message, not a hook payload."""
MAX_HEADER = 256
"""Longest request header line the daemon reads."""
DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024
"""The hook's default limit on a payload it sends (``BASTION_MAX_PAYLOAD_BYTES``)."""

__all__ = [
    "CONTROL",
    "DEFAULT_MAX_PAYLOAD",
    "MAX_HEADER",
    "PROTOCOL",
    "SOCKET_NAME",
    "BadFrame",
    "parse_reply_header",
    "parse_request_header",
    "reply_frame",
    "request_frame",
]


class BadFrame(ValueError):
    """A header that is not this protocol's (the daemon answers it with a refusal)."""


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
    """``(exit status, stdout bytes, stderr bytes)``; ValueError when it is not a reply."""
    code_s, out_s, err_s = line.split(b" ")
    code, out, err = int(code_s), int(out_s), int(err_s)
    if out < 0 or err < 0:
        raise ValueError("negative length in reply header")
    return code, out, err
