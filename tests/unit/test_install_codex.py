"""`bastion install codex`: our hooks merged into Codex's hooks.json, trusted, and taken out.

The merge tests need nothing. The trust tests ask the real, pinned Codex (its app-server, the
protocol of its own /hooks screen), so they are e2e tests (``make e2e`` sets
``BASTION_CODEX_BIN``; unset, they skip saying how, and fail under BASTION_REQUIRE_ALL).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bastion.hook import command as hc
from bastion.sensors.codex import install as cx
from bastion.sensors.codex import trust as ct

COMMAND = hc.build("/home/dev/.bastion/bin/bastion-hook", ["--home", "/home/dev/.bastion"],
                   agent="codex")  # fmt: skip
LINT = {"matcher": "Bash", "hooks": [{"type": "command", "command": "./lint.sh", "timeout": 5}]}


def test_the_command_names_the_agent_and_fails_closed() -> None:
    assert " codex --home " in COMMAND and COMMAND.endswith("exit 2; }")
    assert hc.is_ours(COMMAND)


def test_merge_adds_ours_once_per_event_after_the_others_and_keeps_everything_else() -> None:
    settings = {"x-note": "kept", "hooks": {"PreToolUse": [LINT]}}
    merged = cx.merge(settings, COMMAND)
    assert merged["x-note"] == "kept"
    assert merged["hooks"]["PreToolUse"][0] == LINT  # not moved: its trust key is unchanged
    for event in cx.EVENTS:
        ours = [h for g in merged["hooks"][event] for h in g["hooks"] if "bastion-hook" in
                h["command"]]  # fmt: skip
        assert ours == [{"type": "command", "command": COMMAND, "timeout": cx.TIMEOUT_S}], event
    assert isinstance(cx.TIMEOUT_S, int) and cx.TIMEOUT_S > 30  # a float skips the whole file
    assert cx.merge(merged, COMMAND) == merged
    assert cx.remove(merged) == settings


def test_paths_follow_codex_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEX_HOME", str(tmp_path / "ch"))
    assert cx.hooks_path("user", tmp_path) == tmp_path / "ch" / "hooks.json"
    assert cx.hooks_path("project", tmp_path) == tmp_path / ".codex" / "hooks.json"
    with pytest.raises(cx.ConfigError):
        cx.hooks_path("system", tmp_path)


def _codex() -> str:
    """The pinned Codex; skips saying how to get it (fails under CI's BASTION_REQUIRE_ALL)."""
    executable = os.environ.get(ct.BIN_ENV, "")
    if executable:
        return executable
    message = f"{ct.BIN_ENV} is not set: make agents, then point it at the pinned codex"
    if os.environ.get("BASTION_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def codex_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / ".codex").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CODEX_HOME", str(home / ".codex"))
    return home / ".codex"


@pytest.mark.e2e
def test_install_records_codex_trust_and_uninstall_restores_both_files(
    codex_env: Path, tmp_path: Path
) -> None:
    codex = _codex()
    config = codex_env / "config.toml"
    config.write_text('model = "gpt-5.5"\n# my comment\n[tui]\nnotifications = true\n')
    hooks = codex_env / "hooks.json"
    hooks.write_text(json.dumps({"hooks": {"PreToolUse": [LINT]}}))
    original_config, original_hooks = config.read_text(), hooks.read_text()
    ws = tmp_path / "ws"
    ws.mkdir()
    # The user trusted their own hook before Bastion came.
    assert ct.trust(codex, ws, hooks, "lint.sh")[0].trust == "trusted"
    trusted_config = config.read_text()

    assert cx.install(hooks, None)[0]
    trusted = cx.trust(hooks, ws, codex)
    assert len(trusted) == len(cx.EVENTS) and all(h.runs for h in trusted)
    assert not ct.problems(ws, codex)
    assert cx.install(hooks, None) == (False, None)  # idempotent
    assert len(cx.trust(hooks, ws, codex)) == len(cx.EVENTS)

    assert cx.uninstall(hooks, ws, codex)[0]
    assert json.loads(hooks.read_text()) == json.loads(original_hooks)
    assert config.read_text() == trusted_config  # our trust records gone, the user's kept
    assert original_config in trusted_config
    states = {h.command: h.trust for h in ct.our_hooks(codex, ws, "lint.sh")}
    assert states == {"./lint.sh": "trusted"}


@pytest.mark.e2e
def test_status_names_a_hook_of_ours_that_codex_no_longer_trusts(
    codex_env: Path, tmp_path: Path
) -> None:
    codex = _codex()
    hooks = codex_env / "hooks.json"
    ws = tmp_path / "ws"
    ws.mkdir()
    cx.install(hooks, None)
    cx.trust(hooks, ws, codex)
    data = json.loads(hooks.read_text())
    handler = data["hooks"]["PreToolUse"][0]["hooks"][0]
    handler["command"] = handler["command"].replace(" codex", " codex --verbose", 1)
    hooks.write_text(json.dumps(data))  # the agent edited our hook: a new hash
    found = ct.problems(ws, codex)
    assert any("pre_tool_use" in p and "modified" in p for p in found), found
    assert any("no Bastion hook Codex would run before a tool call" in p for p in found), found
