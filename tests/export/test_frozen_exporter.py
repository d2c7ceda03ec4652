"""A frozen exporter never blocks a decision (issue #18: delivery is off the decision path).

The agent can stop any process it can reach (SIGSTOP), the exporter included. Before
positions had their own file, an exporter stopped inside its position update held the
home database's write lock, and every decision waited SQLite's busy timeout (30 s) and
then failed with "database is locked". Here a real exporter process (the `Worker` of
`bastion export run`, in a child interpreter) stops itself after its position UPDATE
and before its COMMIT, the write transaction open; the test then decides a stream of
events into the same home, resumes the exporter, and checks every event arrived once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from export_support import other_session
from receivers import Webhook
from sqlalchemy import insert
from test_ocsf import export_all

from bastion.cli.demo import incident_payloads
from bastion.store import Store, export_positions
from bastion.store.export_log import last_seq
from bastion.store.schema import export_positions as old_table

SECRET = "fake-frozen-hook-" + "secret"

# The exporter: a real delivery worker whose first position update stops the process
# (SIGSTOP, as an agent could send it) between its UPDATE and its COMMIT.
_EXPORTER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from sqlalchemy import event
    from sqlalchemy.engine import Engine as SAEngine
    from bastion.export.config import ExportConfig, SinkConfig
    from bastion.export.delivery import Worker
    from bastion.export.sinks import make_sink
    from bastion.store import Store

    store_url, url, secret_file, dead = sys.argv[1:5]
    frozen = []

    @event.listens_for(SAEngine, "before_cursor_execute")
    def _note(conn, cursor, statement, params, context, executemany):
        head = statement.lstrip().upper()
        if head.startswith(("UPDATE EXPORT_POSITIONS", "INSERT INTO EXPORT_POSITIONS")):
            conn.info["position_write"] = True

    @event.listens_for(SAEngine, "commit")
    def _freeze(conn):
        if conn.info.pop("position_write", False) and not frozen:
            frozen.append(True)
            os.kill(os.getpid(), signal.SIGSTOP)  # the transaction is still open here

    store = Store(store_url, checkpoint_seconds=0)
    sink = SinkConfig("hook", "webhook", {"url": url, "secret_file": secret_file})
    config = ExportConfig(sinks=[sink], batch=5, backoff_seconds=0.01, poll_seconds=0.02)
    worker = Worker(store.engine, make_sink(sink), config, Path(dead))
    worker.drain()
    worker.close()
    store.close()
    print("drained", flush=True)
    """
)


def _state(pid: int) -> str:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0]


def _wait_stopped(proc: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while _state(proc.pid) != "T":
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the exporter never reached its position update"
        time.sleep(0.02)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process state in /proc")
def test_decisions_complete_while_the_exporter_is_frozen_mid_update(
    recorded_any: Store, tmp_path: Path
) -> None:
    """On SQLite and on PostgreSQL (where the frozen transaction holds its sink's row lock,
    which no decision needs)."""
    from bastion.engine import Engine
    from bastion.policy.engine import PolicyEngine
    from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE

    recorded = recorded_any
    hook = Webhook(SECRET.encode())
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _EXPORTER,
            recorded.url,
            hook.url,
            str(secret_file),
            str(tmp_path / "d"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_stopped(proc)
        delivered_while_frozen = len(hook.uids())
        assert delivered_while_frozen >= 5  # a batch sent, its position not yet committed

        # The daemon's side: decide a stream of events into the same home meanwhile.
        engine = Engine(recorded, PolicyEngine.load(), home_dir="/home/dev")
        payloads = incident_payloads("frz-1") + other_session("frz-2")
        times = []
        for payload in payloads:
            t0 = time.perf_counter()
            engine.process(CLAUDE_CODE.to_event(payload))
            times.append(time.perf_counter() - t0)
        assert _state(proc.pid) == "T"  # still frozen the whole time
        # The normal bound: each decision takes milliseconds; 5 s leaves room for a loaded
        # machine and is far under the 30 s a decision waited behind the exporter's lock.
        assert max(times) < 5.0, sorted(times)[-3:]
        assert len(hook.uids()) == delivered_while_frozen  # nothing moved while frozen

        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "drained" in out
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
            proc.wait()
        hook.close()

    # Nothing lost, nothing twice: every event of the log, the frozen time's included,
    # exactly once and in log order (no crash here, so no resend for the key to absorb).
    want = [e["metadata"]["uid"] for e in export_all(recorded)]
    assert hook.uids() == want
    with recorded.engine.connect() as conn:
        head = last_seq(conn)
    pos = export_positions.get(recorded.engine, "hook")
    assert (pos.seq, pos.delivered) == (head, head)


def test_positions_live_beside_the_home_database_and_take_over_the_old_table(
    recorded: Store,
) -> None:
    path = export_positions.positions_path(recorded.engine)
    assert path is not None and path.parent == Path(recorded.engine.url.database or "").parent
    assert not path.exists()
    # A home from before the positions file: its sinks' positions are in the old table.
    with recorded.engine.connect().execution_options(bastion_write=True) as conn, conn.begin():
        conn.execute(
            insert(old_table).values(
                sink="siem", seq=7, delivered=7, dead_lettered=1, updated_at=1.0, last_error=""
            )
        )
    assert export_positions.get(recorded.engine, "siem").seq == 7  # copied on first use
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    export_positions.advance(recorded.engine, "siem", 9, delivered=2)
    pos = export_positions.get(recorded.engine, "siem")
    assert (pos.seq, pos.delivered, pos.dead_lettered) == (9, 9, 1)
    # The move went to the file, not to the home database (which decisions write).
    with recorded.engine.connect() as conn:
        rows = conn.execute(old_table.select()).all()
    assert [(r.sink, r.seq) for r in rows] == [("siem", 7)]
    # Copied once: a stale old row never moves a position back.
    export_positions.reset(recorded.engine, "siem")
    assert export_positions.get(recorded.engine, "siem").seq == 0
    assert {p.sink for p in export_positions.all_positions(recorded.engine)} == set()


def test_opening_a_home_at_its_newest_revision_takes_no_write_lock(tmp_path: Path) -> None:
    """Every off-path process opens the home (`Store`), and used to read the schema's
    revision under the write lock: stopped there, it held up every decision. Here the
    daemon holds the write lock while another process opens the home: it must not wait."""
    import sqlite3

    db = tmp_path / "home.db"
    Store(f"sqlite:///{db}").close()  # created and migrated to the newest revision
    daemon = sqlite3.connect(db, isolation_level=None)
    try:
        daemon.execute("BEGIN IMMEDIATE")  # the daemon, mid-write
        t0 = time.perf_counter()
        opener = Store(f"sqlite:///{db}", checkpoint_seconds=0)
        opened = time.perf_counter() - t0
        opener.close()
    finally:
        daemon.execute("ROLLBACK")
        daemon.close()
    assert opened < 5.0  # a write lock would have waited the 30 s busy timeout
