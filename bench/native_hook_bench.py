"""The whole hook process as Claude Code runs it: bare Python, the Python hook, the native hook.

Every command runs through ``sh -c`` (Claude Code runs hooks with a shell), the hooks with
the exact command string the installer writes (`bastion.hook.command.build`: the
fail-closed wrapper included), interleaved run by run in rotating order so load drift hits
all alike:

  bare      ``python -I -S -c pass`` (this venv's interpreter: the floor of any Python hook)
  python    the Python hook, answered by a running daemon
  native    the native C hook (built here with the system ``cc``, as ``bastion install``
            does), answered by the same daemon
  down      the native hook on a home whose daemon is down: it hands the call to the Python
            hook, which starts the daemon and waits for it (``bastion.hook.recover``); the
            daemon is stopped again after each sample, outside the timing. Fewer runs
            (``--down-runs``): each one costs a daemon start.

Reports medians (wall clock; CPU of the child, user + system, from wait4) and ratios to
``bare``; writes ``bench/results/native_hook.json``. Latency figures from a shared machine
are noisy: say so when quoting them, and re-measure on a quiet one.

Usage: python bench/native_hook_bench.py [--runs 200] [--down-runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bastion.hook import command as hc
from bastion.hook import native_build

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PYTHON_HOOK = VENV_BIN / "bastion-hook"
PAYLOAD = json.dumps(
    {
        "session_id": "nhb-0000",
        "transcript_path": "/tmp/nhb-0000.jsonl",
        "cwd": "/tmp",
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": "python -m pytest -q", "description": "Run the tests"},
        "tool_use_id": "toolu_nhb",
    }
).encode()


def run(command: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall and child CPU seconds of ``sh -c command`` with the payload on stdin."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        ["sh", "-c", command],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(PAYLOAD)
    proc.stdin.close()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{command!r} exited {code}: {err.decode(errors='replace')[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime


def stop(home: str, env: dict[str, str]) -> None:
    subprocess.run([str(VENV_BIN / "bastion"), "--home", home, "down"], env=env,
                   capture_output=True, timeout=120)  # fmt: skip


def summary(wall: list[float], cpu: list[float], bare: float) -> dict[str, float]:
    median = statistics.median(wall) * 1000
    return {
        "n": len(wall),
        "wall_median_ms": round(median, 2),
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 2),
        "x_bare": round(median / bare, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--down-runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "native_hook.json")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    work = Path(tempfile.mkdtemp(prefix="nhb", dir="/tmp"))  # short: socket paths
    up_home, down_home = str(work / "up"), str(work / "down")
    native = work / native_build.NATIVE_NAME
    prov = native_build.build(native, PYTHON_HOOK)
    if prov is None:
        raise SystemExit("no C compiler (or BASTION_NATIVE_HOOK=off): nothing to compare")
    commands = {
        "bare": f"{sys.executable} -I -S -c pass",
        "python": hc.build(str(PYTHON_HOOK), ["--home", up_home]),
        "native": hc.build(str(native), ["--home", up_home]),
    }
    subprocess.run([str(VENV_BIN / "bastion"), "--home", up_home, "up"], env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    wall: dict[str, list[float]] = {name: [] for name in [*commands, "down"]}
    cpu: dict[str, list[float]] = {name: [] for name in [*commands, "down"]}
    names = list(commands)
    try:
        for name in names:  # warm up
            run(commands[name], env)
        for i in range(args.runs):
            for name in names[i % 3 :] + names[: i % 3]:
                w, c = run(commands[name], env)
                wall[name].append(w)
                cpu[name].append(c)
        down = hc.build(str(native), ["--home", down_home])
        for _ in range(args.down_runs):
            w, c = run(down, env)
            wall["down"].append(w)
            cpu["down"].append(c)
            stop(down_home, env)
            time.sleep(0.5)  # let the stopped daemon's exit settle before the next sample
    finally:
        stop(up_home, env)
        stop(down_home, env)
        shutil.rmtree(work, ignore_errors=True)
    bare = statistics.median(wall["bare"]) * 1000
    result = {
        "machine": "shared, loaded (re-measure on a quiet machine)",
        "cores": os.cpu_count(),
        "native_build": {"compiler": prov.compiler_version, "static": prov.static},
        "clients": {name: summary(wall[name], cpu[name], bare) for name in wall},
    }
    python_ms = result["clients"]["python"]["wall_median_ms"]
    native_ms = result["clients"]["native"]["wall_median_ms"]
    result["native_vs_python"] = round(native_ms / python_ms, 3)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, row in result["clients"].items():
        print(
            f"{name:7} wall median {row['wall_median_ms']:8.2f} ms  CPU median "
            f"{row['cpu_median_ms']:7.2f} ms  {row['x_bare']:6.3f}x bare  (n={row['n']})"
        )
    print(f"native / python hook: {result['native_vs_python']:.3f}")


if __name__ == "__main__":
    main()
