"""Signed notes of C2SP signed-note v1 with Ed25519 signatures (RFC 8032), and verifier keys.

A note is a text ending in a newline, a blank line, then signature lines
``— <key name> <base64(4-byte key ID || signature)>``. The key ID is
``SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]``, and a verifier key
is written ``<name>+<8 hex digits of key ID>+<base64(0x01 || public key)>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bastion.audit.errors import CheckpointFormatError, CheckpointSignatureError, KeyFormatError

__all__ = [
    "ED25519_SIGNATURE_SIZE",
    "EM_DASH",
    "KEY_ID_SIZE",
    "MAX_SIGNATURES",
    "SIGNATURE_TYPE_ED25519",
    "NoteSignature",
    "SignedNote",
    "VerifierKey",
    "check_key_name",
    "check_note_text",
    "key_id",
    "public_key_bytes",
    "sign_note",
    "signature_line",
    "verified_signers",
]

SIGNATURE_TYPE_ED25519 = 0x01
"""Signature type identifier byte of Ed25519 in C2SP signed-note."""

ED25519_SIGNATURE_SIZE = 64
KEY_ID_SIZE = 4

MAX_SIGNATURES = 100
"""Notes with more signature lines are refused; the spec requires accepting at least 16."""

EM_DASH = "\u2014"


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    """Return the 32-byte RFC 8032 encoding of an Ed25519 public key."""
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def check_key_name(name: str) -> None:
    """Raise `KeyFormatError` unless ``name`` is a valid signed-note key name."""
    if not isinstance(name, str) or not name:
        raise KeyFormatError("key name must be a non-empty string, e.g. 'bastion.example/log'")
    if "+" in name or any(c.isspace() for c in name) or not name.isprintable():
        raise KeyFormatError(
            f"key name {name!r} contains a space, '+' or control character, which signed "
            "notes forbid; use a schema-less URL such as 'bastion.example/log'"
        )


def key_id(
    name: str, public_key: Ed25519PublicKey, signature_type: int = SIGNATURE_TYPE_ED25519
) -> bytes:
    """Return the 4-byte key ID: ``SHA-256(name || 0x0A || type || public key)[:4]``, type
    0x01 for a log's Ed25519 key (0x04 for a cosignature/v1 witness key)."""
    check_key_name(name)
    digest = hashlib.sha256(
        name.encode() + b"\n" + bytes([signature_type]) + public_key_bytes(public_key)
    ).digest()
    return digest[:KEY_ID_SIZE]


@dataclass(frozen=True)
class VerifierKey:
    """A named Ed25519 public key, as written in a signed-note verifier-key string."""

    name: str
    public_key: Ed25519PublicKey

    def __post_init__(self) -> None:
        check_key_name(self.name)

    @property
    def key_id(self) -> bytes:
        """The 4-byte key ID derived from the name and the public key."""
        return key_id(self.name, self.public_key)

    def __str__(self) -> str:
        encoded = base64.b64encode(
            bytes([SIGNATURE_TYPE_ED25519]) + public_key_bytes(self.public_key)
        ).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        """Parse ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
        # The base64 part may itself contain '+', the name may not: split twice only.
        parts = text.strip().split("+", 2)
        if len(parts) != 3:
            raise KeyFormatError(
                f"verifier key {text!r} is not '<name>+<key id>+<base64 key>'; copy the "
                "whole verifier key string"
            )
        name, hex_id, encoded = parts
        check_key_name(name)
        if len(hex_id) != 2 * KEY_ID_SIZE or hex_id != hex_id.lower():
            raise KeyFormatError(
                f"verifier key for {name!r} has key id {hex_id!r}; it must be 8 lowercase "
                "hex digits"
            )
        try:
            raw_id = bytes.fromhex(hex_id)
            raw = base64.b64decode(encoded, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise KeyFormatError(
                f"verifier key for {name!r} is not valid hex and base64: {exc}; copy it again"
            ) from exc
        if len(raw) != 33 or raw[0] != SIGNATURE_TYPE_ED25519:
            raise KeyFormatError(
                f"verifier key for {name!r} is not an Ed25519 key (type byte 0x01 followed by "
                "32 bytes); only Ed25519 verifier keys are supported"
            )
        key = cls(name, Ed25519PublicKey.from_public_bytes(raw[1:]))
        if key.key_id != raw_id:
            raise KeyFormatError(
                f"verifier key for {name!r} says key id {hex_id} but its name and key give "
                f"{key.key_id.hex()}: the string was mistyped or edited; copy it again"
            )
        return key


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: key name, 4-byte key ID and the raw signature."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        """Return the signature line, newline included."""
        encoded = base64.b64encode(self.key_id + self.signature).decode()
        return f"{EM_DASH} {self.name} {encoded}\n"


@dataclass(frozen=True)
class SignedNote:
    """A parsed, not yet verified, signed note."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def __str__(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)

    @classmethod
    def parse(cls, note: str | bytes) -> SignedNote:
        """Split a note into text and signature lines; raises `CheckpointFormatError`."""
        if isinstance(note, bytes):
            try:
                note = note.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CheckpointFormatError(
                    f"signed note is not valid UTF-8 ({exc}); it was damaged in transit, "
                    "fetch it again"
                ) from exc
        for position, char in enumerate(note):
            if char < " " and char != "\n":
                hint = (
                    " (Windows line endings: convert \\r\\n to \\n)"
                    if char == "\r"
                    else " (signed notes allow only newline)"
                )
                raise CheckpointFormatError(
                    f"signed note has control character {char!r} at offset {position}{hint}"
                )
        if not note.endswith("\n"):
            raise CheckpointFormatError(
                "signed note does not end with a newline: it was truncated, fetch it again"
            )
        split = note.rfind("\n\n")
        if split < 0:
            raise CheckpointFormatError(
                "signed note has no blank line between its text and its signatures: it is "
                "unsigned or was truncated; sign it or fetch it again"
            )
        text, block = note[: split + 1], note[split + 2 :]
        lines = block[:-1].split("\n") if block else []
        if not lines:
            raise CheckpointFormatError(
                "signed note has no signature lines after the blank line; sign it first"
            )
        if len(lines) > MAX_SIGNATURES:
            raise CheckpointFormatError(
                f"signed note has {len(lines)} signature lines, more than the {MAX_SIGNATURES} "
                "accepted"
            )
        return cls(text, tuple(_parse_signature_line(n, line) for n, line in enumerate(lines, 1)))


def _parse_signature_line(number: int, line: str) -> NoteSignature:
    prefix = EM_DASH + " "
    if not line.startswith(prefix):
        raise CheckpointFormatError(
            f"signature line {number} does not start with an em dash (U+2014) and a space: "
            f"{line[:40]!r}; an ASCII '-' is not accepted"
        )
    fields = line[len(prefix) :].split(" ")
    if len(fields) != 2 or not fields[0] or not fields[1]:
        raise CheckpointFormatError(
            f"signature line {number} is not '{EM_DASH} <key name> <base64 signature>' "
            "with single spaces"
        )
    name, encoded = fields
    try:
        check_key_name(name)
    except KeyFormatError as exc:
        raise CheckpointFormatError(f"signature line {number}: {exc}") from exc
    try:
        raw = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise CheckpointFormatError(
            f"signature line {number} ({name}) is not valid standard base64: {exc}"
        ) from exc
    if len(raw) <= KEY_ID_SIZE:
        raise CheckpointFormatError(
            f"signature line {number} ({name}) holds {len(raw)} bytes, too short for a key id "
            "and a signature"
        )
    return NoteSignature(name, raw[:KEY_ID_SIZE], raw[KEY_ID_SIZE:])


def signature_line(text: str, private_key: Ed25519PrivateKey, key_name: str) -> NoteSignature:
    """Sign a note text with Ed25519 and return its signature line."""
    check_note_text(text)
    return NoteSignature(
        key_name, key_id(key_name, private_key.public_key()), private_key.sign(text.encode())
    )


def check_note_text(text: str) -> None:
    """Raise `CheckpointFormatError` unless ``text`` can be the text of a signed note."""
    if not text.endswith("\n"):
        raise CheckpointFormatError("note text must end with a newline")
    if any(c < " " and c != "\n" for c in text):
        raise CheckpointFormatError("note text may contain no control characters but newline")


def sign_note(text: str, private_key: Ed25519PrivateKey, key_name: str) -> str:
    """Return ``text`` as a signed note carrying one Ed25519 signature by ``key_name``."""
    return str(SignedNote(text, (signature_line(text, private_key, key_name),)))


def verified_signers(
    note: SignedNote,
    trusted_keys: Mapping[str, Ed25519PublicKey],
    *,
    required: Collection[str] = (),
    require_all: bool = False,
) -> list[str]:
    """Verify a note's signatures; return the names of the trusted keys that signed it.

    As the spec requires, lines from keys not in ``trusted_keys`` (by name and key ID
    together) are ignored, a bad signature from a trusted key rejects the whole note,
    and a note with no valid trusted signature is rejected. Beyond that, every name in
    ``required`` (or every trusted key, with ``require_all``) must have signed.
    """
    if not trusted_keys:
        raise CheckpointSignatureError(
            "no trusted keys were given: configure at least one verifier key"
        )
    wanted = set(trusted_keys) if require_all else set(required)
    unknown_required = wanted - set(trusted_keys)
    if unknown_required:
        raise CheckpointSignatureError(
            f"required signer(s) {', '.join(sorted(unknown_required))} are not among the "
            "trusted keys: add their verifier keys"
        )
    verified: list[str] = []
    ignored: list[str] = []
    for sig in note.signatures:
        public_key = trusted_keys.get(sig.name)
        if public_key is None:
            ignored.append(f"{sig.name} (not a trusted key name)")
            continue
        expected_id = key_id(sig.name, public_key)
        if sig.key_id != expected_id:
            ignored.append(
                f"{sig.name} (key id {sig.key_id.hex()}, but the trusted key of that name has "
                f"id {expected_id.hex()}; if that signer rotated its key, trust the new "
                "verifier key)"
            )
            continue
        try:
            if len(sig.signature) != ED25519_SIGNATURE_SIZE:
                raise InvalidSignature
            public_key.verify(sig.signature, note.text.encode())
        except InvalidSignature:
            raise CheckpointSignatureError(
                f"signature by trusted key {sig.name} ({sig.key_id.hex()}) does not verify: "
                "the note text was changed after signing or the signature was damaged; do "
                "not trust this note, fetch it again from its source"
            ) from None
        if sig.name not in verified:
            verified.append(sig.name)
    if not verified:
        seen = "; ".join(ignored) if ignored else "none"
        raise CheckpointSignatureError(
            f"note has no signature from a trusted key (trusted: "
            f"{', '.join(sorted(trusted_keys))}; signatures seen: {seen}): add the signer's "
            "verifier key to the trusted keys, or get a note signed by a trusted key"
        )
    missing = sorted(wanted - set(verified))
    if missing:
        raise CheckpointSignatureError(
            f"note lacks a valid signature by required key(s) {', '.join(missing)} (signed "
            f"by: {', '.join(verified)}): have {', '.join(missing)} cosign it first"
        )
    return verified
