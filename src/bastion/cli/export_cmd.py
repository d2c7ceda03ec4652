"""``bastion export``: the record as OCSF or OTLP/JSON, and delivery to SIEM sinks.

Mounted by ``bastion.cli.main``. ``ocsf`` and ``otel`` print (for scripts, tests and
one-off loads); ``run`` delivers to the sinks of ``config.toml`` from their positions;
``status`` shows the positions; ``reset`` moves one back for a replay.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from bastion.cli.options import HomeOption, JsonOption
from bastion.cli.views import SinkStatus
from bastion.config import Home
from bastion.errors import BastionError

app = typer.Typer(
    help="Send the record to a SIEM: OCSF events, OpenTelemetry traces, delivery to sinks "
    "(Splunk HEC, Microsoft Sentinel, syslog/CEF, webhooks, OTLP). See docs/export.md.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)

SessionOption = Annotated[
    str | None,
    typer.Option("--session", help="Only this session (its full id)."),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Only events at or after this time: ISO 8601 (2025-01-31T12:00:00Z) or a span "
        "back from now (90m, 12h, 30d).",
    ),
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Only events before this time (same forms).")
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _open(home: Path | None) -> tuple[Home, Any]:
    from bastion.store import Store

    h = Home.resolve(home).ensure()
    try:
        return h, Store(h.database_url, checkpoint_seconds=0)
    except BastionError as exc:
        raise _fail(str(exc)) from exc


def _window(since: str | None, until: str | None) -> tuple[float | None, float | None]:
    from bastion.export.times import parse_time

    try:
        return parse_time(since), parse_time(until)
    except BastionError as exc:
        raise _fail(str(exc), 2) from exc


def _session_id(store: Any, session: str | None) -> str | None:
    if not session:
        return None
    found = store.session(session)
    if found is None:
        raise _fail(f"no session {session!r}; `bastion sessions` lists them")
    return str(found["id"])


@app.command("ocsf")
def ocsf_cmd(
    session: SessionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    home: HomeOption = None,
) -> None:
    """Print the record as OCSF 1.8.0 events, one JSON object per line.

    Shell commands are Process Activity (1007), file reads and writes File System Activity
    (1001), network destinations Network Activity (4001), other tool calls and session
    events API Activity (6003), findings and denials Detection Finding (2004). Each
    event's metadata.uid is its log entry's leaf hash: the key to drop duplicates on.
    """
    import orjson

    from bastion.export.ocsf import SessionBook, to_ocsf_safe
    from bastion.export.source import session_context
    from bastion.store.export_log import iter_log

    start, end = _window(since, until)
    _h, store = _open(home)
    out = sys.stdout.buffer
    try:
        sid = _session_id(store, session)
        with store.engine.connect() as conn:
            book = SessionBook(fallback=lambda s: session_context(conn, s))
            for item in iter_log(conn, session_id=sid, since=start, until=end):
                entry = item.parsed()
                book.learn(entry["event"])
                for event in to_ocsf_safe(entry, item.key, book.get(item.session_id)):
                    out.write(orjson.dumps(event) + b"\n")
    finally:
        store.close()


@app.command("otel")
def otel_cmd(
    session: SessionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    home: HomeOption = None,
) -> None:
    """Print the record as OpenTelemetry traces in OTLP/JSON, one request per line.

    A session is a trace: an invoke_agent span (written when the session ends),
    execute_tool spans for tool calls and apply_guardrail spans for Bastion's checks,
    with the gen_ai.guardrail.result event. Each line is an ExportTraceServiceRequest
    that `curl -H 'Content-Type: application/json' --data @- <collector>/v1/traces` takes.
    """
    from bastion.export.ocsf import SessionBook
    from bastion.export.otel import TraceBuilder, dumps, otlp_json
    from bastion.export.source import session_context
    from bastion.store.export_log import PAGE, iter_log

    start, end = _window(since, until)
    _h, store = _open(home)
    try:
        sid = _session_id(store, session)
        with store.engine.connect() as conn:
            builder = TraceBuilder(book=SessionBook(fallback=lambda s: session_context(conn, s)))
            items = iter_log(conn, session_id=sid, since=start, until=end)
            for count, item in enumerate(items, 1):
                builder.add(item)
                if count % PAGE == 0:
                    _print_spans(builder.take(), otlp_json, dumps)
            _print_spans(builder.take(), otlp_json, dumps)
    finally:
        store.close()


def _print_spans(spans: list[Any], encode: Any, dumps: Any) -> None:
    if spans:
        sys.stdout.write(dumps(encode(spans)) + "\n")


@app.command("run")
def run_cmd(
    sink: Annotated[
        list[str] | None,
        typer.Option("--sink", help="Only this sink (repeat for several); default: all."),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Deliver what the log holds now, then exit.")
    ] = False,
    nice: Annotated[
        int,
        typer.Option(
            "--nice",
            min=0,
            max=19,
            help="Lower this process's CPU priority by this much, so the daemon's decisions "
            "come first on a busy machine (0: unchanged).",
        ),
    ] = 10,
    home: HomeOption = None,
) -> None:
    """Deliver the record to the sinks of config.toml ([[export.sink]]), at least once.

    Each sink resumes from its own position in the store; a receiver that is down is
    retried with backoff while the position holds; entries it refuses go to
    <home>/export-dead-letter/<sink>.jsonl. Runs apart from the daemon, so a slow or
    dead sink never slows a decision. Stop with Ctrl-C (or SIGTERM).
    """
    from bastion.export import config as export_config
    from bastion.export.delivery import run_forever, workers

    if nice:
        import os

        os.nice(nice)
    h, store = _open(home)
    try:
        conf = export_config.load(h.settings().extra)
        if not conf.sinks:
            raise _fail(
                "config.toml has no [[export.sink]]; docs/export.md shows one for each receiver"
            )
        found = workers(store.engine, conf, h.root, sink or ())
    except BastionError as exc:
        store.close()
        raise _fail(str(exc)) from exc
    try:
        if once:
            for w in found:
                started = time.monotonic()
                moved = w.drain()
                console.print(
                    f"{w.sink.name}: {moved} entries ({w.stats.delivered} delivered, "
                    f"{w.stats.dead} dead-lettered) in {time.monotonic() - started:.2f}s"
                )
                w.close()
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        names = ", ".join(w.sink.name for w in found)
        err.print(f"delivering to {names}; Ctrl-C stops")
        run_forever(found, stop)
    finally:
        store.close()


@app.command("status")
def status_cmd(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Each sink's position in the log, counts, and its last error."""
    import json

    from bastion.export import config as export_config
    from bastion.store import export_positions
    from bastion.store.export_log import last_seq

    h, store = _open(home)
    try:
        conf = export_config.load(h.settings().extra)
        positions = {p.sink: p for p in export_positions.all_positions(store.engine)}
        with store.engine.connect() as conn:
            head = last_seq(conn)
    finally:
        store.close()
    names = [s.name for s in conf.sinks] + [n for n in positions if n not in conf.sink_names()]
    rows: list[SinkStatus] = []
    for name in names:
        p = positions.get(name)
        rows.append(
            SinkStatus(
                sink=name,
                configured=name in conf.sink_names(),
                seq=p.seq if p else 0,
                behind=head - (p.seq if p else 0),
                delivered=p.delivered if p else 0,
                dead_lettered=p.dead_lettered if p else 0,
                last_error=p.last_error if p else "",
            )
        )
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table("sink", "position", "behind", "delivered", "dead-lettered", "last error")
    for r in rows:
        table.add_row(
            r["sink"] + ("" if r["configured"] else " (not configured)"),
            str(r["seq"]),
            str(r["behind"]),
            str(r["delivered"]),
            str(r["dead_lettered"]),
            r["last_error"][:80],
        )
    console.print(table)


@app.command("reset")
def reset_cmd(
    sink: Annotated[str, typer.Argument(help="The sink's name in config.toml.")],
    seq: Annotated[int, typer.Option("--seq", help="Deliver again from after this seq.")] = 0,
    home: HomeOption = None,
) -> None:
    """Move a sink's position back, so `bastion export run` delivers again from there."""
    from bastion.store import export_positions

    _h, store = _open(home)
    try:
        export_positions.reset(store.engine, sink, seq)
    finally:
        store.close()
    console.print(f"{sink}: position set to {seq}")
