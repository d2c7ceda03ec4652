"""`bastion status` / doctor: a hook of ours in another agent's file that would not run is named.

The files are written by each agent's installer layout (Cursor's and Windsurf's from their
docs, Copilot CLI's as the e2e test runs it); the broken one points at an entry point that
does not exist, as after a moved checkout or a deleted home.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bastion.cli import doctor
from bastion.hook import command as hc
from bastion.sensors.copilot import install as install_copilot
from bastion.sensors.cursor import install as install_cursor
from bastion.sensors.windsurf import install as install_windsurf

HOOK = Path(sys.executable).with_name("bastion-hook")


def write(module: Any, path: Path, entry: Path, agent: str) -> None:
    command = hc.build(str(entry), ["--home", "/h/.bastion"], agent)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(module.merge({}, command)))


def test_working_hooks_of_every_agent_are_not_reported(tmp_path: Path) -> None:
    project, home = tmp_path / "p", tmp_path / "h"
    write(install_cursor, install_cursor.hooks_path("project", project), HOOK, "cursor")
    write(install_windsurf, install_windsurf.hooks_path("user", project, home), HOOK, "windsurf")
    write(install_copilot, install_copilot.hooks_path("project", project), HOOK, "copilot")
    assert doctor.agent_problems(project, home) == []


def test_a_hook_whose_entry_point_vanished_is_named_with_its_agent_and_file(
    tmp_path: Path,
) -> None:
    project, home = tmp_path / "p", tmp_path / "h"
    gone = tmp_path / "old-checkout" / "bastion-hook"
    path = install_copilot.hooks_path("project", project)
    write(install_copilot, path, gone, "copilot")
    write(install_cursor, install_cursor.hooks_path("user", project, home), HOOK, "cursor")
    found = doctor.agent_problems(project, home)
    assert found and all(p.startswith(f"copilot: {path}: ") for p in found), found
    assert any(str(gone) in p for p in found), found
