"""The resident daemon through its socket: latency, throughput with concurrent clients, memory.

A real daemon (``python -m bastion.daemon``) serves a temporary home on SQLite or
PostgreSQL; client processes speak the hook's wire protocol to it, one connection per call
as the hook does, each replaying its own sessions of the mixed corpus (SWE-bench and
AgentDojo payloads, as bench/latency.py) in session order, or one simple Bash call.

  handled   round trip of one call at a time (one client): the decision, the durable
            record (the reply leaves after its commit) and the socket, p50/p99
  thruput   events/s with ``--clients`` concurrent clients over ``--events`` calls
  memory    the daemon's RSS idle and after ``--memory-events`` calls (VmRSS, VmHWM)

``--base DIR`` runs the same measures against another source tree (e.g. a
``git archive`` of main's ``src``) in interleaved rounds, A then B then B then A ..., and
reports medians over rounds and their ratios. The load average is recorded with each round.

Usage:
  python bench/daemon_bench.py --backend sqlite --rounds 3 --base /tmp/daemon-base/src
  python bench/daemon_bench.py --backend postgresql --rounds 3 --base /tmp/daemon-base/src
  python bench/daemon_bench.py --backend sqlite --memory-events 1000000 --rounds 0
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from latency import PAYLOAD, mixed_payloads, percentile  # noqa: E402

PG_ENV = "BASTION_TEST_POSTGRES_URL"
HERE_SRC = ROOT / "src"


# -- the daemon --------------------------------------------------------------------------


class Daemon:
    """One daemon process on a fresh home and store, from a given source tree."""

    def __init__(self, src: Path, backend: str) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="bd", dir="/tmp"))  # short: socket path
        self.schema: str | None = None
        if backend == "sqlite":
            url = f"sqlite:///{self.home / 'bastion.db'}"
        else:
            base = os.environ.get(PG_ENV)
            if not base:
                raise SystemExit(f"set {PG_ENV} for the PostgreSQL bench (as .ci/run does)")
            self.schema = "bd_" + secrets.token_hex(5)
            _pg(base, f"CREATE SCHEMA {self.schema}")
            sep = "&" if "?" in base else "?"
            url = f"{base}{sep}options=-csearch_path%3D{self.schema}"
        self.url = url
        env = dict(os.environ, BASTION_HOME=str(self.home), BASTION_DATABASE_URL=url)
        env["PYTHONPATH"] = str(src)
        # A script run instead of ``-m bastion.daemon`` (a profiler's wrapper), for diagnosis.
        wrapper = os.environ.get("DAEMON_BENCH_WRAPPER")
        prefix = [wrapper] if wrapper else ["-m", "bastion.daemon"]
        self.proc = subprocess.Popen(
            [sys.executable, *prefix, "--home", str(self.home)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.socket = str(self.home / "daemon.sock")
        deadline = time.monotonic() + 120
        while not os.path.exists(self.socket):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()  # its home and PostgreSQL schema go too
                raise SystemExit(f"daemon from {src} did not start")
            time.sleep(0.05)

    def cpu_s(self) -> float:
        """The daemon's CPU seconds so far (user + system, its threads included)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
        return out

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.schema is not None:
            _pg(os.environ[PG_ENV], f"DROP SCHEMA {self.schema} CASCADE")
        shutil.rmtree(self.home, ignore_errors=True)


def _pg(url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


# -- clients -----------------------------------------------------------------------------


def call(path: str, frame: bytes) -> bytes:
    """One hook call: connect, send, read the reply to its end (as the hook does)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        sock.sendall(frame)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    reply = b"".join(chunks)
    if not reply[:1].isdigit():
        raise RuntimeError(f"bad reply {reply[:80]!r}")
    return reply


def sessions_of(payloads: list[bytes]) -> list[list[dict[str, Any]]]:
    """The corpus cut into its sessions, each in order."""
    by: dict[str, list[dict[str, Any]]] = {}
    for raw in payloads:
        data = json.loads(raw)
        by.setdefault(str(data.get("session_id")), []).append(data)
    return list(by.values())


def frames_for(
    sessions: list[list[dict[str, Any]]], client: int, clients: int, count: int, tag: str
) -> list[bytes]:
    """``count`` frames for one client: its share of the sessions, renamed per lap so each
    lap opens new sessions (as a day of new sessions would), in session order."""
    mine = [s for i, s in enumerate(sessions) if i % clients == client] or sessions
    out: list[bytes] = []
    lap = 0
    while len(out) < count:
        for session in mine:
            for data in session:
                renamed = dict(data, session_id=f"{data['session_id']}-{tag}-{client}-{lap}")
                body = json.dumps(renamed).encode()
                out.append(b"BASTION/1 claude-code %d\n" % len(body) + body)
                if len(out) >= count:
                    return out
        lap += 1
    return out


def _client(path: str, frames: list[bytes], start: Any, results: Any) -> None:
    start.wait()
    times: list[float] = []
    t_begin = time.perf_counter()
    for frame in frames:
        t0 = time.perf_counter()
        call(path, frame)
        times.append(time.perf_counter() - t0)
    results.put((times, t_begin, time.perf_counter()))


def drive(path: str, per_client: list[list[bytes]]) -> dict[str, Any]:
    """Run the clients at once; events/s over the whole run and the latencies."""
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(path, f, start, results)) for f in per_client]
    for p in procs:
        p.start()
    time.sleep(0.2)
    start.set()
    got = [results.get() for _ in procs]
    for p in procs:
        p.join()
    times = [t for ts, _, _ in got for t in ts]
    began = min(b for _, b, _ in got)
    ended = max(e for _, _, e in got)
    return {
        "events": len(times),
        "seconds": round(ended - began, 3),
        "events_per_s": round(len(times) / (ended - began), 1),
        "p50_ms": round(percentile(times, 50) * 1000, 3),
        "p99_ms": round(percentile(times, 99) * 1000, 3),
    }


# -- measures ----------------------------------------------------------------------------


def one_round(
    src: Path, backend: str, sessions: list[list[dict[str, Any]]], args: argparse.Namespace
) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    daemon = Daemon(src, backend)
    try:
        # Warm-up: first sessions, page cache, the daemon's first-use work.
        drive(daemon.socket, [frames_for(sessions, 0, 1, 200, "warm")])
        idle = daemon.rss_kib()
        handled = drive(daemon.socket, [frames_for(sessions, 0, 1, args.handled_events, "seq")])
        clients = args.clients
        per = [
            frames_for(sessions, c, clients, args.events // clients, "tp") for c in range(clients)
        ]
        cpu0 = daemon.cpu_s()
        thruput = drive(daemon.socket, per)
        # Events per CPU-second of the daemon: its capacity on one core, whatever the load.
        thruput["daemon_cpu_s"] = round(daemon.cpu_s() - cpu0, 2)
        cpu = max(thruput["daemon_cpu_s"], 0.01)
        thruput["events_per_cpu_s"] = round(thruput["events"] / cpu, 1)
        after = daemon.rss_kib()
    finally:
        daemon.stop()
    return {
        "src": str(src),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "handled": handled,
        "throughput": thruput,
        "rss_idle_kib": idle,
        "rss_after_kib": after,
    }


def memory_run(
    src: Path, backend: str, sessions: list[list[dict[str, Any]]], n: int, clients: int
) -> dict[str, Any]:
    """RSS idle, then after each tenth of ``n`` events: does it stay bounded? Sessions that
    never end (simple payloads have no SessionEnd) test the daemon's cap on live sessions."""
    daemon = Daemon(src, backend)
    samples: list[dict[str, Any]] = []
    try:
        time.sleep(1.0)
        samples.append({"events": 0, **daemon.rss_kib(), "load": os.getloadavg()[0]})
        step = max(n // 10, 1000)
        done = 0
        while done < n:
            chunk = min(step, n - done)
            per = [
                frames_for(sessions, c, clients, chunk // clients, f"m{done}")
                for c in range(clients)
            ]
            res = drive(daemon.socket, per)
            done += res["events"]
            samples.append(
                {"events": done, **daemon.rss_kib(), "events_per_s": res["events_per_s"],
                 "load": os.getloadavg()[0]}
            )  # fmt: skip
            print(f"  memory: {samples[-1]}", flush=True)
    finally:
        daemon.stop()
    return {"src": str(src), "samples": samples}


def med(rounds: list[dict[str, Any]], *path: str) -> float:
    values = []
    for r in rounds:
        v: Any = r
        for p in path:
            v = v[p]
        values.append(float(v))
    return round(statistics.median(values), 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--payloads", choices=["mixed", "simple"], default="mixed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--events", type=int, default=8000, help="throughput calls per round")
    parser.add_argument("--handled-events", type=int, default=2000)
    parser.add_argument("--corpus", type=int, default=4000, help="corpus payloads to use")
    parser.add_argument("--base", type=Path, default=None, help="source tree to compare with")
    parser.add_argument("--memory-events", type=int, default=0)
    parser.add_argument(
        "--session-length", type=int, default=100, help="calls per session (simple payloads)"
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    if args.payloads == "simple":  # one Bash call, sessions of --session-length such calls
        sessions = [
            [
                dict(PAYLOAD, session_id=f"simple-{s}", tool_use_id=f"toolu_{s}_{i}")
                for i in range(args.session_length)
            ]
            for s in range(64)
        ]
    else:
        sessions = sessions_of(mixed_payloads(args.corpus))
    trees = [("this", HERE_SRC)] + ([("base", args.base)] if args.base else [])
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in trees}
    for i in range(args.rounds):
        order = trees if i % 2 == 0 else list(reversed(trees))
        for name, src in order:
            r = one_round(src, args.backend, sessions, args)
            rounds[name].append(r)
            print(
                f"round {i + 1} {name:4}: handled p50 {r['handled']['p50_ms']} p99 "
                f"{r['handled']['p99_ms']} ms; {args.clients} clients "
                f"{r['throughput']['events_per_s']} events/s (p99 {r['throughput']['p99_ms']} ms, "
                f"{r['throughput']['events_per_cpu_s']} per daemon CPU-s); "
                f"RSS {r['rss_after_kib']['VmRSS'] // 1024} MiB; load {r['load_before']:.2f}",
                flush=True,
            )
    summary: dict[str, Any] = {}
    for name, rs in rounds.items():
        if rs:
            summary[name] = {
                "handled_p50_ms": med(rs, "handled", "p50_ms"),
                "handled_p99_ms": med(rs, "handled", "p99_ms"),
                "throughput_events_per_s": med(rs, "throughput", "events_per_s"),
                "throughput_p99_ms": med(rs, "throughput", "p99_ms"),
                "events_per_daemon_cpu_s": med(rs, "throughput", "events_per_cpu_s"),
                "rss_idle_mib": round(med(rs, "rss_idle_kib", "VmRSS") / 1024, 1),
                "load_median": med(rs, "load_before"),
            }
    if "base" in summary and "this" in summary:
        a, b = summary["this"], summary["base"]
        summary["ratio_this_over_base"] = {
            k: round(a[k] / b[k], 3) for k in a if isinstance(a[k], float) and b[k]
        }
    result: dict[str, Any] = {
        "backend": args.backend,
        "payloads": args.payloads,
        "clients": args.clients,
        "summary": summary,
        "rounds": rounds,
    }
    if args.memory_events:
        result["memory"] = memory_run(
            HERE_SRC, args.backend, sessions, args.memory_events, args.clients
        )
    print(json.dumps(summary, indent=2))
    out = args.out or ROOT / "bench" / "results" / f"daemon-{args.backend}-{args.payloads}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
