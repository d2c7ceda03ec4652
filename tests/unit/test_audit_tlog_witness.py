"""C2SP cosignature/v1 and tlog-witness: the witness's rules, and the console serving them.

The protocol tests drive `Witness.add_checkpoint` with request bodies as a log sends
them; the end-to-end test runs the console under uvicorn on a real port, a daemon's
store publishing to it over HTTP, and `audit verify --online` finding a cut tail after
the attacker also deleted the local witness file.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from bastion.audit import MerkleTree, generate_signing_key, leaf_hash
from bastion.audit.cosignature import (
    CosignerKey,
    cosign_body,
    cosigner_key_id,
    signed_message,
    verify_cosignatures,
)
from bastion.audit.errors import CheckpointSignatureError, KeyFormatError
from bastion.audit.publish import witness_file
from bastion.audit.records import recorded_mode
from bastion.audit.signer import LogSigner
from bastion.audit.tlog_witness import SIZE_CONTENT_TYPE, Witness, format_request
from bastion.cli.audit_cmd import app as audit_app
from bastion.cli.demo import incident_payloads
from bastion.config import Home
from bastion.daemon import build_engine
from bastion.server.app import create_app


class Log:
    """A log of ``n`` made-up entries and its signer."""

    def __init__(self) -> None:
        self.signer = LogSigner(generate_signing_key())
        self.tree = MerkleTree()

    def grow(self, n: int) -> None:
        for i in range(n):
            self.tree.append(leaf_hash(f"entry {self.tree.size + i}".encode()))

    def note(self, size: int | None = None, root: bytes | None = None) -> str:
        size = self.tree.size if size is None else size
        return self.signer.sign(size, root or self.tree.root(size), 1_700_000_000)

    def request(self, old: int, size: int | None = None, root: bytes | None = None) -> bytes:
        size = self.tree.size if size is None else size
        proof = self.tree.consistency_proof(old, size) if 0 < old <= size else []
        return format_request(old, proof, self.note(size, root))


@pytest.fixture
def log() -> Log:
    made = Log()
    made.grow(10)
    return made


@pytest.fixture
def witness(log: Log, tmp_path: Path) -> Witness:
    return Witness(
        "witness.example/w1",
        generate_signing_key(),
        {log.signer.origin: log.signer.public_key},
        tmp_path / "state.json",
        clock=lambda: 1_700_000_123,
    )


def test_cosignature_v1_signs_the_header_time_and_body() -> None:
    key = generate_signing_key()
    body = "example.com/log\n5\n" + "A" * 43 + "=\n"
    line = cosign_body(body, key, "w.example/1", 1_679_315_147)
    assert line.key_id == cosigner_key_id("w.example/1", key.public_key())
    assert struct.unpack(">Q", line.signature[:8])[0] == 1_679_315_147
    assert signed_message(body, 1_679_315_147).startswith(b"cosignature/v1\ntime 1679315147\n")
    key.public_key().verify(line.signature[8:], signed_message(body, 1_679_315_147))
    parsed = CosignerKey.parse(str(CosignerKey("w.example/1", key.public_key())))
    assert parsed.key_id == line.key_id
    with pytest.raises(KeyFormatError, match="0x04"):
        CosignerKey.parse(LogSigner(key).verifier_key)  # a log key (0x01) is no witness key


def test_the_witness_cosigns_a_first_checkpoint_and_then_only_extensions(
    log: Log, witness: Witness
) -> None:
    first = witness.add_checkpoint(log.request(0))
    assert first.status == 200 and first.body.startswith("\u2014 witness.example/w1 ")
    merged = log.note() + first.body
    wkeys = {witness.name: witness.key.public_key}
    assert [c.timestamp for c in verify_cosignatures(merged, wkeys)] == [1_700_000_123]
    tampered = merged.replace("\n10\n", "\n11\n", 1)
    with pytest.raises(CheckpointSignatureError):
        verify_cosignatures(tampered, wkeys)

    log.grow(7)
    stale = witness.add_checkpoint(log.request(0))  # the client did not know the size
    assert (stale.status, stale.body, stale.content_type) == (409, "10\n", SIZE_CONTENT_TYPE)
    assert witness.add_checkpoint(log.request(10)).status == 200
    assert witness.latest(log.signer.origin) == (17, log.tree.root())


def test_the_witness_refuses_what_does_not_extend_its_view(log: Log, witness: Witness) -> None:
    assert witness.add_checkpoint(log.request(0)).status == 200
    # Shorter (a cut tail): old above the new size, or a stale old size.
    assert witness.add_checkpoint(log.request(10, size=8)).status == 400
    assert witness.add_checkpoint(log.request(0, size=8)).status == 409
    # Same size, other root (rewritten and re-signed with the log's own key).
    other = witness.add_checkpoint(log.request(10, size=10, root=b"\x01" * 32))
    assert other.status == 409
    # Longer, but not consistent: a rewritten history cannot come with a valid proof.
    rewritten = Log()
    rewritten.signer = log.signer  # the stolen key
    rewritten.tree.append(leaf_hash(b"forged"))
    rewritten.grow(15)
    assert witness.add_checkpoint(rewritten.request(10)).status == 422
    # Unknown logs and bad signatures.
    assert witness.add_checkpoint(Log().request(0)).status == 404
    forged = log.request(0).replace(b"\n10\n", b"\n11\n")
    assert witness.add_checkpoint(forged).status in (403, 409)
    assert witness.add_checkpoint(b"old 01\n\n" + log.note().encode()).status == 400
    assert witness.add_checkpoint(b"garbage").status == 400
    assert witness.latest(log.signer.origin) == (10, log.tree.root(10))  # unchanged


# -- end to end: the console witnesses a daemon's log over HTTP ----------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Home, Home, str]]:
    """A machine's home (``m``) publishing to a console's home (``c``) served on a port."""
    monkeypatch.delenv("BASTION_DATABASE_URL", raising=False)
    machine = Home.resolve(tmp_path / "m").ensure()
    log_vkey = LogSigner.for_keys_dir(machine.keys_dir).verifier_key
    console_home = Home.resolve(tmp_path / "c").ensure()
    console_home.config_path.write_text(
        f'[witness]\nname = "console.example/witness"\nlogs = ["{log_vkey}"]\n'
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(console_home), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "console did not start"
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    with urllib.request.urlopen(url + "/witness/key", timeout=5) as answer:
        wkey = answer.read().decode().strip()
    machine.config_path.write_text(
        f'[audit]\n[[audit.witnesses]]\nurl = "{url}"\nkey = "{wkey}"\ntimeout = 5\n'
    )
    monkeypatch.setenv("BASTION_HOME", str(machine.root))
    try:
        yield machine, console_home, wkey
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_console_cosigns_and_later_exposes_a_cut_tail(homes: tuple[Home, Home, str]) -> None:
    machine, _console, wkey = homes
    engine = build_engine(machine)
    engine.store.checkpoint_every = 8
    try:
        for payload in incident_payloads("e2e-1"):
            engine.handle_payload("claude-code", json.dumps(payload).encode())
        engine.store.checkpoint(only_if_new=True)
    finally:
        engine.store.close()
    # close() let the background publisher finish sending (it never blocks decisions).
    runner = CliRunner()
    result = runner.invoke(audit_app, ["verify", "--json", "--online"])
    out = json.loads(result.stdout)
    assert result.exit_code == 0, out["problems"]
    assert out["cosigned"]["console.example/witness"] == out["rows"]
    assert any("console.example/witness" in line for line in witness_file(machine).path.open())

    # The attacker cuts the tail, re-signs with the stolen key and deletes the local
    # witness file too: offline, the store alone looks fine...
    import sqlite3

    db = sqlite3.connect(machine.db_path)
    keep = out["rows"] - 4
    db.execute(
        "DELETE FROM events WHERE seq > (SELECT seq FROM events ORDER BY seq LIMIT 1 OFFSET ?)",
        (keep - 1,),
    )
    db.execute('DELETE FROM audit_nodes WHERE level = 0 AND "index" >= ?', (keep,))
    db.execute('DELETE FROM audit_nodes WHERE level > 0 AND (("index" + 1) << level) > ?', (keep,))
    db.execute("DELETE FROM checkpoints")
    # ...and makes the session row agree with the entries left.
    mode = "normal"
    for name, data in db.execute("SELECT native_name, data FROM events ORDER BY seq"):
        mode = recorded_mode(name, json.loads(data)) or mode
    db.execute(
        "UPDATE sessions SET mode = ?, event_count = "
        "(SELECT count(*) FROM events WHERE session_id = sessions.id)",
        (mode,),
    )
    db.commit()
    db.close()
    from bastion.store import Store

    resigned = Store(machine.database_url, signer=LogSigner.for_keys_dir(machine.keys_dir))
    resigned.checkpoint()
    resigned.close()
    witness_file(machine).path.unlink()
    offline = runner.invoke(audit_app, ["verify", "--json"])
    assert offline.exit_code == 0, offline.stdout
    # ...but the remote witness remembers the larger size.
    online = runner.invoke(audit_app, ["verify", "--json", "--online", "--witness-key", wkey])
    assert online.exit_code == 1
    assert any(
        "refuses the log's latest checkpoint" in p for p in json.loads(online.stdout)["problems"]
    )
