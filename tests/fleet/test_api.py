"""The HTTP enrolment API (`bastion fleet api`) and `bastion fleet enrol URL`, as separate
processes over loopback with a real PostgreSQL: an invitation enrols one device for its
human; it cannot be reused, forged or used after revocation."""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.api import CONTEXT, _request_body
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.enrolment import Enrolment
from fleet.test_sync_ingest import (  # type: ignore[import-not-found]
    BASTION,
    _env,
    names,
    origin,
    plane,
    run,
    servers,
)

__all__ = ["names", "plane", "servers"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/v1/health", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the API did not start")


def _invite(db: str, schema: str, human: str, hours: str = "1") -> str:
    out = run("fleet", "invite", "--db", db, "--schema", schema, human, "--hours", hours)
    return str(json.loads(out.stdout)["token"])


def test_enrol_over_http(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    db, nats_url = servers
    schema, _stream = names
    keys = tmp_path / "keys"
    run("fleet", "keygen", str(keys), "--name", "fleet.test/witness")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            *BASTION,
            "fleet",
            "api",
            "--db",
            db,
            "--schema",
            schema,
            "--keys",
            str(keys),
            "--port",
            str(port),
            "--nats",
            nats_url,
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_up(url)
        token = _invite(db, schema, "carol@example.test")
        homes = [Home.resolve(tmp_path / f"h{i}").ensure() for i in range(3)]

        def enrol(home: Home, token: str) -> subprocess.CompletedProcess[str]:
            return run(
                "fleet", "enrol", url, "--token", token, "--home", str(home.root), check=False
            )

        done = enrol(homes[0], token)
        assert done.returncode == 0, done.stderr
        enrolment = Enrolment.load(homes[0])
        assert enrolment is not None and enrolment.human == "carol@example.test"
        assert enrolment.witness.name == "fleet.test/witness"
        assert enrolment.nats == nats_url
        device = plane.device(origin(homes[0]))
        assert device is not None and device.human == "carol@example.test"
        # The same invitation again from this device is idempotent; from another, refused.
        assert enrol(homes[0], token).returncode == 0
        other = enrol(homes[1], token)
        assert other.returncode == 1 and "invitation" in other.stderr
        assert plane.device(origin(homes[1])) is None
        # An expired invitation, and an unknown one.
        assert enrol(homes[1], _invite(db, schema, "dan@example.test", "-1")).returncode == 1
        assert enrol(homes[1], "no-such-token").returncode == 1
        # A request signed by another key than the one it names.
        signer, thief = (LogSigner.for_keys_dir(h.keys_dir) for h in homes[1:3])
        fresh = _invite(db, schema, "erin@example.test")
        when = time.time()
        body = _request_body(signer.verifier_key, fresh, when)
        forged = {
            "vkey": signer.verifier_key,
            "token": fresh,
            "time": when,
            "signature": base64.b64encode(thief.private_key.sign(CONTEXT + body)).decode(),
        }
        request = urllib.request.Request(
            url + "/v1/enrol",
            data=json.dumps(forged).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
        assert enrol(homes[1], fresh).returncode == 0  # the invitation was not spent
        # A revoked device cannot come back with a new invitation.
        run("fleet", "revoke", "--db", db, "--schema", schema, origin(homes[0]))
        again = enrol(homes[0], _invite(db, schema, "carol@example.test"))
        assert again.returncode == 1 and "revoked" in again.stderr
    finally:
        server.terminate()
        server.wait(10)
