"""The daemon side of sync: publish the home's signed audit log to JetStream.

It runs beside the daemon (``bastion fleet publish``), never in the decision path: the
daemon records locally and answers hooks whatever the network does. Each round it signs
a checkpoint of the log as it is (through the store, under the log's lock, published to
the witness file like every checkpoint), then sends the unsent entries in batches, each
with that checkpoint and the consistency proof from the batch's end to it.

Delivery is at least once: the position (``export_positions`` row ``fleet:<stream>``;
``seq`` = the last event sent, ``delivered`` = leaves sent) moves only after JetStream
acknowledged the batch. A crash in between resends it; the message id (the batch's last
leaf hash) lets JetStream drop it, and the control plane drops what it holds anyway.
Offline, nothing moves, and the next round catches up from the same position.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

import nats
from nats.aio.client import Client
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from bastion.audit.merkle import consistency_proof
from bastion.audit.publish import attach
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.daemon import lastgood
from bastion.fleet.batch import Batch, encode
from bastion.fleet.control import BundleRefused, DeviceControl, control_stream
from bastion.fleet.enrolment import Enrolment
from bastion.fleet.stream import DEFAULT_STREAM, subject_for
from bastion.fleet.witness import witness_subject
from bastion.store import Store, export_positions
from bastion.store.export_log import read_page
from bastion.store.tree import node_reader

__all__ = ["Publisher", "Round", "accept_cosignature"]

_log = logging.getLogger(__name__)


async def _quiet(exc: Exception) -> None:
    """nats-py prints every connection error with a traceback; the caller reports it."""


@dataclass(frozen=True, slots=True)
class Round:
    batches: int
    entries: int
    cosigned: int = 0  # size of a newly received fleet cosignature (0: none new)
    applied: tuple[str, ...] = ()  # documents down applied or refused this round


def accept_cosignature(home: Home, store: Store, enrolment: Enrolment, note: str) -> int:
    """Keep a fleet-cosigned note if its cosignature verifies under the enrolled witness
    key and its checkpoint is one this store signed (same size and body); returns its
    size, 0 when it was not kept."""
    from bastion.audit.checkpoint import Checkpoint
    from bastion.audit.cosignature import add_signature_lines, verify_cosignatures
    from bastion.audit.errors import AuditError
    from bastion.audit.note import SignedNote
    from bastion.audit.publish import witness_file

    key = enrolment.witness
    try:
        if not verify_cosignatures(note, {key.name: key.public_key}):
            return 0
        body = SignedNote.parse(note).text
        size = Checkpoint.parse(body).size
    except AuditError as exc:
        _log.warning("control plane sent a bad cosignature: %s", exc)
        return 0
    row = next(
        (r for r in reversed(store.checkpoints()) if r.size == size and r.note.startswith(body)),
        None,
    )
    if row is None:
        _log.warning("cosigned checkpoint of size %d is not one this log signed", size)
        return 0
    if verify_cosignatures(row.note, {key.name: key.public_key}):
        return 0  # already kept
    lines = "\n".join(sig.line() for sig in SignedNote.parse(note).signatures)
    merged = add_signature_lines(row.note, lines)  # keeps other witnesses' lines
    store.add_signature(row.id, merged)
    assert store.signer is not None
    witness_file(home).publish(merged, store.signer.verifier_key, kind="cosigned")
    return size


class Publisher:
    """Sends one home's log; `run_round` is one catch-up pass."""

    def __init__(
        self, home: Home, nats_url: str, *, stream: str = DEFAULT_STREAM, batch_size: int = 1000
    ) -> None:
        self.home = home
        self.nats_url = nats_url
        self.stream = stream
        self.batch_size = batch_size
        self.sink = f"fleet:{stream}"
        self.store = Store(
            lastgood.load(home).database_url, signer=LogSigner.for_keys_dir(home.keys_dir)
        )
        attach(home, self.store)
        assert self.store.signer is not None
        self.origin = self.store.signer.origin
        self.enrolment = Enrolment.load(home)
        self.control = (
            DeviceControl(home, self.enrolment.control_public_key) if self.enrolment else None
        )

    def close(self) -> None:
        self.store.close()

    def _next_batch(self, start: int, after_seq: int, checkpoint_size: int) -> tuple[Batch, int]:
        """Entries from leaf ``start`` (events after ``after_seq``), at most batch_size."""
        count = min(self.batch_size, checkpoint_size - start)
        with self.store.snapshot() as conn:
            items = read_page(conn, after_seq, count)
            entries = [item.entry for item in items]
            end = start + len(entries)
            proof = consistency_proof(end, checkpoint_size, node_reader(conn))
        return Batch(self.origin, start, tuple(entries), self._note, tuple(proof)), items[-1].seq

    async def run_round(self, *, connect_timeout: float = 2.0) -> Round:
        """Send everything not yet acknowledged; raises `NatsError`/`OSError` offline
        (the position is then where the last acknowledged batch left it)."""
        position = export_positions.get(self.store.engine, self.sink)
        size = self.store.log_size()
        if size <= position.delivered and self.enrolment is None:
            return Round(0, 0)  # nothing to send, nothing to fetch
        row = None
        if size > position.delivered:
            row = self.store.checkpoint(only_if_new=True) or self.store.latest_checkpoint()
            assert row is not None
            self._note = row.note
        # nats-py keeps retrying a refused first connection: bound it ourselves.
        nc = await asyncio.wait_for(
            nats.connect(
                self.nats_url,
                connect_timeout=connect_timeout,
                max_reconnect_attempts=0,
                allow_reconnect=False,
                error_cb=_quiet,
            ),
            connect_timeout * 2,
        )
        sent = batches = cosigned = 0
        applied: list[str] = []
        try:
            js = nc.jetstream(timeout=5.0)
            leaves, after_seq = position.delivered, position.seq
            while row is not None and leaves < row.size:
                batch, last_seq = self._next_batch(leaves, after_seq, row.size)
                await js.publish(
                    subject_for(self.stream, self.origin),
                    encode(batch),
                    stream=self.stream,
                    headers={"Nats-Msg-Id": batch.last_leaf_hash().hex()},
                )
                export_positions.advance(
                    self.store.engine, self.sink, last_seq, delivered=len(batch.entries)
                )
                leaves, after_seq = batch.end, last_seq
                sent += len(batch.entries)
                batches += 1
            if self.enrolment is not None:
                cosigned = await self._fetch_cosignature(nc)
                applied = await self._fetch_control(js)
        finally:
            await nc.close()
        return Round(batches, sent, cosigned, tuple(applied))

    async def _fetch_cosignature(self, nc: Client) -> int:
        """Ask the control plane for its latest cosignature of this log and keep it
        (store and witness file) when it is valid and names a checkpoint we signed."""
        assert self.enrolment is not None
        try:
            reply = await nc.request(witness_subject(self.stream, self.origin), b"", timeout=2.0)
        except (NatsError, TimeoutError) as exc:
            _log.info("no cosignature this round (%s)", exc)
            return 0
        if not reply.data:
            return 0
        return accept_cosignature(self.home, self.store, self.enrolment, reply.data.decode())

    async def _fetch_control(self, js: JetStreamContext) -> list[str]:
        """Apply the newest policy bundle and every revocation not applied yet."""
        assert self.control is not None and self.enrolment is not None
        stream = control_stream(self.stream)
        out: list[str] = []
        bundle_subject = f"{stream}.bundle"
        try:
            last = await js.get_last_msg(stream, bundle_subject)
        except (NotFoundError, NatsError, TimeoutError):
            last = None
        if last is not None and last.seq and last.seq > self.control.position(bundle_subject):
            try:
                done = await asyncio.to_thread(self.control.apply_bundle, last.data or b"")
                out.append(
                    f"bundle {done.get('version')}: {'applied' if done['applied'] else 'failed'}"
                )
            except BundleRefused as exc:
                _log.warning("policy bundle refused: %s", exc)
                out.append(f"bundle refused: {exc}")
            self.control.seen(bundle_subject, last.seq)
        revocations = f"{stream}.revocation"
        seq = self.control.position(revocations)
        while True:
            try:
                msg = await js.get_msg(stream, seq + 1, subject=revocations, next=True)
            except (NotFoundError, NatsError, TimeoutError):
                break
            if not msg.seq or msg.seq <= seq:
                break
            try:
                done = await asyncio.to_thread(self.control.apply_revocation, msg.data or b"")
                out.append(f"revocation {done['id']}: applied")
            except BundleRefused as exc:
                _log.warning("revocation refused: %s", exc)
                out.append(f"revocation refused: {exc}")
            seq = msg.seq
            self.control.seen(revocations, seq)
        return out

    async def run(self, *, interval: float = 1.0, stop: asyncio.Event | None = None) -> None:
        """Publish forever (until ``stop``), retrying with backoff while offline."""
        delay = interval
        stop = stop or asyncio.Event()
        while not stop.is_set():
            try:
                await self.run_round()
                delay = interval
            except (NatsError, OSError, TimeoutError) as exc:
                _log.warning("fleet publisher offline (%s); retrying in %.0fs", exc, delay)
                delay = min(delay * 2, 30.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
