"""Full verification of a stored log: recompute the tree from the rows, check every checkpoint.

The verifier trusts nothing stored but the signatures: it rebuilds every leaf from the
event rows (`bastion.audit.entry`), checks each checkpoint's signature and that its root
is the recomputed tree's root at its size, and uses the stored leaf hashes only as
witnesses to point at the first entry that differs. When the stored hashes were
rewritten along with the rows, the signed checkpoints still bound where the change is.
"""

from __future__ import annotations

import hmac
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bastion.audit.checkpoint import Checkpoint, verify_note
from bastion.audit.errors import AuditError
from bastion.audit.merkle import HASH_SIZE, MerkleTree, leaf_hash


class StoredEntryLike(Protocol):
    index: int
    seq: int
    id: str
    session_id: str
    time: float
    entry: bytes


class StoredCheckpoint(Protocol):
    id: int
    size: int
    note: str


class LogSource(Protocol):
    """What the verifier reads; `bastion.store.Store.log_source` provides it."""

    def iter_entries(self) -> Iterator[StoredEntryLike]: ...

    def iter_level(self, level: int) -> Iterator[tuple[int, bytes]]: ...

    def checkpoints(self) -> list[StoredCheckpoint]: ...


@dataclass(frozen=True, slots=True)
class BadEntry:
    """The first log entry that does not match what was logged."""

    index: int
    seq: int | None
    session_id: str | None
    time: float | None
    reason: str

    def describe(self) -> str:
        if self.seq is None:
            return f"entry {self.index}: {self.reason}"
        return (
            f"entry {self.index} (seq {self.seq}, session {self.session_id}, time "
            f"{_iso(self.time)}): {self.reason}"
        )


@dataclass
class VerifyReport:
    rows: int = 0
    leaves: int = 0
    checkpoints: int = 0
    verified_checkpoints: int = 0
    verified_size: int = 0
    first_bad: BadEntry | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_bad is None and not self.problems


def _iso(value: float | None) -> str:
    if value is None:
        return "?"
    import datetime

    return datetime.datetime.fromtimestamp(value, datetime.UTC).isoformat()


def verify_log(
    source: LogSource,
    trusted_keys: Mapping[str, Ed25519PublicKey],
    *,
    required: Collection[str] = (),
    check_nodes: bool = True,
) -> VerifyReport:
    """Verify everything stored; see the module docstring. Never raises on bad data."""
    report = VerifyReport()
    # 1. Checkpoint signatures.
    signed: list[tuple[StoredCheckpoint, Checkpoint]] = []
    for row in source.checkpoints():
        report.checkpoints += 1
        try:
            cp = verify_note(row.note, trusted_keys, required=required)
        except AuditError as exc:
            report.problems.append(f"checkpoint {row.id} (size {row.size}): {exc}")
            continue
        if cp.size != row.size:
            report.problems.append(
                f"checkpoint {row.id}: its size column says {row.size} but the signed note "
                f"says {cp.size}; the row was edited"
            )
        signed.append((row, cp))
    signed.sort(key=lambda pair: pair[1].size)

    # 2. Recompute every leaf from the rows; compare with the stored leaf hashes.
    recomputed: list[bytes] = []
    stored: list[bytes] = []
    witness: BadEntry | None = None
    rows: list[StoredEntryLike] = []  # only the row at the first mismatch is kept
    stored_leaves = source.iter_level(0)
    for entry in source.iter_entries():
        value = leaf_hash(entry.entry)
        recomputed.append(value)
        pair = next(stored_leaves, None)
        if pair is not None:
            stored.append(pair[1])
        if witness is None and (pair is None or pair[1] != value):
            reason = (
                "this row has no leaf: it was added to the table outside the log"
                if pair is None
                else "the row does not match its logged entry: it was changed, or an event "
                "was inserted, deleted or reordered here"
            )
            witness = BadEntry(entry.index, entry.seq, entry.session_id, entry.time, reason)
            rows.append(entry)
    for _index, value in stored_leaves:
        stored.append(value)
    report.rows = len(recomputed)
    report.leaves = len(stored)
    if report.leaves > report.rows and witness is None:
        witness = BadEntry(
            report.rows,
            None,
            None,
            None,
            f"the log has {report.leaves} leaves but only {report.rows} event rows: "
            f"{report.leaves - report.rows} event(s) at the end were deleted",
        )

    # 3. Checkpoints against the recomputed tree.
    tree = MerkleTree(recomputed)
    good_size = 0
    failing: tuple[StoredCheckpoint, Checkpoint] | None = None
    for row, cp in signed:
        if cp.size > tree.size:
            report.problems.append(
                f"checkpoint {row.id} signs {cp.size} entries but only {tree.size} event rows "
                "are stored: events were deleted"
            )
            failing = failing or (row, cp)
            continue
        if hmac.compare_digest(tree.root(cp.size), cp.root_hash):
            report.verified_checkpoints += 1
            if failing is None:
                good_size = cp.size
        else:
            report.problems.append(
                f"checkpoint {row.id} (size {cp.size}) does not match the stored events: its "
                "signed root differs from the root recomputed from the rows"
            )
            failing = failing or (row, cp)
    report.verified_size = good_size

    # 4. Pinpoint the first bad entry.
    if failing is not None:
        end = failing[1].size
        if witness is not None and good_size <= witness.index < max(end, good_size + 1):
            report.first_bad = witness
        else:
            # The stored hashes were rewritten too: only the checkpoints bound the change.
            lead = _entry_at(source, good_size) if good_size < report.rows else None
            report.first_bad = BadEntry(
                good_size,
                lead.seq if lead else None,
                lead.session_id if lead else None,
                lead.time if lead else None,
                f"entries {good_size}..{end - 1} do not match checkpoint {failing[0].id} and "
                "the stored leaf hashes were rewritten with them; the first changed entry is "
                "in this range, this is its start",
            )
    elif witness is not None:
        report.first_bad = witness

    # 5. Stored subtree nodes must be the recomputed ones (proofs are served from them).
    if check_nodes and report.first_bad is None:
        level = 1
        while level < tree.height:
            want = tree.level_bytes(level)
            got = b"".join(h for _i, h in source.iter_level(level))
            if got != want:
                count = min(len(got), len(want)) // HASH_SIZE
                at = next(
                    (
                        i
                        for i in range(count)
                        if got[i * HASH_SIZE : (i + 1) * HASH_SIZE]
                        != want[i * HASH_SIZE : (i + 1) * HASH_SIZE]
                    ),
                    count,
                )
                report.problems.append(
                    f"stored subtree node (level {level}, index {at}) is wrong or missing; "
                    "inclusion proofs served from it would fail: rebuild audit_nodes"
                )
                break
            level += 1
        extra = list(source.iter_level(tree.height)) if tree.size else []
        if extra:
            report.problems.append(f"audit_nodes has extra nodes at level {tree.height}")
    if not signed and report.rows:
        report.problems.append(
            "no checkpoint signed by a trusted key: the rows agree with their stored hashes, "
            "but nothing proves they are what was logged; sign checkpoints (the daemon does "
            "it with <home>/keys) and pass the log's verifier key"
        )
    return report


def _entry_at(source: LogSource, index: int) -> StoredEntryLike | None:
    for entry in source.iter_entries():
        if entry.index == index:
            return entry
    return None


def trusted(keys: Iterable[str]) -> dict[str, Ed25519PublicKey]:
    """Verifier-key strings (``name+id+key``) as the mapping `verify_log` takes."""
    from bastion.audit.note import VerifierKey

    out: dict[str, Ed25519PublicKey] = {}
    for text in keys:
        key = VerifierKey.parse(text)
        out[key.name] = key.public_key
    return out
