"""CPU time of the secret scan per hook payload, as the detect stage runs it on the hot path.

Every PreToolUse tool input and every PostToolUse output of the benign SWE-bench and AgentDojo
dev corpora is scanned once (after a warm-up), timed with the thread's CPU clock so that other
processes on a loaded machine do not count; p50/p99/max per event type, and the largest
outputs' cost to show that the scan stays bounded.

A/B against another tree: run it twice with PYTHONPATH pointing at each tree's `src`:

    PYTHONPATH=/work/main/src .venv/bin/python bench/secrets_scan_cpu.py
    .venv/bin/python bench/secrets_scan_cpu.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path
from typing import Any

import bastion
from bastion.detect.secrets import scan

DATA = Path("/work/shared/data")
CORPORA = ("swebench-verified-gemini3pro-dev.jsonl.gz", "agentdojo-runs-dev.jsonl.gz")


def _text(obj: Any) -> str:
    return obj if isinstance(obj, str) else json.dumps(obj)


def payloads(data: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"PreToolUse": [], "PostToolUse": []}
    for name in CORPORA:
        with gzip.open(data / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                e = json.loads(line)
                kind = e.get("hook_event_name")
                if kind == "PreToolUse":
                    out[kind].append(_text(e.get("tool_input", "")))
                elif kind == "PostToolUse":
                    out[kind].append(_text(e.get("tool_response", "")))
    return out


def cpu_ms(texts: list[str]) -> list[float]:
    times = []
    for t in texts:
        t0 = time.thread_time_ns()
        scan(t)
        times.append((time.thread_time_ns() - t0) / 1e6)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    sets = payloads(args.data)
    scan("warm up")
    print(f"bastion from {Path(bastion.__file__).parent}")
    for kind, texts in sets.items():
        ms = sorted(cpu_ms(texts))
        p99 = ms[int(0.99 * (len(ms) - 1))]
        print(
            f"{kind:<12} n={len(ms):>6} p50 {statistics.median(ms):.3f} ms  p99 {p99:.3f} ms  "
            f"max {ms[-1]:.2f} ms  total {sum(ms) / 1000:.2f} s"
        )
    big = sorted(sets["PostToolUse"], key=len)[-20:]
    ms = cpu_ms(big)
    sizes = f"{min(map(len, big))}-{max(map(len, big))} chars"
    print(f"largest 20 outputs ({sizes}): max {max(ms):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
