"""Sustained ingest of ONE replica for minutes: publishers at set rates, lag over time.

Setup (before the clock starts):
  * a template home is filled through the daemon's real engine with the replay corpora's
    payloads (real entry sizes and shapes, as fleet_ingest_profile.py), kept in
    ``--template-home`` for the next runs;
  * a fresh control-plane schema and JetStream stream; ONE ingest replica is started as
    its own process (``bastion fleet ingest``: the real `Ingester`, durable pull consumer,
    verify, COPY, commit, ack), so its CPU is its own.

Run: ``--publishers`` separate processes, each a device of its own (a fresh `LogSigner`,
its own origin and device key, enrolled in the control plane), append the template's
entries to their own log (each entry given a fresh event id, so every leaf is new), and
publish real audit batches (``--batch`` entries, a checkpoint signed by the device's key
at the batch's end, as the last batch of a daemon's round) to JetStream at the rate of
the current step of ``--rates`` (events/s for all publishers together; the duration is
split evenly between steps). Nothing is skipped: the replica verifies every batch
against the device's key and its compact range.

Every ``--sample`` s: entries stored (the devices' verified sizes in PostgreSQL), consumer
lag (JetStream: messages pending + unacknowledged, times the batch size), the replica's
CPU. Reported per ``--window`` s window and per step; a step is "sustained" when the lag
at its end is under ``--max-lag-s`` seconds of its rate and did not grow across the
step's second half. At the end the publishers stop, the replica drains, and PostgreSQL
must hold exactly what was published (rows == distinct leaves == published, per device).

Usage: python bench/fleet_sustained.py [--duration 300] [--rates 6000,9000,12000,15000]
                                       [--publishers 3] [--out FILE]
  needs BASTION_TEST_POSTGRES_URL, BASTION_TEST_NATS_URL and BASTION_BENCH_DATA.
  Default output: bench/results/fleet-sustained-<date>.json. The stream and schema are
  dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleet_sync_bench import BASTION, _loadavg, _stream

from bastion.audit.merkle import leaf_hash, node_hash
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.batch import Batch, encode
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.ingest import DURABLE
from bastion.fleet.stream import subject_for


def template_entries(root: Path, events: int) -> list[tuple[bytes, bytes]]:
    """(entry, its event id) from a home filled by the real engine (built once)."""
    import orjson

    from bastion.store import Store
    from bastion.store.export_log import read_page

    home = Home.resolve(root)
    if not home.db_path.exists():
        from fleet_ingest_profile import build

        build(root, events)
    store = Store(home.database_url)
    try:
        with store.snapshot() as conn:
            items = read_page(conn, 0, events)
    finally:
        store.close()
    out = []
    for item in items:
        ident = orjson.loads(item.entry)["event"]["id"]
        out.append((item.entry, str(ident).encode()))
    return out


class _Frontier:
    """The compact range of a growing log: its root after every append (RFC 9162)."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, bytes]] = []  # (subtree size, hash), left to right

    def add(self, leaf: bytes) -> None:
        size, h = 1, leaf
        while self.stack and self.stack[-1][0] == size:
            left = self.stack.pop()[1]
            h, size = node_hash(left, h), size * 2
        self.stack.append((size, h))

    def root(self) -> bytes:
        h = self.stack[-1][1]
        for _, left in reversed(self.stack[:-1]):
            h = node_hash(left, h)
        return h


def _schedule(rates: list[float], duration: float, t: float) -> float:
    step = min(int(t / (duration / len(rates))), len(rates) - 1)
    return rates[step]


def publisher(
    n: int,
    nats_url: str,
    db: str,
    schema: str,
    stream: str,
    template: Path,
    template_events: int,
    keys: str,
    rates: list[float],
    share: float,
    duration: float,
    batch_size: int,
    t0: float,
    published: Any,
    ready: Any,
) -> None:
    """One device: its own key, its own log, publishing at ``share`` of the step's rate."""
    import nats

    entries = template_entries(template, template_events)
    if True:
        signer = LogSigner.for_keys_dir(keys)  # made and enrolled by main
        subject = subject_for(stream, signer.origin)
        frontier = _Frontier()

        async def go() -> None:
            nc = await nats.connect(nats_url)
            js = nc.jetstream(timeout=10.0)
            ready.value += 1
            while time.time() < t0:
                await asyncio.sleep(0.01)
            sent, due, last = 0, 0.0, time.time()
            k = n * 7919
            while True:
                now = time.time()
                if now - t0 >= duration:
                    break
                due += _schedule(rates, duration, now - t0) * share * (now - last)
                last = now
                if sent + batch_size > due:
                    await asyncio.sleep(min(0.05, (sent + batch_size - due) / (rates[0] * share)))
                    continue
                batch_entries = []
                for _ in range(batch_size):
                    entry, ident = entries[k % len(entries)]
                    k += 1
                    entry = entry.replace(ident, secrets.token_hex(16).encode())
                    frontier.add(leaf_hash(entry))
                    batch_entries.append(entry)
                end = sent + batch_size
                note = signer.sign(end, frontier.root(), int(now))
                batch = Batch(signer.origin, sent, tuple(batch_entries), note, ())
                await js.publish(
                    subject,
                    encode(batch),
                    stream=stream,
                    headers={"Nats-Msg-Id": batch.last_leaf_hash().hex()},
                )
                sent = end
                published[n] = sent
            await nc.close()

        asyncio.run(go())
        print(json.dumps({"origin": signer.origin, "published": published[n]}), flush=True)


def _cpu_seconds(pid: int) -> float:
    total = 0.0
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _host_busy() -> tuple[float, float]:
    parts = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


async def _lag(nats_url: str, stream: str) -> int:
    import nats

    nc = await nats.connect(nats_url)
    try:
        info = await nc.jetstream().consumer_info(stream, DURABLE)
        return int(info.num_pending) + int(info.num_ack_pending)
    except Exception:
        return -1
    finally:
        await nc.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of publishing")
    parser.add_argument(
        "--rates",
        default="6000,9000,12000,15000",
        help="events/s of all publishers together, one per step (duration split evenly)",
    )
    parser.add_argument("--publishers", type=int, default=3, help="publisher processes")
    parser.add_argument("--batch", type=int, default=1000, help="entries per audit batch")
    parser.add_argument("--window", type=float, default=30.0, help="report window, s")
    parser.add_argument("--sample", type=float, default=2.0, help="sampling period, s")
    parser.add_argument("--max-lag-s", type=float, default=10.0, help="bounded-lag limit, s")
    parser.add_argument(
        "--drain-timeout", type=float, default=600.0, help="s to wait for the drain after"
    )
    parser.add_argument("--template-events", type=int, default=400)
    parser.add_argument("--template-home", default="/tmp/bastion-fsu-template")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    db = os.environ.get("BASTION_TEST_POSTGRES_URL")
    nats_url = os.environ.get("BASTION_TEST_NATS_URL")
    if not db or not nats_url or not os.environ.get("BASTION_BENCH_DATA"):
        sys.exit("set BASTION_TEST_POSTGRES_URL, BASTION_TEST_NATS_URL and BASTION_BENCH_DATA")
    os.environ.pop("BASTION_DATABASE_URL", None)
    rates = [float(r) for r in args.rates.split(",")]
    template = Path(args.template_home)
    entries = template_entries(template, args.template_events)
    avg_entry = sum(len(e) for e, _ in entries) / len(entries)
    print(f"template: {len(entries)} entries, {avg_entry:.0f} B each on average", flush=True)

    tag = secrets.token_hex(4)
    schema, stream = f"fleet_fsu_{tag}", f"FSU{tag.upper()}"
    plane = ControlPlane(db, schema=schema)
    plane.setup()
    asyncio.run(_stream(nats_url, stream))
    command = [*BASTION, "fleet", "ingest", "--db", db, "--schema", schema, "--nats", nats_url]
    replica = subprocess.Popen(
        [*command, "--stream", stream],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    keydirs = tempfile.TemporaryDirectory(prefix="bastion-fsu-")
    origins = []
    for n in range(args.publishers):
        signer = LogSigner.for_keys_dir(Path(keydirs.name) / str(n))
        plane.enrol_key(signer.verifier_key, f"publisher{n}@example.test")
        origins.append(signer.origin)
    ctx = mp.get_context("spawn")
    published = ctx.Array("q", args.publishers, lock=False)
    ready = ctx.Value("i", 0)
    t0 = time.time() + 30.0  # publishers load the template and enrol meanwhile
    procs = [
        ctx.Process(
            target=publisher,
            args=(
                n,
                nats_url,
                db,
                schema,
                stream,
                template,
                args.template_events,
                str(Path(keydirs.name) / str(n)),
                rates,
                1.0 / args.publishers,
                args.duration,
                args.batch,
                t0,
                published,
                ready,
            ),
        )
        for n in range(args.publishers)
    ]
    for p in procs:
        p.start()
    load_before = _loadavg()
    samples: list[dict[str, float]] = []
    result: dict[str, Any] = {}
    try:
        while time.time() < t0:
            time.sleep(0.2)
        if ready.value < args.publishers:
            sys.exit(f"only {ready.value}/{args.publishers} publishers ready after 30 s")
        cpu0, (busy0, all0) = _cpu_seconds(replica.pid), _host_busy()
        print(
            "   t(s)  rate  published   stored   lag(entries)  replica-CPU%  host-CPU%",
            flush=True,
        )
        prev = (0.0, cpu0, busy0, all0)
        drained_at = None
        while True:
            time.sleep(args.sample)
            t = time.time() - t0
            stored = sum((plane.device(o).size or 0) for o in origins)  # type: ignore[union-attr]
            pub = sum(published)
            lag_msgs = asyncio.run(_lag(nats_url, stream))
            cpu, (busy, allt) = _cpu_seconds(replica.pid), _host_busy()
            dt = t - prev[0]
            row = {
                "t": round(t, 1),
                "rate": _schedule(rates, args.duration, min(t, args.duration - 1e-6)),
                "published": pub,
                "stored": stored,
                "lag_entries": pub - stored,
                "lag_msgs": lag_msgs,
                "replica_cpu_pct": round(100 * (cpu - prev[1]) / dt, 1),
                "host_cpu_pct": round(100 * (busy - prev[2]) / max(allt - prev[3], 1e-9), 1),
            }
            prev = (t, cpu, busy, allt)
            samples.append(row)
            print(
                f"{row['t']:7.1f} {row['rate']:6.0f} {pub:9d} {stored:9d} {row['lag_entries']:12d}"
                f" {row['replica_cpu_pct']:12.1f} {row['host_cpu_pct']:10.1f}",
                flush=True,
            )
            if t >= args.duration and all(not p.is_alive() for p in procs) and stored >= pub:
                drained_at = t
                break
            if t >= args.duration + args.drain_timeout:
                print(f"replica did not drain within {args.drain_timeout} s of the end", flush=True)
                break
        for p in procs:
            p.join(30)
        pub_total = sum(published)
        per_device = {}
        for o in origins:
            rows, distinct = plane.counts(o)
            size = plane.device(o).size  # type: ignore[union-attr]
            per_device[o] = {"rows": rows, "distinct": distinct, "verified_size": size}
        rows_total = sum(d["rows"] for d in per_device.values())
        distinct_total = sum(d["distinct"] for d in per_device.values())
        cpu_end = _cpu_seconds(replica.pid)

        windows = []
        w = 0.0
        while w < (drained_at or args.duration):
            inside = [s for s in samples if w < s["t"] <= w + args.window]
            before = [s for s in samples if s["t"] <= w]
            if inside:
                s0 = before[-1] if before else {"t": 0.0, "stored": 0, "published": 0}
                s1 = inside[-1]
                span = s1["t"] - s0["t"]
                windows.append(
                    {
                        "from_s": w,
                        "to_s": s1["t"],
                        "target_rate": inside[0]["rate"] if w < args.duration else 0,
                        "published_per_s": round((s1["published"] - s0["published"]) / span),
                        "ingested_per_s": round((s1["stored"] - s0["stored"]) / span),
                        "lag_end_entries": s1["lag_entries"],
                        "replica_cpu_pct": round(
                            sum(s["replica_cpu_pct"] for s in inside) / len(inside), 1
                        ),
                        "host_cpu_pct": round(
                            sum(s["host_cpu_pct"] for s in inside) / len(inside), 1
                        ),
                    }
                )
            w += args.window
        steps = []
        step_s = args.duration / len(rates)
        for i, rate in enumerate(rates):
            inside = [s for s in samples if i * step_s < s["t"] <= (i + 1) * step_s]
            if len(inside) < 4:
                continue
            half = inside[len(inside) // 2 :]
            span = inside[-1]["t"] - inside[0]["t"]
            ingested = (inside[-1]["stored"] - inside[0]["stored"]) / span
            offered = (inside[-1]["published"] - inside[0]["published"]) / span
            growth = half[-1]["lag_entries"] - half[0]["lag_entries"]
            sustained = (
                half[-1]["lag_entries"] <= args.max_lag_s * rate and growth <= 0.05 * rate * span
            )
            steps.append(
                {
                    "target_rate": rate,
                    "published_per_s": round(offered),
                    "ingested_per_s": round(ingested),
                    "lag_end_entries": half[-1]["lag_entries"],
                    "lag_end_s_at_rate": round(half[-1]["lag_entries"] / rate, 2),
                    "lag_growth_second_half": growth,
                    "replica_cpu_pct": round(
                        sum(s["replica_cpu_pct"] for s in inside) / len(inside), 1
                    ),
                    "sustained": sustained,
                }
            )
        best = max((s["ingested_per_s"] for s in steps if s["sustained"]), default=0)
        result = {
            "duration_s": args.duration,
            "rates": rates,
            "publishers": args.publishers,
            "batch_entries": args.batch,
            "avg_entry_bytes": round(avg_entry),
            "published": pub_total,
            "rows": rows_total,
            "distinct_leaves": distinct_total,
            "exact": rows_total == distinct_total == pub_total,
            "drained_s_after_start": drained_at,
            "replica_cpu_s": round(cpu_end - cpu0, 1),
            "highest_sustained_ingest_per_s": best,
            "steps": steps,
            "windows_30s": windows,
            "per_device": per_device,
            "loadavg_before": load_before,
            "loadavg_after": _loadavg(),
            "nproc": os.cpu_count(),
            "samples": samples,
        }
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        replica.terminate()
        replica.wait(30)
        asyncio.run(_stream(nats_url, stream, delete=True))
        plane.drop()
        plane.close()
        keydirs.cleanup()
    summary = {k: v for k, v in result.items() if k not in ("samples", "windows_30s")}
    print(json.dumps(summary, indent=2), flush=True)
    out = Path(
        args.out
        or Path(__file__).parent
        / "results"
        / f"fleet-sustained-{time.strftime('%Y%m%d-%H%M')}.json"
    )
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
