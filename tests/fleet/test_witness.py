"""The control plane as the fleet's witness, on loopback (real NATS and PostgreSQL,
separate processes and homes): it cosigns each device checkpoint it stored, the device
keeps the cosignature, `bastion audit verify --require fleet` requires it, and a device
that rewrites its history after the cosignature is refused and flagged."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bastion.audit.cosignature import CosignerKey, verify_cosignatures
from bastion.audit.publish import witness_file
from bastion.config import Home
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.witness import WITNESS_VKEY_FILE
from fleet.test_sync_ingest import (  # type: ignore[import-not-found]
    BASTION,
    _env,
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

__all__ = ["drop_stream", "names", "plane", "servers"]


def publish(home: Home, nats_url: str, stream: str) -> dict[str, object]:
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


def verify(home: Home, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BASTION, "audit", "verify", "--home", str(home.root), "--json", *extra],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fleet_witness_cosigns_and_catches_a_rewrite(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    db, nats_url = servers
    schema, stream = names
    keys = tmp_path / "cp-keys"
    run("fleet", "keygen", str(keys), "--name", "fleet.test/witness")
    witness = CosignerKey.parse((keys / WITNESS_VKEY_FILE).read_text())
    home = make_home(tmp_path / "h0", 2500)
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
    # Enrolled but nothing cosigned yet: --require fleet fails.
    before = verify(home, "--require", "fleet")
    assert before.returncode == 1, before.stdout + before.stderr
    assert "fleet witness" in before.stdout
    replica = start_ingest(db, nats_url, schema, stream, "--keys", str(keys))
    try:
        wait_for(lambda: stream_exists(nats_url, stream))
        publish(home, nats_url, stream)
        wait_for(lambda: plane.latest_cosigned(origin(home)) is not None)
        note = plane.latest_cosigned(origin(home))
        assert note is not None and verify_cosignatures(note, {witness.name: witness.public_key})

        # A round (the first, if the replica was quick, else the next) brings it home.
        def kept() -> int:
            return witness_file(home).path.read_text().count('"cosigned"')

        wait_for(lambda: publish(home, nats_url, stream)["cosigned"] == 2500 or kept() > 0)
        # Later rounds keep it once: no second witness-file line for the same cosignature.
        lines = kept()
        assert lines == 1
        assert publish(home, nats_url, stream)["cosigned"] == 0
        assert kept() == lines
        ok = verify(home, "--require", "fleet")
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert json.loads(ok.stdout)["cosigned"] == {"fleet.test/witness": 2500}

        # Rewrite: the machine replaces its store with another history under the same
        # key (all it holds), and publishes it.
        for path in home.db_path.parent.glob(home.db_path.name + "*"):
            path.unlink()
        append(home, 3000)
        publish(home, nats_url, stream)
        wait_for(lambda: plane.rejections() != [])
        findings = [f for f in plane.findings() if f.kind == "fleet.history-rewritten"]
        assert findings and findings[0].devices == [origin(home)]
        assert findings[0].detail["cosigned"] is True
        assert plane.device(origin(home)).size == 2500  # the stored history is untouched
        # And the device's own check fails: the cosigned notes it kept do not match.
        after = verify(home, "--require", "fleet")
        assert after.returncode == 1, after.stdout
    finally:
        replica.terminate()
        replica.wait(10)
    shutil.rmtree(keys)
