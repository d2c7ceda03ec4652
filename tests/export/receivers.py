"""Receivers on loopback that speak each sink's protocol and check what arrives.

- `SplunkHec`: the HTTP Event Collector's batch endpoint and indexer acknowledgement
  (``/services/collector/event``, ``/services/collector/ack``), validating every OCSF
  event against the pinned schema;
- `Webhook`: checks the HMAC signature of each request;
- `SentinelStandIn`: Microsoft Entra ID's client-credentials token endpoint and the
  Logs Ingestion API's DCR stream endpoint. Sentinel's cloud cannot be reached from
  here, so this stand-in checks the request shape and the authentication flow only;
- `OtlpHttp`: OTLP/HTTP ``/v1/traces``, decoding the protobuf with opentelemetry-proto.

Each can be told to be down (503, or not listening) or to refuse events holding a marker
(400), for the delivery tests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson
from export_support import assert_valid_ocsf


class Receiver:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.requests = 0
        self.down = False
        self.refuse_marker: str | None = None
        self.validate = True  # the benchmark turns schema checks off to time the sink
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                # Counts, for a benchmark that runs the receiver in its own process.
                # "unique" counts distinct metadata.uid (span ids for OTLP): the
                # benchmark checks every event arrived, not only that something did.
                with owner.lock:
                    spans = getattr(owner, "spans", [])
                    counts = {
                        "events": len(owner.events),
                        "spans": len(spans),
                        "unique": len(
                            {(s.trace_id, s.span_id) for s in spans} if spans else set(owner.uids())
                        ),
                        "requests": owner.requests,
                    }
                self._reply(200, json.dumps(counts).encode())

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with owner.lock:
                    owner.requests += 1
                if owner.down:
                    self._reply(503, b'{"text":"down"}')
                    return
                code, out = owner.handle(self.path, self.headers, body)  # type: ignore[arg-type]
                self._reply(code, out)

            def _reply(self, code: int, body: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        raise NotImplementedError

    def uids(self) -> list[str]:
        return [e["metadata"]["uid"] for e in self.events]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _concatenated_json(body: bytes) -> list[Any]:
    """HEC's batch format: JSON objects one after another, any whitespace between.
    One object a line (what Bastion sends) parses fast with orjson; anything else
    falls back to the stdlib's incremental decoder, which accepts every valid batch."""
    try:
        return [orjson.loads(line) for line in body.split(b"\n") if line.strip()]
    except orjson.JSONDecodeError:
        pass
    decoder = json.JSONDecoder()
    text = body.decode()
    out = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos] in " \n\r\t":
            pos += 1
        if pos >= len(text):
            break
        obj, pos = decoder.raw_decode(text, pos)
        out.append(obj)
    return out


class SplunkHec(Receiver):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.next_ack = 0
        self.pending: dict[int, list[dict[str, Any]]] = {}
        self.polls: dict[int, int] = {}
        self.acked: set[int] = set()
        self.channels: set[str] = set()
        self.most_pending = 0  # batches awaiting their ack at once, at most
        self.hold_acks = False  # True: nothing is indexed until it is set back to False

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        if headers.get("Authorization") != f"Splunk {self.token}":
            return 401, b'{"text":"Invalid token","code":4}'
        channel = headers.get("X-Splunk-Request-Channel")
        if not channel:
            return 400, b'{"text":"Data channel is missing","code":10}'
        if path == "/services/collector/event":
            text = body.decode()
            batch = []
            for obj in _concatenated_json(body):
                assert set(obj) <= {"time", "host", "source", "sourcetype", "index", "event"}
                assert obj["sourcetype"] == "ocsf:1.8.0"
                if self.validate:
                    assert_valid_ocsf(obj["event"])
                batch.append(obj["event"])
            if self.refuse_marker and self.refuse_marker in text:
                return 400, b'{"text":"Invalid data format","code":6}'
            with self.lock:
                ack = self.next_ack
                self.next_ack += 1
                self.pending[ack] = batch
                self.most_pending = max(self.most_pending, len(self.pending))
                self.channels.add(channel)
            return 200, json.dumps({"text": "Success", "code": 0, "ackId": ack}).encode()
        if path == "/services/collector/ack":
            asked = json.loads(body)["acks"]
            out = {}
            with self.lock:
                for ack in asked:
                    # Indexed only at the second poll: the sink must wait for true.
                    self.polls[ack] = self.polls.get(ack, 0) + 1
                    if self.polls[ack] >= 2 and ack in self.pending and not self.hold_acks:
                        self.events.extend(self.pending.pop(ack))
                        self.acked.add(ack)
                    out[str(ack)] = ack in self.acked
            return 200, json.dumps({"acks": out}).encode()
        return 404, b"{}"


class Webhook(Receiver):
    def __init__(self, secret: bytes) -> None:
        super().__init__()
        self.secret = secret
        self.bad_signatures = 0

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        stamp = headers.get("X-Bastion-Timestamp", "")
        want = (
            "sha256="
            + hmac.new(self.secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        )
        if not hmac.compare_digest(want, headers.get("X-Bastion-Signature", "")):
            self.bad_signatures += 1
            return 401, b"{}"
        assert headers.get("Idempotency-Key")
        events = orjson.loads(body)["events"]
        if self.refuse_marker and self.refuse_marker in body.decode():
            return 422, b"{}"
        for event in events if self.validate else ():
            assert_valid_ocsf(event)
        with self.lock:
            self.events.extend(events)
        return 200, b"{}"


class SentinelStandIn(Receiver):
    """Not Sentinel: a local stand-in for Entra ID's token endpoint and the Logs Ingestion
    API, checking the request shape and the client-credentials flow."""

    def __init__(self, tenant: str, client_id: str, secret: str, dcr: str, stream: str) -> None:
        super().__init__()
        self.tenant, self.client_id, self.secret = tenant, client_id, secret
        self.dcr, self.stream = dcr, stream
        self.tokens_issued = 0
        self.valid: set[str] = set()

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        url = urllib.parse.urlsplit(path)
        if url.path == f"/{self.tenant}/oauth2/v2.0/token":
            form = dict(urllib.parse.parse_qsl(body.decode()))
            if form.get("grant_type") != "client_credentials" or form.get("scope") != (
                "https://monitor.azure.com/.default"
            ):
                return 400, b'{"error":"invalid_request"}'
            if form.get("client_id") != self.client_id or form.get("client_secret") != self.secret:
                return 401, b'{"error":"invalid_client"}'
            with self.lock:
                self.tokens_issued += 1
                token = f"tok{self.tokens_issued}"
                self.valid.add(token)
            return 200, json.dumps({"access_token": token, "expires_in": 3599}).encode()
        if url.path == f"/dataCollectionRules/{self.dcr}/streams/{self.stream}":
            if urllib.parse.parse_qs(url.query).get("api-version") != ["2023-01-01"]:
                return 400, b'{"error":"api-version"}'
            auth = headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or auth[7:] not in self.valid:
                return 401, b'{"error":"InvalidToken"}'
            records = orjson.loads(body)
            assert isinstance(records, list) and len(body) <= 1_000_000
            for rec in records:
                assert set(rec) == {
                    "TimeGenerated",
                    "EventUid",
                    "ClassUid",
                    "ClassName",
                    "SeverityId",
                    "SessionId",
                    "Ocsf",
                }
                assert rec["TimeGenerated"].endswith("Z")
                if self.validate:
                    assert_valid_ocsf(rec["Ocsf"])
            with self.lock:
                self.events.extend(r["Ocsf"] for r in records)
            return 204, b""
        return 404, b"{}"


class OtlpHttp(Receiver):
    def __init__(self) -> None:
        super().__init__()
        self.spans: list[Any] = []
        self.resources: list[Any] = []
        self.encodings: set[str] = set()

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTraceServiceRequest,
            ExportTraceServiceResponse,
        )

        if path != "/v1/traces" or headers.get("Content-Type") != "application/x-protobuf":
            return 415, b""
        encoding = headers.get("Content-Encoding") or ""
        if encoding == "gzip":
            import gzip

            body = gzip.decompress(body)
        elif encoding:
            return 415, b""
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        with self.lock:
            self.encodings.add(encoding)
            for rs in request.resource_spans:
                self.resources.append(rs.resource)
                for ss in rs.scope_spans:
                    self.spans.extend(ss.spans)
        return 200, ExportTraceServiceResponse().SerializeToString()


def serve(kind: str, secret: str) -> None:
    """Run one receiver in this process until killed, printing its URL first (benchmarks)."""
    import sys
    import time

    made: Receiver
    if kind == "splunk":
        made = SplunkHec(secret)
    elif kind == "webhook":
        made = Webhook(secret.encode())
    elif kind == "sentinel":
        made = SentinelStandIn("t", "c", secret, "dcr", "Custom-Bastion")
    else:
        made = OtlpHttp()
    made.validate = False
    print(made.url, flush=True)
    sys.stdout.close()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    import sys

    serve(sys.argv[1], sys.argv[2])
