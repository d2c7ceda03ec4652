"""Benchmark shell analysis over the replay corpora: latency, opacity and benign-corpus facts.

Run from the repository root:  .venv/bin/python bench/shell_bench.py
Prints p50/p99/max per command in microseconds, the opaque count per corpus, the Change kinds
found over the benign SWE-bench corpus (with examples, to inspect for misclassification), a
synthetic worst-case row, and writes bench/results/shell.json.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import statistics
import time
from pathlib import Path

from bastion.understand.shell import MAX_WORK, analyze

DATA = Path("/work/shared/data")
CORPORA = {
    "swebench": DATA / "swebench-verified-gemini3pro-dev.jsonl.gz",
    "redcode": DATA / "redcode-exec-dev.jsonl.gz",
}
OUT = Path(__file__).parent / "results" / "shell.json"


def bash_commands(path: Path) -> list[str]:
    commands = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            event = json.loads(line)
            if event.get("hook_event_name") == "PreToolUse" and event.get("tool_name") == "Bash":
                command = (event.get("tool_input") or {}).get("command")
                if isinstance(command, str):
                    commands.append(command)
    return commands


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(commands: list[str], repeat: int) -> dict[str, object]:
    timings: list[float] = []
    opaque = 0
    work: list[int] = []
    for command in commands:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            result = analyze(command)
            best = min(best, time.perf_counter() - start)
        timings.append(best * 1e6)
        opaque += result.opaque
        work.append(result.work)
    return {
        "commands": len(commands),
        "p50_us": round(percentile(timings, 0.50), 1),
        "p99_us": round(percentile(timings, 0.99), 1),
        "max_us": round(max(timings), 1),
        "mean_us": round(statistics.fmean(timings), 1),
        "opaque": opaque,
        "max_work": max(work),
    }


def synthetic() -> dict[str, str]:
    """Adversarial inputs of about 10 KB, for the worst-case bound."""
    return {
        "nested_substitution": "echo " + "$(" * 2000 + "x" + ")" * 2000,
        "long_pipeline": "a | " * 2500 + "b",
        "many_commands": "curl https://x.io/$A -d @f; " * 370,
        "nested_sh_c": "sh -c " + '"sh -c \\"' * 300 + "id",
        "unbalanced_quotes": "echo '" + 'a " b ` c $( ' * 800,
        "long_word": "x" * 10_000,
        "heredoc_python": "python3 - <<'EOF'\n"
        + "import os\nos.system('rm -rf /tmp/x')\n" * 300
        + "EOF",
        "binaryish": "".join(chr(i % 256) for i in range(10_000)),
    }


def benign_changes(commands: list[str]) -> tuple[dict[str, int], dict[str, list[str]], int]:
    kinds: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    categories = ("destructive", "privilege", "persistence", "self_tamper")
    network = 0
    for command in commands:
        result = analyze(command)
        network += bool(result.network)
        for category in categories:
            for change in getattr(result, category):
                key = f"{category}:{change.kind}"
                kinds[key] += 1
                if len(examples[key]) < 4:
                    examples[key].append(command[:160])
    return dict(kinds.most_common()), dict(examples), network


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; best is kept")
    args = parser.parse_args()
    results: dict[str, object] = {"max_work_budget": MAX_WORK}
    for name, path in CORPORA.items():
        commands = bash_commands(path)
        row = measure(commands, args.repeat)
        results[name] = row
        print(
            f"{name:10s} n={row['commands']:5d}  p50={row['p50_us']:8.1f}us  "
            f"p99={row['p99_us']:8.1f}us  max={row['max_us']:9.1f}us  "
            f"opaque={row['opaque']}  max_work={row['max_work']}"
        )
    synth = synthetic()
    row = measure(list(synth.values()), args.repeat)
    results["synthetic_10kb"] = row
    print(
        f"{'synthetic':10s} n={row['commands']:5d}  p50={row['p50_us']:8.1f}us  "
        f"p99={row['p99_us']:8.1f}us  max={row['max_us']:9.1f}us  opaque={row['opaque']}"
    )
    kinds, examples, network = benign_changes(bash_commands(CORPORA["swebench"]))
    results["swebench_changes"] = {
        "change_kinds": kinds,
        "examples": examples,
        "commands_with_network": network,
    }
    print("\nChange kinds over the benign SWE-bench corpus:")
    for key, count in kinds.items():
        print(f"  {count:5d}  {key}")
        for example in examples[key][:2]:
            print(f"           e.g. {example!r}")
    print(f"  commands with any network destination: {network}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {OUT}")


if __name__ == "__main__":
    main()
