"""Benchmark the audit log's Merkle core: hashing, tree building, proofs, checkpoints.

Builds a log of synthetic events in memory (1,000,000 by default) and reports proof
sizes, proof generation and verification times (median and p99 over random proofs),
how proof cost grows with the log, raw hashing throughput and full-recomputation
("verify the whole log") throughput. Prints the figures, writes them to
bench/results/audit.json, and checks them against the targets below.

    .venv/bin/python bench/audit_bench.py            # full run, about ten seconds
    .venv/bin/python bench/audit_bench.py --size 100000 --proofs 200   # quick look
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bastion.audit import (
    HASH_SIZE,
    Checkpoint,
    CompactRange,
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_leaf_hashes,
    sign_checkpoint,
    verify_consistency,
    verify_inclusion,
    verify_note,
)

# Performance targets live here, never in timed unit tests.
TARGET_VERIFY_P99_MS = 1.0
TARGET_FULL_VERIFY_ENTRIES_PER_S = 200_000

RESULTS = Path(__file__).resolve().parent / "results" / "audit.json"


def synthetic_events(count: int) -> list[bytes]:
    """Events shaped like redacted audit records, about 170 bytes each."""
    tools = ("Bash", "Read", "Edit", "WebFetch", "Write")
    return [
        (
            f'{{"seq":{i},"session":"s-{i % 997:04d}","agent":"claude-code",'
            f'"tool":"{tools[i % 5]}","decision":"allow","policy":"sha256:{i * 7919:016x}",'
            f'"args":"ls -la /work/repo/src/module_{i % 4099}.py"}}'
        ).encode()
        for i in range(count)
    ]


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def percentiles_us(samples_ns: Sequence[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "median_us": round(statistics.median(ordered) / 1000, 2),
        "p99_us": round(p99 / 1000, 2),
        "max_us": round(ordered[-1] / 1000, 2),
    }


def sizes_summary(lengths: Sequence[int]) -> dict[str, float]:
    return {
        "min_hashes": min(lengths),
        "mean_hashes": round(statistics.mean(lengths), 2),
        "max_hashes": max(lengths),
        "max_bytes": max(lengths) * HASH_SIZE,
    }


def bench_inclusion(
    tree_size: int,
    proofs: int,
    read_nodes: Callable[..., Sequence[bytes]],
    leaves: list[bytes],
    root: bytes,
    rng: random.Random,
) -> dict[str, Any]:
    generate, verify, lengths = [], [], []
    for _ in range(proofs):
        index = rng.randrange(tree_size)
        t0 = time.perf_counter_ns()
        proof = inclusion_proof(index, tree_size, read_nodes)
        t1 = time.perf_counter_ns()
        verify_inclusion(leaves[index], index, tree_size, proof, root)
        t2 = time.perf_counter_ns()
        generate.append(t1 - t0)
        verify.append(t2 - t1)
        lengths.append(len(proof))
    return {
        "proof_size": sizes_summary(lengths),
        "generate": percentiles_us(generate),
        "verify": percentiles_us(verify),
    }


def bench_consistency(
    tree: MerkleTree, tree_size: int, proofs: int, rng: random.Random
) -> dict[str, Any]:
    generate, verify, lengths = [], [], []
    roots: dict[int, bytes] = {}
    for _ in range(proofs):
        new = rng.randrange(2, tree_size + 1)
        old = rng.randrange(1, new)
        for size in (old, new):
            if size not in roots:
                roots[size] = tree.root(size)
        t0 = time.perf_counter_ns()
        proof = consistency_proof(old, new, tree.read_nodes)
        t1 = time.perf_counter_ns()
        verify_consistency(old, new, roots[old], roots[new], proof)
        t2 = time.perf_counter_ns()
        generate.append(t1 - t0)
        verify.append(t2 - t1)
        lengths.append(len(proof))
    return {
        "proof_size": sizes_summary(lengths),
        "generate": percentiles_us(generate),
        "verify": percentiles_us(verify),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="entries in the log")
    parser.add_argument("--proofs", type=int, default=1000, help="random proofs per measure")
    parser.add_argument("--seed", type=int, default=9162)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    size: int = args.size

    print(f"building {size:,} synthetic events ...", flush=True)
    events = synthetic_events(size)
    mean_event = statistics.mean(len(e) for e in events[:10_000])

    seconds, leaves = timed(lambda: [leaf_hash(e) for e in events])
    hashing = {"leaf_hashes_per_s": round(size / seconds), "seconds": round(seconds, 3)}
    print(f"leaf hashing: {hashing['leaf_hashes_per_s']:,}/s", flush=True)

    seconds, root = timed(lambda: root_from_leaf_hashes([leaf_hash(e) for e in events]))
    full_verify_rate = round(size / seconds)
    full_verify = {
        "entries_per_s": full_verify_rate,
        "seconds": round(seconds, 3),
        "what": "leaf-hash every entry and recompute the root from scratch",
    }
    print(f"full recomputation verify: {full_verify_rate:,} entries/s", flush=True)

    seconds, tree = timed(lambda: MerkleTree(leaves))
    assert tree.root() == root
    build = {"seconds": round(seconds, 3), "leaves_per_s": round(size / seconds)}

    accumulator = CompactRange()
    node_table: dict[tuple[int, int], bytes] = {}

    def append_all() -> None:
        for value in leaves:
            for subtree in accumulator.append(value):
                node_table[(subtree.level, subtree.index)] = subtree.hash

    seconds, _ = timed(append_all)
    assert accumulator.root() == root
    state = accumulator.to_bytes()
    appends = {
        "appends_per_s": round(size / seconds),
        "what": "CompactRange.append, saving every reported subtree in a dict node table",
        "state_bytes": len(state),
        "state_hashes": len(accumulator.hashes),
        "stored_subtrees": len(node_table),
    }
    seconds, restored = timed(lambda: CompactRange.from_bytes(state))
    assert restored.root() == root
    appends["reload_us"] = round(seconds * 1e6, 1)
    print(f"compact range appends: {appends['appends_per_s']:,}/s", flush=True)

    def table_reader(nodes: Sequence[tuple[int, int]]) -> list[bytes]:
        return [node_table[node] for node in nodes]

    inclusion = bench_inclusion(size, args.proofs, tree.read_nodes, leaves, root, rng)
    inclusion_table = bench_inclusion(size, args.proofs, table_reader, leaves, root, rng)
    consistency = bench_consistency(tree, size, args.proofs, rng)
    print(f"inclusion: {json.dumps(inclusion)}", flush=True)
    print(f"consistency: {json.dumps(consistency)}", flush=True)

    scaling = []
    scale = 1000
    while scale <= size:
        scale_root = tree.root(scale)
        figures = bench_inclusion(scale, args.proofs, tree.read_nodes, leaves, scale_root, rng)
        scaling.append(
            {
                "tree_size": scale,
                "max_proof_hashes": figures["proof_size"]["max_hashes"],
                "verify_median_us": figures["verify"]["median_us"],
                "generate_median_us": figures["generate"]["median_us"],
            }
        )
        scale *= 10

    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    checkpoint = Checkpoint("bench.example/log", size, root, timestamp=1_700_000_000)
    trusted = {"bench.example/log": key.public_key()}
    sign_ns, verify_ns = [], []
    for _ in range(200):
        t0 = time.perf_counter_ns()
        note = sign_checkpoint(checkpoint, key)
        t1 = time.perf_counter_ns()
        verify_note(note, trusted)
        t2 = time.perf_counter_ns()
        sign_ns.append(t1 - t0)
        verify_ns.append(t2 - t1)
    checkpoints = {"sign": percentiles_us(sign_ns), "verify": percentiles_us(verify_ns)}

    worst_verify_ms = max(inclusion["verify"]["p99_us"], consistency["verify"]["p99_us"]) / 1000
    targets: dict[str, dict[str, Any]] = {
        "verify_p99_ms": {
            "target_max": TARGET_VERIFY_P99_MS,
            "measured": round(worst_verify_ms, 4),
            "met": worst_verify_ms < TARGET_VERIFY_P99_MS,
        },
        "full_verify_entries_per_s": {
            "target_min": TARGET_FULL_VERIFY_ENTRIES_PER_S,
            "measured": full_verify_rate,
            "met": full_verify_rate >= TARGET_FULL_VERIFY_ENTRIES_PER_S,
        },
    }
    results = {
        "benchmark": "audit",
        "command": " ".join(["python", "bench/audit_bench.py", *(argv or sys.argv[1:])]),
        "log_entries": size,
        "mean_event_bytes": round(mean_event, 1),
        "random_proofs_per_measure": args.proofs,
        "seed": args.seed,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "hashing": hashing,
        "full_recomputation_verify": full_verify,
        "tree_build": build,
        "compact_range": appends,
        "inclusion_proofs": inclusion,
        "inclusion_proofs_from_node_table": inclusion_table,
        "consistency_proofs": consistency,
        "inclusion_scaling": scaling,
        "checkpoints": checkpoints,
        "targets": targets,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({"inclusion_scaling": scaling, "targets": targets}, indent=2))
    print(f"wrote {args.output}")
    return 0 if all(t["met"] for t in targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
