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

The wire format (one ASCII header line, then raw bytes, both ways) is
`bastion.wire.protocol`, shared with the daemon and its clients.
"""

from __future__ import annotations

import os
import sys

from bastion.wire.protocol import (
    DEFAULT_MAX_PAYLOAD,
    SOCKET_NAME,
    NoDecision,
    UntrustedDaemon,
    ask_daemon,
    is_agent_name,
)

__all__ = [
    "DEFAULT_AGENT",
    "FIX",
    "MAX_PAYLOAD",
    "home_dir",
    "main",
    "no_decision",
    "option",
    "read_stdin",
    "run",
    "write_reply",
]

MAX_PAYLOAD = int(os.environ.get("BASTION_MAX_PAYLOAD_BYTES", str(DEFAULT_MAX_PAYLOAD)))
DEFAULT_AGENT = "claude-code"
"""The agent a hook command that names none means (settings written before agents were named);
`bastion.sensors.registry.DEFAULT_AGENT`. The hook keeps no list of agents: it passes the name
on and the daemon, which holds the sensor registry, refuses one it does not know."""
FIX = "start the daemon with `bastion up` (see `bastion status`)"
NAME_RULE = "an agent's name is lowercase letters, digits and '-' (see `bastion install --help`)"


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


def write_reply(code: int, out: bytes, err: bytes) -> int:
    if out:
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    if err:
        sys.stderr.buffer.write(err)
        sys.stderr.buffer.flush()
    return code


def no_decision(reason: str, *, system: bool = False) -> int:
    if not system and os.environ.get("BASTION_ON_UNAVAILABLE") == "allow":
        return write_reply(
            0, b"", f"Bastion: {reason}; allowed by BASTION_ON_UNAVAILABLE\n".encode()
        )
    message = f"Bastion: no decision could be had ({reason}); denied to be safe. Fix: {FIX}.\n"
    return write_reply(2, b"", message.encode())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    agent = args[0] if args and not args[0].startswith("-") else DEFAULT_AGENT
    if not is_agent_name(agent):
        return write_reply(2, b"", f"Bastion: unknown agent {agent!r}; {NAME_RULE}\n".encode())
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
        from bastion.hook.recover import START_WAIT_SECONDS, recover, wait_for_daemon

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


def run() -> None:
    """The hook as a process: `main`, then `bastion.hook.recover.leave` when this process
    decided in-process (it skips the teardown of the engine it built)."""
    code = main()
    recover = sys.modules.get("bastion.hook.recover")
    if recover is None:
        sys.exit(code)
    recover.leave(code)


if __name__ == "__main__":
    run()
