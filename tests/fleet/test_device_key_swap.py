"""A device key swapped inside a home (#19): a new key starts a new log.

The control plane knows a device by its log key (the origin its checkpoints name). When the
home's key file is replaced after enrolment, the publisher refuses to start, naming both
origins and the two ways on (enrol the new key, or rotate with proof of both keys), instead
of sending batches the control plane would refuse one by one. Once the new key is enrolled,
a position written for the old key does not carry over: the new log is sent from its first
entry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit.cosignature import CosignerKey
from bastion.audit.signer import LOG_KEY_FILE, LOG_PUBLIC_KEY_FILE, LogSigner
from bastion.fleet.control import public_pem
from bastion.fleet.enrolment import Enrolment
from bastion.fleet.errors import FleetError
from bastion.fleet.publisher import Publisher
from fleet.test_sync_ingest import make_home  # type: ignore[import-not-found]

NOWHERE = "nats://127.0.0.1:9"  # never dialled: nothing here needs the network


def _enrol(home, device: str) -> None:  # type: ignore[no-untyped-def]
    witness = CosignerKey("fleet.test/witness", Ed25519PrivateKey.generate().public_key())
    control = public_pem(Ed25519PrivateKey.generate().public_key())
    Enrolment(device, "alice@example.test", str(witness), control).save(home)


def test_a_swapped_log_key_is_a_new_log_not_a_silent_mismatch(tmp_path: Path) -> None:
    home = make_home(tmp_path / "h", 20)
    first = LogSigner.for_keys_dir(home.keys_dir).origin
    _enrol(home, first)
    publisher = Publisher(home, NOWHERE)
    publisher._advance(20, 20)  # as after a round that sent everything
    publisher.close()
    position = tmp_path / "h" / "fleet" / "position.BASTION_AUDIT.json"
    assert json.loads(position.read_text())["origin"] == first

    # Someone replaces the home's log key.
    for name in (LOG_KEY_FILE, LOG_PUBLIC_KEY_FILE):
        (home.keys_dir / name).unlink(missing_ok=True)
    second = LogSigner.for_keys_dir(home.keys_dir).origin
    assert second != first
    with pytest.raises(FleetError, match="log key changed since it enrolled") as refused:
        Publisher(home, NOWHERE)
    assert first in str(refused.value) and second in str(refused.value)
    assert "bastion fleet enrol" in str(refused.value)

    # The new key enrolled: the old key's position does not apply to the new log.
    _enrol(home, second)
    publisher = Publisher(home, NOWHERE)
    try:
        start = publisher._load_position()
        assert (start.seq, start.delivered) == (0, 0)
    finally:
        publisher.close()

    # And the same key again keeps its position.
    publisher = Publisher(home, NOWHERE)
    try:
        publisher._advance(20, 20)
    finally:
        publisher.close()
    again = Publisher(home, NOWHERE)
    try:
        kept = again._load_position()
        assert (kept.seq, kept.delivered) == (20, 20)
    finally:
        again.close()
