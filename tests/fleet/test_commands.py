"""Signed containment commands: the device's checks, then a real NATS round trip that
kills a session through the one containment path (`daemon/containment.contain`; no
daemon runs here, so it takes its in-process path, which checks and records the same)."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import nats
import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.config import Home
from bastion.daemon.containment import contain
from bastion.fleet.commands import (
    Command,
    CommandRefused,
    Verifier,
    command_subject,
    serve,
    sign,
    to_message,
)
from bastion.store import Store

DEVICE = "bastion.log/00112233aabbccdd"


def test_device_checks_signature_target_age_and_replay() -> None:
    key = Ed25519PrivateKey.generate()
    now = [1_000_000.0]
    verifier = Verifier(key.public_key(), DEVICE, clock=lambda: now[0])
    command = Command(DEVICE, "kill", "s1", reason="exfil", id="c1", issued_at=now[0])
    assert verifier.verify(sign(command, key)) == command
    with pytest.raises(CommandRefused, match="replay"):
        verifier.verify(sign(command, key))
    with pytest.raises(CommandRefused, match="signature"):
        verifier.verify(
            sign(
                Command(DEVICE, "kill", "s1", id="c2", issued_at=now[0]),
                Ed25519PrivateKey.generate(),
            )
        )
    data = bytearray(sign(Command(DEVICE, "kill", "s1", id="c3", issued_at=now[0]), key))
    data[-3] ^= 1  # an edited body
    with pytest.raises(CommandRefused, match="signature"):
        verifier.verify(bytes(data))
    with pytest.raises(CommandRefused, match="not this device"):
        verifier.verify(
            sign(Command("bastion.log/ffff", "kill", "s1", id="c4", issued_at=now[0]), key)
        )
    with pytest.raises(CommandRefused, match="stale"):
        verifier.verify(sign(Command(DEVICE, "kill", "s1", id="c5", issued_at=now[0] - 61), key))
    with pytest.raises(CommandRefused, match="unknown command"):
        verifier.verify(sign(Command(DEVICE, "rm-rf", "s1", id="c6", issued_at=now[0]), key))
    with pytest.raises(CommandRefused):
        verifier.verify(b"\x00" * 10)


def test_to_message_maps_each_op() -> None:
    assert to_message(Command(DEVICE, "kill", "s")).mode == "killed"  # type: ignore[union-attr]
    assert to_message(Command(DEVICE, "ask-everything", "s")).mode == "ask-everything"  # type: ignore[union-attr]
    block = to_message(Command(DEVICE, "block-tool", "s", tool="WebFetch"))
    assert block.op == "block-tool" and block.tool == "WebFetch"  # type: ignore[union-attr]


def test_kill_over_nats_reaches_the_session_and_is_recorded(tmp_path: Path) -> None:
    nats_url = os.environ.get("BASTION_TEST_NATS_URL")
    if not nats_url:
        pytest.skip("BASTION_TEST_NATS_URL is not set; see README.md, Tests")
    home = Home.resolve(tmp_path / "home").ensure()
    store = Store(f"sqlite:///{home.db_path}")
    now = time.time()
    store.upsert_session(
        {
            "id": "sess-1",
            "agent": "claude-code",
            "human": "alice",
            "started_at": now,
            "last_seen": now,
        }
    )
    store.close()
    key = Ed25519PrivateKey.generate()
    prefix = "FLEETTEST" + os.urandom(4).hex().upper()

    def silent(*_a: object, **_k: object) -> dict[str, object]:
        raise ConnectionError  # no daemon here: contain() runs the same handling in-process

    def apply(command: Command) -> dict[str, object]:
        return contain(home, to_message(command), send=silent).answer

    async def go() -> tuple[dict[str, object], dict[str, object], float]:
        device = await nats.connect(nats_url)
        control = await nats.connect(nats_url)
        await serve(device, prefix, Verifier(key.public_key(), DEVICE), apply)
        await device.flush()
        data = sign(Command.new(DEVICE, "kill", "sess-1", reason="fleet test"), key)
        t0 = time.perf_counter()
        reply = orjson.loads(
            (await control.request(command_subject(prefix, DEVICE), data, timeout=10)).data
        )
        took = time.perf_counter() - t0
        again = orjson.loads(
            (await control.request(command_subject(prefix, DEVICE), data, timeout=10)).data
        )
        await device.close()
        await control.close()
        return reply, again, took

    reply, again, took = asyncio.run(go())
    assert reply["ok"] is True, reply
    assert again == {"ok": False, "error": "command id already used: a replay"}
    store = Store(f"sqlite:///{home.db_path}")
    try:
        session = store.session("sess-1")
        assert session is not None and session["mode"] == "killed"
        events = store.events("sess-1")
        assert any("fleet:control-plane" in orjson.dumps(e.get("data")).decode() for e in events), (
            events
        )
    finally:
        store.close()
    assert took < 10


def test_fleet_contain_cli_kills_through_a_separate_responder(tmp_path: Path) -> None:
    """``bastion fleet keygen``, ``respond`` (its own process, beside a home) and
    ``contain`` (another process): the session is killed and the answer says so; a
    command signed by another key is refused."""
    import subprocess
    import sys

    nats_url = os.environ.get("BASTION_TEST_NATS_URL")
    if not nats_url:
        pytest.skip("BASTION_TEST_NATS_URL is not set; see README.md, Tests")
    bastion = [sys.executable, "-c", "from bastion.cli.main import app; app()"]
    env = {k: v for k, v in os.environ.items() if k != "BASTION_DATABASE_URL"}
    home = Home.resolve(tmp_path / "home").ensure()
    store = Store(f"sqlite:///{home.db_path}")
    now = time.time()
    store.upsert_session(
        {
            "id": "sess-9",
            "agent": "claude-code",
            "human": "alice",
            "started_at": now,
            "last_seen": now,
        }
    )
    store.close()
    from bastion.audit.signer import LogSigner

    origin = LogSigner.for_keys_dir(home.keys_dir).origin
    prefix = "FLEETCLI" + os.urandom(4).hex().upper()
    for name in ("cp", "other"):
        subprocess.run(
            [*bastion, "fleet", "keygen", str(tmp_path / name)], env=env, check=True, timeout=60
        )
    responder = subprocess.Popen(
        [
            *bastion,
            "fleet",
            "respond",
            "--home",
            str(home.root),
            "--nats",
            nats_url,
            "--prefix",
            prefix,
            "--command-key",
            str(tmp_path / "cp" / "fleet-command.pub.pem"),
        ],
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        assert responder.stderr is not None
        assert b"listening" in responder.stderr.readline()

        def send(key_dir: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [
                    *bastion,
                    "fleet",
                    "contain",
                    origin,
                    "sess-9",
                    "--key",
                    str(tmp_path / key_dir / "fleet-command.pem"),
                    "--reason",
                    "cli test",
                    "--nats",
                    nats_url,
                    "--prefix",
                    prefix,
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )

        forged = send("other")
        assert forged.returncode == 1 and "signature" in forged.stdout
        done = send("cp")
        assert done.returncode == 0, done.stdout + done.stderr
        assert orjson.loads(done.stdout)["ok"] is True
    finally:
        responder.terminate()
        responder.wait(10)
    store = Store(f"sqlite:///{home.db_path}")
    try:
        session = store.session("sess-9")
        assert session is not None and session["mode"] == "killed"
    finally:
        store.close()
