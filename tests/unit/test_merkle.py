"""RFC 9162 Merkle hashing, proofs and compact ranges against published vectors and properties."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bastion.audit.errors import (
    CompactRangeError,
    ConsistencyProofError,
    InclusionProofError,
    NodeReadError,
    ProofRequestError,
)
from bastion.audit.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MerkleTree,
    consistency_proof,
    consistency_proof_length,
    inclusion_proof,
    inclusion_proof_length,
    leaf_hash,
    node_hash,
    root_at,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)


def h(hex_text: str) -> bytes:
    return bytes.fromhex(hex_text)


# --- Published test vectors -------------------------------------------------------------
# The 8-leaf reference tree of Certificate Transparency, published in
#   google/certificate-transparency  cpp/merkletree/merkle_tree_test.cc
#     (kInputs, kSHA256Roots, kSHA256Paths, kSHA256Proofs), and in
#   transparency-dev/merkle  testonly/constants.go (LeafInputs, NodeHashes, RootHashes,
#     CompactTrees), proof/verify_test.go (inclusionProofs, consistencyProofs, roots),
#     proof/proof_test.go (which nodes each proof is made of), and
#     rfc6962/rfc6962_test.go (hasher known answers).
# Indexes below are 0-based; the C++ test numbers leaves from 1.

LEAF_INPUTS = [
    h(""),
    h("00"),
    h("10"),
    h("2021"),
    h("3031"),
    h("40414243"),
    h("5051525354555657"),
    h("606162636465666768696a6b6c6d6e6f"),
]

# NODE_HASHES[level][index]: every perfect subtree of the 8-leaf tree.
NODE_HASHES = [
    [
        h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
        h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
        h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
        h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
        h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
    ],
    [
        h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
    ],
    [
        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
    ],
    [
        h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
    ],
]

# ROOTS[n]: root of the tree over the first n inputs.
ROOTS = [
    h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]

# (index, size, proof)
INCLUSION_PROOFS = [
    (0, 1, []),
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
]

# (old size, new size, proof)
CONSISTENCY_PROOFS = [
    (1, 1, []),
    (
        1,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]

# transparency-dev/merkle testonly/constants.go CompactTrees(): the compact range of
# each size n as (level, index) of NODE_HASHES.
COMPACT_TREES = [
    [],
    [(0, 0)],
    [(1, 0)],
    [(1, 0), (0, 2)],
    [(2, 0)],
    [(2, 0), (0, 4)],
    [(2, 0), (1, 2)],
    [(2, 0), (1, 2), (0, 6)],
    [(3, 0)],
]


def n(level: int, index: int) -> bytes:
    return NODE_HASHES[level][index]


# transparency-dev/merkle proof/proof_test.go names the nodes of each proof in the tree
# drawn there (a..j leaves, g..i level 1, k, l level 2); "rehash" pairs are combined
# into one element (l = hash(i, j) in the 7-leaf tree).
NODE_LISTED_INCLUSION = [
    (0, 2, [n(0, 1)]),
    (1, 2, [n(0, 0)]),
    (1, 3, [n(0, 0), n(0, 2)]),
    (0, 7, [n(0, 1), n(1, 1), node_hash(n(1, 2), n(0, 6))]),
    (2, 7, [n(0, 3), n(1, 0), node_hash(n(1, 2), n(0, 6))]),
    (4, 7, [n(0, 5), n(0, 6), n(2, 0)]),
    (5, 7, [n(0, 4), n(0, 6), n(2, 0)]),
    (6, 7, [n(1, 2), n(2, 0)]),
    (2, 4, [n(0, 3), n(1, 0)]),
    (3, 5, [n(0, 2), n(1, 0), n(0, 4)]),
    (3, 6, [n(0, 2), n(1, 0), n(1, 2)]),
    (4, 6, [n(0, 5), n(2, 0)]),
]
NODE_LISTED_CONSISTENCY = [
    (1, 2, [n(0, 1)]),
    (1, 4, [n(0, 1), n(1, 1)]),
    (1, 6, [n(0, 1), n(1, 1), n(1, 2)]),
    (2, 3, [n(0, 2)]),
    (2, 8, [n(1, 1), n(2, 1)]),
    (3, 7, [n(0, 2), n(0, 3), n(1, 0), node_hash(n(1, 2), n(0, 6))]),
    (4, 7, [node_hash(n(1, 2), n(0, 6))]),
    (5, 7, [n(0, 4), n(0, 5), n(0, 6), n(2, 0)]),
    (6, 7, [n(1, 2), n(0, 6), n(2, 0)]),
    (7, 8, [n(0, 6), n(0, 7), n(1, 2), n(2, 0)]),
    (2, 4, [n(1, 1)]),
    (3, 5, [n(0, 2), n(0, 3), n(1, 0), n(0, 4)]),
    (3, 6, [n(0, 2), n(0, 3), n(1, 0), n(1, 2)]),
    (4, 6, [n(1, 2)]),
    (1, 7, [n(0, 1), n(1, 1), node_hash(n(1, 2), n(0, 6))]),
]

SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")

LEAF_HASHES = [leaf_hash(data) for data in LEAF_INPUTS]
TREE = MerkleTree(LEAF_HASHES)


# --- Hashing -----------------------------------------------------------------------------


def test_hasher_known_answers() -> None:
    # rfc6962/rfc6962_test.go: empty tree, empty leaf, leaf "L123456", node("N123", "N456").
    empty_tree = h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert empty_tree == EMPTY_ROOT
    assert leaf_hash(b"") == h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    assert leaf_hash(b"L123456") == h(
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert node_hash(b"N123", b"N456") == h(
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


def test_leaf_and_node_prefixes_separate_domains() -> None:
    left, right = leaf_hash(b"Hello"), leaf_hash(b"World")
    assert node_hash(left, right) != leaf_hash(left + right)
    assert node_hash(left, right) != node_hash(right, left)


def test_every_subtree_hash_of_reference_tree() -> None:
    for level, hashes in enumerate(NODE_HASHES):
        for index, expected in enumerate(hashes):
            assert TREE.read_nodes([(level, index)]) == [expected], (level, index)


@pytest.mark.parametrize("size", range(9))
def test_roots_of_reference_tree(size: int) -> None:
    assert root_from_leaf_hashes(LEAF_HASHES[:size]) == ROOTS[size]
    assert TREE.root(size) == ROOTS[size]
    assert MerkleTree(LEAF_HASHES[:size]).root() == ROOTS[size]
    accumulator = CompactRange()
    accumulator.extend(LEAF_HASHES[:size])
    assert accumulator.root() == ROOTS[size]


@pytest.mark.parametrize("size", range(9))
def test_compact_range_holds_published_subtrees(size: int) -> None:
    accumulator = CompactRange()
    accumulator.extend(LEAF_HASHES[:size])
    assert accumulator.hashes == tuple(n(level, index) for level, index in COMPACT_TREES[size])
    assert accumulator.node_ids() == COMPACT_TREES[size]


def test_root_from_leaf_hashes_rejects_raw_entries() -> None:
    with pytest.raises(ValueError, match="leaf_hash"):
        root_from_leaf_hashes([b"not a hash"])


# --- Inclusion proofs --------------------------------------------------------------------


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_PROOFS)
def test_inclusion_proof_vectors(index: int, size: int, proof: list[bytes]) -> None:
    assert TREE.inclusion_proof(index, size) == proof
    verify_inclusion(LEAF_HASHES[index], index, size, proof, ROOTS[size])


@pytest.mark.parametrize(("index", "size", "proof"), NODE_LISTED_INCLUSION)
def test_inclusion_proof_node_lists(index: int, size: int, proof: list[bytes]) -> None:
    assert TREE.inclusion_proof(index, size) == proof
    verify_inclusion(LEAF_HASHES[index], index, size, proof, ROOTS[size])


def broken_inclusion_probes(
    index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes
) -> list[tuple[str, int, int, list[bytes], bytes, bytes]]:
    """The corruptions of transparency-dev/merkle's verify_test.go, plus swaps."""
    probes = [
        ("index - 1", index - 1, size, proof, root, leaf),
        ("index + 1", index + 1, size, proof, root, leaf),
        ("index ^ 2", index ^ 2, size, proof, root, leaf),
        ("size * 2", index, size * 2, proof, root, leaf),
        ("size // 2", index, size // 2, proof, root, leaf),
        ("wrong leaf", index, size, proof, root, leaf_hash(b"WrongLeaf")),
        ("empty root", index, size, proof, EMPTY_ROOT, leaf),
        ("random root", index, size, proof, SOME_HASH, leaf),
        ("trailing garbage", index, size, [*proof, b""], root, leaf),
        ("trailing root", index, size, [*proof, root], root, leaf),
        ("preceding garbage", index, size, [b"", *proof], root, leaf),
        ("preceding root", index, size, [root, *proof], root, leaf),
    ]
    for i in range(len(proof)):
        for bit in range(0, 256, 37):
            flipped = bytearray(proof[i])
            flipped[bit // 8] ^= 1 << (bit % 8)
            wrong = [*proof[:i], bytes(flipped), *proof[i + 1 :]]
            probes.append((f"proof[{i}] bit {bit}", index, size, wrong, root, leaf))
    if proof:
        probes.append(("removed component", index, size, proof[:-1], root, leaf))
    if len(proof) > 1:
        probes.append(
            ("inserted component", index, size, [proof[0], SOME_HASH, *proof[1:]], root, leaf)
        )
        probes.append(
            ("swapped components", index, size, [proof[1], proof[0], *proof[2:]], root, leaf)
        )
    return probes


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_PROOFS[1:])
def test_broken_inclusion_proofs_are_rejected(index: int, size: int, proof: list[bytes]) -> None:
    probes = broken_inclusion_probes(index, size, proof, ROOTS[size], LEAF_HASHES[index])
    for desc, p_index, p_size, p_proof, p_root, p_leaf in probes:
        with pytest.raises(InclusionProofError):
            verify_inclusion(p_leaf, p_index, p_size, p_proof, p_root)
            pytest.fail(f"accepted broken proof: {desc}")


@pytest.mark.parametrize(("index", "size"), [(0, 0), (0, 1), (1, 0), (2, 1)])
def test_inclusion_in_impossible_trees_is_rejected(index: int, size: int) -> None:
    for leaf, root in [(SOME_HASH, EMPTY_ROOT), (EMPTY_ROOT, SOME_HASH)]:
        with pytest.raises(InclusionProofError):
            verify_inclusion(leaf, index, size, [], root)


def test_single_entry_tree_root_is_its_leaf() -> None:
    value = leaf_hash(b"data")
    verify_inclusion(value, 0, 1, [], value)
    with pytest.raises(InclusionProofError):
        verify_inclusion(value, 0, 1, [], b"")
    with pytest.raises(InclusionProofError):
        verify_inclusion(b"", 0, 1, [], value)


def test_inclusion_error_names_the_problem() -> None:
    proof = TREE.inclusion_proof(5)
    with pytest.raises(InclusionProofError, match="truncated or padded") as caught:
        verify_inclusion(LEAF_HASHES[5], 5, 8, proof[:-1], ROOTS[8])
    assert (caught.value.index, caught.value.size) == (5, 8)
    with pytest.raises(InclusionProofError, match="request the proof again"):
        verify_inclusion(LEAF_HASHES[4], 5, 8, proof, ROOTS[8])
    with pytest.raises(InclusionProofError, match="proof element 1 is 3 bytes"):
        verify_inclusion(LEAF_HASHES[5], 5, 8, [proof[0], b"abc", proof[2]], ROOTS[8])


def test_inclusion_proof_requests_outside_the_tree() -> None:
    with pytest.raises(ProofRequestError, match="no leaf 8"):
        inclusion_proof(8, 8, TREE.read_nodes)
    with pytest.raises(ProofRequestError):
        inclusion_proof(-1, 8, TREE.read_nodes)
    with pytest.raises(ProofRequestError, match="cannot answer for size 9"):
        TREE.inclusion_proof(0, 9)


# --- Consistency proofs ------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_PROOFS)
def test_consistency_proof_vectors(old: int, new: int, proof: list[bytes]) -> None:
    assert TREE.consistency_proof(old, new) == proof
    verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


@pytest.mark.parametrize(("old", "new", "proof"), NODE_LISTED_CONSISTENCY)
def test_consistency_proof_node_lists(old: int, new: int, proof: list[bytes]) -> None:
    assert TREE.consistency_proof(old, new) == proof
    verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def broken_consistency_probes(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> list[tuple[str, int, int, bytes, bytes, list[bytes]]]:
    """The corruptions of transparency-dev/merkle's verify_test.go, plus swaps.

    A size changed by one with the root left alone can still verify (the shape of
    the proof may not change): the root, signed together with the size in a
    checkpoint, is what binds the size. The property tests check that binding.
    """
    wrong_root = hashlib.sha256(b"WrongRoot").digest()
    probes = [
        ("old - 1", old - 1, new, old_root, new_root, proof),
        ("old + 1", old + 1, new, old_root, new_root, proof),
        ("old ^ 2", old ^ 2, new, old_root, new_root, proof),
        ("new * 2", old, new * 2, old_root, new_root, proof),
        ("new // 2", old, new // 2, old_root, new_root, proof),
        ("wrong old root", old, new, wrong_root, new_root, proof),
        ("wrong new root", old, new, old_root, wrong_root, proof),
        ("swapped roots", old, new, new_root, old_root, proof),
        ("empty proof", old, new, old_root, new_root, []),
        ("trailing garbage", old, new, old_root, new_root, [*proof, b""]),
        ("trailing old root", old, new, old_root, new_root, [*proof, old_root]),
        ("trailing new root", old, new, old_root, new_root, [*proof, new_root]),
        ("preceding garbage", old, new, old_root, new_root, [b"", *proof]),
        ("preceding old root", old, new, old_root, new_root, [old_root, *proof]),
        ("preceding new root", old, new, old_root, new_root, [new_root, *proof]),
        ("preceding proof[0]", old, new, old_root, new_root, [proof[0], *proof]),
        ("truncated proof", old, new, old_root, new_root, proof[:-1]),
    ]
    for i in range(len(proof)):
        for bit in range(0, 256, 37):
            flipped = bytearray(proof[i])
            flipped[bit // 8] ^= 1 << (bit % 8)
            wrong = [*proof[:i], bytes(flipped), *proof[i + 1 :]]
            probes.append((f"proof[{i}] bit {bit}", old, new, old_root, new_root, wrong))
    for i in range(len(proof) - 1):
        swapped = [*proof[:i], proof[i + 1], proof[i], *proof[i + 2 :]]
        probes.append((f"swapped {i} and {i + 1}", old, new, old_root, new_root, swapped))
    return probes


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_PROOFS[1:])
def test_broken_consistency_proofs_are_rejected(old: int, new: int, proof: list[bytes]) -> None:
    for desc, p_old, p_new, p_old_root, p_new_root, p_proof in broken_consistency_probes(
        old, new, ROOTS[old], ROOTS[new], proof
    ):
        with pytest.raises(ConsistencyProofError):
            verify_consistency(p_old, p_new, p_old_root, p_new_root, p_proof)
            pytest.fail(f"accepted broken proof: {desc}")


def test_trivial_consistency() -> None:
    # Every tree extends the empty one, and a tree is consistent with itself.
    verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    verify_consistency(0, 5, EMPTY_ROOT, ROOTS[5], [])
    verify_consistency(5, 5, ROOTS[5], ROOTS[5], [])
    assert TREE.consistency_proof(0, 5) == []
    assert TREE.consistency_proof(5, 5) == []


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "proof"),
    [
        (1, 0, ROOTS[1], ROOTS[0], []),  # time travel to the past
        (2, 1, ROOTS[2], ROOTS[1], []),
        (1, 2, ROOTS[1], ROOTS[2], []),  # empty proof
        (0, 0, EMPTY_ROOT, SOME_HASH, []),  # roots differ
        (1, 1, ROOTS[1], ROOTS[2], []),
        (0, 3, SOME_HASH, ROOTS[3], []),  # a size-0 tree has one root only
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),  # roots match, proof not empty
        (0, 1, EMPTY_ROOT, ROOTS[1], [EMPTY_ROOT]),
        (1, 1, ROOTS[1], ROOTS[1], [EMPTY_ROOT]),
        (-1, 1, ROOTS[0], ROOTS[1], []),
    ],
)
def test_degenerate_consistency_is_rejected(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> None:
    with pytest.raises(ConsistencyProofError):
        verify_consistency(old, new, old_root, new_root, proof)


def test_consistency_error_names_a_rewrite() -> None:
    proof = TREE.consistency_proof(6, 8)
    forked = MerkleTree([*LEAF_HASHES[:6], leaf_hash(b"rewritten"), LEAF_HASHES[7]])
    with pytest.raises(ConsistencyProofError, match="history was rewritten") as caught:
        verify_consistency(6, 8, ROOTS[6], forked.root(), proof)
    assert (caught.value.old_size, caught.value.new_size) == (6, 8)
    with pytest.raises(ConsistencyProofError, match="never shrinks"):
        verify_consistency(8, 6, ROOTS[8], ROOTS[6], proof)


def test_consistency_proof_request_must_not_shrink() -> None:
    with pytest.raises(ProofRequestError, match="pass the older checkpoint's size first"):
        consistency_proof(9, 8, TREE.read_nodes)


# --- Node readers ------------------------------------------------------------------------


def test_one_batched_read_per_proof() -> None:
    calls: list[list[tuple[int, int]]] = []

    def reader(nodes: Sequence[tuple[int, int]]) -> list[bytes]:
        calls.append(list(nodes))
        return TREE.read_nodes(nodes)

    inclusion_proof(0, 7, reader)
    consistency_proof(3, 7, reader)
    root_at(7, reader)
    assert len(calls) == 3
    assert calls[0] == [(0, 1), (1, 1), (1, 2), (0, 6)]


def test_bad_node_readers_are_reported() -> None:
    with pytest.raises(NodeReadError, match="returned 0 hashes for 3"):
        inclusion_proof(0, 8, lambda nodes: [])
    with pytest.raises(NodeReadError, match="corrupt"):
        inclusion_proof(0, 8, lambda nodes: [b"short"] * len(nodes))
    with pytest.raises(NodeReadError, match="not complete"):
        TREE.read_nodes([(3, 1)])


# --- Compact range -----------------------------------------------------------------------


def test_compact_range_reports_completed_subtrees() -> None:
    accumulator = CompactRange()
    reported: dict[tuple[int, int], bytes] = {}
    for value in LEAF_HASHES:
        for subtree in accumulator.append(value):
            reported[(subtree.level, subtree.index)] = subtree.hash
    expected = {
        (level, index): value
        for level, hashes in enumerate(NODE_HASHES)
        for index, value in enumerate(hashes)
    }
    assert reported == expected


def test_compact_range_round_trip_and_recovery() -> None:
    accumulator = CompactRange()
    accumulator.extend(LEAF_HASHES[:7])
    saved = accumulator.to_bytes()
    assert len(saved) == 9 + 3 * 32
    restored = CompactRange.from_bytes(saved)
    assert restored == accumulator
    assert CompactRange.from_nodes(7, TREE.read_nodes) == accumulator
    restored.append(LEAF_HASHES[7])
    assert restored.root() == ROOTS[8]
    assert accumulator.size == 7  # the original is independent of the restored copy


@pytest.mark.parametrize(
    "data",
    [b"", b"\x02" + bytes(8), b"\x01" + (3).to_bytes(8, "big") + bytes(32)],
)
def test_damaged_compact_range_state_is_refused(data: bytes) -> None:
    with pytest.raises(CompactRangeError, match="from_nodes"):
        CompactRange.from_bytes(data)


def test_compact_range_rejects_mismatched_hashes() -> None:
    with pytest.raises(CompactRangeError, match="holds 2 hashes, got 1"):
        CompactRange(3, [ROOTS[2]])
    with pytest.raises(ValueError, match="leaf_hash"):
        CompactRange().append(b"entry")


# --- Properties against the RFC's recursive definitions ---------------------------------


def reference_mth(leaves: Sequence[bytes]) -> bytes:
    """MTH of RFC 9162 section 2.1.1, written as the RFC defines it."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(reference_mth(leaves[:k]), reference_mth(leaves[k:]))


def reference_path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 section 2.1.3.1."""
    if len(leaves) == 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m < k:
        return [*reference_path(m, leaves[:k]), reference_mth(leaves[k:])]
    return [*reference_path(m - k, leaves[k:]), reference_mth(leaves[:k])]


def reference_subproof(m: int, leaves: Sequence[bytes], b: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 9162 section 2.1.4.1."""
    if m == len(leaves):
        return [] if b else [reference_mth(leaves)]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m <= k:
        return [*reference_subproof(m, leaves[:k], b), reference_mth(leaves[k:])]
    return [*reference_subproof(m - k, leaves[k:], False), reference_mth(leaves[:k])]


def leaves_for(size: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]


BIG_LEAVES = leaves_for(1100)
BIG_TREE = MerkleTree(BIG_LEAVES)


@st.composite
def size_and_index(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(1, len(BIG_LEAVES)))
    return size, draw(st.integers(0, size - 1))


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    new = draw(st.integers(1, len(BIG_LEAVES)))
    return draw(st.integers(1, new)), new


def mutations(proof: list[bytes], data: st.DataObject) -> list[tuple[str, list[bytes]]]:
    out: list[tuple[str, list[bytes]]] = []
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1), label="element")
        bit = data.draw(st.integers(0, 255), label="bit")
        flipped = bytearray(proof[i])
        flipped[bit // 8] ^= 1 << (bit % 8)
        out.append(("flipped bit", [*proof[:i], bytes(flipped), *proof[i + 1 :]]))
        out.append(("truncated", proof[:-1]))
        out.append(("dropped first", proof[1:]))
    out.append(("extended", [*proof, SOME_HASH]))
    out.append(("prepended", [SOME_HASH, *proof]))
    if len(proof) > 1:
        i, j = data.draw(
            st.lists(st.integers(0, len(proof) - 1), min_size=2, max_size=2, unique=True),
            label="swap",
        )
        if proof[i] != proof[j]:
            swapped = list(proof)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            out.append(("swapped", swapped))
    return out


@settings(max_examples=300, deadline=None)
@given(size_and_index(), st.data())
def test_inclusion_proofs_verify_and_mutations_fail(
    case: tuple[int, int], data: st.DataObject
) -> None:
    size, index = case
    leaves = BIG_LEAVES[:size]
    proof = BIG_TREE.inclusion_proof(index, size)
    root = BIG_TREE.root(size)
    assert root == root_from_leaf_hashes(leaves)
    assert proof == reference_path(index, leaves)
    assert len(proof) == inclusion_proof_length(index, size)
    verify_inclusion(leaves[index], index, size, proof, root)

    for desc, broken in mutations(proof, data):
        with pytest.raises(InclusionProofError):
            verify_inclusion(leaves[index], index, size, broken, root)
            pytest.fail(desc)
    other_index = data.draw(st.integers(0, size), label="other index")
    if other_index != index:
        with pytest.raises(InclusionProofError):
            verify_inclusion(leaves[index], other_index, size, proof, root)
    # A proof for one size never passes for another size against that size's root.
    other_size = data.draw(st.integers(index + 1, len(BIG_LEAVES)), label="other size")
    if other_size != size:
        with pytest.raises(InclusionProofError):
            verify_inclusion(leaves[index], index, other_size, proof, BIG_TREE.root(other_size))


@settings(max_examples=300, deadline=None)
@given(two_sizes(), st.data())
def test_consistency_proofs_verify_and_mutations_fail(
    sizes: tuple[int, int], data: st.DataObject
) -> None:
    old, new = sizes
    proof = BIG_TREE.consistency_proof(old, new)
    old_root, new_root = BIG_TREE.root(old), BIG_TREE.root(new)
    expected = [] if old == new else reference_subproof(old, BIG_LEAVES[:new], True)
    assert proof == expected
    assert len(proof) == consistency_proof_length(old, new)
    verify_consistency(old, new, old_root, new_root, proof)
    if old == new:
        return

    for desc, broken in mutations(proof, data):
        with pytest.raises(ConsistencyProofError):
            verify_consistency(old, new, old_root, new_root, broken)
            pytest.fail(desc)
    other_old = data.draw(st.integers(1, new), label="other old size")
    if other_old != old:
        with pytest.raises(ConsistencyProofError):
            verify_consistency(other_old, new, BIG_TREE.root(other_old), new_root, proof)
    other_new = data.draw(st.integers(old, len(BIG_LEAVES)), label="other new size")
    if other_new != new:
        with pytest.raises(ConsistencyProofError):
            verify_consistency(old, other_new, old_root, BIG_TREE.root(other_new), proof)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=200), st.data())
def test_accumulator_matches_full_recomputation(entries: list[bytes], data: st.DataObject) -> None:
    hashes = [leaf_hash(e) for e in entries]
    accumulator = CompactRange()
    tree = MerkleTree()
    for count, value in enumerate(hashes, 1):
        accumulator.append(value)
        tree.append(value)
        if count % 7 == 0 or count == len(hashes):
            assert accumulator.root() == root_from_leaf_hashes(hashes[:count])
            assert accumulator.root() == reference_mth(hashes[:count])
    assert accumulator.root() == tree.root() == root_from_leaf_hashes(hashes)
    assert CompactRange.from_bytes(accumulator.to_bytes()) == accumulator
    assert CompactRange.from_nodes(len(hashes), tree.read_nodes) == accumulator
    assert tree.compact_range() == accumulator
    # Bulk building and one-by-one appends store the same nodes.
    split = data.draw(st.integers(0, len(hashes)), label="split")
    bulk = MerkleTree(hashes[:split])
    bulk.extend(hashes[split:])
    ids = [(0, i) for i in range(len(hashes))]
    assert bulk.read_nodes(ids) == tree.read_nodes(ids)
    for size in {0, split, len(hashes)}:
        assert bulk.root(size) == root_from_leaf_hashes(hashes[:size])


def _run_reader_check(reader: Callable[[Sequence[tuple[int, int]]], Sequence[bytes]]) -> None:
    verify_inclusion(
        BIG_LEAVES[700], 700, 1000, inclusion_proof(700, 1000, reader), root_at(1000, reader)
    )


def test_sparse_node_store_serves_proofs() -> None:
    # A store keeps only what CompactRange.append reports; that is enough for any proof.
    table: dict[tuple[int, int], bytes] = {}
    accumulator = CompactRange()
    for value in BIG_LEAVES[:1000]:
        for subtree in accumulator.append(value):
            table[(subtree.level, subtree.index)] = subtree.hash
    _run_reader_check(lambda nodes: [table[node] for node in nodes])
    assert accumulator.root() == root_from_leaf_hashes(BIG_LEAVES[:1000])
