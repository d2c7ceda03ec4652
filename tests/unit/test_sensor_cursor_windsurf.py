"""The Cursor and Windsurf sensors and installers, tested with payloads **built from each
vendor's hook documentation** (tests/data/agents/{cursor,windsurf}/, each file naming its
source). No client of theirs can be installed on a Linux CI machine, so this shows Bastion
reads and answers the documented shapes, not that a given Cursor or Windsurf build obeys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bastion.core.events import Decision, EventKind, Verdict
from bastion.core.tools import ToolKind
from bastion.errors import PayloadError
from bastion.hook import command as hc
from bastion.sensors import get_sensor
from bastion.sensors.cursor import install as install_cursor
from bastion.sensors.windsurf import install as install_windsurf

DATA = Path(__file__).resolve().parents[1] / "data" / "agents"
CURSOR, WINDSURF = get_sensor("cursor"), get_sensor("windsurf")


def fixture(agent: str, name: str) -> dict[str, Any]:
    data = json.loads((DATA / agent / f"{name}.json").read_text())
    assert data["source"].startswith("documentation:")
    return dict(data["payload"])


@pytest.mark.parametrize(
    ("name", "kind", "tool", "spec"),
    [
        ("beforeShellExecution", EventKind.ACTION, "Shell", ToolKind.SHELL),
        ("afterShellExecution", EventKind.OBSERVATION, "Shell", ToolKind.SHELL),
        ("beforeReadFile", EventKind.ACTION, "ReadFile", ToolKind.READ),
        ("afterFileEdit", EventKind.OBSERVATION, "FileEdit", ToolKind.EDIT),
        ("beforeMCPExecution", EventKind.ACTION, "MCP:query", ToolKind.MCP),
        ("afterMCPExecution", EventKind.OBSERVATION, "MCP:query", ToolKind.MCP),
        ("beforeSubmitPrompt", EventKind.PROMPT, None, None),
        ("stop", EventKind.STOP, None, None),
    ],
)
def test_cursor_events(name: str, kind: EventKind, tool: str | None, spec: ToolKind) -> None:
    event = CURSOR.to_event(fixture("cursor", name))
    assert (event.kind, event.tool, event.agent) == (kind, tool, "cursor")
    assert event.session_id == "c0ffee00-0000-4000-8000-000000000001"
    if tool is not None:
        assert CURSOR.tool_spec(tool).kind is spec


def test_cursor_pairs_before_and_after_and_decodes_mcp_input() -> None:
    before = CURSOR.to_event(fixture("cursor", "beforeShellExecution"))
    after = CURSOR.to_event(fixture("cursor", "afterShellExecution"))
    assert before.tool_input["command"] == "git status --short"
    assert before.tool_use_id == after.tool_use_id and after.tool_output == " M app.py\n"
    mcp = CURSOR.to_event(fixture("cursor", "beforeMCPExecution"))
    assert mcp.tool_input == {"sql": "select 1"}
    read = CURSOR.to_event(fixture("cursor", "beforeReadFile"))
    assert read.tool_input == {"file_path": "/home/dev/src/demo/README.md"}


def test_cursor_replies() -> None:
    shell = CURSOR.to_event(fixture("cursor", "beforeShellExecution"))
    body = json.loads(CURSOR.reply(shell, Verdict(Decision.DENY, reasons=["exfil"])).stdout)
    assert body["permission"] == "deny" and "exfil" in body["agent_message"]
    ask = json.loads(CURSOR.reply(shell, Verdict(Decision.ASK, reasons=["new host"])).stdout)
    assert ask["permission"] == "deny" and "bastion approvals" in ask["agent_message"]
    assert CURSOR.reply(shell, Verdict(Decision.ALLOW)).stdout == ""
    read = CURSOR.to_event(fixture("cursor", "beforeReadFile"))
    assert json.loads(CURSOR.reply(read, Verdict(Decision.DENY)).stdout) == {"permission": "deny"}
    prompt = CURSOR.to_event(fixture("cursor", "beforeSubmitPrompt"))
    body = json.loads(CURSOR.reply(prompt, Verdict(Decision.DENY, reasons=["x"])).stdout)
    assert body["continue"] is False


@pytest.mark.parametrize(
    ("name", "kind", "tool", "spec"),
    [
        ("pre_run_command", EventKind.ACTION, "run_command", ToolKind.SHELL),
        ("post_run_command", EventKind.OBSERVATION, "run_command", ToolKind.SHELL),
        ("pre_read_code", EventKind.ACTION, "read_code", ToolKind.READ),
        ("post_read_code", EventKind.OBSERVATION, "read_code", ToolKind.READ),
        ("pre_write_code", EventKind.ACTION, "write_code", ToolKind.EDIT),
        ("post_write_code", EventKind.OBSERVATION, "write_code", ToolKind.EDIT),
        ("pre_mcp_tool_use", EventKind.ACTION, "mcp:db:query", ToolKind.MCP),
        ("post_mcp_tool_use", EventKind.OBSERVATION, "mcp:db:query", ToolKind.MCP),
        ("pre_user_prompt", EventKind.PROMPT, None, None),
        ("post_cascade_response", EventKind.STOP, None, None),
    ],
)
def test_windsurf_events(name: str, kind: EventKind, tool: str | None, spec: ToolKind) -> None:
    event = WINDSURF.to_event(fixture("windsurf", name))
    assert (event.kind, event.tool, event.agent) == (kind, tool, "windsurf")
    assert event.session_id == "7a000000-0000-4000-8000-000000000003"
    if tool is not None:
        assert WINDSURF.tool_spec(tool).kind is spec
        assert event.tool_use_id == "e0000000-0000-4000-8000-000000000004"


def test_windsurf_inputs_and_the_exit_2_deny() -> None:
    run = WINDSURF.to_event(fixture("windsurf", "pre_run_command"))
    assert run.tool_input["command"] == "git status --short"
    write = WINDSURF.to_event(fixture("windsurf", "pre_write_code"))
    assert write.tool_input["edits"][0]["new_string"] == "'hi'"
    mcp = WINDSURF.tool_spec("mcp:db:query")
    assert (mcp.server, mcp.operation) == ("db", "query")
    out = WINDSURF.reply(run, Verdict(Decision.DENY, reasons=["exfil"]))
    assert out.exit_code == 2 and out.stderr.startswith("Bastion blocked: exfil")
    assert WINDSURF.reply(run, Verdict(Decision.ASK, reasons=["x"])).exit_code == 2
    assert WINDSURF.reply(run, Verdict(Decision.ALLOW)).exit_code == 0
    post = WINDSURF.to_event(fixture("windsurf", "post_run_command"))
    assert WINDSURF.reply(post, Verdict(Decision.DENY)).exit_code == 0  # after: nothing to stop


@pytest.mark.parametrize("bad", [{}, {"agent_action_name": "pre_run_command"}, []])
def test_windsurf_refuses_payloads_without_a_trajectory(bad: Any) -> None:
    with pytest.raises(PayloadError):
        WINDSURF.to_event(bad)


@pytest.mark.parametrize("bad", [{}, {"hook_event_name": "stop"}, "x"])
def test_cursor_refuses_payloads_without_a_conversation(bad: Any) -> None:
    with pytest.raises(PayloadError):
        CURSOR.to_event(bad)


@pytest.mark.parametrize("module", [install_cursor, install_windsurf])
def test_installers_merge_once_keep_others_and_reverse(module: Any, tmp_path: Path) -> None:
    command = hc.build("/h/.bastion/bin/bastion-hook", ["--home", "/h/.bastion"],
                       agent=module.AGENT)  # fmt: skip
    theirs = {"command": "./audit.sh"}
    data = {"version": 1, "hooks": {module.EVENTS[0]: [theirs]}, "x": 1}
    merged = module.merge(data, command)
    assert merged["hooks"][module.EVENTS[0]][0] == theirs and merged["x"] == 1
    for event in module.EVENTS:
        ours = [h for h in merged["hooks"][event] if "bastion-hook" in h["command"]]
        assert len(ours) == 1 and ours[0]["command"] == command
    assert module.merge(merged, command) == merged
    assert module.remove(merged) == data
    path = module.hooks_path("project", tmp_path)
    assert module.install(path, None)[0] and not module.install(path, None)[0]
    assert module.uninstall(path)[0] and not path.exists()


def test_cursor_hooks_fail_closed() -> None:
    merged = install_cursor.merge({}, "bastion-hook cursor")
    handler = merged["hooks"]["beforeShellExecution"][0]
    assert handler["failClosed"] is True and handler["timeout"] > 30
    assert merged["version"] == 1
