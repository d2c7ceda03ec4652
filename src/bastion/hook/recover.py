"""The hook's slow path: no daemon answered, so wait for one, or start one and wait.

Kept out of ``bastion.hook`` so the hot path (a daemon answers) loads less code on every
tool call. Standard library only, like the hook.
"""

from __future__ import annotations

import os
import sys

from bastion.wire.protocol import NoDecision, ask_daemon

START_LOCK = "daemon.start.lock"
# How long a hook waits for a daemon another hook (or the service manager) is starting.
START_WAIT_SECONDS = float(os.environ.get("BASTION_START_WAIT", "20"))
# Longest pause between two tries of the socket while a daemon starts. A try on a missing
# socket costs microseconds; a long pause is paid in full by the waiting call (the answer
# comes, on average, half a pause after the daemon is ready): 100 ms cost ~50 ms a call.
POLL_MAX_SECONDS = 0.01

TYPE_CHECKING = False  # not typing's: keep the hook's imports to the standard minimum
if TYPE_CHECKING:
    import subprocess
    from typing import NoReturn

__all__ = [
    "POLL_MAX_SECONDS",
    "START_LOCK",
    "START_WAIT_SECONDS",
    "core_free",
    "decide_fast_or_none",
    "decide_in_process",
    "leave",
    "note_start",
    "recover",
    "start_daemon",
    "start_under_way",
    "wait_for_daemon",
]


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


def _prepare_for_engine(home: str) -> None:
    """Before this one-call process imports and builds an engine: compiles come from the
    home's cache (`compile_cache`, saved after the answer), and the cyclic garbage
    collector is off. It would walk the few hundred thousand objects the imports create
    again and again (about 8% of the fallback's CPU, interleaved pairs at load 15) to find
    garbage this process, which exits after one answer, never has to give back."""
    import gc

    from bastion.hook.compile_cache import install

    gc.disable()
    install(home)


def decide_in_process(home: str, agent: str, payload: bytes) -> tuple[int, bytes, bytes]:
    try:
        _prepare_for_engine(home)
        from bastion.daemon import decide_once
    except Exception as exc:  # a broken install must still fail closed, never open
        raise NoDecision(f"Bastion is not importable here ({type(exc).__name__})") from exc
    try:
        return decide_once(home, agent, payload)
    except Exception as exc:
        raise NoDecision(f"in-process decision failed ({type(exc).__name__}: {exc})") from exc


def core_free() -> bool:
    """Whether a core is idle beside the daemon being started (``BASTION_FALLBACK_FAST``:
    ``always`` or ``never`` overrides).

    The store-less decision costs about 0.4 s of CPU and answers only denies; on a busy
    machine that CPU is taken from the daemon's start, which every other call (and this
    one, when it is not a deny) waits for: measured under load 12 on 2 cores, it made the
    daemon-down allow 1.4x slower. So it runs only when the one-minute load leaves a core
    for it (bench/daemon_down_ab.py --fast).
    """
    choice = os.environ.get("BASTION_FALLBACK_FAST", "auto")
    if choice in ("always", "never"):
        return choice == "always"
    try:
        return os.getloadavg()[0] + 1.0 <= (os.cpu_count() or 1)
    except OSError:
        return False


_answered_alone = False
"""Set when this process answered with the store-less engine (`leave` may then skip the
interpreter's teardown)."""


def decide_fast_or_none(home: str, agent: str, payload: bytes) -> tuple[int, bytes, bytes] | None:
    """`bastion.engine_fallback.decide_fast`, or None when it cannot answer, fails, or no
    core is free for it: the daemon being started then answers (and the full in-process
    decision if it does not)."""
    global _answered_alone
    if not core_free():
        return None
    try:
        _prepare_for_engine(home)
        from bastion.engine_fallback import decide_fast

        reply = decide_fast(home, agent, payload)
    except Exception:
        return None
    _answered_alone = reply is not None
    return reply


def leave(code: int) -> NoReturn:
    """End the hook process with ``code``.

    After the store-less engine answered, the interpreter's teardown (a full collection
    and the clearing of ~340 modules and the engine's objects) cost about 40 ms of CPU, a
    quarter of that call (task-clock, issue #17), for nothing this process needs: its
    answer is written, the journal entry behind it fsynced before (`record/wal`), and the
    only other file it writes, the compile cache, is saved by its ``atexit`` handler, run
    here. It starts no thread. Every other path (the daemon answered; the full engine,
    whose store may still hold work) exits as Python does.
    """
    if not _answered_alone:
        sys.exit(code)
    import atexit
    import contextlib

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def note_start(fd: int, pid: int) -> None:
    """Write the started daemon's pid into the start lock file (held by the caller)."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(pid).encode(), 0)


def start_under_way(fd: int) -> bool:
    """Whether the daemon a hook started (pid in the start lock file) is still starting.

    A hook that answered alone (`decide_fast_or_none`) releases the lock before the daemon
    it started is up; the next hook must wait for that daemon's socket instead of starting
    a second one and building an engine beside it. The pid must still be a live
    ``bastion.daemon`` process (a dead or reused pid is not a start under way).
    """
    try:
        pid = int(os.pread(fd, 32, 0) or b"0")
        if pid <= 0:
            return False
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"bastion.daemon" in f.read()
    except (OSError, ValueError):
        return False


def wait_for_daemon(
    socket_path: str, agent: str, payload: bytes, trusted: tuple[int, ...], deadline: float
) -> tuple[int, bytes, bytes] | None:
    """Retry the socket with a short backoff until ``deadline``; None if nobody answered."""
    import time

    delay = 0.002
    while True:
        try:
            return ask_daemon(socket_path, agent, payload, trusted)
        except ConnectionError:
            pass
        if time.monotonic() + delay > deadline:
            return None
        time.sleep(delay)
        delay = min(delay * 2, POLL_MAX_SECONDS)


def _wait_a_slice(
    socket_path: str,
    agent: str,
    payload: bytes,
    trusted: tuple[int, ...],
    deadline: float,
    while_what: str,
) -> tuple[int, bytes, bytes] | None:
    """Wait up to half a second (never past ``deadline``) for a starting daemon's answer;
    ``NoDecision`` once the deadline has passed with none."""
    import time

    slice_end = min(deadline, time.monotonic() + 0.5)
    reply = wait_for_daemon(socket_path, agent, payload, trusted, slice_end)
    if reply is None and time.monotonic() >= deadline:
        raise NoDecision(
            f"no daemon answered within {START_WAIT_SECONDS:g} s {while_what}"
        ) from None
    return reply


def recover(
    home: str, socket_path: str, agent: str, payload: bytes, trusted: tuple[int, ...]
) -> tuple[int, bytes, bytes]:
    """No personal daemon answered: one hook starts it, every hook waits for its socket.

    Without the lock, fifty hooks finding a dead daemon would each build an engine (seconds
    of CPU each) and each start a daemon; with it, recovery costs one start. Only the lock
    holder decides in-process: first, without blocking on the daemon it started, with the
    store-less engine (`bastion.engine_fallback`), which answers only a deny an empty
    memory already warrants; otherwise it waits for the daemon, and builds the full engine
    only when that daemon did not come up (it exited, or the wait ran out).
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
                reply = _wait_a_slice(
                    socket_path,
                    agent,
                    payload,
                    trusted,
                    deadline,
                    "while another hook was starting one",
                )
                if reply is not None:
                    return reply
                continue
            starting = False
            try:
                try:  # a daemon may have come up while we waited for the lock
                    return ask_daemon(socket_path, agent, payload, trusted)
                except ConnectionError:
                    pass
                starting = start_under_way(fd)
                if not starting:
                    proc = start_daemon(home)
                    if proc is not None:
                        note_start(fd, proc.pid)
                    # While it starts, answer here when an empty memory suffices (a deny).
                    reply = decide_fast_or_none(home, agent, payload)
                    if reply is not None:
                        return reply
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
            # A hook that answered alone left the daemon it started coming up: wait for it.
            reply = _wait_a_slice(
                socket_path, agent, payload, trusted, deadline, "while one was starting"
            )
            if reply is not None:
                return reply
    finally:
        os.close(fd)
