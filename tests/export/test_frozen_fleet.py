"""The fleet's processes frozen mid-work, and a laptop's decisions (issue #18).

The pattern of `test_frozen_writers`: a real daemon serves a home (SQLite, PostgreSQL), a
real process of the kind named stops itself (SIGSTOP) at its most lock-like moment, 16
hook calls go to the daemon's socket and each must finish in under 5 s; after SIGCONT the
process must finish its work.

* The **publisher** (`bastion fleet publish`, ``fleet/publisher``) reads the home's log
  and sends it to NATS JetStream. It stops inside its read snapshot of the home database,
  after the first page. Besides the decisions' times, the test lists every statement it
  wrote to the home database during a round: none on SQLite (its position lives in a file
  of its own); on PostgreSQL only its ``export_positions`` row, a row lock no decision
  takes. It signs its checkpoint in memory, never in the store.
  What this round does not cover: an *enrolled* publisher that applies documents from the
  control plane (a policy bundle, a key rotation, a revocation) appends a control entry
  to the home's signed log and a revocation to the identity store, and keeps a fleet
  cosignature in the store (``fleet/control``, ``accept_cosignature``); those are rare
  writes still made by the publisher itself (issue #18 notes them as left).
* The **ingest** (`bastion fleet ingest`, ``fleet/ingest``) is the fleet side's writer
  into the control plane's PostgreSQL. It stops at the COMMIT of a stored batch (its
  transaction open, the device's row locked). No decision on a laptop reads or writes
  the control plane, so none waits: out of the decision path, which the test shows.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_support import decide_all, postgres_url, process_state, wait_stopped

from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.store import Store

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads process state in /proc"
)

_PUBLISHER = textwrap.dedent(
    """
    import asyncio, json, os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine as SAEngine, make_url
    from bastion.config import Home
    from bastion.fleet import publisher as pub

    store_url, home_dir, nats_url, stream = sys.argv[1:5]
    HOME_DB = make_url(store_url)
    HOME_DB = (HOME_DB.get_backend_name(), HOME_DB.database)
    writes = []

    @event.listens_for(SAEngine, "before_cursor_execute")
    def _note(conn, cursor, statement, params, context, executemany):
        url = conn.engine.url
        if (url.get_backend_name(), url.database) == HOME_DB:  # not a side file
            if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
                writes.append(statement.split("(")[0].strip()[:60])

    from bastion.store.raw_append import RawAppend
    append = RawAppend.write

    def noted_append(self, *args, **kwargs):
        writes.append("its own append to the signed log")
        return append(self, *args, **kwargs)

    RawAppend.write = noted_append
    read_page = pub.read_page
    frozen = []

    def stopping_read_page(conn, *args):
        page = read_page(conn, *args)
        if not frozen:  # inside the snapshot, its first page read
            frozen.append(True)
            print("frozen inside its read snapshot", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)
        return page

    pub.read_page = stopping_read_page
    publisher = pub.Publisher(Home.resolve(home_dir), nats_url, stream=stream, batch_size=10)
    try:
        done = asyncio.run(publisher.run_round())
    finally:
        publisher.close()
    print(json.dumps({"entries": done.entries, "batches": done.batches, "writes": writes}))
    """
)


def _nats_or_skip() -> str:
    url = os.environ.get("BASTION_TEST_NATS_URL")
    if not url:
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail("BASTION_TEST_NATS_URL is not set; see README.md, Tests")
        pytest.skip("BASTION_TEST_NATS_URL is not set; see README.md, Tests")
    return url


@pytest.fixture
def stream() -> Iterator[tuple[str, str]]:
    """A fresh JetStream stream (the NATS URL, its name), deleted after."""
    import nats

    from bastion.fleet.stream import ensure_stream

    url, name = _nats_or_skip(), f"FZ{secrets.token_hex(4).upper()}"

    async def make() -> None:
        nc = await nats.connect(url)
        await ensure_stream(nc.jetstream(), name)
        await nc.close()

    async def drop() -> None:
        nc = await nats.connect(url)
        with contextlib.suppress(Exception):
            await nc.jetstream().delete_stream(name)
        await nc.close()

    asyncio.run(make())
    yield url, name
    asyncio.run(drop())


def _decide_while_frozen(home: Home, args: list[str]) -> tuple[list[float], str]:
    """Start ``args``, wait until it stops itself, decide 16 events meanwhile, resume it;
    the decisions' times and its output."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_stopped(proc)
        times = decide_all(home, budget=5.0)
        assert process_state(proc.pid) == "T"  # frozen the whole time
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
            proc.wait()
    return times, out


def test_a_frozen_publisher_holds_nothing_a_decision_waits_for(
    recorded_any: Store, daemon_home: Home, stream: tuple[str, str]
) -> None:
    nats_url, name = stream
    size = recorded_any.log_size()
    times, out = _decide_while_frozen(
        daemon_home,
        [sys.executable, "-c", _PUBLISHER, recorded_any.url, str(daemon_home.root), nats_url,
         name],
    )  # fmt: skip
    assert len(times) == 16 and max(times) < 5.0, times
    lines = out.splitlines()
    assert lines[0] == "frozen inside its read snapshot", out
    done = json.loads(lines[-1])
    assert done["entries"] >= size and done["batches"] >= 2, done  # it published, in pages
    on_sqlite = recorded_any.url.startswith("sqlite")
    # SQLite: nothing written to the home database. PostgreSQL: its own position row only.
    assert all("EXPORT_POSITIONS" in w.upper() for w in done["writes"]), done["writes"]
    assert not (on_sqlite and done["writes"]), done["writes"]


_INGEST = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine as SAEngine
    from bastion.config import Home
    from bastion.fleet.batch import encode
    from bastion.fleet.controlplane import ControlPlane
    from bastion.fleet.ingest import Ingester
    from bastion.fleet.publisher import Publisher

    plane_url, schema, home_dir = sys.argv[1:4]
    # The batch a publisher of this home would send (built here, nothing sent).
    publisher = Publisher(Home.resolve(home_dir), "nats://127.0.0.1:1")
    size = publisher.store.log_size()
    publisher._note = publisher._checkpoint_note(size)[1]
    batch, _ = publisher._next_batch(0, 0, size)
    publisher.close()
    plane = ControlPlane(plane_url, schema=schema)
    frozen = []

    @event.listens_for(SAEngine, "before_cursor_execute")
    def _note(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            conn.info["plane_write"] = True

    @event.listens_for(SAEngine, "commit")
    def _freeze(conn):
        if conn.info.pop("plane_write", False) and not frozen:
            frozen.append(True)
            print("frozen at the COMMIT of its batch", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)

    outcome, count = Ingester(plane, "nats://127.0.0.1:1").handle(encode(batch))
    print(outcome.name if outcome else "refused", count, size, flush=True)
    plane.close()
    """
)


@pytest.fixture
def plane_url() -> Iterator[str]:
    yield from postgres_url()


def test_a_frozen_ingest_is_outside_a_laptops_decisions(
    recorded_any: Store, daemon_home: Home, plane_url: str
) -> None:
    from bastion.fleet.controlplane import ControlPlane

    schema = f"fleet_z{secrets.token_hex(4)}"
    plane = ControlPlane(plane_url, schema=schema)
    try:
        plane.setup()
        signer = LogSigner.for_keys_dir(daemon_home.keys_dir)
        plane.enrol_key(signer.verifier_key, "ann@example.test")
        times, out = _decide_while_frozen(
            daemon_home, [sys.executable, "-c", _INGEST, plane_url, schema, str(daemon_home.root)]
        )
        assert len(times) == 16 and max(times) < 5.0, times
        first, last = out.splitlines()[0], out.splitlines()[-1]
        assert first == "frozen at the COMMIT of its batch", out
        outcome, count, size = last.split()
        assert outcome == "STORED" and int(count) == int(size) > 0, out
        device = plane.device(signer.origin)
        assert device is not None and device.size == int(size)  # stored once it resumed
    finally:
        plane.drop()
        plane.close()
