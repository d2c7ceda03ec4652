"""The sensor registry, the agent-neutral tool kinds and the typed session state (#14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bastion import hook
from bastion.core.state import Mode, SessionState, StateUpdate, UpdateOp
from bastion.core.tools import ToolKind
from bastion.errors import PayloadError
from bastion.sensors import registry, tool_spec
from bastion.sensors.claude_code import SENSOR
from bastion.sensors.wire import UnreadablePayload, read_payload

ROOT = Path(__file__).resolve().parents[2]


def test_agents_are_listed_once_and_aliases_resolve() -> None:
    assert registry.get_sensor("claude") is registry.get_sensor("claude-code")
    assert registry.get_sensor("claude-code").name == "claude-code"
    with pytest.raises(PayloadError, match="supported: claude-code"):
        registry.get_sensor("no-such-agent")
    # The hook clients keep no list (the daemon asks the registry); only the default agent.
    assert hook.DEFAULT_AGENT == registry.DEFAULT_AGENT


def test_the_hook_clients_name_no_agent_but_the_default() -> None:
    """The agent list lives in the registry alone: neither hook client's source spells another
    agent's name, and the native client gets the default from the registry when it is built."""
    sources = {
        "hook/__init__.py": (ROOT / "src/bastion/hook/__init__.py").read_text(),
        "hook/native/bastion_hook.c": (ROOT / "src/bastion/hook/native/bastion_hook.c").read_text(),
    }
    for name, text in sources.items():
        for agent in registry.AGENTS:
            if agent != registry.DEFAULT_AGENT or name.endswith(".c"):
                assert agent not in text, f"{name} names {agent}: ask the registry instead"
    from bastion.hook import native_build

    assert f'-DBASTION_DEFAULT_AGENT="{registry.DEFAULT_AGENT}"' in native_build._defines()


@pytest.mark.parametrize(
    ("tool", "kind", "category"),
    [
        ("Bash", ToolKind.SHELL, "execute"),
        ("Read", ToolKind.READ, "read"),
        ("Grep", ToolKind.SEARCH, "read"),
        ("Glob", ToolKind.SEARCH, "read"),
        ("Write", ToolKind.WRITE, "write"),
        ("MultiEdit", ToolKind.EDIT, "write"),
        ("WebFetch", ToolKind.FETCH, "fetch"),
        ("WebSearch", ToolKind.FETCH, "fetch"),
        ("Task", ToolKind.SUBAGENT, "delegate"),
        ("mcp__bank__send_money", ToolKind.MCP, "mcp"),
        ("TodoWrite", ToolKind.OTHER, "other"),
        ("SomethingNew", ToolKind.OTHER, "other"),
    ],
)
def test_claude_code_tools_map_to_neutral_kinds(tool: str, kind: ToolKind, category: str) -> None:
    spec = tool_spec(tool, "claude-code")
    assert spec.kind is kind
    assert spec.category == category


def test_tool_specs_carry_what_the_name_used_to_tell() -> None:
    mcp = tool_spec("mcp__bank__send_money")
    assert (mcp.server, mcp.operation) == ("bank", "send_money")
    assert tool_spec("Glob").names_only and not tool_spec("Grep").names_only
    assert tool_spec("NotebookEdit").path_key == "notebook_path"
    assert tool_spec("Bash").command_key == "command"
    assert SENSOR.agent_home("/home/dev/.claude/projects/x/s.jsonl") == "/home/dev"
    assert SENSOR.agent_home("/tmp/transcript.jsonl") == ""


def test_unreadable_payloads_are_typed_refusals() -> None:
    with pytest.raises(UnreadablePayload, match="empty hook payload"):
        read_payload(SENSOR, b"  ")
    with pytest.raises(UnreadablePayload) as caught:
        read_payload(SENSOR, b"{not json")
    assert "not valid JSON" in caught.value.recorded
    with pytest.raises(UnreadablePayload) as caught:
        read_payload(SENSOR, b'{"session_id": "s"}')
    assert caught.value.recorded == "hook payload has no hook_event_name"
    assert caught.value.told.endswith("; denied to be safe")
    event = read_payload(SENSOR, b'{"session_id": "s", "hook_event_name": "Stop"}')
    assert event.session_id == "s"


def test_modes_and_update_ops_are_enums_that_save_as_words() -> None:
    state = SessionState("s")
    assert state.mode is Mode.NORMAL
    assert state.apply(StateUpdate(UpdateOp.TAINT, "/w/f", "credential"))
    legacy = StateUpdate("host-seen", "example.test")  # type: ignore[arg-type]
    assert legacy.op is UpdateOp.HOST_SEEN and state.apply(legacy)
    with pytest.raises(ValueError):
        StateUpdate("rename-file", "x")  # type: ignore[arg-type]
    state.mode = Mode.KILLED
    saved = state.to_dict()
    assert saved["mode"] == "killed" and saved["hosts_seen"] == ["example.test"]
    assert SessionState.from_dict(saved).mode is Mode.KILLED
    assert SessionState.from_dict({**saved, "mode": "bogus"}).mode is Mode.NORMAL


def test_otel_tool_type_comes_from_the_recording_agents_sensor() -> None:
    from bastion.export.otel import _is_mcp

    agent = {"gen_ai.agent.name": "claude-code"}
    assert _is_mcp(SENSOR.mcp_tool("github", "create_issue"), agent)
    assert not _is_mcp(SENSOR.shell_tool, agent)
    assert _is_mcp(SENSOR.mcp_tool("fs", "read"), {})  # unknown agent: the default's sensor
