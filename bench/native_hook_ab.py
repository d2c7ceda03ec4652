"""A/B of two native hook binaries (``hook/native``), interleaved, against one daemon.

`bench/hook_ab.py` compares two source trees' Python hooks; this compares two builds of the C
client (say, the source before and after a change, compiled as `hook/native_build.py` does),
alternating the order run by run so load drift hits both alike. It reports the child's CPU
time (user + system, from wait4) and wall clock, medians and means: the wall clock includes
the daemon's decision, the CPU time is the client's own.

Usage:
    git show <base>:src/bastion/hook/native/bastion_hook.c > /tmp/old.c
    cc -O2 -static -DBASTION_DEFAULT_AGENT='"claude-code"' -DBASTION_PY_HOOK='"..."' \\
        -o /tmp/old-native /tmp/old.c          # (and the same for the new source)
    python bench/native_hook_ab.py /tmp/old-native /tmp/new-native --runs 300
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
        "session_id": "nab-0000",
        "transcript_path": "/tmp/nab-0000.jsonl",
        "cwd": "/tmp",
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": "python -m pytest -q"},
        "tool_use_id": "toolu_nab",
    }
).encode()


def one(binary: str, home: str) -> tuple[float, float]:
    """(wall ms, CPU µs) of one hook process answering the payload."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "claude-code", "--home", home],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None
    proc.stdin.write(PAYLOAD)
    proc.stdin.close()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4
    wall = (time.perf_counter() - start) * 1000
    return wall, (usage.ru_utime + usage.ru_stime) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="native hook binary A")
    parser.add_argument("b", help="native hook binary B")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="nab", dir="/tmp")
    cli = str(VENV_BIN / "bastion")
    subprocess.run([cli, "--home", home, "up"], check=True, capture_output=True)
    results: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
    binaries = {"A": args.a, "B": args.b}
    try:
        for name in ("A", "B"):  # warm up
            one(binaries[name], home)
        for i in range(args.runs):
            for name in ("A", "B") if i % 2 else ("B", "A"):
                results[name].append(one(binaries[name], home))
    finally:
        subprocess.run([cli, "--home", home, "down"], capture_output=True)
    for name, rows in results.items():
        wall = [w for w, _ in rows]
        cpu = [c for _, c in rows]
        print(
            f"{name} ({binaries[name]}): wall median {statistics.median(wall):.2f} ms, "
            f"CPU median {statistics.median(cpu):.0f} us, mean {statistics.mean(cpu):.0f} us "
            f"(n={len(rows)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
