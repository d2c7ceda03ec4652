"""Tamper-evident audit log: RFC 9162 Merkle tree, proofs and Ed25519-signed checkpoints.

The names below load their module on first use (PEP 562): the package is on the path of
every record (``audit/records``, ``audit/entry``), and the hook's in-process fallback must
not pay for the signing library (``cryptography``) it never calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bastion.core import lazy

if TYPE_CHECKING:
    from bastion.audit.checkpoint import (
        TIME_EXTENSION,
        Checkpoint,
        cosign,
        sign_checkpoint,
        verify_note,
    )
    from bastion.audit.errors import (
        AuditError,
        CheckpointFormatError,
        CheckpointOriginError,
        CheckpointSignatureError,
        CompactRangeError,
        ConsistencyProofError,
        InclusionProofError,
        KeyFileError,
        KeyFormatError,
        NodeReadError,
        ProofRequestError,
    )
    from bastion.audit.keys import (
        generate_signing_key,
        load_private_key,
        load_public_key,
        save_private_key,
        save_public_key,
        verifier_key,
    )
    from bastion.audit.merkle import (
        EMPTY_ROOT,
        HASH_SIZE,
        CompactRange,
        MerkleTree,
        NodeId,
        NodeReader,
        Subtree,
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
    from bastion.audit.note import SignedNote, VerifierKey, key_id, sign_note

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "TIME_EXTENSION",
    "AuditError",
    "Checkpoint",
    "CheckpointFormatError",
    "CheckpointOriginError",
    "CheckpointSignatureError",
    "CompactRange",
    "CompactRangeError",
    "ConsistencyProofError",
    "InclusionProofError",
    "KeyFileError",
    "KeyFormatError",
    "MerkleTree",
    "NodeId",
    "NodeReadError",
    "NodeReader",
    "ProofRequestError",
    "SignedNote",
    "Subtree",
    "VerifierKey",
    "consistency_proof",
    "consistency_proof_length",
    "cosign",
    "generate_signing_key",
    "inclusion_proof",
    "inclusion_proof_length",
    "key_id",
    "leaf_hash",
    "load_private_key",
    "load_public_key",
    "node_hash",
    "root_at",
    "root_from_leaf_hashes",
    "save_private_key",
    "save_public_key",
    "sign_checkpoint",
    "sign_note",
    "verifier_key",
    "verify_consistency",
    "verify_inclusion",
    "verify_note",
]

_HOME: dict[str, str] = {
    "AuditError": "bastion.audit.errors",
    "Checkpoint": "bastion.audit.checkpoint",
    "CheckpointFormatError": "bastion.audit.errors",
    "CheckpointOriginError": "bastion.audit.errors",
    "CheckpointSignatureError": "bastion.audit.errors",
    "CompactRange": "bastion.audit.merkle",
    "CompactRangeError": "bastion.audit.errors",
    "ConsistencyProofError": "bastion.audit.errors",
    "EMPTY_ROOT": "bastion.audit.merkle",
    "HASH_SIZE": "bastion.audit.merkle",
    "InclusionProofError": "bastion.audit.errors",
    "KeyFileError": "bastion.audit.errors",
    "KeyFormatError": "bastion.audit.errors",
    "MerkleTree": "bastion.audit.merkle",
    "NodeId": "bastion.audit.merkle",
    "NodeReadError": "bastion.audit.errors",
    "NodeReader": "bastion.audit.merkle",
    "ProofRequestError": "bastion.audit.errors",
    "SignedNote": "bastion.audit.note",
    "Subtree": "bastion.audit.merkle",
    "TIME_EXTENSION": "bastion.audit.checkpoint",
    "VerifierKey": "bastion.audit.note",
    "consistency_proof": "bastion.audit.merkle",
    "consistency_proof_length": "bastion.audit.merkle",
    "cosign": "bastion.audit.checkpoint",
    "generate_signing_key": "bastion.audit.keys",
    "inclusion_proof": "bastion.audit.merkle",
    "inclusion_proof_length": "bastion.audit.merkle",
    "key_id": "bastion.audit.note",
    "leaf_hash": "bastion.audit.merkle",
    "load_private_key": "bastion.audit.keys",
    "load_public_key": "bastion.audit.keys",
    "node_hash": "bastion.audit.merkle",
    "root_at": "bastion.audit.merkle",
    "root_from_leaf_hashes": "bastion.audit.merkle",
    "save_private_key": "bastion.audit.keys",
    "save_public_key": "bastion.audit.keys",
    "sign_checkpoint": "bastion.audit.checkpoint",
    "sign_note": "bastion.audit.note",
    "verifier_key": "bastion.audit.keys",
    "verify_consistency": "bastion.audit.merkle",
    "verify_inclusion": "bastion.audit.merkle",
    "verify_note": "bastion.audit.checkpoint",
}


__getattr__ = lazy.members(__name__, _HOME)
