"""A decisions-only replay split across processes by session (``bastion.replay_shards``)
against the same replay in one process: replies hashed (must be equal), wall seconds and the
CPU seconds of every process, interleaved sequential / sharded, fresh interpreter per sample.
The hash covers every output row (decision, reasons, findings and their details).

The sharded replay's gain is bounded by the cores: on this shared 2-core machine at most
x2 wall, while CPU per event stays the single process's (plus the plan pass and forks).

Usage:
    BASTION_BENCH_DATA=/work/shared/data python bench/replay_shards.py --runs 2 --jobs 2
    BASTION_BENCH_DATA=/work/shared/data python bench/replay_shards.py --corpus ALL --events 3000
    python bench/replay_shards.py --corpus SCENARIOS --events 30000 --runs 1 --jobs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BASTION_BENCH_DATA") or ROOT.parent / "shared" / "data")
CORPUS = "swebench-verified-gemini3pro-dev.jsonl.gz"

# Run inside each sample's process; prints one JSON line.
SAMPLE = """
import hashlib, json, os, resource, sys, time
from pathlib import Path
from bastion.config import Home, tune_gc
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.replay import read_payloads
from bastion.replay_shards import decisions
from bastion.store import Store
corpus, events, jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
paths = sorted(Path(corpus).rglob("*.jsonl*")) if Path(corpus).is_dir() else [Path(corpus)]
lines = [l for _, l in zip(range(events), read_payloads(paths))]
policy = PolicyEngine.load(None)
def build(home):
    return Engine(Store(home.database_url), policy, profile="balanced")
tune_gc()
def cpu():
    use = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in use)
wall, used = time.perf_counter(), cpu()
rows = decisions(build, lines, jobs)
wall, used = time.perf_counter() - wall, cpu() - used
digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:16]
print(json.dumps({"events": len(lines), "wall": wall, "cpu": used, "replies": digest}))
"""


def sample(corpus: Path, events: int, jobs: int) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, str(corpus), str(events), str(jobs)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"sample failed: {out.stderr[-800:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--jobs", type=int, default=0, help="workers (0: one per core)")
    parser.add_argument(
        "--corpus", default=CORPUS, help="a file under the data dir, ALL, or SCENARIOS (as one)"
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    names = (
        sorted(p.name for p in DATA.glob("*.jsonl.gz")) if args.corpus == "ALL" else [args.corpus]
    )
    where = {n: ROOT / "bench" / "scenarios" if n == "SCENARIOS" else DATA / n for n in names}
    report: dict[str, object] = {"jobs": args.jobs, "events": args.events, "corpora": {}}
    for name in names:
        rows: dict[str, list[dict[str, object]]] = {"one": [], "shards": []}
        for i in range(args.runs):
            for mode in ("one", "shards") if i % 2 == 0 else ("shards", "one"):
                rows[mode].append(
                    sample(where[name], args.events, 1 if mode == "one" else args.jobs)
                )
        digests = {str(r["replies"]) for rs in rows.values() for r in rs}
        figures: dict[str, object] = {"replies_identical": len(digests) == 1}
        for mode, rs in rows.items():
            figures[mode] = {
                "events": rs[0]["events"],
                "events_per_s_wall": round(statistics.median(r["events"] / r["wall"] for r in rs)),  # type: ignore[operator]
                "events_per_cpu_s": round(statistics.median(r["events"] / r["cpu"] for r in rs)),  # type: ignore[operator]
            }
        figures["wall_ratio"] = round(
            statistics.median(
                o["wall"] / s["wall"]  # type: ignore[operator]
                for o, s in zip(rows["one"], rows["shards"], strict=True)
            ),
            3,
        )
        figures["load"] = os.getloadavg()
        report["corpora"][name] = figures  # type: ignore[index]
        print(name, json.dumps(figures))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
