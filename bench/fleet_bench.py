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

Usage: python bench/fleet_bench.py [--events 50000]
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

from bastion.audit.records import mode_row
from bastion.audit.signer import LogSigner
from bastion.config import Home
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    args = parser.parse_args()
    db = os.environ.get("BASTION_TEST_POSTGRES_URL")
    nats_url = os.environ.get("BASTION_TEST_NATS_URL")
    if not db or not nats_url:
        sys.exit("set BASTION_TEST_POSTGRES_URL and BASTION_TEST_NATS_URL (README.md, Tests)")
    result = asyncio.run(run(args.events, db, nats_url))
    print(json.dumps(result, indent=2))
    out = Path(__file__).parent / "results" / "fleet.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
