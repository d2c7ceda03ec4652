"""OpenTelemetry traces over OTLP/HTTP (protobuf), sent by the SDK's own exporter.

Spans are made by `bastion.export.otel.TraceBuilder` (session = trace; invoke_agent,
execute_tool, apply_guardrail) and handed to ``OTLPSpanExporter.export``; a FAILURE
result is a retryable `SinkError`, and the delivery engine sends the batch again (the
derived span ids make a resend the same spans). ``headers_env`` names an environment
variable holding ``key=value,key=value`` headers (an API key), never logged.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import SpanExportResult

from bastion.export.config import SinkConfig
from bastion.export.ocsf import SessionBook
from bastion.export.otel import TraceBuilder
from bastion.export.sinks.base import Sink, SinkError
from bastion.store.export_log import LogItem


class OtlpSink(Sink):
    def __init__(self, config: SinkConfig) -> None:
        self.name = config.name
        endpoint = str(config.require("url")).rstrip("/")
        if not endpoint.endswith("/v1/traces"):
            endpoint += "/v1/traces"
        headers: dict[str, str] = {}
        env = config.get("headers_env")
        if env:
            for part in os.environ.get(str(env), "").split(","):
                if "=" in part:
                    key, value = part.split("=", 1)
                    headers[key.strip()] = value.strip()
        self._exporter = OTLPSpanExporter(
            endpoint=endpoint,
            headers=headers or None,
            timeout=float(config.get("timeout_seconds", 5.0)),
            certificate_file=config.get("ca_file"),
        )
        self._builder: TraceBuilder | None = None

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> list[Any]:
        # Not pipelined: the builder keeps each session's open calls, in log order.
        if self._builder is None or self._builder.book is not book:
            self._builder = TraceBuilder(book=book)
        return self._builder.add_all(items)

    def deliver(self, payload: list[Any]) -> None:
        spans = payload
        if not spans:
            return
        result = self._exporter.export(spans)
        if result is not SpanExportResult.SUCCESS:
            raise SinkError(f"{self.name}: the OTLP receiver did not accept {len(spans)} spans")

    def close(self) -> None:
        self._exporter.shutdown()
