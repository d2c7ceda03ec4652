"""Benchmark the stored audit log on SQLite and PostgreSQL: append, verify, proofs.

Append and one-process verification run on one core (the process pins itself to CPU
0): append throughput of realistic event rows through ``Store.append_events``
(batched: one transaction and one executemany per table per batch, committed, so
durable once acknowledged) and through ``Store.append_event`` (one transaction per
event, as the daemon does); full verification throughput
(``bastion.audit.verify.verify_log``: recompute every leaf from the rows, compare with
stored hashes, check checkpoints, compare every stored subtree node) in this process
and with one worker process per core (``bastion audit verify``'s default, unpinned);
and, on a log of ``--entries`` events (1,000,000 by default) in SQLite, the append rate
while building it, the size of an inclusion proof and the time to fetch it from the
store and verify it.

    .venv/bin/python bench/audit_store_bench.py
    BASTION_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/audit_store_bench.py
    .venv/bin/python bench/audit_store_bench.py --entries 100000 --append 20000   # quick

Writes bench/results/audit_store.json. SQLite runs WAL with synchronous=NORMAL (an
acknowledged event survives a crash of the process; ``--durable`` adds an fsync per
commit, surviving power loss too).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bastion.audit import leaf_hash, verify_inclusion
from bastion.audit.merkle import inclusion_proof
from bastion.audit.signer import LogSigner
from bastion.audit.verify import trusted, verify_log
from bastion.store import Store
from bastion.store.chunks import CHUNK_SIZE, processes

RESULTS = Path(__file__).resolve().parent / "results" / "audit_store.json"
TARGETS = {
    "sqlite_append_per_s": 20_000,
    "postgresql_append_per_s": 5_000,
    "verify_per_s": 200_000,  # with a worker per core, as `bastion audit verify` runs
}
BATCH = 1000


def event(
    n: int, rng: random.Random
) -> tuple[dict[str, Any], list[Any], list[Any], dict[str, Any]]:
    session = f"session-{n // 200:06d}"
    command = " ".join(
        rng.choice(["git", "ls", "cat", "grep", "pytest", "-q", "src/"]) for _ in range(6)
    )
    row = {
        "id": f"{n:012d}{secrets.token_hex(8)}",
        "session_id": session,
        "time": 1_750_000_000.0 + n * 0.01,
        "kind": "action",
        "native_name": "PreToolUse",
        "tool": "Bash",
        "tool_use_id": f"toolu_{n:020d}",
        "decision": rng.choice(["allow", "allow", "allow", "ask", "deny"]),
        "data": {
            "id": "x",
            "session_id": session,
            "kind": "action",
            "agent": "claude-code",
            "native_name": "PreToolUse",
            "time": 1_750_000_000.0 + n * 0.01,
            "tool": "Bash",
            "tool_use_id": f"toolu_{n:020d}",
            "tool_input": {"command": command, "description": "run it"},
            "tool_output": None,
            "prompt": None,
            "error": None,
            "cwd": "/home/dev/src/demo",
            "permission_mode": "default",
            "transcript_path": f"/home/dev/.claude/projects/x/{session}.jsonl",
            "raw": {},
        },
        "facts": {"category": "execute", "reads": [], "writes": [], "network": []},
        "verdict": {
            "decision": "allow",
            "reasons": ["baseline permit"],
            "policies": ["p0"],
            "findings": [],
            "policy_hash": "ab" * 8,
            "agent_context": None,
        },
    }
    return row, [], [], {"last_seen": row["time"]}


def sessions_for(store: Store, count: int) -> None:
    with store.transaction():
        for s in range(count // 200 + 1):
            store.upsert_session(
                {
                    "id": f"session-{s:06d}",
                    "agent": "claude-code",
                    "agent_version": "",
                    "human": "dev",
                    "host": "h",
                    "cwd": "",
                    "workspace": "",
                    "permission_mode": "",
                    "transcript_path": "",
                    "prompt": "",
                    "started_at": 0.0,
                    "last_seen": 0.0,
                    "mode": "normal",
                    "risk": 0,
                    "event_count": 0,
                    "denials": 0,
                }
            )


def append_batched(store: Store, start: int, count: int, rng: random.Random) -> float:
    items = [event(n, rng) for n in range(start, start + count)]
    began = time.perf_counter()
    for i in range(0, count, BATCH):
        store.append_events(items[i : i + BATCH])
    return time.perf_counter() - began


def append_single(store: Store, start: int, count: int, rng: random.Random) -> float:
    items = [event(n, rng) for n in range(start, start + count)]
    began = time.perf_counter()
    for item in items:
        store.append_event(*item)
    return time.perf_counter() - began


def all_cores() -> set[int]:
    return set(range(os.cpu_count() or 1))


@contextlib.contextmanager
def cpus(which: set[int]) -> Iterator[None]:
    """Run the block on these CPUs (worker processes inherit the affinity)."""
    try:
        before = os.sched_getaffinity(0)
        os.sched_setaffinity(0, which)
    except (AttributeError, OSError):
        yield
        return
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def verify_rate(store: Store, signer: LogSigner, jobs: int = 1) -> dict[str, Any]:
    store.checkpoint(only_if_new=True)
    with cpus({0} if jobs == 1 else all_cores()):
        began = time.perf_counter()
        with store.log_reader(jobs=jobs) as reader:
            report = verify_log(reader, trusted([signer.verifier_key]))
        seconds = time.perf_counter() - began
    assert report.ok, report
    chunks = -(-report.rows // CHUNK_SIZE)
    return {
        "entries": report.rows,
        "processes": processes(chunks, jobs),
        "seconds": round(seconds, 3),
        "entries_per_s": round(report.rows / seconds),
    }


def proofs(store: Store, size: int, count: int = 200) -> dict[str, Any]:
    rng = random.Random(1)
    cp = store.latest_checkpoint()
    assert cp is not None and cp.size == size
    fetch, check, lengths = [], [], []
    with store.log_reader() as reader:
        seqs = [rng.randrange(1, size + 1) for _ in range(count)]
        for seq in seqs:
            t0 = time.perf_counter()
            entry = reader.entries([seq])[0]
            proof = inclusion_proof(entry.index, size, reader.read_nodes)
            t1 = time.perf_counter()
            verify_inclusion(leaf_hash(entry.entry), entry.index, size, proof, cp.root)
            t2 = time.perf_counter()
            fetch.append(t1 - t0)
            check.append(t2 - t1)
            lengths.append(len(proof))
    return {
        "log_entries": size,
        "proof_hashes_max": max(lengths),
        "proof_bytes_max": 32 * max(lengths),
        "fetch_ms_median": round(statistics.median(fetch) * 1e3, 3),
        "verify_us_median": round(statistics.median(check) * 1e6, 1),
        "verify_us_p99": round(sorted(check)[int(0.99 * len(check))] * 1e6, 1),
    }


@contextlib.contextmanager
def pg_schema(base: str) -> Iterator[str]:
    schema = "bench_" + secrets.token_hex(4)
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def run_backend(name: str, url: str, args: argparse.Namespace, keys: Path) -> dict[str, Any]:
    rng = random.Random(7)
    signer = LogSigner.for_keys_dir(keys)
    store = Store(
        url, signer=signer, checkpoint_every=10_000, checkpoint_seconds=0, durable=args.durable
    )
    total = max(args.append, args.entries if name == "sqlite" else args.append)
    sessions_for(store, total + args.single)
    out: dict[str, Any] = {}
    seconds = append_batched(store, 0, args.append, rng)
    out["append_batched"] = {
        "events": args.append,
        "batch": BATCH,
        "seconds": round(seconds, 3),
        "events_per_s": round(args.append / seconds),
    }
    seconds = append_single(store, args.append, args.single, rng)
    out["append_one_per_transaction"] = {
        "events": args.single,
        "seconds": round(seconds, 3),
        "events_per_s": round(args.single / seconds),
    }
    done = args.append + args.single
    out["verify"] = verify_rate(store, signer)
    if name != "sqlite" or args.entries <= done:  # else the large log measures this
        out["verify_workers"] = verify_rate(store, signer, len(all_cores()))
    if name == "sqlite" and args.entries > done:
        seconds = append_batched(store, done, args.entries - done, rng)
        out["append_while_building_large_log"] = {
            "events": args.entries - done,
            "seconds": round(seconds, 1),
            "events_per_s": round((args.entries - done) / seconds),
        }
        out["verify_large"] = verify_rate(store, signer)
        out["verify_large_workers"] = verify_rate(store, signer, len(all_cores()))
        out["proofs"] = proofs(store, args.entries)
    store.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="large SQLite log size")
    parser.add_argument("--append", type=int, default=100_000, help="events for append rate")
    parser.add_argument("--single", type=int, default=5_000, help="one-per-transaction events")
    parser.add_argument("--durable", action="store_true", help="SQLite synchronous=FULL")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the figures")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {0})
    results: dict[str, Any] = {
        "benchmark": "audit_store",
        "command": "python bench/audit_store_bench.py " + " ".join(sys.argv[1:]),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "cores": len(all_cores()),
        "sqlite_synchronous": "FULL" if args.durable else "NORMAL",
    }
    with tempfile.TemporaryDirectory(prefix="bastion-bench-") as tmp:
        results["sqlite"] = run_backend(
            "sqlite", f"sqlite:///{tmp}/bench.db", args, Path(tmp) / "keys"
        )
        pg = os.environ.get("BASTION_BENCH_POSTGRES_URL") or os.environ.get(
            "BASTION_TEST_POSTGRES_URL"
        )
        if pg:
            with pg_schema(pg) as url:
                results["postgresql"] = run_backend("postgresql", url, args, Path(tmp) / "keys")
        else:
            results["postgresql"] = "skipped: set BASTION_BENCH_POSTGRES_URL"
    sqlite = results["sqlite"]
    checks = {
        "sqlite_append_per_s": sqlite["append_batched"]["events_per_s"],
        "verify_per_s": (sqlite.get("verify_large_workers") or sqlite["verify_workers"])[
            "entries_per_s"
        ],
    }
    if isinstance(results["postgresql"], dict):
        checks["postgresql_append_per_s"] = results["postgresql"]["append_batched"]["events_per_s"]
    results["targets"] = {
        k: {"target": TARGETS[k], "measured": v, "met": v >= TARGETS[k]} for k, v in checks.items()
    }
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
