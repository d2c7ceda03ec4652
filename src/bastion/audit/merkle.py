"""Merkle tree hashing, inclusion and consistency proofs of RFC 9162 section 2.1 (SHA-256).

Terms used throughout, as in RFC 9162:

* a *leaf hash* is ``SHA-256(0x00 || entry)``, a *node hash* ``SHA-256(0x01 || left || right)``;
* the tree over ``n`` leaves splits at ``k``, the largest power of two smaller than ``n``;
* a *perfect subtree* is identified by ``(level, index)``: the ``2**level`` leaves
  ``[index * 2**level, (index + 1) * 2**level)``; ``(0, i)`` is leaf ``i``.

Every subtree hash a proof needs is either a perfect subtree or the right edge of a
tree, which is itself a right fold of at most ``log2(n)`` perfect subtrees. A store
therefore only keeps perfect-subtree hashes (the leaf hashes plus the internal nodes
that `CompactRange.append` reports as it completes them) and hands this module a
`NodeReader`; a proof then costs one batched read of ``O(log n)`` hashes.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bastion.audit.errors import (
    CompactRangeError,
    ConsistencyProofError,
    InclusionProofError,
    NodeReadError,
    ProofRequestError,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "LEAF_PREFIX",
    "NODE_PREFIX",
    "CompactRange",
    "MerkleTree",
    "NodeId",
    "NodeReader",
    "Subtree",
    "consistency_proof",
    "consistency_proof_length",
    "inclusion_proof",
    "inclusion_proof_length",
    "leaf_hash",
    "node_hash",
    "perfect_levels",
    "root_at",
    "root_from_leaf_hashes",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
"""Length in bytes of every hash in the tree (SHA-256)."""

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""Root of the empty tree: the SHA-256 hash of the empty string (RFC 9162 section 2.1.1)."""

NodeId = tuple[int, int]
"""A perfect subtree as ``(level, index)``; see the module docstring."""

NodeReader = Callable[[Sequence[NodeId]], Sequence[bytes]]
"""Returns the hash of each requested perfect subtree, in the order requested."""

_sha256 = hashlib.sha256


@dataclass(frozen=True, slots=True)
class Subtree:
    """A completed perfect subtree and its hash, as reported by `CompactRange.append`."""

    level: int
    index: int
    hash: bytes


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 9162 leaf hash ``SHA-256(0x00 || data)`` of one log entry."""
    return _sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 9162 interior node hash ``SHA-256(0x01 || left || right)``."""
    return _sha256(NODE_PREFIX + left + right).digest()


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """Return the Merkle Tree Hash (MTH) of a whole list of leaf hashes.

    Hashes level by level; a level's odd last node is carried up unchanged, which
    yields exactly the left-balanced tree of RFC 9162 section 2.1.1.
    """
    if not hashes:
        return EMPTY_ROOT
    for position, value in enumerate(hashes):
        if len(value) != HASH_SIZE:
            raise ValueError(
                f"leaf hash {position} is {len(value)} bytes, not {HASH_SIZE}: pass "
                "leaf_hash(entry) values, not raw entries"
            )
    level = b"".join(hashes)
    count = len(hashes)
    while count > 1:
        level, count = _hash_level(level, count)
    return level


def _hash_level(level: bytes, count: int) -> tuple[bytes, int]:
    """Hash each adjacent pair of a packed level; carry an odd last node up unchanged."""
    pair = 2 * HASH_SIZE
    pairs = count // 2
    sha256 = _sha256
    parent = b"".join(
        [sha256(NODE_PREFIX + level[i : i + pair]).digest() for i in range(0, pairs * pair, pair)]
    )
    if count % 2:
        parent += level[pairs * pair :]
    return parent, pairs + count % 2


def perfect_levels(leaves: bytes) -> list[bytes]:
    """Return every level of complete perfect subtrees over packed leaf hashes.

    Level 0 is ``leaves`` itself; level ``l`` packs the ``len(leaves) // 32 >> l``
    subtrees of ``2**l`` leaves, left to right (an odd last node is not carried up: it
    is not yet a perfect subtree). A verifier that hashes a log in aligned chunks of
    ``2**k`` leaves gets, per chunk, exactly the nodes the whole tree has there.
    """
    if len(leaves) % HASH_SIZE:
        raise ValueError(f"packed leaf hashes must be a multiple of {HASH_SIZE} bytes")
    levels = [bytes(leaves)]
    pair = 2 * HASH_SIZE
    sha256 = _sha256
    while len(levels[-1]) >= pair:
        child = levels[-1]
        end = len(child) - len(child) % pair
        levels.append(
            b"".join(
                [sha256(NODE_PREFIX + child[i : i + pair]).digest() for i in range(0, end, pair)]
            )
        )
    return levels


# --- which subtrees a proof is made of ------------------------------------------------


def _largest_power_of_two_below(n: int) -> int:
    """Return ``k``, the largest power of two strictly smaller than ``n`` (``n > 1``)."""
    return 1 << ((n - 1).bit_length() - 1)


def _range_nodes(begin: int, end: int) -> list[NodeId]:
    """Return the perfect subtrees, largest first, whose right fold is MTH(D[begin:end]).

    Valid for every subtree the RFC's recursion produces, where ``begin`` is a multiple
    of a power of two at least ``end - begin``.
    """
    nodes: list[NodeId] = []
    while begin < end:
        level = (end - begin).bit_length() - 1
        if begin:
            level = min(level, (begin & -begin).bit_length() - 1)
        nodes.append((level, begin >> level))
        begin += 1 << level
    return nodes


def _inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """Return the leaf ranges of PATH(index, D[size]) (RFC 9162 2.1.3.1), leaf to root."""
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _largest_power_of_two_below(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
    ranges.reverse()
    return ranges


def _consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """Return the leaf ranges of PROOF(old_size, D[new_size]) (RFC 9162 2.1.4.1)."""
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, new_size
    # SUBPROOF's flag b: true while the old tree's root is the subtree in hand, which
    # the verifier already has and so is left out of the proof.
    old_root_in_hand = True
    while old_size != hi:
        k = _largest_power_of_two_below(hi - lo)
        if old_size <= lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
            old_root_in_hand = False
    if not old_root_in_hand:
        ranges.append((lo, hi))
    ranges.reverse()
    return ranges


def _check_size(name: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProofRequestError(f"{name} must be a non-negative integer, got {value!r}")


def _read_ranges(ranges: list[tuple[int, int]], read_nodes: NodeReader) -> list[bytes]:
    """Fetch every node the ranges need in one read, then fold each range to its hash."""
    plans = [_range_nodes(begin, end) for begin, end in ranges]
    wanted = [node for plan in plans for node in plan]
    if not wanted:
        return []
    got = read_nodes(wanted)
    if len(got) != len(wanted):
        raise NodeReadError(
            f"node reader returned {len(got)} hashes for {len(wanted)} requested subtrees; "
            "it must return one hash per requested (level, index), in order"
        )
    for node, value in zip(wanted, got, strict=True):
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            raise NodeReadError(
                f"node reader returned a {len(value)}-byte value for subtree {node}; "
                f"hashes are {HASH_SIZE} bytes: the node store is corrupt, rebuild it from "
                "the leaf hashes"
            )
    hashes: list[bytes] = []
    position = 0
    for plan in plans:
        part = got[position : position + len(plan)]
        position += len(plan)
        value = part[-1]
        for left in reversed(part[:-1]):
            value = node_hash(left, value)
        hashes.append(value)
    return hashes


def inclusion_proof(index: int, size: int, read_nodes: NodeReader) -> list[bytes]:
    """Return the inclusion proof (audit path) of leaf ``index`` in the tree of ``size`` leaves.

    ``read_nodes`` is called once with the ``O(log size)`` perfect subtrees needed; the
    proof is ordered leaf to root, as RFC 9162 section 2.1.3.1 builds it.
    """
    _check_size("index", index)
    _check_size("size", size)
    if index >= size:
        raise ProofRequestError(
            f"no leaf {index} in a tree of {size} leaves: ask for an index below the tree size"
        )
    return _read_ranges(_inclusion_ranges(index, size), read_nodes)


def consistency_proof(old_size: int, new_size: int, read_nodes: NodeReader) -> list[bytes]:
    """Return the proof that the tree of ``new_size`` leaves extends the one of ``old_size``.

    Built as RFC 9162 section 2.1.4.1 ``PROOF(old_size, D[new_size])``; empty when
    ``old_size`` is 0 or equal to ``new_size``.
    """
    _check_size("old_size", old_size)
    _check_size("new_size", new_size)
    if old_size > new_size:
        raise ProofRequestError(
            f"old size {old_size} is larger than new size {new_size}: a log only grows, "
            "pass the older checkpoint's size first"
        )
    if old_size == 0 or old_size == new_size:
        return []
    return _read_ranges(_consistency_ranges(old_size, new_size), read_nodes)


def root_at(size: int, read_nodes: NodeReader) -> bytes:
    """Return the root of the first ``size`` leaves from perfect-subtree hashes alone."""
    _check_size("size", size)
    if size == 0:
        return EMPTY_ROOT
    return _read_ranges([(0, size)], read_nodes)[0]


def inclusion_proof_length(index: int, size: int) -> int:
    """Return how many hashes the inclusion proof of leaf ``index`` in ``size`` leaves has."""
    _check_size("index", index)
    _check_size("size", size)
    if index >= size:
        raise ProofRequestError(f"no leaf {index} in a tree of {size} leaves")
    return len(_inclusion_ranges(index, size))


def consistency_proof_length(old_size: int, new_size: int) -> int:
    """Return how many hashes the consistency proof from ``old_size`` to ``new_size`` has."""
    _check_size("old_size", old_size)
    _check_size("new_size", new_size)
    if old_size > new_size:
        raise ProofRequestError(f"old size {old_size} is larger than new size {new_size}")
    if old_size == 0 or old_size == new_size:
        return 0
    return len(_consistency_ranges(old_size, new_size))


# --- verification, exactly as RFC 9162 sections 2.1.3.2 and 2.1.4.2 ---------------------


def _describe(value: object) -> str:
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    return f"a {type(value).__name__}, not bytes"


def _proof_hashes(proof: Sequence[bytes], fail: Callable[[str], Exception]) -> list[bytes]:
    hashes = list(proof)
    for position, value in enumerate(hashes):
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            raise fail(
                f"proof element {position} is {_describe(value)}; proof hashes are "
                f"{HASH_SIZE} bytes: the proof was damaged or is not SHA-256, request it again"
            )
    return hashes


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` leaves with ``root``.

    Returns nothing on success; raises `InclusionProofError` naming what failed.
    """

    def fail(message: str) -> InclusionProofError:
        return InclusionProofError(message, index=index, size=size)

    for name, number in (("index", index), ("size", size)):
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise fail(f"{name} must be a non-negative integer, got {number!r}")
    for name, value in (("leaf hash", leaf_hash), ("root", root)):
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            raise fail(f"{name} must be {HASH_SIZE} bytes, got {_describe(value)}")
    hashes = _proof_hashes(proof, fail)

    # Step 1.
    if index >= size:
        raise fail(
            f"leaf index {index} is not below tree size {size}: the proof is for a larger "
            "tree; verify it against a checkpoint at least that large"
        )
    # Steps 2 and 3.
    fn, sn = index, size - 1
    r = leaf_hash
    # Step 4.
    for p in hashes:
        if sn == 0:
            raise fail(_length_message("inclusion", len(hashes), _expected_inclusion(index, size)))
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    # Step 5.
    if sn != 0:
        raise fail(_length_message("inclusion", len(hashes), _expected_inclusion(index, size)))
    if not hmac.compare_digest(r, root):
        raise fail(
            f"inclusion proof for leaf {index} in the tree of {size} leaves leads to root "
            f"{r.hex()}, not the expected {root.hex()}: the entry, the proof or the "
            "checkpoint was altered, or the proof is for another tree size; request the "
            "proof again for this checkpoint and, if it still fails, run a full audit "
            "verification of the log"
        )


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree (``new_size``, ``new_root``) extends (``old_size``, ``old_root``).

    Returns nothing on success; raises `ConsistencyProofError` naming what failed.
    """

    def fail(message: str) -> ConsistencyProofError:
        return ConsistencyProofError(message, old_size=old_size, new_size=new_size)

    for name, number in (("old size", old_size), ("new size", new_size)):
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise fail(f"{name} must be a non-negative integer, got {number!r}")
    for name, value in (("old root", old_root), ("new root", new_root)):
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            raise fail(f"{name} must be {HASH_SIZE} bytes, got {_describe(value)}")
    hashes = _proof_hashes(proof, fail)

    if old_size > new_size:
        raise fail(
            f"old size {old_size} is larger than new size {new_size}: a log never shrinks, "
            "so either the arguments are swapped or the log was truncated"
        )
    # The RFC's algorithm covers 0 < old_size < new_size; the two trivial cases follow
    # from the definitions: equal sizes must have equal roots, and every tree extends
    # the empty tree, whose root is fixed.
    if old_size == new_size or old_size == 0:
        if hashes:
            raise fail(
                f"a consistency proof from size {old_size} to {new_size} is empty, but "
                f"{len(hashes)} hashes were given"
            )
        expected = new_root if old_size == new_size else EMPTY_ROOT
        if not hmac.compare_digest(old_root, expected):
            raise fail(
                f"trees of size {old_size} must have root {expected.hex()}, got "
                f"{old_root.hex()}: two different checkpoints exist for the same size, "
                "which means the log forked; keep both checkpoints as evidence"
            )
        return

    expected_length = consistency_proof_length(old_size, new_size)
    # Step 1.
    if not hashes:
        raise fail(_length_message("consistency", 0, expected_length))
    # Step 2.
    if old_size & (old_size - 1) == 0:
        hashes.insert(0, old_root)
    # Step 3.
    fn, sn = old_size - 1, new_size - 1
    # Step 4.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # Step 5.
    fr = sr = hashes[0]
    # Step 6.
    for c in hashes[1:]:
        if sn == 0:
            raise fail(_length_message("consistency", len(proof), expected_length))
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    # Step 7.
    if sn != 0:
        raise fail(_length_message("consistency", len(proof), expected_length))
    if not hmac.compare_digest(fr, old_root):
        raise fail(
            f"consistency proof from size {old_size} to {new_size} rebuilds old root "
            f"{fr.hex()}, not {old_root.hex()}: the proof or the old checkpoint was "
            "altered; request the proof again and, if it still fails, treat the log as "
            "rewritten"
        )
    if not hmac.compare_digest(sr, new_root):
        raise fail(
            f"consistency proof from size {old_size} to {new_size} rebuilds new root "
            f"{sr.hex()}, not {new_root.hex()}: the new tree does not extend the old one "
            "(history was rewritten) or the proof was altered; keep both checkpoints as "
            "evidence and request the proof again"
        )


def _expected_inclusion(index: int, size: int) -> int:
    return len(_inclusion_ranges(index, size))


def _length_message(kind: str, got: int, expected: int) -> str:
    return (
        f"{kind} proof has {got} hashes but must have {expected} for these tree sizes: it "
        "was truncated or padded, or made for different sizes; request it again for the "
        "sizes being verified"
    )


# --- append-only state --------------------------------------------------------------------


class CompactRange:
    """The ``O(log n)`` perfect-subtree hashes that cover leaves ``[0, size)``.

    Enough to append leaves and compute the root without reading the log: the daemon
    keeps one in memory, saves `to_bytes` beside each checkpoint, and after a crash
    reloads it with `from_bytes` or rebuilds it from stored nodes with `from_nodes`.
    The hashes run left to right, one per set bit of ``size``, largest subtree first.
    """

    __slots__ = ("_hashes", "_size")

    _FORMAT_VERSION = 1

    def __init__(self, size: int = 0, hashes: Iterable[bytes] = ()) -> None:
        hashes = list(hashes)
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise CompactRangeError(f"size must be a non-negative integer, got {size!r}")
        if len(hashes) != size.bit_count():
            raise CompactRangeError(
                f"a compact range of {size} leaves holds {size.bit_count()} hashes, got "
                f"{len(hashes)}: the saved state does not belong to this size; rebuild it "
                "with CompactRange.from_nodes"
            )
        for value in hashes:
            if not isinstance(value, bytes) or len(value) != HASH_SIZE:
                raise CompactRangeError(f"compact range hashes must be {HASH_SIZE} bytes")
        self._size = size
        self._hashes = hashes

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The subtree hashes, largest (leftmost) subtree first."""
        return tuple(self._hashes)

    def node_ids(self) -> list[NodeId]:
        """Return the ``(level, index)`` of each hash in `hashes`."""
        return _range_nodes(0, self._size)

    def append(self, leaf_hash: bytes) -> list[Subtree]:
        """Append one leaf hash; return every perfect subtree it completed, the leaf first.

        A store that saves the returned subtrees can later serve any proof with a
        single `NodeReader` call; on average each append completes two subtrees.
        """
        if not isinstance(leaf_hash, bytes) or len(leaf_hash) != HASH_SIZE:
            raise ValueError(
                f"leaf hash must be {HASH_SIZE} bytes: pass leaf_hash(entry), not the entry"
            )
        index = self._size
        completed = [Subtree(0, index, leaf_hash)]
        value = leaf_hash
        level = 0
        hashes = self._hashes
        while (index >> level) & 1:
            value = node_hash(hashes.pop(), value)
            level += 1
            completed.append(Subtree(level, index >> level, value))
        hashes.append(value)
        self._size = index + 1
        return completed

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append many leaf hashes, discarding the completed-subtree reports."""
        for value in leaf_hashes:
            self.append(value)

    def root(self) -> bytes:
        """Return the root of the tree over the leaves appended so far."""
        if not self._hashes:
            return EMPTY_ROOT
        value = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            value = node_hash(left, value)
        return value

    def copy(self) -> CompactRange:
        """Return an independent copy."""
        return CompactRange(self._size, self._hashes)

    def to_bytes(self) -> bytes:
        """Serialise as version byte, 8-byte big-endian size, then the hashes."""
        return (
            bytes([self._FORMAT_VERSION]) + self._size.to_bytes(8, "big") + b"".join(self._hashes)
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> CompactRange:
        """Load state saved by `to_bytes`; raises `CompactRangeError` if it is damaged."""
        if len(data) < 9 or data[0] != cls._FORMAT_VERSION:
            raise CompactRangeError(
                "saved compact range is not version-1 state written by CompactRange.to_bytes; "
                "rebuild it from the stored nodes with CompactRange.from_nodes"
            )
        size = int.from_bytes(data[1:9], "big")
        body = data[9:]
        if len(body) != HASH_SIZE * size.bit_count():
            raise CompactRangeError(
                f"saved compact range for {size} leaves has {len(body)} bytes of hashes, "
                f"expected {HASH_SIZE * size.bit_count()}: it was truncated; rebuild it from "
                "the stored nodes with CompactRange.from_nodes"
            )
        return cls(size, [body[i : i + HASH_SIZE] for i in range(0, len(body), HASH_SIZE)])

    @classmethod
    def from_nodes(cls, size: int, read_nodes: NodeReader) -> CompactRange:
        """Rebuild the state for ``size`` leaves from stored perfect-subtree hashes."""
        ids = _range_nodes(0, size)
        got = list(read_nodes(ids)) if ids else []
        if len(got) != len(ids):
            raise NodeReadError(
                f"node reader returned {len(got)} hashes for {len(ids)} requested subtrees"
            )
        return cls(size, got)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompactRange):
            return NotImplemented
        return self._size == other._size and self._hashes == other._hashes

    def __hash__(self) -> int:
        return hash((self._size, tuple(self._hashes)))

    def __repr__(self) -> str:
        return f"CompactRange(size={self._size}, root={self.root().hex()})"


class MerkleTree:
    """An in-memory tree that keeps every perfect-subtree hash, packed level by level.

    A reference `NodeReader` for tests, benchmarks and small logs; a database store
    keeps the same ``(level, index) -> hash`` table in SQL instead. Proofs and roots
    can be had for any past size up to `size`.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[bytearray] = [bytearray()]
        self._range = CompactRange()
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """Number of leaves."""
        return len(self._levels[0]) // HASH_SIZE

    def append(self, leaf_hash: bytes) -> None:
        """Append one leaf hash."""
        levels = self._levels
        for subtree in self._range.append(leaf_hash):
            if subtree.level == len(levels):
                levels.append(bytearray())
            levels[subtree.level] += subtree.hash

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append many leaf hashes, hashing each level in bulk."""
        packed = b"".join(leaf_hashes)
        if len(packed) % HASH_SIZE:
            raise ValueError(f"leaf hashes must be {HASH_SIZE} bytes each")
        if not packed:
            return
        self._levels[0] += packed
        self._fill_levels()

    @classmethod
    def from_levels(cls, levels: Sequence[bytes]) -> MerkleTree:
        """A tree from already hashed lower levels (as `perfect_levels` makes them).

        The levels given are trusted to be consistent with level 0 (they are checked
        for size only); the levels above them are hashed here. Parallel verification
        hashes aligned chunks in worker processes and joins their levels with this.
        """
        tree = cls()
        tree._levels = [bytearray(level) for level in levels] or [bytearray()]
        leaves = tree.size
        for number, level in enumerate(tree._levels):
            if len(level) != (leaves >> number) * HASH_SIZE:
                raise ValueError(
                    f"level {number} holds {len(level) // HASH_SIZE} hashes; a tree of "
                    f"{leaves} leaves has {leaves >> number} complete subtrees there"
                )
        while tree._levels and len(tree._levels) > 1 and not tree._levels[-1]:
            tree._levels.pop()
        tree._fill_levels()
        return tree

    def _fill_levels(self) -> None:
        """Hash every parent level up from the highest one already complete."""
        levels = self._levels
        pair = 2 * HASH_SIZE
        level = 0
        while len(levels[level]) >= pair:
            if level + 1 == len(levels):
                levels.append(bytearray())
            child, parent = levels[level], levels[level + 1]
            have = len(parent) // HASH_SIZE
            want = len(child) // pair
            parent += b"".join(
                [
                    _sha256(NODE_PREFIX + child[i * pair : (i + 1) * pair]).digest()
                    for i in range(have, want)
                ]
            )
            level += 1
        self._range = CompactRange.from_nodes(self.size, self.read_nodes)

    def level_bytes(self, level: int) -> bytes:
        """Return the hashes of every complete subtree of ``level``, packed, left to right."""
        return bytes(self._levels[level]) if level < len(self._levels) else b""

    @property
    def height(self) -> int:
        """Number of levels that hold at least one complete subtree."""
        return len([lv for lv in self._levels if lv])

    def leaf_hash(self, index: int) -> bytes:
        """Return the hash of leaf ``index``."""
        return self.read_nodes([(0, index)])[0]

    def read_nodes(self, nodes: Sequence[NodeId]) -> list[bytes]:
        """Return the hash of each requested perfect subtree; a `NodeReader`."""
        out = []
        levels = self._levels
        for level, index in nodes:
            start = index * HASH_SIZE
            if level >= len(levels) or index < 0 or start + HASH_SIZE > len(levels[level]):
                raise NodeReadError(
                    f"subtree (level {level}, index {index}) is not complete in a tree of "
                    f"{self.size} leaves"
                )
            out.append(bytes(levels[level][start : start + HASH_SIZE]))
        return out

    def root(self, size: int | None = None) -> bytes:
        """Return the root now, or at an earlier ``size``."""
        if size is None:
            return self._range.root()
        self._check_size(size)
        return root_at(size, self.read_nodes)

    def compact_range(self) -> CompactRange:
        """Return a copy of the append-only state for the current size."""
        return self._range.copy()

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return the inclusion proof of leaf ``index`` at ``size`` (default: now)."""
        size = self.size if size is None else size
        self._check_size(size)
        return inclusion_proof(index, size, self.read_nodes)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """Return the consistency proof from ``old_size`` to ``new_size`` (default: now)."""
        new_size = self.size if new_size is None else new_size
        self._check_size(new_size)
        return consistency_proof(old_size, new_size, self.read_nodes)

    def _check_size(self, size: int) -> None:
        if size > self.size:
            raise ProofRequestError(
                f"tree has {self.size} leaves, cannot answer for size {size}: use a size "
                "no larger than the tree"
            )
