"""Key rotation (#19): the control key (policy bundles, revocations, commands) and a
device's key.

Control key, in-process: a rotation signed by the trusted key moves the device to the new
key (recorded in its log, kept across a restart); from then on a bundle, revocation or
command signed by the old key is refused, and the new key's are accepted; a rotation signed
by anyone else changes nothing. Over the fleet (real NATS, CLI processes): `keygen`,
`bundle` v1, `rotate-control-key`, `bundle` v2 with the new key; a device that slept
through all of it follows the rotation then applies v2 in one round, and a v3 signed by the
retired key, put straight on the stream, is refused.
"""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import nats
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit.keys import load_private_key, load_public_key
from bastion.audit.merkle import leaf_hash
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.api import ROTATE_CONTEXT, EnrolmentRefused, _rotate_body, rotate_over_http
from bastion.fleet.batch import Batch
from bastion.fleet.commands import Command, CommandRefused, Verifier, sign
from bastion.fleet.control import (
    BundleRefused,
    DeviceControl,
    KeyRotation,
    PolicyBundle,
    Revocation,
    control_stream,
    key_id,
    public_pem,
    sign_document,
)
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.errors import BatchRejected
from bastion.fleet.stream import ensure_stream
from fleet.test_api import _free_port, _invite, _wait_up  # type: ignore[import-not-found]
from fleet.test_control import GOOD, _publish, actions  # type: ignore[import-not-found]
from fleet.test_sync_ingest import (  # type: ignore[import-not-found]
    BASTION,
    _env,
    drop_stream,
    make_home,
    names,
    origin,
    plane,
    run,
    servers,
)

__all__ = ["drop_stream", "names", "plane", "servers"]


def _bundle(version: int, signer: Ed25519PrivateKey) -> bytes:
    return sign_document(PolicyBundle(version, {"fleet.cedar": GOOD}), signer)


def test_a_device_follows_a_rotation_and_refuses_the_retired_key(tmp_path: Path) -> None:
    old, new, forger = (Ed25519PrivateKey.generate() for _ in range(3))
    home = Home.resolve(tmp_path / "h").ensure()
    control = DeviceControl(home, old.public_key())
    assert control.apply_bundle(_bundle(1, old))["applied"] is True

    # A rotation signed by another key: refused, the device still trusts the old key.
    with pytest.raises(BundleRefused, match="signature"):
        control.apply_rotation(sign_document(KeyRotation(public_pem(forger.public_key())), forger))
    with pytest.raises(BundleRefused, match="signature"):
        control.apply_rotation(sign_document(KeyRotation(public_pem(forger.public_key())), new))
    assert key_id(control.key) == key_id(old.public_key())

    rotation = sign_document(KeyRotation(public_pem(new.public_key())), old)
    done = control.apply_rotation(rotation)
    assert done == {
        "applied": True,
        "old": key_id(old.public_key()),
        "new": key_id(new.public_key()),
    }
    assert control.apply_rotation(rotation)["applied"] is False  # seen again: nothing
    with pytest.raises(BundleRefused, match="signature"):
        control.apply_bundle(_bundle(2, old))
    with pytest.raises(BundleRefused, match="signature"):
        control.apply_revocation(sign_document(Revocation("agent", "x"), old))
    assert control.apply_bundle(_bundle(2, new))["applied"] is True

    # A restart (the state is read from disk, the enrolment still names the old key).
    again = DeviceControl(home, old.public_key())
    assert key_id(again.key) == key_id(new.public_key())
    with pytest.raises(BundleRefused, match="signature"):
        again.apply_bundle(_bundle(3, old))
    assert again.apply_bundle(_bundle(3, new))["applied"] is True
    recorded = [a["action"] for a in actions(home) if "action" in a]
    assert recorded == [
        "fleet.bundle.applied",
        "fleet.control-key.rotated",
        "fleet.bundle.applied",
        "fleet.bundle.applied",
    ]

    # Containment commands follow the same key (the responder asks at each command).
    device = "bastion.log/0123456789abcdef"
    verifier = Verifier(
        old.public_key(), device, key_source=lambda: DeviceControl(home, old.public_key()).key
    )

    def command(signer: Ed25519PrivateKey) -> bytes:
        return sign(Command.new(device, "kill", "s1"), signer)

    with pytest.raises(CommandRefused, match="signature"):
        verifier.verify(command(old))
    assert verifier.verify(command(new)).op == "kill"

    # A device enrolled after the rotation already trusts the new key: the statement on
    # the stream (signed by the retired key) changes nothing and is not an error.
    late = DeviceControl(Home.resolve(tmp_path / "late").ensure(), new.public_key())
    assert late.apply_rotation(rotation)["why"] == "already trusted"


def test_control_key_rotation_over_the_fleet(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    db, nats_url = servers
    schema, stream = names
    keys = tmp_path / "cp-keys"
    run("fleet", "keygen", str(keys), "--name", "fleet.test/witness")
    home = make_home(tmp_path / "h", 50)
    enrol = ("--db", db, "--schema", schema, "--human", "kim@example.test", "--keys", str(keys))
    run("fleet", "enrol", *enrol, "--home", str(home.root), "--stream", stream)
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "fleet.cedar").write_text(GOOD)
    where = ("--nats", nats_url, "--stream", stream)
    key = str(keys / "fleet-command.pem")
    old = load_private_key(key)
    run("fleet", "bundle", str(policies), "--version", "1", "--key", key, *where)

    async def audit_stream() -> None:  # what a running control plane would have made
        nc = await nats.connect(nats_url)
        await ensure_stream(nc.jetstream(), stream)
        await nc.close()

    asyncio.run(audit_stream())
    assert "bundle 1: applied" in _publish(home, nats_url, stream)["control"]

    rotated = json.loads(run("fleet", "rotate-control-key", "--keys", str(keys), *where).stdout)
    assert rotated["old"] == key_id(old.public_key()) != rotated["new"]
    new = load_private_key(key)  # fleet-command.pem is the new key now
    assert key_id(new.public_key()) == rotated["new"]
    assert (
        key_id(load_public_key(str(keys / "retired" / f"{rotated['old']}.pub.pem")))
        == (rotated["old"])
    )
    # The control plane still knows v1 (signed by the retired key): v1 again is refused.
    again = run(
        "fleet", "bundle", str(policies), "--version", "1", "--key", key, *where, check=False
    )
    assert again.returncode != 0 and "not newer" in again.stderr
    run("fleet", "bundle", str(policies), "--version", "2", "--key", key, *where)

    # The device slept through both: one round follows the rotation, then applies v2.
    done = _publish(home, nats_url, stream)["control"]
    assert done[0] == f"control key: {rotated['old']} -> {rotated['new']}", done
    assert "bundle 2: applied" in done

    # A v3 signed by the retired key, put straight on the stream: refused.
    async def forge() -> None:
        nc = await nats.connect(nats_url)
        try:
            name = control_stream(stream)
            await nc.jetstream().publish(f"{name}.bundle", _bundle(3, old), stream=name)
        finally:
            await nc.close()

    asyncio.run(forge())
    done = _publish(home, nats_url, stream)["control"]
    assert any("refused" in d and "signature" in d for d in done), done
    state = json.loads((home.root / "fleet" / "control-state.json").read_text())
    assert state["bundle_version"] == 2
    device = plane.device(origin(home))
    assert device is not None and device.status == "active"


def test_device_key_rotation_over_http(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    """A device moves to a new key with proof of both keys (no invitation); its old key is
    then `rotated`: its batches are refused and it cannot rotate again; a request signed
    by a key other than the enrolled one, or not by the new key, is refused (401)."""
    db, nats_url = servers
    schema, _stream = names
    keys = tmp_path / "keys"
    run("fleet", "keygen", str(keys), "--name", "fleet.test/witness")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            *BASTION,
            *("fleet", "api", "--db", db, "--schema", schema, "--keys", str(keys)),
            *("--port", str(port), "--nats", nats_url),
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_up(url)
        home = Home.resolve(tmp_path / "h").ensure()
        token = _invite(db, schema, "lee@example.test")
        assert run("fleet", "enrol", url, "--token", token, "--home", str(home.root))
        old = LogSigner.for_keys_dir(home.keys_dir)
        new = LogSigner.for_keys_dir(tmp_path / "new-keys")
        stranger = LogSigner.for_keys_dir(tmp_path / "stranger-keys")

        # Signed by a stranger in place of the enrolled key: it proves nothing.
        forged = _rotation(old, new, sign_old=stranger)
        assert _post(url, forged) == 401
        # The old key's signature alone (the new key unproven): refused too.
        assert _post(url, _rotation(old, new, sign_new=stranger)) == 401
        # A key never enrolled cannot rotate (enrolment needs an invitation).
        assert _post(url, _rotation(stranger, new)) == 403
        assert plane.device(old.origin).status == "active"  # type: ignore[union-attr]

        enrolment = rotate_over_http(url, old, new)
        assert enrolment.device == new.origin and enrolment.human == "lee@example.test"
        assert enrolment.control_key == (keys / "fleet-command.pub.pem").read_text()
        before, after = plane.device(old.origin), plane.device(new.origin)
        assert before is not None and before.status == "rotated"
        assert after is not None and after.status == "active" and after.vkey == new.verifier_key
        # The rotated key is done: no second rotation, no batches.
        with pytest.raises(EnrolmentRefused, match="403"):
            rotate_over_http(url, old, stranger)
        with pytest.raises(BatchRejected, match="rotated"):
            plane.store_batch(_one_entry_batch(old))
        assert plane.store_batch(_one_entry_batch(new)).name == "STORED"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _rotation(
    old: LogSigner,
    new: LogSigner,
    *,
    sign_old: LogSigner | None = None,
    sign_new: LogSigner | None = None,
) -> dict[str, object]:
    when = time.time()
    body = ROTATE_CONTEXT + _rotate_body(old.verifier_key, new.verifier_key, when)
    return {
        "old": old.verifier_key,
        "new": new.verifier_key,
        "time": when,
        "old_signature": base64.b64encode((sign_old or old).private_key.sign(body)).decode(),
        "new_signature": base64.b64encode((sign_new or new).private_key.sign(body)).decode(),
    }


def _post(url: str, payload: dict[str, object]) -> int:
    request = urllib.request.Request(
        url + "/v1/rotate",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _one_entry_batch(signer: LogSigner) -> Batch:
    """A device's first batch: one entry and its signed checkpoint."""
    entry = json.dumps({"event": {"session_id": "s", "kind": "Test", "time": time.time()}})
    note = signer.sign(1, leaf_hash(entry.encode()), int(time.time()))
    return Batch(signer.origin, 0, (entry.encode(),), note, ())
