"""GuardPaths: resolution of every spelling of a path, and what counts as the guard's ground."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bastion.guard_paths import GUARD_SECRET, GUARD_WRITE, GuardPaths
from bastion.understand.actions import understand


@pytest.fixture
def world(tmp_path: Path) -> tuple[GuardPaths, Path, Path]:
    user = tmp_path / "u"
    workspace = user / "app"
    (workspace / ".git").mkdir(parents=True)
    home = user / ".bastion"
    (home / "keys").mkdir(parents=True)
    return GuardPaths.for_home(home, user_home=str(user)), user, workspace


@pytest.mark.parametrize(
    "spelling",
    [
        "~/.bastion/config.toml",
        "$HOME/.bastion/config.toml",
        "${HOME}/.bastion/config.toml",
        "../.bastion/config.toml",
        "./../.bastion/./config.toml",
        "/proc/self/root{U}/.bastion/config.toml",
        "/proc/1/root/proc/self/root{U}/.bastion/config.toml",
        "//{U}//.bastion//config.toml",
        "/proc/self/cwd/../.bastion/config.toml",
        "/proc/./self/root{U}/.bastion/config.toml",
        "/proc/self/root/../proc/self/root{U}/.bastion/./config.toml",
    ],
)
def test_every_spelling_resolves_to_the_home(
    world: tuple[GuardPaths, Path, Path], spelling: str
) -> None:
    guard, user, workspace = world
    path = spelling.replace(
        "{U}", str(user).lstrip("/") if spelling.startswith("//") else str(user)
    )
    place, resolved = guard.classify(path, cwd=str(workspace), user_home=str(user))
    assert resolved == str(user / ".bastion" / "config.toml")
    assert place == "secret"  # config.toml may hold the database URL


def test_links_are_followed(world: tuple[GuardPaths, Path, Path]) -> None:
    guard, user, workspace = world
    os.symlink(user / ".bastion", workspace / "innocent")
    place, resolved = guard.classify(
        "innocent/policies/x.cedar", cwd=str(workspace), user_home=str(user)
    )
    assert place == "state" and resolved == str(user / ".bastion" / "policies" / "x.cedar")


def test_places(world: tuple[GuardPaths, Path, Path]) -> None:
    guard, user, workspace = world

    def where(p: str) -> str:
        return guard.classify(p, cwd=str(workspace), user_home=str(user))[0]

    assert where("~/.bastion/keys/audit-log.pem") == "secret"
    assert where("~/.bastion/bastion.db-wal") == "secret"
    assert where("~/.bastion/policies/org.cedar") == "state"
    assert where("~/.bastion/daemon.log") == "state"
    assert where("~/.claude/settings.json") == "settings"
    assert where("src/app.py") == ""
    assert where("~/.bastionx/config.toml") == ""  # a prefix is not the directory


def test_a_double_slash_path_does_not_hang_analysis(world: tuple[GuardPaths, Path, Path]) -> None:
    """`find / ... -exec sed -i ... {} +` once produced the write path `//*`, on which the
    repository walk never ended: the daemon hung on one command."""
    guard, user, workspace = world
    command = "find / -path '*x*' -name config.toml -exec sed -i 's/a/b/' {} +"
    done: list[object] = []

    def run() -> None:
        facts = understand(
            "Bash",
            {"command": command},
            cwd=str(workspace),
            workspace=str(workspace),
            home=str(user),
        )
        done.append(
            guard.inspect(
                "Bash", {"command": command}, facts, cwd=str(workspace), user_home=str(user)
            )
        )

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(20)
    assert done, "analysis did not finish"


def test_ordinary_commands_touch_nothing(world: tuple[GuardPaths, Path, Path]) -> None:
    guard, user, workspace = world
    for command in ["git status", "pytest -q", "ls ~/.bastion", "cat README.md", "grep -rn x src"]:
        facts = understand(
            "Bash",
            {"command": command},
            cwd=str(workspace),
            workspace=str(workspace),
            home=str(user),
        )
        assert (
            guard.inspect(
                "Bash", {"command": command}, facts, cwd=str(workspace), user_home=str(user)
            )
            == []
        )


def test_kinds(world: tuple[GuardPaths, Path, Path]) -> None:
    guard, user, workspace = world
    read = guard.inspect(
        "Read",
        {"file_path": "~/.bastion/keys/k.pem"},
        None,
        cwd=str(workspace),
        user_home=str(user),
    )
    write = guard.inspect(
        "Write",
        {"file_path": "~/.bastion/policies/p.cedar"},
        None,
        cwd=str(workspace),
        user_home=str(user),
    )
    assert [h.kind for h in read] == [GUARD_SECRET] and [h.kind for h in write] == [GUARD_WRITE]


@pytest.mark.parametrize(
    "command",
    [
        "echo '{\"x\":1}' | ~/.bastion/bin/bastion-hook claude-code",
        "~/.bastion/bin/bastion-hook-native claude-code < forged.json",
    ],
)
def test_running_either_hook_client_directly_is_guard_control(
    world: tuple[GuardPaths, Path, Path], command: str
) -> None:
    from bastion.guard_paths import GUARD_CONTROL

    guard, user, workspace = world
    facts = understand(
        "Bash", {"command": command}, cwd=str(workspace), workspace=str(workspace), home=str(user)
    )
    hits = guard.inspect(
        "Bash", {"command": command}, facts, cwd=str(workspace), user_home=str(user)
    )
    assert GUARD_CONTROL in [h.kind for h in hits], hits
