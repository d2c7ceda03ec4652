"""CPU and instructions per script of the analysis of code an agent writes for later (#17).

The slowest PreToolUse events of the latency mix (bench/engine_tail.py) are heredocs that
write a Python file: when the call is allowed, the engine keeps the facts of the code that
will run later (`understand.actions.content_effects`), which parses, folds and scans the
script: 1.5-3.5 ms each, the bulk of the decision's p99. This bench takes those scripts
from the mix (every ``cat <<EOF > x.py`` of bench/latency.py's payloads) and measures the
analysis alone, with its caches cleared, so a change to it is seen without the rest of
the engine's noise.

Two ways to measure:

  cpu           samples alternate between this tree and ``--base`` (another tree's ``src``),
                A B B A ...; each sample is a fresh process that analyses every script
                ``--reps`` times; reported: median over samples of CPU ms per script, and
                the ratio. The facts each tree gives are hashed and must be equal.
  instructions  run twice under callgrind, ``setup`` (imports, scripts read, one warm-up
                script) and ``work`` (the same, then every script analysed once); the
                difference divided by the number of scripts is the cost per script::

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.setup \\
        python bench/script_analysis.py setup
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.work \\
        python bench/script_analysis.py work
    (totals: ``callgrind_annotate FILE | grep 'PROGRAM TOTALS'``)

Usage:
    BASTION_BENCH_DATA=/work/shared/data python bench/script_analysis.py cpu --base /tmp/b/src
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

# A heredoc written to a Python file: cat <<'EOF' > path.py ... EOF (either redirection order).
_HEREDOC = re.compile(
    r"cat\s+(?:<<-?\s*['\"]?(\w+)['\"]?\s*>\s*\S+\.py|>\s*\S+\.py\s+<<-?\s*['\"]?(\w+)['\"]?)"
    r"[^\n]*\n(.*?)\n(?:\1|\2)\s*$",
    re.S | re.M,
)


def scripts(events: int) -> list[str]:
    """The Python scripts written by heredoc in the first ``events`` payloads of the mix."""
    import latency

    out: list[str] = []
    for payload in latency.mixed_payloads(events):
        data = json.loads(payload)
        if data.get("hook_event_name") != "PreToolUse" or data.get("tool_name") != "Bash":
            continue
        command = str((data.get("tool_input") or {}).get("command") or "")
        out.extend(m.group(3) for m in _HEREDOC.finditer(command))
    return out


def analyse(codes: list[str]) -> str:
    """Every script's facts, caches cleared first; returns a hash of all the facts."""
    from bastion.understand import actions

    actions._CONTENT_CACHE.clear()
    actions._analyze.cache_clear()
    digest = hashlib.sha256()
    for code in codes:
        facts = actions.content_effects("python", code, workspace="/w/p", home="/h", cwd="/w/p")
        digest.update(json.dumps(facts, sort_keys=True).encode())
    return digest.hexdigest()[:16]


SAMPLE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import script_analysis as sa
codes = sa.scripts(int(sys.argv[2]))
reps = int(sys.argv[3])
facts = sa.analyse(codes)  # warm: imports, compiled regexes
c = time.thread_time()
for _ in range(reps):
    sa.analyse(codes)
cpu = (time.thread_time() - c) / reps / max(len(codes), 1) * 1e3
print(json.dumps({"n": len(codes), "cpu_ms_per_script": cpu, "facts": facts}))
"""


def sample(src: Path, events: int, reps: int) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(src.resolve()))
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, str(ROOT / "bench"), str(events), str(reps)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{src}: sample failed: {out.stderr[-800:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("cpu", "setup", "work"))
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--base", type=Path, default=None, help="another tree's src")
    args = parser.parse_args()
    if args.mode in ("setup", "work"):
        codes = scripts(args.events)
        analyse(codes[:1])
        if args.mode == "work":
            print(len(codes), "scripts, facts", analyse(codes))
        return 0
    trees = [ROOT / "src"] + ([args.base] if args.base else [])
    runs: dict[int, list[dict[str, object]]] = {i: [] for i in range(len(trees))}
    loads = []
    for r in range(args.rounds):
        for t in range(len(trees)) if r % 2 == 0 else reversed(range(len(trees))):
            loads.append(round(os.getloadavg()[0], 1))
            runs[t].append(sample(trees[t], args.events, args.reps))
    medians = []
    for t, tree in enumerate(trees):
        cpu = statistics.median(float(str(s["cpu_ms_per_script"])) for s in runs[t])
        medians.append(cpu)
        facts = {str(s["facts"]) for s in runs[t]}
        print(f"{tree}: {runs[t][0]['n']} scripts, CPU {cpu:.3f} ms per script, facts {facts}")
    if len(trees) == 2:
        same = {str(s["facts"]) for s in runs[0]} == {str(s["facts"]) for s in runs[1]}
        print(f"this tree / base: {medians[0] / medians[1]:.3f}; same facts: {same}")
    print(f"load average at each sample: {loads}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
