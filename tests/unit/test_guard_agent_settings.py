"""The other agents' hook wiring is the guard's ground too, as Claude Code's settings are.

Measured in tests/e2e/test_agent_hook_semantics.py: a project's .gemini/settings.json can
switch a user-level hook off, Codex skips a hook whose trust entry in config.toml is gone,
and Copilot CLI loads any .github/hooks/*.json. An agent that can write these can silence
Bastion, so writing them is a write to the guard's settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bastion.guard_paths import GUARD_WRITE, GuardPaths


@pytest.fixture
def world(tmp_path: Path) -> tuple[GuardPaths, Path, Path]:
    user = tmp_path / "u"
    workspace = user / "app"
    (workspace / ".git").mkdir(parents=True)
    home = user / ".bastion"
    home.mkdir(parents=True)
    return GuardPaths.for_home(home, user_home=str(user)), user, workspace


@pytest.mark.parametrize(
    "path",
    [
        ".gemini/settings.json",
        "~/.gemini/settings.json",
        "/etc/gemini-cli/settings.json",
        ".codex/hooks.json",
        "~/.codex/config.toml",
        ".github/hooks/bastion.json",
        ".github/hooks/../hooks/other.json",
        ".cursor/hooks.json",
        ".windsurf/hooks.json",
        "~/.codeium/windsurf/hooks.json",
    ],
)
def test_agent_hook_files_are_settings(world: tuple[GuardPaths, Path, Path], path: str) -> None:
    guard, user, workspace = world
    assert guard.classify(path, cwd=str(workspace), user_home=str(user))[0] == "settings"


@pytest.mark.parametrize(
    "path",
    [".gemini/styles.json", ".github/workflows/ci.json", ".github/hooks/README.md", "codex.toml"],
)
def test_neighbours_are_not(world: tuple[GuardPaths, Path, Path], path: str) -> None:
    guard, user, workspace = world
    assert guard.classify(path, cwd=str(workspace), user_home=str(user))[0] == ""


def test_writing_a_gemini_project_settings_file_is_a_guard_write(
    world: tuple[GuardPaths, Path, Path],
) -> None:
    guard, user, workspace = world
    hits = guard.inspect(
        "Write",
        {"file_path": ".gemini/settings.json", "content": '{"hooksConfig": {"enabled": false}}'},
        None,
        cwd=str(workspace),
        user_home=str(user),
    )
    assert [h.kind for h in hits] == [GUARD_WRITE]
