"""One audit batch on the wire: log entries ``[start, start+len)`` of one device's log,
the signed checkpoint of size ``S >= end`` covering them, and the RFC 9162 consistency
proof from ``end`` to ``S`` (empty when the checkpoint ends the batch).

The receiver holds the device's compact range at ``start``; it appends the entries'
leaf hashes, gets the root at ``end`` and checks it against the signed checkpoint
through the proof. So a batch proves itself without the receiver trusting its sender.

Encoding: orjson, zlib-compressed (entries are JSON and compress ~5x; JetStream's
default message limit is 1 MiB).
"""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass

import orjson

from bastion.audit.merkle import leaf_hash
from bastion.fleet.errors import BatchFormatError

__all__ = ["VERSION", "Batch", "decode", "encode"]

VERSION = 1
MAX_DECOMPRESSED = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Batch:
    origin: str
    start: int
    entries: tuple[bytes, ...]
    note: str
    proof: tuple[bytes, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.entries)

    def last_leaf_hash(self) -> bytes:
        """The message id on the stream: duplicates of the batch are absorbed by it."""
        return leaf_hash(self.entries[-1])


def encode(batch: Batch) -> bytes:
    body = {
        "v": VERSION,
        "origin": batch.origin,
        "start": batch.start,
        "entries": [e.decode("ascii") for e in batch.entries],
        "note": batch.note,
        "proof": [base64.b64encode(p).decode("ascii") for p in batch.proof],
    }
    return zlib.compress(orjson.dumps(body), 1)


def decode(data: bytes) -> Batch:
    """Parse a batch; anything malformed raises `BatchFormatError` (never another error)."""
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, MAX_DECOMPRESSED)
        if inflater.unconsumed_tail:
            raise BatchFormatError("batch is larger than 64 MiB decompressed")
        body = orjson.loads(raw)
        if not isinstance(body, dict) or body.get("v") != VERSION:
            raise BatchFormatError(f"not a version {VERSION} batch")
        origin, start, note = body["origin"], body["start"], body["note"]
        if not isinstance(origin, str) or not isinstance(note, str):
            raise BatchFormatError("origin and note must be strings")
        if not isinstance(start, int) or isinstance(start, bool) or start < 0:
            raise BatchFormatError("start must be a non-negative integer")
        entries = tuple(str(e).encode("ascii") for e in body["entries"])
        proof = tuple(base64.b64decode(p, validate=True) for p in body["proof"])
    except BatchFormatError:
        raise
    except (zlib.error, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise BatchFormatError(f"unreadable batch: {type(exc).__name__}: {exc}") from exc
    if not entries:
        raise BatchFormatError("a batch holds at least one entry")
    return Batch(origin, start, entries, note, proof)
