"""The fleet's typed errors."""

from __future__ import annotations

from bastion.errors import BastionError

__all__ = ["BatchFormatError", "BatchRejected", "FleetError"]


class FleetError(BastionError):
    """A fleet operation failed."""


class BatchFormatError(FleetError):
    """A message on the audit stream is not a batch this version can read."""


class BatchRejected(FleetError):
    """A batch failed verification: unknown or revoked device, bad signature, or a
    history that does not extend what the control plane holds for the device
    (``rewrite``: the device's signed history contradicts what was stored)."""

    def __init__(self, message: str, *, rewrite: bool = False) -> None:
        super().__init__(message)
        self.rewrite = rewrite
