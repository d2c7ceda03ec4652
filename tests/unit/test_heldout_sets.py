"""The held-out scenario sets rebuild byte-identically from their builders (format only).

A held-out batch is written once and run once; a builder that stopped writing (or wrote
something else) would leave a stale jsonl that the scenario bench still scores and that no
one could read back to its source. Same check as the lead's probe sets
(``test_lead_probe_sets``), over every ``*-heldout`` set that has a builder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parents[2] / "bench" / "scenarios"
# Replay sets ship their jsonl; a held-out batch of samples built at run time (secrets,
# ``secrets-round15-heldout``) has no replay file to rebuild and is run by its own bench.
SETS = sorted(
    p.parent
    for p in SCENARIOS.glob("*-heldout/build.py")
    if (p.parent / f"{p.parent.name}.jsonl").exists()
)


def test_there_are_heldout_sets() -> None:
    assert len(SETS) >= 15
    assert SCENARIOS / "shell-14-heldout" in SETS


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_a_heldout_set_rebuilds_byte_identically(folder: Path, tmp_path: Path) -> None:
    shutil.copy(SCENARIOS / "tool_steps.py", tmp_path / "tool_steps.py")
    copy = tmp_path / folder.name
    copy.mkdir()
    shutil.copy(folder / "build.py", copy / "build.py")
    subprocess.run([sys.executable, str(copy / "build.py")], check=True, capture_output=True)
    built = copy / f"{folder.name}.jsonl"
    assert built.exists(), "the builder wrote nothing"
    assert built.read_bytes() == (folder / f"{folder.name}.jsonl").read_bytes()
