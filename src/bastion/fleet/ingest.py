"""Control-plane ingest: a durable JetStream pull consumer feeding `ControlPlane`.

Stateless: every replica binds the same durable consumer, so JetStream shares the
messages among them, and a replica killed mid-batch leaves its unacknowledged messages
to be redelivered (after ``ack_wait``) to the others. A message is acknowledged only
after the PostgreSQL commit; a batch whose predecessor is not stored yet is negatively
acknowledged with a delay; a batch that fails verification is recorded in
``rejections`` and terminated (never redelivered).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

import nats
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig

from bastion.fleet.batch import decode
from bastion.fleet.controlplane import ControlPlane, Outcome, Prepared, prepare
from bastion.fleet.errors import BatchFormatError, BatchRejected
from bastion.fleet.stream import DEFAULT_STREAM, ensure_stream
from bastion.store.fleet_plane import DATABASE_ERRORS

__all__ = ["DURABLE", "IngestStats", "Ingester"]

DURABLE = "bastion-ingest"
# NATS or PostgreSQL away: pause and retry, never exit.
_OUTAGES: tuple[type[Exception], ...] = (NatsError, *DATABASE_ERRORS)
_log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestStats:
    stored: int = 0
    entries: int = 0
    duplicates: int = 0
    gaps: int = 0
    rejected: int = 0
    outcomes: list[str] = field(default_factory=list)


class Ingester:
    """One ingest replica."""

    def __init__(
        self,
        plane: ControlPlane,
        nats_url: str,
        *,
        stream: str = DEFAULT_STREAM,
        fetch: int = 16,
        ack_wait: float = 5.0,
    ) -> None:
        self.plane = plane
        self.nats_url = nats_url
        self.stream = stream
        self.fetch = fetch
        self.ack_wait = ack_wait
        self.stats = IngestStats()

    def prepare(self, data: bytes) -> Prepared | str:
        """Decode a message and hash and parse its entries (no database): the batch, or
        why it is unreadable (blocking; runs in a worker thread)."""
        try:
            return prepare(decode(data))
        except BatchFormatError as exc:
            return str(exc)

    def store(self, ready: Prepared | str) -> tuple[Outcome | None, int]:
        """Verify and store one prepared message (blocking; runs in a worker thread)."""
        if isinstance(ready, str):
            self.plane.reject("?", None, ready)
            return None, 0
        batch = ready.batch
        try:
            return self.plane.store_batch(ready), len(batch.entries)
        except BatchRejected as exc:
            self.plane.refuse(batch.origin, (batch.start, batch.end), exc)
            return None, 0

    def handle(self, data: bytes) -> tuple[Outcome | None, int]:
        """Decode, verify and store one message (blocking; runs in a worker thread)."""
        return self.store(self.prepare(data))

    async def _one(self, msg: Msg, ready: Prepared | str) -> None:
        outcome, count = await asyncio.to_thread(self.store, ready)
        if outcome is None:
            self.stats.rejected += 1
            await msg.term()
        elif outcome is Outcome.GAP:
            self.stats.gaps += 1
            await msg.nak(delay=0.2)
        else:
            await msg.ack_sync()
            if outcome is Outcome.STORED:
                self.stats.stored += 1
                self.stats.entries += count
            else:
                self.stats.duplicates += 1

    async def _fetched(self, msgs: list[Msg]) -> None:
        """Store the fetched messages in order, each acknowledged after its commit; the
        next one is prepared (decoded, hashed, parsed) in another thread meanwhile, so
        this replica's CPU work overlaps the database's."""
        if not msgs:
            return
        pending = asyncio.ensure_future(asyncio.to_thread(self.prepare, msgs[0].data))
        try:
            for at, msg in enumerate(msgs):
                ready = await pending
                if at + 1 < len(msgs):
                    pending = asyncio.ensure_future(
                        asyncio.to_thread(self.prepare, msgs[at + 1].data)
                    )
                await self._one(msg, ready)
        finally:
            if not pending.done():  # an outage stopped the loop: let the thread finish
                with contextlib.suppress(Exception):
                    await pending

    def latest_cosigned(self, log_id: str) -> bytes:
        """The device's latest cosigned checkpoint note (empty when none yet)."""
        device = self.plane.device_by_id(log_id)
        if device is None or device.status != "active":
            return b""
        note = self.plane.latest_cosigned(device.origin)
        return note.encode() if note else b""

    async def _answer_witness(self, msg: Msg) -> None:
        try:
            note = await asyncio.to_thread(self.latest_cosigned, msg.subject.rsplit(".", 1)[-1])
        except _OUTAGES as exc:
            _log.warning("witness request unanswered (%s)", exc)
            return  # the device asks again next round
        await msg.respond(note)

    async def _answer_print_key(self, msg: Msg) -> None:
        try:
            sealed = await asyncio.to_thread(
                self.plane.sealed_print_key, msg.subject.rsplit(".", 1)[-1]
            )
        except _OUTAGES as exc:
            _log.warning("fingerprint key request unanswered (%s)", exc)
            return  # the device asks again next round
        await msg.respond(sealed)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set; reconnects on its own through nats-py. Also
        answers devices' requests for their latest cosigned checkpoint and for the fleet
        fingerprint key (queue groups: one replica answers each)."""
        nc = await nats.connect(self.nats_url, max_reconnect_attempts=-1)
        try:
            await nc.subscribe(
                f"{self.stream}.witness.*", queue="bastion-witness", cb=self._answer_witness
            )
            await nc.subscribe(
                f"{self.stream}.fpkey.*", queue="bastion-fpkey", cb=self._answer_print_key
            )
            js = nc.jetstream()
            await ensure_stream(js, self.stream)
            sub = await js.pull_subscribe(
                f"{self.stream}.audit.>",
                durable=DURABLE,
                stream=self.stream,
                config=ConsumerConfig(
                    ack_policy=AckPolicy.EXPLICIT, ack_wait=self.ack_wait, max_ack_pending=1000
                ),
            )
            while not stop.is_set():
                try:
                    msgs = await sub.fetch(self.fetch, timeout=0.5)
                except (NatsTimeout, TimeoutError):
                    continue  # nothing to do: nats-py raises either for an empty fetch
                try:
                    await self._fetched(msgs)
                except _OUTAGES as exc:
                    # PostgreSQL or NATS away: the unacknowledged messages come back after
                    # ack_wait, to this replica or another; never exit over it.
                    _log.warning("ingest paused (%s); retrying", exc)
                    await asyncio.sleep(1.0)
        finally:
            await nc.close()
