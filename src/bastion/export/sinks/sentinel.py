"""Microsoft Sentinel through the Azure Monitor Logs Ingestion API.

Authentication is OAuth 2.0 client credentials against Microsoft Entra ID
(``POST {authority}/{tenant}/oauth2/v2.0/token`` with ``scope =
https://monitor.azure.com/.default``); the token is cached until a minute before it
expires and fetched again after a 401. Records go to a data collection rule's stream:
``POST {endpoint}/dataCollectionRules/{dcr_id}/streams/{stream}?api-version=2023-01-01``,
a JSON array, at most about 1 MB per call (bigger batches are split); HTTP 204 is
success. Each record is ``{TimeGenerated, EventUid, ClassUid, ClassName, SeverityId,
SessionId, Ocsf}``: the DCR's stream declaration must have those columns (``Ocsf`` as
dynamic); docs/export.md shows one.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence
from typing import Any

import httpx
import orjson

from bastion.export.config import SinkConfig
from bastion.export.ocsf import SessionBook
from bastion.export.sinks.base import (
    Sink,
    SinkError,
    http_client,
    http_failure,
    ocsf_events,
    transport_failure,
)
from bastion.store.export_log import LogItem

API_VERSION = "2023-01-01"
SCOPE = "https://monitor.azure.com/.default"
MAX_BODY = 1_000_000


def record(event: dict[str, Any]) -> dict[str, Any]:
    when = datetime.datetime.fromtimestamp(event["time"] / 1000, datetime.UTC)
    return {
        "TimeGenerated": when.isoformat().replace("+00:00", "Z"),
        "EventUid": event["metadata"]["uid"],
        "ClassUid": event["class_uid"],
        "ClassName": event["class_name"],
        "SeverityId": event["severity_id"],
        "SessionId": event["metadata"]["correlation_uid"],
        "Ocsf": event,
    }


class SentinelSink(Sink):
    def __init__(self, config: SinkConfig) -> None:
        self.name = config.name
        self.endpoint = str(config.require("endpoint")).rstrip("/")
        self.dcr_id = str(config.require("dcr_immutable_id"))
        self.stream = str(config.require("stream"))
        self.tenant = str(config.require("tenant_id"))
        self.client_id = str(config.require("client_id"))
        secret = config.secret("client_secret")
        assert secret is not None
        self._secret = secret
        self.authority = str(
            config.get("authority_host", "https://login.microsoftonline.com")
        ).rstrip("/")
        self._client = http_client(config)
        self._token = ""
        self._expires = 0.0

    def _bearer(self, *, fresh: bool = False) -> str:
        if not fresh and self._token and time.time() < self._expires - 60:
            return self._token
        try:
            response = self._client.post(
                f"{self.authority}/{self.tenant}/oauth2/v2.0/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self._secret.reveal(),
                    "scope": SCOPE,
                },
            )
        except httpx.HTTPError as exc:
            raise transport_failure(self.name, exc) from None
        if response.status_code != 200:
            code = response.status_code
            raise SinkError(
                f"{self.name}: Entra ID refused the client credentials (HTTP {code}); check "
                "tenant_id, client_id and the secret, and the app's role on the DCR"
            )
        answer = response.json()
        self._token = str(answer["access_token"])
        self._expires = time.time() + float(answer.get("expires_in", 3600))
        return self._token

    pipelined = True

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> list[bytes]:
        return _chunks([record(e) for e in ocsf_events(items, book)])

    def deliver(self, payload: list[bytes]) -> None:
        for body in payload:
            self._post(body)

    def _post(self, body: bytes) -> None:
        url = (
            f"{self.endpoint}/dataCollectionRules/{self.dcr_id}/streams/{self.stream}"
            f"?api-version={API_VERSION}"
        )
        for attempt in (0, 1):
            headers = {
                "Authorization": f"Bearer {self._bearer(fresh=attempt == 1)}",
                "Content-Type": "application/json",
            }
            try:
                response = self._client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                raise transport_failure(self.name, exc) from None
            if response.status_code == 401 and attempt == 0:
                continue  # the token expired early or was revoked: fetch a new one once
            if response.status_code >= 300:
                raise http_failure(self.name, response)
            return

    def close(self) -> None:
        self._client.close()


def _chunks(records: list[dict[str, Any]]) -> list[bytes]:
    """JSON arrays under `MAX_BODY` bytes each."""
    out: list[bytes] = []
    current: list[bytes] = []
    size = 2
    for rec in records:
        text = orjson.dumps(rec)
        if current and size + len(text) + 1 > MAX_BODY:
            out.append(b"[" + b",".join(current) + b"]")
            current, size = [], 2
        current.append(text)
        size += len(text) + 1
    if current:
        out.append(b"[" + b",".join(current) + b"]")
    return out
