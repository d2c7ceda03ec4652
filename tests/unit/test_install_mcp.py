"""`bastion install mcp --agent A`: every stdio MCP server routed through the gateway,
idempotent, and `uninstall` puts each entry back exactly (files in a temporary home)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from bastion.cli import install_mcp as im
from bastion.inventory.scan import read_mcp_servers

CODEX = """# my codex config
model = "o4"

[mcp_servers.docs]
command = "uvx"   # keep this comment
args = ["docs-mcp", "--port", "0"]
env = { TOKEN_FILE = "/run/t" }

[mcp_servers.web]
url = "https://mcp.example.org/mcp"
"""


def _claude(project: Path, user: Path) -> None:
    (project / ".mcp.json").write_text(json.dumps({"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "srv-fs", "."], "env": {"A": "1"}},
        "remote": {"type": "http", "url": "https://mcp.example.com/mcp"},
    }}))  # fmt: skip
    (user / ".claude.json").write_text(json.dumps({"theme": "dark", "projects": {
        str(project): {"mcpServers": {"db": {"command": "db-mcp"}}}}}))  # fmt: skip


@pytest.mark.parametrize("agent", ["claude-code", "gemini-cli", "codex"])
def test_routes_every_stdio_server_and_restores_it_exactly(tmp_path: Path, agent: str) -> None:
    project, user, home = tmp_path / "p", tmp_path / "u", tmp_path / "h"
    for d in (project, user, home):
        d.mkdir()
    if agent == "claude-code":
        _claude(project, user)
    elif agent == "gemini-cli":
        (project / ".gemini").mkdir()
        servers = {"files": {"command": "fs", "args": []}, "web": {"httpUrl": "https://x.example"}}
        settings = {"hooks": {"BeforeTool": []}, "mcpServers": servers}
        (project / ".gemini" / "settings.json").write_text(json.dumps(settings))
    else:
        (user / ".codex").mkdir()
        (user / ".codex" / "config.toml").write_text(CODEX)
    paths = [p for p in im.files(agent, project, user) if p.exists()]
    before = {p: p.read_text() for p in paths}

    first = im.install(agent, project, user, home)
    routed = sorted(n for c in first for n in c.routed)
    assert routed == {"claude-code": ["db", "files"], "gemini-cli": ["files"],
                      "codex": ["docs"]}[agent]  # fmt: skip
    assert any(c.http for c in first)  # HTTP servers are reported, never rewritten
    for path in paths:
        for server in read_mcp_servers(agent, path, project):
            assert server.governed == (server.transport == "stdio")
            if not server.governed:
                assert "--http" in server.govern_command
    if agent == "codex":
        text = paths[0].read_text()
        assert "# keep this comment" in text and "# my codex config" in text
        entry = tomllib.loads(text)["mcp_servers"]["docs"]
        assert entry["args"][-4:] == ["uvx", "docs-mcp", "--port", "0"]
        assert entry["env"] == {"TOKEN_FILE": "/run/t"}
    once = {p: p.read_text() for p in paths}
    assert not any(c.routed for c in im.install(agent, project, user, home))  # idempotent
    assert {p: p.read_text() for p in paths} == once

    restored = im.uninstall(agent, project, user, home)
    assert sorted(n for c in restored for n in c.restored) == routed
    for path in paths:
        if path.suffix == ".toml":
            assert path.read_text() == before[path]  # byte for byte
        else:
            assert json.loads(path.read_text()) == json.loads(before[path])


def test_the_agent_cannot_take_a_project_server_out_of_the_gateway(tmp_path: Path) -> None:
    from bastion.guard_paths import GuardPaths

    user = tmp_path / "u"
    workspace = user / "app"
    (workspace / ".git").mkdir(parents=True)
    (user / ".bastion").mkdir()
    guard = GuardPaths.for_home(user / ".bastion", user_home=str(user))
    where = {"cwd": str(workspace), "user_home": str(user)}
    assert guard.classify(".mcp.json", **where)[0] == "settings"
    assert guard.classify("~/.codex/config.toml", **where)[0] == "settings"
    assert guard.classify("docs/mcp.json", **where)[0] == ""
