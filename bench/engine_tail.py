"""Where the engine's time per event goes, and which events make its p99: CPU per stage.

Each sample is a fresh process (``PYTHONPATH=<tree>/src``) that builds the engine as the
daemon does (`bastion.daemon.build_engine` on a temporary home) and hands it the mixed
payloads of bench/latency.py (SWE-bench and AgentDojo, in session order), one call at a time
as a single client would. For every event it takes this thread's CPU time (not wall time:
on a shared machine wall time measures the load) of the whole call and of each stage
(identify, understand, detect, decide, respond, record), so the figures are:

  decision  the call without its record (identify -> respond): what the verdict costs
  handled   the call with its record, committed one event per transaction (the daemon's
            group commit with one client waiting)

With ``--base DIR`` (another tree's ``src``), samples alternate between the two trees
(A B B A ...) and the medians of each tree's p50/p99 are reported with their ratios. The
slowest events of the last sample of this tree are listed by type, tool and size, with
their stages: what the p99 is made of.

Usage:
    git worktree add /tmp/base main   # or any tree with a src/
    BASTION_BENCH_DATA=/work/shared/data python bench/engine_tail.py --base /tmp/base/src
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("identify", "understand", "detect", "decide", "respond", "record")

# Run inside each sample's process; prints one JSON line.
SAMPLE = """
import gc, json, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
import latency
from bastion.config import Home
from bastion.daemon import build_engine
try:
    from bastion.config import tune_gc
except ImportError:
    tune_gc = None
STAGES = json.loads(sys.argv[3])
payloads = latency.mixed_payloads(int(sys.argv[2]))
rows = []
with tempfile.TemporaryDirectory(prefix="etail", dir="/tmp") as home:
    engine = build_engine(Home.resolve(home).ensure())
    if tune_gc is not None:
        tune_gc()  # as the daemon does after building its engine
    spent = {}
    collecting = [0.0]

    def on_gc(phase, info):
        if phase == "start":
            collecting[0] = time.thread_time()
        else:
            spent["gc"] = spent.get("gc", 0.0) + time.thread_time() - collecting[0]

    gc.callbacks.append(on_gc)
    for name in STAGES:
        def timed(*a, _f=getattr(engine, name), _n=name, **k):
            c = time.thread_time()
            try:
                return _f(*a, **k)
            finally:
                spent[_n] = spent.get(_n, 0.0) + time.thread_time() - c
        setattr(engine, name, timed)
    for payload in payloads:
        spent.clear()
        data = json.loads(payload)
        c = time.thread_time()
        engine.handle_payload("claude-code", payload)
        total = time.thread_time() - c
        rows.append([total, data["hook_event_name"], data.get("tool_name"), len(payload),
                     {k: round(v * 1e3, 3) for k, v in spent.items()}])
    engine.store.close()
print(json.dumps(rows))
"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


def sample(src: Path, events: int) -> list[list[Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env["BASTION_BENCH_DATA"] = os.environ.get("BASTION_BENCH_DATA", "")
    env["PYTHONPATH"] = str(src.resolve())
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, str(ROOT / "bench"), str(events), json.dumps(STAGES)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{src}: sample failed: {out.stderr[-800:]}")
    rows: list[list[Any]] = json.loads(out.stdout.strip().splitlines()[-1])
    return rows


def summary(rows: list[list[Any]]) -> dict[str, float]:
    handled = [r[0] * 1e3 for r in rows]
    decision = [r[0] * 1e3 - r[4].get("record", 0.0) for r in rows]
    out = {
        "decision_p50_ms": pct(decision, 50),
        "decision_p99_ms": pct(decision, 99),
        "handled_p50_ms": pct(handled, 50),
        "handled_p99_ms": pct(handled, 99),
        "handled_mean_ms": statistics.mean(handled),
    }
    for stage in (*STAGES, "gc"):
        values = [r[4].get(stage, 0.0) for r in rows]
        out[f"{stage}_mean_ms"] = statistics.mean(values)
        out[f"{stage}_p99_ms"] = pct(values, 99)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--base", type=Path, default=None, help="another tree's src to compare")
    parser.add_argument("--slowest", type=int, default=15)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    trees = [ROOT / "src"] + ([args.base] if args.base else [])
    results: dict[int, list[dict[str, float]]] = {i: [] for i in range(len(trees))}
    loads: list[float] = []
    last: list[list[Any]] = []
    for r in range(args.rounds):
        order = list(range(len(trees))) if r % 2 == 0 else list(reversed(range(len(trees))))
        for t in order:
            loads.append(os.getloadavg()[0])
            rows = sample(trees[t], args.events)
            results[t].append(summary(rows))
            if t == 0:
                last = rows
    medians = [
        {k: round(statistics.median(s[k] for s in results[t]), 3) for k in results[t][0]}
        for t in range(len(trees))
    ]
    for t, tree in enumerate(trees):
        m = medians[t]
        print(
            f"{tree}: decision CPU p50 {m['decision_p50_ms']} p99 {m['decision_p99_ms']} ms; "
            f"handled p50 {m['handled_p50_ms']} p99 {m['handled_p99_ms']} "
            f"mean {m['handled_mean_ms']} ms"
        )
        print(
            "   stage mean/p99 ms: "
            + ", ".join(f"{s} {m[f'{s}_mean_ms']}/{m[f'{s}_p99_ms']}" for s in (*STAGES, "gc"))
        )
    if len(trees) == 2:
        keys = [k for k in medians[0] if k.startswith(("decision", "handled"))]
        keys += [f"{s}_mean_ms" for s in (*STAGES, "gc")]
        ratios = {k: round(medians[0][k] / medians[1][k], 3) for k in keys if medians[1][k]}
        print(f"this tree / base (medians of {args.rounds} samples each): {ratios}")
    print(f"load average at each sample: {[round(x, 1) for x in loads]}")
    print(f"slowest events of this tree's last sample (of {len(last)}):")
    for row in sorted(last, key=lambda r: -r[0])[: args.slowest]:
        stages = {k: v for k, v in row[4].items() if v >= 0.3}
        print(f"  {row[0] * 1e3:7.2f} ms {row[1]:17} {str(row[2])[:36]:36} {row[3]:7} B {stages}")
    if args.out:
        args.out.write_text(
            json.dumps(
                {"trees": [str(t) for t in trees], "medians": medians, "loads": loads}, indent=2
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
