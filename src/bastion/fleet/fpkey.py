"""The fleet fingerprint key: kept by the control plane, sent to each device encrypted to it.

Why: the rule "the same secret leaves two machines" compares fingerprints made on different
machines, so they need one key (`detect/secrets/fleetprint`). The control plane keeps the
key ring in its key directory (``fleet-fingerprint-keys.json``, 0600: every epoch's key and
which one is current); ``bastion fleet rotate-fingerprint-key`` adds an epoch.

Delivery: a device asks ``<stream>.fpkey.<log id>`` (core NATS request/reply, answered by
the ingest replicas in a queue group, like the witness). The answer is the current key
sealed to that device's enrolled log key: the Ed25519 verifier key is mapped to its X25519
form (RFC 7748's birational map, as libsodium's ``crypto_sign_ed25519_pk_to_curve25519``),
an ephemeral X25519 exchange with it gives a ChaCha20-Poly1305 key through HKDF-SHA256,
and the device opens it with the X25519 form of its own signing seed. Anyone may ask; only
the enrolled device can open the answer, and an inactive device gets none.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bastion.detect.secrets.fleetprint import FleetPrintKey, key_id_for
from bastion.fleet.errors import FleetError

__all__ = [
    "KEYRING_FILE",
    "FleetKeyRing",
    "fpkey_subject",
    "open_sealed",
    "seal_to_device",
]

KEYRING_FILE = "fleet-fingerprint-keys.json"
_INFO = b"bastion-fleet-fpkey/v1"
_P = 2**255 - 19


def fpkey_subject(stream: str, origin: str) -> str:
    """Where a device asks for the fleet fingerprint key (core NATS request/reply)."""
    return f"{stream}.fpkey.{origin.rsplit('/', 1)[-1]}"


def _raw(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _x25519_public(ed: Ed25519PublicKey) -> X25519PublicKey:
    """The Montgomery form of an Edwards public key: u = (1 + y) / (1 - y) mod p."""
    y = int.from_bytes(_raw(ed), "little") & ((1 << 255) - 1)
    if y >= _P or y == 1:
        raise FleetError("the device key is not a usable Ed25519 point; enrol again")
    u = (1 + y) * pow(1 - y, _P - 2, _P) % _P
    return X25519PublicKey.from_public_bytes(u.to_bytes(32, "little"))


def _x25519_private(ed: Ed25519PrivateKey) -> X25519PrivateKey:
    """The X25519 scalar an Ed25519 seed signs with (SHA-512 of the seed, first half;
    X25519 clamps it), whose public key is `_x25519_public` of the signing key's."""
    seed = ed.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return X25519PrivateKey.from_private_bytes(hashlib.sha512(seed).digest()[:32])


def _aead(shared: bytes, ephemeral: bytes, recipient: bytes) -> ChaCha20Poly1305:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_INFO).derive(
        shared
    )
    return ChaCha20Poly1305(key)


def seal_to_device(key: FleetPrintKey, device_key: Ed25519PublicKey, origin: str) -> bytes:
    """The key as JSON ``{"id", "eph", "box"}``, readable only with the device's seed."""
    recipient = _x25519_public(device_key)
    ephemeral = X25519PrivateKey.generate()
    eph = _raw(ephemeral.public_key())
    box = _aead(ephemeral.exchange(recipient), eph, _raw(recipient)).encrypt(
        b"\0" * 12, key.key, _INFO + b"\0" + origin.encode() + b"\0" + key.key_id.encode()
    )  # a fresh key per message: a fixed nonce never repeats under it
    return json.dumps(
        {
            "id": key.key_id,
            "eph": base64.b64encode(eph).decode(),
            "box": base64.b64encode(box).decode(),
        }
    ).encode()


def open_sealed(data: bytes, device: Ed25519PrivateKey, origin: str) -> FleetPrintKey:
    """Open what `seal_to_device` made for this device; raises `FleetError` otherwise."""
    try:
        sealed = json.loads(data)
        eph = base64.b64decode(sealed["eph"], validate=True)
        box = base64.b64decode(sealed["box"], validate=True)
        key_id = str(sealed["id"])
        mine = _x25519_private(device)
        shared = mine.exchange(X25519PublicKey.from_public_bytes(eph))
        raw = _aead(shared, eph, _raw(mine.public_key())).decrypt(
            b"\0" * 12, box, _INFO + b"\0" + origin.encode() + b"\0" + key_id.encode()
        )
        key = FleetPrintKey(key_id, raw)
        if key.key_id != key_id_for(raw):
            raise ValueError("the key does not match its id")
    except (ValueError, KeyError, TypeError, InvalidTag) as exc:
        raise FleetError(
            f"the fleet fingerprint key did not open ({exc!r}): it was not sealed to this "
            "device's key; enrol this key again"
        ) from exc
    return key


@dataclass(frozen=True)
class FleetKeyRing:
    """The control plane's fingerprint keys, by epoch; ``current`` is what devices get."""

    current: FleetPrintKey
    epochs: tuple[tuple[str, float], ...]  # (key id, created) oldest first

    @classmethod
    def load(cls, directory: str | Path) -> FleetKeyRing | None:
        """The ring in ``directory``, None when it has none (a control plane from before
        it existed: `create` or `rotate` makes one); a damaged file raises."""
        path = Path(directory) / KEYRING_FILE
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise FleetError(f"{path} is damaged ({exc}); restore it from the key backup") from exc
        try:
            keys = {k["id"]: k for k in data["keys"]}
            now = keys[data["current"]]
            current = FleetPrintKey.from_json(json.dumps(now))
            epochs = tuple((str(k["id"]), float(k["created"])) for k in data["keys"])
        except (KeyError, TypeError, ValueError) as exc:
            raise FleetError(f"{path} is damaged ({exc}); restore it from the key backup") from exc
        return cls(current, epochs)

    @classmethod
    def rotate(cls, directory: str | Path) -> FleetKeyRing:
        """Add a new epoch and make it current (creates the ring the first time). Older
        keys stay in the file (a record of the epochs); devices get only the current."""
        path = Path(directory) / KEYRING_FILE
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            data = {"keys": []}
        except (OSError, ValueError) as exc:
            raise FleetError(f"{path} is damaged ({exc}); restore it from the key backup") from exc
        key = FleetPrintKey.new()
        data["keys"].append({"id": key.key_id, "key": key.key.hex(), "created": time.time()})
        data["current"] = key.key_id
        tmp = path.with_name(f".{KEYRING_FILE}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps(data, indent=2).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        ring = cls.load(directory)
        assert ring is not None
        return ring
