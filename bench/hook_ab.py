"""A/B of the hook process: two source trees' ``bastion.hook``, interleaved, one daemon.

The whole-process bench (bench/latency.py) compares the hook with bare Python; on a shared,
loaded machine two separate runs of it differ by more than a small change costs. This runs
the hook of tree A and of tree B alternately against the same daemon, so load drift hits
both alike, and reports wall-clock and CPU time (user + system, from wait4) per process.

Usage (before/after a change to the hot path):
    git archive <base> src | tar -x -C /tmp/base && cp -r src /tmp/new/
    python -m compileall -q /tmp/base/src /tmp/new/src     # as an installed venv would have
    python bench/hook_ab.py /tmp/base/src /tmp/new/src --runs 300
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
PAYLOAD = json.dumps(
    {
        "session_id": "ab-0000",
        "transcript_path": "/tmp/ab-0000.jsonl",
        "cwd": "/tmp",
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": "python -m pytest -q", "description": "Run the tests"},
        "tool_use_id": "toolu_ab",
    }
).encode()


def one(hook: str, home: str, env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [hook, "claude-code", "--home", home],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write(PAYLOAD)
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"the hook exited {proc.returncode}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="source tree A (its src directory)")
    parser.add_argument("b", help="source tree B (its src directory)")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    envs = {"A": dict(base, PYTHONPATH=args.a), "B": dict(base, PYTHONPATH=args.b)}
    home = tempfile.mkdtemp(prefix="bab", dir="/tmp")
    cli = str(VENV_BIN / "bastion")
    subprocess.run([cli, "--home", home, "up"], env=envs["B"], check=True, capture_output=True)
    hook = str(VENV_BIN / "bastion-hook")
    wall: dict[str, list[float]] = {"A": [], "B": []}
    cpu: dict[str, list[float]] = {"A": [], "B": []}
    try:
        for name in ("A", "B"):  # warm up
            one(hook, home, envs[name])
        for i in range(args.runs):
            for name in ("A", "B") if i % 2 else ("B", "A"):
                w, c = one(hook, home, envs[name])
                wall[name].append(w * 1000)
                cpu[name].append(c * 1000)
    finally:
        subprocess.run([cli, "--home", home, "down"], env=envs["B"], capture_output=True)
    for name, tree in (("A", args.a), ("B", args.b)):
        print(
            f"{name} ({tree}): wall median {statistics.median(wall[name]):.2f} ms, "
            f"CPU median {statistics.median(cpu[name]):.2f} ms (n={args.runs})"
        )


if __name__ == "__main__":
    main()
