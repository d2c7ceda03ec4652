"""CPU per event of the durable record, two source trees interleaved (A B A B ...).

Each sample is a fresh process (``PYTHONPATH=<tree>/src``) that builds the engine as the
daemon does and hands it bench/latency.py's mix one call at a time; it reports this
thread's CPU time per event for the whole call, for building the event's rows
(``record/rows.event_item``) and for the store's append (``Store.append_events``: one
transaction per event, as the daemon with one waiting client). CPU time, not wall time:
on a shared machine wall time measures the load.

Usage:
  BASTION_BENCH_DATA=/work/shared/data python bench/record_cost_ab.py \\
      --base /tmp/base/src --rounds 3 --events 1500
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

SAMPLE = r"""
import json, sys, tempfile, time
sys.path.insert(0, sys.argv[2])
from latency import mixed_payloads
from bastion.config import Home
from bastion.daemon import build_engine
import bastion.record.stage as stage
engine = build_engine(Home.resolve(tempfile.mkdtemp(prefix="rc", dir="/tmp")).ensure())
store = engine.store
acc = {"rows": 0.0, "append": 0.0}
def wrap(obj, name, key):
    f = getattr(obj, name)
    def timed(*a, **k):
        c = time.thread_time()
        try:
            return f(*a, **k)
        finally:
            acc[key] += time.thread_time() - c
    setattr(obj, name, timed)
wrap(stage.rows, "event_item", "rows")
wrap(store, "append_events", "append")
payloads = mixed_payloads(int(sys.argv[1]) + 200)
for p in payloads[:200]:
    engine.handle_payload("claude-code", p)
acc.update(rows=0.0, append=0.0)
c = time.thread_time()
for p in payloads[200:]:
    engine.handle_payload("claude-code", p)
n = len(payloads) - 200
total = time.thread_time() - c
store.close()
print(json.dumps({"call_ms": total / n * 1e3, **{k + "_ms": v / n * 1e3 for k, v in acc.items()}}))
"""


def sample(src: Path, events: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, str(events), str(ROOT / "bench")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other tree's src")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=1500)
    args = parser.parse_args()
    trees = {"base": args.base, "this": ROOT / "src"}
    got: dict[str, list[dict[str, float]]] = {"base": [], "this": []}
    for r in range(args.rounds):
        for name in ("base", "this") if r % 2 == 0 else ("this", "base"):
            s = sample(trees[name], args.events)
            got[name].append(s)
            load = os.getloadavg()[0]
            print(
                f"round {r + 1} {name}: "
                + ", ".join(f"{k} {v:.3f}" for k, v in s.items())
                + f" (load {load:.1f})"
            )
    medians = {n: {k: statistics.median(s[k] for s in v) for k in v[0]} for n, v in got.items()}
    ratio = {k: round(medians["this"][k] / medians["base"][k], 3) for k in medians["base"]}
    print(json.dumps({"medians": medians, "this_over_base": ratio}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
