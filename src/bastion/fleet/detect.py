"""Fleet detection workers: correlate what no single machine can see.

A worker is a durable JetStream pull consumer (``bastion-detect``) on the audit stream,
beside the ingest consumer: it reads the same batches, checks that each one is signed by
an enrolled, active device (a batch nobody vouches for is left to ingest, which records
the rejection), and turns entries into *sightings* (kind, value, host) kept in
PostgreSQL. A value of one kind seen on a second host is a finding; findings are rows of
``findings`` (deduplicated by key, so a redelivered batch or two workers raise one).

Sightings read from the signed entries:

- ``device-host``: the host a device's sessions run on (their attribution entries). One
  device identity (its audit log key) on two hosts is a copied home: one identity used
  from two hosts.
- ``agent-instance`` and ``credential``: an agent instance id or credential id (``jti``)
  named in an event's identity block (``data.identity``: the daemon writes it with the
  host into the first entry of a session that names a new credential), on two hosts.
- ``secret``: fleet-keyed secret fingerprints in a finding's evidence
  (``evidence.fleet_fingerprints``): the same secret leaving two machines.
- the device's report of a policy bundle (``fleet.bundle.applied`` / ``.failed``
  entries): stored per device and version; a failure is a finding.

What the daemon records today carries all but the secret fingerprints; see docs/fleet.md.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import nats
import orjson
from cryptography.exceptions import InvalidSignature
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig

from bastion.audit.checkpoint import verify_note
from bastion.audit.errors import AuditError
from bastion.audit.note import VerifierKey
from bastion.fleet.batch import Batch, decode
from bastion.fleet.control import BUNDLE_APPLIED, BUNDLE_FAILED
from bastion.fleet.errors import BatchFormatError
from bastion.fleet.stream import DEFAULT_STREAM, ensure_stream
from bastion.store.fleet_plane import DATABASE_ERRORS, FleetTables

__all__ = ["DURABLE", "DetectStats", "Detector", "Sighting", "sightings"]

DURABLE = "bastion-detect"
_OUTAGES: tuple[type[Exception], ...] = (NatsError, *DATABASE_ERRORS)
_log = logging.getLogger(__name__)

# kind -> (finding kind, severity, what it means)
RULES = {
    "device-host": (
        "fleet.identity-two-hosts",
        "high",
        "one device identity (its audit log key) records sessions on two hosts: a copied home",
    ),
    "agent-instance": (
        "fleet.identity-two-hosts",
        "high",
        "one agent instance identity is used from two hosts",
    ),
    "credential": (
        "fleet.credential-two-hosts",
        "critical",
        "one credential is used from two hosts",
    ),
    "secret": (
        "fleet.secret-two-machines",
        "critical",
        "the same secret (by its fleet fingerprint) leaves two machines",
    ),
}


@dataclass(frozen=True, slots=True)
class Sighting:
    kind: str
    value: str
    host: str
    session_id: str = ""
    # A secret's fingerprints under every fleet key the sender held (round 12: a rotation
    # overlap): one secret, so at most one finding per set of hosts among them.
    group: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BundleReport:
    version: int
    status: str
    detail: str


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def sightings(entry: bytes, fallback_host: str) -> Iterator[Sighting | BundleReport]:
    """What one log entry shows (see the module's docstring); never raises on content."""
    try:
        parsed = _dict(orjson.loads(entry))
    except orjson.JSONDecodeError:
        return
    event = _dict(parsed.get("event"))
    data = _dict(event.get("data"))
    session = str(event.get("session_id") or "")
    control = data.get("control")
    if control == "SessionAttribution":
        host = str(_dict(data.get("attribution")).get("host") or "")
        if host:
            yield Sighting("device-host", "", host, session)
    elif control == "ControlAction" and data.get("action") in (BUNDLE_APPLIED, BUNDLE_FAILED):
        version = data.get("version")
        if isinstance(version, int) and not isinstance(version, bool):
            status = "applied" if data["action"] == BUNDLE_APPLIED else "failed"
            detail = "; ".join(str(e) for e in data.get("errors") or [])[:2000]
            yield BundleReport(version, status, detail)
    identity = _dict(data.get("identity"))
    host = (
        str(_dict(data.get("principals")).get("host") or "")
        or str(identity.get("host") or "")
        or fallback_host
    )
    for key, kind in (("agent_instance", "agent-instance"), ("jti", "credential")):
        value = identity.get(key)
        if isinstance(value, str) and value:
            yield Sighting(kind, value, host, session)
    for finding in parsed.get("findings") or []:
        prints = _dict(_dict(finding).get("evidence")).get("fleet_fingerprints") or []
        group = tuple(fp for fp in prints if isinstance(fp, str) and fp)
        for fp in group if isinstance(prints, list) else ():
            yield Sighting("secret", fp, host, session, group)


@dataclass(slots=True)
class DetectStats:
    batches: int = 0
    sightings: int = 0
    findings: int = 0
    skipped: int = 0
    kinds: list[str] = field(default_factory=list)


class Detector:
    """One detection worker (stateless: any number share the durable consumer)."""

    def __init__(
        self, tables: FleetTables, nats_url: str, *, stream: str = DEFAULT_STREAM, fetch: int = 16
    ) -> None:
        self.tables = tables
        self.nats_url = nats_url
        self.stream = stream
        self.fetch = fetch
        self.stats = DetectStats()
        self._hosts: dict[str, str] = {}  # device -> the last host its sessions named

    def _trusted(self, batch: Batch) -> bool:
        device = self.tables.device(batch.origin)
        if device is None or device.status != "active":
            return False
        key = VerifierKey.parse(device.vkey)
        try:
            verify_note(batch.note, {key.name: key.public_key}, origin=batch.origin)
        except (AuditError, InvalidSignature, ValueError):
            return False
        return True

    def handle(self, data: bytes) -> int:
        """Read one batch; returns the number of new findings (blocking: a thread)."""
        try:
            batch = decode(data)
        except BatchFormatError:
            self.stats.skipped += 1
            return 0
        if not self._trusted(batch):
            self.stats.skipped += 1
            return 0
        self.stats.batches += 1
        new = 0
        origin = batch.origin
        for offset, entry in enumerate(batch.entries):
            raised: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
            for seen in sightings(entry, self._hosts.get(origin, "")):
                if isinstance(seen, BundleReport):
                    self.tables.report_bundle(origin, seen.version, seen.status, seen.detail)
                    if seen.status == "failed":
                        new += self._finding(
                            f"bundle-failed:{origin}:{seen.version}",
                            "fleet.bundle-failed",
                            "high",
                            [origin],
                            {
                                "device": origin,
                                "version": seen.version,
                                "errors": seen.detail,
                                "why": "a device failed to apply a policy bundle: it runs "
                                "an older policy than the fleet's",
                            },
                        )
                    continue
                self.stats.sightings += 1
                value = seen.value or origin  # device-host: the device is the identity
                if seen.kind == "device-host":
                    self._hosts[origin] = seen.host
                places = self.tables.sight(seen.kind, value, seen.host, origin)
                hosts = sorted({h for h, _d in places})
                if seen.group and (seen.group, tuple(hosts)) in raised:
                    continue  # the same secret under another epoch's key: one finding
                if len(hosts) > 1:
                    if seen.group:
                        raised.add((seen.group, tuple(hosts)))
                    kind, severity, why = RULES[seen.kind]
                    new += self._finding(
                        f"{seen.kind}:{value}:{'|'.join(hosts)}",
                        kind,
                        severity,
                        [d for _h, d in places],
                        {
                            "what": seen.kind,
                            "value": value,
                            "hosts": hosts,
                            "devices": sorted({d for _h, d in places}),
                            "leaf": batch.start + offset,
                            "session_id": seen.session_id,
                            "why": why,
                        },
                    )
        return new

    def _finding(
        self, key: str, kind: str, severity: str, devices: list[str], detail: dict[str, Any]
    ) -> int:
        if self.tables.add_finding(key, kind, severity, devices, detail):
            self.stats.findings += 1
            self.stats.kinds.append(kind)
            return 1
        return 0

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop``; acknowledge each batch after its sightings and
        findings are committed (a crash redelivers it; the rows are idempotent)."""
        nc = await nats.connect(self.nats_url, max_reconnect_attempts=-1)
        try:
            js = nc.jetstream()
            await ensure_stream(js, self.stream)
            sub = await js.pull_subscribe(
                f"{self.stream}.audit.>",
                durable=DURABLE,
                stream=self.stream,
                config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, ack_wait=30.0),
            )
            while not stop.is_set():
                try:
                    msgs = await sub.fetch(self.fetch, timeout=0.5)
                except (NatsTimeout, TimeoutError):
                    continue
                try:
                    for msg in msgs:
                        await self._one(msg)
                except _OUTAGES as exc:
                    _log.warning("detection paused (%s); retrying", exc)
                    await asyncio.sleep(1.0)
        finally:
            await nc.close()

    async def _one(self, msg: Msg) -> None:
        await asyncio.to_thread(self.handle, msg.data)
        await msg.ack_sync()
