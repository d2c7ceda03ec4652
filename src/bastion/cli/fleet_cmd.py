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

from bastion.audit.signer import LogSigner
from bastion.config import Home

app = typer.Typer(help="Sync audit logs to a fleet control plane (NATS JetStream + PostgreSQL).")

NatsOpt = Annotated[str, typer.Option("--nats", help="NATS server URL")]
DbOpt = Annotated[str, typer.Option("--db", help="control plane PostgreSQL URL")]
SchemaOpt = Annotated[str, typer.Option("--schema", help="control plane schema")]
StreamOpt = Annotated[str, typer.Option("--stream", help="JetStream stream name")]
HomeOpt = Annotated[str | None, typer.Option("--home", help="Bastion home")]


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
) -> None:
    """Publish this home's signed audit log to the control plane's stream."""
    from bastion.fleet.publisher import Publisher

    publisher = Publisher(Home.resolve(home).ensure(), nats_url, stream=stream)

    async def main() -> None:
        if once:
            done = await publisher.run_round()
            typer.echo(json.dumps({"batches": done.batches, "entries": done.entries}))
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


def _replicas(db: str, schema: str, nats_url: str, stream: str, count: int) -> None:
    from bastion.fleet.controlplane import ControlPlane
    from bastion.fleet.ingest import Ingester

    plane = ControlPlane(db, schema=schema)
    plane.setup()

    async def main() -> None:
        stop = _stop_on_signals()
        ingesters = [Ingester(plane, nats_url, stream=stream) for _ in range(count)]
        await asyncio.gather(*(i.run(stop) for i in ingesters))

    try:
        asyncio.run(main())
    finally:
        plane.close()


@app.command()
def ingest(
    db: DbOpt,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    schema: SchemaOpt = "bastion_fleet",
    stream: StreamOpt = "BASTION_AUDIT",
) -> None:
    """Run one ingest replica (start as many as you like: they share the consumer)."""
    _replicas(db, schema, nats_url, stream, 1)


@app.command()
def up(
    db: DbOpt,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    schema: SchemaOpt = "bastion_fleet",
    stream: StreamOpt = "BASTION_AUDIT",
    replicas: Annotated[int, typer.Option(help="ingest replicas in this process")] = 2,
) -> None:
    """A local control plane for development: tables, stream and ingest replicas."""
    typer.echo(f"fleet control plane: {replicas} ingest replica(s) on {stream}, schema {schema}")
    _replicas(db, schema, nats_url, stream, replicas)


@app.command()
def enrol(
    db: DbOpt,
    human: Annotated[str, typer.Option(help="the person this device belongs to")],
    home: HomeOpt = None,
    schema: SchemaOpt = "bastion_fleet",
) -> None:
    """Register this home's audit log key as a device of the control plane."""
    from bastion.fleet.controlplane import ControlPlane

    signer = LogSigner.for_keys_dir(Home.resolve(home).ensure().keys_dir)
    plane = ControlPlane(db, schema=schema)
    try:
        plane.setup()
        device = plane.enrol_key(signer.verifier_key, human)
    finally:
        plane.close()
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
    out: Annotated[str, typer.Argument(help="directory for fleet-command.pem and .pub.pem")],
) -> None:
    """Make the control plane's command key (private 0600; hand the .pub.pem to devices)."""
    from pathlib import Path

    from bastion.audit.keys import generate_signing_key, save_private_key, save_public_key

    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = generate_signing_key()
    save_private_key(key, directory / "fleet-command.pem")
    save_public_key(key.public_key(), directory / "fleet-command.pub.pem")
    typer.echo(str(directory / "fleet-command.pub.pem"))


@app.command()
def respond(
    command_key: Annotated[str, typer.Option(help="the control plane's command public key")],
    home: HomeOpt = None,
    nats_url: NatsOpt = "nats://127.0.0.1:4222",
    prefix: Annotated[str, typer.Option("--prefix", help="subject prefix")] = "BASTION_AUDIT",
) -> None:
    """Beside a daemon: carry out signed containment commands addressed to this device."""
    import nats

    from bastion.audit.keys import load_public_key
    from bastion.daemon.containment import contain
    from bastion.fleet.commands import Command, Verifier, serve, to_message

    where = Home.resolve(home).ensure()
    origin = LogSigner.for_keys_dir(where.keys_dir).origin
    verifier = Verifier(load_public_key(command_key), origin)

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
