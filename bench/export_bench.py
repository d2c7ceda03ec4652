"""Export and compliance figures (issue #18), all on loopback.

(a) Throughput per sink type: a store of ``--events`` log entries (the classic incident
    and a second session recorded by the real engine, copied under new ids and sessions),
    delivered by one worker (`bastion.export.delivery.Worker.drain`, batch ``--batch``) to
    a receiver on 127.0.0.1: Splunk HEC with indexer acknowledgement, the Sentinel
    stand-in (token + DCR stream), a signed webhook, OTLP/HTTP protobuf (the SDK's spans,
    `otlp_wire` bytes; bench/otlp_sdk_bench.py compares the SDK's exporter), and a real
    rsyslog over TCP and over TLS. Receivers decode everything but
    skip the JSON Schema check (the tests do that). Entries/s and OCSF events/s.
(b) Decision latency while exporting: the engine decides a stream of payloads (the
    incident's, session after session) into a SQLite store holding an export backlog,
    CPU and wall time per call, in rounds alternating exporter stopped / `bastion export
    run` (another process) delivering the same store to a webhook. p50/p99 of both.
(c) Outage: the receiver answers 503 for ``--outage`` seconds while the log grows, then
    recovers, and one accepted batch loses its answer (so it is sent again). Counts lost
    and duplicated events (by metadata.uid).
(d) Compliance report time: `bastion.compliance.report.build` (every framework) and the
    proof bundle over ``--report-events`` entries, measured at two sizes; the time for
    1,000,000 entries is extrapolated linearly from the two (the queries are aggregates
    and index range scans, linear in the rows they read).

The machine is shared while helpers work: figures are medians of ``--repeat`` runs.
Writes ``bench/results/export.json`` (or ``--out``). Usage: python bench/export_bench.py
[--events 20000] [--out /tmp/export.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "export"))

from export_support import other_session, record  # noqa: E402
from receivers import Webhook  # noqa: E402

from bastion.cli.demo import incident_payloads  # noqa: E402
from bastion.export.config import ExportConfig, SinkConfig  # noqa: E402
from bastion.export.delivery import Worker  # noqa: E402
from bastion.export.sinks import make_sink  # noqa: E402
from bastion.store import Store  # noqa: E402

SECRET = "bench-" + "secret"


def template(tmp: Path) -> list[tuple[dict, list, list, dict]]:
    """Rows of the two recorded sessions, to copy."""
    store = Store(f"sqlite:///{tmp / 'template.db'}")
    record(store, incident_payloads("tpl-inc") + other_session("tpl-oth"))
    items = []
    for sid in ("tpl-inc", "tpl-oth"):
        fs = store.findings(sid)
        al = store.alerts(sid)
        for ev in store.events(sid):
            ev = {k: v for k, v in ev.items() if k != "seq"}
            f_rows = [
                {k: v for k, v in f.items() if k != "id"} for f in fs if f["event_id"] == ev["id"]
            ]
            a_rows = [
                {k: v for k, v in a.items() if k != "id"} for a in al if a["event_id"] == ev["id"]
            ]
            items.append((ev, f_rows, a_rows, {}))
    sessions = [store.session(s) for s in ("tpl-inc", "tpl-oth")]
    store.close()
    return items, sessions  # type: ignore[return-value]


def fill(store: Store, tpl: Any, total: int) -> None:
    """Append copies of the template until the log holds ``total`` entries."""
    items, sessions = tpl
    now = time.time()
    done = store.log_size()
    copy = 0
    while done < total:
        batch = []
        mapping: dict[str, str] = {}
        for s in sessions:
            new = f"{s['id']}-{copy}"
            mapping[s["id"]] = new
            store.upsert_session({**s, "id": new, "started_at": now, "last_seen": now})
        for ev, f_rows, a_rows, sv in items:
            if done + len(batch) >= total:
                break
            new_id = uuid.uuid4().hex
            sid = mapping.get(ev["session_id"], ev["session_id"])
            row = {**ev, "id": new_id, "session_id": sid, "time": now - 60 + copy * 1e-3}
            batch.append(
                (
                    row,
                    [{**f, "event_id": new_id, "session_id": sid} for f in f_rows],
                    [{**a, "event_id": new_id, "session_id": sid} for a in a_rows],
                    sv,
                )
            )
        store.append_events(batch)
        done += len(batch)
        copy += 1


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), 0.0 when unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def remote(kind: str, cpus: set[int] | None = None) -> Any:
    """A receiver (tests/export/receivers.py) in its own process, so the exporter is timed
    alone, not sharing this process's interpreter lock with the receiver. It decodes every
    request and keeps the events (schema checks off); ``count()`` answers its counts."""
    import httpx

    def pin() -> None:
        if cpus:
            os.sched_setaffinity(0, cpus)

    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "export" / "receivers.py"), kind, SECRET],
        stdout=subprocess.PIPE,
        cwd=ROOT / "tests" / "export",
        preexec_fn=pin,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().decode().strip()

    def count(key: str = "events") -> int:
        return int(httpx.get(url + "/count", timeout=30).json()[key])

    count.pid = proc.pid  # type: ignore[attr-defined]
    count.unique = lambda: count("unique")  # type: ignore[attr-defined]
    try:
        yield url, count
    finally:
        proc.terminate()
        proc.wait(10)


def timed_drain(store: Store, conf: SinkConfig, batch: int, tmp: Path) -> dict[str, Any]:
    config = ExportConfig(sinks=[conf], batch=batch, backoff_seconds=0.05)
    worker = Worker(store.engine, make_sink(conf), config, tmp / f"{conf.name}.dead")
    started = time.perf_counter()
    cpu = time.process_time()
    moved = worker.drain()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    worker.close()
    return {"entries": moved, "seconds": seconds, "cpu_seconds": cpu}


def settled(server: Any) -> int:
    """Lines rsyslog has written, once the count stops growing (it writes after the
    sender's bytes are on the socket)."""
    last = -1
    while True:
        now = len(server.lines(1, timeout=0.1))
        if now == last:
            return now
        last = now
        time.sleep(0.3)


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the runs: wall-clock rates, and the exporter's (and the receiver's)
    CPU seconds, which say what the code costs whatever else the shared machine ran."""

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    entries, events = runs[0]["entries"], runs[0]["ocsf_events"]
    out = {
        "entries": entries,
        "ocsf_events": events,
        "events_per_s_median": round(statistics.median(events / r["seconds"] for r in runs)),
        "entries_per_s_median": round(statistics.median(entries / r["seconds"] for r in runs)),
        "seconds_median": round(med("seconds"), 3),
        "exporter_cpu_seconds_median": round(med("cpu_seconds"), 3),
        "events_per_exporter_cpu_s_median": round(
            statistics.median(events / max(r["cpu_seconds"], 1e-9) for r in runs)
        ),
        "runs_events_per_s": [round(events / r["seconds"]) for r in runs],
    }
    if all("receiver_cpu_seconds" in r for r in runs):
        out["receiver_cpu_seconds_median"] = round(med("receiver_cpu_seconds"), 3)
    if any("verified" in r for r in runs):
        out["every_run_verified"] = all(r.get("verified") for r in runs)
    return out


def throughput(args: argparse.Namespace, tpl: Any, tmp: Path) -> dict[str, Any]:
    store = Store(f"sqlite:///{tmp / 'throughput.db'}", checkpoint_seconds=0)
    fill(store, tpl, args.events)
    out: dict[str, Any] = {}
    os.environ["BENCH_HEC_TOKEN"] = SECRET
    os.environ["BENCH_SENTINEL_SECRET"] = SECRET
    secret_file = tmp / "secret"
    secret_file.write_text(SECRET)

    from bastion.store import export_positions

    def run(name: str, conf: SinkConfig, count: Any, pid: int | None = None) -> None:
        """``--repeat`` drains of the whole log into one receiver. Each run must add
        exactly the events the first one did, and the distinct ids must stay the first
        run's (the same events again, by metadata.uid, none lost or invented)."""
        runs = []
        before = count()
        for _ in range(args.repeat):
            export_positions.reset(store.engine, conf.name)
            rcpu = cpu_seconds(pid) if pid else 0.0
            got = timed_drain(store, conf, args.batch, tmp)
            after = count()
            got["ocsf_events"] = after - before
            before = after
            if pid:
                got["receiver_cpu_seconds"] = cpu_seconds(pid) - rcpu
            unique = getattr(count, "unique", None)
            if unique is not None:
                got["verified"] = unique() == (runs[0] if runs else got)["ocsf_events"]
            runs.append(got)
        if len({r["ocsf_events"] for r in runs}) != 1:
            raise SystemExit(f"{name}: runs delivered different counts {runs}")
        out[name] = summarise(runs)
        print(f"{name}: {out[name]}", flush=True)

    # Bastion's own side, no network: read the log, map to OCSF, serialise.
    from bastion.export.sinks.base import Sink, ocsf_events

    class NullSink(Sink):
        def __init__(self) -> None:
            self.name = "null"
            self.events = 0

        def prepare(self, items: Any, book: Any) -> bytes:
            import orjson

            made = ocsf_events(items, book)
            self.events += len(made)
            return orjson.dumps(made)

        def deliver(self, payload: Any) -> None:
            return None

    null_runs = []
    for _ in range(args.repeat):
        sink = NullSink()
        worker = Worker(store.engine, sink, ExportConfig(batch=args.batch), tmp / "null.dead")
        export_positions.reset(store.engine, "null")
        started = time.perf_counter()
        cpu = time.process_time()
        moved = worker.drain()
        null_runs.append(
            {
                "entries": moved,
                "ocsf_events": sink.events,
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu,
            }
        )
        worker.close()
    out["null_read_map_serialise"] = summarise(null_runs)
    print(f"null: {out['null_read_map_serialise']}", flush=True)

    def wanted(sink: str) -> bool:
        return not args.sinks or sink in args.sinks.split(",")

    if wanted("splunk"):
        with remote("splunk") as (url, count):
            # The shipped window (4 batches awaiting their acks), then one batch at a time,
            # side by side on the same receiver.
            for window, label in ((4, "splunk_hec_ack"), (1, "splunk_hec_ack_window1")):
                conf = SinkConfig(
                    "splunk",
                    "splunk_hec",
                    {
                        "url": url,
                        "token_env": "BENCH_HEC_TOKEN",
                        "ack_poll_seconds": 0.002,
                        "window": window,
                    },
                )
                run(label, conf, count, count.pid)
    if wanted("sentinel"):
        with remote("sentinel") as (url, count):
            conf = SinkConfig(
                "sentinel",
                "sentinel",
                {
                    "endpoint": url,
                    "authority_host": url,
                    "tenant_id": "t",
                    "client_id": "c",
                    "client_secret_env": "BENCH_SENTINEL_SECRET",
                    "dcr_immutable_id": "dcr",
                    "stream": "Custom-Bastion",
                },
            )
            run("sentinel_standin", conf, count, count.pid)
    if wanted("webhook"):
        with remote("webhook") as (url, count):
            conf = SinkConfig("hook", "webhook", {"url": url, "secret_file": str(secret_file)})
            run("webhook_hmac", conf, count, count.pid)
    if wanted("otlp"):
        with remote("otlp") as (url, count):
            conf = SinkConfig("otel", "otlp", {"url": url})
            spans = lambda: count("spans")  # noqa: E731
            spans.unique = count.unique  # type: ignore[attr-defined]
            run("otlp_http_spans", conf, spans, count.pid)

    from rsyslog import running

    for tls in (False, True) if wanted("syslog") else ():
        with running(tmp / f"rsyslog-{tls}", tls=tls) as server:
            options: dict[str, Any] = {"host": "127.0.0.1", "port": server.port, "tls": tls}
            if tls:
                options["ca_file"] = str(server.ca)
            conf = SinkConfig(f"syslog-{'tls' if tls else 'tcp'}", "syslog", options)
            pid = server.proc.pid if server.proc else None
            run(conf.name, conf, lambda server=server: settled(server), pid)
    store.close()
    return out


def decision_latency(args: argparse.Namespace, tpl: Any, tmp: Path) -> dict[str, Any]:
    """Decision times with and without `bastion export run` delivering the same store.

    What the design promises is that delivery is off the decision path: it runs in
    another process (pinned with its receiver to the other core, ``--pin``) and shares
    only the store's file with the engine. So the figure is each decision's *CPU time*
    (``time.process_time`` around ``Engine.process``; this process runs only the engine),
    which the machine's other load does not move, beside its wall time, which it does.
    The store starts with a backlog of ``--backlog`` entries so the exporter has work
    from the first round to the last. Rounds of ``--decisions`` decisions alternate
    A/B, exporter stopped (SIGSTOP) then running (SIGCONT), ``--rounds`` each, so drift in
    the machine's load falls on both alike. p99 over all decisions of each mode, and the
    median of the rounds' p99s.
    """
    import signal

    from bastion.engine import Engine
    from bastion.policy.engine import PolicyEngine
    from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE

    cores = sorted(os.sched_getaffinity(0))
    pinned = args.pin and len(cores) >= 2
    decide_cpus, export_cpus = ({cores[0]}, set(cores[1:])) if pinned else (None, None)
    if decide_cpus:
        os.sched_setaffinity(0, decide_cpus)
    home = tmp / "home"
    home.mkdir(mode=0o700)
    store = Store(f"sqlite:///{home / 'bastion.db'}")
    fill(store, tpl, args.backlog)
    engine = Engine(store, PolicyEngine.load(), home_dir="/home/dev")
    sensor = CLAUDE_CODE
    counter = [0]
    payloads: list[dict[str, Any]] = []

    def decide(n: int) -> tuple[list[float], list[float]]:
        cpu_ms, wall_ms = [], []
        while len(cpu_ms) < n:
            if not payloads:
                counter[0] += 1
                payloads.extend(incident_payloads(f"lat-{counter[0]}"))
            event = sensor.to_event(payloads.pop(0))
            c, w = time.process_time(), time.perf_counter()
            engine.process(event)
            wall_ms.append((time.perf_counter() - w) * 1000)
            cpu_ms.append((time.process_time() - c) * 1000)
        return cpu_ms, wall_ms

    def pct(xs: list[float], q: int) -> float:
        return round(statistics.quantiles(xs, n=100)[q - 1], 3)

    def exporter_setup() -> None:
        os.nice(args.exporter_nice)
        if export_cpus:
            os.sched_setaffinity(0, export_cpus)

    decide(100)  # warm up
    receiver = remote("webhook", export_cpus)
    url, count = receiver.__enter__()
    (home / "secret").write_text(SECRET)
    (home / "config.toml").write_text(
        # batch and poll_seconds as shipped (500, 1 s).
        '[[export.sink]]\nname = "hook"\n'
        f'type = "webhook"\nurl = "{url}"\nsecret_file = "{home / "secret"}"\n'
    )
    exporter = subprocess.Popen(
        [str(Path(sys.executable).parent / "bastion"), "export", "run", "--home", str(home)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=exporter_setup,
    )
    modes = ("alone", "while_exporting")
    rounds: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    samples: dict[str, dict[str, list[float]]] = {m: {"cpu": [], "wall": []} for m in modes}
    started = time.monotonic()
    try:
        waited = time.monotonic() + 60
        while count() == 0:  # the exporter starts and delivers from the backlog
            if time.monotonic() > waited or exporter.poll() is not None:
                raise SystemExit("bastion export run delivered nothing in 60s")
            time.sleep(0.2)
        for _ in range(args.rounds):
            for mode in modes:
                exporting = mode == "while_exporting"
                exporter.send_signal(signal.SIGCONT if exporting else signal.SIGSTOP)
                delivered_before = count()
                cpu_before = cpu_seconds(exporter.pid)
                t0 = time.perf_counter()
                cpu_ms, wall_ms = decide(args.decisions)
                seconds = time.perf_counter() - t0
                exporter_cpu = cpu_seconds(exporter.pid) - cpu_before
                samples[mode]["cpu"] += cpu_ms
                samples[mode]["wall"] += wall_ms
                rounds[mode].append(
                    {
                        "n": len(cpu_ms),
                        "cpu_p50_ms": pct(cpu_ms, 50),
                        "cpu_p99_ms": pct(cpu_ms, 99),
                        "wall_p50_ms": pct(wall_ms, 50),
                        "wall_p99_ms": pct(wall_ms, 99),
                        "ocsf_events_delivered": count() - delivered_before,
                        "exporter_busy_share": round(exporter_cpu / seconds, 2),
                    }
                )
                print(mode, rounds[mode][-1], flush=True)
    finally:
        exporter.send_signal(signal.SIGCONT)
        exporter.terminate()
        exporter.wait(10)
        receiver.__exit__(None, None, None)
        if decide_cpus:
            os.sched_setaffinity(0, set(cores))
    store.close()
    out: dict[str, Any] = {
        "method": (
            f"{args.rounds} rounds each of {args.decisions} decisions, alternating exporter "
            f"stopped / running; backlog {args.backlog} entries; exporter (bastion export run, "
            f"webhook sink, shipped batch and poll) at nice {args.exporter_nice}"
            + (f", pinned with the receiver to cpu {sorted(export_cpus or [])}" if pinned else "")
            + (f", engine on cpu {sorted(decide_cpus or [])}" if pinned else ", not pinned")
            + "; CPU time per decision is time.process_time of the deciding process"
        ),
        "bench_seconds": round(time.monotonic() - started, 1),
        "load_average_at_start": os.getloadavg(),
    }
    for mode in modes:
        found = rounds[mode]
        out[mode] = {
            "decisions": len(samples[mode]["cpu"]),
            "cpu_p99_ms": pct(samples[mode]["cpu"], 99),
            "cpu_p50_ms": pct(samples[mode]["cpu"], 50),
            "wall_p99_ms": pct(samples[mode]["wall"], 99),
            "wall_p50_ms": pct(samples[mode]["wall"], 50),
            "cpu_p99_ms_median_of_rounds": round(
                statistics.median(r["cpu_p99_ms"] for r in found), 3
            ),
            "wall_p99_ms_median_of_rounds": round(
                statistics.median(r["wall_p99_ms"] for r in found), 3
            ),
            "ocsf_events_delivered": sum(r["ocsf_events_delivered"] for r in found),
            "exporter_busy_share_median": statistics.median(
                r["exporter_busy_share"] for r in found
            ),
            "rounds": found,
        }
    out["load_average_at_end"] = os.getloadavg()
    return out


def outage(args: argparse.Namespace, tpl: Any, tmp: Path) -> dict[str, Any]:
    from bastion.export.ocsf import SessionBook, to_ocsf
    from bastion.store import export_positions
    from bastion.store.export_log import iter_log, last_seq

    store = Store(f"sqlite:///{tmp / 'outage.db'}", checkpoint_seconds=0)
    fill(store, tpl, 2000)
    hook = Webhook(SECRET.encode())
    hook.validate = False
    (tmp / "osecret").write_text(SECRET)
    conf = SinkConfig("hook", "webhook", {"url": hook.url, "secret_file": str(tmp / "osecret")})
    config = ExportConfig(
        sinks=[conf], batch=200, poll_seconds=0.05, backoff_seconds=0.1, backoff_max_seconds=1.0
    )
    worker = Worker(store.engine, make_sink(conf), config, tmp / "outage.dead")
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    time.sleep(0.5)
    hook.down = True
    grow_until = time.monotonic() + args.outage
    while time.monotonic() < grow_until:
        fill(store, tpl, store.log_size() + 100)
        time.sleep(0.1)
    original = hook.handle
    state = {"lost": False}

    def lose_one_answer(path, headers, body):  # type: ignore[no-untyped-def]
        code, answer = original(path, headers, body)
        if not state["lost"]:
            state["lost"] = True
            return 503, b"{}"
        return code, answer

    hook.handle = lose_one_answer  # type: ignore[method-assign]
    recovered = time.monotonic()
    hook.down = False
    with store.engine.connect() as conn:
        head = last_seq(conn)
    while export_positions.get(store.engine, "hook").seq < head:
        time.sleep(0.05)
    catch_up = time.monotonic() - recovered
    worker.stop.set()
    thread.join(10)
    worker.close()
    hook.close()
    expected: list[str] = []
    with store.engine.connect() as conn:
        book = SessionBook()
        for item in iter_log(conn):
            entry = item.parsed()
            book.learn(entry["event"])
            expected.extend(
                e["metadata"]["uid"] for e in to_ocsf(entry, item.key, book.get(item.session_id))
            )
    got = hook.uids()
    dead = export_positions.get(store.engine, "hook").dead_lettered
    store.close()
    return {
        "outage_seconds": args.outage,
        "log_entries": head,
        "ocsf_events_expected": len(expected),
        "received": len(got),
        "lost": len(set(expected) - set(got)),
        "duplicates": len(got) - len(set(got)),
        "unknown": len(set(got) - set(expected)),
        "catch_up_seconds": round(catch_up, 2),
        "dead_lettered": dead,
    }


def report_time(args: argparse.Namespace, tpl: Any, tmp: Path) -> dict[str, Any]:
    from bastion.audit.signer import LogSigner
    from bastion.compliance.catalogue import load
    from bastion.compliance.evidence import Window
    from bastion.compliance.report import build, prove, to_html, to_pdf

    signer = LogSigner.for_keys_dir(tmp / "keys")
    store = Store(f"sqlite:///{tmp / 'report.db'}", signer=signer, checkpoint_seconds=0)
    sizes = [args.report_events // 2, args.report_events]
    points = []
    for size in sizes:
        fill(store, tpl, size)
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            for framework in load().frameworks:
                with store.snapshot() as conn:
                    report = build(conn, framework, Window(0, time.time() + 1))
                prove(store, report, signer)
                to_html(report)
                to_pdf(report, tmp / "r.pdf")
            runs.append(time.perf_counter() - started)
        points.append((size, statistics.median(runs)))
        print(
            f"report, {len(load().frameworks)} frameworks, {size} entries: {points[-1][1]:.2f}s",
            flush=True,
        )
    (n1, t1), (n2, t2) = points
    slope = (t2 - t1) / (n2 - n1)
    store.close()
    return {
        "frameworks": len(load().frameworks),
        "measured": [{"entries": n, "seconds_all_frameworks": round(t, 3)} for n, t in points],
        "extrapolated_1M_seconds_all_frameworks": round(t2 + slope * (1_000_000 - n2), 1),
        "method": "linear through the two measured sizes (median of runs each); every "
        "framework's report, its proofs (a new checkpoint when needed), HTML and PDF",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--decisions", type=int, default=200, help="per latency round")
    parser.add_argument(
        "--backlog", type=int, default=60000, help="latency: log entries waiting for export"
    )
    parser.add_argument(
        "--exporter-nice", type=int, default=0, help="nice value of the latency exporter"
    )
    parser.add_argument("--rounds", type=int, default=8, help="latency rounds of each kind")
    parser.add_argument(
        "--pin",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="engine on one core, exporter and receiver on the other",
    )
    parser.add_argument("--outage", type=float, default=5.0)
    parser.add_argument("--report-events", type=int, default=100000)
    parser.add_argument("--only", choices=["throughput", "latency", "outage", "report"])
    parser.add_argument(
        "--sinks",
        default="",
        help="throughput: comma-separated subset of splunk,sentinel,webhook,otlp,syslog",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench" / "results" / "export.json",
        help="results file; --only updates its part and keeps the others",
    )
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": "shared by several helpers; medians",
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "load_average_at_start": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        tpl = template(tmp)
        if args.only in (None, "throughput"):
            results["throughput"] = throughput(args, tpl, tmp)
        if args.only in (None, "latency"):
            results["decision_latency"] = decision_latency(args, tpl, tmp)
            print(json.dumps(results["decision_latency"]), flush=True)
        if args.only in (None, "outage"):
            results["outage"] = outage(args, tpl, tmp)
            print(json.dumps(results["outage"]), flush=True)
        if args.only in (None, "report"):
            results["report"] = report_time(args, tpl, tmp)
    out: Path = args.out
    with contextlib.suppress(OSError):
        # --only updates its part and keeps the others' last figures.
        merged = json.loads(out.read_text()) if out.exists() and args.only else {}
        merged.update(results)
        out.write_text(json.dumps(merged, indent=1) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
