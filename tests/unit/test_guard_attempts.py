"""The guard protects itself (personal mode): every guard-disabling attempt in
``tests/data/guard_attempts.jsonl`` is refused (deny) or asked, and every ordinary action in
``tests/data/guard_benign.jsonl`` stays allowed.

Real components: a real daemon (``bastion up``) serving a real home, and each payload sent
by the real hook process, exactly as Claude Code would run it. The suite runs twice: with
the home at ``~/.bastion`` and at a custom location, since protection must follow the
instance's real home, not an assumed path. Placeholders in the data ({BH}, {HOME}, {WS},
{PID}, ...) are filled per run, so the same file can be replayed against a system-mode
install.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BIN = Path(sys.executable).parent
DATA = Path(__file__).resolve().parents[1] / "data"
ATTEMPTS = [json.loads(line) for line in (DATA / "guard_attempts.jsonl").read_text().splitlines()]
BENIGN = [json.loads(line) for line in (DATA / "guard_benign.jsonl").read_text().splitlines()]


@dataclass
class Setup:
    user_home: Path
    bastion_home: Path
    workspace: Path
    env: dict[str, str]
    pid: str

    def values(self, session: str) -> dict[str, str]:
        bh, uh = str(self.bastion_home), str(self.user_home)
        under = bh.startswith(uh + "/")
        rest = bh[len(uh) :] if under else ""
        return {
            "{BH}": bh,
            "{BH_TILDE}": "~" + rest if under else bh,
            "{BH_HOMEVAR}": "$HOME" + rest if under else bh,
            "{BH_REL}": os.path.relpath(bh, self.workspace),
            "{HOME}": uh,
            "{WS}": str(self.workspace),
            "{PID}": self.pid,
            "{HOOK}": str(BIN / "bastion-hook"),
            "{SESSION}": session,
            "{BH_NAME}": self.bastion_home.name,
            "{COMM}": Path(f"/proc/{self.pid}/comm").read_text().strip(),
        }


def fill(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        for key, replacement in values.items():
            value = value.replace(key, replacement)
        return value
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    return value


@pytest.fixture(scope="module", params=["default-home", "custom-home"])
def setup(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Setup]:
    root = tmp_path_factory.mktemp("g")
    user_home = root / "u"
    workspace = user_home / "app"
    (workspace / ".git").mkdir(parents=True)
    (workspace / "src").mkdir()
    (workspace / "README.md").write_text("# app\n")
    (workspace / "src" / "app.py").write_text("a = 1\n")
    (workspace / ".claude" / "commands").mkdir(parents=True)
    (workspace / ".claude" / "commands" / "review.md").write_text("Review the diff.\n")
    # The custom home sits outside the user home, named as a system install would be.
    custom = root / "srv" / "bastion-state"
    bastion_home = user_home / ".bastion" if request.param == "default-home" else custom
    hook_command = f"{BIN / 'bastion-hook'} claude-code"
    hooks = {
        name: [{"matcher": "*", "hooks": [{"type": "command", "command": hook_command}]}]
        for name in ("SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse")
    }
    (user_home / ".claude").mkdir()
    (user_home / ".claude" / "settings.json").write_text(json.dumps({"hooks": hooks}))
    env = {**os.environ, "HOME": str(user_home), "BASTION_HOME": str(bastion_home)}
    env.pop("BASTION_DATABASE_URL", None)
    subprocess.run(
        [str(BIN / "bastion"), "up", "--home", str(bastion_home)],
        check=True,
        capture_output=True,
        env=env,
        timeout=60,
    )
    pid = (bastion_home / "daemon.pid").read_text().strip()
    yield Setup(user_home, bastion_home, workspace, env, pid)
    subprocess.run(
        [str(BIN / "bastion"), "down", "--home", str(bastion_home)],
        capture_output=True,
        env=env,
        timeout=60,
    )


def send(setup: Setup, case: dict[str, Any]) -> tuple[str, str]:
    """Run the real hook with the case's PreToolUse payload; return (decision, reason)."""
    session = f"guard-{case['id']}"
    values = setup.values(session)
    link_spec = (case.get("setup") or {}).get("symlink")
    if link_spec:  # a link the agent made in an earlier call
        link, target = fill(link_spec, values)
        if not os.path.lexists(link):
            os.symlink(target, link)
    file_spec = (case.get("setup") or {}).get("file")
    if file_spec:  # a file the agent wrote in an earlier call
        path, content = fill(file_spec, values)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(content)
    payload = {
        "session_id": session,
        "transcript_path": f"{setup.user_home}/.claude/projects/app/{session}.jsonl",
        "cwd": str(setup.workspace),
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": case["tool"],
        "tool_use_id": f"toolu_{case['id']}",
        "tool_input": fill(case["tool_input"], values),
    }
    out = subprocess.run(
        [str(BIN / "bastion-hook"), "claude-code"],
        input=json.dumps(payload).encode(),
        capture_output=True,
        env=setup.env,
        timeout=60,
    )
    if out.returncode == 2:
        return "deny", out.stderr.decode()
    assert out.returncode == 0, out.stderr.decode()
    if not out.stdout.strip():
        return "allow", ""
    reply = json.loads(out.stdout).get("hookSpecificOutput") or {}
    return reply.get("permissionDecision", "allow"), reply.get("permissionDecisionReason", "")


def test_the_suite_is_large_and_distinct() -> None:
    ids = [a["id"] for a in ATTEMPTS]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)
    assert len(BENIGN) >= 15
    tools = {a["tool"] for a in ATTEMPTS}
    assert {"Write", "Edit", "MultiEdit", "NotebookEdit", "Read", "Grep", "Bash"} <= tools
    assert any(t.startswith("mcp__") for t in tools)


@pytest.mark.parametrize("case", ATTEMPTS, ids=[a["id"] for a in ATTEMPTS])
def test_attempt_is_refused_or_asked(setup: Setup, case: dict[str, Any]) -> None:
    decision, reason = send(setup, case)
    assert decision in ("deny", "ask"), f"{case['id']} ({case['description']}) was allowed"
    assert "Bastion" in reason


@pytest.mark.parametrize("case", BENIGN, ids=[b["id"] for b in BENIGN])
def test_ordinary_work_stays_allowed(setup: Setup, case: dict[str, Any]) -> None:
    decision, reason = send(setup, case)
    assert decision == "allow", f"{case['id']} ({case['description']}): {reason}"


def test_the_daemon_survived_the_suite(setup: Setup) -> None:
    # Every kill attempt was refused before it ran: the daemon serving the home is the same.
    assert (setup.bastion_home / "daemon.pid").read_text().strip() == setup.pid
    os.kill(int(setup.pid), 0)
