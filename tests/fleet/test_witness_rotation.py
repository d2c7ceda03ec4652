"""Witness-key rotation (#19): the control plane's cosigning key moves to a new one.

In-process: a device follows a rotation signed by the retiring witness key and the control
key; a rotation missing either signature, retiring a key the device does not trust (an
older one replayed after the chain moved on), reusing a name, or not newer is refused and
changes nothing; the chain survives a restart; a retired key's cosignature dated after its
rotation is flagged. Over the fleet (real NATS and PostgreSQL, CLI processes): a device
cosigned under the old key follows `rotate-witness-key`, the running replica cosigns with
the new key without a restart, `audit verify --require fleet` accepts both cosignatures,
and a cosignature forged afterwards with the retired key is neither kept nor trusted.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit.cosignature import CosignerKey, add_signature_lines, cosign_body
from bastion.audit.keys import load_private_key
from bastion.audit.note import SignedNote
from bastion.audit.publish import witness_file
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.control import BundleRefused, DeviceControl, sign_document
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.enrolment import Enrolment
from bastion.fleet.publisher import accept_cosignature
from bastion.fleet.witness import WITNESS_VKEY_FILE
from bastion.fleet.witness_rotation import WitnessKeys, WitnessRotation, witness_keys
from bastion.store import Store
from fleet.test_control import actions  # type: ignore[import-not-found]
from fleet.test_sync_ingest import (  # type: ignore[import-not-found]
    append,
    drop_stream,
    make_home,
    names,
    origin,
    plane,
    run,
    servers,
    start_ingest,
    stream_exists,
    wait_for,
)
from fleet.test_witness import publish, verify  # type: ignore[import-not-found]

__all__ = ["drop_stream", "names", "plane", "servers"]


def _witness(name: str) -> tuple[CosignerKey, Ed25519PrivateKey]:
    private = Ed25519PrivateKey.generate()
    return CosignerKey(name, private.public_key()), private


def test_a_device_follows_a_witness_rotation_and_refuses_forged_or_replayed_ones(
    tmp_path: Path,
) -> None:
    control, forger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    w1, p1 = _witness("fleet.test/w")
    w2, p2 = _witness("fleet.test/w/r2")
    w3, _p3 = _witness("fleet.test/w/r3")
    home = Home.resolve(tmp_path / "h").ensure()
    device = DeviceControl(home, control.public_key(), w1)
    now = time.time()

    def doc(rotation: WitnessRotation, signer: Ed25519PrivateKey = control) -> bytes:
        return sign_document(rotation, signer)

    # Signed by the control key, but the retiring witness key did not sign it.
    forged = WitnessRotation.make(w1, forger, w2, now)
    with pytest.raises(BundleRefused, match="not signed by the retiring witness key"):
        device.apply_rotation(doc(forged))
    # Signed by the witness key, but not by the control key.
    with pytest.raises(BundleRefused, match="signature"):
        device.apply_rotation(doc(WitnessRotation.make(w1, p1, w2, now), forger))
    # Retiring a key the device never trusted.
    with pytest.raises(BundleRefused, match="not the trusted witness key"):
        device.apply_rotation(doc(WitnessRotation.make(w2, p2, w3, now)))
    # A successor with the retiring key's name.
    same_name, _ = _witness("fleet.test/w")
    with pytest.raises(BundleRefused, match="reuses the name"):
        device.apply_rotation(doc(WitnessRotation.make(w1, p1, same_name, now)))
    assert device.witness_keys().current == w1  # nothing moved

    first = doc(WitnessRotation.make(w1, p1, w2, now))
    assert device.apply_rotation(first) == {
        "applied": True,
        "old": w1.name,
        "new": w2.name,
        "witness": True,
    }
    assert device.apply_rotation(first)["applied"] is False  # seen again: nothing
    # Not newer than the rotation followed.
    with pytest.raises(BundleRefused, match="not newer"):
        device.apply_rotation(doc(WitnessRotation.make(w2, p2, w3, now - 10)))
    assert device.apply_rotation(doc(WitnessRotation.make(w2, p2, w3, now + 1)))["applied"]
    # The first rotation replayed now retires a key the device no longer trusts.
    replay_to_other = doc(WitnessRotation.make(w1, p1, _witness("fleet.test/evil")[0], now + 2))
    with pytest.raises(BundleRefused, match="not the trusted witness key"):
        device.apply_rotation(replay_to_other)
    with pytest.raises(BundleRefused, match="not the trusted witness key"):
        device.apply_rotation(first)  # replayed after the chain moved on: refused
    assert device.witness_keys().current == w3

    # A restart reads the chain back; the enrolment still names w1.
    again = DeviceControl(home, control.public_key(), w1)
    keys = again.witness_keys()
    assert keys.current == w3 and [k for k, _ in keys.retired] == [w1, w2]
    assert witness_keys(home, w1).names() == [w1.name, w2.name, w3.name]
    recorded = [a["action"] for a in actions(home) if "action" in a]
    assert recorded == ["fleet.witness-key.rotated", "fleet.witness-key.rotated"]

    # Old cosignatures stay good; a retired key's cosignature dated after its rotation
    # does not.
    body = "bastion.test/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
    note = f"{body}\n{cosign_body(body, p1, w1.name, int(now) - 5).line()}"
    assert keys.late_cosignatures([note]) == []
    late = add_signature_lines(note, cosign_body(body, p2, w2.name, int(now) + 60).line())
    problems = keys.late_cosignatures([late])
    assert len(problems) == 1 and w2.name in problems[0] and "retired" in problems[0]


def test_witness_keys_from_a_damaged_state_say_so(tmp_path: Path) -> None:
    w1, _ = _witness("fleet.test/w")
    with pytest.raises(Exception, match="damaged witness key chain"):
        WitnessKeys.from_state(w1, {"witness_key": "not a key", "retired_witness_keys": []})


def test_witness_rotation_over_the_fleet(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    db, nats_url = servers
    schema, stream = names
    keys = tmp_path / "cp-keys"
    run("fleet", "keygen", str(keys), "--name", "fleet.test/witness")
    old = CosignerKey.parse((keys / WITNESS_VKEY_FILE).read_text())
    home = make_home(tmp_path / "h0", 1200)
    run(
        "fleet",
        "enrol",
        "--db",
        db,
        "--schema",
        schema,
        "--human",
        "alice@example.test",
        "--keys",
        str(keys),
        "--home",
        str(home.root),
        "--stream",
        stream,
    )
    replica = start_ingest(db, nats_url, schema, stream, "--keys", str(keys))
    try:
        wait_for(lambda: stream_exists(nats_url, stream))
        wait_for(lambda: publish(home, nats_url, stream)["cosigned"] == 1200)
        ok = verify(home, "--require", "fleet")
        assert ok.returncode == 0, ok.stdout + ok.stderr

        done = run(
            "fleet", "rotate-witness-key", "--keys", str(keys), "--nats", nats_url,
            "--stream", stream,
        )  # fmt: skip
        rotated = json.loads(done.stdout)
        assert rotated["old"] == old.name and rotated["new"] == "fleet.test/witness/r2"
        new = CosignerKey.parse((keys / WITNESS_VKEY_FILE).read_text())
        retired = load_private_key(keys / "retired" / f"witness-{old.key_id.hex()}.pem")

        # More entries; the device follows the rotation in a round (recording it: one
        # more entry) and the running replica cosigns the new checkpoint with the new key.
        append(home, 300)
        rounds: list[dict[str, object]] = []
        wait_for(
            lambda: rounds.append(publish(home, nats_url, stream)) or rounds[-1]["cosigned"] != 0,
            why=lambda: str(rounds[:3]),
        )
        assert rounds[0]["control"] == [f"witness key: {old.name} -> {new.name}"]
        assert witness_keys(home, old).current == new
        ok = verify(home, "--require", "fleet")
        assert ok.returncode == 0, ok.stdout + ok.stderr
        cosigned = json.loads(ok.stdout)["cosigned"]
        # 1,500, or 1,501 when the rotation's own record made it into that batch.
        assert cosigned[old.name] == 1200 and cosigned[new.name] >= 1500, cosigned
        assert "fleet.witness-key.rotated" in [a.get("action") for a in actions(home)]

        # The retired key cosigns a checkpoint after its rotation: not kept by the device,
        # and flagged by verify if it is put in the witness file by hand.
        append(home, 100)
        publish(home, nats_url, stream)
        latest = plane.latest_cosigned(origin(home))
        assert latest is not None
        body = SignedNote.parse(latest).text
        line = cosign_body(body, retired, old.name, int(time.time()) + 5).line()
        device_signed = str(SignedNote(body, SignedNote.parse(latest).signatures[:1]))
        forged = add_signature_lines(device_signed, line)
        enrolment = Enrolment.load(home)
        assert enrolment is not None
        signer = LogSigner.for_keys_dir(home.keys_dir)
        store = Store(home.database_url, signer=signer, checkpoint_seconds=0)
        try:
            assert accept_cosignature(home, store, enrolment, forged) == 0
        finally:
            store.close()
        witness_file(home).publish(forged, signer.verifier_key, kind="cosigned")
        bad = verify(home, "--require", "fleet")
        assert bad.returncode == 1, bad.stdout
        assert "retired fleet witness key" in bad.stdout
    finally:
        replica.terminate()
        replica.wait(10)
