"""Full verification of a stored log: recompute the tree from the rows, check every checkpoint.

The verifier trusts nothing stored but the signatures: it rebuilds every leaf from the
event rows (`bastion.audit.entry`), checks each checkpoint's signature and that its root
is the recomputed tree's root at its size, and uses the stored leaf hashes only as
witnesses to point at the first entry that differs. When the stored hashes were
rewritten along with the rows, the signed checkpoints still bound where the change is.

The rows are recomputed in aligned chunks of ``2**k`` leaves (`check_chunk`), which a
store may hand to worker processes: every perfect subtree of up to ``2**k`` leaves lies
inside one chunk, so the chunks' levels joined end to end are the whole tree's lower
levels, and only the few nodes above them are hashed here (`MerkleTree.from_levels`).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bastion.audit.checkpoint import Checkpoint, verify_note
from bastion.audit.errors import AuditError
from bastion.audit.merkle import HASH_SIZE, LEAF_PREFIX, MerkleTree, perfect_levels
from bastion.audit.witness import WitnessRecord, check_witnessed

__all__ = [
    "BadEntry",
    "ChunkResult",
    "EntryPlace",
    "LogSource",
    "StoredCheckpoint",
    "VerifyReport",
    "check_chunk",
    "trusted",
    "verify_log",
]

_NO_LEAF = "this row has no leaf: it was added to the table outside the log"
_MISMATCH = (
    "the row does not match its logged entry: it was changed, or an event was inserted, "
    "deleted or reordered here"
)


class StoredCheckpoint(Protocol):
    id: int
    size: int
    note: str


EntryPlace = tuple[int, str, float]
"""Where a log entry's row is: its ``seq``, ``session_id`` and ``time``."""


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


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """One aligned chunk of the log, recomputed from its rows (picklable for workers).

    ``levels[l]`` packs the chunk's complete subtrees of ``2**l`` leaves; ``bad`` is
    its first row that differs from its stored leaf, ``bad_node`` its first stored
    subtree node (level, index) that differs from the recomputed one.
    """

    start: int
    levels: tuple[bytes, ...]
    bad: BadEntry | None = None
    bad_node: tuple[int, int] | None = None

    @property
    def rows(self) -> int:
        return len(self.levels[0]) // HASH_SIZE if self.levels else 0


class LogSource(Protocol):
    """What the verifier reads; `bastion.store.tree.LogReader` provides it.

    `chunks` yields the recomputed chunks in order, covering every event row (each made
    by `check_chunk`, in this process or another); the rest are plain reads.
    """

    def chunks(self, *, check_nodes: bool) -> Iterator[ChunkResult]: ...

    def chunk_size(self) -> int: ...

    def iter_level(self, level: int) -> Iterator[tuple[int, bytes]]: ...

    def level_counts(self) -> dict[int, int]:
        """How many nodes the store holds at each level (level 0: the leaves)."""
        ...

    def place(self, index: int) -> EntryPlace | None: ...

    def checkpoints(self) -> list[StoredCheckpoint]: ...


@dataclass
class VerifyReport:
    rows: int = 0
    leaves: int = 0
    checkpoints: int = 0
    verified_checkpoints: int = 0
    verified_size: int = 0
    first_bad: BadEntry | None = None
    problems: list[str] = field(default_factory=list)
    witnessed: int = 0
    """Records in the local witness file that were checked."""
    witnessed_size: int = 0
    """The largest size a witness saw; the stored log must extend it."""
    cosigned: dict[str, int] = field(default_factory=dict)
    """Largest size cosigned by each trusted remote witness, among the notes held."""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_bad is None and not self.problems


def _iso(value: float | None) -> str:
    if value is None:
        return "?"
    import datetime

    return datetime.datetime.fromtimestamp(value, datetime.UTC).isoformat()


def check_chunk(
    start: int,
    pages: Iterable[Sequence[bytes]],
    stored_leaves: bytes,
    place: Callable[[int], EntryPlace | None],
    stored_level: Callable[[int, int, int], bytes] | None = None,
) -> ChunkResult:
    """Recompute one chunk that begins at leaf ``start`` (a multiple of its size).

    ``pages`` hold the chunk's rows as log entries, ``stored_leaves`` the stored leaf
    hashes of the same leaf range, packed; ``place`` locates a row by leaf index (only
    called for a mismatch); ``stored_level(level, begin, end)`` returns the stored
    nodes of one level in ``[begin, end)``, packed (None skips the node check).
    """
    prefix = LEAF_PREFIX
    leaves = b"".join([sha256(prefix + entry).digest() for page in pages for entry in page])
    levels = perfect_levels(leaves)
    bad = None
    if stored_leaves[: len(leaves)] != leaves:
        at = _first_difference(leaves, stored_leaves)
        where = place(start + at)
        reason = _NO_LEAF if (at + 1) * HASH_SIZE > len(stored_leaves) else _MISMATCH
        seq, session, when = where if where is not None else (None, None, None)
        bad = BadEntry(start + at, seq, session, when, reason)
    bad_node = None
    if stored_level is not None and bad is None:
        for level in range(1, len(levels)):
            want = levels[level]
            first = start >> level
            got = stored_level(level, first, first + len(want) // HASH_SIZE)
            if got != want:
                bad_node = (level, first + _first_difference(want, got))
                break
    return ChunkResult(start, tuple(levels), bad, bad_node)


def _first_difference(want: bytes, got: bytes) -> int:
    """Index of the first 32-byte hash where ``got`` differs from ``want`` (or ends)."""
    count = len(want) // HASH_SIZE
    for i in range(count):
        if got[i * HASH_SIZE : (i + 1) * HASH_SIZE] != want[i * HASH_SIZE : (i + 1) * HASH_SIZE]:
            return i
    return count


def verify_log(
    source: LogSource,
    trusted_keys: Mapping[str, Ed25519PublicKey],
    *,
    required: Collection[str] = (),
    check_nodes: bool = True,
    progress: Callable[[int], None] | None = None,
    witnessed: Sequence[WitnessRecord] | None = None,
    cosigners: Mapping[str, Ed25519PublicKey] | None = None,
) -> VerifyReport:
    """Verify everything stored; see the module docstring. Never raises on bad data.

    ``progress`` is called with the number of rows recomputed so far, once per chunk.
    """
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

    # 2. Recompute every leaf from the rows, chunk by chunk; compare with stored hashes.
    levels: list[bytearray] = []
    witness: BadEntry | None = None
    bad_node: tuple[int, int] | None = None
    for chunk in source.chunks(check_nodes=check_nodes):
        for number, packed in enumerate(chunk.levels):
            if number == len(levels):
                levels.append(bytearray())
            levels[number] += packed
        report.rows += chunk.rows
        witness = witness or chunk.bad
        bad_node = bad_node or chunk.bad_node
        if progress is not None:
            progress(report.rows)
    stored_counts = source.level_counts()
    report.leaves = stored_counts.get(0, 0)
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
    tree = MerkleTree.from_levels([bytes(level) for level in levels])
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

    # 3b. Witnessed checkpoints (outside the store) against the same tree: a shorter,
    #     replaced or re-signed log is found even when store and checkpoints agree.
    if witnessed is not None or cosigners:
        seen = check_witnessed(
            witnessed or (),
            tree.size,
            tree.root,
            trusted_keys,
            cosigners=cosigners,
            extra_notes=[row.note for row, _cp in signed],
        )
        report.witnessed = seen.records
        report.witnessed_size = seen.witnessed_size
        report.cosigned = dict(seen.cosigned or {})
        report.problems.extend(seen.problems or ())
        if witnessed is not None and not witnessed and signed:
            report.warnings.append(
                "the witness file holds no checkpoint: nothing outside the store vouches "
                "for this log, so a replaced or truncated store could not be told apart"
            )

    # 4. Pinpoint the first bad entry.
    if failing is not None:
        end = failing[1].size
        if witness is not None and good_size <= witness.index < max(end, good_size + 1):
            report.first_bad = witness
        else:
            # The stored hashes were rewritten too: only the checkpoints bound the change.
            lead = source.place(good_size) if good_size < report.rows else None
            seq, session, when = lead if lead is not None else (None, None, None)
            report.first_bad = BadEntry(
                good_size,
                seq,
                session,
                when,
                f"entries {good_size}..{end - 1} do not match checkpoint {failing[0].id} and "
                "the stored leaf hashes were rewritten with them; the first changed entry is "
                "in this range, this is its start",
            )
    elif witness is not None:
        report.first_bad = witness

    # 5. Stored subtree nodes must be the recomputed ones (proofs are served from them).
    #    The chunks checked every level inside themselves; the few above are checked here.
    if check_nodes and report.first_bad is None:
        if bad_node is not None:
            report.problems.append(_node_problem(*bad_node))
        else:
            level = max(source.chunk_size().bit_length(), 1)
            while level < tree.height:
                want = tree.level_bytes(level)
                got = b"".join(h for _i, h in source.iter_level(level))
                if got != want:
                    report.problems.append(_node_problem(level, _first_difference(want, got)))
                    break
                level += 1
        for level, count in sorted(stored_counts.items()):
            expected = tree.size >> level
            if level and count != expected and len(report.problems) < 20:
                report.problems.append(
                    f"audit_nodes holds {count} node(s) at level {level} where the tree has "
                    f"{expected}: nodes were added or removed outside the log"
                )
    if not signed and report.rows:
        report.problems.append(
            "no checkpoint signed by a trusted key: the rows agree with their stored hashes, "
            "but nothing proves they are what was logged; sign checkpoints (the daemon does "
            "it with <home>/keys) and pass the log's verifier key"
        )
    return report


def _node_problem(level: int, index: int) -> str:
    return (
        f"stored subtree node (level {level}, index {index}) is wrong or missing; "
        "inclusion proofs served from it would fail: rebuild audit_nodes"
    )


def trusted(keys: Iterable[str]) -> dict[str, Ed25519PublicKey]:
    """Verifier-key strings (``name+id+key``) as the mapping `verify_log` takes."""
    from bastion.audit.note import VerifierKey

    out: dict[str, Ed25519PublicKey] = {}
    for text in keys:
        key = VerifierKey.parse(text)
        out[key.name] = key.public_key
    return out
