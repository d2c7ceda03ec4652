"""`bastion inventory` reads each agent's real file formats and says what is governed.

Every case writes the files an agent reads (formats as in tests/data/agents and
docs/agents.md) into a throwaway home and project, then reads the inventory back, through the
library and through the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bastion.hook import command as hook_command
from bastion.inventory import take_inventory
from bastion.inventory.model import AgentReport

WRAPPED = hook_command.build(
    "/home/dev/.bastion/bin/bastion-hook", ["--home", "/home/dev/.bastion"]
)
BARE = "/home/dev/.bastion/bin/bastion-hook claude-code --home /home/dev/.bastion"


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def grouped(event: str, command: str) -> dict[str, Any]:
    return {
        "hooks": {event: [{"matcher": "*", "hooks": [{"type": "command", "command": command}]}]}
    }


def agent(inventory: Any, name: str) -> AgentReport:
    return next(a for a in inventory.agents if a.agent == name)


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir()
    project.mkdir()
    return home, project


def scan(home: Path, project: Path, path: str = "") -> Any:
    return take_inventory(home, project, path=path or os.devnull, run_versions=bool(path))


def test_nothing_configured_means_nothing_found(dirs: tuple[Path, Path]) -> None:
    found = scan(*dirs)
    assert not any(a.configured for a in found.agents)
    assert found.to_json()["summary"]["agents_found"] == 0


def test_claude_code_wrapped_hook_is_governed_bare_one_fails_open(dirs: tuple[Path, Path]) -> None:
    home, project = dirs
    write(project / ".claude" / "settings.json", grouped("PreToolUse", WRAPPED))
    claude = agent(scan(home, project), "claude-code")
    assert (claude.hook_state, claude.governed, claude.govern_command) == ("governed", True, "")

    write(project / ".claude" / "settings.json", grouped("PreToolUse", BARE))
    claude = agent(scan(home, project), "claude-code")
    assert claude.hook_state == "not-fail-closed" and not claude.governed
    assert claude.govern_command.startswith("bastion install claude-code --scope project")
    assert any("fail-closed wrapper" in n for n in claude.notes)


def test_claude_code_disable_all_hooks_switches_it_off(dirs: tuple[Path, Path]) -> None:
    home, project = dirs
    write(project / ".claude" / "settings.json", grouped("PreToolUse", WRAPPED))
    write(project / ".claude" / "settings.local.json", {"disableAllHooks": True})
    claude = agent(scan(home, project), "claude-code")
    assert claude.hook_state == "disabled" and not claude.governed


def test_gemini_project_settings_that_silence_a_user_hook_are_reported(
    dirs: tuple[Path, Path],
) -> None:
    home, project = dirs
    settings = grouped("BeforeTool", "bastion-hook gemini-cli || exit 2")
    settings["mcpServers"] = {
        "db": {"command": "npx", "args": ["-y", "@example/db-mcp"]},
        "docs": {"httpUrl": "https://mcp.example.com/mcp"},
    }
    write(home / ".gemini" / "settings.json", settings)
    write(project / ".gemini" / "settings.json", {"hooksConfig": {"disabled": ["bastion"]}})
    gemini = agent(scan(home, project), "gemini-cli")
    assert gemini.configured and not gemini.installed
    assert gemini.hook_state == "disabled" and not gemini.governed
    assert any("hooksConfig.disabled" in n for n in gemini.notes)
    servers = {s.name: s for s in gemini.mcp_servers}
    assert servers["db"].transport == "stdio" and servers["db"].target == "npx -y @example/db-mcp"
    assert servers["docs"].transport == "http" and not servers["docs"].governed
    assert servers["db"].govern_command.startswith("bastion install mcp --agent gemini-cli")


def test_codex_hooks_without_recorded_trust_are_reported_as_off(dirs: tuple[Path, Path]) -> None:
    home, project = dirs
    ours = hook_command.build("/h/.bastion/bin/bastion-hook", ["--home", "/h/.bastion"], "codex")
    hooks = write(home / ".codex" / "hooks.json", grouped("PreToolUse", ours))
    config = '[mcp_servers.files]\ncommand = "npx"\nargs = ["-y", "@example/files"]\n'
    write(home / ".codex" / "config.toml", config)
    codex = agent(scan(home, project), "codex")
    assert codex.hook_state == "disabled"
    assert any("no trusted hash" in n for n in codex.notes)
    assert [s.name for s in codex.mcp_servers] == ["files"]

    trust = f'[hooks.state."{hooks}:pre_tool_use:0:0"]\ntrusted_hash = "sha256:00"\n'
    write(home / ".codex" / "config.toml", config + trust)
    codex = agent(scan(home, project), "codex")
    assert not any("no trusted hash" in n for n in codex.notes)
    # Wired, fail-closed and trusted, and this Bastion has a Codex sensor: governed.
    assert codex.supported and codex.hook_state == "governed"

    write(home / ".codex" / "config.toml", config + trust + "[features]\nhooks = false\n")
    assert agent(scan(home, project), "codex").hook_state == "disabled"


def test_copilot_cursor_windsurf_formats(dirs: tuple[Path, Path]) -> None:
    home, project = dirs
    write(
        project / ".github" / "hooks" / "audit.json",
        {"version": 1, "hooks": {"preToolUse": [{"type": "command", "bash": "./audit.sh"}]}},
    )
    write(
        home / ".cursor" / "mcp.json",
        {
            "mcpServers": {
                "proxied": {"command": "bastion", "args": ["mcp-proxy", "--", "npx", "srv"]},
                "raw": {"command": "npx", "args": ["srv"]},
            }
        },
    )
    ours = hook_command.build("/h/.bastion/bin/bastion-hook", ["--home", "/h/.bastion"], "windsurf")
    write(project / ".windsurf" / "hooks.json",
          {"hooks": {"pre_run_command": [{"command": ours}]}})  # fmt: skip
    found = scan(home, project)
    copilot = agent(found, "copilot")
    assert copilot.hook_state == "other-hooks" and copilot.hook_files[0].others == 1
    cursor = agent(found, "cursor")
    governed = {s.name: s.governed for s in cursor.mcp_servers}
    assert governed == {"proxied": True, "raw": False}
    windsurf = agent(found, "windsurf")
    assert windsurf.supported and windsurf.hook_state == "governed"


def test_unreadable_files_are_named_not_fatal(dirs: tuple[Path, Path]) -> None:
    home, project = dirs
    write(home / ".gemini" / "settings.json", "{ not json")
    write(home / ".codex" / "config.toml", "this = = toml")
    found = scan(home, project)
    assert any("not valid JSON" in n for n in agent(found, "gemini-cli").notes)
    assert any("not valid TOML" in n for n in agent(found, "codex").notes)


def test_versions_come_from_the_executables_on_the_path(dirs: tuple[Path, Path]) -> None:
    home, project = dirs
    bin_dir = home / "bin"
    script = write(bin_dir / "gemini", "#!/bin/sh\necho 0.61.0\n")
    script.chmod(0o755)
    gemini = agent(scan(home, project, path=str(bin_dir)), "gemini-cli")
    assert gemini.installed and gemini.version == "0.61.0" and gemini.executable == str(script)
    assert gemini.hook_state == "none" and gemini.govern_command.startswith("bastion install")


def test_command_line_prints_json_and_fails_while_something_is_ungoverned(
    dirs: tuple[Path, Path],
) -> None:
    home, project = dirs
    write(project / ".claude" / "settings.json", grouped("PreToolUse", WRAPPED))
    bastion = str(Path(sys.executable).with_name("bastion"))
    argv = [bastion, "inventory", "--json", "--no-versions",
            "--user-home", str(home), "--project-dir", str(project)]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    data = json.loads(done.stdout)
    assert done.returncode == 0, done.stderr
    assert data["summary"]["agents_governed"] == 1
    write(home / ".cursor" / "mcp.json", {"mcpServers": {"raw": {"command": "npx"}}})
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and json.loads(done.stdout)["summary"]["mcp_servers"] == 1
    table = subprocess.run(argv[:2] + argv[3:], capture_output=True, text=True, timeout=60)
    assert "cursor" in table.stdout and "MCP servers" in table.stdout
