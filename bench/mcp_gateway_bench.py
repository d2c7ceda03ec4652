"""Gateway overhead per MCP ``tools/call``: the same calls direct and through `bastion mcp-proxy`.

A real MCP server (tests/unit/mcp_servers/demo_server.py, the `mcp` SDK) and the SDK's client
session over stdio; each ``tools/call`` is timed on the client from request to result. Three
arms run interleaved, round after round, so a change in the machine's load hits each alike:

- ``direct``: straight to the server;
- ``gateway``: through the gateway and the home's daemon (one ``ToolCall`` before the call,
  one ``ToolResult`` after it: two round trips to the daemon, on one kept connection);
- ``gateway_stub``: through the gateway, with a stub in place of the daemon that answers
  ``allow`` at once: the gateway's own share of the overhead, without the engine's.

Reported: p50 and p99 of each arm, the overheads (arm minus direct) at each percentile, the
CPU each call costs the proxy and the daemon (its deciding thread, its other threads: the
store's WAL copy and checkpoints), from ``/proc`` (clock ticks: meaningful over hundreds of
calls), the daemon's round trip per event measured alone, and the load average before and
after.

    .venv/bin/python bench/mcp_gateway_bench.py --calls 300 --rounds 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "tests" / "unit" / "mcp_servers" / "demo_server.py"


async def _timed(
    params: StdioServerParameters, calls: int, warmup: int, cpu: dict[str, float] | None = None
) -> list[float]:
    """Each call's time on the client (ms); with ``cpu``, adds the CPU seconds each process
    of the arm spent during the timed calls (`_cpu_now`: the proxy, the daemon's threads)."""
    async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
        await client.initialize()
        await client.list_tools()
        out = []
        before: dict[str, float] = {}
        for i in range(warmup + calls):
            if i == warmup and cpu is not None:
                before = _cpu_now(params)
            start = time.perf_counter()
            result = await client.call_tool("add", {"a": i, "b": 1})
            took = time.perf_counter() - start
            assert not result.is_error, result
            if i >= warmup:
                out.append(took * 1000)
        if cpu is not None:
            for key, value in _cpu_now(params).items():
                cpu[key] = cpu.get(key, 0.0) + value - before.get(key, value)
        return out


_TICK = os.sysconf("SC_CLK_TCK")


def _ticks(stat_path: str) -> float:
    """utime + stime of a process or thread, in seconds (``/proc/.../stat``)."""
    try:
        fields = Path(stat_path).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _cpu_now(params: StdioServerParameters) -> dict[str, float]:
    """CPU seconds so far of the arm's proxy (found by its command line) and of the
    daemon of its home: its deciding thread (the first) and its other threads apart."""
    args = params.args or []
    if "mcp-proxy" not in args:
        return {}
    home = args[args.index("--home") + 1]
    out: dict[str, float] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"mcp-proxy" in cmd and home.encode() in cmd:
            out["proxy"] = _ticks(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError, ValueError):
        daemon = Path(home, "daemon.pid").read_text().split()[0]
        out["daemon_main"] = _ticks(f"/proc/{daemon}/task/{daemon}/stat")
        out["daemon_other_threads"] = sum(
            _ticks(f"/proc/{daemon}/task/{t}/stat")
            for t in os.listdir(f"/proc/{daemon}/task")
            if t != daemon
        )
    return out


class StubDaemon:
    """Answers every request on a Unix socket with ``allow`` at once (the wire protocol's
    framing, kept connections served), so the gateway's own cost can be timed alone."""

    ALLOW = json.dumps({"decision": "allow", "reason": "", "context": ""}).encode()

    def __init__(self, path: str) -> None:
        self.path = path
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        from bastion.wire import protocol

        reader = conn.makefile("rb")
        with conn, reader:
            while True:
                header = reader.readline(protocol.MAX_HEADER)
                if not header:
                    return
                _agent, size = protocol.parse_request_header(header, 1 << 26)
                reader.read(size)
                conn.sendall(protocol.reply_frame(0, self.ALLOW, b""))

    def close(self) -> None:
        self.sock.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


def daemon_round_trips(home: str, calls: int) -> dict[str, float]:
    """p50 of one gateway event's round trip to the daemon (the share of the overhead that
    is the engine's: a call costs one ``ToolCall`` and one ``ToolResult``)."""
    from bastion.gateway.daemon_link import DaemonLink

    link = DaemonLink(Path(home))
    session = f"bench-rt-{time.time_ns()}"
    link.send({"hook_event_name": "SessionStart", "session_id": session, "cwd": home})
    out = {}
    for event in ("ToolCall", "ToolResult"):
        took = []
        for i in range(calls):
            payload: dict[str, Any] = {
                "hook_event_name": event, "session_id": session, "cwd": home,
                "tool_name": "mcp__bench__add", "arguments": {"a": i, "b": 1}, "request_id": i,
            }  # fmt: skip
            if event == "ToolResult":
                payload["result"] = {"content": [{"type": "text", "text": str(i + 1)}]}
            start = time.perf_counter()
            link.send(payload)
            took.append((time.perf_counter() - start) * 1000)
        out[event] = round(pct(took, 0.5), 3)
    getattr(link, "close", lambda: None)()
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _proxied(bastion: str, home: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=bastion,
        args=["mcp-proxy", "--home", home, "--name", "bench", "--", sys.executable, str(SERVER)],
        env=dict(os.environ),  # the SDK passes a few variables only; PYTHONPATH must reach it
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per arm, all rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--home", default="")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="mcpgw-bench-")
    stub_home = tempfile.mkdtemp(prefix="mcpgw-bench-stub-")
    bastion = str(Path(sys.executable).parent / "bastion")
    arms = {
        "direct": StdioServerParameters(
            command=sys.executable, args=[str(SERVER)], env=dict(os.environ)
        ),
        "gateway": _proxied(bastion, home),
        "gateway_stub": _proxied(bastion, stub_home),
    }
    stub = StubDaemon(os.path.join(stub_home, "daemon.sock"))
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    times: dict[str, list[float]] = {arm: [] for arm in arms}
    cpu: dict[str, dict[str, float]] = {arm: {} for arm in arms}
    per_round = max(1, args.calls // args.rounds)
    for _ in range(args.rounds):
        for arm, params in arms.items():
            times[arm] += anyio.run(_timed, params, per_round, args.warmup, cpu[arm])
    stub.close()
    d = times["direct"]
    report: dict[str, Any] = {"calls_per_arm": len(d), "rounds": args.rounds}
    for arm, values in times.items():
        report[f"{arm}_ms"] = {"p50": round(pct(values, 0.5), 3),
                               "p99": round(pct(values, 0.99), 3)}  # fmt: skip
    for arm in ("gateway", "gateway_stub"):
        g = times[arm]
        report[f"{arm}_overhead_ms"] = {
            "p50": round(pct(g, 0.5) - pct(d, 0.5), 3),
            "p99": round(pct(g, 0.99) - pct(d, 0.99), 3),
            "mean": round(statistics.mean(g) - statistics.mean(d), 3),
        }
    # CPU per call of each process (ms): what the overhead costs whatever the machine's load.
    for arm in ("gateway", "gateway_stub"):
        n = len(times[arm])
        report[f"{arm}_cpu_ms_per_call"] = {k: round(v * 1000 / n, 3) for k, v in cpu[arm].items()}
    report["daemon_round_trip_p50_ms"] = daemon_round_trips(home, per_round)
    if not args.home:  # the daemon the gateway started for our own home: stopped, not left
        subprocess.run([bastion, "down", "--home", home], capture_output=True, timeout=60)
    report["loadavg_before"] = load_before
    report["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
