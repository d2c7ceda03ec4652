"""The real Gemini CLI calls an MCP server through the gateway, and the gateway's events join
Gemini's own hook session (daemon/session_join: the kernel's peer pids and ``/proc``).

The workspace lists one stdio MCP server (the `mcp` SDK's demo server); `bastion install
gemini-cli` wires the hooks and `bastion install mcp --agent gemini-cli` routes the server
through `bastion mcp-proxy`; a headless ``gemini -p`` on the scripted Gemini API calls the
server's ``add`` tool (Gemini names it ``mcp_calc_add``). The call runs, and the gateway's
``ToolCall`` and ``ToolResult`` are recorded in the session Gemini's hooks opened.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from agent_clients import CLIENTS, run_gemini, tool_output
from bastion_cli import BastionCLI
from claude_client import make_workspace
from models.script import ToolCall

pytestmark = pytest.mark.e2e

SERVER = Path(__file__).resolve().parents[1] / "unit" / "mcp_servers" / "demo_server.py"
VENV_FIRST_PATH = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])


def test_gemini_mcp_call_through_the_gateway_joins_geminis_session(
    bastion: BastionCLI, tmp_path: Path
) -> None:
    gemini = CLIENTS["gemini-cli"].require()
    ws = make_workspace(tmp_path / "demo", {"README.md": "# demo\n"})
    settings = ws / ".gemini" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    servers = {"calc": {"command": sys.executable, "args": [str(SERVER)]}}
    settings.write_text(json.dumps({"mcpServers": servers}))
    bastion.check("install", "gemini-cli", "--scope", "project", "--project-dir", str(ws))
    bastion.check("install", "mcp", "--agent", "gemini-cli", "--project-dir", str(ws))
    routed = json.loads(settings.read_text())["mcpServers"]["calc"]
    assert "mcp-proxy" in routed["args"], routed

    add = ToolCall("mcp_calc_add", {"a": 2, "b": 3})
    result = run_gemini(gemini, "Add 2 and 3 with the calc server.", [[add], "It is 5."],
                        ws=ws, home=tmp_path / "home",
                        extra_env={"PATH": VENV_FIRST_PATH})  # fmt: skip
    assert result.returncode == 0, result.describe()
    assert "5" in tool_output(result, add), result.describe()

    sid = str(json.loads(result.stdout)["session_id"])
    events = [e["event"] for e in bastion.show(sid)["events"]]
    agents = {e.get("agent") for e in events}
    assert "gemini-cli" in agents, agents  # Gemini's own hooks opened this session
    gateway = [(e.get("native_name"), e.get("tool")) for e in events
               if e.get("agent") == "mcp-gateway"]  # fmt: skip
    assert ("ToolCall", "mcp__calc__add") in gateway, (gateway, result.describe())
    assert ("ToolResult", "mcp__calc__add") in gateway, gateway
    # Gemini's BeforeTool hook saw the same call: both records are in one session now.
    before_tool = [e for e in events if e.get("native_name") == "BeforeTool"]
    native = [e.get("tool") for e in before_tool if e.get("agent") == "gemini-cli"]
    assert "mcp_calc_add" in native, native
