"""The daemon's keys for secret fingerprints, shared with the hook's in-process fallback.

Both must fingerprint a secret alike (``Engine.fingerprint_key``), so both read the same
file; whichever process needs it first creates it. An enrolled device also holds the
fleet's fingerprint key (`detect/secrets/fleetprint`), written by ``bastion fleet publish``
and read here (`FleetPrintFile`) when a session opens.
"""

from __future__ import annotations

import os

from bastion.config import Home
from bastion.detect.secrets.fleetprint import FLEET_PRINT_FILE, FleetPrintRing

__all__ = ["FleetPrintFile", "secret_key"]


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


class FleetPrintFile:
    """The home's fleet fingerprint key, read again only when the file changed (one
    ``stat`` per new session): a key fetched or rotated while the daemon runs applies to
    the sessions opened after it, without a restart; the keys it replaced stay in the ring
    for the overlap (round 12), so sessions open across a rotation keep their epoch."""

    def __init__(self, home: Home) -> None:
        self.path = home.keys_dir / FLEET_PRINT_FILE
        self._seen: tuple[int, int, int] | None = None
        self._key: FleetPrintRing | None = None

    def __call__(self) -> FleetPrintRing | None:
        try:
            st = os.stat(self.path)
        except OSError:
            self._seen, self._key = None, None
            return None
        seen = (st.st_ino, st.st_mtime_ns, st.st_size)
        if seen != self._seen:
            self._key = FleetPrintRing.load(self.path.parent)
            self._seen = seen
        return self._key
