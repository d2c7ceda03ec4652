"""The real Codex CLI calls an MCP server through the gateway, and the gateway's events join
Codex's own hook session (daemon/session_join: the kernel's peer pids and ``/proc``).

``$CODEX_HOME/config.toml`` lists one stdio MCP server (the `mcp` SDK's demo server);
`bastion install codex` wires (and trusts) the hooks and `bastion install mcp --agent codex`
routes the server through `bastion mcp-proxy`; a headless ``codex exec`` on the scripted
Responses API calls the server's ``add`` tool. Codex 0.171 starts MCP servers in the
background and hides their tools behind its client-run ``tool_search``: the server is
marked ``required`` (Codex then waits for it before the first turn), the model searches
first and calls ``add`` in the ``mcp__calc`` namespace the search loaded (Codex's hooks
name it ``mcp__calc__add``). The call runs, and the gateway's ``ToolCall`` and
``ToolResult`` are recorded in the session Codex's hooks opened, next to Codex's own
PreToolUse of the same call.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from pathlib import Path

import pytest
from agent_clients import CLIENTS, run_codex, tool_output
from bastion_cli import BastionCLI
from claude_client import make_workspace
from models.script import ToolCall

pytestmark = pytest.mark.e2e

SERVER = Path(__file__).resolve().parents[1] / "unit" / "mcp_servers" / "demo_server.py"
VENV_FIRST_PATH = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])


def test_codex_mcp_call_through_the_gateway_joins_codexs_session(
    bastion: BastionCLI, tmp_path: Path
) -> None:
    codex = CLIENTS["codex"].require()
    ws = make_workspace(tmp_path / "demo", {"README.md": "# demo\n"})
    home = tmp_path / "home"
    codex_home = home / ".codex"
    codex_home.mkdir(parents=True)
    env = {"HOME": str(home), "CODEX_HOME": str(codex_home)}
    config = codex_home / "config.toml"
    config.write_text(
        f"[mcp_servers.calc]\ncommand = {json.dumps(sys.executable)}\n"
        f"args = [{json.dumps(str(SERVER))}]\n"
        "required = true\n"  # wait for it: otherwise the first turn may come before it
        "startup_timeout_sec = 30\n"
    )
    bastion.check("install", "codex", "--scope", "user", "--project-dir", str(ws),
                  "--codex-bin", codex, env=env)  # fmt: skip
    bastion.check("install", "mcp", "--agent", "codex", "--project-dir", str(ws), env=env)
    routed = tomllib.loads(config.read_text())["mcp_servers"]["calc"]
    assert "mcp-proxy" in routed["args"], routed

    search = ToolCall("tool_search", {"query": "calc add", "limit": 8})
    add = ToolCall("mcp__calc/add", {"a": 2, "b": 3})  # the namespace the search loaded
    script = [[search], [add], "It is 5."]
    result = run_codex(codex, "Add 2 and 3 with the calc server.", script,
                       ws=ws, home=home, trust_hooks="none",
                       extra_env={"PATH": VENV_FIRST_PATH})  # fmt: skip
    assert result.returncode == 0, result.describe()
    assert "5" in tool_output(result, add), result.describe()

    [sid] = [s["id"] for s in bastion.sessions()
             if s.get("agent") == "codex" and s.get("cwd") == str(ws)]  # fmt: skip
    events = [e["event"] for e in bastion.show(sid)["events"]]
    gateway = [(e.get("native_name"), e.get("tool")) for e in events
               if e.get("agent") == "mcp-gateway"]  # fmt: skip
    assert ("ToolCall", "mcp__calc__add") in gateway, (gateway, result.describe())
    assert ("ToolResult", "mcp__calc__add") in gateway, gateway
    # Codex's PreToolUse hook saw the same call: both records are in one session now.
    native = [e.get("tool") for e in events
              if e.get("agent") == "codex" and e.get("native_name") == "PreToolUse"]  # fmt: skip
    assert "mcp__calc__add" in native, native
