"""Fleet sync on loopback: real NATS JetStream, real PostgreSQL, separate processes.

Two daemon homes (SQLite stores, their own log keys) publish through ``bastion fleet
publish`` processes; two ``bastion fleet ingest`` processes share the durable consumer.
One replica is killed mid-stream, a batch is replayed, a publisher is cut off and
catches up, a device is revoked, a tampered batch is refused. Every case ends with the
control plane holding each log exactly once: rows == distinct leaves == log size.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nats
import pytest

from bastion.audit.records import mode_row
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.batch import Batch, decode, encode
from bastion.fleet.controlplane import ControlPlane, Outcome
from bastion.fleet.errors import BatchRejected
from bastion.fleet.stream import subject_for
from bastion.store import Store

BASTION = [sys.executable, "-c", "from bastion.cli.main import app; app()"]


def _env_or_skip(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail(f"{name} is not set; see README.md, Tests")
        pytest.skip(f"{name} is not set; see README.md, Tests")
    return value


@pytest.fixture
def servers() -> tuple[str, str]:
    return _env_or_skip("BASTION_TEST_POSTGRES_URL"), _env_or_skip("BASTION_TEST_NATS_URL")


@pytest.fixture
def names() -> Iterator[tuple[str, str]]:
    tag = secrets.token_hex(4)
    yield f"fleet_t{tag}", f"FT{tag.upper()}"


@pytest.fixture
def plane(servers: tuple[str, str], names: tuple[str, str]) -> Iterator[ControlPlane]:
    cp = ControlPlane(servers[0], schema=names[0])
    cp.setup()
    yield cp
    cp.drop()
    cp.close()


@pytest.fixture(autouse=True)
def drop_stream(servers: tuple[str, str], names: tuple[str, str]) -> Iterator[None]:
    yield

    async def drop() -> None:
        nc = await nats.connect(servers[1])
        with contextlib.suppress(Exception):  # a test that failed early made no stream
            await nc.jetstream().delete_stream(names[1])
        await nc.close()

    asyncio.run(drop())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BASTION_DATABASE_URL"}
    return env


def make_home(root: Path, events: int) -> Home:
    home = Home.resolve(root).ensure()
    append(home, events)
    return home


def append(home: Home, events: int) -> None:
    store = Store(f"sqlite:///{home.db_path}", signer=LogSigner.for_keys_dir(home.keys_dir))
    try:
        for first in range(0, events, 1000):
            rows = [
                (
                    mode_row(f"s{(first + i) % 7}", "ask", "normal", f"r{first + i}", "test"),
                    [],
                    [],
                    {},
                )
                for i in range(min(1000, events - first))
            ]
            store.append_events(rows)
    finally:
        store.close()


def log_size(home: Home) -> int:
    store = Store(f"sqlite:///{home.db_path}")
    try:
        return store.log_size()
    finally:
        store.close()


def origin(home: Home) -> str:
    return LogSigner.for_keys_dir(home.keys_dir).origin


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BASTION, *args], env=_env(), capture_output=True, text=True, timeout=120, check=check
    )


def start_ingest(
    db: str, nats_url: str, schema: str, stream: str, *extra: str
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            *BASTION,
            "fleet",
            "ingest",
            "--db",
            db,
            "--nats",
            nats_url,
            "--schema",
            schema,
            "--stream",
            stream,
            *extra,
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("FLEET_TEST_LOG", os.devnull), "ab"),
    )


def wait_for(predicate, timeout: float = 60.0, why=lambda: "") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for the control plane {why()}")


def stored(plane: ControlPlane, home: Home) -> int:
    device = plane.device(origin(home))
    return device.size if device else 0


def stream_exists(nats_url: str, stream: str) -> bool:
    async def ask() -> bool:
        nc = await nats.connect(nats_url)
        try:
            await nc.jetstream().stream_info(stream)
            return True
        except Exception:
            return False
        finally:
            await nc.close()

    return asyncio.run(ask())


def held_exactly(plane: ControlPlane, home: Home) -> bool:
    device = plane.device(origin(home))
    size = log_size(home)
    return (
        device is not None and device.size == size and plane.counts(device.origin) == (size, size)
    )


def test_fleet_sync_survives_crash_duplicates_and_offline(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    db, nats_url = servers
    schema, stream = names
    homes = [make_home(tmp_path / f"h{i}", 8000) for i in range(2)]
    for home in homes:
        run(
            "fleet",
            "enrol",
            "--db",
            db,
            "--schema",
            schema,
            "--human",
            "alice@example.test",
            "--home",
            str(home.root),
        )
    replicas = [start_ingest(db, nats_url, schema, stream) for _ in range(2)]
    try:
        # Publish home 0 in the background and kill a replica as soon as the first
        # batch is stored, while the rest are still on the stream or unacknowledged.
        wait_for(lambda: stream_exists(nats_url, stream))
        publishing = subprocess.Popen(
            [
                *BASTION,
                "fleet",
                "publish",
                "--once",
                "--home",
                str(homes[0].root),
                "--nats",
                nats_url,
                "--stream",
                stream,
            ],
            env=_env(),
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: stored(plane, homes[0]) > 0, timeout=30.0)
        replicas[0].send_signal(signal.SIGKILL)
        replicas[0].wait()
        at_kill = stored(plane, homes[0])
        assert publishing.wait(60) == 0
        assert 0 < at_kill < 8000, "the replica must die mid-stream for this test to mean it"
        wait_for(lambda: held_exactly(plane, homes[0]))

        # Cut off: the publisher cannot reach NATS; nothing moves, nothing is lost.
        cut = run(
            "fleet",
            "publish",
            "--once",
            "--home",
            str(homes[1].root),
            "--nats",
            "nats://127.0.0.1:1",
            "--stream",
            stream,
            check=False,
        )
        assert cut.returncode == 3, cut.stderr
        append(homes[1], 1500)  # the daemon keeps recording while offline
        run(
            "fleet",
            "publish",
            "--once",
            "--home",
            str(homes[1].root),
            "--nats",
            nats_url,
            "--stream",
            stream,
        )
        wait_for(
            lambda: held_exactly(plane, homes[1]),
            why=lambda: (plane.rejections(), plane.device(origin(homes[1])), log_size(homes[1])),
        )
        assert log_size(homes[1]) == 9500

        # Replay: the last batch again, under a new message id so JetStream does not
        # absorb it: the control plane must.
        replayed = replay_last_batch(nats_url, stream, homes[1])
        assert replayed.end == 9500
        time.sleep(1.5)
        assert held_exactly(plane, homes[1])
        assert plane.rejections() == []
    finally:
        for p in replicas:
            if p.poll() is None:
                p.terminate()
                p.wait(10)


def replay_last_batch(nats_url: str, stream: str, home: Home) -> Batch:
    async def go() -> Batch:
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        info = await js.stream_info(stream)
        msg = await js.get_msg(stream, seq=info.state.last_seq)
        assert msg.data is not None
        batch = decode(msg.data)
        ack = await js.publish(
            subject_for(stream, origin(home)),
            msg.data,
            stream=stream,
            headers={"Nats-Msg-Id": "replay-" + secrets.token_hex(8)},
        )
        assert not ack.duplicate
        same = await js.publish(
            subject_for(stream, origin(home)),
            msg.data,
            stream=stream,
            headers={"Nats-Msg-Id": batch.last_leaf_hash().hex()},
        )
        assert same.duplicate  # JetStream absorbs a republish under the same id
        await nc.close()
        return batch

    return asyncio.run(go())


def test_revoked_device_and_tampered_batch_are_rejected(
    tmp_path: Path, plane: ControlPlane
) -> None:
    """In-process against PostgreSQL: the verification rules of `store_batch`."""
    home = make_home(tmp_path / "h", 30)
    signer = LogSigner.for_keys_dir(home.keys_dir)
    plane.enrol_key(signer.verifier_key, "bob@example.test")
    store = Store(f"sqlite:///{home.db_path}", signer=signer)
    try:
        row = store.checkpoint()
        assert row is not None
        from bastion.store.entries import iter_entries

        with store.snapshot() as conn:
            entries = tuple(e.entry for e in iter_entries(conn))
    finally:
        store.close()
    good = Batch(signer.origin, 0, entries[:20], row.note, ())
    # Entries 0..20 under a checkpoint of 30 need the consistency proof: without it, no.
    with pytest.raises(BatchRejected):
        plane.store_batch(good)
    whole = Batch(signer.origin, 0, entries, row.note, ())
    forged = (*entries[:5], entries[5].replace(b"ask", b"normal", 1), *entries[6:])
    with pytest.raises(BatchRejected, match="signed root"):
        plane.store_batch(Batch(signer.origin, 0, forged, row.note, ()))
    assert plane.store_batch(decode(encode(whole))) is Outcome.STORED
    assert plane.store_batch(whole) is Outcome.DUPLICATE
    assert plane.counts(signer.origin) == (30, 30)
    plane.set_status(signer.origin, "revoked")
    with pytest.raises(BatchRejected, match="revoked"):
        plane.store_batch(whole)
    other = LogSigner.for_keys_dir(tmp_path / "otherkeys")
    with pytest.raises(BatchRejected, match="not enrolled"):
        plane.store_batch(Batch(other.origin, 0, entries, row.note, ()))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _nats_server(port: int, store_dir: Path) -> subprocess.Popen[bytes]:
    """A private nats-server with JetStream on loopback (the shared one is never touched)."""
    server = subprocess.Popen(
        ["nats-server", "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: stream_exists_or_up(f"nats://127.0.0.1:{port}"), timeout=20)
    return server


def stream_exists_or_up(url: str) -> bool:
    async def ask() -> bool:
        try:
            nc = await asyncio.wait_for(nats.connect(url, allow_reconnect=False), 2)
        except Exception:
            return False
        await nc.close()
        return True

    return asyncio.run(ask())


def test_nats_server_restart_mid_stream_loses_nothing(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    """nats-server (a private one, its JetStream store on disk) is stopped while batches are
    unacknowledged and started again: the replica reconnects, nothing lost or doubled."""
    import shutil

    if shutil.which("nats-server") is None:
        pytest.skip("nats-server is not installed (.ci/run installs it)")
    db = servers[0]
    schema, stream = names
    port = _free_port()
    url = f"nats://127.0.0.1:{port}"
    server = _nats_server(port, tmp_path / "js")
    home = make_home(tmp_path / "h", 40000)
    run(
        "fleet",
        "enrol",
        "--db",
        db,
        "--schema",
        schema,
        "--human",
        "carol@example.test",
        "--home",
        str(home.root),
    )
    replica = start_ingest(db, url, schema, stream)
    try:
        wait_for(lambda: stream_exists(url, stream))
        # The whole log on the stream first, with no replica reading, so that the server
        # can be stopped while the replica is certainly mid-stream (not a race with it).
        replica.terminate()
        replica.wait(20)
        run(
            "fleet",
            "publish",
            "--once",
            "--home",
            str(home.root),
            "--nats",
            url,
            "--stream",
            stream,
        )
        replica = start_ingest(db, url, schema, stream)
        wait_for(lambda: stored(plane, home) > 0)
        server.terminate()  # SIGTERM: nats-server shuts down; the replica loses its connection
        server.wait(20)
        at_stop = stored(plane, home)
        assert at_stop < 40000, "the server must stop mid-stream for this test to mean it"
        time.sleep(1.0)
        server = _nats_server(port, tmp_path / "js")
        wait_for(lambda: held_exactly(plane, home), timeout=90)
    finally:
        replica.terminate()
        replica.wait(10)
        server.terminate()
        server.wait(20)


@dataclass
class _LivePublisher:
    """A daemon's home enrolled with the control plane, one ingest replica and a running
    ``bastion fleet publish`` loop, all on a NATS server of the test's own (so the test can
    take the server away and bring it back on the same port)."""

    port: int
    home: Home
    server: subprocess.Popen[bytes]
    replica: subprocess.Popen[bytes]
    publisher: subprocess.Popen[bytes]

    def restart_server(self, store_dir: Path) -> None:
        self.server = _nats_server(self.port, store_dir)

    def stop(self) -> None:
        for p in (self.publisher, self.replica, self.server):
            p.terminate()
            p.wait(20)


def _live_publisher(
    tmp_path: Path,
    servers: tuple[str, str],
    names: tuple[str, str],
    *,
    entries: int,
    human: str,
    interval: str,
) -> _LivePublisher:
    import shutil

    if shutil.which("nats-server") is None:
        pytest.skip("nats-server is not installed")
    db = servers[0]
    schema, stream = names
    port = _free_port()
    url = f"nats://127.0.0.1:{port}"
    server = _nats_server(port, tmp_path / "js")
    home = make_home(tmp_path / "h", entries)
    run(
        "fleet", "enrol", "--db", db, "--schema", schema, "--human", human, "--home", str(home.root)
    )
    replica = start_ingest(db, url, schema, stream)
    wait_for(lambda: stream_exists(url, stream))
    publish = ("fleet", "publish", "--home", str(home.root), "--nats", url, "--stream", stream)
    publisher = subprocess.Popen(
        [*BASTION, *publish, "--interval", interval],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return _LivePublisher(port, home, server, replica, publisher)


def test_running_publisher_rides_out_an_outage(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    """A continuous ``bastion fleet publish`` (its retry loop, not ``--once``): the server
    goes away while the daemon keeps recording, comes back, and the backlog arrives once."""
    live = _live_publisher(
        tmp_path, servers, names, entries=3000, human="dan@example.test", interval="0.5"
    )
    home = live.home
    try:
        wait_for(lambda: held_exactly(plane, home))
        live.server.terminate()
        live.server.wait(20)
        append(home, 5000)  # recorded while the control plane is unreachable
        time.sleep(3.0)
        assert stored(plane, home) == 3000
        live.restart_server(tmp_path / "js")
        wait_for(lambda: held_exactly(plane, home), timeout=90)
        assert log_size(home) == 8000
    finally:
        live.stop()


def test_a_minute_cut_off_then_reconnected(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    """The issue's case: a daemon cut off from the control plane for a full minute (its
    NATS server gone) keeps recording without waiting, its running publisher backs off,
    and after reconnection the control plane holds every entry exactly once."""
    live = _live_publisher(
        tmp_path, servers, names, entries=2000, human="fay@example.test", interval="1"
    )
    home, publisher = live.home, live.publisher
    try:
        wait_for(lambda: held_exactly(plane, home))
        live.server.terminate()
        live.server.wait(20)
        cut_at = time.monotonic()
        took: list[float] = []
        while time.monotonic() - cut_at < 60.0:  # a minute of recording, offline
            t0 = time.monotonic()
            append(home, 200)
            took.append(time.monotonic() - t0)
            time.sleep(2.0)
        assert stored(plane, home) == 2000  # nothing reached the control plane meanwhile
        assert publisher.poll() is None, "the publisher must ride out the minute, not exit"
        # Recording never waited on the network: each write took what writes take.
        assert max(took) < 10.0, took
        live.restart_server(tmp_path / "js")
        wait_for(lambda: held_exactly(plane, home), timeout=120)
        assert log_size(home) == 2000 + 200 * len(took)
        assert plane.rejections() == []
    finally:
        live.stop()
