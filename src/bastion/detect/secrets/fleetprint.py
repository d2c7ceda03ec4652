"""The fleet's fingerprint key: a second keyed fingerprint of a secret, comparable across
machines.

A session's own fingerprints (`fingerprints.FingerprintSet`) are keyed per session on
purpose: nobody without the daemon's key can test a guess, and two machines' digests of one
secret differ. The fleet's rule "the same secret leaves two machines" needs a digest that
is the same everywhere, so every enrolled device holds one more key, issued by the control
plane (encrypted to the device, `fleet.fpkey`), and a secret the session learns is also
fingerprinted with it: HMAC-SHA256 over a context and the value, cut to 128 bits, prefixed
with the key's id. The value itself never leaves the machine; the id names the key's epoch,
so a rotated key starts new fingerprints that never match the old ones by accident.

The file (``<keys dir>/fleet-fingerprint.key``, JSON ``{"id", "key"}``, 0600) is written by
``bastion fleet publish`` when it fetches the key, and read by the daemon at each new
session (a rotated key applies to sessions opened after it arrives).

Rotation while sessions are open (round 12): the file is a small ring (`FleetPrintRing`):
the current key plus the keys this device held before, each kept for `OVERLAP_S` after the
rotation replaced it (``"previous": [{"id", "key", "retired"}]``), then dropped. An open
session keeps the epoch it started with (its key id is saved with the session's state and
found again in the ring after a restart), and every secret it learns is fingerprinted
under each key the device holds within the overlap, its own epoch first. So a machine
still in the old epoch and one already in the new share at least one fingerprint for one
secret during the overlap; after it, the old key is gone from every device and the old
fingerprints match nothing. Each fingerprint is keyed; none is ever the bare value.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FLEET_PRINT_FILE", "OVERLAP_S", "FleetPrintKey", "FleetPrintRing", "key_id_for"]

FLEET_PRINT_FILE = "fleet-fingerprint.key"
_CONTEXT = b"bastion-fleet-secret/v1\0"
_ID_CONTEXT = b"bastion-fleet-fp-id/v1\0"
OVERLAP_S = 24 * 3600.0  # how long a device keeps a rotated-out key (sessions open across it)


def key_id_for(key: bytes) -> str:
    """A short public name for a key (not a way back to it: a hash under its own context)."""
    return hashlib.sha256(_ID_CONTEXT + key).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class FleetPrintKey:
    """One epoch of the fleet's fingerprint key."""

    key_id: str
    key: bytes

    def __post_init__(self) -> None:
        if len(self.key) < 32:
            raise ValueError("a fleet fingerprint key has 32 random bytes; fetch it again")

    @classmethod
    def new(cls) -> FleetPrintKey:
        key = os.urandom(32)
        return cls(key_id_for(key), key)

    def fingerprint(self, value: str) -> str:
        """``<key id>:<32 hex>``: equal for one value on every device of this epoch."""
        mac = hmac.new(self.key, _CONTEXT + value.encode("utf-8"), hashlib.sha256)
        return f"{self.key_id}:{mac.hexdigest()[:32]}"

    def to_json(self) -> str:
        return json.dumps({"id": self.key_id, "key": self.key.hex()}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> FleetPrintKey:
        data = json.loads(text)
        key = bytes.fromhex(str(data["key"]))
        if key_id_for(key) != data["id"]:
            raise ValueError("the fleet fingerprint key does not match its id")
        return cls(str(data["id"]), key)

    def save(self, keys_dir: Path) -> Path:
        """Write it (0600) as a ring of one key (no earlier epoch kept)."""
        return FleetPrintRing(self, ()).save(keys_dir)

    @classmethod
    def load(cls, keys_dir: Path) -> FleetPrintKey | None:
        """The device's key, None when it has none (never enrolled, or not fetched yet) or
        the file is damaged (the next publisher round writes it again)."""
        try:
            return cls.from_json((keys_dir / FLEET_PRINT_FILE).read_bytes())
        except (OSError, ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True, slots=True)
class FleetPrintRing:
    """The keys a device holds: the current one and those rotated out less than
    `OVERLAP_S` ago (``previous``: (key, when it was replaced), newest first)."""

    current: FleetPrintKey
    previous: tuple[tuple[FleetPrintKey, float], ...] = ()

    def held(self, now: float | None = None) -> tuple[FleetPrintKey, ...]:
        """Every key still usable at ``now``: the current first, then the older ones."""
        at = time.time() if now is None else now
        return (self.current, *(k for k, retired in self.previous if at - retired < OVERLAP_S))

    def by_id(self, key_id: str, now: float | None = None) -> FleetPrintKey | None:
        return next((k for k in self.held(now) if k.key_id == key_id), None)

    def advance(self, key: FleetPrintKey, now: float | None = None) -> FleetPrintRing:
        """The ring after ``key`` arrives: the current key (when another) joins the
        previous ones, retired now; keys past the overlap are dropped."""
        if key == self.current:
            return self
        at = time.time() if now is None else now
        kept = tuple(
            (k, r) for k, r in self.previous if at - r < OVERLAP_S and k.key_id != key.key_id
        )
        return FleetPrintRing(key, ((self.current, at), *kept))

    def save(self, keys_dir: Path) -> Path:
        """Write it (0600) whole under a temporary name, then rename: a reader never sees half."""
        path = keys_dir / FLEET_PRINT_FILE
        data = json.loads(self.current.to_json())
        if self.previous:
            data["previous"] = [
                {"id": k.key_id, "key": k.key.hex(), "retired": retired}
                for k, retired in self.previous
            ]
        tmp = path.with_name(f".{FLEET_PRINT_FILE}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps(data, sort_keys=True).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, keys_dir: Path) -> FleetPrintRing | None:
        """The device's ring, None as `FleetPrintKey.load` (a damaged earlier key is
        left out rather than losing the current one)."""
        try:
            text = (keys_dir / FLEET_PRINT_FILE).read_bytes()
            current = FleetPrintKey.from_json(text)
            data = json.loads(text)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        previous = []
        for item in data.get("previous") or []:
            try:
                key = FleetPrintKey.from_json(json.dumps(item))
                previous.append((key, float(item["retired"])))
            except (ValueError, KeyError, TypeError):
                continue
        return cls(current, tuple(previous))
