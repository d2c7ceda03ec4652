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

    try:
        asyncio.run(main())
    except (OSError, TimeoutError) as exc:
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
