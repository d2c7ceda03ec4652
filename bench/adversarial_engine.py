"""The whole engine on adversarial shell commands: CPU per call, per input, against a base tree.

bench/shell_bench.py bounds the shell parser alone on its synthetic ~10 KB inputs; a call
costs more than the parse (the action understood, detected, decided, remembered, recorded),
and issue #17 saw such calls take 30-300 ms. Each sample is a fresh process
(``PYTHONPATH=<tree>/src``) that builds the engine as the daemon does, opens a session and
hands it each input as a PreToolUse Bash call, ``--repeat`` times (new tool-use ids; the
first time pays each process's one-off costs, such as compiling lazy patterns). This
thread's CPU time of each call is kept (not wall time: the machine is shared). With
``--base DIR`` samples alternate between the trees (A B B A ...) and the median of each
input's best call per tree is reported with the ratio.

Usage:
    git worktree add /tmp/base main
    python bench/adversarial_engine.py --base /tmp/base/src --rounds 4 --out /tmp/adv.json
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

SAMPLE = """
import json, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from shell_bench import synthetic
from bastion.config import Home
from bastion.daemon import build_engine
try:
    from bastion.config import tune_gc
except ImportError:
    tune_gc = None
repeat = int(sys.argv[2])
out = {}
with tempfile.TemporaryDirectory(prefix="advbench", dir="/tmp") as home:
    engine = build_engine(Home.resolve(home).ensure())
    if tune_gc is not None:
        tune_gc()
    base = {"session_id": "adv-1", "cwd": "/home/dev/src/demo", "permission_mode": "default",
            "transcript_path": "/home/dev/.claude/projects/demo/adv-1.jsonl"}
    start = {**base, "hook_event_name": "SessionStart", "source": "startup"}
    engine.handle_payload("claude-code", json.dumps(start).encode())
    for r in range(repeat):
        for name, command in synthetic().items():
            call = {**base, "hook_event_name": "PreToolUse", "tool_name": "Bash",
                    "tool_input": {"command": command}, "tool_use_id": f"t-{name}-{r}"}
            payload = json.dumps(call).encode()
            c = time.thread_time()
            engine.handle_payload("claude-code", payload)
            out.setdefault(name, []).append((time.thread_time() - c) * 1e3)
    engine.store.close()
print(json.dumps(out))
"""


def sample(src: Path, repeat: int) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env["PYTHONPATH"] = str(src.resolve())
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, str(ROOT / "bench"), str(repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{src}: sample failed: {out.stderr[-800:]}")
    rows: dict[str, list[float]] = json.loads(out.stdout.strip().splitlines()[-1])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--base", type=Path, default=None, help="another tree's src to compare")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    trees = [ROOT / "src"] + ([args.base] if args.base else [])
    first: dict[int, dict[str, list[float]]] = {i: {} for i in range(len(trees))}
    best: dict[int, dict[str, list[float]]] = {i: {} for i in range(len(trees))}
    loads: list[float] = []
    for r in range(args.rounds):
        order = list(range(len(trees))) if r % 2 == 0 else list(reversed(range(len(trees))))
        for t in order:
            loads.append(os.getloadavg()[0])
            for name, calls in sample(trees[t], args.repeat).items():
                first[t].setdefault(name, []).append(calls[0])
                best[t].setdefault(name, []).append(min(calls))
    result: dict[str, object] = {"trees": [str(t) for t in trees], "loads": loads, "inputs": {}}
    inputs: dict[str, dict[str, object]] = {}
    for name in best[0]:
        row: dict[str, object] = {}
        for t in range(len(trees)):
            row[f"tree{t}_first_ms"] = round(statistics.median(first[t][name]), 2)
            row[f"tree{t}_best_ms"] = round(statistics.median(best[t][name]), 2)
        if len(trees) == 2:
            row["best_ratio"] = round(
                statistics.median(best[0][name]) / statistics.median(best[1][name]), 3
            )
        inputs[name] = row
        print(f"{name:22} {row}")
    result["inputs"] = inputs
    print(f"trees: {[str(t) for t in trees]}; load average at each sample: {loads}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
