"""``match_path`` per written path against the catalog's tables, against a base tree.

Every path a shell command writes or deletes is looked up in the persistence, privilege and
self-tamper tables (``understand/shell.py``'s sink); issue #17's profile of the latency mix
had this walk first by own time in the slow Bash calls. Each sample is a fresh process
(``PYTHONPATH=<tree>/src``) timing the three lookups of ordinary workspace, temporary and
home paths (thread CPU, best of five batches); with ``--base DIR`` samples alternate
between the trees and the medians and their ratio are printed.

Usage: python bench/path_table_bench.py --base /tmp/base/src --rounds 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = """
import time
from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import match_path
paths = ["/home/dev/src/demo/tests/test_config.py", "/tmp/out.txt", "src/app/main.py",
         "/home/dev/src/demo/build/lib/pkg/__init__.py", "~/.bashrc", "/etc/hosts",
         "/home/dev/.config/app/settings.json", "reproduce_issue.py"]
tables = (cat.PERSISTENCE_PATHS, cat.PRIVILEGE_PATHS, cat.SELF_TAMPER_PATHS)
best = None
for _ in range(5):
    c = time.thread_time()
    for _ in range(200):
        for p in paths:
            for t in tables:
                match_path(p, t)
    spent = (time.thread_time() - c) / (200 * len(paths))
    best = spent if best is None else min(best, spent)
print(best * 1e6)
"""


def sample(src: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base", type=Path, default=None, help="another tree's src to compare")
    args = parser.parse_args()
    trees = [ROOT / "src"] + ([args.base] if args.base else [])
    got: dict[int, list[float]] = {i: [] for i in range(len(trees))}
    loads: list[float] = []
    for r in range(args.rounds):
        order = list(range(len(trees))) if r % 2 == 0 else list(reversed(range(len(trees))))
        for t in order:
            loads.append(round(os.getloadavg()[0], 1))
            got[t].append(sample(trees[t]))
    medians = [statistics.median(got[t]) for t in range(len(trees))]
    for t, tree in enumerate(trees):
        print(f"{tree}: {medians[t]:.1f} us per written path (three tables); samples {got[t]}")
    if len(trees) == 2:
        print(f"this tree / base: {medians[0] / medians[1]:.3f}")
    print(f"load average at each sample: {loads}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
