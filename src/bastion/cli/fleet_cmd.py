"""``bastion fleet``: sync a daemon's audit log to a control plane, and run one.

``publish`` runs beside a daemon (its own process, never in the decision path);
``ingest`` is one control-plane replica; ``up`` starts a local control plane for
development (tables, stream and N ingest replicas in one process); ``enrol`` and
``revoke`` manage devices on the control plane's database. See docs/fleet.md.
"""

from __future__ import annotations

import asyncio
import json
import signal
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.errors import BastionError

app = typer.Typer(help="Sync audit logs to a fleet control plane (NATS JetStream + PostgreSQL).")

NatsOpt = Annotated[str, typer.Option("--nats", help="NATS server URL")]
DbOpt = Annotated[str, typer.Option("--db", help="control plane PostgreSQL URL")]
SchemaOpt = Annotated[str, typer.Option("--schema", help="control plane schema")]
StreamOpt = Annotated[str, typer.Option("--stream", help="JetStream stream name")]
HomeOpt = Annotated[str | None, typer.Option("--home", help="Bastion home")]
RecordOpt = Annotated[
    str | None,
    typer.Option(
        "--record-home",
        help="the control plane's own Bastion home: fleet findings become records of its "
        "signed log (console, exporters)",
    ),
]
KeysOpt = Annotated[
    str | None,
    typer.Option(
        "--keys", help="the control plane's key directory (`bastion fleet keygen`): cosign with it"
    ),
]


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


@app.command()
def publish(
    home: HomeOpt = None,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    stream: StreamOpt = "BASTION_AUDIT",
    once: Annotated[bool, typer.Option(help="one catch-up round, then exit")] = False,
    interval: Annotated[float, typer.Option(help="seconds between rounds")] = 1.0,
    nice: Annotated[
        int, typer.Option(help="CPU niceness: sync yields to the daemon's decisions")
    ] = 10,
) -> None:
    """Publish this home's signed audit log to the control plane's stream (and, when
    enrolled, bring back cosignatures, policy bundles and revocations)."""
    import os

    from bastion.fleet.publisher import Publisher

    if nice > 0:
        os.nice(nice)

    publisher = Publisher(Home.resolve(home).ensure(), nats_url, stream=stream)

    async def main() -> None:
        if once:
            done = await publisher.run_round()
            typer.echo(
                json.dumps(
                    {
                        "batches": done.batches,
                        "entries": done.entries,
                        "cosigned": done.cosigned,
                        "control": list(done.applied),
                    }
                )
            )
        else:
            await publisher.run(interval=interval, stop=_stop_on_signals())

    from nats.errors import Error as NatsError

    try:
        asyncio.run(main())
    except (OSError, TimeoutError, NatsError) as exc:
        typer.echo(f"control plane unreachable: {exc}; nothing was lost, retry later", err=True)
        raise typer.Exit(3) from exc
    finally:
        publisher.close()


def _replicas(
    db: str,
    schema: str,
    nats_url: str,
    stream: str,
    count: int,
    keys: str | None,
    detectors: int = 0,
    record_home: str | None = None,
) -> None:
    from bastion.fleet.controlplane import ControlPlane
    from bastion.fleet.detect import Detector
    from bastion.fleet.ingest import Ingester
    from bastion.fleet.witness import FleetWitness

    plane = ControlPlane(
        db, schema=schema, witness=FleetWitness.load(keys) if keys else None, keys_dir=keys
    )
    plane.setup()
    recorder = None
    if record_home:
        from bastion.fleet.records import FindingRecorder

        recorder = FindingRecorder(Home.resolve(record_home))
        plane.on_finding.append(recorder)

    from bastion.config import tune_gc

    # Long-running, and every batch parses into many short-lived objects: the daemon's
    # collector settings (`bench/fleet_ingest_profile.py --ab-gc` measures the difference).
    tune_gc()

    async def main() -> None:
        stop = _stop_on_signals()
        ingesters = [Ingester(plane, nats_url, stream=stream) for _ in range(count)]
        workers = [Detector(plane, nats_url, stream=stream) for _ in range(detectors)]
        await asyncio.gather(*(i.run(stop) for i in ingesters), *(w.run(stop) for w in workers))

    try:
        asyncio.run(main())
    finally:
        if recorder is not None:
            recorder.close()
        plane.close()


@app.command()
def ingest(
    db: DbOpt,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    schema: SchemaOpt = "bastion_fleet",
    stream: StreamOpt = "BASTION_AUDIT",
    keys: KeysOpt = None,
    record_home: RecordOpt = None,
) -> None:
    """Run one ingest replica (start as many as you like: they share the consumer)."""
    _replicas(db, schema, nats_url, stream, 1, keys, 0, record_home)


@app.command()
def up(
    db: DbOpt,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    schema: SchemaOpt = "bastion_fleet",
    stream: StreamOpt = "BASTION_AUDIT",
    replicas: Annotated[int, typer.Option(help="ingest replicas in this process")] = 2,
    keys: KeysOpt = None,
    detectors: Annotated[int, typer.Option(help="detection workers in this process")] = 1,
    record_home: RecordOpt = None,
) -> None:
    """A local control plane for development: tables, stream, ingest replicas and
    detection workers (the HTTP enrolment API is `bastion fleet api`)."""
    typer.echo(
        f"fleet control plane: {replicas} ingest replica(s), {detectors} detection "
        f"worker(s) on {stream}, schema {schema}"
    )
    _replicas(db, schema, nats_url, stream, replicas, keys, detectors, record_home)


@app.command()
def detect(
    db: DbOpt,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    schema: SchemaOpt = "bastion_fleet",
    stream: StreamOpt = "BASTION_AUDIT",
    record_home: RecordOpt = None,
) -> None:
    """Run one detection worker (cross-machine findings; as many as you like)."""
    _replicas(db, schema, nats_url, stream, 0, None, 1, record_home)


def _public_keys(keys: str) -> tuple[str, str]:
    """(witness verifier key, control public key PEM) from a `keygen` directory."""
    from pathlib import Path

    from bastion.fleet.witness import WITNESS_VKEY_FILE

    folder = Path(keys)
    return (folder / WITNESS_VKEY_FILE).read_text().strip(), (
        folder / "fleet-command.pub.pem"
    ).read_text()


@app.command()
def enrol(
    url: Annotated[
        str | None, typer.Argument(help="the control plane's API (https://...); or use --db")
    ] = None,
    human: Annotated[str, typer.Option(help="the person this device belongs to (--db)")] = "",
    token: Annotated[str, typer.Option(help="the enrolment invitation (with URL)")] = "",
    db: Annotated[str, typer.Option("--db", help="administrator: write the database")] = "",
    keys: KeysOpt = None,
    home: HomeOpt = None,
    schema: SchemaOpt = "bastion_fleet",
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    stream: StreamOpt = "BASTION_AUDIT",
) -> None:
    """Register this home's audit log key as a device of the control plane.

    ``bastion fleet enrol URL --token T``: over the control plane's HTTP API, with the
    invitation an administrator made for you (`bastion fleet invite`). Administrators can
    also write the database directly (``--db ... --human ... [--keys DIR]``)."""
    from bastion.fleet.enrolment import Enrolment

    where = Home.resolve(home).ensure()
    signer = LogSigner.for_keys_dir(where.keys_dir)
    if url:
        from bastion.fleet.api import enrol_over_http

        if not token:
            typer.echo("give the invitation: --token (`bastion fleet invite` makes one)", err=True)
            raise typer.Exit(2)
        try:
            enrolment = enrol_over_http(url, token, signer)
        except BastionError as exc:
            typer.echo(f"enrolment refused: {exc}", err=True)
            raise typer.Exit(1) from exc
        enrolment.save(where)
        typer.echo(json.dumps({"device": enrolment.device, "human": enrolment.human}))
        return
    if not db or not human:
        typer.echo("give the control plane's URL, or --db and --human", err=True)
        raise typer.Exit(2)
    from bastion.fleet.controlplane import ControlPlane

    plane = ControlPlane(db, schema=schema)
    try:
        plane.setup()
        device = plane.enrol_key(signer.verifier_key, human)
    finally:
        plane.close()
    if keys:
        witness_key, control_key = _public_keys(keys)
        Enrolment(
            device.origin, device.human, witness_key, control_key, nats=nats_url, stream=stream
        ).save(where)
    typer.echo(
        json.dumps({"device": device.origin, "human": device.human, "status": device.status})
    )


@app.command()
def revoke(
    db: DbOpt,
    device: Annotated[str, typer.Argument(help="the device's log origin")],
    schema: SchemaOpt = "bastion_fleet",
    refuse: Annotated[bool, typer.Option(help="mark refused instead of revoked")] = False,
) -> None:
    """Revoke (or refuse) a device: its later batches are rejected and recorded."""
    from bastion.fleet.controlplane import ControlPlane

    plane = ControlPlane(db, schema=schema)
    try:
        plane.set_status(device, "refused" if refuse else "revoked")
    finally:
        plane.close()


@app.command()
def keygen(
    out: Annotated[str, typer.Argument(help="directory for the control plane's keys")],
    name: Annotated[str, typer.Option(help="the witness's name in cosignatures")] = "",
) -> None:
    """Make the control plane's keys: the control key (commands, bundles, revocations:
    fleet-command.pem) and the witness key (cosignatures: fleet-witness.pem, its verifier
    key in fleet-witness.vkey). Private keys 0600; devices get the public halves at
    enrolment."""
    import os
    from pathlib import Path

    from bastion.audit.cosignature import CosignerKey
    from bastion.audit.keys import generate_signing_key, save_private_key, save_public_key
    from bastion.fleet.witness import WITNESS_KEY_FILE, WITNESS_VKEY_FILE

    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = generate_signing_key()
    save_private_key(key, directory / "fleet-command.pem")
    save_public_key(key.public_key(), directory / "fleet-command.pub.pem")
    witness = generate_signing_key()
    save_private_key(witness, directory / WITNESS_KEY_FILE)
    vkey = CosignerKey(name or f"bastion.fleet/{os.uname().nodename}", witness.public_key())
    (directory / WITNESS_VKEY_FILE).write_text(str(vkey) + "\n")
    from bastion.fleet.fpkey import FleetKeyRing

    if FleetKeyRing.load(directory) is None:  # the fleet fingerprint key, first epoch
        FleetKeyRing.rotate(directory)
    typer.echo(str(directory / "fleet-command.pub.pem"))


@app.command("rotate-fingerprint-key")
def rotate_fingerprint_key(
    keys: Annotated[str, typer.Option("--keys", help="the control plane's key directory")],
) -> None:
    """Start a new epoch of the fleet fingerprint key: devices fetch it on their next
    publisher round; secrets fingerprinted before and after never match each other."""
    from bastion.fleet.fpkey import FleetKeyRing

    ring = FleetKeyRing.rotate(keys)
    typer.echo(json.dumps({"current": ring.current.key_id, "epochs": len(ring.epochs)}))


@app.command()
def respond(
    command_key: Annotated[
        str | None,
        typer.Option(help="the control plane's command public key (default: from enrolment)"),
    ] = None,
    home: HomeOpt = None,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    prefix: Annotated[str, typer.Option("--prefix", help="subject prefix")] = "BASTION_AUDIT",
) -> None:
    """Beside a daemon: carry out signed containment commands addressed to this device."""
    import nats

    from bastion.audit.keys import load_public_key
    from bastion.daemon.containment import contain
    from bastion.fleet.commands import Command, Verifier, serve, to_message
    from bastion.fleet.enrolment import Enrolment

    where = Home.resolve(home).ensure()
    origin = LogSigner.for_keys_dir(where.keys_dir).origin
    if command_key:
        trusted = load_public_key(command_key)
    else:
        enrolment = Enrolment.load(where)
        if enrolment is None:
            typer.echo("not enrolled: run `bastion fleet enrol` or give --command-key", err=True)
            raise typer.Exit(2)
        trusted = enrolment.control_public_key
    source = None
    if not command_key:
        from bastion.fleet.control import DeviceControl

        enrolled = trusted

        def source() -> Ed25519PublicKey:  # the enrolled key, or where rotations led
            return DeviceControl(where, enrolled).key

    verifier = Verifier(trusted, origin, key_source=source)

    def apply(command: Command) -> dict[str, object]:
        return contain(where, to_message(command)).answer

    async def main() -> None:
        stop = _stop_on_signals()
        nc = await nats.connect(nats_url, max_reconnect_attempts=-1)
        await serve(nc, prefix, verifier, apply)
        await nc.flush()
        typer.echo(json.dumps({"device": origin, "listening": True}), err=True)
        await stop.wait()
        await nc.close()

    asyncio.run(main())


@app.command("contain")
def contain_cmd(
    device: Annotated[str, typer.Argument(help="the device's log origin")],
    session: Annotated[str, typer.Argument(help="the session on that device")],
    key: Annotated[str, typer.Option(help="the control plane's command private key")],
    op: Annotated[str, typer.Option(help="kill, ask-everything or block-tool")] = "kill",
    tool: Annotated[str, typer.Option(help="the tool, for block-tool")] = "",
    reason: Annotated[str, typer.Option(help="why, for the record")] = "",
    by: Annotated[str, typer.Option(help="who asks, for the record")] = "control-plane",
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    prefix: Annotated[str, typer.Option("--prefix", help="subject prefix")] = "BASTION_AUDIT",
    timeout: Annotated[float, typer.Option(help="seconds to wait for the device")] = 5.0,
) -> None:
    """Send one signed containment command to a device and wait for its answer."""
    import time

    import nats
    import orjson

    from bastion.audit.keys import load_private_key
    from bastion.fleet.commands import Command, command_subject, sign

    data = sign(
        Command.new(device, op, session, tool=tool, reason=reason, by=by), load_private_key(key)
    )

    async def main() -> tuple[dict[str, object], float]:
        nc = await nats.connect(nats_url)
        try:
            t0 = time.perf_counter()
            msg = await nc.request(command_subject(prefix, device), data, timeout=timeout)
            return orjson.loads(msg.data), time.perf_counter() - t0
        finally:
            await nc.close()

    try:
        reply, took = asyncio.run(main())
    except TimeoutError as exc:
        typer.echo(
            f"device {device} did not answer in {timeout}s; "
            "is `bastion fleet respond` running there?",
            err=True,
        )
        raise typer.Exit(3) from exc
    reply["ms"] = round(took * 1000, 1)
    typer.echo(json.dumps(reply))
    if not reply.get("ok"):
        raise typer.Exit(1)


def _retired_keys(key_file: str) -> tuple[Ed25519PublicKey, ...]:
    """The control keys a rotation retired (``retired/*.pub.pem`` beside the key)."""
    from pathlib import Path

    from bastion.audit.keys import load_public_key

    folder = Path(key_file).parent / "retired"
    found = sorted(folder.glob("*.pub.pem")) if folder.is_dir() else []
    return tuple(
        k for k in (load_public_key(str(p)) for p in found) if isinstance(k, Ed25519PublicKey)
    )


@app.command("rotate-control-key")
def rotate_control_key(
    keys: Annotated[str, typer.Option("--keys", help="the control plane's key directory")],
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    stream: Annotated[str, typer.Option(help="the audit stream")] = "BASTION_AUDIT",
) -> None:
    """Replace the control key (commands, bundles, revocations): a rotation statement
    naming the new key, signed by the old one, goes on the control stream first; then the
    new key replaces ``fleet-command.pem`` and the old one moves to ``retired/``. Devices
    follow the statement on their next round and refuse the old key from then on."""
    import time
    from pathlib import Path

    from bastion.audit.keys import (
        generate_signing_key,
        load_private_key,
        save_private_key,
        save_public_key,
    )
    from bastion.fleet.control import KeyRotation, key_id, public_pem, sign_document

    folder = Path(keys)
    old = load_private_key(folder / "fleet-command.pem")
    new = generate_signing_key()
    statement = KeyRotation(public_pem(new.public_key()), issued_at=time.time())
    seq = _send_document(sign_document(statement, old), nats_url, stream, old.public_key())
    retired = folder / "retired"
    retired.mkdir(mode=0o700, exist_ok=True)
    name = key_id(old.public_key())
    (folder / "fleet-command.pem").rename(retired / f"{name}.pem")
    save_public_key(old.public_key(), retired / f"{name}.pub.pem")
    save_private_key(new, folder / "fleet-command.pem")
    save_public_key(new.public_key(), folder / "fleet-command.pub.pem", overwrite=True)
    typer.echo(json.dumps({"old": name, "new": key_id(new.public_key()), "seq": seq}))


@app.command("rotate-witness-key")
def rotate_witness_key(
    keys: Annotated[str, typer.Option("--keys", help="the control plane's key directory")],
    name: Annotated[
        str, typer.Option(help="the new witness key's name (derived if not given)")
    ] = "",
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    stream: Annotated[str, typer.Option(help="the audit stream")] = "BASTION_AUDIT",
) -> None:
    """Replace the witness key (cosignatures): a rotation naming the new key, signed by
    the old witness key and by the control key, goes on the control stream first; then
    the new key replaces ``fleet-witness.pem`` (the old one moves to ``retired/``) and the
    replicas cosign with it from their next batch. Devices follow the rotation on their
    next round; their old cosignatures stay valid."""
    import time
    from pathlib import Path

    from bastion.audit.keys import generate_signing_key, load_private_key
    from bastion.fleet.control import sign_document
    from bastion.fleet.witness import FleetWitness
    from bastion.fleet.witness_rotation import WitnessRotation, next_witness_name

    folder = Path(keys)
    control = load_private_key(folder / "fleet-command.pem")
    old = FleetWitness.load(folder)
    # Check the new name and sign before any file moves: the rotation is published first.
    new_name = name or next_witness_name(old.name)
    probe = FleetWitness(new_name, generate_signing_key())
    statement = WitnessRotation.make(old.key, old.private_key, probe.key, time.time())
    seq = _send_document(sign_document(statement, control), nats_url, stream, control.public_key())
    rotated_from, rotated_to = FleetWitness.rotate(folder, new_name, key=probe.private_key)
    typer.echo(json.dumps({"old": rotated_from.name, "new": rotated_to.name, "seq": seq}))


def _send_document(
    data: bytes,
    nats_url: str,
    stream: str,
    key: Ed25519PublicKey,
    retired: tuple[Ed25519PublicKey, ...] = (),
) -> int:
    import nats

    from bastion.fleet.control import publish_document

    async def main() -> int:
        nc = await nats.connect(nats_url, connect_timeout=3, max_reconnect_attempts=0)
        try:
            return await publish_document(
                nc.jetstream(timeout=5.0), stream, data, key, retired=retired
            )
        finally:
            await nc.close()

    try:
        return asyncio.run(main())
    except BastionError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc


@app.command()
def bundle(
    policies: Annotated[str, typer.Argument(help="a .cedar file or a directory of them")],
    version: Annotated[int, typer.Option(help="the bundle's version (newer than the last)")],
    key: Annotated[str, typer.Option(help="the control plane's control key (fleet-command.pem)")],
    by: Annotated[str, typer.Option(help="who publishes, for the record")] = "control-plane",
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    stream: StreamOpt = "BASTION_AUDIT",
) -> None:
    """Sign and publish a versioned policy bundle to every enrolled device."""
    import time
    from pathlib import Path

    from bastion.audit.keys import load_private_key
    from bastion.fleet.control import PolicyBundle, sign_document

    path = Path(policies)
    paths = sorted(path.glob("*.cedar")) if path.is_dir() else [path]
    files = {p.name: p.read_text("utf-8") for p in paths}
    if not files:
        typer.echo(f"no .cedar file in {path}", err=True)
        raise typer.Exit(2)
    doc = PolicyBundle(version, files, by=by, issued_at=time.time())
    private = load_private_key(key)
    seq = _send_document(
        sign_document(doc, private), nats_url, stream, private.public_key(), _retired_keys(key)
    )
    typer.echo(json.dumps({"version": version, "digest": doc.digest, "seq": seq}))


@app.command("revoke-credential")
def revoke_credential(
    subject: Annotated[str, typer.Argument(help="what to revoke: an agent, a human, a session")],
    key: Annotated[str, typer.Option(help="the control plane's control key (fleet-command.pem)")],
    kind: Annotated[str, typer.Option(help="agent, human, session or jti")] = "agent",
    reason: Annotated[str, typer.Option(help="why, for the record")] = "",
    by: Annotated[str, typer.Option(help="who revokes, for the record")] = "control-plane",
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    stream: StreamOpt = "BASTION_AUDIT",
) -> None:
    """Sign and publish a credential revocation to every enrolled device (each applies
    it through its identity registry, ahead of time when it never saw the subject)."""
    import time

    from bastion.audit.keys import load_private_key
    from bastion.fleet.control import Revocation, sign_document

    doc = Revocation(kind, subject, reason=reason, by=by, issued_at=time.time())
    private = load_private_key(key)
    try:
        data = sign_document(doc, private)
    except BastionError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    seq = _send_document(data, nats_url, stream, private.public_key())
    typer.echo(json.dumps({"id": doc.id, "seq": seq}))


@app.command()
def findings(
    db: DbOpt,
    schema: SchemaOpt = "bastion_fleet",
    after: Annotated[int, typer.Option(help="only findings with a larger id")] = 0,
) -> None:
    """The fleet's findings (detection workers, the witness), one JSON record a line."""
    from bastion.fleet.controlplane import ControlPlane

    plane = ControlPlane(db, schema=schema)
    try:
        plane.setup()
        for f in plane.findings(after=after):
            typer.echo(
                json.dumps(
                    {
                        "id": f.id,
                        "kind": f.kind,
                        "severity": f.severity,
                        "devices": f.devices,
                        "detail": f.detail,
                        "time": f.at,
                    },
                    sort_keys=True,
                )
            )
    finally:
        plane.close()


@app.command()
def invite(
    db: DbOpt,
    human: Annotated[str, typer.Argument(help="the person who will enrol a device")],
    schema: SchemaOpt = "bastion_fleet",
    hours: Annotated[float, typer.Option(help="how long the invitation is valid")] = 24.0,
) -> None:
    """Make a one-time enrolment invitation for a human (the token is shown once; only
    its SHA-256 is stored). They run `bastion fleet enrol URL --token T`."""
    import secrets
    import time

    from bastion.fleet.api import token_digest
    from bastion.fleet.controlplane import ControlPlane

    token = secrets.token_urlsafe(24)
    plane = ControlPlane(db, schema=schema)
    try:
        plane.setup()
        plane.add_invite(token_digest(token), human, time.time() + hours * 3600)
    finally:
        plane.close()
    typer.echo(json.dumps({"human": human, "token": token, "hours": hours}))


@app.command()
def api(
    db: DbOpt,
    keys: Annotated[str, typer.Option("--keys", help="the control plane's key directory")],
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8765,
    schema: SchemaOpt = "bastion_fleet",
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    stream: StreamOpt = "BASTION_AUDIT",
) -> None:
    """Serve the HTTP enrolment API (put it behind TLS; replicas are stateless)."""
    import uvicorn

    from bastion.fleet.api import create_app
    from bastion.fleet.controlplane import ControlPlane

    plane = ControlPlane(db, schema=schema)
    plane.setup()
    try:
        uvicorn.run(
            create_app(plane, keys, nats_url=nats_url, stream=stream),
            host=host,
            port=port,
            log_level="warning",
        )
    finally:
        plane.close()
