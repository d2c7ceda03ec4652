"""What a device keeps of its enrolment: the control plane's public keys and addresses.

Written by ``bastion fleet enrol`` (over the HTTP API, or by an administrator with the
database) to ``<home>/fleet/enrolment.json``. The witness key is what ``bastion audit
verify --require fleet`` trusts; the control key verifies commands, policy bundles and
revocations that flow down. Public keys only: nothing secret is in this file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from bastion.audit.cosignature import CosignerKey
from bastion.config import Home
from bastion.errors import BastionError
from bastion.fleet.errors import FleetError

__all__ = ["ENROLMENT_FILE", "Enrolment", "enrolment_path"]

ENROLMENT_FILE = "enrolment.json"


def enrolment_path(home: Home) -> Path:
    return home.root / "fleet" / ENROLMENT_FILE


@dataclass(frozen=True)
class Enrolment:
    device: str
    human: str
    witness_key: str  # the control plane's cosigner verifier key (type 0x04)
    control_key: str  # PEM: the control plane's command / bundle / revocation key
    nats: str = ""
    stream: str = "BASTION_AUDIT"
    api: str = ""

    @property
    def witness(self) -> CosignerKey:
        return CosignerKey.parse(self.witness_key)

    @property
    def control_public_key(self) -> Ed25519PublicKey:
        key = load_pem_public_key(self.control_key.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise FleetError("the control plane's control key is not Ed25519; enrol again")
        return key

    def save(self, home: Home) -> Path:
        path = enrolment_path(home)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, sort_keys=True))
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, home: Home) -> Enrolment | None:
        """The home's enrolment, None when it never enrolled; a damaged file raises."""
        path = enrolment_path(home)
        try:
            data = json.loads(path.read_text())
            enrolment = cls(**data)
            enrolment.witness  # noqa: B018 - parse now: a bad key is reported here
            enrolment.control_public_key  # noqa: B018
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, OSError, BastionError) as exc:
            raise FleetError(f"{path} is damaged ({exc}); run `bastion fleet enrol` again") from exc
        return enrolment
