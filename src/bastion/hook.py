"""The hot-path hook client: stdin to the daemon over a Unix socket, its reply to stdout.

The agent starts this as a new process for every tool call, so it imports only the
standard library (and as little of it as it can) and does no parsing of its own: the
daemon owns every decision. Before it sends anything it asks the kernel who
owns the answering process (``SO_PEERCRED``) and refuses a daemon that is not the one it
expects: in personal mode this user (or root), in system mode the service user whose uid
the installer pinned in the hook command (``--daemon-uid``). When no decision can be had
it fails closed with the agent's universal "stop" (exit status 2, a message on stderr
naming the fix), unless the operator set ``BASTION_ON_UNAVAILABLE=allow`` (ignored in
system mode, where the environment is the agent's).

When the personal daemon is down, one hook at a time (under ``daemon.start.lock``) starts
one, detached, and decides its own call in-process; every other hook waits for the socket
with a short backoff instead of building an engine of its own. In system mode the hook
never starts a daemon (the service does) and only waits for the socket.

Wire format (both directions are one ASCII header line, then raw bytes):
  request:  ``BASTION/1 <agent> <payload bytes>\\n<payload>``
  reply:    ``<exit status> <stdout bytes> <stderr bytes>\\n<stdout><stderr>``
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing would cost every call
if TYPE_CHECKING:
    import subprocess

PROTOCOL = b"BASTION/1"
SOCKET_NAME = "daemon.sock"  # repeated from bastion.config to keep this module stdlib-only
MAX_PAYLOAD = int(os.environ.get("BASTION_MAX_PAYLOAD_BYTES", str(16 * 1024 * 1024)))
TIMEOUT_SECONDS = float(os.environ.get("BASTION_HOOK_TIMEOUT", "30"))
AGENTS = ("claude-code",)
FIX = "start the daemon with `bastion up` (see `bastion status`)"
START_LOCK = "daemon.start.lock"
# How long a hook waits for a daemon another hook (or the service manager) is starting.
START_WAIT_SECONDS = float(os.environ.get("BASTION_START_WAIT", "20"))


class NoDecision(Exception):
    """The daemon could not be reached or did not answer."""


class UntrustedDaemon(NoDecision):
    """Something answers on the socket, but it is not the daemon this hook trusts."""


def option(argv: list[str], name: str) -> str | None:
    if name in argv:
        i = argv.index(name)
        if i + 1 < len(argv):
            return argv[i + 1]
    return None


def home_dir(argv: list[str]) -> str:
    pinned = option(argv, "--home")
    if pinned:
        return os.path.abspath(os.path.expanduser(pinned))
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
    except UntrustedDaemon:
        raise
    except (OSError, ValueError) as exc:
        raise NoDecision(f"the daemon's reply could not be read ({exc})") from exc
    finally:
        sock.close()


def start_daemon(home: str) -> subprocess.Popen[bytes] | None:
    """Start a detached daemon; returns its process handle (None if it could not start)."""
    import subprocess

    try:
        return subprocess.Popen(
            [sys.executable, "-m", "bastion.daemon", "--home", home],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        return None  # the in-process decision still protects this call


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


def wait_for_daemon(
    socket_path: str, agent: str, payload: bytes, trusted: tuple[int, ...], deadline: float
) -> tuple[int, bytes, bytes] | None:
    """Retry the socket with a short backoff until ``deadline``; None if nobody answered."""
    import time

    delay = 0.01
    while True:
        try:
            return ask_daemon(socket_path, agent, payload, trusted)
        except ConnectionError:
            pass
        if time.monotonic() + delay > deadline:
            return None
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def recover(
    home: str, socket_path: str, agent: str, payload: bytes, trusted: tuple[int, ...]
) -> tuple[int, bytes, bytes]:
    """No personal daemon answered: one hook starts it, every hook waits for its socket.

    Without the lock, fifty hooks finding a dead daemon would each build an engine (seconds
    of CPU each) and each start a daemon; with it, recovery costs one start. Only the lock
    holder may decide in-process, and only when the daemon it started did not come up
    (it exited, or the wait ran out): building a second engine beside a starting daemon
    would only slow the start every waiting hook depends on.
    """
    import fcntl
    import time

    deadline = time.monotonic() + START_WAIT_SECONDS
    os.makedirs(home, mode=0o700, exist_ok=True)
    fd = os.open(os.path.join(home, START_LOCK), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # Another hook is starting the daemon: wait for its socket a little.
                slice_end = min(deadline, time.monotonic() + 0.5)
                reply = wait_for_daemon(socket_path, agent, payload, trusted, slice_end)
                if reply is not None:
                    return reply
                if time.monotonic() >= deadline:
                    raise NoDecision(
                        f"no daemon answered within {START_WAIT_SECONDS:g} s while another "
                        "hook was starting one"
                    ) from None
                continue
            try:
                try:  # a daemon may have come up while we waited for the lock
                    return ask_daemon(socket_path, agent, payload, trusted)
                except ConnectionError:
                    pass
                proc = start_daemon(home)
                while proc is not None and proc.poll() is None:
                    slice_end = min(deadline, time.monotonic() + 0.25)
                    reply = wait_for_daemon(socket_path, agent, payload, trusted, slice_end)
                    if reply is not None:
                        return reply
                    if time.monotonic() >= deadline:
                        break
                return decide_in_process(home, agent, payload)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def no_decision(reason: str, *, system: bool = False) -> int:
    if not system and os.environ.get("BASTION_ON_UNAVAILABLE") == "allow":
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
    socket_path = option(args, "--socket") or os.path.join(home, SOCKET_NAME)
    pinned_uid = option(args, "--daemon-uid")
    system = pinned_uid is not None
    try:
        trusted = (int(pinned_uid),) if pinned_uid is not None else (os.getuid(), 0)
    except ValueError:
        return no_decision(f"--daemon-uid {pinned_uid!r} is not a number", system=True)
    try:
        return write_reply(*ask_daemon(socket_path, agent, payload, trusted))
    except UntrustedDaemon as exc:
        return write_reply(2, b"", f"Bastion: {exc}; denied to be safe.\n".encode())
    except ConnectionError:
        pass
    except NoDecision as exc:
        return no_decision(str(exc), system=system)
    try:
        if system:
            import time

            deadline = time.monotonic() + START_WAIT_SECONDS
            reply = wait_for_daemon(socket_path, agent, payload, trusted, deadline)
            if reply is None:
                raise NoDecision(
                    f"the system daemon does not answer on {socket_path}; an administrator "
                    "must start it (`sudo bastion up --system`)"
                )
            return write_reply(*reply)
        return write_reply(*recover(home, socket_path, agent, payload, trusted))
    except UntrustedDaemon as exc:
        return write_reply(2, b"", f"Bastion: {exc}; denied to be safe.\n".encode())
    except NoDecision as exc:
        return no_decision(str(exc), system=system)
    except OSError as exc:
        return no_decision(f"the daemon could not be started ({exc})", system=system)


if __name__ == "__main__":
    sys.exit(main())
