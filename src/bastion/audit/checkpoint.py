"""Signed tree heads in the C2SP tlog-checkpoint format, carried in C2SP signed notes.

The body is ``<origin>\\n<tree size>\\n<base64 root hash>\\n`` followed by extension
lines; Bastion adds ``time <unix seconds>`` as one. The log signs it with Ed25519,
and a control plane or auditor cosigns the same body, after which the machine that
wrote the log can no longer present a different history for that size.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bastion.audit.errors import (
    CheckpointFormatError,
    CheckpointOriginError,
)
from bastion.audit.merkle import HASH_SIZE
from bastion.audit.note import (
    SignedNote,
    key_id,
    sign_note,
    signature_line,
    verified_signers,
)

__all__ = [
    "TIME_EXTENSION",
    "Checkpoint",
    "cosign",
    "sign_checkpoint",
    "verify_note",
]

TIME_EXTENSION = "time"
"""Keyword of the extension line holding the checkpoint's Unix time in seconds."""


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: which log, how many entries, their Merkle root, and when."""

    origin: str
    size: int
    root_hash: bytes
    timestamp: int | None = None
    extensions: tuple[str, ...] = ()
    """Extension lines other than ``time``, kept verbatim."""

    def __post_init__(self) -> None:
        origin = self.origin
        if not isinstance(origin, str) or not origin:
            raise CheckpointFormatError("checkpoint origin must be a non-empty string")
        if not origin.isprintable():
            raise CheckpointFormatError(
                f"checkpoint origin {origin!r} contains a newline or control character"
            )
        if not isinstance(self.size, int) or isinstance(self.size, bool) or self.size < 0:
            raise CheckpointFormatError(
                f"checkpoint size must be a non-negative integer, got {self.size!r}"
            )
        if not isinstance(self.root_hash, bytes) or len(self.root_hash) != HASH_SIZE:
            raise CheckpointFormatError(f"checkpoint root hash must be {HASH_SIZE} bytes")
        if self.timestamp is not None and (
            not isinstance(self.timestamp, int)
            or isinstance(self.timestamp, bool)
            or self.timestamp < 0
        ):
            raise CheckpointFormatError(
                f"checkpoint time must be non-negative Unix seconds, got {self.timestamp!r}"
            )
        for line in self.extensions:
            if not line or not line.isprintable():
                raise CheckpointFormatError(
                    f"checkpoint extension line {line!r} is empty or has control characters"
                )
            if line.split(" ", 1)[0] == TIME_EXTENSION:
                raise CheckpointFormatError(
                    "pass the time as Checkpoint.timestamp, not as an extension line"
                )

    def body(self) -> str:
        """Return the note text that is signed."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        if self.timestamp is not None:
            lines.append(f"{TIME_EXTENSION} {self.timestamp}")
        lines.extend(self.extensions)
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Parse a checkpoint body (the note text); raises `CheckpointFormatError`."""
        if not body.endswith("\n"):
            raise CheckpointFormatError("checkpoint body must end with a newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointFormatError(
                f"checkpoint body has {len(lines)} lines; it needs at least origin, tree size "
                "and root hash"
            )
        origin, size_text, root_text, *rest = lines
        if (
            not size_text.isdigit()
            or not size_text.isascii()
            or (len(size_text) > 1 and size_text[0] == "0")
        ):
            raise CheckpointFormatError(
                f"checkpoint tree size {size_text!r} is not a decimal number without leading zeros"
            )
        try:
            root_hash = base64.b64decode(root_text, validate=True)
        except binascii.Error as exc:
            raise CheckpointFormatError(
                f"checkpoint root hash {root_text!r} is not standard base64: {exc}"
            ) from exc
        if len(root_hash) != HASH_SIZE:
            raise CheckpointFormatError(
                f"checkpoint root hash decodes to {len(root_hash)} bytes, not {HASH_SIZE}"
            )
        timestamp: int | None = None
        extensions: list[str] = []
        for line in rest:
            if not line:
                raise CheckpointFormatError("checkpoint extension lines must not be empty")
            keyword, _, value = line.partition(" ")
            if keyword != TIME_EXTENSION:
                extensions.append(line)
                continue
            if timestamp is not None:
                raise CheckpointFormatError("checkpoint has more than one time line")
            if not value.isdigit() or not value.isascii() or (len(value) > 1 and value[0] == "0"):
                raise CheckpointFormatError(
                    f"checkpoint time {value!r} is not Unix seconds as a decimal number"
                )
            timestamp = int(value)
        return cls(origin, int(size_text), root_hash, timestamp, tuple(extensions))


def sign_checkpoint(
    checkpoint: Checkpoint, private_key: Ed25519PrivateKey, key_name: str | None = None
) -> str:
    """Return the checkpoint as a signed note; the key name defaults to the origin."""
    return sign_note(
        checkpoint.body(), private_key, checkpoint.origin if key_name is None else key_name
    )


def cosign(
    note_text: str,
    private_key: Ed25519PrivateKey,
    key_name: str,
    *,
    trusted_keys: Mapping[str, Ed25519PublicKey] | None = None,
) -> str:
    """Add a signature line by ``key_name`` to a signed checkpoint.

    Give ``trusted_keys`` (at least the log's key) so the cosigner checks what it
    endorses first; without it the existing signatures are kept unchecked. Cosigning
    twice with the same key returns the note unchanged.
    """
    note = SignedNote.parse(note_text)
    Checkpoint.parse(note.text)
    if trusted_keys is not None:
        verified_signers(note, trusted_keys)
    own_id = key_id(key_name, private_key.public_key())
    if any(s.name == key_name and s.key_id == own_id for s in note.signatures):
        return str(note)
    line = signature_line(note.text, private_key, key_name)
    return str(SignedNote(note.text, (*note.signatures, line)))


def verify_note(
    note_text: str | bytes,
    trusted_keys: Mapping[str, Ed25519PublicKey],
    *,
    required: Collection[str] = (),
    require_all: bool = False,
    origin: str | None = None,
) -> Checkpoint:
    """Verify a signed checkpoint and return it.

    At least one signature by a key in ``trusted_keys`` (name -> public key) must
    verify; in addition each key named in ``required`` must have signed, or every
    trusted key when ``require_all``. With ``origin`` the checkpoint must be that log's.
    Raises `CheckpointFormatError`, `CheckpointSignatureError` or `CheckpointOriginError`.
    """
    note = SignedNote.parse(note_text)
    checkpoint = Checkpoint.parse(note.text)
    verified_signers(note, trusted_keys, required=required, require_all=require_all)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointOriginError(
            f"checkpoint is for log {checkpoint.origin!r}, not {origin!r}: it was fetched from "
            "the wrong log, or the same key signs several logs; fetch the checkpoint of "
            f"{origin!r}"
        )
    return checkpoint
