"""OpenTelemetry traces over OTLP/HTTP (protobuf), one POST per batch.

Spans are the OpenTelemetry SDK's ``ReadableSpan``s made by
`bastion.export.otel.TraceBuilder` (session = trace; invoke_agent, execute_tool,
apply_guardrail) and encoded by `bastion.export.otlp_wire` (the SDK encoder's bytes at a
quarter of its CPU; that module gives the figures). The POST is ours rather than the SDK's
``OTLPSpanExporter.export``: that one encodes with the SDK's encoder, retries on its own and
answers only success or failure, where the delivery engine needs the HTTP status to choose
between retrying and dead-lettering. ``prepare`` builds spans in log order (the builder
keeps each session's open calls), so it runs on the worker's own thread; ``deliver``
only POSTs bytes, so the next batch is built while one is in flight. A non-2xx answer is
a `SinkError` (retryable unless it refuses the content: 400, 413, 422) and the delivery
engine sends the same bytes again; derived span ids make a resend the same spans.
``headers_env`` names an environment variable holding ``key=value,key=value`` headers
(an API key), never logged.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Sequence

import httpx

from bastion.export.config import ExportConfigError, SinkConfig
from bastion.export.ocsf import SessionBook
from bastion.export.otel import TraceBuilder
from bastion.export.sinks.base import (
    Sink,
    http_client,
    http_failure,
    transport_failure,
)
from bastion.store.export_log import LogItem


class OtlpSink(Sink):
    pipelined = True

    def __init__(self, config: SinkConfig) -> None:
        self.name = config.name
        endpoint = str(config.require("url")).rstrip("/")
        if not endpoint.endswith("/v1/traces"):
            endpoint += "/v1/traces"
        self.endpoint = endpoint
        self._headers = {"Content-Type": "application/x-protobuf"}
        env = config.get("headers_env")
        if env:
            for part in os.environ.get(str(env), "").split(","):
                if "=" in part:
                    key, value = part.split("=", 1)
                    self._headers[key.strip()] = value.strip()
        compression = str(config.get("compression", "none")).lower()
        if compression not in ("none", "gzip"):
            raise ExportConfigError(
                f"config.toml: sink {self.name!r} (otlp): compression = {compression!r}; "
                'use "none" or "gzip"'
            )
        self._gzip = compression == "gzip"
        if self._gzip:
            self._headers["Content-Encoding"] = "gzip"
        self._client = http_client(config, timeout=5.0)
        self._builder: TraceBuilder | None = None

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> bytes:
        if self._builder is None or self._builder.book is not book:
            self._builder = TraceBuilder(book=book)
        spans = self._builder.add_all(items)
        if not spans:
            return b""
        body = self._builder.encode(spans)
        return gzip.compress(body, compresslevel=5) if self._gzip else body

    def deliver(self, payload: bytes) -> None:
        if not payload:
            return
        try:
            response = self._client.post(self.endpoint, content=payload, headers=self._headers)
        except httpx.HTTPError as exc:
            raise transport_failure(self.name, exc) from None
        if response.status_code >= 300:
            raise http_failure(self.name, response)

    def close(self) -> None:
        self._client.close()
