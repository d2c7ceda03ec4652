"""Every blind scenario set (bench/scenarios/blind-*, rounds 7 to 13) is what its builder
writes, is as large as its round's brief asked, and has the shape the scorer counts on.

Format only: no decision is run on them (each is measured once by the lead; see
bench/scenarios/BLIND.md). A jsonl that drifted from its builder would be measured without
anyone being able to read its sessions; an attack without exactly one ``expect: block`` would
be unscored or scored at the wrong step; a benign call without ``expect: allow`` would hide an
ask; a session whose events are out of order or miss a key would be read differently by the
replay than by its author. One test for every round, where each round used to copy the last
round's file (a blind author still writes its own builder: blind authors share no code).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bastion.replay import read_payloads

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "bench" / "scenarios"
# set -> (at least this many attack sessions, at least this many benign sessions)
# (round 7 and 8 briefs gave no size: any non-empty set)
SIZES = {
    "blind-shell-7": (1, 1),
    "blind-tools-6": (1, 1),
    "blind-shell-8": (1, 1),
    "blind-tools-7": (1, 1),
    "blind-shell-9": (200, 60),
    "blind-tools-8": (90, 40),
    "blind-shell-10": (180, 60),
    "blind-tools-9": (90, 40),
    "blind-shell-11": (150, 55),
    "blind-tools-10": (70, 35),
    "blind-shell-12": (175, 60),
    "blind-tools-11": (80, 38),
    "blind-shell-13": (160, 55),
    "blind-tools-12": (75, 35),
}
BASE_KEYS = {"session_id", "transcript_path", "cwd", "permission_mode", "hook_event_name"}


def _builder(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(
        f"blind_{name.replace('-', '_')}", SCENARIOS / name / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _path(name: str) -> Path:
    return SCENARIOS / name / f"{name}.jsonl"


def _on_disk(name: str) -> list[str]:
    return _path(name).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", sorted(SIZES))
def test_jsonl_is_what_the_builder_writes(name: str) -> None:
    built = _builder(name).SET
    lines = [json.dumps(e, sort_keys=True) for s in built.sessions for e in built.events(*s)]
    assert _on_disk(name) == lines


@pytest.mark.parametrize("name", sorted(SIZES))
def test_keys_and_event_order(name: str) -> None:
    """Parsed the way the replay reads them: each session is SessionStart, one prompt,
    Pre (each followed by at most one Post of the same call), SessionEnd; never interleaved."""
    state: dict[str, str] = {}
    open_call: dict[str, str | None] = {}
    current: str | None = None
    for _number, payload in read_payloads([_path(name)]):
        event = json.loads(payload)
        kind = event["hook_event_name"]
        sid = event["session_id"]
        assert set(event) >= BASE_KEYS, event
        if kind == "SessionStart":
            assert sid not in state and current is None
            assert set(event["corpus"]) == {"dataset", "split", "label", "category", "source"}
            state[sid], current, open_call[sid] = "started", sid, None
            continue
        assert sid == current, "sessions interleave"
        if kind == "UserPromptSubmit":
            assert state[sid] == "started" and event["prompt"]
            state[sid] = "prompted"
        elif kind == "PreToolUse":
            assert state[sid] in {"prompted", "tool"}
            assert {"tool_name", "tool_input", "tool_use_id"} <= set(event)
            assert event.get("expect", "allow") in {"allow", "block"}
            state[sid], open_call[sid] = "tool", event["tool_use_id"]
        elif kind == "PostToolUse":
            assert open_call[sid] == event["tool_use_id"] and "tool_response" in event
            open_call[sid] = None
        else:
            assert kind == "SessionEnd" and state[sid] == "tool"
            state[sid], current = "ended", None
    assert state and set(state.values()) == {"ended"}


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


@pytest.mark.parametrize("name", sorted(SIZES))
def test_rebuild_is_byte_identical(name: str, tmp_path: Path) -> None:
    built = _builder(name).SET
    built.write(tmp_path)
    assert (tmp_path / f"{name}.jsonl").read_bytes() == _path(name).read_bytes()
