"""Cost of the understand stage per PreToolUse call, as the engine runs it in a session.

Replays every PreToolUse of the benign SWE-bench corpus and the AgentDojo corpus through
``understand`` (shell analysis, reach, session memory, deferred content, effect model) and
``remember`` (the memory update after an allowed call), session by session, with a cold
analysis cache per session, and prints p50/p99/max in microseconds.

Usage: python bench/understand_bench.py [--data ../shared/data] [--repeat 3]
Writes bench/results/understand.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path
from typing import Any

from bastion.understand import actions

try:  # the memory arrived with the effect model; the bench also runs on older trees
    from bastion.understand.session import Memory
except ImportError:  # pragma: no cover
    Memory = None  # type: ignore[assignment,misc]

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("swebench-verified-gemini3pro", "agentdojo-runs")


def calls(path: Path) -> list[tuple[str, dict[str, Any]]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            data = json.loads(line)
            if data.get("hook_event_name") == "PreToolUse":
                out.append((data["session_id"], data))
    return out


def run(items: list[tuple[str, dict[str, Any]]]) -> list[float]:
    times: list[float] = []
    memories: dict[str, Any] = {}
    for sid, data in items:
        cwd = data.get("cwd") or "/"
        memory = memories.setdefault(sid, Memory() if Memory is not None else None)
        kwargs: dict[str, Any] = {"cwd": cwd, "workspace": cwd, "home": "/home/dev"}
        if memory is not None:
            kwargs["memory"] = memory
        started = time.perf_counter()
        facts = actions.understand(data["tool_name"], data.get("tool_input") or {}, **kwargs)
        if memory is not None:
            actions.remember(
                memory,
                data["tool_name"],
                data.get("tool_input") or {},
                facts,
                cwd=cwd,
                workspace=cwd,
                home="/home/dev",
            )
        times.append((time.perf_counter() - started) * 1e6)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "understand.json")
    args = parser.parse_args()
    result: dict[str, Any] = {}
    for name in CORPORA:
        items = calls(args.data / f"{name}-dev.jsonl.gz")
        best: list[float] | None = None
        for _ in range(args.repeat):
            actions._analyze.cache_clear()
            times = sorted(run(items))
            if best is None or statistics.median(times) < statistics.median(best):
                best = times
        assert best is not None
        p99 = best[int(len(best) * 0.99) - 1]
        result[name] = {
            "calls": len(best),
            "p50_us": round(statistics.median(best), 1),
            "p99_us": round(p99, 1),
            "max_us": round(best[-1], 1),
        }
        r = result[name]
        print(
            f"{name:30} n={r['calls']:5}  p50 {r['p50_us']:8} us  p99 {r['p99_us']:8} us"
            f"  max {r['max_us']} us"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
