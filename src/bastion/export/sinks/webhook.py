"""HMAC-signed webhooks: a batch of OCSF events as one JSON POST.

The body is ``{"events": [...]}``. ``X-Bastion-Timestamp`` is the send time (Unix
seconds) and ``X-Bastion-Signature`` is ``sha256=`` + hex HMAC-SHA256 over
``timestamp + "." + body`` with the shared secret, so a receiver can refuse a forged or
replayed request (compare in constant time; reject old timestamps). ``Idempotency-Key``
is the SHA-256 of the batch's leaf hashes; each event's own key is ``metadata.uid``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence

import httpx
import orjson

from bastion.export.config import SinkConfig
from bastion.export.ocsf import SessionBook
from bastion.export.sinks.base import (
    Sink,
    http_client,
    http_failure,
    ocsf_events,
    transport_failure,
)
from bastion.store.export_log import LogItem

SIGNATURE_HEADER = "X-Bastion-Signature"
TIMESTAMP_HEADER = "X-Bastion-Timestamp"


def signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """The value of `SIGNATURE_HEADER` for a request."""
    mac = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def batch_key(items: Sequence[LogItem]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(item.leaf)
    return digest.hexdigest()


class WebhookSink(Sink):
    def __init__(self, config: SinkConfig) -> None:
        self.name = config.name
        self.url = str(config.require("url"))
        secret = config.secret("secret")
        assert secret is not None
        self._secret = secret.reveal().encode()
        self._client = http_client(config)

    pipelined = True

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> tuple[bytes, str]:
        return orjson.dumps({"events": ocsf_events(items, book)}), batch_key(items)

    def deliver(self, payload: tuple[bytes, str]) -> None:
        body, key = payload
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: signature(self._secret, stamp, body),
            "Idempotency-Key": key,
        }
        try:
            response = self._client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise transport_failure(self.name, exc) from None
        if response.status_code >= 300:
            raise http_failure(self.name, response)

    def close(self) -> None:
        self._client.close()
