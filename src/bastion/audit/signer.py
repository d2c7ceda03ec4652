"""The log's own Ed25519 key in ``<home>/keys/``: made on first use, then signs checkpoints.

The origin (log name) is derived from the public key, ``bastion.log/<16 hex digits>``,
so two machines' logs never share a name and the key name in every signature line is
the origin itself. Beside the private key (0600) lie its public key and its verifier-key
string, to hand to auditors.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bastion.audit.checkpoint import Checkpoint, sign_checkpoint
from bastion.audit.errors import KeyFileError
from bastion.audit.keys import (
    generate_signing_key,
    load_private_key,
    save_private_key,
    save_public_key,
    verifier_key,
)
from bastion.audit.note import public_key_bytes

__all__ = [
    "LOG_KEY_FILE",
    "LOG_PUBLIC_KEY_FILE",
    "LOG_VERIFIER_FILE",
    "LogSigner",
    "origin_for",
]

LOG_KEY_FILE = "audit-log.pem"
LOG_PUBLIC_KEY_FILE = "audit-log.pub"
LOG_VERIFIER_FILE = "audit-log.vkey"


def origin_for(public_key: Ed25519PublicKey) -> str:
    """The log name that goes with a log key."""
    return "bastion.log/" + hashlib.sha256(public_key_bytes(public_key)).hexdigest()[:16]


@dataclass(frozen=True)
class LogSigner:
    """Signs checkpoints of one log as its origin."""

    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def origin(self) -> str:
        return origin_for(self.public_key)

    @property
    def verifier_key(self) -> str:
        """``<origin>+<key id>+<base64 key>``: what an auditor needs to check checkpoints."""
        return verifier_key(self.origin, self.public_key)

    def sign(self, size: int, root: bytes, timestamp: int) -> str:
        return sign_checkpoint(Checkpoint(self.origin, size, root, timestamp), self.private_key)

    @classmethod
    def for_keys_dir(cls, keys_dir: str | os.PathLike[str]) -> LogSigner:
        """Load the log key from ``keys_dir``, generating it (0600) on first use."""
        directory = Path(keys_dir)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / LOG_KEY_FILE
        if not path.exists():
            key = generate_signing_key()
            try:
                save_private_key(key, path)
            except KeyFileError:
                pass  # another process made it first: use theirs
            else:
                signer = cls(key)
                save_public_key(key.public_key(), directory / LOG_PUBLIC_KEY_FILE, overwrite=True)
                (directory / LOG_VERIFIER_FILE).write_text(signer.verifier_key + "\n")
        return cls(load_private_key(path))
