"""The hot-path hook client: stdin to the daemon over a Unix socket, its reply to stdout.

The agent starts this as a new process for every tool call, so it imports only the
standard library (and as little of it as it can) and does no parsing of its own: the
daemon owns every decision. When the daemon is down it starts one, detached, and decides
this one call in-process. When no decision can be had at all it fails closed with the
agent's universal "stop" (exit status 2, a message on stderr naming the fix), unless the
operator set ``BASTION_ON_UNAVAILABLE=allow``.

Wire format (both directions are one ASCII header line, then raw bytes):
  request:  ``BASTION/1 <agent> <payload bytes>\\n<payload>``
  reply:    ``<exit status> <stdout bytes> <stderr bytes>\\n<stdout><stderr>``
"""

from __future__ import annotations

import os
import sys

PROTOCOL = b"BASTION/1"
SOCKET_NAME = "daemon.sock"  # repeated from bastion.config to keep this module stdlib-only
MAX_PAYLOAD = int(os.environ.get("BASTION_MAX_PAYLOAD_BYTES", str(16 * 1024 * 1024)))
TIMEOUT_SECONDS = float(os.environ.get("BASTION_HOOK_TIMEOUT", "30"))
AGENTS = ("claude-code",)
FIX = "start the daemon with `bastion up` (see `bastion status`)"


class NoDecision(Exception):
    """The daemon could not be reached or did not answer."""


def home_dir(argv: list[str]) -> str:
    if "--home" in argv:
        i = argv.index("--home")
        if i + 1 < len(argv):
            return os.path.abspath(os.path.expanduser(argv[i + 1]))
    env = os.environ.get("BASTION_HOME")
    if env:
        return os.path.abspath(os.path.expanduser(env))
    return os.path.join(os.path.expanduser("~"), ".bastion")


def read_stdin(limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes: enough to know the payload is too large."""
    stream = sys.stdin.buffer
    chunks = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def ask_daemon(socket_path: str, agent: str, payload: bytes) -> tuple[int, bytes, bytes]:
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
        sock.sendall(b"%s %s %d\n" % (PROTOCOL, agent.encode(), len(payload)) + payload)
        data = b""
        while b"\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise NoDecision("the daemon closed the connection without a reply")
            data += chunk
        header, _, rest = data.partition(b"\n")
        code_s, out_s, err_s = header.split(b" ")
        need = int(out_s) + int(err_s)
        while len(rest) < need:
            chunk = sock.recv(max(65536, need - len(rest)))
            if not chunk:
                raise NoDecision("the daemon's reply was cut short")
            rest += chunk
        return int(code_s), rest[: int(out_s)], rest[int(out_s) : need]
    except TimeoutError as exc:
        raise NoDecision(f"the daemon did not answer within {TIMEOUT_SECONDS:g} s") from exc
    except (OSError, ValueError) as exc:
        raise NoDecision(f"the daemon's reply could not be read ({exc})") from exc
    finally:
        sock.close()


def start_daemon(home: str) -> None:
    """Start a detached daemon for the next calls; this call is decided in-process."""
    import subprocess

    # contextlib.suppress would be one more import on the hot path.
    try:  # noqa: SIM105
        subprocess.Popen(
            [sys.executable, "-m", "bastion.daemon", "--home", home],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        pass  # the in-process decision below still protects this call


def decide_in_process(home: str, agent: str, payload: bytes) -> tuple[int, bytes, bytes]:
    try:
        from bastion.daemon import decide_once
    except Exception as exc:  # a broken install must still fail closed, never open
        raise NoDecision(f"Bastion is not importable here ({type(exc).__name__})") from exc
    try:
        return decide_once(home, agent, payload)
    except Exception as exc:
        raise NoDecision(f"in-process decision failed ({type(exc).__name__}: {exc})") from exc


def write_reply(code: int, out: bytes, err: bytes) -> int:
    if out:
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    if err:
        sys.stderr.buffer.write(err)
        sys.stderr.buffer.flush()
    return code


def no_decision(reason: str) -> int:
    if os.environ.get("BASTION_ON_UNAVAILABLE") == "allow":
        return write_reply(
            0, b"", f"Bastion: {reason}; allowed by BASTION_ON_UNAVAILABLE\n".encode()
        )
    message = f"Bastion: no decision could be had ({reason}); denied to be safe. Fix: {FIX}.\n"
    return write_reply(2, b"", message.encode())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    agent = args[0] if args and not args[0].startswith("-") else "claude-code"
    if agent not in AGENTS:
        return write_reply(
            2, b"", f"Bastion: unknown agent {agent!r}; use one of: {', '.join(AGENTS)}\n".encode()
        )
    home = home_dir(args)
    try:
        payload = read_stdin(MAX_PAYLOAD)
    except OSError as exc:
        return no_decision(f"stdin could not be read: {exc}")
    if len(payload) > MAX_PAYLOAD:
        limit_mb = MAX_PAYLOAD / 1048576
        return write_reply(
            2,
            b"",
            f"Bastion: hook payload larger than {limit_mb:g} MB cannot be inspected and is "
            f"refused; raise BASTION_MAX_PAYLOAD_BYTES if such payloads are expected\n".encode(),
        )
    try:
        return write_reply(*ask_daemon(os.path.join(home, SOCKET_NAME), agent, payload))
    except ConnectionError:
        pass
    except NoDecision as exc:
        return no_decision(str(exc))
    start_daemon(home)
    try:
        return write_reply(*decide_in_process(home, agent, payload))
    except NoDecision as exc:
        return no_decision(str(exc))


if __name__ == "__main__":
    sys.exit(main())
