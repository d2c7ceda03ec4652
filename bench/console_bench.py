"""Console figures: rendering a 2,000-event session page, and 50 concurrent API clients.

(a) Render: a session of ~2,000 events (the classic incident's tool calls repeated with
    fresh ids, through the real engine) is recorded into a fresh home; the logged-in
    session page (timeline, graph SVG, findings) is requested in-process through the
    ASGI app, and its server time (request in, full HTML out) is timed; median and p95.
    Target: under 500 ms.
(b) Load: ``bastion serve`` in its own process on loopback; 50 client threads, each with
    its own keep-alive connection and API token, call a mix of read endpoints (sessions,
    overview, events, alerts, findings, one session with its first 50 events) for
    ``--duration`` seconds; any non-200 answer or transport error counts as an error.
    Latency percentiles are per request, as the client sees them.

Writes ``bench/results/console.json``.
Usage: python bench/console_bench.py [--duration 60] [--clients 50] [--events 2000]
(CI: ``--duration 5``).
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "console.json"
PASSWORD = "bench console password"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def long_session_lines(session_id: str, events: int) -> list[bytes]:
    """The incident's payloads, its tool calls repeated (fresh ids) until ``events``."""
    from bastion.cli.demo import incident_payloads

    steps = incident_payloads(session_id)
    head, body, tail = steps[:2], steps[2:-2], steps[-2:]
    lines = list(head)
    n = 0
    while len(lines) + len(tail) < events:
        for step in body:
            if len(lines) + len(tail) >= events:
                break
            copy = dict(step)
            if "tool_use_id" in copy:
                copy["tool_use_id"] = f"{copy['tool_use_id']}-{n}"
            lines.append(copy)
        n += 1
    lines.extend(tail)
    return [json.dumps(s).encode() for s in lines]


def record(home: Any, lines: list[bytes]) -> float:
    from bastion.daemon import build_engine
    from bastion.replay import replay_lines

    engine = build_engine(home)
    started = time.perf_counter()
    try:
        for _ in replay_lines(engine, enumerate(lines, 1)):
            pass
    finally:
        engine.store.close()
    return time.perf_counter() - started


def login(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    answer = client.post(
        "/login",
        data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def bench_render(home: Any, session_id: str, runs: int) -> dict[str, Any]:
    from bastion.server.app import create_app

    app = create_app(home, secure_cookies=False)
    times: list[float] = []
    with TestClient(app) as client:
        login(client)
        size = 0
        for i in range(runs + 2):
            started = time.perf_counter()
            page = client.get(f"/sessions/{session_id}")
            took = (time.perf_counter() - started) * 1000
            assert page.status_code == 200
            size = len(page.content)
            if i >= 2:  # the first two warm caches (templates, policy hash)
                times.append(took)
        total = client.get(f"/api/v1/sessions/{session_id}?events_limit=0").json()["events_total"]
    return {
        "events": total,
        "runs": runs,
        "html_bytes": size,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "target_ms": 500,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_load(home: Any, session_id: str, clients: int, duration: float) -> dict[str, Any]:
    from bastion.server import auth
    from bastion.server.approvals import ensure_tables
    from bastion.store import Store

    store = Store(home.database_url)
    ensure_tables(store.engine)
    tokens = [auth.create_token(store.engine, f"load-{i}", "viewer")[1] for i in range(clients)]
    store.close()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from bastion.cli.serve_cmd import app; app()",
            "--home",
            str(home.root),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise SystemExit("bastion serve did not start") from None
            time.sleep(0.1)
    paths = [
        "/api/v1/sessions?limit=50",
        "/api/v1/overview",
        "/api/v1/events?limit=100",
        "/api/v1/alerts?status=open",
        "/api/v1/findings?limit=100",
        f"/api/v1/sessions/{session_id}?events_limit=50",
    ]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    by_path: dict[str, list[float]] = {p: [] for p in paths}
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client_loop(i: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[i]}"}
        mine: dict[str, list[float]] = {p: [] for p in paths}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            start_gate.wait()
            n = i
            while time.monotonic() < stop_at[0]:
                path = paths[n % len(paths)]
                n += 1
                t0 = time.perf_counter()
                try:
                    answer = http.get(path)
                    ok = answer.status_code == 200
                    problem = f"{path}: HTTP {answer.status_code}"
                except httpx.HTTPError as exc:
                    ok, problem = False, f"{path}: {type(exc).__name__}"
                took = (time.perf_counter() - t0) * 1000
                latencies[i].append(took)
                mine[path].append(took)
                if not ok:
                    with lock:
                        errors.append(problem)
        with lock:
            for p, values in mine.items():
                by_path[p].extend(values)

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.monotonic() + duration
    start_gate.wait()
    began = time.monotonic()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    server.terminate()
    server.wait(10)
    every = [v for values in latencies for v in values]
    return {
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "requests": len(every),
        "errors": len(errors),
        "first_errors": errors[:5],
        "requests_per_s": round(len(every) / elapsed, 1),
        "p50_ms": round(percentile(every, 50), 1),
        "p99_ms": round(percentile(every, 99), 1),
        "max_ms": round(max(every, default=0.0), 1),
        "p99_ms_by_path": {p: round(percentile(v, 99), 1) for p, v in by_path.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="load test seconds")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--events", type=int, default=2000, help="events in the long session")
    parser.add_argument("--runs", type=int, default=20, help="timed renders of the page")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    from bastion.cli.demo import run_demo
    from bastion.config import Home
    from bastion.server import auth
    from bastion.server.approvals import ensure_tables
    from bastion.store import Store

    with tempfile.TemporaryDirectory(prefix="bcb-", dir="/tmp") as tmp:
        home = Home.resolve(Path(tmp) / "h").ensure()
        for _ in range(5):  # a few ordinary sessions beside the long one
            run_demo(Console(file=io.StringIO()), home, pause=0.0)
        session_id = str(uuid.uuid4())
        record_s = record(home, long_session_lines(session_id, args.events))
        store = Store(home.database_url)
        ensure_tables(store.engine)
        auth.add_user(store.engine, "bench", "viewer", PASSWORD)
        store.close()
        render = bench_render(home, session_id, args.runs)
        print(
            f"session page, {render['events']} events: median {render['median_ms']} ms, "
            f"p95 {render['p95_ms']} ms ({render['html_bytes'] // 1024} KiB; target < 500 ms)"
        )
        load = bench_load(home, session_id, args.clients, args.duration)
        print(
            f"{load['clients']} clients x {load['duration_s']} s: {load['requests']} requests, "
            f"{load['errors']} errors, {load['requests_per_s']} req/s, p50 {load['p50_ms']} ms, "
            f"p99 {load['p99_ms']} ms"
        )
    result = {
        "machine": {"python": platform.python_version(), "cpus": _cpus(), "os": platform.system()},
        "store": "sqlite (WAL)",
        "record_long_session_s": round(record_s, 2),
        "session_page_render": render,
        "api_load": load,
        "command": "python bench/console_bench.py " + " ".join(sys.argv[1:]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
