"""The daemon's key for secret fingerprints, shared with the hook's in-process fallback.

Both must fingerprint a secret alike (``Engine.fingerprint_key``), so both read the same
file; whichever process needs it first creates it.
"""

from __future__ import annotations

import os

from bastion.config import Home

__all__ = ["secret_key"]


def secret_key(home: Home) -> bytes:
    """32 random bytes, created once (0600); a creator racing another reads the winner's."""
    path = home.keys_dir / "fingerprint.key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    key = os.urandom(32)
    # Written whole under a temporary name, then linked: a reader never sees half a key.
    tmp = path.with_name(f".fingerprint.key.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return path.read_bytes()
    finally:
        os.unlink(tmp)
    return key
