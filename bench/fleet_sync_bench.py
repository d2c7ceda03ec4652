"""Fleet sync against the decision path, and the catch-up of an offline hour.

(a) ``--decision``: the daemon's engine (as `bastion up` builds it) handles a realistic
    mix of payloads (the SWE-bench and AgentDojo replay corpora, as bench/latency.py)
    in blocks of ``--block`` events, alternately with a ``bastion fleet publish``
    process syncing the same home to JetStream (started before the block, running its
    1 s rounds throughout) and without it (ABBA order, so drift hits both alike). The
    figure is "handled" time per event: decision plus the durable record written before
    the reply, i.e. what the hook waits for; p50 and p99 per condition and their ratios.
(b) ``--backlog``: a home records ``--rate`` events/s for one hour's worth of events
    through the same engine while offline (log entries from real payloads, so real entry
    sizes), then reconnects: the time from the publisher's first round until one ingest
    replica (a separate ``bastion fleet ingest`` process, already waiting) has stored
    the whole log is the catch-up time; checked exactly (rows == distinct leaves).

Usage: python bench/fleet_sync_bench.py [--decision --blocks 8 --block 600]
                                        [--backlog --rate 10]
  needs BASTION_TEST_POSTGRES_URL and BASTION_TEST_NATS_URL (README.md, Tests) and the
  replay corpora (BASTION_BENCH_DATA, as bench/latency.py). Writes
  bench/results/fleet_sync.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nats

sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency import mixed_payloads, percentile

from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.publisher import Publisher
from bastion.fleet.stream import ensure_stream
from bastion.store import Store

BASTION = [sys.executable, "-c", "from bastion.cli.main import app; app()"]


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _stats(ts: list[float]) -> dict[str, float]:
    return {
        "n": len(ts),
        "p50_ms": round(percentile(ts, 50) * 1000, 3),
        "p99_ms": round(percentile(ts, 99) * 1000, 3),
        "max_ms": round(max(ts) * 1000, 3),
    }


async def _stream(nats_url: str, stream: str, *, delete: bool = False) -> None:
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    if delete:
        with contextlib.suppress(Exception):
            await js.delete_stream(stream)
    else:
        await ensure_stream(js, stream)
    await nc.close()


def _session(payload: bytes, tag: str) -> bytes:
    data = json.loads(payload)
    data["session_id"] = f"{data.get('session_id', 's')}-{tag}"
    return json.dumps(data).encode()


def _caught_up(home: Home, stream: str, size: int, publisher: subprocess.Popen[bytes]) -> None:
    position = home.root / "fleet" / f"position.{stream}.json"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if publisher.poll() is not None:
            raise SystemExit(f"the publisher exited with {publisher.returncode}")
        with contextlib.suppress(OSError, ValueError):
            if int(json.loads(position.read_text())["delivered"]) >= size:
                return
        time.sleep(0.1)
    raise SystemExit("the publisher did not catch up in 300 s")


def decision(blocks: int, block: int, nats_url: str) -> dict[str, Any]:
    from bastion.daemon.server import build_engine

    stream = "FSB" + secrets.token_hex(4).upper()
    asyncio.run(_stream(nats_url, stream))
    payloads = mixed_payloads(max(2000, block))
    times: dict[str, list[float]] = {"sync": [], "nosync": []}
    recorded: dict[str, list[float]] = {"sync": [], "nosync": []}
    published: list[int] = []
    with tempfile.TemporaryDirectory(prefix="bastion-fsb-") as tmp:
        home = Home.resolve(Path(tmp) / "home").ensure()
        engine = build_engine(home)
        record = engine.record
        recording = [0.0]

        def timed_record(*args: Any, **kwargs: Any) -> None:
            t0 = time.perf_counter()
            record(*args, **kwargs)
            recording[0] = time.perf_counter() - t0

        engine.record = timed_record  # type: ignore[method-assign]
        try:
            for p in payloads[:300]:  # warm up
                engine.handle_payload("claude-code", _session(p, "warm"))
            order = ["sync", "nosync", "nosync", "sync"] * ((blocks + 3) // 4)
            at = 0
            for number, condition in enumerate(order[:blocks]):
                publisher = None
                if condition == "sync":
                    publisher = subprocess.Popen(
                        [
                            *BASTION,
                            "fleet",
                            "publish",
                            "--home",
                            str(home.root),
                            "--nats",
                            nats_url,
                            "--stream",
                            stream,
                            "--interval",
                            "1",
                        ],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                    # Past its start-up and caught up: measure it syncing, not importing.
                    _caught_up(home, stream, engine.store.log_size(), publisher)
                for i in range(block):
                    payload = _session(payloads[at % len(payloads)], f"b{number}-{i // 200}")
                    at += 1
                    recording[0] = 0.0
                    t0 = time.perf_counter()
                    engine.handle_payload("claude-code", payload)
                    times[condition].append(time.perf_counter() - t0)
                    recorded[condition].append(recording[0])
                if publisher is not None:
                    publisher.send_signal(signal.SIGTERM)
                    publisher.wait(30)
            position = home.root / "fleet" / f"position.{stream}.json"
            published.append(int(json.loads(position.read_text())["delivered"]))
            store = Store(home.database_url)
            try:
                size = store.log_size()
            finally:
                store.close()
        finally:
            engine.store.close()
            asyncio.run(_stream(nats_url, stream, delete=True))
    sync, nosync = _stats(times["sync"]), _stats(times["nosync"])
    return {
        "blocks": blocks,
        "events_per_block": block,
        "handled_with_sync": sync,
        "handled_without_sync": nosync,
        "record_with_sync": _stats(recorded["sync"]),
        "record_without_sync": _stats(recorded["nosync"]),
        "p50_ratio_sync_over_nosync": round(sync["p50_ms"] / nosync["p50_ms"], 3),
        "p99_ratio_sync_over_nosync": round(sync["p99_ms"] / nosync["p99_ms"], 3),
        "log_entries": size,
        "entries_published": published[0],
        "loadavg": _loadavg(),
    }


def _stored(plane: ControlPlane, origin: str) -> int:
    device = plane.device(origin)
    return device.size if device else 0


def _ingest_alone(
    home: Home, origin: LogSigner, size: int, db: str, nats_url: str
) -> tuple[int, int]:
    """(publish events/s, ingest events/s) of the home's whole log, one after the other."""
    tag = secrets.token_hex(4)
    schema, stream = f"fleet_fsb_{tag}", f"FSB{tag.upper()}"
    plane = ControlPlane(db, schema=schema)
    plane.setup()
    plane.enrol_key(origin.verifier_key, "bench@example.test")
    asyncio.run(_stream(nats_url, stream))
    ingest = None
    try:
        publisher = Publisher(home, nats_url, stream=stream)
        t0 = time.perf_counter()
        asyncio.run(publisher.run_round())
        publish_s = time.perf_counter() - t0
        publisher.close()
        ingest = subprocess.Popen(
            [
                *BASTION,
                "fleet",
                "ingest",
                "--db",
                db,
                "--schema",
                schema,
                "--nats",
                nats_url,
                "--stream",
                stream,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while _stored(plane, origin.origin) == 0:  # its start-up is not ingest
            time.sleep(0.02)
        t0 = time.perf_counter()
        first = _stored(plane, origin.origin)
        while _stored(plane, origin.origin) < size:
            time.sleep(0.02)
        ingest_s = time.perf_counter() - t0
        return round(size / publish_s), round((size - first) / ingest_s)
    finally:
        if ingest is not None:
            ingest.terminate()
            ingest.wait(30)
        asyncio.run(_stream(nats_url, stream, delete=True))
        plane.drop()
        plane.close()


def backlog(rate: float, db: str, nats_url: str) -> dict[str, Any]:
    from bastion.daemon.server import build_engine

    want = int(rate * 3600)
    tag = secrets.token_hex(4)
    schema, stream = f"fleet_fsb_{tag}", f"FSB{tag.upper()}"
    payloads = mixed_payloads(5000)
    plane = ControlPlane(db, schema=schema)
    plane.setup()
    ingest = None
    try:
        with tempfile.TemporaryDirectory(prefix="bastion-fsb-") as tmp:
            home = Home.resolve(Path(tmp) / "home").ensure()
            engine = build_engine(home)
            t0 = time.perf_counter()
            handled = 0
            try:
                while engine.store.log_size() < want:
                    for _ in range(500):
                        p = payloads[handled % len(payloads)]
                        engine.handle_payload("claude-code", _session(p, str(handled // 400)))
                        handled += 1
            finally:
                engine.store.close()
            generate_s = time.perf_counter() - t0
            store = Store(home.database_url)
            size = store.log_size()
            db_bytes = home.db_path.stat().st_size
            store.close()
            origin = LogSigner.for_keys_dir(home.keys_dir)
            plane.enrol_key(origin.verifier_key, "bench@example.test")
            asyncio.run(_stream(nats_url, stream))
            ingest = subprocess.Popen(
                [
                    *BASTION,
                    "fleet",
                    "ingest",
                    "--db",
                    db,
                    "--schema",
                    schema,
                    "--nats",
                    nats_url,
                    "--stream",
                    stream,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(5.0)  # the replica is up and waiting on its consumer
            load_before = _loadavg()
            t0 = time.perf_counter()
            publisher = Publisher(home, nats_url, stream=stream)
            done = asyncio.run(publisher.run_round())
            publish_s = time.perf_counter() - t0
            publisher.close()
            while (
                plane.device(origin.origin) or plane.enrol_key(origin.verifier_key, "x")
            ).size < size:
                time.sleep(0.05)
            catch_up_s = time.perf_counter() - t0
            rows, distinct = plane.counts(origin.origin)
            assert rows == distinct == size == done.entries, (rows, distinct, size, done)
            ingest.terminate()
            ingest.wait(30)
            ingest = None
            # Ingest alone at these entry sizes: the same log to a second stream and
            # schema, published first, then one replica drains it.
            alone = _ingest_alone(home, origin, size, db, nats_url)
    finally:
        if ingest is not None:
            ingest.terminate()
            ingest.wait(30)
        asyncio.run(_stream(nats_url, stream, delete=True))
        plane.drop()
        plane.close()
    return {
        "assumed_rate_events_per_s": rate,
        "hour_of_events": want,
        "log_entries": size,
        "payloads_handled": handled,
        "generation_s": round(generate_s, 1),
        "store_bytes": db_bytes,
        "avg_entry_bytes_in_store": round(db_bytes / size),
        "publish_s": round(publish_s, 2),
        "catch_up_s": round(catch_up_s, 2),
        "catch_up_events_per_s": round(size / catch_up_s),
        "publish_alone_events_per_s": alone[0],
        "ingest_alone_events_per_s_one_replica": alone[1],
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decision", action="store_true")
    parser.add_argument("--blocks", type=int, default=8)
    parser.add_argument("--block", type=int, default=600)
    parser.add_argument("--backlog", action="store_true")
    parser.add_argument("--rate", type=float, default=10.0, help="events/s of the busy daemon")
    parser.add_argument(
        "--out", default=None, help="result file (default bench/results/fleet_sync.json)"
    )
    args = parser.parse_args()
    db = os.environ.get("BASTION_TEST_POSTGRES_URL")
    nats_url = os.environ.get("BASTION_TEST_NATS_URL")
    if not db or not nats_url:
        sys.exit("set BASTION_TEST_POSTGRES_URL and BASTION_TEST_NATS_URL (README.md, Tests)")
    os.environ.pop("BASTION_DATABASE_URL", None)
    result: dict[str, Any] = {}
    if args.decision:
        result["decision_while_syncing"] = decision(args.blocks, args.block, nats_url)
        print(json.dumps(result["decision_while_syncing"], indent=2), flush=True)
    if args.backlog:
        result["one_hour_backlog"] = backlog(args.rate, db, nats_url)
        print(json.dumps(result["one_hour_backlog"], indent=2), flush=True)
    out = Path(args.out or Path(__file__).parent / "results" / "fleet_sync.json")
    previous = json.loads(out.read_text()) if out.exists() else {}
    out.write_text(json.dumps({**previous, **result}, indent=2) + "\n")


if __name__ == "__main__":
    main()
