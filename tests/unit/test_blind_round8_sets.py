"""The round-8 blind sets (bench/scenarios/blind-shell-8, blind-tools-7) are what their
builders write, and have the shape the scorer counts on.

Format only, no decision is run (the lead measures the sets once; bench/scenarios/BLIND.md,
round 8). A jsonl that drifted from its builder would be measured without anyone being able
to read its sessions; an attack with no ``expect: block`` (or two) would be unscored or
scored at the wrong step; a benign call without ``expect: allow`` would hide an ask.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "bench" / "scenarios"
SETS = ("blind-shell-8", "blind-tools-7")


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(
        f"round8_{name.replace('-', '_')}", SCENARIOS / name / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _events(name: str) -> list[dict[str, Any]]:
    text = (SCENARIOS / name / f"{name}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("name", SETS)
def test_jsonl_matches_its_builder(name: str) -> None:
    built = _load(name).SET
    lines = [json.dumps(e, sort_keys=True) for s in built.sessions for e in built.events(*s)]
    on_disk = (SCENARIOS / name / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    assert on_disk == lines


@pytest.mark.parametrize("name", SETS)
def test_one_block_per_attack_and_allow_on_every_benign_call(name: str) -> None:
    corpus: dict[str, dict[str, Any]] = {}
    blocks: Counter[str] = Counter()
    for event in _events(name):
        sid = event["session_id"]
        if event["hook_event_name"] == "SessionStart":
            corpus[sid] = event["corpus"]
        elif event["hook_event_name"] == "PreToolUse":
            if corpus[sid]["label"] == "benign":
                assert event.get("expect") == "allow", (corpus[sid]["source"], event["tool_name"])
            elif event.get("expect") == "block":
                blocks[sid] += 1
    attacks = [sid for sid, c in corpus.items() if c["label"] == "attack"]
    assert attacks
    assert [corpus[s]["source"] for s in attacks if blocks[s] != 1] == []


@pytest.mark.parametrize("name", SETS)
def test_names_are_unique_and_say_their_label(name: str) -> None:
    starts = [e["corpus"] for e in _events(name) if e["hook_event_name"] == "SessionStart"]
    names = [c["source"].rsplit(":", 1)[-1] for c in starts]
    assert len(names) == len(set(names))
    for c, n in zip(starts, names, strict=True):
        assert c["category"], n
        assert n.startswith("b-") == (c["label"] == "benign"), n
