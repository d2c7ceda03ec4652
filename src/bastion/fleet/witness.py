"""The control plane as a witness of every device's log (C2SP tlog-cosignature).

The control plane stores a device's batch only when its entries extend exactly the
history already stored (`controlplane.ControlPlane.store_batch`). When a batch ends at
its own signed checkpoint, the stored leaves *are* that checkpoint's tree, so the control
plane cosigns it: a ``cosignature/v1`` line (`audit.cosignature.cosign_body`) added to
the device's note. Every cosigned checkpoint of a device is a root of one stored history,
so the cosignatures are consistent with one another by construction; a device that later
rewrites its log cannot get a batch past the stored range (it is refused and flagged),
and its own ``bastion audit verify`` finds the cosigned notes no longer match its tree.

The witness key rotates (`rotate`, ``bastion fleet rotate-witness-key``): see
`fleet.witness_rotation`; a replica given the key directory takes the new key up at its
next cosignature (`controlplane.ControlPlane`), without a restart.

The cosigned note travels back to the device on request (``<stream>.witness.<log id>``,
answered by any control-plane replica from PostgreSQL), and the device keeps it in its
store and witness file; ``bastion audit verify --require fleet`` then requires it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit.cosignature import CosignerKey, add_signature_lines, cosign_body
from bastion.audit.keys import generate_signing_key, load_private_key, save_private_key
from bastion.audit.note import SignedNote
from bastion.fleet.errors import FleetError

__all__ = ["WITNESS_KEY_FILE", "WITNESS_VKEY_FILE", "FleetWitness", "witness_subject"]

WITNESS_KEY_FILE = "fleet-witness.pem"
WITNESS_VKEY_FILE = "fleet-witness.vkey"


def witness_subject(stream: str, origin: str) -> str:
    """Where a device asks for its latest cosigned checkpoint (core NATS request/reply)."""
    return f"{stream}.witness.{origin.rsplit('/', 1)[-1]}"


@dataclass(frozen=True)
class FleetWitness:
    """The control plane's cosigning key and its name (``bastion fleet keygen`` makes both)."""

    name: str
    private_key: Ed25519PrivateKey
    clock: Callable[[], float] = time.time

    @property
    def key(self) -> CosignerKey:
        return CosignerKey(self.name, self.private_key.public_key())

    def cosign(self, note: str) -> str:
        """``note`` with this witness's cosignature/v1 line on its checkpoint body."""
        body = SignedNote.parse(note).text
        line = cosign_body(body, self.private_key, self.name, int(self.clock()))
        return add_signature_lines(note, line.line())

    @classmethod
    def load(cls, directory: str | Path) -> FleetWitness:
        """From ``fleet-witness.pem`` and ``fleet-witness.vkey`` (its name) in ``directory``."""
        folder = Path(directory)
        try:
            vkey = CosignerKey.parse((folder / WITNESS_VKEY_FILE).read_text())
            private = load_private_key(folder / WITNESS_KEY_FILE)
        except OSError as exc:
            raise FleetError(
                f"no fleet witness key in {folder} ({exc}); make one with `bastion fleet keygen`"
            ) from exc
        witness = cls(vkey.name, private)
        if witness.key.key_id != vkey.key_id:
            raise FleetError(f"{folder / WITNESS_VKEY_FILE} does not match {WITNESS_KEY_FILE}")
        return witness

    @classmethod
    def rotate(
        cls, directory: str | Path, name: str = "", *, key: Ed25519PrivateKey | None = None
    ) -> tuple[FleetWitness, FleetWitness]:
        """Install the next witness key in ``directory`` (``key``, else a new one; named
        ``name``, else derived from the old name), moving the old one to ``retired/``;
        returns (old, new). The caller publishes the `witness_rotation.WitnessRotation`
        naming it first, signed by the old key."""
        from bastion.fleet.witness_rotation import next_witness_name

        folder = Path(directory)
        old = cls.load(folder)
        new = cls(name or next_witness_name(old.name), key or generate_signing_key())
        if new.name == old.name:
            raise FleetError(f"the new witness key needs a name other than {old.name!r}")
        retired = folder / "retired"
        retired.mkdir(mode=0o700, exist_ok=True)
        stem = f"witness-{old.key.key_id.hex()}"
        (folder / WITNESS_KEY_FILE).rename(retired / f"{stem}.pem")
        (folder / WITNESS_VKEY_FILE).rename(retired / f"{stem}.vkey")
        save_private_key(new.private_key, folder / WITNESS_KEY_FILE)
        (folder / WITNESS_VKEY_FILE).write_text(str(new.key) + "\n")
        return old, new
