"""Cursor keeps no session log Bastion can read from a hook's payload: nothing to compare."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bastion.core.events import Finding

__all__ = [
    "unchecked_findings",
]


def unchecked_findings(transcript_path: str | Path, decided_ids: Iterable[str]) -> list[Finding]:
    return []
