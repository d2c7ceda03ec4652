"""Regression guard over the provenance scenario sets (figures: bench/scenarios_bench.py).

Replays bench/scenarios/provenance(-2) and fresh-tools(-2) through the real engine
and policy packs and holds the figures recorded in docs/provenance.md: no benign session
denied, and no attack that is stopped today let through tomorrow. The JSONL files must be what
their builders write (a stale file would measure scenarios nobody can read).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETS = ("provenance", "fresh-tools", "fresh-tools-2", "provenance-2")
# Known misses, by name (docs/provenance.md says why); none today.
KNOWN_MISSES: set[str] = set()


def _module(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SETS)
def test_scenario_file_is_what_its_builder_writes(name: str) -> None:
    builder = _module(ROOT / "bench" / "scenarios" / name / "build.py", f"build_{name}")
    sets = builder.SET
    expected = [json.dumps(e, sort_keys=True) for s in sets.sessions for e in sets.events(*s)]
    written = (ROOT / "bench" / "scenarios" / name / f"{name}.jsonl").read_text().splitlines()
    assert written == expected


@pytest.mark.parametrize("name", SETS)
def test_benign_never_denied_and_attacks_stopped(name: str) -> None:
    bench = _module(ROOT / "bench" / "scenarios_bench.py", "scenarios_bench")
    records = bench.score_file(ROOT / "bench" / "scenarios" / name / f"{name}.jsonl", "balanced")
    denied = [r["name"] for r in records if r["label"] == "benign" and r["deny"]]
    missed = [
        r["name"]
        for r in records
        if r["label"] == "attack" and r.get("scored") and not r["stopped"]
    ]
    assert denied == []
    assert set(missed) <= KNOWN_MISSES
    asked = [r["name"] for r in records if r["label"] == "benign" and r["ask"]]
    assert len(asked) <= 1, asked
