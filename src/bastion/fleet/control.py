"""Control flowing down, signed: versioned policy bundles and credential revocations.

The control plane signs each document with its control key (Ed25519, the key that signs
containment commands) over ``bastion-fleet-control/v1\\n`` + canonical JSON, so a
document's signature can never pass as a command's (they sign the JSON alone) or the
reverse. Documents travel on a JetStream stream (``<stream>_CONTROL``; subjects
``.bundle`` and ``.revocation``) so a device that was offline finds them when it comes
back; the device's sync (`publisher.Publisher`) reads them each round.

The device (`DeviceControl`) accepts a bundle only if it verifies under the key it
enrolled with and its version is newer than the one it applied; it checks the bundle's
Cedar against the shipped schema and pack before writing it to ``<policies>/fleet/``
(replaced as a whole), and records ``fleet.bundle.applied`` or ``fleet.bundle.failed``
in its signed audit log: that entry is the report, and it reaches the control plane with
the rest of the log (the detection workers turn a failure into a finding). A revocation
is applied through the home's identity administration and recorded the same way.

**Rotating the control key.** A `KeyRotation` names the next key and is signed by the
current one (subject ``.key``). The device reads every rotation before the round's bundle,
follows the chain from the key it trusts (the enrolled one, then each rotation's), and
keeps the key it arrived at in its state: from then on bundles, revocations and
containment commands must verify under the new key, and a document signed by a retired
key is refused. A rotation signed by any other key is refused and changes nothing.
The witness key (cosignatures) rotates the same way on the same subject, with a second
signature by the retiring witness key (`fleet.witness_rotation`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nats.js import JetStreamContext

from bastion.audit.cosignature import CosignerKey
from bastion.config import Home
from bastion.errors import BastionError
from bastion.fleet.errors import FleetError
from bastion.fleet.witness_rotation import (
    WITNESS_ROTATED,
    WitnessKeys,
    WitnessRotation,
    WitnessRotationRefused,
)
from bastion.wire.control import FLEET_REVOCATION_APPLIED, FleetEntry, FleetRevoke

__all__ = [
    "BUNDLE_APPLIED",
    "BUNDLE_FAILED",
    "BundleRefused",
    "DeviceControl",
    "KeyRotation",
    "PolicyBundle",
    "Revocation",
    "control_stream",
    "ensure_control_stream",
    "key_id",
    "public_pem",
    "publish_document",
    "sign_document",
    "verify_document",
]

_log = logging.getLogger(__name__)

CONTEXT = b"bastion-fleet-control/v1\n"
_SIG = 64
MAX_DOCUMENT = 1024 * 1024
BUNDLE_APPLIED = "fleet.bundle.applied"
BUNDLE_FAILED = "fleet.bundle.failed"
REVOCATION_APPLIED = FLEET_REVOCATION_APPLIED
KEY_ROTATED = "fleet.control-key.rotated"
REVOKE_KINDS = ("session", "agent", "human", "jti")


class BundleRefused(FleetError):
    """A document down failed verification (signature, kind, version)."""


def control_stream(stream: str) -> str:
    """The stream control documents travel on, beside the audit stream ``stream``."""
    return f"{stream}_CONTROL"


@dataclass(frozen=True, slots=True)
class PolicyBundle:
    version: int
    files: dict[str, str]  # file name -> Cedar text
    by: str = "control-plane"
    issued_at: float = 0.0
    kind: str = "policy-bundle"

    @property
    def digest(self) -> str:
        canonical = orjson.dumps(self.files, option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(canonical).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Revocation:
    revoke: str  # session, agent, human or jti
    subject: str
    reason: str = ""
    by: str = "control-plane"
    id: str = field(default_factory=lambda: secrets.token_hex(12))
    issued_at: float = 0.0
    kind: str = "revocation"


@dataclass(frozen=True, slots=True)
class KeyRotation:
    """The control key's successor, signed by the key it retires."""

    new_key: str  # PEM of the next Ed25519 control key (public)
    by: str = "control-plane"
    issued_at: float = 0.0
    kind: str = "key-rotation"

    @property
    def public_key(self) -> Ed25519PublicKey:
        from cryptography.hazmat.primitives.serialization import load_pem_public_key

        try:
            key = load_pem_public_key(self.new_key.encode())
        except ValueError as exc:
            raise BundleRefused(f"the rotation names no readable key: {exc}") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise BundleRefused("the rotation names a key that is not Ed25519")
        return key


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a control key (SHA-256 of its raw bytes), for logs and state."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


Document = PolicyBundle | Revocation | KeyRotation | WitnessRotation


def sign_document(doc: Document, key: Ed25519PrivateKey) -> bytes:
    """``signature (64 bytes) || canonical JSON``; the signature covers CONTEXT too."""
    if isinstance(doc, Revocation) and doc.revoke not in REVOKE_KINDS:
        raise FleetError(f"cannot revoke a {doc.revoke!r}: use one of {', '.join(REVOKE_KINDS)}")
    body = orjson.dumps(asdict(doc), option=orjson.OPT_SORT_KEYS)
    return key.sign(CONTEXT + body) + body


def verify_document(data: bytes, key: Ed25519PublicKey) -> Document:
    """Check the signature and shape; raises `BundleRefused`."""
    if len(data) <= _SIG or len(data) > MAX_DOCUMENT:
        raise BundleRefused("not a signed control document")
    signature, body = data[:_SIG], data[_SIG:]
    try:
        key.verify(signature, CONTEXT + body)
    except InvalidSignature:
        raise BundleRefused("signature does not verify under the control plane's key") from None
    try:
        fields = orjson.loads(body)
        kind = fields.get("kind")
        if kind == "policy-bundle":
            bundle = PolicyBundle(**fields)
            if not isinstance(bundle.version, int) or isinstance(bundle.version, bool):
                raise TypeError("version must be an integer")
            if not isinstance(bundle.files, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in bundle.files.items()
            ):
                raise TypeError("files must map names to Cedar text")
            doc: Document = bundle
        elif kind == "revocation":
            doc = Revocation(**fields)
            if doc.revoke not in REVOKE_KINDS or not isinstance(doc.subject, str):
                raise TypeError(f"cannot revoke a {doc.revoke!r}")
        elif kind == "key-rotation":
            doc = KeyRotation(**fields)
            if not isinstance(doc.new_key, str):
                raise TypeError("new_key must be a PEM public key")
        elif kind == "witness-rotation":
            doc = WitnessRotation(**fields)
            if not all(isinstance(v, str) for v in (doc.old_key, doc.new_key, doc.old_signature)):
                raise TypeError("old_key, new_key and old_signature must be text")
        else:
            raise TypeError(f"unknown document kind {kind!r}")
    except (orjson.JSONDecodeError, TypeError, AttributeError) as exc:
        raise BundleRefused(f"malformed control document: {exc}") from exc
    return doc


def _safe_name(name: str) -> bool:
    return (
        name.endswith(".cedar")
        and name == os.path.basename(name)
        and not name.startswith(".")
        and all(c.isalnum() or c in "._-" for c in name)
    )


@dataclass
class DeviceControl:
    """One device's application of documents down, with what it applied so far
    (``<home>/fleet/control-state.json``: the bundle version, stream positions)."""

    home: Home
    key: Ed25519PublicKey
    witness: CosignerKey | None = None  # the enrolled witness key (rotations start there)
    state: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            self.state = json.loads(self._state_path.read_text())
        except FileNotFoundError:
            self.state = {}
        except (OSError, ValueError) as exc:
            raise FleetError(
                f"{self._state_path} is damaged ({exc}); remove it to apply the newest again"
            ) from exc
        rotated = self.state.get("control_key")
        if rotated:  # a rotation was followed: the enrolled key is retired
            try:
                self.key = KeyRotation(rotated).public_key
            except BundleRefused as exc:
                raise FleetError(
                    f"{self._state_path} holds no readable control key ({exc}); enrol again"
                ) from exc

    @property
    def _state_path(self) -> Path:
        return self.home.root / "fleet" / "control-state.json"

    @property
    def bundle_version(self) -> int:
        return int(self.state.get("bundle_version", 0))

    def position(self, subject: str) -> int:
        return int(self.state.get("positions", {}).get(subject, 0))

    def _save(self) -> None:
        path = self._state_path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, sort_keys=True))
        os.replace(tmp, path)

    def seen(self, subject: str, seq: int) -> None:
        self.state.setdefault("positions", {})[subject] = seq
        self._save()

    def _record(self, action: str, by: str, **details: Any) -> None:
        """The ``fleet.*`` control entry of a document applied or refused: written by the
        daemon while one runs (this process, the publisher, can be stopped mid-write, and
        decisions would wait behind the log's lock, issue #18), else here."""
        from bastion.daemon.home_writes import HomeWriteFailed, write
        from bastion.store import Store

        store = Store(self.home.database_url, checkpoint_seconds=0)
        try:
            write(self.home, store, FleetEntry(action, by, details))
        except HomeWriteFailed as exc:  # applied already: say so loudly, keep going
            _log.error("fleet %s by %s applied but not recorded in the log: %s", action, by, exc)
        finally:
            store.close()

    # -- bundles ----------------------------------------------------------------------

    def apply_bundle(self, data: bytes) -> dict[str, Any]:
        """Verify, check and install a bundle; returns what was done. Raises
        `BundleRefused` for an unsigned, forged or not newer bundle (nothing recorded
        as applied); a signed bundle that does not load is recorded as failed."""
        doc = verify_document(data, self.key)
        if not isinstance(doc, PolicyBundle):
            raise BundleRefused(f"expected a policy bundle, got a {doc.kind}")
        if doc.version <= self.bundle_version:
            raise BundleRefused(
                f"bundle version {doc.version} is not newer than the applied "
                f"{self.bundle_version}: an older bundle is never applied"
            )
        if doc.version <= int(self.state.get("failed_version", 0)):
            raise BundleRefused(f"bundle version {doc.version} failed before; not retried")
        problems = self._check(doc.files)
        if problems:
            self.state["failed_version"] = doc.version
            self._save()
            self._record(
                BUNDLE_FAILED, doc.by, version=doc.version, digest=doc.digest, errors=problems[:5]
            )
            return {"applied": False, "version": doc.version, "errors": problems}
        self._install(doc.files)
        self.state["bundle_version"] = doc.version
        self._save()
        self._record(BUNDLE_APPLIED, doc.by, version=doc.version, digest=doc.digest)
        return {"applied": True, "version": doc.version, "digest": doc.digest}

    def _check(self, files: Mapping[str, str]) -> list[str]:
        from bastion.policy.engine import (
            check_statements,
            directory_files,
            pack_files,
            schema_text,
            split_statements,
        )

        bad = [n for n in files if not _safe_name(n)]
        if bad:
            return [
                f"bad file name {n!r}: letters, digits, '.', '_' or '-', ending .cedar" for n in bad
            ]
        fleet_dir = self.home.policy_dir / "fleet"
        others = [
            (f, t)
            for f, t in (
                directory_files(self.home.policy_dir) if self.home.policy_dir.is_dir() else []
            )
            if not Path(f).is_relative_to(fleet_dir)
        ]
        try:
            statements = [
                s
                for f, t in [*pack_files(), *others, *((f"fleet/{n}", t) for n, t in files.items())]
                for s in split_statements(f, t)
            ]
            return [str(e) for e in check_statements(statements, schema_text())]
        except BastionError as exc:
            return [str(exc)]

    def _install(self, files: Mapping[str, str]) -> None:
        """Replace ``<policies>/fleet/`` as a whole (a new directory swapped in)."""
        target = self.home.policy_dir / "fleet"
        fresh = self.home.policy_dir / ".fleet.new"
        old = self.home.policy_dir / ".fleet.old"
        for leftover in (fresh, old):
            shutil.rmtree(leftover, ignore_errors=True)
        fresh.mkdir(parents=True, mode=0o700)
        for name, text in files.items():
            (fresh / name).write_text(text, encoding="utf-8")
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)

    # -- control key rotation -------------------------------------------------------

    def apply_rotation(self, data: bytes) -> dict[str, Any]:
        """Follow a rotation signed by the key this device trusts: the next key becomes the
        trusted one (kept in the state, recorded in the signed log). A rotation to the key
        already trusted (a device enrolled after it) changes nothing; any other signer is
        refused (`BundleRefused`)."""
        try:
            doc = verify_document(data, self.key)
        except BundleRefused:
            # Unverified, and only to stay quiet: a rotation *to* the key already trusted
            # grants nothing; anything else not signed by the trusted key is refused.
            if _named_key(data) == key_id(self.key):
                return {"applied": False, "key": key_id(self.key), "why": "already trusted"}
            if self.witness is not None and _named_witness(data) == str(
                self.witness_keys().current
            ):
                return {
                    "applied": False,
                    "key": self.witness_keys().current.name,
                    "why": "already trusted",
                }
            raise
        if isinstance(doc, WitnessRotation):
            return self._follow_witness(doc)
        if not isinstance(doc, KeyRotation):
            raise BundleRefused(f"expected a key rotation, got a {doc.kind}")
        new = doc.public_key
        old = key_id(self.key)
        if key_id(new) == old:
            return {"applied": False, "key": old, "why": "already trusted"}
        self.key = new
        self.state["control_key"] = public_pem(new)
        self.state["retired_keys"] = [*self.state.get("retired_keys", []), old][-100:]
        self._save()
        self._record(KEY_ROTATED, doc.by, old=old, new=key_id(new))
        return {"applied": True, "old": old, "new": key_id(new)}

    def witness_keys(self) -> WitnessKeys:
        """The witness keys this device trusts (the enrolled one, then each rotation's)."""
        if self.witness is None:
            raise FleetError("this device control was made without its enrolled witness key")
        return WitnessKeys.from_state(self.witness, self.state)

    def _follow_witness(self, doc: WitnessRotation) -> dict[str, Any]:
        keys = self.witness_keys()
        old = keys.current.name
        try:
            moved = keys.follow(doc)
        except WitnessRotationRefused as exc:
            raise BundleRefused(str(exc)) from exc
        if not moved:
            return {"applied": False, "key": old, "why": "already trusted"}
        keys.to_state(self.state)
        self._save()
        self._record(WITNESS_ROTATED, doc.by, old=old, new=keys.current.name)
        return {"applied": True, "old": old, "new": keys.current.name, "witness": True}

    # -- revocations ------------------------------------------------------------------

    def apply_revocation(self, data: bytes) -> dict[str, Any]:
        """Verify and apply a revocation through the home's identity administration."""
        doc = verify_document(data, self.key)
        if not isinstance(doc, Revocation):
            raise BundleRefused(f"expected a revocation, got a {doc.kind}")
        done = set(self.state.get("revocations", []))
        if doc.id in done:
            return {"applied": False, "id": doc.id, "why": "already applied"}
        from bastion.daemon.home_writes import write_identity
        from bastion.identity.errors import IdentityError
        from bastion.identity.service import IdentityService

        # By the daemon's identity service while one runs (see `_record`), else here.
        service = IdentityService(self.home)
        try:
            message = FleetRevoke(doc.id, doc.revoke, doc.subject, doc.by, doc.reason)
            affected = list(write_identity(self.home, service, message).answer["affected"])
        except IdentityError as exc:  # a kind that cannot be revoked: never retried
            raise BundleRefused(f"revocation {doc.id} refused: {exc}") from exc
        finally:
            service.close()
        self.state["revocations"] = [*self.state.get("revocations", []), doc.id][-1000:]
        self._save()
        return {"applied": True, "id": doc.id, "sessions": affected}


def _named_witness(data: bytes) -> str:
    """The witness key an (unverified) witness rotation names, "" when it is not one."""
    try:
        fields = orjson.loads(data[_SIG:])
        if fields.get("kind") != "witness-rotation":
            return ""
        return str(CosignerKey.parse(str(fields["new_key"])))
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, BastionError):
        return ""


def _named_key(data: bytes) -> str:
    """The id of the key an (unverified) rotation names, "" when it is not one."""
    try:
        fields = orjson.loads(data[_SIG:])
        if fields.get("kind") != "key-rotation":
            return ""
        return key_id(KeyRotation(str(fields["new_key"])).public_key)
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, BundleRefused):
        return ""


# -- the control plane's side -----------------------------------------------------------


async def ensure_control_stream(js: JetStreamContext, stream: str) -> str:
    """Create ``<stream>_CONTROL`` if missing (file storage; documents kept until
    replaced: the last 16 bundles, every revocation). Returns its name."""
    from nats.js.api import StorageType, StreamConfig
    from nats.js.errors import NotFoundError

    name = control_stream(stream)
    subjects = [f"{name}.bundle", f"{name}.revocation", f"{name}.key"]
    try:
        info = await js.stream_info(name)
    except NotFoundError:
        await js.add_stream(
            StreamConfig(
                name=name, subjects=subjects, storage=StorageType.FILE, max_msgs_per_subject=-1
            )
        )
        return name
    if set(info.config.subjects or ()) != set(subjects):  # made before key rotation existed
        info.config.subjects = subjects
        await js.update_stream(info.config)
    return name


async def _last_version(js: JetStreamContext, name: str, keys: tuple[Ed25519PublicKey, ...]) -> int:
    """The newest bundle version on the stream signed by one of ``keys`` (the control key
    and the ones it replaced; 0: none). Anything else found there (a forgery put on the
    stream) is skipped, never trusted."""
    from nats.js.errors import NotFoundError

    subject = f"{name}.bundle"
    try:
        msg = await js.get_last_msg(name, subject)
    except NotFoundError:
        return 0
    seq = int(msg.seq or 0)
    for _step in range(1000):
        for key in keys:
            try:
                doc = verify_document(msg.data or b"", key)
            except BundleRefused:
                continue
            if isinstance(doc, PolicyBundle):
                return doc.version
        while True:  # the previous message on the bundle subject
            seq -= 1
            if seq <= 0:
                return 0
            try:
                msg = await js.get_msg(name, seq)
            except NotFoundError:
                continue
            if msg.subject == subject:
                break
    return 0


async def publish_document(
    js: JetStreamContext,
    stream: str,
    data: bytes,
    key: Ed25519PublicKey,
    *,
    retired: tuple[Ed25519PublicKey, ...] = (),
) -> int:
    """Put a signed document on the control stream; a bundle must be newer than the
    last one the control plane published under ``key`` or a ``retired`` one (devices
    would refuse it anyway). Returns its stream sequence."""
    doc = verify_document(data, key)
    name = await ensure_control_stream(js, stream)
    subject = {
        PolicyBundle: "bundle",
        Revocation: "revocation",
        KeyRotation: "key",
        WitnessRotation: "key",  # in order with the control key's rotations
    }[type(doc)]
    subject = f"{name}.{subject}"
    if isinstance(doc, PolicyBundle):
        previous = await _last_version(js, name, (key, *retired))
        if doc.version <= previous:
            raise FleetError(
                f"bundle version {doc.version} is not newer than the published "
                f"{previous}: give --version {previous + 1} or more"
            )
    ack = await js.publish(subject, data, stream=name)
    return int(ack.seq)
