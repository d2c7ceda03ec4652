"""One round trip to the daemon: connect, check who listens, send the payload, read the reply.

Shared by the hook's hot path (`bastion.hook`) and its slow path (`bastion.hook.recover`);
standard library only, like both of them.
"""

from __future__ import annotations

import os
import sys

from bastion.wire.frames import parse_reply_header, request_frame

TIMEOUT_SECONDS = float(os.environ.get("BASTION_HOOK_TIMEOUT", "30"))

__all__ = ["TIMEOUT_SECONDS", "NoDecision", "UntrustedDaemon", "ask_daemon"]


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
