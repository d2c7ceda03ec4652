"""The daemon side of sync: publish the home's signed audit log to JetStream.

It runs beside the daemon (``bastion fleet publish``), never in the decision path: the
daemon records locally and answers hooks whatever the network does. Each round it takes
the daemon's newest checkpoint when it covers the log, else signs one in memory (never
in the store: a write there takes the log's lock, which the daemon's decisions would
wait behind if this process were stopped mid-write, issue #18), then sends the unsent
entries in batches, each with that checkpoint and the consistency proof from the batch's
end to it. Its store is opened without the signer for the same reason: a store holding
one signs checkpoints itself, on a timer and on close.

Delivery is at least once: the position (``export_positions`` row ``fleet:<stream>``;
``seq`` = the last event sent, ``delivered`` = leaves sent) moves only after JetStream
acknowledged the batch. A crash in between resends it; the message id (the batch's last
leaf hash) lets JetStream drop it, and the control plane drops what it holds anyway.
Offline, nothing moves, and the next round catches up from the same position.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import nats
from nats.aio.client import Client
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from bastion.audit.checkpoint import Checkpoint
from bastion.audit.errors import AuditError
from bastion.audit.merkle import consistency_proof, root_at
from bastion.audit.note import SignedNote
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.daemon import lastgood
from bastion.detect.secrets.fleetprint import FleetPrintRing
from bastion.fleet.batch import Batch, encode
from bastion.fleet.control import BundleRefused, DeviceControl, control_stream
from bastion.fleet.enrolment import Enrolment
from bastion.fleet.errors import FleetError
from bastion.fleet.fpkey import fpkey_subject, open_sealed
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


def accept_cosignature(
    home: Home, store: Store, enrolment: Enrolment, note: str, signer: LogSigner | None = None
) -> int:
    """Keep a fleet-cosigned note if its cosignature verifies under the witness key the
    home trusts now (the enrolled one, or where witness rotations led: a retired key's
    new cosignatures are not kept) and its checkpoint is one this store signed (same
    size and body); returns its size, 0 when it was not kept."""
    from bastion.audit.checkpoint import Checkpoint
    from bastion.audit.cosignature import add_signature_lines, verify_cosignatures
    from bastion.audit.errors import AuditError
    from bastion.audit.note import SignedNote
    from bastion.audit.publish import witness_file
    from bastion.fleet.witness_rotation import witness_keys

    key = witness_keys(home, enrolment.witness).current
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
    signer = signer or store.signer
    assert signer is not None
    vkey = signer.verifier_key
    if row is None:
        # A checkpoint the publisher signed for a round (never written to the store, to
        # keep its write lock for the daemon): it is kept in the witness file, which
        # `audit verify` checks against the recomputed tree like the stored ones.
        if not _signed_by(note, vkey):
            _log.warning("cosigned checkpoint of size %d is not one this log signed", size)
            return 0
        witness_file(home).publish(note, vkey, kind="cosigned")
        return size
    if verify_cosignatures(row.note, {key.name: key.public_key}):
        return 0  # already kept
    lines = "\n".join(sig.line() for sig in SignedNote.parse(note).signatures)
    merged = add_signature_lines(row.note, lines)  # keeps other witnesses' lines
    from bastion.daemon.home_writes import HomeWriteFailed, write
    from bastion.wire.control import Cosign

    try:  # by the daemon while one runs (issue #18), else into ``store`` here
        write(home, store, Cosign(row.id, merged))
    except HomeWriteFailed as exc:
        _log.warning("the fleet's cosignature of size %d was not kept: %s", size, exc)
        return 0
    witness_file(home).publish(merged, vkey, kind="cosigned")
    return size


def _signed_by(note: str, vkey: str) -> bool:
    from bastion.audit.checkpoint import verify_note
    from bastion.audit.errors import AuditError
    from bastion.audit.note import VerifierKey

    key = VerifierKey.parse(vkey)
    try:
        verify_note(note, {key.name: key.public_key}, origin=key.name)
    except AuditError:
        return False
    return True


@dataclass(slots=True)
class _Position:
    """Where the publisher is: ``seq`` (last event sent) and ``delivered`` (leaves sent).

    Kept in ``<home>/fleet/position.<stream>.json``, replaced without fsync: losing an
    update only resends batches the control plane absorbs, and the daemon's database is
    not written (its write lock stays the daemon's). Mirrored to ``export_positions``
    (``fleet:<stream>``) at most every 30 s, for `bastion export status` and the console.
    """

    seq: int
    delivered: int
    mirrored: float = 0.0
    mirrored_delivered: int = 0


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
        self.signer = LogSigner.for_keys_dir(home.keys_dir)
        # No signer on the store: it would sign checkpoints into the home itself (see above).
        self.store = Store(lastgood.load(home).database_url, checkpoint_seconds=0)
        self.origin = self.signer.origin
        self.enrolment = Enrolment.load(home)
        if self.enrolment is not None and self.enrolment.device != self.origin:
            # The home's log key was swapped after enrolment. A new key is a new log (its
            # checkpoints name another origin), which the control plane never enrolled:
            # say so rather than send batches it would refuse one by one.
            self.store.close()
            raise FleetError(
                f"this home's log key changed since it enrolled: enrolled as "
                f"{self.enrolment.device}, its key now signs as {self.origin}. A new key "
                "starts a new log; enrol it (`bastion fleet enrol`), or rotate with proof "
                "of both keys (the enrolment API's /v1/rotate). Nothing was sent."
            )
        self.control = (
            DeviceControl(home, self.enrolment.control_public_key, self.enrolment.witness)
            if self.enrolment
            else None
        )
        self._position: _Position | None = None
        self._cosigned = self._kept_cosignature()  # the largest fleet-cosigned size kept

    def _kept_cosignature(self) -> int:
        """The largest checkpoint size the home's witness file holds a fleet cosignature
        for (so a new process does not append the same cosigned line again)."""
        if self.enrolment is None:
            return 0
        from bastion.audit.cosignature import verify_cosignatures
        from bastion.audit.publish import witness_file
        from bastion.fleet.witness_rotation import witness_keys

        keys = witness_keys(self.home, self.enrolment.witness).cosigners()
        records, _damaged = witness_file(self.home).read()
        for record in sorted((r for r in records if r.kind == "cosigned"), key=lambda r: -r.size):
            try:
                if verify_cosignatures(record.note, keys):
                    return record.size
            except AuditError:
                continue
        return 0

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._mirror(force=True)
        self.store.close()

    @property
    def _position_path(self) -> Path:
        return self.home.root / "fleet" / f"position.{self.stream}.json"

    def _load_position(self) -> _Position:
        if self._position is not None:
            return self._position
        row = export_positions.get(self.store.engine, self.sink)
        try:
            data = json.loads(self._position_path.read_text())
            if data.get("origin", self.origin) != self.origin:
                # Written for another log key: this key's log starts at its first leaf
                # (the control plane knows it as a new log), so send from the start.
                _log.warning(
                    "fleet position was for log %s, the key now signs as %s: a new log, "
                    "sent from its first entry",
                    data.get("origin"),
                    self.origin,
                )
                self._position = _Position(0, 0, 0.0, 0)
                return self._position
            self._position = _Position(int(data["seq"]), int(data["delivered"]), 0.0, row.delivered)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # First run, or a publisher from before the file: the mirrored row.
            self._position = _Position(row.seq, row.delivered, time.time(), row.delivered)
        return self._position

    def _advance(self, seq: int, delivered: int) -> None:
        position = self._load_position()
        position.seq, position.delivered = seq, delivered
        path = self._position_path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"seq": seq, "delivered": delivered, "origin": self.origin}))
        os.replace(tmp, path)
        self._mirror()

    def _mirror(self, *, force: bool = False) -> None:
        position = self._position
        if position is None or position.delivered == position.mirrored_delivered:
            return
        if not force and time.time() - position.mirrored < 30.0:
            return
        export_positions.advance(
            self.store.engine,
            self.sink,
            position.seq,
            delivered=position.delivered - position.mirrored_delivered,
        )
        position.mirrored, position.mirrored_delivered = time.time(), position.delivered

    def _checkpoint_note(self, size: int) -> tuple[int, str]:
        """A signed checkpoint covering ``size`` leaves: the daemon's own when it does,
        else one signed here, in memory (no write to the daemon's store: a round must
        not take the log's write lock the daemon records under)."""
        latest = self.store.latest_checkpoint()
        if latest is not None and latest.size >= size:
            return latest.size, latest.note
        with self.store.snapshot() as conn:
            root = root_at(size, node_reader(conn))
        return size, self.signer.sign(size, root, int(time.time()))

    def _next_batch(self, start: int, after_seq: int, checkpoint_size: int) -> tuple[Batch, int]:
        """Entries from leaf ``start`` (events after ``after_seq``), at most batch_size."""
        count = min(self.batch_size, checkpoint_size - start)
        with self.store.snapshot() as conn:
            items = read_page(conn, after_seq, count)
            entries = [item.entry for item in items]
            end = start + len(entries)
            proof = consistency_proof(end, checkpoint_size, node_reader(conn))
        return Batch(self.origin, start, tuple(entries), self._note, tuple(proof)), items[-1].seq

    async def connect(self, connect_timeout: float = 2.0) -> Client:
        # nats-py keeps retrying a refused first connection: bound it ourselves.
        return await asyncio.wait_for(
            nats.connect(
                self.nats_url,
                connect_timeout=connect_timeout,
                max_reconnect_attempts=0,
                allow_reconnect=False,
                error_cb=_quiet,
            ),
            connect_timeout * 2,
        )

    async def run_round(self, *, connect_timeout: float = 2.0, nc: Client | None = None) -> Round:
        """Send everything not yet acknowledged; raises `NatsError`/`OSError` offline
        (the position is then where the last acknowledged batch left it). With ``nc``
        (a connection `run` keeps between rounds) it is used and left open."""
        position = self._load_position()
        size = self.store.log_size()
        if size <= position.delivered and self.enrolment is None:
            return Round(0, 0)  # nothing to send, nothing to fetch
        target = 0
        if size > position.delivered:
            target, self._note = self._checkpoint_note(size)
        own = nc is None
        if nc is None:
            nc = await self.connect(connect_timeout)
        sent = batches = cosigned = 0
        applied: list[str] = []
        try:
            js = nc.jetstream(timeout=5.0)
            leaves, after_seq = position.delivered, position.seq
            while leaves < target:
                batch, last_seq = self._next_batch(leaves, after_seq, target)
                await js.publish(
                    subject_for(self.stream, self.origin),
                    encode(batch),
                    stream=self.stream,
                    headers={"Nats-Msg-Id": batch.last_leaf_hash().hex()},
                )
                self._advance(last_seq, batch.end)
                leaves, after_seq = batch.end, last_seq
                sent += len(batch.entries)
                batches += 1
            if self.enrolment is not None:
                await self._fetch_print_key(nc)
                cosigned = await self._fetch_cosignature(nc)
                applied = await self._fetch_control(js)
        finally:
            if own:
                await nc.close()
        return Round(batches, sent, cosigned, tuple(applied))

    async def _fetch_print_key(self, nc: Client) -> str:
        """Fetch the fleet fingerprint key (sealed to this device, `fleet.fpkey`) and keep
        it where the daemon reads it when it changed; its id ("" when none came)."""
        try:
            reply = await nc.request(fpkey_subject(self.stream, self.origin), b"", timeout=2.0)
        except (NatsError, TimeoutError) as exc:
            _log.info("no fingerprint key this round (%s)", exc)
            return ""
        if not reply.data:
            return ""
        try:
            key = open_sealed(reply.data, self.signer.private_key, self.origin)
        except FleetError as exc:
            _log.warning("%s", exc)
            return ""
        kept = FleetPrintRing.load(self.home.keys_dir)
        if kept is None:
            key.save(self.home.keys_dir)
        elif kept.current != key:
            # A rotation: the key it replaces stays for the overlap (sessions open across it)
            kept.advance(key).save(self.home.keys_dir)
        return key.key_id

    async def _fetch_cosignature(self, nc: Client) -> int:
        """Ask the control plane for its latest cosignature of this log and keep it
        (store and witness file) when it is valid and names a checkpoint we signed."""
        assert self.enrolment is not None
        if self._cosigned >= self._load_position().delivered:
            return 0  # everything sent is cosigned already: nothing to ask
        try:
            reply = await nc.request(witness_subject(self.stream, self.origin), b"", timeout=2.0)
        except (NatsError, TimeoutError) as exc:
            _log.info("no cosignature this round (%s)", exc)
            return 0
        if not reply.data:
            return 0
        note = reply.data.decode()
        try:
            size = Checkpoint.parse(SignedNote.parse(note).text).size
        except AuditError:
            return 0
        if size <= self._cosigned:
            return 0  # the one we kept already: not a second witness-file line
        kept = accept_cosignature(self.home, self.store, self.enrolment, note, self.signer)
        self._cosigned = max(self._cosigned, kept)
        return kept

    async def _fetch_control(self, js: JetStreamContext) -> list[str]:
        """Apply the newest policy bundle and every revocation not applied yet."""
        assert self.control is not None and self.enrolment is not None
        stream = control_stream(self.stream)
        out: list[str] = []
        # Key rotations first, in order: the round's bundle may be signed by the new key.
        rotations = f"{stream}.key"
        seq = self.control.position(rotations)
        while True:
            try:
                msg = await js.get_msg(stream, seq + 1, subject=rotations, next=True)
            except (NotFoundError, NatsError, TimeoutError):
                break
            if not msg.seq or msg.seq <= seq:
                break
            try:
                done = await asyncio.to_thread(self.control.apply_rotation, msg.data or b"")
                if done["applied"]:
                    which = "witness key" if done.get("witness") else "control key"
                    out.append(f"{which}: {done['old']} -> {done['new']}")
            except BundleRefused as exc:
                _log.warning("control key rotation refused: %s", exc)
                out.append(f"key rotation refused: {exc}")
            seq = msg.seq
            self.control.seen(rotations, seq)
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
        nc: Client | None = None  # kept between rounds; dropped and remade after an error
        try:
            while not stop.is_set():
                try:
                    if nc is None or not nc.is_connected:
                        nc = await self.connect()
                    await self.run_round(nc=nc)
                    delay = interval
                except (NatsError, OSError, TimeoutError) as exc:
                    _log.warning("fleet publisher offline (%s); retrying in %.0fs", exc, delay)
                    delay = min(delay * 2, 30.0)
                    if nc is not None:
                        with contextlib.suppress(Exception):
                            await nc.close()
                    nc = None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
        finally:
            if nc is not None:
                with contextlib.suppress(Exception):
                    await nc.close()
