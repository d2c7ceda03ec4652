"""`bastion inventory` against the real pinned clients: their versions, and Codex's real trust.

The unit tests (tests/unit/test_inventory.py) cover the file formats; here the executables
are the pinned Gemini CLI, Codex and Copilot CLI, and the Codex trust entry is the one Codex
itself writes through ``codex app-server``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from agent_clients import CLIENTS, base_env, capture_command, write_codex_hooks
from claude_client import make_workspace
from codex_trust import trust_hooks

from bastion.inventory import take_inventory

pytestmark = pytest.mark.e2e

PINNED = {"gemini-cli": "0.61.0", "codex": "0.171.0", "copilot": "1.0.102"}


def test_inventory_reads_each_pinned_clients_version(tmp_path: Path) -> None:
    executables = {name: CLIENTS[name].require() for name in PINNED}
    path = os.pathsep.join(str(Path(e).parent) for e in executables.values())
    found = take_inventory(tmp_path / "home", tmp_path / "project", path=path)
    versions = {a.agent: (a.installed, a.version) for a in found.agents if a.agent in PINNED}
    assert versions == {name: (True, version) for name, version in PINNED.items()}


def test_inventory_sees_the_trust_codex_records_for_its_hooks(tmp_path: Path) -> None:
    codex = CLIENTS["codex"].require()
    home = tmp_path / "home"
    ws = make_workspace(tmp_path / "ws", {"README.md": "# demo\n"})
    hook = capture_command(tmp_path / "captured", "pre") + " bastion-hook"  # names our marker
    write_codex_hooks(home / ".codex", {"PreToolUse": [hook]})

    def codex_state() -> tuple[str, list[str]]:
        report = next(a for a in take_inventory(home, ws, path=os.devnull).agents
                      if a.agent == "codex")  # fmt: skip
        return report.hook_state, report.notes

    state, notes = codex_state()
    assert state == "disabled" and any("no trusted hash" in n for n in notes), notes
    env = base_env(home, {"CODEX_HOME": str(home / ".codex")})
    listed = trust_hooks(codex, env, ws, lambda h: "bastion-hook" in str(h.get("command")))
    assert [h["trustStatus"] for h in listed] == ["trusted"]
    state, notes = codex_state()
    assert not any("no trusted hash" in n for n in notes), notes
    # Trusted now, so no longer disabled. The hook is this test's capture command, not the
    # installer's fail-closed wrapper, and Codex has a sensor: wired, but failing open.
    assert state == "not-fail-closed", (state, notes)
