"""Splunk HTTP Event Collector: batched events, with indexer acknowledgement.

One POST to ``/services/collector/event`` carries the batch as concatenated JSON
objects (HEC's batch format), each ``{"time", "host", "source", "sourcetype", "event"}``
with the OCSF event inside and, when set, ``"index"``. With ``ack = true`` (the
default) the request names a channel (``X-Splunk-Request-Channel``), HEC answers with an
``ackId``, and the batch counts as delivered only once ``/services/collector/ack`` says
the indexers have it; until then, or after ``ack_timeout_seconds``, it is sent again
(at least once: searches dedupe on ``metadata.uid``, the leaf hash). ``window`` batches
(default 4) wait on their acks at once; HEC indexes them in any order and the exporter
still moves its position in log order.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
import orjson

from bastion.export.config import ExportConfigError, SinkConfig
from bastion.export.ocsf import OCSF_VERSION, SessionBook
from bastion.export.sinks.base import (
    Sink,
    SinkError,
    http_client,
    http_failure,
    ocsf_events,
    transport_failure,
)
from bastion.store.export_log import LogItem


class SplunkHecSink(Sink):
    def __init__(self, config: SinkConfig) -> None:
        self.name = config.name
        self.base = str(config.require("url")).rstrip("/")
        token = config.secret("token")
        assert token is not None
        self._auth = f"Splunk {token.reveal()}"
        self.index = config.get("index")
        self.source = str(config.get("source", "bastion"))
        self.sourcetype = str(config.get("sourcetype", f"ocsf:{OCSF_VERSION}"))
        self.ack = bool(config.get("ack", True))
        self.ack_timeout = float(config.get("ack_timeout_seconds", 30.0))
        self.ack_poll = float(config.get("ack_poll_seconds", 0.2))
        self.channel = str(config.get("channel") or uuid.uuid4())
        # Several batches wait on their acks at once: one batch in flight left the
        # exporter idle for an indexing round trip per batch (7.5k events/s on loopback).
        self.window = int(config.get("window", 4))
        if self.window < 1:
            raise ExportConfigError(
                f"config.toml: sink {self.name!r} (splunk_hec): window = {self.window}; "
                "it counts batches in flight, at least 1"
            )
        self._client = http_client(config)

    def _headers(self) -> dict[str, str]:
        headers = {"Authorization": self._auth, "Content-Type": "application/json"}
        if self.ack:
            headers["X-Splunk-Request-Channel"] = self.channel
        return headers

    def body(self, items: Sequence[LogItem], book: SessionBook) -> bytes:
        lines = []
        for event in ocsf_events(items, book):
            wrapped: dict[str, Any] = {
                "time": event["time"] / 1000,
                "host": event["device"]["hostname"],
                "source": self.source,
                "sourcetype": self.sourcetype,
                "event": event,
            }
            if self.index:
                wrapped["index"] = self.index
            lines.append(orjson.dumps(wrapped))
        return b"\n".join(lines)

    pipelined = True

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> bytes:
        return self.body(items, book)

    def deliver(self, payload: bytes) -> None:
        body = payload
        try:
            response = self._client.post(
                f"{self.base}/services/collector/event", content=body, headers=self._headers()
            )
        except httpx.HTTPError as exc:
            raise transport_failure(self.name, exc) from None
        if response.status_code >= 300:
            raise http_failure(self.name, response)
        if not self.ack:
            return
        try:
            ack_id = int(response.json()["ackId"])
        except (ValueError, KeyError, TypeError):
            raise SinkError(
                f"{self.name}: HEC answered without an ackId; enable indexer acknowledgement "
                "on the token, or set ack = false for this sink"
            ) from None
        self._wait_for_ack(ack_id)

    def _wait_for_ack(self, ack_id: int) -> None:
        """Poll soon, then back off to ``ack_poll_seconds``: an indexer that acknowledges
        within milliseconds is not made to wait a whole poll interval per batch."""
        deadline = time.monotonic() + self.ack_timeout
        pause = min(0.005, self.ack_poll)
        while True:
            try:
                response = self._client.post(
                    f"{self.base}/services/collector/ack",
                    content=json.dumps({"acks": [ack_id]}),
                    headers=self._headers(),
                )
            except httpx.HTTPError as exc:
                raise transport_failure(self.name, exc) from None
            if response.status_code >= 300:
                raise http_failure(self.name, response)
            acks = (response.json() or {}).get("acks") or {}
            if acks.get(str(ack_id)) is True:
                return
            if time.monotonic() >= deadline:
                raise SinkError(
                    f"{self.name}: the indexers did not acknowledge ackId {ack_id} within "
                    f"{self.ack_timeout:g}s; the batch will be sent again"
                )
            time.sleep(pause)
            pause = min(pause * 2, self.ack_poll)

    def close(self) -> None:
        self._client.close()
