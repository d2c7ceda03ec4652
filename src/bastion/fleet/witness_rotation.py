"""Rotating the fleet witness key: the key that cosigns every device's checkpoints.

A `WitnessRotation` names the retiring witness key and its successor (each a cosigner
verifier key, ``<name>+<id>+<key>``) and carries two signatures: the retiring witness
key's over ``bastion-fleet-witness-rotate/v1\\n`` + canonical JSON of (old key, new key,
time), and, as every document down, the control key's (`fleet.control.sign_document`).
So neither a stolen witness key nor a stolen control key alone can move devices to a
key of the thief's. It travels on the control stream's key subject, in order with the
control key's own rotations (`fleet.publisher` applies both before the round's bundle).

A device follows a rotation only from the witness key it trusts now (the enrolled one,
then each followed rotation's): a rotation from any other key is refused, which also
refuses a replayed older rotation once the device has moved on; a rotation *to* the key
it already trusts (seen again, or by a device enrolled after it) changes nothing. The
successor must have a name no key of the chain had, so a cosignature line names the
one key that made it.

Old cosignatures stay valid: ``bastion audit verify --require fleet`` checks notes
against every key of the chain. A retired key's cosignature counts only if it states a
time before its rotation (a thief of the old key cannot witness new checkpoints), and
after a rotation the device keeps only cosignatures by the current key
(`fleet.publisher.accept_cosignature`). The chain is kept in the device's control state
(``<home>/fleet/control-state.json``: ``witness_key``, ``retired_witness_keys``).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bastion.audit.cosignature import CosignerKey, verify_cosignatures
from bastion.audit.errors import AuditError
from bastion.config import Home
from bastion.fleet.errors import FleetError

__all__ = [
    "WITNESS_ROTATED",
    "WITNESS_ROTATE_CONTEXT",
    "WitnessKeys",
    "WitnessRotation",
    "WitnessRotationRefused",
    "next_witness_name",
    "witness_keys",
]

WITNESS_ROTATE_CONTEXT = b"bastion-fleet-witness-rotate/v1\n"
WITNESS_ROTATED = "fleet.witness-key.rotated"
_STATE = ("fleet", "control-state.json")


class WitnessRotationRefused(FleetError):
    """A witness-key rotation that does not follow from the trusted key, or is forged."""


@dataclass(frozen=True, slots=True)
class WitnessRotation:
    """The witness key's successor, signed by the key it retires (``old_signature``)."""

    old_key: str  # cosigner verifier key text of the retiring witness key
    new_key: str  # and of its successor
    old_signature: str  # base64 Ed25519 signature by old_key over `statement`
    by: str = "control-plane"
    issued_at: float = 0.0
    kind: str = "witness-rotation"

    def statement(self) -> bytes:
        """What the retiring witness key signs."""
        fields = {"issued_at": self.issued_at, "new_key": self.new_key, "old_key": self.old_key}
        return WITNESS_ROTATE_CONTEXT + orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)

    @classmethod
    def make(
        cls,
        old: CosignerKey,
        old_private: Ed25519PrivateKey,
        new: CosignerKey,
        issued_at: float,
        by: str = "control-plane",
    ) -> WitnessRotation:
        unsigned = cls(str(old), str(new), "", by, issued_at)
        signature = old_private.sign(unsigned.statement())
        return cls(str(old), str(new), base64.b64encode(signature).decode(), by, issued_at)

    def check(self, trusted: CosignerKey, retired: Iterable[CosignerKey] = ()) -> CosignerKey:
        """The successor key, if this rotation follows from ``trusted`` and the retiring
        key signed it; raises `WitnessRotationRefused`."""
        try:
            old = CosignerKey.parse(self.old_key)
            new = CosignerKey.parse(self.new_key)
        except AuditError as exc:
            raise WitnessRotationRefused(f"the witness rotation names a bad key: {exc}") from exc
        if str(old) != str(trusted):
            raise WitnessRotationRefused(
                f"the witness rotation retires {old.name}, not the trusted witness key "
                f"{trusted.name}: an older (replayed) or foreign rotation"
            )
        if not isinstance(self.issued_at, int | float) or not math.isfinite(self.issued_at):
            raise WitnessRotationRefused("the witness rotation has no valid time")
        try:
            signature = base64.b64decode(self.old_signature, validate=True)
            old.public_key.verify(signature, self.statement())
        except (InvalidSignature, ValueError, binascii.Error):
            raise WitnessRotationRefused(
                "the witness rotation is not signed by the retiring witness key"
            ) from None
        names = {trusted.name, *(k.name for k in retired)}
        if new.name in names:
            raise WitnessRotationRefused(
                f"the new witness key reuses the name {new.name!r} of a key of the chain; "
                "each witness key needs its own name (`bastion fleet rotate-witness-key` "
                "derives one)"
            )
        return new


@dataclass
class WitnessKeys:
    """The witness keys a device trusts: the current one, and the retired ones with the
    time each was retired (its cosignatures count only if dated before)."""

    current: CosignerKey
    retired: list[tuple[CosignerKey, float]] = field(default_factory=list)

    def cosigners(self) -> dict[str, Ed25519PublicKey]:
        """Every key of the chain by name, to verify notes cosigned before or after."""
        out = {k.name: k.public_key for k, _until in self.retired}
        out[self.current.name] = self.current.public_key
        return out

    def names(self) -> list[str]:
        return [k.name for k, _until in self.retired] + [self.current.name]

    def late_cosignatures(self, notes: Iterable[str]) -> list[str]:
        """Problems: cosignatures by a retired key dated at or after its retirement."""
        problems: list[str] = []
        for note in notes:
            for key, until in self.retired:
                try:
                    found = verify_cosignatures(note, {key.name: key.public_key})
                except AuditError as exc:
                    problems.append(str(exc))
                    continue
                problems.extend(
                    f"a cosignature by the retired fleet witness key {key.name} is dated "
                    f"{c.timestamp}, after the key was retired at {int(until)}: not trusted"
                    for c in found
                    if c.timestamp >= until
                )
        return problems

    def follow(self, rotation: WitnessRotation) -> bool:
        """Move to the rotation's key; False when it names the current key already
        (nothing to do); raises `WitnessRotationRefused` otherwise."""
        if rotation.new_key.strip() == str(self.current):
            return False
        new = rotation.check(self.current, (k for k, _ in self.retired))
        last = max((until for _k, until in self.retired), default=-math.inf)
        if rotation.issued_at <= last:
            raise WitnessRotationRefused(
                "the witness rotation is not newer than the last one followed"
            )
        self.retired.append((self.current, float(rotation.issued_at)))
        self.current = new
        return True

    def to_state(self, state: dict[str, Any]) -> None:
        state["witness_key"] = str(self.current)
        state["retired_witness_keys"] = [
            {"key": str(k), "until": until} for k, until in self.retired
        ]

    @classmethod
    def from_state(cls, enrolled: CosignerKey, state: Mapping[str, Any]) -> WitnessKeys:
        """The chain kept in a device's control state (the enrolled key if none)."""
        current = state.get("witness_key")
        if not current:
            return cls(enrolled)
        try:
            retired = [
                (CosignerKey.parse(str(r["key"])), float(r["until"]))
                for r in state.get("retired_witness_keys") or []
            ]
            return cls(CosignerKey.parse(str(current)), retired)
        except (AuditError, KeyError, TypeError, ValueError) as exc:
            raise FleetError(
                f"the fleet control state holds a damaged witness key chain ({exc}); enrol again"
            ) from exc


def witness_keys(home: Home, enrolled: CosignerKey) -> WitnessKeys:
    """The home's witness key chain (read from its control state; the enrolled key alone
    when it never followed a rotation)."""
    path = Path(home.root).joinpath(*_STATE)
    try:
        state = json.loads(path.read_text())
    except FileNotFoundError:
        return WitnessKeys(enrolled)
    except (OSError, ValueError) as exc:
        raise FleetError(f"{path} is damaged ({exc}); remove it to apply the newest again") from exc
    return WitnessKeys.from_state(enrolled, state if isinstance(state, dict) else {})


def next_witness_name(name: str) -> str:
    """A name for the successor of witness key ``name``: ``<name>/r2``, then ``/r3``..."""
    base, sep, tail = name.rpartition("/r")
    if sep and tail.isdigit():
        return f"{base}/r{int(tail) + 1}"
    return f"{name}/r2"
