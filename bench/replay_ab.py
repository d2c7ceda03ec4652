"""Replay throughput, A/B between two source trees, interleaved, on SQLite or PostgreSQL.

Each sample is a fresh process (``PYTHONPATH=<tree>/src``) that builds the engine exactly as
``bastion replay`` does (`bastion.cli.replay_cmd.make_engine`, a fresh temporary home), reads
the first ``--events`` lines of the corpus, and times ``replay_lines`` over them: CPU seconds
of the process (one core: the replay is single-threaded) and wall seconds. Imports and the
engine's start are outside the timing. Trees alternate sample by sample (A B A B ...) so
load drift hits both; the ratio is taken pair by pair.

``--postgres URL`` (an admin URL such as ``postgresql+psycopg://postgres@127.0.0.1:5432/test``)
replays into a new database per sample, dropped afterwards.

``--mode decisions`` times the decisions-only replay of ``bastion policy test``
(``replay_lines(..., rows=False)``) instead of the full one. Each sample hashes every reply
(decision, reasons, finding kinds): the hashes must be equal across trees and samples.

Usage:
    git archive main src | tar -x -C /tmp/base
    BASTION_BENCH_DATA=/work/shared/data python bench/replay_ab.py /tmp/base . --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BASTION_BENCH_DATA") or ROOT.parent / "shared" / "data")
CORPUS = "swebench-verified-gemini3pro-dev.jsonl.gz"

# Run inside each sample's process; prints one JSON line.
SAMPLE = """
import hashlib, json, sys, tempfile, time
from pathlib import Path
from bastion.cli.replay_cmd import make_engine
from bastion.config import Home, tune_gc
from bastion.replay import read_payloads, replay_lines
lines = [l for _, l in zip(range(int(sys.argv[2])), read_payloads([Path(sys.argv[1])]))]
rows = sys.argv[3] == "full"
with tempfile.TemporaryDirectory(prefix="rab", dir="/tmp") as tmp:
    engine = make_engine(Home.resolve(tmp).ensure(), None, "balanced")
    tune_gc()
    wall, cpu = time.perf_counter(), time.process_time()
    decided, replies = {}, []
    for step in replay_lines(engine, iter(lines), rows=rows):
        row = step.output()
        d = row["decision"]
        decided[d] = decided.get(d, 0) + 1
        replies.append((d, row["reasons"], [f["kind"] for f in row["findings"]]))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    engine.store.close()
digest = hashlib.sha256(json.dumps(replies).encode()).hexdigest()[:16]
print(json.dumps({"events": len(lines), "wall": wall, "cpu": cpu, "decided": decided,
                  "replies": digest}))
"""


def sample(
    tree: Path, corpus: Path, events: int, database_url: str | None, mode: str = "full"
) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str((tree / "src").resolve())
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / f"rab-pyc-{tree.resolve().name}")
    if database_url:
        env["BASTION_DATABASE_URL"] = database_url
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, str(corpus), str(events), mode],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{tree}: sample failed: {out.stderr[-800:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def psql(admin: str, sql: str) -> None:
    """Run one statement through psql on the admin URL's server (no SQLAlchemy here)."""
    plain = admin.replace("postgresql+psycopg://", "postgresql://")
    subprocess.run(["psql", plain, "-q", "-c", sql], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs=2, type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=4000)
    parser.add_argument("--corpus", type=Path, default=DATA / CORPUS)
    parser.add_argument("--postgres", default=None, help="admin URL: a new database per sample")
    parser.add_argument(
        "--mode",
        choices=["full", "decisions"],
        default="full",
        help="full: every row written (bastion replay); decisions: rows=False (policy test)",
    )
    args = parser.parse_args()
    rows: dict[int, list[dict[str, object]]] = {0: [], 1: []}
    for i in range(args.runs):
        for t in [0, 1] if i % 2 == 0 else [1, 0]:
            url = None
            if args.postgres:
                name = f"rab_{uuid.uuid4().hex[:10]}"
                psql(args.postgres, f"CREATE DATABASE {name}")
                url = args.postgres.rsplit("/", 1)[0] + "/" + name
            try:
                rows[t].append(sample(args.trees[t], args.corpus, args.events, url, args.mode))
            finally:
                if args.postgres:
                    psql(args.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    if rows[0][0]["decided"] != rows[1][0]["decided"]:
        print(f"decisions differ: {rows[0][0]['decided']} vs {rows[1][0]['decided']}")
    digests = {str(r["replies"]) for t in (0, 1) for r in rows[t]}
    print(
        f"replies (decision, reasons, finding kinds) identical in every sample: "
        f"{len(digests) == 1} ({sorted(digests)})"
    )
    store = "postgresql" if args.postgres else "sqlite"
    for t in (0, 1):
        cpu = [r["events"] / r["cpu"] for r in rows[t]]  # type: ignore[operator]
        wall = [r["events"] / r["wall"] for r in rows[t]]  # type: ignore[operator]
        print(
            f"{t}:{args.trees[t]} [{store}] {rows[t][0]['events']} events: median "
            f"{statistics.median(cpu):,.0f} events/s per CPU second, "
            f"{statistics.median(wall):,.0f} events/s wall"
        )
    ratio = statistics.median(
        (b["events"] / b["cpu"]) / (a["events"] / a["cpu"])  # type: ignore[operator]
        for a, b in zip(rows[0], rows[1], strict=True)
    )
    print(f"1/0 throughput ratio (CPU, pair by pair, median): {ratio:.3f}; load {os.getloadavg()}")


if __name__ == "__main__":
    main()
