"""Ed25519 key files and the session-signing key ring: creation, rotation, retirement.

Private keys are PKCS #8 PEM files written owner-only (0600) and refused when group or
others can read them. The ring (``<home>/keys/session-keys.json``) lists every key that may
still verify a credential: the newest signs; a rotated key stays listed, for verification
only, until every credential it signed has expired (retired time plus the longest
lifetime a credential can have), and is then dropped together with its private file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)

from bastion.identity.errors import IdentityError
from bastion.identity.jws import b64url_decode, b64url_encode

PRIVATE_MODE = 0o600
RING_FILE = "session-keys.json"


def write_private(path: Path, data: bytes, mode: int = PRIVATE_MODE) -> None:
    """Write ``data`` atomically with ``mode`` (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def save_private_key(key: Ed25519PrivateKey, path: Path) -> None:
    write_private(path, key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        raise IdentityError(f"key file {path} does not exist") from None
    if mode & 0o077:
        raise IdentityError(
            f"private key file {path} has mode {mode:04o}, so other users can read it: run "
            f"'chmod 600 {path}', then `bastion keys rotate` in case it was copied"
        )
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise IdentityError(f"{path} is not a readable PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise IdentityError(f"{path} does not hold an Ed25519 key")
    return key


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short stable id: the first 16 hex digits of SHA-256 over the raw public key."""
    return hashlib.sha256(raw_public(key)).hexdigest()[:16]


@dataclass(slots=True)
class RingKey:
    kid: str
    public: Ed25519PublicKey
    created: float
    retired: float | None = None  # when it stopped signing

    def to_dict(self) -> dict[str, Any]:
        return {
            "kid": self.kid,
            "public": b64url_encode(raw_public(self.public)),
            "created": self.created,
            "retired": self.retired,
        }


class KeyRing:
    """The session-signing keys of one home. ``max_lifetime`` bounds any credential's life."""

    def __init__(self, keys_dir: Path, max_lifetime: float) -> None:
        self.dir = keys_dir
        self.max_lifetime = max_lifetime
        self.path = keys_dir / RING_FILE
        self.keys: dict[str, RingKey] = {}
        self._signing: tuple[str, Ed25519PrivateKey] | None = None
        self._stamp: tuple[int, int, int] | None = None
        self.load()
        if not self.keys:
            self.rotate()

    def _private_path(self, kid: str) -> Path:
        return self.dir / f"session-{kid}.key"

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def load(self) -> None:
        stamp = self._file_stamp()
        if stamp is None:
            self.keys, self._signing, self._stamp = {}, None, None
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            keys = {}
            for item in data["keys"]:
                public = Ed25519PublicKey.from_public_bytes(b64url_decode(item["public"]))
                if key_id(public) != item["kid"]:
                    raise ValueError(f"key id {item['kid']} does not match its public key")
                keys[item["kid"]] = RingKey(
                    item["kid"], public, float(item["created"]), item.get("retired")
                )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IdentityError(
                f"{self.path} is unreadable ({exc}); restore it, or delete it and run "
                "`bastion keys rotate` (every live session credential then stops verifying)"
            ) from exc
        self.keys, self._signing, self._stamp = keys, None, stamp

    def refresh(self) -> None:
        """Reload if another process (the CLI) rotated keys since we last read the ring."""
        if self._file_stamp() != self._stamp:
            self.load()

    def _save(self) -> None:
        data = {"keys": [k.to_dict() for k in self.keys.values()]}
        write_private(self.path, (json.dumps(data, indent=2) + "\n").encode(), 0o644)
        self._stamp = self._file_stamp()

    @property
    def active(self) -> RingKey:
        live = [k for k in self.keys.values() if k.retired is None]
        if not live:
            raise IdentityError(
                f"no active session-signing key in {self.path}; run `bastion keys rotate`"
            )
        return max(live, key=lambda k: k.created)

    def signing_key(self) -> tuple[str, Ed25519PrivateKey]:
        active = self.active
        if self._signing is None or self._signing[0] != active.kid:
            self._signing = (active.kid, load_private_key(self._private_path(active.kid)))
        return self._signing

    def public_key(self, kid: str) -> Ed25519PublicKey | None:
        key = self.keys.get(kid)
        return key.public if key is not None else None

    def rotate(self, now: float | None = None) -> tuple[str, list[str]]:
        """Make a new signing key; retire the current one. Returns (new kid, dropped kids)."""
        now = time.time() if now is None else now
        private = Ed25519PrivateKey.generate()
        public = private.public_key()
        kid = key_id(public)
        save_private_key(private, self._private_path(kid))
        for key in self.keys.values():
            if key.retired is None:
                key.retired = now
        self.keys[kid] = RingKey(kid, public, now)
        dropped = self.prune(now, save=False)
        self._save()
        self._signing = (kid, private)
        return kid, dropped

    def prune(self, now: float | None = None, *, save: bool = True) -> list[str]:
        """Drop retired keys whose every credential has expired; returns their ids."""
        now = time.time() if now is None else now
        dropped = [
            k.kid
            for k in self.keys.values()
            if k.retired is not None and k.retired + self.max_lifetime < now
        ]
        for kid in dropped:
            del self.keys[kid]
            with contextlib.suppress(FileNotFoundError):
                self._private_path(kid).unlink()
        if dropped and save:
            self._save()
        return dropped
