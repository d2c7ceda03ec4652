"""``bastion audit``: verify the log, sign and cosign checkpoints, export and check bundles.

Mounted by ``bastion.cli.main`` as ``bastion audit``. Every command takes ``--home``
(or ``BASTION_HOME``); the store is the home's (``BASTION_DATABASE_URL`` wins) and the
log key is ``<home>/keys/audit-log.pem``.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from bastion.cli.options import HomeOption, JsonOption
from bastion.config import Home
from bastion.errors import BastionError

if TYPE_CHECKING:
    from bastion.audit.signer import LogSigner
    from bastion.store import Store

app = typer.Typer(
    help="Tamper-evident audit log: verify, checkpoints, forensic bundles, search.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)

KeyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--key",
        help="A trusted verifier key (name+id+key) or a file holding one; repeat for several.",
    ),
]


JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Processes that recompute the log, this one included (0: one per available "
        "core). Logs under about 115,000 events are checked in this process alone.",
    ),
]


def _jobs(value: int) -> int:
    if value:
        return value
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _verify_with_progress(store: Any, jobs: int, show: bool, **options: Any) -> Any:
    """Run verify_log over the store, with a progress bar on a terminal's stderr.

    A store that cannot be read to the end (a damaged file, a lost connection, a worker
    that died) cannot be verified: that is exit 2 with the reason, never a traceback.
    """
    from concurrent.futures.process import BrokenProcessPool

    from bastion.store import DatabaseError

    try:
        return _run_verify(store, jobs, show, **options)
    except (DatabaseError, BrokenProcessPool, OSError) as exc:
        reason = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise CannotVerify(
            f"cannot verify: the log could not be read to the end ({reason}); the store may "
            "be damaged or unreachable, which is itself a finding for an audit"
        ) from exc


class CannotVerify(BastionError):
    """The log could not be checked at all (exit 2), as opposed to a mismatch (exit 1)."""


def _cannot_verify(message: str, as_json: bool) -> typer.Exit:
    if as_json:
        sys.stdout.write(json.dumps({"ok": False, "error": message}, indent=2) + "\n")
    return _fail(message, 2)


def _run_verify(store: Any, jobs: int, show: bool, **options: Any) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from bastion.audit.verify import verify_log

    with store.log_reader(jobs=jobs) as reader:
        if not (show and err.is_terminal):
            return verify_log(reader, **options)
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("recomputing the log", total=reader.row_count())
            return verify_log(
                reader, progress=lambda done: bar.update(task, completed=done), **options
            )


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _home(home: Path | None) -> Home:
    return Home.resolve(home).ensure()


def _signer(h: Home) -> LogSigner:
    from bastion.audit.signer import LogSigner

    return LogSigner.for_keys_dir(h.keys_dir)


def _store(h: Home, signer: LogSigner | None = None) -> Store:
    from bastion.store import Store

    try:
        return Store(h.database_url, signer=signer, checkpoint_seconds=0)
    except BastionError as exc:
        raise _fail(str(exc)) from exc


def _key_texts(values: list[str] | None) -> list[str]:
    out = []
    for value in values or []:
        path = Path(value)
        out.append(path.read_text().strip() if path.is_file() else value.strip())
    return out


def _cosign_keeper(h: Home, store: Store) -> Callable[[int, str], None]:
    """Keeps a cosigned note (checkpoint id, note): by the daemon while one runs, else
    here (`wire/control.Cosign`, issue #18); a refusal raises `HomeWriteFailed`."""
    from bastion.daemon.home_writes import write
    from bastion.wire.control import Cosign

    def keep(checkpoint_id: int, note: str) -> None:
        write(h, store, Cosign(checkpoint_id, note))

    return keep


def _home_key(h: Home) -> list[str]:
    from bastion.audit.signer import LOG_VERIFIER_FILE

    path = h.keys_dir / LOG_VERIFIER_FILE
    return [path.read_text().strip()] if path.is_file() else []


def _iso(ts: float | None) -> str:
    if ts is None:
        return "-"
    return datetime.datetime.fromtimestamp(ts, datetime.UTC).isoformat(timespec="seconds")


def _parse_time(value: str | None, name: str) -> float | None:
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _fail(
            f"{name} {value!r} is not an ISO 8601 time, e.g. 2025-01-31T12:00:00Z", 2
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp()


def _journal_account(h: Home, report: Any) -> dict[str, Any]:
    """What the hook's fallback journaled and the log does not hold yet (`record/wal`):
    frames waiting are a warning (the daemon folds them at its next start), a broken
    chain is a problem, and a journal kept aside by a fold is named."""
    from bastion.record.wal import EventJournal

    journal = EventJournal.for_home(h.root)
    read = journal.read()
    rejected = sorted(str(p) for p in journal.path.parent.glob(f"{journal.path.name}.rejected-*"))
    if read.problem:
        report.problems.append(
            f"event journal {journal.path}: {read.problem}; the daemon logs this and keeps "
            "the file aside at its next start"
        )
    if read.frames or read.torn_bytes:
        report.warnings.append(
            f"event journal {journal.path}: {len(read.frames)} frame(s) written by the hook's "
            "fallback are not in the log yet"
            + (f" (and a torn last append of {read.torn_bytes} bytes)" if read.torn_bytes else "")
            + "; start the daemon (`bastion up`) to fold them in"
        )
    for path in rejected:
        report.warnings.append(
            f"event journal kept aside after a broken chain: {path} (its valid frames are in "
            "the log, with a JournalProblem entry)"
        )
    return {
        "path": str(journal.path),
        "pending": len(read.frames),
        "torn_bytes": read.torn_bytes,
        "problem": read.problem,
        "rejected": rejected,
    }


@app.command()
def verify(
    home: HomeOption = None,
    key: KeyOption = None,
    require: Annotated[
        list[str] | None,
        typer.Option(
            "--require",
            help="Key name that must have signed; `fleet`: the fleet control plane this "
            "home enrolled with must have cosigned the log.",
        ),
    ] = None,
    jobs: JobsOption = 0,
    witness_key: Annotated[
        list[str] | None,
        typer.Option(
            "--witness-key",
            help="A trusted remote witness's cosigner key (name+id+key, type 0x04) or a "
            "file holding one; the [[audit.witnesses]] keys of config.toml are trusted too.",
        ),
    ] = None,
    require_witness: Annotated[
        bool,
        typer.Option(
            "--require-witness",
            help="Fail when the local witness file holds no checkpoint of this log.",
        ),
    ] = False,
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Also ask each [[audit.witnesses]] whether the latest checkpoint extends "
            "what it cosigned (finds a cut tail even when the local witness file went too).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Recompute the tree from the stored rows and check every checkpoint against it,
    and against the checkpoints held outside the store (the witness file, cosignatures).

    Exit 0 when all matches, 1 on a mismatch (the first bad entry is named), 2 when it
    cannot verify (bad arguments, an unreadable store).
    """
    from bastion.audit.errors import KeyFormatError
    from bastion.audit.publish import cosigner_keys, witness_file
    from bastion.audit.verify import trusted
    from bastion.store import Store

    h = _home(home)
    # ``--require fleet``: the fleet control plane this home enrolled with must have
    # cosigned (witnessed) the log; its witness key comes from the enrolment.
    fleet_witness = None
    if require and "fleet" in require:
        require = [r for r in require if r != "fleet"]
        from bastion.fleet.enrolment import Enrolment

        try:
            enrolment = Enrolment.load(h)
        except BastionError as exc:
            raise _cannot_verify(str(exc), as_json) from exc
        if enrolment is None:
            raise _cannot_verify(
                "--require fleet: this home is not enrolled in a fleet; run `bastion fleet "
                "enrol` first",
                as_json,
            )
        from bastion.fleet.witness_rotation import witness_keys

        try:  # the enrolled witness key, and the keys its rotations led to
            fleet_witness = witness_keys(h, enrolment.witness)
        except BastionError as exc:
            raise _cannot_verify(str(exc), as_json) from exc
    try:
        keys = trusted(_home_key(h) + _key_texts(key))
        cosigners = cosigner_keys(h, _key_texts(witness_key))
        if fleet_witness is not None:
            cosigners.update(fleet_witness.cosigners())
        witnessed, damaged = witness_file(h).read()
        store = Store(h.database_url, checkpoint_seconds=0)
    except (KeyFormatError, BastionError) as exc:
        raise _cannot_verify(str(exc), as_json) from exc
    try:
        report = _verify_with_progress(
            store,
            _jobs(jobs),
            not as_json,
            trusted_keys=keys,
            required=require or (),
            witnessed=witnessed,
            cosigners=cosigners,
        )
        report.problems[:0] = damaged
        if fleet_witness is not None:
            # A retired witness key counts only for what it cosigned before its rotation.
            report.problems.extend(
                fleet_witness.late_cosignatures(
                    [r.note for r in witnessed] + [c.note for c in store.checkpoints()]
                )
            )
            if not any(report.cosigned.get(n) for n in fleet_witness.names()):
                report.problems.append(
                    f"--require fleet: no checkpoint of this log is cosigned by the fleet "
                    f"witness {fleet_witness.current.name}; is `bastion fleet publish` running?"
                )
        if require_witness and not witnessed:
            report.problems.append(
                f"--require-witness: the witness file {witness_file(h).path} holds no "
                "checkpoint of this log"
            )
        from bastion.store.attest import check_attestations

        with store.snapshot() as conn:
            report.problems.extend(check_attestations(conn))
        journal = _journal_account(h, report)
        if online:
            from bastion.audit.publish import check_remote

            remote_problems, remote_sizes = check_remote(h, store, keep=_cosign_keeper(h, store))
            report.problems.extend(remote_problems)
            for name, size in remote_sizes.items():
                report.cosigned[name] = max(report.cosigned.get(name, 0), size)
    except CannotVerify as exc:
        raise _cannot_verify(str(exc), as_json) from exc
    finally:
        store.close()
    if as_json:
        out = {
            "ok": report.ok,
            "rows": report.rows,
            "leaves": report.leaves,
            "checkpoints": report.checkpoints,
            "verified_checkpoints": report.verified_checkpoints,
            "verified_size": report.verified_size,
            "unsigned": max(report.rows - report.verified_size, 0),
            "problems": report.problems,
            "warnings": report.warnings,
            "witnessed": report.witnessed,
            "witnessed_size": report.witnessed_size,
            "cosigned": report.cosigned,
            "journal": journal,
            "first_bad": None
            if report.first_bad is None
            else {
                "index": report.first_bad.index,
                "seq": report.first_bad.seq,
                "session_id": report.first_bad.session_id,
                "time": report.first_bad.time,
                "reason": report.first_bad.reason,
            },
        }
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
    else:
        if report.first_bad is not None:
            console.print(f"[bold red]FIRST BAD[/] {report.first_bad.describe()}", highlight=False)
        for problem in report.problems:
            console.print(f"[red]problem:[/] {problem}", highlight=False)
        for warning in report.warnings:
            console.print(f"[yellow]warning:[/] {warning}", highlight=False)
        if report.witnessed:
            console.print(
                f"witness file: {report.witnessed} checkpoint(s), the largest of "
                f"{report.witnessed_size} entries"
                + "".join(f"; cosigned by {n} up to {s}" for n, s in report.cosigned.items()),
                highlight=False,
            )
        if report.ok:
            console.print(
                f"[green]ok[/]: {report.rows} entries recomputed, {report.verified_checkpoints} "
                f"signed checkpoint(s) match (latest covers {report.verified_size})"
            )
            if report.verified_size < report.rows:
                # Normal while the daemon runs (it signs every 1,000 events or 60 s), but
                # until then these entries are only as good as the stored hashes.
                console.print(
                    f"[yellow]note:[/] entries {report.verified_size}..{report.rows - 1} are "
                    "newer than the latest checkpoint and not signed yet; `bastion audit "
                    "checkpoint --new` signs them",
                    highlight=False,
                )
    raise typer.Exit(0 if report.ok else 1)


def _show_checkpoint(row: Any, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(
            json.dumps(
                {
                    "id": row.id,
                    "origin": row.origin,
                    "size": row.size,
                    "root": row.root.hex(),
                    "time": row.time,
                    "note": row.note,
                },
                indent=2,
            )
            + "\n"
        )
        return
    console.print(f"checkpoint {row.id}: {row.size} entries at {_iso(row.time)}", highlight=False)
    sys.stdout.write(row.note)


@app.command()
def checkpoint(
    home: HomeOption = None,
    new: Annotated[bool, typer.Option("--new", help="Sign a fresh checkpoint first.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show the latest signed checkpoint (with --new, sign one of the log as it is now)."""
    h = _home(home)
    store = _store(h, _signer(h) if new else None)
    publisher = None
    try:
        if new:
            from bastion.audit.publish import attach
            from bastion.daemon.home_writes import write
            from bastion.wire.control import SignCheckpoint

            publisher = attach(h, store)  # publishes only what this process signs
            try:  # by the daemon while one runs, which publishes it (issue #18)
                write(h, store, SignCheckpoint())
            except BastionError as exc:
                raise _fail(str(exc)) from exc
        row = store.latest_checkpoint()
        if publisher is not None:
            publisher.drain()
            publisher.close()
            row = store.latest_checkpoint()
    finally:
        store.close()
    if row is None:
        raise _fail(
            "no checkpoint yet; the daemon signs them as events arrive, or run "
            "`bastion audit checkpoint --new`"
        )
    _show_checkpoint(row, as_json)


@app.command()
def cosign(
    key: Annotated[Path, typer.Option("--key", help="Cosigner's Ed25519 private key (PEM, 0600).")],
    name: Annotated[str, typer.Option("--name", help="Cosigner's key name.")] = "auditor",
    checkpoint_id: Annotated[
        int | None, typer.Option("--id", help="Checkpoint to cosign (default: the latest).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Add a second signature (control plane, auditor) to a checkpoint after checking it."""
    from bastion.audit import cosign as cosign_note
    from bastion.audit import load_private_key
    from bastion.audit.errors import AuditError
    from bastion.audit.verify import trusted

    h = _home(home)
    store = _store(h)
    try:
        rows = store.checkpoints()
        chosen = (
            next((r for r in rows if r.id == checkpoint_id), None)
            if checkpoint_id is not None
            else max(rows, key=lambda r: (r.size, r.id), default=None)
        )
        if chosen is None:
            raise _fail("no such checkpoint; `bastion audit checkpoint` shows the latest")
        log_keys = trusted(_home_key(h))
        if not log_keys:
            raise _fail(f"no log verifier key in {h.keys_dir}; cannot check what is cosigned")
        # A cosigner endorses a history, so it checks that history first.
        try:
            report = _verify_with_progress(
                store, _jobs(0), True, trusted_keys=log_keys, check_nodes=False
            )
        except CannotVerify as exc:
            raise _fail(f"refusing to cosign: {exc}", 2) from exc
        if report.first_bad is not None and report.first_bad.index < chosen.size:
            raise _fail(f"refusing to cosign: {report.first_bad.describe()}")
        try:
            note = cosign_note(chosen.note, load_private_key(key), name, trusted_keys=log_keys)
        except AuditError as exc:
            raise _fail(str(exc)) from exc
        try:
            _cosign_keeper(h, store)(chosen.id, note)
        except BastionError as exc:
            raise _fail(str(exc)) from exc
    finally:
        store.close()
    console.print(f"cosigned checkpoint {chosen.id} (size {chosen.size}) as {name}")


@app.command("export")
def export(
    session: Annotated[str, typer.Argument(help="Session id (or a unique prefix).")],
    out: Annotated[Path, typer.Option("--out", help="Bundle file to write.")],
    home: HomeOption = None,
) -> None:
    """Write a forensic bundle of one session with an inclusion proof for every event."""
    from bastion.audit.bundle import BundleEntry, build_bundle
    from bastion.audit.merkle import inclusion_proof

    h = _home(home)
    signer = _signer(h)
    store = _store(h, signer)
    try:
        found = store.session(session)
        if found is None:
            raise _fail(f"no session {session!r}; `bastion sessions` lists them")
        seqs = [r["seq"] for r in store.events(found["id"])]
        latest = store.latest_checkpoint()
        with store.log_reader() as reader:
            size = reader.size()
            if latest is None or latest.size < size or latest.origin != signer.origin:
                latest = None
        if latest is None:
            latest = store.checkpoint()
        if latest is None:  # only ``only_if_new`` returns None; kept for the type checker
            raise _fail("no checkpoint could be signed; run `bastion audit checkpoint`")
        with store.log_reader() as reader:
            entries = reader.entries(seqs)
            bundle_entries = [
                BundleEntry(
                    e.index, e.entry, inclusion_proof(e.index, latest.size, reader.read_nodes)
                )
                for e in entries
                if e.index < latest.size
            ]
        bundle = build_bundle(
            session=found,
            entries=bundle_entries,
            checkpoint_note=latest.note,
            verifier_keys=[signer.verifier_key],
        )
    finally:
        store.close()
    out.write_text(json.dumps(bundle, indent=1, default=str) + "\n")
    console.print(
        f"wrote {out}: {len(bundle_entries)} events of session {found['id']} proved "
        f"against checkpoint {latest.id} (size {latest.size})"
    )


@app.command("verify-bundle")
def verify_bundle_cmd(
    bundle: Annotated[Path, typer.Argument(help="Bundle written by `bastion audit export`.")],
    key: KeyOption = None,
) -> None:
    """Check a bundle offline (no store needed); exits 1 naming the first bad item."""
    from bastion.audit.bundle import verify_bundle

    try:
        data = json.loads(bundle.read_text())
    except (OSError, ValueError) as exc:
        raise _fail(f"cannot read {bundle}: {exc}", 2) from exc
    report = verify_bundle(data, _key_texts(key))
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if not report.ok:
        raise _fail(f"{bundle}: {report.error}")
    console.print(
        f"[green]ok[/]: {report.entries} entries are in log {report.origin} "
        f"(checkpoint size {report.checkpoint_size}); the chain matches them"
    )


@app.command()
def transcript(
    session: Annotated[str, typer.Argument(help="Session id (or a unique prefix).")],
    path: Annotated[
        Path | None, typer.Option("--path", help="Transcript file (default: the session's).")
    ] = None,
    record: Annotated[
        bool, typer.Option(help="Record the findings in the log as an event of the session.")
    ] = True,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find tool calls in the agent's transcript that ran without a decision from Bastion."""
    from bastion.sensors import sensor_for_record

    h = _home(home)
    store = _store(h)
    try:
        found = store.session(session)
        if found is None:
            raise _fail(f"no session {session!r}; `bastion sessions` lists them")
        source = path or (Path(found["transcript_path"]) if found["transcript_path"] else None)
        if source is None or not source.is_file():
            raise _fail(f"no transcript at {source or '(none recorded)'}; pass --path", 2)
        decided = [
            r["tool_use_id"]
            for r in store.events(found["id"])
            if r["kind"] == "action" and r["tool_use_id"]  # any agent's pre-tool event
        ]
        results = sensor_for_record(found.get("agent")).unchecked_findings(str(source), decided)
        if record and results:
            record_unchecked(h, store, found["id"], str(source), results)
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps([f.to_dict() for f in results], indent=2) + "\n")
    elif results:
        for f in results:
            console.print(f"[red]{f.kind}[/] {f.detail}", highlight=False)
    else:
        console.print("[green]ok[/]: every tool call in the transcript was decided by Bastion")
    raise typer.Exit(1 if results else 0)


def record_unchecked(
    h: Home, store: Store, session_id: str, source: str, results: list[Any]
) -> None:
    """Append the findings as one event of the session, so they are in the signed log: by
    the daemon while one runs (`wire/control.TranscriptCheck`, issue #18), else here. Not
    recorded (a refusal, a lost daemon) is said on stderr; the findings are still shown."""
    from bastion.daemon.home_writes import HomeWriteFailed, write
    from bastion.wire.control import TranscriptCheck

    message = TranscriptCheck(session_id, source, tuple(f.to_dict() for f in results))
    try:
        write(h, store, message)
    except HomeWriteFailed as exc:
        err.print(f"[yellow]warning:[/] the findings were not recorded in the log: {exc}",
                  highlight=False)  # fmt: skip


@app.command()
def search(
    human: Annotated[str | None, typer.Option(help="Human principal id.")] = None,
    agent: Annotated[str | None, typer.Option(help="Agent, e.g. claude-code.")] = None,
    session: Annotated[str | None, typer.Option(help="Session id or prefix.")] = None,
    tool: Annotated[str | None, typer.Option(help="Tool name, e.g. Bash.")] = None,
    verdict: Annotated[str | None, typer.Option(help="allow, ask or deny.")] = None,
    finding: Annotated[
        str | None, typer.Option(help="Finding kind, e.g. unchecked-action.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="ISO 8601 time, inclusive.")] = None,
    until: Annotated[str | None, typer.Option(help="ISO 8601 time, exclusive.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many events.")] = 1000,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find recorded events by who, what, verdict, finding and time."""
    if verdict is not None and verdict not in ("allow", "ask", "deny"):
        raise _fail("--verdict must be allow, ask or deny", 2)
    h = _home(home)
    store = _store(h)
    try:
        rows = store.search(
            human=human,
            agent=agent,
            session=session,
            tool=tool,
            verdict=verdict,
            finding=finding,
            since=_parse_time(since, "--since"),
            until=_parse_time(until, "--until"),
            limit=limit,
        )
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
        return
    from rich.table import Table

    table = Table()
    for col in ("seq", "time", "session", "human", "kind", "tool", "verdict", "findings"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["seq"]),
            _iso(r["time"]),
            r["session_id"][:12],
            r["human"] or "",
            r["kind"],
            r["tool"] or "",
            r["decision"] or "",
            ", ".join(r["findings"]),
        )
    console.print(table)
