"""What a batch must prove before the control plane stores it.

The device's row, locked for the transaction (`FleetTables.lock_device`), holds how many
leaves of its log are stored and their compact Merkle range. A batch is stored only if
its checkpoint verifies under the device's enrolled key and the entries, appended to
that range, give the checkpoint's root (directly, or through the consistency proof to a
larger checkpoint). So a device cannot rewrite what the control plane holds, an
attacker who is not the device cannot add to it, and a redelivered batch changes nothing.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature

from bastion.audit.checkpoint import verify_note
from bastion.audit.errors import AuditError
from bastion.audit.merkle import CompactRange, leaf_hash, verify_consistency
from bastion.audit.note import VerifierKey
from bastion.fleet.batch import Batch
from bastion.fleet.errors import BatchRejected, FleetError
from bastion.fleet.witness import FleetWitness
from bastion.store.fleet_plane import DEFAULT_SCHEMA, Device, EntryRow, FleetTables

__all__ = ["DEFAULT_SCHEMA", "ControlPlane", "Device", "Outcome", "Prepared", "prepare"]

_log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"  # every entry already stored: ack and drop
    GAP = "gap"  # an earlier batch is not stored yet: redeliver later


def _row(index: int, entry: bytes, digest: bytes) -> EntryRow:
    """The columns the control plane indexes, read from the entry (never trusted for
    anything but placement: the entry itself is stored verbatim)."""
    try:
        event = orjson.loads(entry).get("event")
    except (orjson.JSONDecodeError, AttributeError):
        event = None
    if not isinstance(event, dict):
        event = {}
    when = event.get("time")
    return EntryRow(
        index,
        float(when) if isinstance(when, int | float) else 0.0,
        str(event.get("session_id") or ""),
        str(event.get("kind") or ""),
        digest,
        entry.decode("ascii"),
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A batch with the work that needs no database done: every entry's leaf hash and
    stored row. Ingest does it for the next message while the current one is being
    stored (`fleet.ingest`), so the replica's CPU and the database's overlap."""

    batch: Batch
    hashes: tuple[bytes, ...]
    rows: tuple[EntryRow, ...]


def prepare(batch: Batch) -> Prepared:
    hashes = tuple(leaf_hash(e) for e in batch.entries)
    pairs = enumerate(zip(batch.entries, hashes, strict=True), batch.start)
    return Prepared(batch, hashes, tuple(_row(i, e, h) for i, (e, h) in pairs))


class ControlPlane(FleetTables):
    """The control plane's tables plus the rules for storing a batch; with a ``witness``
    it cosigns each checkpoint that a stored batch ends at (see `fleet.witness`)."""

    def __init__(
        self,
        url: str,
        *,
        schema: str = DEFAULT_SCHEMA,
        witness: FleetWitness | None = None,
        keys_dir: str | Path | None = None,
    ) -> None:
        super().__init__(url, schema=schema)
        self.witness = witness
        self._witness_seen: tuple[int, int] | None = None
        # The key directory, for the fleet fingerprint key ring (`fleet.fpkey`): read at
        # each request, so a rotation applies without restarting the replicas.
        self.keys_dir = Path(keys_dir) if keys_dir is not None else None
        # Called with (kind, severity, devices, detail) for each new finding: e.g. a
        # `records.FindingRecorder` writing it to the control plane's own signed log.
        self.on_finding: list[Callable[[str, str, list[str], dict[str, Any]], object]] = []

    def add_finding(
        self, key: str, kind: str, severity: str, devices: list[str], detail: dict[str, Any]
    ) -> bool:
        new = super().add_finding(key, kind, severity, devices, detail)
        if new:
            for notify in self.on_finding:
                try:
                    notify(kind, severity, sorted(set(devices)), detail)
                except Exception:  # the finding is stored; a recorder's failure is logged
                    _log.exception("fleet finding %s not recorded in the control plane's log", key)
        return new

    def sealed_print_key(self, log_id: str) -> bytes:
        """The current fleet fingerprint key sealed to an active device (`fleet.fpkey`);
        empty for an unknown or inactive device, or a control plane without a key ring."""
        from bastion.fleet.fpkey import FleetKeyRing, seal_to_device

        if self.keys_dir is None:
            return b""
        ring = FleetKeyRing.load(self.keys_dir)
        device = self.device_by_id(log_id)
        if ring is None or device is None or device.status != "active":
            return b""
        key = VerifierKey.parse(device.vkey)
        return seal_to_device(ring.current, key.public_key, device.origin)

    def enrol_key(self, vkey: str, human: str) -> Device:
        """Enrol a device by its audit log's verifier key (``<origin>+<id>+<key>``)."""
        key = VerifierKey.parse(vkey)
        return self.enrol(key.name, str(key), human)

    def store_batch(self, batch: Batch | Prepared) -> Outcome:
        """Verify ``batch`` against the device's stored history and store what is new,
        in one transaction. Raises `BatchRejected` when it must never be stored."""
        ready = batch if isinstance(batch, Prepared) else prepare(batch)
        batch = ready.batch
        with self.lock_device(batch.origin) as lock:
            device = lock.device
            if device is None:
                raise BatchRejected(f"device {batch.origin!r} is not enrolled")
            if device.status != "active":
                raise BatchRejected(f"device {batch.origin!r} is {device.status}")
            key = VerifierKey.parse(device.vkey)
            try:
                checkpoint = verify_note(
                    batch.note, {key.name: key.public_key}, origin=batch.origin
                )
            except (AuditError, InvalidSignature, ValueError) as exc:
                raise BatchRejected(f"checkpoint does not verify: {exc}") from exc
            size = device.size
            if batch.end <= size:
                return Outcome.DUPLICATE
            if batch.start > size:
                return Outcome.GAP
            if checkpoint.size < batch.end:
                raise BatchRejected(
                    f"checkpoint of size {checkpoint.size} does not cover leaves up to {batch.end}"
                )
            hashes = ready.hashes
            skip = size - batch.start
            if skip:  # a republish after a crash repeats leaves: they must be the stored ones
                stored = lock.stored_hashes(batch.start, size)
                for offset in range(skip):
                    if stored.get(batch.start + offset) != hashes[offset]:
                        raise BatchRejected(
                            f"leaf {batch.start + offset} differs from the one stored: "
                            "the device rewrote history the control plane already holds",
                            rewrite=True,
                        )
            tree = CompactRange.from_bytes(lock.tree) if lock.tree else CompactRange()
            tree.extend(hashes[skip:])
            root = tree.root()
            try:
                if checkpoint.size == batch.end:
                    if root != checkpoint.root_hash:
                        raise BatchRejected(
                            f"entries up to {batch.end} do not hash to the signed root: "
                            "the device's history differs from what the control plane holds",
                            rewrite=size > 0,
                        )
                else:
                    verify_consistency(
                        batch.end, checkpoint.size, root, checkpoint.root_hash, batch.proof
                    )
            except AuditError as exc:
                raise BatchRejected(
                    f"history inconsistent with the stored log: {exc}", rewrite=size > 0
                ) from exc
            rows = list(ready.rows[skip:])
            # The stored leaves now are exactly the checkpoint's tree: witness it.
            witness = self._current_witness()
            cosigned = (
                witness.cosign(batch.note)
                if witness is not None and checkpoint.size == batch.end
                else None
            )
            lock.append(rows, batch.end, tree.to_bytes(), (checkpoint.size, batch.note), cosigned)
        return Outcome.STORED

    def _current_witness(self) -> FleetWitness | None:
        """The witness key, taken up again when `FleetWitness.rotate` replaced it in the
        key directory (one stat per cosignature): replicas need no restart."""
        if self.witness is None or self.keys_dir is None:
            return self.witness
        from bastion.fleet.witness import WITNESS_VKEY_FILE

        try:
            info = (self.keys_dir / WITNESS_VKEY_FILE).stat()
        except OSError:
            return self.witness
        seen = (info.st_mtime_ns, info.st_ino)
        if self._witness_seen is None:
            self._witness_seen = seen
        elif seen != self._witness_seen:
            try:
                self.witness = FleetWitness.load(self.keys_dir)
                self._witness_seen = seen
            except FleetError as exc:  # mid-rotation: keep the key we have, try next time
                _log.warning("witness key not reloaded yet: %s", exc)
        return self.witness

    def refuse(self, origin: str, leaves: tuple[int, int] | None, exc: BatchRejected) -> None:
        """Record a rejected batch; a device rewriting history it already sent (and the
        control plane stored, and maybe cosigned) is also a critical finding."""
        self.reject(origin, leaves, str(exc))
        if exc.rewrite:
            device = self.device(origin)
            self.add_finding(
                f"history-rewritten:{origin}:{leaves}",
                "fleet.history-rewritten",
                "critical",
                [origin],
                {
                    "device": origin,
                    "human": device.human if device else "",
                    "leaves": list(leaves) if leaves else None,
                    "stored": device.size if device else 0,
                    "cosigned": self.latest_cosigned(origin) is not None,
                    "reason": str(exc),
                },
            )
