"""A frozen console must not block decisions (issue #18).

`test_frozen_exporter` fixed the exporter. The console is another process that writes
the home database: every state-changing request and every login goes through
`bastion.server.auth.record`, which appends a ``console.*`` control entry to the signed
log and a row to ``console_audit``; a browser login also inserts into ``console_logins``.
An agent can SIGSTOP the console as it can the exporter. Here a real daemon serves a home,
a real console-side process stops itself in the middle of its write, and decisions go to
the daemon over its socket as a hook's do. Each decision must finish in under 5 s and,
after SIGCONT, the console's rows must all be there once (its audit row, its log entry).

Where the console stops:

* ``login`` / ``audit``: at the COMMIT of its own table's write (its INSERT done, the
  write lock of its file held). Fixed in round 12: those tables live in their own file on
  SQLite (`bastion.store.console_auth`); before that the first decision waited SQLite's
  30 s busy timeout.
* ``log``: inside the signed log's entry, wherever it is written: in the console's own
  append (`RawAppend.write`, the log's writer lock on SQLite, the advisory lock on
  PostgreSQL), or half-way through its message to the daemon (the first ``sendall``).
  Fixed in round 13: while a daemon runs the entry is the daemon's to write
  (`bastion.daemon.home_writes`), so the console stops mid-message and holds no lock;
  before that every decision stalled (the case was ``xfail(strict=True)``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from export_support import decide_all, process_state, wait_stopped

from bastion.config import Home
from bastion.store import Store

# The console's side: one console write that stops the process (SIGSTOP) in the middle.
_CONSOLE = textwrap.dedent(
    """
    import os, signal, socket, sys, time
    from sqlalchemy import event
    from sqlalchemy.engine import Engine as SAEngine
    from bastion.config import Home
    from bastion.server import auth
    from bastion.store import Store, console_auth

    store_url, what, home_dir = sys.argv[1:4]
    home = Home.resolve(home_dir)
    store = Store(store_url, checkpoint_seconds=0)
    auth.add_user(store.engine, "alice", "responder", "a-fake-password-123")
    table = "INSERT INTO CONSOLE_LOGINS" if what == "login" else "INSERT INTO CONSOLE_AUDIT"
    frozen = []

    def freeze():
        if not frozen:
            frozen.append(True)
            print("frozen", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)

    @event.listens_for(SAEngine, "before_cursor_execute")
    def _note(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith(table):
            conn.info["console_write"] = True

    @event.listens_for(SAEngine, "commit")
    def _freeze(conn):
        if conn.info.pop("console_write", False):
            freeze()  # the transaction is still open here

    if what == "log":  # stop inside the signed log's entry, wherever it is written
        from bastion.store.raw_append import RawAppend
        write = RawAppend.write

        def stopping_write(self, *args, **kwargs):
            write(self, *args, **kwargs)
            freeze()  # the console's own append, before its COMMIT

        RawAppend.write = stopping_write
        sendall = socket.socket.sendall

        def stopping_sendall(self, data, *args):
            if frozen:
                return sendall(self, data, *args)
            half = len(data) // 2
            sendall(self, data[:half], *args)
            freeze()  # half of the message to the daemon sent
            return sendall(self, data[half:], *args)

        socket.socket.sendall = stopping_sendall
    now = time.time()
    if what == "login":
        console_auth.add_login(store.engine, "h" * 64, "alice", "csrf", now, now + 3600)
        auth.record(store.engine, "alice", "login", "", {}, "127.0.0.1", home=home)
    else:
        auth.record(store.engine, "alice", "alert.acknowledge", "7", {}, "127.0.0.1", home=home)
    store.close()
    print("written", flush=True)
    """
)


def _console_entries(store: Store, action: str) -> list[dict[str, object]]:
    from bastion.audit.records import CONTROL_ACTION, CONTROL_SESSION

    return [
        e["data"]
        for e in store.events(CONTROL_SESSION)
        if e["native_name"] == CONTROL_ACTION and e["data"].get("action") == action
    ]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process state in /proc")
@pytest.mark.parametrize("what", ["login", "audit", "log"])
def test_decisions_complete_while_the_console_is_frozen_mid_write(
    recorded_any: Store, daemon_home: Home, what: str
) -> None:
    recorded = recorded_any
    proc = subprocess.Popen(
        [sys.executable, "-c", _CONSOLE, recorded.url, what, str(daemon_home.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_stopped(proc)
        times = decide_all(daemon_home, budget=5.0)
        assert process_state(proc.pid) == "T"  # frozen the whole time
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split() == ["frozen", "written"]
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
            proc.wait()
    assert len(times) == 16 and max(times) < 5.0, times
    # Nothing lost, nothing doubled: the console's audit row and its signed log entry.
    from bastion.server import auth
    from bastion.store import console_auth

    trail = [r for r in auth.audit_rows(recorded.engine) if r["actor"] == "alice"]
    assert len(trail) == 1
    action = "console.login" if what == "login" else "console.alert.acknowledge"
    entries = _console_entries(recorded, action)
    assert [e["by"] for e in entries] == ["alice"]
    assert entries[0]["caller"]["pid"] == proc.pid  # type: ignore[index]  # the kernel's word
    if what == "login":
        login = console_auth.login_of(recorded.engine, "h" * 64)
        assert login is not None and login["name"] == "alice"


def test_console_rows_move_to_their_own_file_once(tmp_path: Path) -> None:
    """A home from before the console's file: its users are taken over on first use, and
    later writes go to the file, never to the home database that decisions write."""
    from sqlalchemy import insert, select

    from bastion.store import console_auth
    from bastion.store.schema import users

    store = Store(f"sqlite:///{tmp_path / 'home.db'}", checkpoint_seconds=0)
    try:
        path = console_auth.console_path(store.engine)
        assert path is not None and not path.exists()
        with store.engine.connect().execution_options(bastion_write=True) as conn, conn.begin():
            conn.execute(
                insert(users).values(
                    name="old", role="admin", password_hash="x", created_at=1.0, disabled=False
                )
            )
        assert [u["name"] for u in console_auth.user_rows(store.engine)] == ["old"]
        assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
        assert console_auth.add_user(store.engine, "new", "viewer", "y", 2.0)
        names = [u["name"] for u in console_auth.user_rows(store.engine)]
        assert names == ["new", "old"]  # copied once: no duplicate of "old"
        with store.engine.connect() as conn:
            assert conn.execute(select(users.c.name)).scalars().all() == ["old"]
    finally:
        store.close()
