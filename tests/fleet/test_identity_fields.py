"""The daemon's entries carry what the fleet's cross-host identity rules read, and the
rules fire on real logs (real engines as `bastion up` builds them, the real publisher,
JetStream and a detection worker on PostgreSQL; skipped without BASTION_TEST_*_URL).

A daemon names a session's agent instance and credential id (``jti``, never the token)
with its host in the first entry of the session that carries a new credential. The
scenario: a home used on laptop-a, then carried to laptop-b (a roaming or copied home:
same keys, same identity registry) where the same session goes on with its credential,
while an unrelated device on laptop-c runs its own session. Expected: the credential and
the agent instance are each found on two hosts (a and b), and nothing names device c.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import nats

from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.daemon.server import build_engine
from bastion.fleet.controlplane import ControlPlane
from bastion.fleet.detect import Detector
from bastion.fleet.publisher import Publisher
from bastion.fleet.stream import ensure_stream
from bastion.store import Store
from fleet.test_sync_ingest import (  # type: ignore[import-not-found]
    drop_stream,
    names,
    plane,
    servers,
)

__all__ = ["drop_stream", "names", "plane", "servers"]


def _session(home: Home, host: str, session: str, *, start: bool) -> None:
    """One daemon process's life on ``host``: its engine handles the session's events."""
    engine = build_engine(home)
    engine.host = host  # the machine's name (all the devices here share one real host)
    base = {"session_id": session, "cwd": str(home.root), "transcript_path": "/tmp/t.jsonl"}
    try:
        if start:
            engine.handle_payload(
                "claude-code",
                json.dumps(
                    base | {"hook_event_name": "SessionStart", "source": "startup"}
                ).encode(),
            )
        for prompt in ("summarise the readme", "list the tests"):
            engine.handle_payload(
                "claude-code",
                json.dumps(
                    base | {"hook_event_name": "UserPromptSubmit", "prompt": prompt}
                ).encode(),
            )
    finally:
        engine.store.close()


def _identity_blocks(home: Home, session: str) -> list[dict[str, str]]:
    store = Store(home.database_url)
    try:
        rows = store.events(session)
    finally:
        store.close()
    return [
        r["data"]["identity"]
        for r in rows
        if isinstance(r.get("data"), dict) and "identity" in r["data"]
    ]


def test_credential_and_agent_instance_on_two_hosts_are_found(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    _db, nats_url = servers
    stream = names[1]
    roaming = Home.resolve(tmp_path / "roaming").ensure()
    other = Home.resolve(tmp_path / "other").ensure()
    _session(roaming, "laptop-a", "sess-1", start=True)
    _session(roaming, "laptop-b", "sess-1", start=False)  # a new daemon, another machine
    _session(other, "laptop-c", "sess-9", start=True)

    named = _identity_blocks(roaming, "sess-1")
    # Named once per daemon that took the credential up, never on every event; no token.
    assert [b["host"] for b in named] == ["laptop-a", "laptop-b"]
    assert len({b["jti"] for b in named}) == 1 and len({b["agent_instance"] for b in named}) == 1
    assert all(set(b) == {"agent_instance", "jti", "host"} for b in named)
    (c_block,) = _identity_blocks(other, "sess-9")
    assert c_block["jti"] != named[0]["jti"]

    devices = {}
    for home in (roaming, other):
        signer = LogSigner.for_keys_dir(home.keys_dir)
        plane.enrol_key(signer.verifier_key, "ann@example.test")
        devices[home.root.name] = signer.origin

    async def go() -> None:
        nc = await nats.connect(nats_url)
        await ensure_stream(nc.jetstream(), stream)
        await nc.close()
        for home in (roaming, other):
            publisher = Publisher(home, nats_url, stream=stream)
            try:
                assert (await publisher.run_round()).entries > 0
            finally:
                publisher.close()
        detector = Detector(plane, nats_url, stream=stream)
        stop = asyncio.Event()
        task = asyncio.create_task(detector.run(stop))
        for _ in range(300):
            if detector.stats.batches >= 2:
                break
            await asyncio.sleep(0.1)
        stop.set()
        await task
        assert detector.stats.batches >= 2, detector.stats

    asyncio.run(go())
    found = {f.detail.get("what"): f for f in plane.findings()}
    credential, instance = found.get("credential"), found.get("agent-instance")
    assert credential is not None and instance is not None, plane.findings()
    assert credential.kind == "fleet.credential-two-hosts" and credential.severity == "critical"
    assert credential.detail["value"] == named[0]["jti"]
    assert credential.detail["hosts"] == ["laptop-a", "laptop-b"]
    assert credential.devices == [devices["roaming"]]
    assert instance.kind == "fleet.identity-two-hosts"
    assert instance.detail["value"] == named[0]["agent_instance"]
    assert instance.detail["hosts"] == ["laptop-a", "laptop-b"]
    # The unrelated device is seen (its sightings are stored) but is in no finding.
    assert all(devices["other"] not in f.devices for f in plane.findings())
