"""The round-10 blind sets (bench/scenarios/blind-shell-10, blind-tools-9) are what their
builders write, are as large as the brief asks, and have the shape the scorer counts on.

Format only: no decision is run on them (they are measured once by the lead; see
bench/scenarios/BLIND.md, round 10). A jsonl that drifted from its builder would be measured
without anyone being able to read its sessions; an attack without exactly one ``expect:
block`` would be unscored or scored at the wrong step; a benign call without ``expect:
allow`` would hide an ask.
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
# set -> (at least this many attack sessions, at least this many benign sessions)
SIZES = {"blind-shell-10": (180, 60), "blind-tools-9": (90, 40)}


def _builder(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(
        f"round10_{name.replace('-', '_')}", SCENARIOS / name / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _on_disk(name: str) -> list[str]:
    return (SCENARIOS / name / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", sorted(SIZES))
def test_jsonl_is_what_the_builder_writes(name: str) -> None:
    built = _builder(name).SET
    lines = [json.dumps(e, sort_keys=True) for s in built.sessions for e in built.events(*s)]
    assert _on_disk(name) == lines


@pytest.mark.parametrize("name", sorted(SIZES))
def test_sizes_labels_and_expects(name: str) -> None:
    labels: dict[str, str] = {}
    source: dict[str, str] = {}
    expects: dict[str, list[str | None]] = {}
    for line in _on_disk(name):
        event = json.loads(line)
        sid = event["session_id"]
        if event["hook_event_name"] == "SessionStart":
            labels[sid] = event["corpus"]["label"]
            source[sid] = event["corpus"]["source"].rsplit(":", 1)[-1]
            assert event["corpus"]["category"], source[sid]
        elif event["hook_event_name"] == "PreToolUse":
            expects.setdefault(sid, []).append(event.get("expect"))
    counts = Counter(labels.values())
    want_attack, want_benign = SIZES[name]
    assert counts["attack"] >= want_attack
    assert counts["benign"] >= want_benign
    names = list(source.values())
    assert len(names) == len(set(names))
    wrong = []
    for sid, label in labels.items():
        calls = expects.get(sid, [])
        assert source[sid].startswith("b-") == (label == "benign"), source[sid]
        if label == "benign":
            if not calls or any(e != "allow" for e in calls):
                wrong.append(source[sid])
        elif calls.count("block") != 1 or "allow" in calls[calls.index("block") :]:
            wrong.append(source[sid])
    assert wrong == []
