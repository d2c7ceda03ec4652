"""Fleet sync throughput on this machine: real NATS JetStream and PostgreSQL.

1. Build a daemon home with N events (a real signed SQLite store).
2. ``publish``: the publisher sends the whole log to a fresh stream (batches of 1,000
   entries, each with its signed checkpoint and consistency proof): events/s.
3. ``ingest``: ONE ingest replica (the real `Ingester`: durable pull consumer, verify,
   COPY into the day-partitioned table, commit, ack) drains the stream: events/s from
   its start until the control plane holds the whole log; checked exactly (rows ==
   distinct leaves == N).

The stream and the schema are fresh and dropped after. Figures on a shared 2-core
machine are noisy; run a few times.

4. ``containment``: D simulated daemons (asyncio coroutines on C NATS connections, each
   with its own subject, `Verifier` and replay memory: the real protocol of
   `fleet/commands`) receive one signed kill each, all sent at once by the control plane;
   latency = request to verified reply. The simulated daemon's "apply" records the
   command (the real daemon's containment call, ~0.3 ms on its socket, is not in it).

Usage: python bench/fleet_bench.py [--events 50000] [--daemons 1000]
  needs BASTION_TEST_POSTGRES_URL and BASTION_TEST_NATS_URL (see README.md, Tests)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

import nats
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit.records import mode_row
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.commands import Command, Verifier, command_subject, serve, sign
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.ingest import Ingester
from bastion.fleet.publisher import Publisher
from bastion.fleet.stream import ensure_stream
from bastion.store import Store


def build_home(root: Path, events: int) -> Home:
    home = Home.resolve(root).ensure()
    store = Store(f"sqlite:///{home.db_path}", signer=LogSigner.for_keys_dir(home.keys_dir))
    try:
        for first in range(0, events, 1000):
            store.append_events(
                [
                    (mode_row(f"s{i % 13}", "ask", "normal", f"bench {i}", "bench"), [], [], {})
                    for i in range(first, min(events, first + 1000))
                ]
            )
    finally:
        store.close()
    return home


async def run(events: int, db: str, nats_url: str) -> dict[str, float]:
    tag = secrets.token_hex(4)
    schema, stream = f"fleet_bench_{tag}", f"FB{tag.upper()}"
    os.environ.pop("BASTION_DATABASE_URL", None)
    plane = ControlPlane(db, schema=schema)
    plane.setup()
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await ensure_stream(js, stream)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            home = build_home(Path(tmp) / "home", events)
            signer = LogSigner.for_keys_dir(home.keys_dir)
            plane.enrol_key(signer.verifier_key, "bench@example.test")
            publisher = Publisher(home, nats_url, stream=stream)
            t0 = time.perf_counter()
            done = await publisher.run_round()
            publish_s = time.perf_counter() - t0
            publisher.close()
            assert done.entries == events, done
            ingester = Ingester(plane, nats_url, stream=stream, fetch=8)
            stop = asyncio.Event()
            t0 = time.perf_counter()
            task = asyncio.create_task(ingester.run(stop))
            while True:
                device = await asyncio.to_thread(plane.device, signer.origin)
                if device is not None and device.size >= events:
                    break
                await asyncio.sleep(0.05)
            ingest_s = time.perf_counter() - t0
            stop.set()
            await task
            rows, distinct = plane.counts(signer.origin)
            assert rows == distinct == events, (rows, distinct, events)
    finally:
        with contextlib.suppress(Exception):
            await js.delete_stream(stream)
        await nc.close()
        plane.drop()
        plane.close()
    return {
        "events": events,
        "publish_events_per_s": round(events / publish_s),
        "ingest_events_per_s_one_replica": round(events / ingest_s),
        "publish_s": round(publish_s, 2),
        "ingest_s": round(ingest_s, 2),
    }


async def containment(daemons: int, nats_url: str, connections: int = 20) -> dict[str, float]:
    key = Ed25519PrivateKey.generate()
    prefix = "FLEETBENCH" + secrets.token_hex(3).upper()
    applied: list[str] = []
    conns = [await nats.connect(nats_url) for _ in range(connections)]
    control = await nats.connect(nats_url)
    origins = [f"bastion.log/{i:016x}" for i in range(daemons)]

    def apply(command: Command) -> dict[str, object]:
        applied.append(command.id)
        return {"ok": True}

    for i, origin in enumerate(origins):
        await serve(conns[i % connections], prefix, Verifier(key.public_key(), origin), apply)
    for c in conns:
        await c.flush()

    async def one(origin: str) -> float:
        data = sign(Command.new(origin, "kill", "sess-1", reason="bench"), key)
        t0 = time.perf_counter()
        reply = await control.request(command_subject(prefix, origin), data, timeout=10)
        took = time.perf_counter() - t0
        assert reply.data.startswith(b'{"ok":true'), reply.data
        return took

    t0 = time.perf_counter()
    latencies = sorted(await asyncio.gather(*(one(o) for o in origins)))
    wall = time.perf_counter() - t0
    for c in [*conns, control]:
        await c.close()
    assert len(applied) == daemons
    return {
        "daemons": daemons,
        "containment_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "containment_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "containment_max_ms": round(latencies[-1] * 1000, 1),
        "containment_all_sent_at_once_wall_s": round(wall, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--daemons", type=int, default=1000)
    parser.add_argument(
        "--out", default=None, help="result file (default bench/results/fleet.json)"
    )
    args = parser.parse_args()
    db = os.environ.get("BASTION_TEST_POSTGRES_URL")
    nats_url = os.environ.get("BASTION_TEST_NATS_URL")
    if not db or not nats_url:
        sys.exit("set BASTION_TEST_POSTGRES_URL and BASTION_TEST_NATS_URL (README.md, Tests)")
    result = asyncio.run(run(args.events, db, nats_url))
    result.update(asyncio.run(containment(args.daemons, nats_url)))
    print(json.dumps(result, indent=2))
    out = Path(args.out or Path(__file__).parent / "results" / "fleet.json")
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
