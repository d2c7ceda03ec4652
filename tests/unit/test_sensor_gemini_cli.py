"""The Gemini CLI sensor reads the real payloads Gemini CLI 0.61 sends and answers in its terms.

Payloads are the recorded ones in tests/data/agents/gemini-cli/ (record_agent_fixtures.py);
what each reply makes the client do was measured in tests/e2e/test_agent_hook_semantics.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bastion.core.events import Decision, EventKind, Verdict
from bastion.core.tools import ToolKind
from bastion.errors import PayloadError
from bastion.sensors import get_sensor, tool_spec
from bastion.sensors.gemini_cli import SENSOR
from bastion.sensors.gemini_cli.transcript import read_tool_calls, unchecked_findings

DATA = Path(__file__).resolve().parents[1] / "data" / "agents" / "gemini-cli"


def fixture(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / f"{name}.json").read_text())["payload"])


def test_the_registry_hands_out_the_gemini_sensor() -> None:
    assert get_sensor("gemini-cli") is SENSOR
    assert tool_spec("run_shell_command", "gemini-cli").kind is ToolKind.SHELL


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("SessionStart", EventKind.SESSION_START),
        ("BeforeAgent", EventKind.PROMPT),
        ("BeforeTool-run_shell_command", EventKind.ACTION),
        ("AfterTool-run_shell_command", EventKind.OBSERVATION),
        ("AfterAgent", EventKind.STOP),
        ("SessionEnd", EventKind.SESSION_END),
        ("BeforeModel", EventKind.OTHER),
    ],
)
def test_every_recorded_event_becomes_an_event_of_its_kind(name: str, kind: EventKind) -> None:
    event = SENSOR.to_event(fixture(name))
    assert event.kind is kind and event.agent == "gemini-cli"
    assert event.session_id and event.transcript_path.startswith("/home/dev/.gemini/")


def test_tool_calls_keep_input_output_and_pair_before_with_after() -> None:
    before = SENSOR.to_event(fixture("BeforeTool-run_shell_command"))
    after = SENSOR.to_event(fixture("AfterTool-run_shell_command"))
    assert before.tool == "run_shell_command"
    assert before.tool_input["command"] == "git status --short"
    assert isinstance(after.tool_output, dict) and "llmContent" in after.tool_output
    assert before.tool_use_id and before.tool_use_id == after.tool_use_id
    other = SENSOR.to_event(fixture("BeforeTool-read_file"))
    assert other.tool_use_id != before.tool_use_id


@pytest.mark.parametrize("bad", [{}, {"hook_event_name": "BeforeTool"}, {"session_id": "s"}])
def test_payloads_without_event_or_session_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(PayloadError):
        SENSOR.to_event(bad)


def test_every_recorded_tool_has_a_kind() -> None:
    tools = {fixture(p.stem)["tool_name"] for p in DATA.glob("BeforeTool-*.json")}
    kinds = {t: SENSOR.tool_spec(t).kind for t in tools}
    assert ToolKind.OTHER not in kinds.values(), kinds
    assert SENSOR.tool_spec("replace").path_key == "file_path"
    mcp = SENSOR.tool_spec("mcp_github_create_issue")
    assert (mcp.kind, mcp.server, mcp.operation) == (ToolKind.MCP, "github", "create_issue")


def test_deny_is_gemini_decision_deny_with_our_reason() -> None:
    event = SENSOR.to_event(fixture("BeforeTool-run_shell_command"))
    verdict = Verdict(Decision.DENY, reasons=["sends .env to an unknown host"], policies=["x"])
    out = SENSOR.reply(event, verdict)
    body = json.loads(out.stdout)
    assert out.exit_code == 0 and body["decision"] == "deny"
    assert body["reason"].startswith("Bastion")
    assert "sends .env to an unknown host" in body["reason"]


def test_ask_becomes_a_deny_that_says_how_to_approve() -> None:
    """Gemini CLI hangs headless on "ask" (measured), so it never gets one."""
    event = SENSOR.to_event(fixture("BeforeTool-run_shell_command"))
    body = json.loads(SENSOR.reply(event, Verdict(Decision.ASK, reasons=["new host"])).stdout)
    assert body["decision"] == "deny" and "bastion approvals" in body["reason"]
    assert set(body) == {"decision", "reason"}  # nothing Gemini could read as an "ask"


def test_allow_says_nothing_and_a_brokered_input_is_merged() -> None:
    event = SENSOR.to_event(fixture("BeforeTool-run_shell_command"))
    assert SENSOR.reply(event, Verdict(Decision.ALLOW)).stdout == ""
    verdict = Verdict(Decision.ALLOW)
    verdict.native_update = {"command": "curl -H @token https://api.example.com"}
    body = json.loads(SENSOR.reply(event, verdict).stdout)
    assert body == {"hookSpecificOutput": {"tool_input": verdict.native_update}}


def test_an_observation_deny_replaces_the_result() -> None:
    event = SENSOR.to_event(fixture("AfterTool-read_file"))
    body = json.loads(SENSOR.reply(event, Verdict(Decision.DENY, reasons=["a secret"])).stdout)
    assert body["decision"] == "deny" and "a secret" in body["reason"]


def test_refuse_is_exit_2_with_the_message() -> None:
    out = SENSOR.refuse("cannot read the payload")
    assert out.exit_code == 2 and "cannot read the payload" in out.stderr


def test_chat_log_calls_all_decided_leave_nothing_unchecked(tmp_path: Path) -> None:
    log = DATA / "transcript.jsonl"
    calls = read_tool_calls(log)
    assert [c.name for c in calls][:2] == ["run_shell_command", "read_file"]
    decided = [
        SENSOR.to_event(fixture(p.stem)).tool_use_id or ""
        for p in sorted(DATA.glob("BeforeTool-*.json"))
    ]
    # Each recorded fixture is one call; the session ran run_shell_command twice.
    second_shell = next(c for c in calls[1:] if c.name == "run_shell_command")
    assert unchecked_findings(log, [*decided, second_shell.key]) == []
    missing = unchecked_findings(log, decided)
    assert [f.evidence["tool"] for f in missing] == ["run_shell_command"]
    assert missing[0].kind == "unchecked-action"


def test_agent_home_comes_from_the_chat_log_path() -> None:
    assert SENSOR.agent_home("/home/dev/.gemini/tmp/demo/chats/s.jsonl") == "/home/dev"
    assert SENSOR.agent_home("") == ""
