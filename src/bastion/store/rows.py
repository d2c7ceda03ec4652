"""The rows the store hands out and takes, as types: what each public query returns.

Rows stay plain dicts at run time (JSON-ready for the console and the CLI), typed as
`TypedDict` so a caller that reads a column the table does not have is a type error.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CheckpointRow"]


@dataclass(frozen=True, slots=True)
class CheckpointRow:
    """One signed checkpoint of the log (``checkpoints`` table)."""

    id: int
    origin: str
    size: int
    root: bytes
    time: float
    note: str
