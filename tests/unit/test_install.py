"""`bastion install claude-code`: idempotent merge, backups, exact uninstall, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bastion.cli import install as inst
from bastion.errors import ConfigError
from bastion.hook import command as hook_command

EXISTING = {
    "permissions": {"allow": ["Bash(npm test)"]},
    "hooks": {
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "other-tool"}]}]
    },
    "model": "opus",
}


def test_install_keeps_everything_and_adds_every_event(tmp_path: Path) -> None:
    path = tmp_path / ".claude" / "settings.json"
    path.parent.mkdir()
    path.write_text(json.dumps(EXISTING))
    changed, backup = inst.install(path, tmp_path / "home")
    assert changed and backup is not None and json.loads(backup.read_text()) == EXISTING
    data = json.loads(path.read_text())
    assert data["permissions"] == EXISTING["permissions"] and data["model"] == "opus"
    assert data["hooks"]["PreToolUse"][0] == EXISTING["hooks"]["PreToolUse"][0]
    for event in inst.HOOK_EVENTS:
        commands = [h["command"] for g in data["hooks"][event] for h in g["hooks"]]
        ours = [c for c in commands if "bastion-hook" in c]
        assert len(ours) == 1, event
        assert hook_command.is_ours(ours[0]), ours[0]
        parsed = hook_command.parse(ours[0])
        assert parsed is not None and parsed.wrapped
        assert parsed.options["--home"] == str(tmp_path / "home")
        assert parsed.entry == tmp_path / "home" / "bin" / "bastion-hook"
    assert (tmp_path / "home" / "bin" / "bastion-hook").resolve().exists()


def test_install_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    inst.install(path, None)
    before = path.read_text()
    changed, backup = inst.install(path, None)
    assert not changed and backup is None and path.read_text() == before


def test_uninstall_reverses_exactly(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(EXISTING))
    inst.install(path, None)
    changed, _ = inst.uninstall(path)
    assert changed and json.loads(path.read_text()) == EXISTING


def test_uninstall_of_a_file_we_created_removes_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    inst.install(path, None)
    inst.uninstall(path)
    assert not path.exists()


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"hooks": []}'])
def test_refuses_settings_it_cannot_read(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text)
    with pytest.raises(ConfigError):
        inst.install(path, None)
    assert path.read_text() == text  # untouched
