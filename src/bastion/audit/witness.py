"""The local witness: every signed checkpoint also goes to an append-only file outside the store.

The store holds the checkpoints too, so whoever can rewrite the store (drop its tail,
swap in another database, re-sign with the log key) could make store and checkpoints
agree again. The witness file is that second copy. It is written with ``O_APPEND`` and
an fsync per record, one JSON line each, and never rewritten; its first record pins the
log's verifier key, so a log re-keyed later (a new key, a whole new database) cannot
match it. `check_witnessed` compares it with the tree recomputed from the rows.

What the file is worth depends on who can write it: in system mode it lives in a
directory of the service user that the agent cannot write; in personal mode the agent
runs as the same user, so the file only raises the bar (the guard's policy refuses
writes to it through the agent's tools), and remote witnesses (`bastion.audit.tlog_witness`)
are what an agent cannot reach at all.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bastion.audit.checkpoint import Checkpoint, verify_note
from bastion.audit.cosignature import verify_cosignatures
from bastion.audit.errors import AuditError
from bastion.audit.jsonl import append_line
from bastion.audit.note import VerifierKey
from bastion.core import home as home_names
from bastion.errors import BastionError

__all__ = [
    "RECORD_VERSION",
    "WITNESS_DIR",
    "WITNESS_FILE",
    "WitnessFile",
    "WitnessFileError",
    "WitnessRecord",
    "WitnessReport",
    "check_witnessed",
    "default_path",
]

WITNESS_DIR = home_names.WITNESS_DIR
WITNESS_FILE = "checkpoints.log"
RECORD_VERSION = 1


class WitnessFileError(BastionError):
    """The witness file cannot be written; the message names the path and the fix."""


@dataclass(frozen=True, slots=True)
class WitnessRecord:
    """One line of the witness file: a signed checkpoint and the key it was pinned with."""

    line: int
    size: int
    note: str
    vkey: str
    time: float
    kind: str = "checkpoint"
    """``checkpoint`` as signed, in signing order; ``cosigned`` when a remote witness's
    cosignature came back (later, so not in size order)."""


def default_path(home_root: str | os.PathLike[str]) -> Path:
    return Path(home_root) / WITNESS_DIR / WITNESS_FILE


class WitnessFile:
    """An append-only file of signed checkpoints (one JSON object per line)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def publish(self, note: str, vkey: str, kind: str = "checkpoint") -> None:
        """Append one signed checkpoint durably (O_APPEND, fsync); raises `WitnessFileError`."""
        checkpoint = Checkpoint.parse(note.split("\n\n", 1)[0] + "\n")
        record = {
            "v": RECORD_VERSION,
            "origin": checkpoint.origin,
            "size": checkpoint.size,
            "root": base64.b64encode(checkpoint.root_hash).decode(),
            "time": round(time.time(), 3),
            "note": note,
            "vkey": vkey,
            "kind": kind,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            append_line(self.path, record)
        except OSError as exc:
            raise WitnessFileError(
                f"cannot append to the witness file {self.path} ({exc.strerror}); make its "
                "directory writable by the daemon's user, or set [audit] witness_file in "
                "config.toml"
            ) from exc

    def exists(self) -> bool:
        return self.path.is_file()

    def read(self) -> tuple[list[WitnessRecord], list[str]]:
        """The records, and a problem for each damaged line.

        A last line without its newline is a write cut short by a crash and is skipped
        without complaint; any other line that does not parse is a problem.
        """
        records: list[WitnessRecord] = []
        problems: list[str] = []
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return records, problems
        lines = raw.split(b"\n")
        torn = lines[-1]
        for number, line in enumerate(lines[:-1], 1):
            try:
                obj = json.loads(line)
                records.append(
                    WitnessRecord(
                        number,
                        int(obj["size"]),
                        str(obj["note"]),
                        str(obj["vkey"]),
                        float(obj.get("time") or 0),
                        str(obj.get("kind") or "checkpoint"),
                    )
                )
            except (ValueError, KeyError, TypeError):
                problems.append(
                    f"witness file {self.path} line {number} is not a witness record: the file "
                    "was edited"
                )
        if torn.strip():
            pass  # an append cut short by a crash: nothing was acknowledged from it
        return records, problems


@dataclass
class WitnessReport:
    """What the witnesses say about the stored log."""

    records: int = 0
    witnessed_size: int = 0
    cosigned: dict[str, int] | None = None
    problems: list[str] | None = None
    warnings: list[str] | None = None


def check_witnessed(
    records: Sequence[WitnessRecord],
    tree_size: int,
    root_at: Callable[[int], bytes],
    trusted_keys: Mapping[str, Ed25519PublicKey],
    *,
    cosigners: Mapping[str, Ed25519PublicKey] | None = None,
    extra_notes: Sequence[str] = (),
) -> WitnessReport:
    """Compare witnessed checkpoints with the tree recomputed from the stored rows.

    Finds a log that is shorter than what was witnessed (its tail deleted), a log whose
    history differs from a witnessed root (rows rewritten and re-signed with the
    log's own key, or the whole database replaced, or rolled back and grown again) and a
    log key that changed since the first witnessed checkpoint. With
    ``cosigners`` it also checks every cosignature held (in the witness file and in
    ``extra_notes``, the store's checkpoints) against the same tree.
    """
    report = WitnessReport(records=len(records), cosigned={}, problems=[], warnings=[])
    problems = report.problems
    assert problems is not None and report.cosigned is not None
    pinned: VerifierKey | None = None
    if records:
        try:
            pinned = VerifierKey.parse(records[0].vkey)
        except AuditError as exc:
            problems.append(f"witness record 1 holds no valid verifier key ({exc})")
    if pinned is not None:
        trusted = trusted_keys.get(pinned.name)
        if trusted is None or trusted.public_bytes_raw() != pinned.public_key.public_bytes_raw():
            problems.append(
                f"the log key changed: the witness pinned {pinned.name} at its first "
                f"checkpoint, but verify trusts {', '.join(sorted(trusted_keys)) or 'no key'}; "
                "a log under a new key (a replaced database, a new key file) is not the "
                "witnessed log"
            )
    keys = {pinned.name: pinned.public_key} if pinned is not None else dict(trusted_keys)
    largest = 0
    for record in records:
        try:
            cp = verify_note(record.note, keys)
        except AuditError as exc:
            problems.append(f"witness record {record.line}: {exc}")
            continue
        if cp.size != record.size:
            problems.append(
                f"witness record {record.line}: its size field says {record.size} but the "
                f"signed note says {cp.size}; the file was edited"
            )
        # No order check between records: two writers (the daemon, a hook deciding in
        # process) may append theirs out of size order. Each root is checked instead,
        # which finds a rollback whatever grew after it.
        largest = max(largest, cp.size)
        _check_against_tree(
            f"witnessed checkpoint (line {record.line})", cp, tree_size, root_at, problems
        )
        if cosigners:
            _check_cosigned(record.note, cp, cosigners, report)
    report.witnessed_size = largest
    if cosigners:
        for note in extra_notes:
            try:
                cp = verify_note(note, keys)
            except AuditError:
                continue  # the store's own checkpoints are judged by verify_log
            if _check_cosigned(note, cp, cosigners, report):
                _check_against_tree("cosigned checkpoint", cp, tree_size, root_at, problems)
    return report


def _check_cosigned(
    note: str,
    cp: Checkpoint,
    cosigners: Mapping[str, Ed25519PublicKey],
    report: WitnessReport,
) -> bool:
    assert report.problems is not None and report.cosigned is not None
    try:
        found = verify_cosignatures(note, cosigners)
    except AuditError as exc:
        report.problems.append(f"checkpoint of size {cp.size}: {exc}")
        return False
    for c in found:
        report.cosigned[c.name] = max(report.cosigned.get(c.name, 0), cp.size)
    return bool(found)


def _check_against_tree(
    what: str,
    cp: Checkpoint,
    tree_size: int,
    root_at: Callable[[int], bytes],
    problems: list[str],
) -> None:
    if cp.size > tree_size:
        problems.append(
            f"{what} signs {cp.size} entries but the store's log has only {tree_size}: "
            f"{cp.size - tree_size} entries at the end were deleted (rows, nodes and "
            "checkpoints), or the database was replaced"
        )
    elif root_at(cp.size) != cp.root_hash:
        problems.append(
            f"{what} of size {cp.size} does not match the stored log: the history up to it "
            "was rewritten (and re-signed with the log key) or the database was replaced"
        )
