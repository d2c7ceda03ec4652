"""Where one ingest replica spends its time on real-size entries (cProfile + CPU time).

A home is filled through the daemon's engine with the replay corpora's payloads (real
entry sizes, as ``fleet_sync_bench.py --backlog``), kept in ``--home`` for the next runs.
Each run publishes its whole log to a fresh stream and schema, then drains it with one
in-process `Ingester` (the real one: durable pull consumer, verify, COPY, commit, ack),
timed wall-clock and by this process's CPU time (PostgreSQL's and nats-server's CPU is
theirs, not in it), optionally under cProfile.

Usage: python bench/fleet_ingest_profile.py [--events 6000] [--home /tmp/fip-home]
                                            [--profile out.prof] [--runs 3]
  needs BASTION_TEST_POSTGRES_URL, BASTION_TEST_NATS_URL and BASTION_BENCH_DATA.
  Writes bench/results/fleet_ingest.json (without --profile).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import secrets
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleet_sync_bench import _loadavg, _session, _stream
from latency import mixed_payloads
from sqlalchemy import event

from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.ingest import Ingester
from bastion.fleet.publisher import Publisher
from bastion.store import Store


def build(root: Path, events: int) -> Home:
    from bastion.daemon.server import build_engine

    home = Home.resolve(root).ensure()
    engine = build_engine(home)
    payloads = mixed_payloads(5000)
    handled = 0
    try:
        while engine.store.log_size() < events:
            p = payloads[handled % len(payloads)]
            engine.handle_payload("claude-code", _session(p, str(handled // 400)))
            handled += 1
    finally:
        engine.store.close()
    return home


async def _drain(ingester: Ingester, plane: ControlPlane, origin: str, size: int) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(ingester.run(stop))
    while True:
        device = await asyncio.to_thread(plane.device, origin)
        if device is not None and device.size >= size:
            break
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    stop.set()
    await task


def _backend_cpu(pids: set[int]) -> float:
    """CPU seconds of the PostgreSQL backends serving this process's pool (local server:
    /proc/<pid>/stat, utime + stime); a backend gone since counts what it had."""
    total = 0.0
    for pid in list(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def run(home: Home, db: str, nats_url: str, profile: str | None) -> dict[str, Any]:
    tag = secrets.token_hex(4)
    schema, stream = f"fleet_fip_{tag}", f"FIP{tag.upper()}"
    signer = LogSigner.for_keys_dir(home.keys_dir)
    store = Store(home.database_url)
    size = store.log_size()
    store.close()
    plane = ControlPlane(db, schema=schema)
    backends: set[int] = set()
    event.listen(plane.engine, "connect", lambda dbapi, _rec: backends.add(dbapi.info.backend_pid))
    plane.setup()
    plane.enrol_key(signer.verifier_key, "bench@example.test")
    asyncio.run(_stream(nats_url, stream))
    try:
        publisher = Publisher(home, nats_url, stream=stream)
        asyncio.run(publisher.run_round())
        publisher.close()
        ingester = Ingester(plane, nats_url, stream=stream)
        profs: list[cProfile.Profile] = []
        if profile:  # the work runs in worker threads (prepare and store overlap): one
            for name in ("prepare", "store"):  # profiler each, merged after
                prof = cProfile.Profile()
                profs.append(prof)
                call = getattr(ingester, name)
                setattr(ingester, name, lambda x, p=prof, c=call: p.runcall(c, x))
        load = _loadavg()
        pg0 = _backend_cpu(backends)
        cpu0, t0 = time.process_time(), time.perf_counter()
        asyncio.run(_drain(ingester, plane, signer.origin, size))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
        pg = _backend_cpu(backends) - pg0
        if profs:
            stats = pstats.Stats(profs[0])
            stats.add(profs[1])
            stats.dump_stats(profile)
        rows, distinct = plane.counts(signer.origin)
        assert rows == distinct == size, (rows, distinct, size)
        return {
            "entries": size,
            "wall_s": round(wall, 2),
            "events_per_s_wall": round(size / wall),
            "replica_cpu_s": round(cpu, 2),
            "events_per_replica_cpu_s": round(size / cpu),
            "postgres_backend_cpu_s": round(pg, 2),
            "events_per_cpu_s_replica_plus_postgres": round(size / (cpu + pg)),
            "loadavg": load,
        }
    finally:
        asyncio.run(_stream(nats_url, stream, delete=True))
        plane.drop()
        plane.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--home", default="/tmp/bastion-fip-home")
    parser.add_argument("--profile", default=None, help="write cProfile stats here")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--ab-gc",
        action="store_true",
        help="each run twice, interleaved: Python's default collector thresholds, then "
        "`bastion.config.tune_gc` (what `bastion fleet ingest` sets)",
    )
    args = parser.parse_args()
    db = os.environ.get("BASTION_TEST_POSTGRES_URL")
    nats_url = os.environ.get("BASTION_TEST_NATS_URL")
    if not db or not nats_url:
        sys.exit("set BASTION_TEST_POSTGRES_URL and BASTION_TEST_NATS_URL (README.md, Tests)")
    os.environ.pop("BASTION_DATABASE_URL", None)
    root = Path(args.home)
    home = Home.resolve(root) if (root / "keys").exists() else build(root, args.events)
    runs = []
    import gc

    from bastion.config import tune_gc

    for _ in range(args.runs):
        for gc_mode in ("default", "tuned") if args.ab_gc else ("",):
            if gc_mode == "default":
                gc.unfreeze()
                gc.set_threshold(700, 10, 10)
            elif gc_mode == "tuned":
                tune_gc()
            runs.append(run(home, db, nats_url, args.profile))
            if gc_mode:
                runs[-1]["gc"] = gc_mode
            print(json.dumps(runs[-1]), flush=True)
    if not args.profile:  # a profiled run's times are not the code's
        out = Path(__file__).parent / "results" / "fleet_ingest.json"
        out.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
    if args.profile:
        pstats.Stats(args.profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
