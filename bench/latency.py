"""Hot-path latency: the whole hook process against bare Python, and the daemon's decisions.

(a) Whole process: ``bastion-hook claude-code < payload`` (a typical PreToolUse Bash call,
    answered by a running daemon) against ``python -I -S -c pass`` on the same machine,
    interleaved run by run so load affects both alike; medians and their ratio.
(b) Decision: the engine's handling of a realistic mix of payloads taken from the benign
    SWE-bench corpus and the AgentDojo corpus (actions and observations, in session order),
    timed in the daemon's process (as `bastion up` builds it: identity, audit signer,
    baseline); p50/p99 per event type and overall, twice: "decision" is the time until
    the verdict is known (identify -> respond), "handled" adds the durable record that is
    written before the reply leaves. `--store-dir` puts the store elsewhere (e.g. a tmpfs)
    to tell the code's cost from the disk's write latency.

Writes ``bench/results/latency.json``. Usage: python bench/latency.py [--runs 200] [--events 5000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The replay corpora (README.md, Benchmarks); only the decision test needs them.
DATA = Path(os.environ.get("BASTION_BENCH_DATA") or ROOT.parent / "shared" / "data")
VENV_BIN = Path(sys.executable).parent
PAYLOAD = {
    "session_id": "bench-0000",
    "transcript_path": "/home/dev/.claude/projects/-home-dev-src-demo/bench-0000.jsonl",
    "cwd": "/home/dev/src/demo",
    "permission_mode": "default",
    "hook_event_name": "PreToolUse",
    "tool_name": "Bash",
    "tool_input": {"command": "python -m pytest tests/test_config.py -x -q", "description": "Run"},
    "tool_use_id": "toolu_bench",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def whole_process(runs: int, home: str) -> dict[str, Any]:
    hook = str(VENV_BIN / "bastion-hook")
    payload = json.dumps(PAYLOAD).encode()
    env = {**os.environ, "BASTION_HOME": home}
    bare_cmd = [sys.executable, "-I", "-S", "-c", "pass"]
    # Warm up both (page cache, the daemon's first-session work).
    for _ in range(5):
        subprocess.run(
            [hook, "claude-code"], input=payload, env=env, capture_output=True, check=True
        )
        subprocess.run(bare_cmd, check=True)
    hook_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run([hook, "claude-code"], input=payload, env=env, capture_output=True)
        hook_times.append(time.perf_counter() - t0)
        if out.returncode != 0:
            raise SystemExit(f"hook failed: {out.stderr.decode()}")
        t0 = time.perf_counter()
        subprocess.run(bare_cmd, check=True)
        bare_times.append(time.perf_counter() - t0)
    hook_med = statistics.median(hook_times)
    bare_med = statistics.median(bare_times)
    return {
        "runs": runs,
        "hook_median_ms": round(hook_med * 1000, 2),
        "hook_p99_ms": round(percentile(hook_times, 99) * 1000, 2),
        "bare_python_median_ms": round(bare_med * 1000, 2),
        "bare_python_p99_ms": round(percentile(bare_times, 99) * 1000, 2),
        "ratio_of_medians": round(hook_med / bare_med, 3),
    }


def mixed_payloads(limit: int) -> list[bytes]:
    out: list[bytes] = []
    per_file = limit // 2
    for name in ("swebench-verified-gemini3pro-dev.jsonl.gz", "agentdojo-runs-dev.jsonl.gz"):
        if not (DATA / name).exists():
            raise SystemExit(
                f"bench/latency.py: {DATA / name} not found; set BASTION_BENCH_DATA to the "
                "directory of the replay corpora (README.md, Benchmarks)"
            )
        taken = 0
        with gzip.open(DATA / name, "rb") as f:
            for line in f:
                data = json.loads(line)
                for key in ("corpus", "expect", "expect_finding", "attack_goal"):
                    data.pop(key, None)
                out.append(json.dumps(data).encode())
                taken += 1
                if taken >= per_file:
                    break
    return out


def decisions(events: int, home: str) -> dict[str, Any]:
    from bastion.config import Home
    from bastion.daemon import build_engine

    engine = build_engine(Home.resolve(home).ensure())
    payloads = mixed_payloads(events)
    recording = [0.0]
    recording_cpu = [0.0]
    record = engine.record

    def timed_record(*args: Any, **kwargs: Any) -> None:
        t0 = time.perf_counter()
        c0 = time.thread_time()
        record(*args, **kwargs)
        recording_cpu[0] = time.thread_time() - c0
        recording[0] = time.perf_counter() - t0

    engine.record = timed_record  # type: ignore[method-assign]
    detecting = [0.0]
    detecting_cpu = [0.0]  # this thread's CPU time: what the stage costs without preemption
    detect = engine.detect

    def timed_detect(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        c0 = time.thread_time()
        out = detect(*args, **kwargs)
        detecting_cpu[0] = time.thread_time() - c0
        detecting[0] = time.perf_counter() - t0
        return out

    engine.detect = timed_detect  # type: ignore[method-assign]
    detected_by_type: dict[str, list[float]] = {}
    detected_cpu_by_type: dict[str, list[float]] = {}
    by_type: dict[str, list[float]] = {}
    decided: list[float] = []
    # This thread's CPU time for the same spans: what a decision costs when it is not
    # preempted (on a machine shared with other work, wall-clock p99 measures the load).
    decided_cpu: list[float] = []
    handled_cpu: list[float] = []
    decided_by_type: dict[str, list[float]] = {}
    for payload in payloads:
        name = json.loads(payload)["hook_event_name"]
        recording[0] = 0.0
        recording_cpu[0] = 0.0
        detecting[0] = 0.0
        t0 = time.perf_counter()
        c0 = time.thread_time()
        engine.handle_payload("claude-code", payload)
        cpu = time.thread_time() - c0
        handled_cpu.append(cpu)
        decided_cpu.append(cpu - recording_cpu[0])
        total = time.perf_counter() - t0
        by_type.setdefault(name, []).append(total)
        decided.append(total - recording[0])
        decided_by_type.setdefault(name, []).append(total - recording[0])
        detected_by_type.setdefault(name, []).append(detecting[0])
        detected_cpu_by_type.setdefault(name, []).append(detecting_cpu[0])
        detecting_cpu[0] = 0.0
    engine.store.close()
    everything = [t for ts in by_type.values() for t in ts]

    def stats(ts: list[float]) -> dict[str, float]:
        return {
            "n": len(ts),
            "p50_ms": round(percentile(ts, 50) * 1000, 3),
            "p99_ms": round(percentile(ts, 99) * 1000, 3),
            "max_ms": round(max(ts) * 1000, 3),
        }

    return {
        "decision": stats(decided),
        "decision_cpu": stats(decided_cpu),
        "handled_cpu": stats(handled_cpu),
        "decision_by_type": {k: stats(v) for k, v in sorted(decided_by_type.items())},
        "detect_by_type": {k: stats(v) for k, v in sorted(detected_by_type.items())},
        "detect_cpu_by_type": {k: stats(v) for k, v in sorted(detected_cpu_by_type.items())},
        "all": stats(everything),
        **{k: stats(v) for k, v in sorted(by_type.items())},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--store-dir", default=None, help="where the decision test's home goes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latency.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bastion-latency-") as home:
        bastion = str(VENV_BIN / "bastion")
        subprocess.run([bastion, "up", "--home", home], check=True, capture_output=True)
        try:
            proc = whole_process(args.runs, home)
        finally:
            subprocess.run([bastion, "down", "--home", home], capture_output=True)
    with tempfile.TemporaryDirectory(prefix="bastion-latency-", dir=args.store_dir) as home:
        dec = decisions(args.events, home)
    result = {"whole_process": proc, "decision": dec, "store_dir": args.store_dir or "default"}
    print(
        f"hook process median {proc['hook_median_ms']} ms vs bare python "
        f"{proc['bare_python_median_ms']} ms: ratio {proc['ratio_of_medians']} "
        f"({proc['runs']} interleaved runs each)"
    )
    print(
        f"daemon decision (verdict known) over {dec['decision']['n']} events: p50 "
        f"{dec['decision']['p50_ms']} ms, p99 {dec['decision']['p99_ms']} ms"
    )
    print(
        f"handled, with the durable record (store in {args.store_dir or 'the temp dir'}): "
        f"p50 {dec['all']['p50_ms']} ms, p99 {dec['all']['p99_ms']} ms"
    )
    for name, s in dec.items():
        if name not in (
            "all",
            "decision",
            "decision_cpu",
            "handled_cpu",
            "decision_by_type",
            "detect_by_type",
            "detect_cpu_by_type",
        ):
            d = dec["decision_by_type"][name]
            t = dec["detect_by_type"][name]
            c = dec["detect_cpu_by_type"][name]
            print(
                f"  {name:18} n={s['n']:5}  decision p50 {d['p50_ms']} p99 {d['p99_ms']} ms"
                f" (detect p99 {t['p99_ms']}, CPU p50 {c['p50_ms']} p99 {c['p99_ms']});"
                f"  handled p50 {s['p50_ms']} p99 {s['p99_ms']} ms"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
