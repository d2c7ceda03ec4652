"""`bastion coverage`: the agent's own session log against the record names every call that
ran without a decision.

The sessions are driven through the real hook client and daemon with Codex's recorded
payloads (tests/data/agents/codex/), one PreToolUse per call of the recorded rollout file,
whose path each payload names. Leaving some calls' PreToolUse out is what a removed (or
untrusted, or edited) hook does: Codex runs those calls without asking us.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bastion.sensors.codex.transcript import read_tool_calls

BIN = Path(sys.executable).parent
DATA = Path(__file__).resolve().parents[1] / "data" / "agents" / "codex"
HOOK = BIN / "bastion-hook"


def payload(name: str, rollout: Path, **changes: Any) -> dict[str, Any]:
    data = json.loads((DATA / f"{name}.json").read_text())["payload"]
    return {**data, "transcript_path": str(rollout), **changes}


def send(home: Path, data: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(HOOK), "codex"], input=json.dumps(data).encode(),
                          capture_output=True, timeout=60,
                          env={**os.environ, "BASTION_HOME": str(home)})  # fmt: skip


def coverage(home: Path, *args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run([str(BIN / "bastion"), "coverage", "--home", str(home), "--no-hooks",
                           "--json", *args], capture_output=True, timeout=120)  # fmt: skip
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def running(home: Path) -> Iterator[Path]:
    subprocess.run([str(BIN / "bastion"), "up", "--home", str(home)], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    yield home
    subprocess.run([str(BIN / "bastion"), "down", "--home", str(home)], capture_output=True,
                   timeout=60)  # fmt: skip


def session(home: Path, rollout: Path, skip: set[int]) -> str:
    """Replay the recorded session, leaving out the PreToolUse of the calls in ``skip``."""
    send(home, payload("SessionStart", rollout))
    for i, call in enumerate(read_tool_calls(rollout)):
        if i in skip:
            continue
        args = json.loads(call.arguments) if call.arguments.startswith("{") else {}
        command = str(args.get("cmd") or call.arguments)
        tool = "apply_patch" if call.name == "apply_patch" else "Bash"
        out = send(home, payload("PreToolUse-Bash", rollout, tool_use_id=call.id,
                                 tool_name=tool, tool_input={"command": command}))  # fmt: skip
        assert out.returncode == 0, out
    send(home, payload("SessionEnd", rollout))
    return str(payload("SessionStart", rollout)["session_id"])


def test_every_call_decided_is_covered(running: Path, tmp_path: Path) -> None:
    rollout = Path(shutil.copy(DATA / "transcript.jsonl", tmp_path / "rollout.jsonl"))
    sid = session(running, rollout, skip=set())
    code, found = coverage(running, sid)
    assert code == 0 and found["ok"], found
    [s] = found["sessions"]
    assert s["checked"] and s["decided"] == 4 and s["ungoverned"] == []


def test_a_removed_hook_names_every_ungoverned_call(running: Path, tmp_path: Path) -> None:
    rollout = Path(shutil.copy(DATA / "transcript.jsonl", tmp_path / "rollout.jsonl"))
    calls = read_tool_calls(rollout)
    sid = session(running, rollout, skip={1, 2})
    code, found = coverage(running, sid)
    assert code == 1 and not found["ok"]
    [s] = found["sessions"]
    assert s["decided"] == 2
    assert [(u["tool"], u["call_id"]) for u in s["ungoverned"]] == [
        (calls[1].name, calls[1].id), (calls[2].name, calls[2].id)]  # fmt: skip
    # The same check also ran at session end, in the engine, into the signed record.
    shown = subprocess.run([str(BIN / "bastion"), "show", sid, "--json", "--home", str(running)],
                           capture_output=True, timeout=60, check=True)  # fmt: skip
    assert shown.stdout.count(b"unchecked-action") >= 2


def test_a_session_whose_log_is_gone_is_said_not_checked(running: Path, tmp_path: Path) -> None:
    rollout = Path(shutil.copy(DATA / "transcript.jsonl", tmp_path / "rollout.jsonl"))
    sid = session(running, rollout, skip=set())
    rollout.unlink()
    code, found = coverage(running, sid)
    [s] = found["sessions"]
    assert not s["checked"] and "no session log" in s["note"]
    assert code == 0  # nothing shown ungoverned; the session is listed as not checked


def test_hooks_an_agent_says_it_will_skip_are_named_with_their_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an agent itself says it will not run (Codex's app-server, stood in for here since
    the test asks no real Codex) reaches the coverage report through the agent's declared
    rules, for that agent only, and not when another agent is asked about."""
    from bastion.inventory import coverage as cov
    from bastion.sensors import registry
    from bastion.sensors.base import InventoryRules

    said = InventoryRules(asked_untrusted=lambda project: [(f"{project}: hook skipped", "fix it")])
    real = registry.inventory_rules_of
    monkeypatch.setattr(cov, "rules_of", lambda a: said if a == "codex" else real(a))
    project, home = tmp_path / "p", tmp_path / "h"
    project.mkdir()
    home.mkdir()
    found = [p for p in cov.hook_problems(project, home) if p.state == "untrusted"]
    assert [(p.agent, p.detail, p.fix) for p in found] == [
        ("codex", f"{project}: hook skipped", "fix it")
    ]
    assert not [p for p in cov.hook_problems(project, home, "gemini-cli") if p.state == "untrusted"]
