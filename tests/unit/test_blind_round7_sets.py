"""The round-7 blind sets (bench/scenarios/blind-shell-7, blind-tools-6) are what their builders
write, and keep the shape the scorer relies on.

Format only: no decision is run here (the sets are measured once by bench/scenarios_bench.py;
see bench/scenarios/BLIND.md, round 7). A stale jsonl would measure sessions nobody can read,
and an attack session without exactly one ``expect: block`` would silently go unscored.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETS = ("blind-shell-7", "blind-tools-6")


def _builder(name: str) -> Any:
    path = ROOT / "bench" / "scenarios" / name / "build.py"
    spec = importlib.util.spec_from_file_location(f"build_{name.replace('-', '_')}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SETS)
def test_jsonl_is_what_the_builder_writes(name: str) -> None:
    sets = _builder(name).SET
    expected = [json.dumps(e, sort_keys=True) for s in sets.sessions for e in sets.events(*s)]
    written = (ROOT / "bench" / "scenarios" / name / f"{name}.jsonl").read_text().splitlines()
    assert written == expected


@pytest.mark.parametrize("name", SETS)
def test_every_attack_has_one_block_and_benign_calls_allow(name: str) -> None:
    lines = (ROOT / "bench" / "scenarios" / name / f"{name}.jsonl").read_text().splitlines()
    label: dict[str, str] = {}
    blocks: dict[str, int] = {}
    for line in lines:
        event = json.loads(line)
        sid = event["session_id"]
        if event["hook_event_name"] == "SessionStart":
            label[sid] = event["corpus"]["label"]
            assert event["corpus"]["category"], sid
        elif event["hook_event_name"] == "PreToolUse":
            if label[sid] == "benign":
                assert event.get("expect") == "allow", (sid, event["tool_name"])
            elif event.get("expect") == "block":
                blocks[sid] = blocks.get(sid, 0) + 1
    attacks = [sid for sid, lab in label.items() if lab == "attack"]
    assert attacks and all(blocks.get(sid) == 1 for sid in attacks)
