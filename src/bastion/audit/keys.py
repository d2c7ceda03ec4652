"""Ed25519 (RFC 8032) signing keys: generation and PEM (PKCS #8 / SubjectPublicKeyInfo) files.

Private key files are written owner-only (0600) and refused when other users can
read them, as ssh does.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from bastion.audit.errors import KeyFileError, KeyFormatError
from bastion.audit.note import VerifierKey

__all__ = [
    "PRIVATE_KEY_MODE",
    "generate_signing_key",
    "load_private_key",
    "load_public_key",
    "save_private_key",
    "save_public_key",
    "verifier_key",
]

PRIVATE_KEY_MODE = 0o600


def generate_signing_key() -> Ed25519PrivateKey:
    """Return a new random Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def verifier_key(name: str, public_key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Return the verifier-key string ``<name>+<hex key ID>+<base64 key>`` to hand out."""
    if isinstance(public_key, Ed25519PrivateKey):
        public_key = public_key.public_key()
    return str(VerifierKey(name, public_key))


def _write_atomically(path: Path, data: bytes, mode: int, overwrite: bool) -> None:
    """Write via a same-directory temporary file so a crash never leaves half a key."""
    if path.exists() and not overwrite:
        raise KeyFileError(
            f"{path} already exists; refusing to replace a key (pass overwrite=True only if "
            "the old key is retired, since checkpoints signed with it stay verifiable only "
            "with its public key)"
        )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        # The umask may have narrowed the mode; it can never widen it, but be exact.
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            # link() fails if the path appeared meanwhile; replace() would clobber it.
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise KeyFileError(f"{path} already exists; refusing to replace a key") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def save_private_key(
    private_key: Ed25519PrivateKey, path: str | os.PathLike[str], *, overwrite: bool = False
) -> None:
    """Write a private key as unencrypted PKCS #8 PEM, readable by its owner only (0600)."""
    data = private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    _write_atomically(Path(path), data, PRIVATE_KEY_MODE, overwrite)


def save_public_key(
    public_key: Ed25519PublicKey, path: str | os.PathLike[str], *, overwrite: bool = False
) -> None:
    """Write a public key as SubjectPublicKeyInfo PEM (mode 0644)."""
    data = public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    _write_atomically(Path(path), data, 0o644, overwrite)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"key file {path} does not exist; check the configured path") from None
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror}") from exc


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Read a PEM Ed25519 private key; refuse a file that group or others can access."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        raise KeyFileError(f"key file {path} does not exist; check the configured path") from None
    if mode & 0o077:
        raise KeyFileError(
            f"private key file {path} has mode {mode:04o}, so other users can read it: run "
            f"'chmod 600 {path}', and replace the key if others may have copied it"
        )
    try:
        key = load_pem_private_key(_read(path), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFormatError(
            f"{path} is not an unencrypted PEM private key ({exc}); write it with save_private_key"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFormatError(
            f"{path} holds a {type(key).__name__}; audit checkpoints are signed with Ed25519, "
            "generate one with generate_signing_key"
        )
    return key


def load_public_key(path: str | os.PathLike[str]) -> Ed25519PublicKey:
    """Read a PEM Ed25519 public key."""
    path = Path(path)
    try:
        key = load_pem_public_key(_read(path))
    except ValueError as exc:
        raise KeyFormatError(f"{path} is not a PEM public key ({exc})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFormatError(
            f"{path} holds a {type(key).__name__}; audit checkpoints are verified with Ed25519"
        )
    return key
