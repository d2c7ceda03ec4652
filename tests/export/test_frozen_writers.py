"""The other processes that write the home database, frozen mid-write (issue #18).

The pattern of `test_frozen_console`: a real daemon serves a home, a real process of the
kind named stops itself (SIGSTOP) in the middle of its write, decisions go to the daemon
over its socket as a hook's do, and each must finish in under 5 s; after SIGCONT the
writer must finish. The writer stops at whichever comes first: the COMMIT of its own
write to the home database (its INSERT done, the write lock held), its own append to the
signed log, or half-way through a message to the daemon's socket (the fix: the daemon
writes it).

* ``checkpoint``: `bastion compliance report` signs a checkpoint when the newest one does
  not cover the log (``compliance/report.prove``).
* ``revoke``: `bastion revoke` writes a revocation row (``store/identity``) and a
  ``ControlAction`` entry in the signed log (``cli/identity_cmd``).
* ``login``, ``rotate``: `bastion login` and `bastion keys rotate` append to the identity
  lifecycle log (``identity/registry``) under its file lock, which the daemon takes to log
  each new session's credential.
* ``fleet-bundle``, ``fleet-revoke``: the fleet publisher applies a signed document from
  the control plane (``fleet/control.DeviceControl``): a ``fleet.*`` control entry in the
  signed log, and for a revocation the identity store and lifecycle log.
* ``pins``: the MCP gateway pins a server's tools on first sight (``gateway/pins``);
  the gateway runs under the agent, so `control_auth` refuses it the human's control
  channel: it has a narrow one of its own (``gateway/pin_writes``, ``daemon/gateway_pins``).

Round 13: ``checkpoint`` fixed (the daemon signs it, `wire/control.SignCheckpoint`; before,
the first decision waited > 5 s on SQLite and PostgreSQL). ``revoke`` fixed (the daemon's
`IdentityService` carries it out, `wire/control.Revoke`; before, stuck on SQLite; on
PostgreSQL its first write took row locks only, which no decision waits for). ``pins``
stalled decisions on SQLite (passed on PostgreSQL: row locks).

Round 14: ``pins`` fixed (the daemon pins first-seen tools for the gateway,
`wire/control.PinFirstUse`). ``login`` and ``rotate`` added: both stalled the first
decision of a new session > 5 s on SQLite and PostgreSQL (the identity log's lock); fixed,
the daemon appends them (`wire/control.LoginNote`, `wire/control.RotateKeys`).
``fleet-bundle`` added: stuck > 5 s on SQLite and PostgreSQL (its own append to the signed
log); fixed, the daemon writes it (`wire/control.FleetEntry`), and ``fleet-revoke`` by the
daemon's identity service (`wire/control.FleetRevoke`).

Round 15: ``pin-approved`` (the gateway moves a pin after a person approved the change),
``pin-request`` (it asks about a changed tool), ``ask-request`` (it asks about a call its
client cannot show), ``cosign`` (`bastion audit cosign`), ``checkpoint-new`` (`bastion
audit checkpoint --new`) and ``transcript`` (`bastion audit transcript` records its
findings in the session's log) added. Before: all five stuck the first decision > 5 s on SQLite;
on PostgreSQL only ``checkpoint-new`` (the log's lock; the others take row locks). Fixed:
the daemon writes them (`wire/control.PinApproved`, `AskPinChange`, `AskCall`, the
gateway's channel; `Cosign` and `SignCheckpoint`, the human's).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from export_support import decide_all, process_state, wait_stopped

from bastion.config import Home
from bastion.store import Store

_WRITER = textwrap.dedent(
    """
    import os, signal, socket, sys, time
    from sqlalchemy import event
    from sqlalchemy.engine import Engine as SAEngine
    from bastion.config import Home

    store_url, what, home_dir, out_dir = sys.argv[1:5]
    home = Home.resolve(home_dir)
    frozen = []
    armed = [what != "ask-request"]  # that one first opens its gateway session, unarmed

    def freeze(where):
        if armed[0] and not frozen:
            frozen.append(True)
            print("frozen", where, flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)

    WRITES = ("INSERT", "UPDATE", "DELETE")
    from sqlalchemy.engine import make_url
    HOME_DB = make_url(store_url)
    HOME_DB = (HOME_DB.get_backend_name(), HOME_DB.database)

    @event.listens_for(SAEngine, "before_cursor_execute")
    def _note(conn, cursor, statement, params, context, executemany):
        url = conn.engine.url
        on_home = (url.get_backend_name(), url.database) == HOME_DB  # not a side file
        if on_home and statement.lstrip().upper().startswith(WRITES):
            conn.info["home_write"] = statement.split("(")[0].strip()[:60]

    @event.listens_for(SAEngine, "commit")
    def _freeze(conn):
        statement = conn.info.pop("home_write", "")
        if statement:
            freeze(f"{conn.engine.url.database}: {statement}")  # the transaction is still open here

    from bastion.store.raw_append import RawAppend
    write = RawAppend.write

    def stopping_write(self, *args, **kwargs):
        write(self, *args, **kwargs)
        freeze("its own append to the signed log")

    RawAppend.write = stopping_write
    sendall = socket.socket.sendall

    def stopping_sendall(self, data, *args):
        if frozen or not armed[0] or self.family != socket.AF_UNIX:
            return sendall(self, data, *args)
        half = len(data) // 2
        sendall(self, data[:half], *args)
        freeze("a message to the daemon")
        return sendall(self, data[half:], *args)

    socket.socket.sendall = stopping_sendall
    import fcntl
    flock = fcntl.flock
    IDENTITY_LOG = os.path.realpath(home.root / "identity-events.jsonl")

    def stopping_flock(fd, operation):
        flock(fd, operation)
        if operation & fcntl.LOCK_EX:
            number = fd if isinstance(fd, int) else fd.fileno()
            if os.path.realpath(f"/proc/self/fd/{number}") == IDENTITY_LOG:
                freeze("holding the identity log's lock")

    fcntl.flock = stopping_flock

    if what == "checkpoint":
        from bastion.cli.main import app
        try:
            app(["compliance", "report", "--framework", "soc2", "--out", out_dir,
                 "--home", home_dir], standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, exc
    elif what == "revoke":
        from bastion.cli.main import app
        try:
            app(["revoke", "--human", "mallory", "--reason", "test", "--home", home_dir],
                standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, exc
    elif what == "login":
        from bastion.cli.main import app
        try:
            app(["login", "--name", "ada", "--home", home_dir], standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, exc
    elif what == "rotate":
        from bastion.cli.main import app
        try:
            app(["keys", "rotate", "--home", home_dir], standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, exc
    elif what == "fleet-bundle":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from bastion.fleet.control import DeviceControl, PolicyBundle, sign_document
        key = Ed25519PrivateKey.generate()
        text = '@id("fleet.t") forbid (principal, action, resource) when { context.tool == "t" };'
        done = DeviceControl(home, key.public_key()).apply_bundle(
            sign_document(PolicyBundle(2, {"fleet.cedar": text}), key))
        assert done["applied"], done
    elif what == "fleet-revoke":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from bastion.fleet.control import DeviceControl, Revocation, sign_document
        key = Ed25519PrivateKey.generate()
        done = DeviceControl(home, key.public_key()).apply_revocation(
            sign_document(Revocation("human", "mallory", "test"), key))
        assert done["applied"], done
    elif what == "pins":
        from bastion.gateway import build, pin_writes, pins
        store = build.open_store(home)
        tools = [{"name": "search", "description": "find", "inputSchema": {"type": "object"}}]
        record = pin_writes.GatewayWrites(home, store)  # as `gateway.build` gives the gateway
        checks = pins.check(store, pins.server_id("docs", "npx docs"), tools, first_use=True,
                            record=record)
        assert [c.status for c in checks] == ["first-use"], checks
        assert record.delivered == "daemon", record.delivered
        store.close()
    elif what in ("pin-approved", "pin-request"):
        from bastion.gateway import build, pin_writes, pins
        store = build.open_store(home)
        changed = [{"name": "search", "description": "find; changed",
                    "inputSchema": {"type": "object"}}]
        record = pin_writes.GatewayWrites(home, store)  # as `gateway.build` gives the gateway
        checks = pins.check(store, pins.server_id("docs", "npx docs"), changed,
                            first_use=False, record=record)
        want = "approved-change" if what == "pin-approved" else "changed"
        assert [c.status for c in checks] == [want], checks
        assert record.delivered == "daemon", record.delivered
        store.close()
    elif what == "ask-request":
        from bastion.gateway import build
        from bastion.gateway.core import ServerInfo
        gateway = build.build(home, ServerInfo("docs", "npx docs", "stdio"),
                              filter_by_policy=False)
        gateway.start()  # its session is recorded by the daemon before anything is frozen
        armed[0] = True
        answer = gateway._ask_in_table({"id": 7}, "search", {"q": "x"}, "needs a person")
        assert "bastion approvals approve" in answer.message["error"]["message"], answer
        assert gateway.pin_record.delivered == "daemon", gateway.pin_record.delivered
        gateway.store.close()
    elif what == "cosign":
        from bastion.cli.main import app
        try:
            app(["audit", "cosign", "--key", os.path.join(out_dir, "auditor.pem"),
                 "--name", "auditor.example/a1", "--home", home_dir], standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, exc
    elif what == "transcript":  # tool calls that ran without a decision, in the session's log
        from bastion.cli.main import app
        try:
            code = app(["audit", "transcript", "inc-1", "--path",
                        os.path.join(out_dir, "transcript.jsonl"), "--home", home_dir],
                       standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
        assert code == 1, code  # 1: unchecked calls found
    elif what == "checkpoint-new":
        from bastion.cli.main import app
        try:
            app(["audit", "checkpoint", "--new", "--home", home_dir], standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, exc
    print("written", flush=True)
    """
)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process state in /proc")
@pytest.mark.parametrize(
    "what",
    [
        "checkpoint", "revoke", "pins", "login", "rotate", "fleet-bundle", "fleet-revoke",
        "pin-approved", "pin-request", "ask-request", "cosign", "checkpoint-new", "transcript",
    ],
)  # fmt: skip
def test_decisions_complete_while_a_writer_is_frozen_mid_write(
    recorded_any: Store, daemon_home: Home, what: str, tmp_path: Path,
) -> None:  # fmt: skip
    if what == "revoke":  # a person at the terminal, not an agent
        (daemon_home.root / "config.toml").open("a").write('\n[identity]\nhuman = "ada"\n')
    before = _prepare(what, recorded_any, daemon_home, tmp_path / "out")
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, recorded_any.url, what, str(daemon_home.root),
         str(tmp_path / "out")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_stopped(proc)
        times = decide_all(daemon_home, budget=5.0)
        assert process_state(proc.pid) == "T"  # frozen the whole time
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        assert out.startswith("frozen") and out.split()[-1] == "written", out
        print(what, out.splitlines()[0])
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
            proc.wait()
    assert len(times) == 16 and max(times) < 5.0, times
    if what == "revoke":  # written once, by whichever process wrote it
        from bastion.audit.records import CONTROL_ACTION, CONTROL_SESSION

        logged = [
            e["data"]
            for e in recorded_any.events(CONTROL_SESSION)
            if e["native_name"] == CONTROL_ACTION and e["data"].get("action") == "revoke"
        ]
        assert [(d["kind"], d["subject"]) for d in logged] == [("human", "mallory")]
    if what.startswith("fleet-"):  # its fleet entry in the signed log once
        from bastion.audit.records import CONTROL_ACTION, CONTROL_SESSION

        action = {
            "fleet-bundle": "fleet.bundle.applied",
            "fleet-revoke": "fleet.revocation.applied",
        }
        fleet = [
            e["data"]["by"]
            for e in recorded_any.events(CONTROL_SESSION)
            if e["native_name"] == CONTROL_ACTION and e["data"].get("action") == action[what]
        ]
        assert fleet == ["fleet:control-plane"], fleet
    _check_written(what, recorded_any, before)
    if what in ("login", "rotate"):  # in the identity lifecycle log once
        lines = (daemon_home.root / "identity-events.jsonl").read_text().splitlines()
        ops = [json.loads(line)["op"] for line in lines]
        assert ops.count({"login": "login", "rotate": "keys-rotated"}[what]) == 1, ops


_SID = "docs"
_FIRST = {"name": "search", "description": "find", "inputSchema": {"type": "object"}}
_CHANGED = {"name": "search", "description": "find; changed", "inputSchema": {"type": "object"}}


def _prepare(what: str, store: Store, home: Home, out: Path) -> dict[str, object]:
    """What a case needs in the home before its writer starts (written by this process,
    no daemon involved: nothing is frozen yet); what the check afterwards compares to."""
    from bastion.gateway import pins
    from bastion.server import approvals

    out.mkdir(parents=True, exist_ok=True)
    sid = pins.server_id(_SID, "npx docs")
    if what in ("pin-approved", "pin-request"):
        assert [c.status for c in pins.check(store, sid, [_FIRST], first_use=True)] == ["first-use"]
    if what == "pin-approved":  # the change was asked, and a person approved it
        [asked] = pins.check(store, sid, [_CHANGED], first_use=False)
        approvals.decide(store, asked.approval_id, "approved", "ada")
    if what == "cosign":  # a checkpoint of the daemon's, and an auditor's key
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from bastion.audit import save_private_key
        from bastion.daemon import client
        from bastion.wire.control import SignCheckpoint

        assert client.control(home, SignCheckpoint())["ok"]
        save_private_key(Ed25519PrivateKey.generate(), out / "auditor.pem")
    if what == "transcript":  # a transcript whose tool calls the daemon never decided
        fixture = Path(__file__).resolve().parents[1] / "integration" / "fixtures"
        (out / "transcript.jsonl").write_bytes((fixture / "transcript-tools.jsonl").read_bytes())
    return {
        "checkpoints": [(r.id, r.note) for r in store.checkpoints()],
        "approvals": [int(r["id"]) for r in approvals.listed(store, limit=None)],
    }


def _check_written(what: str, store: Store, before: dict[str, object]) -> None:
    """The write the frozen process was asked to make is there, once."""
    from bastion.gateway import pins
    from bastion.server import approvals
    from bastion.store import mcp_pins

    sid = pins.server_id(_SID, "npx docs")
    new_rows = [r for r in approvals.listed(store, limit=None, newest_first=False)
                if int(r["id"]) not in before["approvals"]]  # type: ignore[operator]  # fmt: skip
    if what == "pin-approved":
        pin = mcp_pins.pins_of(store, sid)["search"]
        assert (pin.hash, pin.pinned_by) == (pins.tool_hash(_CHANGED), "ada"), pin
        assert new_rows == []
    if what == "pin-request":
        assert mcp_pins.pins_of(store, sid)["search"].hash == pins.tool_hash(_FIRST)
        assert [(r["tool"], r["status"], r["session_id"]) for r in new_rows] == [
            (pins.PIN_TOOL, "pending", pins.pin_session(sid))
        ]
    if what == "ask-request":
        assert [(r["status"], r["tool_input"]) for r in new_rows] == [("pending", {"q": "x"})]
        assert new_rows[0]["session_id"].startswith("mcp-docs-"), new_rows
    if what == "cosign":
        old = dict(before["checkpoints"])  # type: ignore[call-overload]
        changed = [
            (i, n) for i, n in ((r.id, r.note) for r in store.checkpoints()) if old.get(i) != n
        ]
        assert len(changed) == 1 and "auditor.example/a1" in changed[0][1], changed
        assert changed[0][1].startswith(old[changed[0][0]].rstrip("\n")), changed
    if what == "transcript":  # its findings in the session's log, once
        checks = [
            e for e in store.events("inc-1") if e["native_name"] == "bastion.transcript-check"
        ]
        assert len(checks) == 1 and checks[0]["data"]["unchecked"] >= 1, checks
        kinds = {f["kind"] for f in store.findings("inc-1") if f["event_id"] == checks[0]["id"]}
        assert kinds == {"unchecked-action"}, kinds
    if what == "checkpoint-new":
        assert len(store.checkpoints()) == len(before["checkpoints"]) + 1  # type: ignore[arg-type]
