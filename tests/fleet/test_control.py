"""Control flowing down, signed (policy bundles, credential revocations) and the fleet's
detection workers.

In-process: a device refuses unsigned, forged, older and same-version bundles, applies
the newest, records a bundle that does not load as failed, and applies a revocation
through its identity registry. On loopback (real NATS and PostgreSQL, a control plane
and devices as separate processes): bundles and revocations published with the CLI
reach the devices, their reports come back through the signed log, and the detection
worker turns a failed bundle and one identity on two hosts into findings.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import nats
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit.records import CONTROL_SESSION, attribution_row
from bastion.config import Home
from bastion.fleet.control import (
    BundleRefused,
    DeviceControl,
    PolicyBundle,
    Revocation,
    control_stream,
    sign_document,
)
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.detect import Sighting, sightings
from bastion.identity.service import IdentityService
from bastion.store import Store
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
    wait_for,
)

__all__ = ["drop_stream", "names", "plane", "servers"]

GOOD = """@id("fleet.no-curl-pipe")
@reason("the fleet forbids piping downloads into a shell")
forbid (principal, action, resource)
when { context.tool == "fleet-test-tool" };
"""
BAD = "forbid (principal, action, resource) when { context.no_such_attribute == 1 };"


def actions(home: Home) -> list[dict[str, object]]:
    store = Store(home.database_url)
    try:
        return [e["data"] for e in store.events(CONTROL_SESSION)]
    finally:
        store.close()


def test_device_applies_only_signed_newer_bundles(tmp_path: Path) -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    home = Home.resolve(tmp_path / "h").ensure()
    control = DeviceControl(home, key.public_key())

    def bundle(version: int, text: str = GOOD, signer: Ed25519PrivateKey = key) -> bytes:
        return sign_document(PolicyBundle(version, {"fleet.cedar": text}), signer)

    with pytest.raises(BundleRefused, match="not a signed"):
        control.apply_bundle(b"unsigned")
    unsigned = bundle(2)
    with pytest.raises(BundleRefused, match="signature"):
        control.apply_bundle(bytes(64) + unsigned[64:])  # the body without its signature
    with pytest.raises(BundleRefused, match="signature"):
        control.apply_bundle(bundle(2, signer=other))
    assert control.apply_bundle(bundle(2))["applied"] is True
    assert (home.policy_dir / "fleet" / "fleet.cedar").read_text() == GOOD
    for older in (1, 2):
        with pytest.raises(BundleRefused, match="not newer"):
            control.apply_bundle(bundle(older))
    failed = control.apply_bundle(bundle(3, BAD))
    assert failed["applied"] is False and failed["errors"]
    assert (home.policy_dir / "fleet" / "fleet.cedar").read_text() == GOOD  # v2 stays
    # A revocation signed with the control key is applied ahead of time.
    done = control.apply_revocation(
        sign_document(Revocation("agent", "claude-code", reason="stolen"), key)
    )
    assert done["applied"] is True
    service = IdentityService(home)
    try:
        assert ("agent", "claude-code") in {
            (r.kind, r.subject) for r in service.registry.revocations()
        }
    finally:
        service.close()
    with pytest.raises(BundleRefused):
        control.apply_revocation(sign_document(Revocation("human", "bob"), other))
    recorded = [a["action"] for a in actions(home) if "action" in a]
    assert recorded == ["fleet.bundle.applied", "fleet.bundle.failed", "fleet.revocation.applied"]
    # The state survives a restart: an older bundle is still refused.
    with pytest.raises(BundleRefused, match="not newer"):
        DeviceControl(home, key.public_key()).apply_bundle(bundle(2))


def test_sightings_read_what_the_log_carries() -> None:
    entry = json.dumps(
        {
            "event": {
                "session_id": "s1",
                "data": {"identity": {"agent_instance": "ai-1", "jti": "j-1"}},
            },
            "findings": [{"evidence": {"fleet_fingerprints": ["fp1"]}}],
        }
    ).encode()
    assert set(sightings(entry, "hostA")) == {
        Sighting("agent-instance", "ai-1", "hostA", "s1"),
        Sighting("credential", "j-1", "hostA", "s1"),
        # A secret's sighting carries every fingerprint of its finding (one per key epoch
        # the device holds), so a worker raises one finding per secret, not one per epoch.
        Sighting("secret", "fp1", "hostA", "s1", ("fp1",)),
    }
    assert list(sightings(b"not json", "h")) == []


def _publish(home: Home, nats_url: str, stream: str) -> dict[str, object]:
    done = run(
        "fleet",
        "publish",
        "--once",
        "--home",
        str(home.root),
        "--nats",
        nats_url,
        "--stream",
        stream,
    )
    return json.loads(done.stdout)


def test_bundles_revocations_and_findings_over_the_fleet(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    db, nats_url = servers
    schema, stream = names
    keys = tmp_path / "cp-keys"
    run("fleet", "keygen", str(keys), "--name", "fleet.test/witness")
    homes = [make_home(tmp_path / f"h{i}", 200) for i in range(2)]
    for home in homes:
        run(
            "fleet",
            "enrol",
            "--db",
            db,
            "--schema",
            schema,
            "--human",
            "bob@example.test",
            "--keys",
            str(keys),
            "--home",
            str(home.root),
            "--stream",
            stream,
        )
    up = subprocess.Popen(
        [
            *BASTION,
            "fleet",
            "up",
            "--db",
            db,
            "--nats",
            nats_url,
            "--schema",
            schema,
            "--stream",
            stream,
            "--keys",
            str(keys),
            "--replicas",
            "1",
            "--detectors",
            "1",
            "--record-home",
            str(tmp_path / "cp-home"),
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    policies = tmp_path / "policies"
    policies.mkdir()
    try:
        (policies / "fleet.cedar").write_text(GOOD)
        key = str(keys / "fleet-command.pem")
        sent = [
            "fleet",
            "bundle",
            str(policies),
            "--version",
            "1",
            "--key",
            key,
            "--nats",
            nats_url,
            "--stream",
            stream,
        ]
        run(*sent)
        # The control plane itself refuses to publish an older or equal version.
        assert run(*sent, check=False).returncode == 1
        for home in homes:
            assert "bundle 1: applied" in _publish(home, nats_url, stream)["control"]
            assert (home.policy_dir / "fleet" / "fleet.cedar").is_file()
        # Someone with access to NATS but not the control key puts a bundle on the stream.
        forged = sign_document(PolicyBundle(9, {"x.cedar": GOOD}), Ed25519PrivateKey.generate())

        async def inject() -> None:
            nc = await nats.connect(nats_url)
            js = nc.jetstream()
            await js.publish(f"{control_stream(stream)}.bundle", forged)
            await nc.close()

        asyncio.run(inject())
        refused = _publish(homes[0], nats_url, stream)["control"]
        assert any("refused" in c and "signature" in c for c in refused), refused
        (policies / "fleet.cedar").write_text(BAD)
        run(
            "fleet",
            "bundle",
            str(policies),
            "--version",
            "2",
            "--key",
            key,
            "--nats",
            nats_url,
            "--stream",
            stream,
        )
        assert "bundle 2: failed" in _publish(homes[1], nats_url, stream)["control"]
        # A credential revocation reaches both devices.
        run(
            "fleet",
            "revoke-credential",
            "claude-code",
            "--kind",
            "agent",
            "--key",
            key,
            "--reason",
            "leaked",
            "--nats",
            nats_url,
            "--stream",
            stream,
        )
        for home in homes:
            assert any("applied" in c for c in _publish(home, nats_url, stream)["control"])
            service = IdentityService(home)
            try:
                assert "claude-code" in {r.subject for r in service.registry.revocations()}
            finally:
                service.close()
        # One device identity with sessions on two hosts (a copied home).
        store = Store(homes[0].database_url)
        try:
            for sid, host in (("sa", "laptop-a"), ("sb", "laptop-b")):
                store.append_control(attribution_row({"id": sid, "host": host}, "normal"))
        finally:
            store.close()
        for home in homes:
            _publish(home, nats_url, stream)  # the reports and attributions go up
        dev0, dev1 = origin(homes[0]), origin(homes[1])

        def kinds() -> set[str]:
            return {f.kind for f in plane.findings()}

        wait_for(
            lambda: {"fleet.bundle-failed", "fleet.identity-two-hosts"} <= kinds(),
            why=lambda: (kinds(), plane.rejections()),
        )
        # Both devices took v2 in a later round (home 0 with the revocation) and failed it.
        for dev in (dev0, dev1):
            assert [(v, st) for v, st, _d in plane.bundle_reports(dev)] == [
                (1, "applied"),
                (2, "failed"),
            ]
        wait_for(lambda: len([f for f in plane.findings() if f.kind == "fleet.bundle-failed"]) == 2)
        failed = {tuple(f.devices) for f in plane.findings() if f.kind == "fleet.bundle-failed"}
        assert failed == {(dev0,), (dev1,)}
        two = next(f for f in plane.findings() if f.kind == "fleet.identity-two-hosts")
        assert two.devices == [dev0] and two.detail["hosts"] == ["laptop-a", "laptop-b"]
        listed = run("fleet", "findings", "--db", db, "--schema", schema).stdout.splitlines()
        assert len(listed) == len(plane.findings())
        # And as records of the control plane's own signed log (console, exporters).
        cp_home = Home.resolve(tmp_path / "cp-home")
        cp_store = Store(cp_home.database_url)
        try:
            recorded = {(f["kind"], f["severity"]) for f in cp_store.findings(CONTROL_SESSION)}
        finally:
            cp_store.close()
        assert {("fleet.bundle-failed", "high"), ("fleet.identity-two-hosts", "high")} <= recorded
        checked = subprocess.run(
            [*BASTION, "audit", "verify", "--home", str(cp_home.root), "--json"],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        up.terminate()
        up.wait(10)

        async def drop() -> None:
            nc = await nats.connect(nats_url)
            try:
                await nc.jetstream().delete_stream(control_stream(stream))
            finally:
                await nc.close()

        asyncio.run(drop())
