"""``bastion compliance``: evidence for auditors, mapped to controls (docs/compliance.md)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bastion.cli.options import HomeOption
from bastion.config import Home
from bastion.errors import BastionError, StoreError

app = typer.Typer(
    help="Compliance evidence: SOC 2, ISO 27001, ISO 42001, EU AI Act, NIST AI RMF, OWASP "
    "Agentic Top 10 controls mapped to what the record shows, with proofs.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.command("frameworks")
def frameworks_cmd() -> None:
    """List the frameworks of the control catalogue and how many controls each has."""
    from bastion.compliance.catalogue import load

    catalogue = load()
    table = Table("name", "framework", "controls")
    for name, title in catalogue.frameworks.items():
        table.add_row(name, title, str(len(catalogue.of(name))))
    console.print(table)


@app.command("report")
def report_cmd(
    framework: Annotated[
        str,
        typer.Option(
            "--framework",
            help="soc2, iso27001, iso42001, euaiact, nistairmf or owaspasi "
            "(`bastion compliance frameworks`).",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Directory to write the report into.")],
    since: Annotated[
        str, typer.Option("--since", help="Window start: a span back from now (30d) or ISO 8601.")
    ] = "30d",
    until: Annotated[str | None, typer.Option("--until", help="Window end (default: now).")] = None,
    home: HomeOption = None,
) -> None:
    """Write report.html, report.pdf, report.json and proofs.json into --out.

    Per control: its status, the evidence with counts, and log entries proved by RFC 9162
    inclusion proofs in proofs.json, which `bastion audit verify-bundle` checks offline.
    Signs a new checkpoint with the home's log key when the newest one does not cover the
    log.
    """
    from bastion.audit.signer import LogSigner
    from bastion.compliance.catalogue import CatalogueError, load
    from bastion.compliance.evidence import Window
    from bastion.compliance.report import build, prove, write
    from bastion.export import config as export_config
    from bastion.export.times import parse_time
    from bastion.store import Store

    try:
        load().of(framework)
        start = parse_time(since) or 0.0
        end = parse_time(until) or time.time()
    except (CatalogueError, BastionError) as exc:
        raise _fail(str(exc), 2) from exc
    h = Home.resolve(home).ensure()
    try:
        signer = LogSigner.for_keys_dir(h.keys_dir)
        store = Store(h.database_url, signer=signer, checkpoint_seconds=0)
        sinks = export_config.load(h.settings().extra).sinks
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    from bastion.daemon.home_writes import HomeWriteFailed
    from bastion.daemon.home_writes import write as home_write
    from bastion.wire.control import SignCheckpoint

    def sign() -> None:  # by the daemon while one runs (issue #18)
        home_write(h, store, SignCheckpoint())

    try:
        with store.snapshot() as conn:
            report = build(conn, framework, Window(start, end), sinks)
        bundle = prove(store, report, signer, sign)
    except (HomeWriteFailed, StoreError) as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    written = write(report, out, bundle)
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts().items()))
    console.print(f"{report.framework_title}: {counts}")
    for path in written:
        console.print(f"wrote {path}")
