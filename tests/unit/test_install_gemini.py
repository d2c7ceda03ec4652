"""`bastion install gemini-cli`: our hooks merged into Gemini CLI's settings, and taken out.

Gemini's settings share Claude Code's hook layout; what is Gemini's own is measured in
tests/e2e/test_agent_hook_semantics.py: the hook is named (project hooks are fingerprinted by
name and command), its timeout is above the hook's own deadline, and the wrapper turns every
failure into exit 2 (a crash would otherwise let the call run).
"""

from __future__ import annotations

import json
from pathlib import Path

from bastion.hook import command as hc
from bastion.sensors.gemini_cli import install as gem

COMMAND = hc.build("/home/dev/.bastion/bin/bastion-hook", ["--home", "/home/dev/.bastion"],
                   agent="gemini-cli")  # fmt: skip


def test_the_command_names_the_agent_and_fails_closed() -> None:
    assert " gemini-cli --home " in COMMAND and COMMAND.endswith("exit 2; }")
    parsed = hc.parse(COMMAND)
    assert parsed is not None and parsed.wrapped
    assert parsed.options == {"--home": "/home/dev/.bastion"}
    assert hc.is_ours(COMMAND)


def test_merge_adds_ours_once_per_event_and_keeps_everything_else() -> None:
    lint = {"matcher": "write_file", "hooks": [{"type": "command", "command": "./lint.sh"}]}
    settings = {"model": {"name": "gemini-2.5-pro"}, "hooks": {"BeforeTool": [lint]}}
    merged = gem.merge(settings, COMMAND)
    assert merged["model"] == settings["model"]
    assert merged["hooks"]["BeforeTool"][0] == lint
    for event in gem.EVENTS:
        ours = [
            h for g in merged["hooks"][event] for h in g["hooks"] if "bastion-hook" in h["command"]
        ]
        assert ours == [{"type": "command", "command": COMMAND, "name": "bastion",
                         "timeout": gem.TIMEOUT_MS}], event  # fmt: skip
    assert gem.TIMEOUT_MS > 30_000  # above the hook's own deadline: a timeout runs the call
    assert gem.merge(merged, COMMAND) == merged
    assert gem.remove(merged) == settings


def test_install_then_uninstall_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / ".gemini" / "settings.json"
    path.parent.mkdir()
    original = {"ui": {"theme": "Dracula"}}
    path.write_text(json.dumps(original))
    changed, backup = gem.install(path, None)
    assert changed and backup is not None and json.loads(backup.read_text()) == original
    assert gem.install(path, None) == (False, None)
    assert gem.uninstall(path)[0]
    assert json.loads(path.read_text()) == original
    assert gem.uninstall(path) == (False, None)


def test_settings_that_silence_our_hook_are_found(tmp_path: Path) -> None:
    project, home = tmp_path / "p", tmp_path / "h"
    (project / ".gemini").mkdir(parents=True)
    (home / ".gemini").mkdir(parents=True)
    assert gem.silencers(project, home) == []
    (project / ".gemini" / "settings.json").write_text(
        json.dumps({"hooksConfig": {"disabled": ["bastion"]}})
    )
    (home / ".gemini" / "settings.json").write_text(json.dumps({"hooksConfig": {"enabled": False}}))
    found = gem.silencers(project, home)
    assert len(found) == 2 and any("disabled" in f for f in found)
