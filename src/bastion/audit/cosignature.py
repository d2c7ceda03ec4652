"""Witness cosignatures of C2SP tlog-cosignature ``cosignature/v1`` (Ed25519).

A witness does not sign the checkpoint body itself: it signs ``cosignature/v1\\n``,
``time <unix seconds>\\n`` and then the body, and its signature line carries those
8 timestamp bytes (big-endian) before the 64-byte Ed25519 signature. Its key ID uses
signature type 0x04, so a witness key can never be mistaken for a log key (type 0x01)
and a cosignature can never pass as the log's own signature, or the reverse.

A cosignature states "as of this time, this is the largest consistent tree I have seen
for this log": a witness that holds it cannot be shown a shorter or different history
for the same log without noticing, whoever holds the log's key.
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bastion.audit.errors import CheckpointSignatureError, KeyFormatError
from bastion.audit.note import (
    ED25519_SIGNATURE_SIZE,
    NoteSignature,
    SignedNote,
    check_key_name,
    check_note_text,
    key_id,
    public_key_bytes,
)

__all__ = [
    "HEADER",
    "MAX_TIMESTAMP",
    "SIGNATURE_TYPE_COSIGNATURE_V1",
    "Cosigned",
    "CosignerKey",
    "add_signature_lines",
    "cosign_body",
    "cosigner_key_id",
    "signed_message",
    "verify_cosignatures",
]

SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04
"""Signature type byte of Ed25519 ``cosignature/v1`` in key IDs and verifier keys."""

HEADER = "cosignature/v1\n"
MAX_TIMESTAMP = 2**63 - 1


def cosigner_key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """``SHA-256(name || 0x0A || 0x04 || public key)[:4]``."""
    return key_id(name, public_key, SIGNATURE_TYPE_COSIGNATURE_V1)


def signed_message(body: str, timestamp: int) -> bytes:
    """What a ``cosignature/v1`` signs: header line, time line, the checkpoint body."""
    check_note_text(body)
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise CheckpointSignatureError(f"cosignature time {timestamp} is out of range")
    return f"{HEADER}time {timestamp}\n{body}".encode()


def cosign_body(
    body: str, private_key: Ed25519PrivateKey, name: str, timestamp: int
) -> NoteSignature:
    """The witness's signature line over a checkpoint body at ``timestamp``."""
    signature = private_key.sign(signed_message(body, timestamp))
    return NoteSignature(
        name,
        cosigner_key_id(name, private_key.public_key()),
        struct.pack(">Q", timestamp) + signature,
    )


@dataclass(frozen=True)
class CosignerKey:
    """A witness's name and Ed25519 key, written ``<name>+<key id>+<base64(0x04 || key)>``."""

    name: str
    public_key: Ed25519PublicKey

    def __post_init__(self) -> None:
        check_key_name(self.name)

    @property
    def key_id(self) -> bytes:
        return cosigner_key_id(self.name, self.public_key)

    def __str__(self) -> str:
        raw = bytes([SIGNATURE_TYPE_COSIGNATURE_V1]) + public_key_bytes(self.public_key)
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(raw).decode()}"

    @classmethod
    def parse(cls, text: str) -> CosignerKey:
        """Parse a witness verifier key (signature type 0x04); raises `KeyFormatError`."""
        parts = text.strip().split("+", 2)
        if len(parts) != 3:
            raise KeyFormatError(
                f"witness key {text[:60]!r} is not '<name>+<key id>+<base64 key>'; copy the "
                "witness's whole verifier key (`bastion audit witness-key` prints ours)"
            )
        name, hex_id, encoded = parts
        try:
            raw = base64.b64decode(encoded, validate=True)
            raw_id = bytes.fromhex(hex_id)
        except (ValueError, binascii.Error) as exc:
            raise KeyFormatError(f"witness key for {name!r} is not hex and base64: {exc}") from exc
        if len(raw) != 33 or raw[0] != SIGNATURE_TYPE_COSIGNATURE_V1:
            raise KeyFormatError(
                f"witness key for {name!r} is not a cosignature/v1 Ed25519 key (type byte "
                "0x04 and 32 bytes); a log's own verifier key (type 0x01) cannot witness"
            )
        key = cls(name, Ed25519PublicKey.from_public_bytes(raw[1:]))
        if key.key_id != raw_id:
            raise KeyFormatError(
                f"witness key for {name!r} says key id {hex_id} but its name and key give "
                f"{key.key_id.hex()}: it was mistyped or edited; copy it again"
            )
        return key


@dataclass(frozen=True)
class Cosigned:
    """A valid cosignature found on a note: who, and the time it states."""

    name: str
    timestamp: int


def verify_cosignatures(
    note_text: str | bytes, witnesses: Mapping[str, Ed25519PublicKey]
) -> list[Cosigned]:
    """The valid cosignatures on a signed checkpoint by the given witnesses.

    Lines from other keys (the log's own, unknown witnesses) are ignored, as the spec
    says; a line by a known witness that does not verify raises
    `CheckpointSignatureError`: someone forged or damaged it.
    """
    note = SignedNote.parse(note_text)
    found: list[Cosigned] = []
    for sig in note.signatures:
        key = witnesses.get(sig.name)
        if key is None or sig.key_id != cosigner_key_id(sig.name, key):
            continue
        if len(sig.signature) != 8 + ED25519_SIGNATURE_SIZE:
            raise CheckpointSignatureError(
                f"cosignature by witness {sig.name} has {len(sig.signature)} bytes, not 72"
            )
        (timestamp,) = struct.unpack(">Q", sig.signature[:8])
        try:
            key.verify(sig.signature[8:], signed_message(note.text, timestamp))
        except (InvalidSignature, CheckpointSignatureError):
            raise CheckpointSignatureError(
                f"cosignature by witness {sig.name} does not verify: the checkpoint or the "
                "cosignature was changed after the witness signed; do not trust this note"
            ) from None
        if all(c.name != sig.name for c in found):
            found.append(Cosigned(sig.name, timestamp))
    return found


def add_signature_lines(note_text: str, lines: str) -> str:
    """The note with extra signature lines (a witness's answer) appended, deduplicated."""
    note = SignedNote.parse(note_text)
    extra = SignedNote.parse(note.text + "\n" + lines).signatures
    have = {s.line() for s in note.signatures}
    merged = list(note.signatures) + [s for s in extra if s.line() not in have]
    return str(SignedNote(note.text, tuple(merged)))
