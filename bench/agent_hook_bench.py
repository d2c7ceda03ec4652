"""Hook process latency per agent: bare Python vs the Python and native hooks, one daemon.

The same measurement as ``bench/native_hook_bench.py`` (Claude Code), for every agent with a
sensor: each command runs through ``sh -c`` exactly as the installer writes it
(`bastion.hook.command.build`, fail-closed wrapper included), fed that agent's own
PreToolUse-equivalent payload for one benign shell call (recorded for Gemini CLI, Codex and
Copilot CLI, from the documentation for Cursor and Windsurf: tests/data/agents/), all
interleaved run by run in rotating order so load drift hits all alike.

Reports medians (wall clock; child CPU from wait4) and ratios to ``bare``; writes
``bench/results/agent_hooks.json``. Figures from a shared, loaded machine are noisy.

Usage: python bench/agent_hook_bench.py [--runs 100]
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
from pathlib import Path
from typing import Any

from bastion.hook import command as hc
from bastion.hook import native_build

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "agents"
VENV_BIN = Path(sys.executable).parent
PYTHON_HOOK = VENV_BIN / "bastion-hook"
COMMAND = "python -m pytest -q"


def payloads() -> dict[str, bytes]:
    """Each agent's pre-tool payload for the same benign command."""

    def fixture(agent: str, name: str) -> dict[str, Any]:
        return dict(json.loads((DATA / agent / f"{name}.json").read_text())["payload"])

    claude = {
        "session_id": "ahb-claude",
        "transcript_path": "/tmp/ahb.jsonl",
        "cwd": "/tmp",
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": COMMAND},
        "tool_use_id": "toolu_ahb",
    }
    gemini = fixture("gemini-cli", "BeforeTool-run_shell_command")
    codex = fixture("codex", "PreToolUse-Bash")
    copilot = fixture("copilot", "PreToolUse-Bash")
    cursor = fixture("cursor", "beforeShellExecution")
    windsurf = fixture("windsurf", "pre_run_command")
    found = {
        "claude-code": claude,
        "gemini-cli": {**gemini, "tool_input": {"command": COMMAND}},
        "codex": {**codex, "tool_input": {"command": COMMAND}},
        "copilot": {**copilot, "tool_input": {"command": COMMAND, "description": "tests"}},
        "cursor": {**cursor, "command": COMMAND},
        "windsurf": {**windsurf, "tool_info": {**windsurf["tool_info"], "command_line": COMMAND}},
    }  # fmt: skip
    return {agent: json.dumps(p).encode() for agent, p in found.items()}


def run(command: str, payload: bytes, env: dict[str, str]) -> tuple[float, float]:
    import time

    started = time.perf_counter()
    proc = subprocess.Popen(["sh", "-c", command], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)  # fmt: skip
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(payload)
    proc.stdin.close()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{command!r} exited {code}: {err.decode(errors='replace')[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "agent_hooks.json")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    work = Path(tempfile.mkdtemp(prefix="ahb", dir="/tmp"))
    home = str(work / "h")
    native = work / native_build.NATIVE_NAME
    if native_build.build(native, PYTHON_HOOK) is None:
        raise SystemExit("no C compiler (or BASTION_NATIVE_HOOK=off): nothing to compare")
    bodies = payloads()
    cases: dict[str, tuple[str, bytes]] = {"bare": (f"{sys.executable} -I -S -c pass", b"")}
    for agent, body in bodies.items():
        for client, entry in (("python", PYTHON_HOOK), ("native", native)):
            cases[f"{agent}/{client}"] = (hc.build(str(entry), ["--home", home], agent), body)
    subprocess.run([str(VENV_BIN / "bastion"), "--home", home, "up"], env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    try:
        for name in names:
            run(*cases[name], env)  # warm up (and a session per agent)
        for i in range(args.runs):
            k = i % len(names)
            for name in names[k:] + names[:k]:
                w, c = run(*cases[name], env)
                wall[name].append(w)
                cpu[name].append(c)
    finally:
        subprocess.run([str(VENV_BIN / "bastion"), "--home", home, "down"], env=env,
                       capture_output=True, timeout=120)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)
    bare = statistics.median(wall["bare"]) * 1000
    rows = {
        name: {
            "n": len(wall[name]),
            "wall_median_ms": round(statistics.median(wall[name]) * 1000, 2),
            "cpu_median_ms": round(statistics.median(cpu[name]) * 1000, 2),
            "x_bare": round(statistics.median(wall[name]) * 1000 / bare, 3),
        }
        for name in names
    }
    result = {"machine": "shared, loaded (2 cores, ~8 jobs): re-measure on a quiet machine",
              "cores": os.cpu_count(), "command": COMMAND, "clients": rows}  # fmt: skip
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, row in rows.items():
        print(f"{name:22} wall median {row['wall_median_ms']:7.2f} ms  CPU median "
              f"{row['cpu_median_ms']:6.2f} ms  {row['x_bare']:6.3f}x bare")  # fmt: skip


if __name__ == "__main__":
    main()
