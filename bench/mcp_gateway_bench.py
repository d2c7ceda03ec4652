"""Gateway overhead per MCP ``tools/call``: the same calls direct and through `bastion mcp-proxy`.

A real MCP server (tests/unit/mcp_servers/demo_server.py, the `mcp` SDK) and the SDK's client
session over stdio; each ``tools/call`` is timed on the client from request to result, first
straight to the server, then through the gateway (decision by the home's daemon before the
call, the result inspected after it: two round trips to the daemon). Reported: p50 and p99
of each, and the overhead (gateway minus direct) at each percentile.

    .venv/bin/python bench/mcp_gateway_bench.py --calls 300 --home /tmp/bench-home
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "tests" / "unit" / "mcp_servers" / "demo_server.py"


async def _timed(params: StdioServerParameters, calls: int, warmup: int) -> list[float]:
    async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
        await client.initialize()
        await client.list_tools()
        out = []
        for i in range(warmup + calls):
            start = time.perf_counter()
            result = await client.call_tool("add", {"a": i, "b": 1})
            took = time.perf_counter() - start
            assert not result.is_error
            if i >= warmup:
                out.append(took * 1000)
        return out


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
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--home", default="")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="mcpgw-bench-")
    bastion = str(Path(sys.executable).parent / "bastion")
    direct = StdioServerParameters(command=sys.executable, args=[str(SERVER)])
    proxied = StdioServerParameters(
        command=bastion,
        args=["mcp-proxy", "--home", home, "--name", "bench", "--", sys.executable, str(SERVER)],
    )
    d = anyio.run(_timed, direct, args.calls, args.warmup)
    g = anyio.run(_timed, proxied, args.calls, args.warmup)
    report: dict[str, Any] = {
        "calls": args.calls,
        "direct_ms": {"p50": round(pct(d, 0.5), 3), "p99": round(pct(d, 0.99), 3)},
        "gateway_ms": {"p50": round(pct(g, 0.5), 3), "p99": round(pct(g, 0.99), 3)},
        "overhead_ms": {
            "p50": round(pct(g, 0.5) - pct(d, 0.5), 3),
            "p99": round(pct(g, 0.99) - pct(d, 0.99), 3),
            "mean": round(statistics.mean(g) - statistics.mean(d), 3),
        },
    }
    report["daemon_round_trip_p50_ms"] = daemon_round_trips(home, args.calls)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
