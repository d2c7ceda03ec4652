"""Can the OpenTelemetry SDK's OTLP exporter carry Bastion's spans at 10,000 spans/s?

Issue #18 asks for the SDK and its OTLP exporter rather than OTLP written by hand. Bastion
builds the SDK's own ``ReadableSpan`` objects directly from the log (no tracer, no
context), so what is left to choose is the encoder and the HTTP client. Two measurements,
on a log of ``--events`` entries (copies of two sessions the real engine recorded):

(a) CPU per span of each stage, no network (``time.process_time``, minimum of
    ``--repeat`` passes, the two encoders interleaved): reading and parsing the log,
    building the spans, the SDK's ``encode_spans`` + ``SerializePartialToString``, and
    ``bastion.export.otlp_wire.encode_request`` (checked to give the same bytes).
(b) Spans/s through a delivery worker (`bastion.export.delivery.Worker.drain`, batch
    ``--batch``) to an OTLP/HTTP receiver in its own process on 127.0.0.1 that decodes
    every request, three ways, interleaved round by round:
    - ``sdk_exporter``: the SDK's ``OTLPSpanExporter`` (HTTP/protobuf), one instance and
      so one reused ``requests`` session, ``export(spans)`` per batch;
    - ``sdk_encoder``: the shipped sink's HTTP client with the SDK's ``encode_spans``;
    - ``shipped``: the shipped sink (``otlp_wire``).
    Each run must deliver every span (the receiver's count).

Writes ``bench/results/otlp-sdk.json``. Usage: python bench/otlp_sdk_bench.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "export"))

from export_bench import fill, remote, template  # noqa: E402
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans  # noqa: E402
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter  # noqa: E402
from opentelemetry.sdk.trace.export import SpanExportResult  # noqa: E402

from bastion.export.config import ExportConfig, SinkConfig  # noqa: E402
from bastion.export.delivery import Worker  # noqa: E402
from bastion.export.ocsf import SessionBook  # noqa: E402
from bastion.export.otel import TraceBuilder  # noqa: E402
from bastion.export.otlp_wire import encode_request  # noqa: E402
from bastion.export.sinks.base import Sink, SinkError  # noqa: E402
from bastion.export.sinks.otlp import OtlpSink  # noqa: E402
from bastion.store import Store, export_positions  # noqa: E402
from bastion.store.export_log import LogItem, read_page  # noqa: E402


class SdkEncoderSink(OtlpSink):
    """The shipped sink, but encoding with the SDK's ``encode_spans``."""

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> bytes:
        if self._builder is None or self._builder.book is not book:
            self._builder = TraceBuilder(book=book)
        spans = self._builder.add_all(items)
        return encode_spans(spans).SerializePartialToString() if spans else b""


class SdkExporterSink(Sink):
    """The SDK's ``OTLPSpanExporter`` end to end: spans built here, ``export`` per batch."""

    pipelined = True

    def __init__(self, url: str) -> None:
        self.name = "otel"
        self.exporter = OTLPSpanExporter(endpoint=url + "/v1/traces", timeout=5)
        self._builder: TraceBuilder | None = None

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> Any:
        if self._builder is None or self._builder.book is not book:
            self._builder = TraceBuilder(book=book)
        return self._builder.add_all(items)

    def deliver(self, payload: Any) -> None:
        if payload and self.exporter.export(payload) is not SpanExportResult.SUCCESS:
            raise SinkError("the SDK exporter reported a failure")

    def close(self) -> None:
        self.exporter.shutdown()


def stage_costs(store: Store, repeat: int) -> dict[str, Any]:
    def best(fn: Callable[[], Any]) -> tuple[float, Any]:
        t = time.process_time()
        got = fn()
        return time.process_time() - t, got

    read: list[float] = []
    build: list[float] = []
    ours: list[float] = []
    sdk: list[float] = []
    for _ in range(repeat):
        with store.engine.connect() as conn:
            t, items = best(lambda conn=conn: read_page(conn, 0, 10**9))
        t2, _ = best(lambda items=items: [i.parsed() for i in items])
        read.append(t + t2)
        t, spans = best(lambda items=items: TraceBuilder(book=SessionBook()).add_all(items))
        build.append(t)
        t, mine = best(lambda spans=spans: encode_request(spans))
        ours.append(t)
        t, theirs = best(lambda spans=spans: encode_spans(spans).SerializePartialToString())
        sdk.append(t)
        if mine != theirs:
            raise SystemExit("otlp_wire and encode_spans disagree on the same spans")
    n = len(spans)

    def us(xs: list[float]) -> float:
        return round(min(xs) / n * 1e6, 1)

    return {
        "entries": len(items),
        "spans": n,
        "cpu_us_per_span_min_of_runs": {
            "read_and_parse_log": us(read),
            "build_readable_spans": us(build),
            "sdk_encode_spans_and_serialize": us(sdk),
            "otlp_wire_encode_request": us(ours),
        },
        "same_bytes": True,
    }


def through_sink(store: Store, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    runs: dict[str, list[dict[str, float]]] = {"sdk_exporter": [], "sdk_encoder": [], "shipped": []}
    with remote("otlp") as (url, count):
        conf = SinkConfig("otel", "otlp", {"url": url})
        before = count("spans")
        for _ in range(args.repeat):
            for mode in runs:
                sink: Sink
                if mode == "sdk_exporter":
                    sink = SdkExporterSink(url)
                elif mode == "sdk_encoder":
                    sink = SdkEncoderSink(conf)
                else:
                    sink = OtlpSink(conf)
                export_positions.reset(store.engine, "otel")
                worker = Worker(
                    store.engine, sink, ExportConfig(sinks=[conf], batch=args.batch), tmp / "dead"
                )
                started, cpu = time.perf_counter(), time.process_time()
                worker.drain()
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                worker.close()
                after = count("spans")
                runs[mode].append({"spans": after - before, "seconds": seconds, "cpu": cpu})
                before = after
                print(mode, runs[mode][-1], flush=True)
    spans = {r["spans"] for rs in runs.values() for r in rs}
    if len(spans) != 1:
        raise SystemExit(f"runs delivered different span counts: {runs}")
    (n,) = spans
    out: dict[str, Any] = {"spans_per_run": n}
    for mode, rs in runs.items():
        out[mode] = {
            "spans_per_s_median": round(statistics.median(n / r["seconds"] for r in rs)),
            "spans_per_exporter_cpu_s_median": round(statistics.median(n / r["cpu"] for r in rs)),
            "runs_spans_per_s": [round(n / r["seconds"]) for r in rs],
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import opentelemetry.sdk.version as sdk_version
    from google.protobuf.internal import api_implementation

    results: dict[str, Any] = {
        "machine": "2 cores shared by several helpers",
        "args": vars(args),
        "opentelemetry_sdk": sdk_version.__version__,
        "protobuf_backend": api_implementation.Type(),
        "load_average_at_start": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        store = Store(f"sqlite:///{tmp / 'otlp.db'}", checkpoint_seconds=0)
        fill(store, template(tmp), args.events)
        results["stages"] = stage_costs(store, args.repeat)
        print(json.dumps(results["stages"]), flush=True)
        results["through_the_sink"] = through_sink(store, args, tmp)
        store.close()
    results["load_average_at_end"] = os.getloadavg()
    out = ROOT / "bench" / "results" / "otlp-sdk.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results["through_the_sink"], indent=1))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
