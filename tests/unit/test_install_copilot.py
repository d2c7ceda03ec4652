"""`bastion install copilot`: our own .github/hooks/bastion.json, merged and taken out exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bastion.errors import ConfigError
from bastion.hook import command as hc
from bastion.sensors.copilot import install as cp

COMMAND = hc.build("/home/dev/.bastion/bin/bastion-hook", ["--home", "/home/dev/.bastion"],
                   agent="copilot")  # fmt: skip


def test_merge_puts_ours_on_every_event_once_and_keeps_other_handlers() -> None:
    audit = {"type": "command", "bash": "./audit.sh", "timeoutSec": 5}
    data = {"version": 1, "hooks": {"PreToolUse": [audit], "sessionEnd": [audit]}}
    merged = cp.merge(data, COMMAND)
    assert merged["hooks"]["PreToolUse"][0] == audit and merged["hooks"]["sessionEnd"] == [audit]
    for event in cp.EVENTS:
        ours = [h for h in merged["hooks"][event] if "bastion-hook" in h["bash"]]
        assert ours == [{"type": "command", "bash": COMMAND, "timeoutSec": cp.TIMEOUT_S}]
    assert cp.TIMEOUT_S > 30  # Copilot's default (30) equals the hook's own deadline
    assert cp.merge(merged, COMMAND) == merged
    assert cp.remove(merged) == data


def test_pascal_case_events_only() -> None:
    """PascalCase payloads name their event; camelCase ones would make the sensor guess."""
    assert all(e[0].isupper() for e in cp.EVENTS) and cp.PRE_TOOL_EVENT in cp.EVENTS


def test_install_writes_a_file_of_its_own_and_uninstall_removes_it(tmp_path: Path) -> None:
    other = tmp_path / ".github" / "hooks" / "audit.json"
    other.parent.mkdir(parents=True)
    other.write_text('{"version": 1, "hooks": {}}')
    path = cp.hooks_path("project", tmp_path)
    assert cp.install(path, None) == (True, None)
    assert json.loads(path.read_text())["version"] == 1
    assert cp.install(path, None) == (False, None)
    assert cp.uninstall(path)[0]
    assert not path.exists() and other.read_text() == '{"version": 1, "hooks": {}}'
    assert cp.uninstall(path) == (False, None)


def test_only_project_scope() -> None:
    with pytest.raises(ConfigError, match="project"):
        cp.hooks_path("user", Path("/tmp"))
