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
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FLEET_PRINT_FILE", "FleetPrintKey", "key_id_for"]

FLEET_PRINT_FILE = "fleet-fingerprint.key"
_CONTEXT = b"bastion-fleet-secret/v1\0"
_ID_CONTEXT = b"bastion-fleet-fp-id/v1\0"


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
        """Write it (0600) whole under a temporary name, then rename: a reader never sees half."""
        path = keys_dir / FLEET_PRINT_FILE
        tmp = path.with_name(f".{FLEET_PRINT_FILE}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, self.to_json().encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, keys_dir: Path) -> FleetPrintKey | None:
        """The device's key, None when it has none (never enrolled, or not fetched yet) or
        the file is damaged (the next publisher round writes it again)."""
        try:
            return cls.from_json((keys_dir / FLEET_PRINT_FILE).read_bytes())
        except (OSError, ValueError, KeyError, TypeError):
            return None
