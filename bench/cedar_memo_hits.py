"""How often the Cedar decision memo answers, keyed as main keyed it before (the whole
context) and as it is keyed now (the context attributes the policies read, policy/reads.py),
counted side by side on the same calls of bench/latency.py's mixed payloads.

Usage:
    BASTION_BENCH_DATA=/work/shared/data python bench/cedar_memo_hits.py --events 3000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import latency

from bastion.config import Home
from bastion.daemon import build_engine
from bastion.policy import engine as policy_engine
from bastion.policy.reads import project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    args = parser.parse_args()
    evaluate = policy_engine.PolicyEngine.evaluate
    seen: dict[str, set[str]] = {"whole": set(), "reads": set()}
    counts = {"calls": 0, "hits_whole": 0, "hits_reads": 0}

    def counted(
        self: policy_engine.PolicyEngine, action: str, tool: str, agent: str, ctx: dict[str, Any]
    ) -> policy_engine.PolicyResult:
        counts["calls"] += 1
        keyed = ctx if self._reads is None else project(ctx, self._reads)
        for name, value in (("whole", ctx), ("reads", keyed)):
            key = json.dumps((action, tool, agent, value), sort_keys=True)
            counts[f"hits_{name}"] += key in seen[name]
            seen[name].add(key)
        return evaluate(self, action, tool, agent, ctx)

    policy_engine.PolicyEngine.evaluate = counted  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(prefix="memohits", dir="/tmp") as home:
        engine = build_engine(Home.resolve(home).ensure())
        for payload in latency.mixed_payloads(args.events):
            engine.handle_payload("claude-code", payload)
        engine.store.close()
    calls = max(counts["calls"], 1)
    print(
        json.dumps(
            {
                **counts,
                "distinct_whole": len(seen["whole"]),
                "distinct_reads": len(seen["reads"]),
                "hit_rate_whole": round(counts["hits_whole"] / calls, 4),
                "hit_rate_reads": round(counts["hits_reads"] / calls, 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
