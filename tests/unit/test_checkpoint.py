"""Signed notes, checkpoints and signing keys against the published Go vector and tampering."""

from __future__ import annotations

import base64
import os
import re
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bastion.audit import (
    Checkpoint,
    CheckpointFormatError,
    CheckpointOriginError,
    CheckpointSignatureError,
    KeyFileError,
    KeyFormatError,
    MerkleTree,
    SignedNote,
    VerifierKey,
    cosign,
    generate_signing_key,
    key_id,
    leaf_hash,
    load_private_key,
    load_public_key,
    save_private_key,
    save_public_key,
    sign_checkpoint,
    sign_note,
    verifier_key,
    verify_note,
)
from bastion.audit.note import verified_signers

# --- Published signed-note vector -------------------------------------------------------
# golang.org/x/mod/sumdb/note, note.go package documentation and note_test.go / example_test.go
# (the "PeterNeumann" key). Ed25519 is deterministic (RFC 8032), so signing the same text
# with the same key must reproduce the published signature byte for byte.
GO_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n"
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZS"
    "NXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def go_private_key() -> Ed25519PrivateKey:
    # The Go signer-key string is "PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)".
    raw = base64.b64decode(GO_SIGNER_KEY.split("+", 4)[4])
    assert raw[0] == 0x01
    return Ed25519PrivateKey.from_private_bytes(raw[1:])


def test_go_note_vector_is_reproduced() -> None:
    private = go_private_key()
    assert key_id("PeterNeumann", private.public_key()).hex() == "c74f20a3"
    assert verifier_key("PeterNeumann", private) == GO_VERIFIER_KEY
    assert sign_note(GO_TEXT, private, "PeterNeumann") == GO_NOTE


def test_go_verifier_key_parses_and_verifies_go_note() -> None:
    vkey = VerifierKey.parse(GO_VERIFIER_KEY)
    assert vkey.name == "PeterNeumann"
    assert vkey.key_id.hex() == "c74f20a3"
    assert str(vkey) == GO_VERIFIER_KEY
    note = SignedNote.parse(GO_NOTE)
    assert note.text == GO_TEXT
    assert str(note) == GO_NOTE
    assert verified_signers(note, {vkey.name: vkey.public_key}) == ["PeterNeumann"]
    # Not a checkpoint body, so it is not a valid checkpoint even though it is signed.
    with pytest.raises(CheckpointFormatError, match="tree size"):
        verify_note(GO_NOTE, {vkey.name: vkey.public_key})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("PeterNeumann+c74f20a3", "is not '<name>+<key id>+<base64 key>'"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "mistyped"),
        ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "lowercase"),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "hex and base64"),
        ("PeterNeumann+c74f20a3+AhpcQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=", "Ed25519"),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "space"),
        ("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "non-empty"),
    ],
)
def test_bad_verifier_keys_are_refused(text: str, message: str) -> None:
    with pytest.raises(KeyFormatError, match=re.escape(message)):
        VerifierKey.parse(text)


# --- Checkpoints -------------------------------------------------------------------------

ORIGIN = "bastion.example/log/dev-laptop"
LOG_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
CONTROL_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32, 64)))
AUDITOR_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(64, 96)))
CONTROL = "bastion.example/control-plane"
AUDITOR = "auditor.example/witness"
TREE = MerkleTree([leaf_hash(f"event {i}".encode()) for i in range(10)])
CHECKPOINT = Checkpoint(ORIGIN, 10, TREE.root(), timestamp=1_700_000_000)
TRUST_LOG: dict[str, Ed25519PublicKey] = {ORIGIN: LOG_KEY.public_key()}
TRUST_ALL: dict[str, Ed25519PublicKey] = {
    ORIGIN: LOG_KEY.public_key(),
    CONTROL: CONTROL_KEY.public_key(),
    AUDITOR: AUDITOR_KEY.public_key(),
}


def signed() -> str:
    return sign_checkpoint(CHECKPOINT, LOG_KEY)


def test_checkpoint_body_format() -> None:
    root = base64.b64encode(TREE.root()).decode()
    assert CHECKPOINT.body() == f"{ORIGIN}\n10\n{root}\ntime 1700000000\n"
    note = signed()
    body, _, signatures = note.partition("\n\n")
    assert body + "\n" == CHECKPOINT.body()
    assert signatures.startswith(f"\u2014 {ORIGIN} ")
    raw = base64.b64decode(signatures.split(" ")[2])
    assert raw[:4] == key_id(ORIGIN, LOG_KEY.public_key())
    assert len(raw) == 4 + 64


def test_round_trip() -> None:
    assert verify_note(signed(), TRUST_LOG) == CHECKPOINT
    assert verify_note(signed().encode(), TRUST_LOG, origin=ORIGIN) == CHECKPOINT


def test_checkpoint_without_time_and_with_extensions() -> None:
    checkpoint = Checkpoint(ORIGIN, 0, TREE.root(0), extensions=("policy abc123",))
    assert verify_note(sign_checkpoint(checkpoint, LOG_KEY), TRUST_LOG) == checkpoint


def test_cosign_by_control_plane_and_auditor() -> None:
    note = cosign(signed(), CONTROL_KEY, CONTROL, trusted_keys=TRUST_LOG)
    note = cosign(note, AUDITOR_KEY, AUDITOR)
    assert note.count("\u2014 ") == 3
    assert verify_note(note, TRUST_ALL, require_all=True) == CHECKPOINT
    assert verify_note(note, TRUST_ALL, required=[CONTROL]) == CHECKPOINT
    # Cosigning again with the same key changes nothing.
    assert cosign(note, AUDITOR_KEY, AUDITOR) == note


def test_required_cosignature_missing() -> None:
    with pytest.raises(CheckpointSignatureError, match=r"have .*control-plane cosign it"):
        verify_note(signed(), TRUST_ALL, required=[CONTROL])
    with pytest.raises(CheckpointSignatureError, match="required key"):
        verify_note(signed(), TRUST_ALL, require_all=True)
    with pytest.raises(CheckpointSignatureError, match="not among the trusted keys"):
        verify_note(signed(), TRUST_LOG, required=[CONTROL])


def test_cosigner_refuses_to_endorse_a_forged_checkpoint() -> None:
    forged = sign_checkpoint(CHECKPOINT, AUDITOR_KEY, ORIGIN)
    with pytest.raises(CheckpointSignatureError):
        cosign(forged, CONTROL_KEY, CONTROL, trusted_keys=TRUST_LOG)


def replace_body_line(note: str, line: int, value: str) -> str:
    body, _, signatures = note.partition("\n\n")
    lines = body.split("\n")
    lines[line] = value
    return "\n".join(lines) + "\n\n" + signatures


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (0, "bastion.example/log/other"),
        (1, "11"),
        (1, "9"),
        (2, base64.b64encode(TREE.root(9)).decode()),
        (3, "time 1700000001"),
    ],
)
def test_tampered_body_is_rejected(line: int, value: str) -> None:
    with pytest.raises(CheckpointSignatureError, match="does not verify"):
        verify_note(replace_body_line(signed(), line, value), TRUST_LOG)


def test_added_body_line_is_rejected() -> None:
    note = signed().replace("\n\n", "\nextra line\n\n", 1)
    with pytest.raises(CheckpointSignatureError, match="does not verify"):
        verify_note(note, TRUST_LOG)


def test_tampered_signature_is_rejected() -> None:
    note = signed()
    body, _, line = note.partition("\n\n")
    prefix, encoded = line.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[-1] ^= 0x01
    broken = f"{body}\n\n{prefix} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(CheckpointSignatureError, match="does not verify"):
        verify_note(broken, TRUST_LOG)
    short = f"{body}\n\n{prefix} {base64.b64encode(bytes(raw[:40])).decode()}\n"
    with pytest.raises(CheckpointSignatureError, match="does not verify"):
        verify_note(short, TRUST_LOG)


def test_bad_signature_from_trusted_key_rejects_note_despite_good_one() -> None:
    note = cosign(signed(), CONTROL_KEY, CONTROL)
    lines = note.split("\n")
    name_and_sig = lines[-2].rsplit(" ", 1)
    raw = bytearray(base64.b64decode(name_and_sig[1]))
    raw[10] ^= 0x80
    lines[-2] = f"{name_and_sig[0]} {base64.b64encode(bytes(raw)).decode()}"
    with pytest.raises(CheckpointSignatureError, match="control-plane"):
        verify_note("\n".join(lines), TRUST_ALL)


def test_unknown_key_is_ignored_and_alone_is_rejected() -> None:
    stranger = sign_checkpoint(CHECKPOINT, AUDITOR_KEY, "stranger.example")
    with pytest.raises(
        CheckpointSignatureError, match=re.escape("stranger.example (not a trusted key")
    ):
        verify_note(stranger, TRUST_LOG)
    # Alongside a trusted signature, an unknown one is ignored.
    both = cosign(signed(), AUDITOR_KEY, "stranger.example")
    assert verify_note(both, TRUST_LOG) == CHECKPOINT


def test_same_name_with_wrong_key_id_is_ignored() -> None:
    # A signature under the trusted name by another key (for instance a rotated key)
    # has another key id; the spec says to ignore it, so no trusted signature is left.
    impostor = sign_checkpoint(CHECKPOINT, AUDITOR_KEY, ORIGIN)
    with pytest.raises(CheckpointSignatureError, match=r"key id .* but the trusted key"):
        verify_note(impostor, TRUST_LOG)


def test_same_key_id_with_forged_name_is_ignored() -> None:
    note = signed()
    forged = note.replace(f"\u2014 {ORIGIN} ", "\u2014 bastion.example/log/other ", 1)
    with pytest.raises(CheckpointSignatureError, match="no signature from a trusted key"):
        verify_note(forged, TRUST_LOG)


def test_wrong_origin_is_rejected() -> None:
    with pytest.raises(CheckpointOriginError, match="wrong log"):
        verify_note(signed(), TRUST_LOG, origin="bastion.example/log/ci-runner")


def test_no_trusted_keys_configured() -> None:
    with pytest.raises(CheckpointSignatureError, match="configure at least one"):
        verify_note(signed(), {})


def good_parts() -> tuple[str, str]:
    body, _, signatures = signed().partition("\n\n")
    return body + "\n", signatures


BODY, SIGNATURES = good_parts()
ROOT_B64 = base64.b64encode(TREE.root()).decode()


@pytest.mark.parametrize(
    ("note", "message"),
    [
        (BODY, "no blank line"),
        (BODY + "\n", "no signature lines"),
        (BODY + "\n" + SIGNATURES.rstrip("\n"), "does not end with a newline"),
        ((BODY + "\n" + SIGNATURES).replace("\n", "\r\n"), "Windows line endings"),
        (BODY.replace("10", "1\t0") + "\n" + SIGNATURES, "control character"),
        (BODY + "\n" + SIGNATURES.replace("\u2014", "-"), "em dash"),
        (BODY + "\n" + SIGNATURES.replace(" ", "  ", 1), "single spaces"),
        (BODY + "\n" + SIGNATURES.rstrip("\n") + "!\n", "base64"),
        (BODY + "\n\u2014 " + ORIGIN + " AAAA\n", "too short"),
        (BODY + "\n" + SIGNATURES * 101, "more than the 100"),
        (f"{ORIGIN}\n10\n\n" + SIGNATURES, "at least origin, tree size and root hash"),
        (f"{ORIGIN}\n010\n{ROOT_B64}\n\n" + SIGNATURES, "leading zeros"),
        (f"{ORIGIN}\n-1\n{ROOT_B64}\n\n" + SIGNATURES, "decimal number"),
        (f"{ORIGIN}\n10\nnot base64!\n\n" + SIGNATURES, "not standard base64"),
        (f"{ORIGIN}\n10\nAAAA\n\n" + SIGNATURES, "decodes to 3 bytes"),
        (f"{ORIGIN}\n10\n{ROOT_B64}\ntime 1\ntime 2\n\n" + SIGNATURES, "more than one time"),
        (f"{ORIGIN}\n10\n{ROOT_B64}\ntime soon\n\n" + SIGNATURES, "Unix seconds"),
        (f"\n10\n{ROOT_B64}\n\n" + SIGNATURES, "origin must be a non-empty"),
    ],
)
def test_malformed_notes_give_format_errors(note: str, message: str) -> None:
    with pytest.raises(CheckpointFormatError, match=message):
        verify_note(note, TRUST_LOG)


def test_invalid_utf8_is_a_format_error() -> None:
    with pytest.raises(CheckpointFormatError, match="UTF-8"):
        verify_note(b"\xff" + signed().encode(), TRUST_LOG)


def test_checkpoint_fields_are_validated() -> None:
    with pytest.raises(CheckpointFormatError, match="32 bytes"):
        Checkpoint(ORIGIN, 1, b"short")
    with pytest.raises(CheckpointFormatError, match="non-negative"):
        Checkpoint(ORIGIN, -1, TREE.root())
    with pytest.raises(CheckpointFormatError, match="newline"):
        Checkpoint("a\nb", 1, TREE.root())
    with pytest.raises(CheckpointFormatError, match="timestamp"):
        Checkpoint(ORIGIN, 1, TREE.root(), extensions=("time 5",))
    with pytest.raises(KeyFormatError, match="space"):
        sign_checkpoint(CHECKPOINT, LOG_KEY, "bad name")


# --- Key files ---------------------------------------------------------------------------


def test_private_key_file_round_trip_is_owner_only(tmp_path: Path) -> None:
    key = generate_signing_key()
    path = tmp_path / "log.key"
    save_private_key(key, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = load_private_key(path)
    note = sign_checkpoint(CHECKPOINT, loaded)
    assert verify_note(note, {ORIGIN: key.public_key()}) == CHECKPOINT
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_private_key_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    save_private_key(generate_signing_key(), path)
    first = path.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        save_private_key(generate_signing_key(), path)
    assert path.read_bytes() == first
    save_private_key(generate_signing_key(), path, overwrite=True)
    assert path.read_bytes() != first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_readable_private_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    save_private_key(generate_signing_key(), path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_private_key(path)


def test_key_file_errors(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="does not exist"):
        load_private_key(tmp_path / "missing.key")
    garbage = tmp_path / "garbage.key"
    garbage.write_text("not a key")
    garbage.chmod(0o600)
    with pytest.raises(KeyFormatError, match="save_private_key"):
        load_private_key(garbage)
    with pytest.raises(KeyFormatError, match="PEM public key"):
        load_public_key(garbage)


def test_public_key_file_round_trip(tmp_path: Path) -> None:
    key = generate_signing_key()
    path = tmp_path / "log.pub"
    save_public_key(key.public_key(), path)
    loaded = load_public_key(path)
    assert verifier_key(ORIGIN, loaded) == verifier_key(ORIGIN, key)
    parsed = VerifierKey.parse(verifier_key(ORIGIN, loaded))
    assert verify_note(sign_checkpoint(CHECKPOINT, key), {parsed.name: parsed.public_key})
