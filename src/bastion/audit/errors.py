"""Typed errors of the audit log: Merkle proofs, compact ranges, signed checkpoints, keys."""

from __future__ import annotations

from bastion.errors import BastionError

__all__ = [
    "AuditError",
    "CheckpointFormatError",
    "CheckpointOriginError",
    "CheckpointSignatureError",
    "CompactRangeError",
    "ConsistencyProofError",
    "InclusionProofError",
    "KeyFileError",
    "KeyFormatError",
    "NodeReadError",
    "ProofRequestError",
]


class AuditError(BastionError):
    """Base of every error raised by `bastion.audit`."""


class ProofRequestError(AuditError, ValueError):
    """A proof or root was asked for a leaf or tree size that cannot have one.

    This is a caller's mistake (index past the end, old size above new size), not
    evidence of tampering.
    """


class NodeReadError(AuditError):
    """A node reader returned the wrong number of hashes, or hashes of the wrong length.

    The store behind the reader is missing subtree hashes or returned corrupt ones.
    """


class InclusionProofError(AuditError):
    """An inclusion proof does not show that the leaf is in the tree with that root."""

    def __init__(self, message: str, *, index: int, size: int) -> None:
        self.index = index
        self.size = size
        super().__init__(message)


class ConsistencyProofError(AuditError):
    """A consistency proof does not show that the newer tree extends the older one."""

    def __init__(self, message: str, *, old_size: int, new_size: int) -> None:
        self.old_size = old_size
        self.new_size = new_size
        super().__init__(message)


class CompactRangeError(AuditError):
    """Saved compact-range (accumulator) state is corrupt or does not fit its tree size."""


class CheckpointFormatError(AuditError):
    """A checkpoint or signed note is not well formed; nothing in it can be trusted."""


class CheckpointSignatureError(AuditError):
    """A signed checkpoint lacks a valid signature from a key the verifier requires."""


class CheckpointOriginError(AuditError):
    """A validly signed checkpoint belongs to a different log than the one expected."""


class KeyFormatError(AuditError):
    """A key, key file or verifier-key string cannot be parsed or is not Ed25519."""


class KeyFileError(AuditError):
    """A key file cannot be written or is unsafe to read (exists, or open to other users)."""
