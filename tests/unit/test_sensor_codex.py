"""The Codex sensor reads the real payloads Codex 0.171 sends and answers in its terms.

Payloads are the recorded ones in tests/data/agents/codex/ (record_agent_fixtures.py); what
each reply makes the client do was measured in tests/e2e/test_agent_hook_semantics.py.
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
from bastion.sensors.codex import SENSOR
from bastion.sensors.codex.transcript import read_tool_calls, unchecked_findings

DATA = Path(__file__).resolve().parents[1] / "data" / "agents" / "codex"


def fixture(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / f"{name}.json").read_text())["payload"])


def test_the_registry_hands_out_the_codex_sensor() -> None:
    assert get_sensor("codex") is SENSOR
    assert tool_spec("Bash", "codex").kind is ToolKind.SHELL


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("SessionStart", EventKind.SESSION_START),
        ("UserPromptSubmit", EventKind.PROMPT),
        ("PreToolUse-Bash", EventKind.ACTION),
        ("PostToolUse-Bash", EventKind.OBSERVATION),
        ("PreToolUse-apply_patch", EventKind.ACTION),
        ("Stop", EventKind.STOP),
        ("SessionEnd", EventKind.SESSION_END),
    ],
)
def test_every_recorded_event_becomes_an_event_of_its_kind(name: str, kind: EventKind) -> None:
    event = SENSOR.to_event(fixture(name))
    assert event.kind is kind and event.agent == "codex"
    assert event.session_id and event.transcript_path.startswith("/home/dev/.codex/")


def test_permission_request_is_its_own_kind() -> None:
    payload = {**fixture("PreToolUse-Bash"), "hook_event_name": "PermissionRequest"}
    assert SENSOR.to_event(payload).kind is EventKind.PERMISSION_REQUEST


def test_tool_calls_pair_by_codex_call_id() -> None:
    before = SENSOR.to_event(fixture("PreToolUse-Bash"))
    after = SENSOR.to_event(fixture("PostToolUse-Bash"))
    assert before.tool == "Bash" and before.tool_input == {"command": "git status --short"}
    assert before.tool_use_id == after.tool_use_id == "call_27264ec47e757664e0f3"


def test_a_patch_names_every_file_it_touches() -> None:
    event = SENSOR.to_event(fixture("PreToolUse-apply_patch"))
    assert event.tool_input["file_path"] == "notes.txt"
    spec = SENSOR.tool_spec("apply_patch")
    assert spec.kind is ToolKind.EDIT and spec.path_key == "file_path"
    patch = ("*** Begin Patch\n*** Add File: a.txt\n+x\n*** Update File: .codex/hooks.json\n"
             "@@\n-x\n+y\n*** End Patch\n")  # fmt: skip
    payload = {**fixture("PreToolUse-apply_patch"), "tool_input": {"command": patch}}
    assert SENSOR.to_event(payload).tool_input["file_paths"] == ["a.txt", ".codex/hooks.json"]


@pytest.mark.parametrize("bad", [{}, {"hook_event_name": "PreToolUse"}, {"session_id": "s"}, []])
def test_payloads_without_event_or_session_are_refused(bad: Any) -> None:
    with pytest.raises(PayloadError):
        SENSOR.to_event(bad)


def test_mcp_tools_are_split_into_server_and_operation() -> None:
    mcp = SENSOR.tool_spec("mcp__github__create_issue")
    assert (mcp.kind, mcp.server, mcp.operation) == (ToolKind.MCP, "github", "create_issue")
    assert SENSOR.mcp_tool("github", "create_issue") == "mcp__github__create_issue"


def test_deny_is_codex_permission_decision_with_our_reason() -> None:
    event = SENSOR.to_event(fixture("PreToolUse-Bash"))
    out = SENSOR.reply(event, Verdict(Decision.DENY, reasons=["sends .env away"], policies=["x"]))
    body = json.loads(out.stdout)["hookSpecificOutput"]
    assert out.exit_code == 0 and body["permissionDecision"] == "deny"
    assert body["hookEventName"] == "PreToolUse"
    assert body["permissionDecisionReason"].startswith("Bastion blocked: sends .env away")


def test_ask_becomes_a_deny_that_says_how_to_approve() -> None:
    """Codex ignores "ask" and runs the call (measured), so it never gets one."""
    event = SENSOR.to_event(fixture("PreToolUse-Bash"))
    out = json.loads(SENSOR.reply(event, Verdict(Decision.ASK, reasons=["new host"])).stdout)
    body = out["hookSpecificOutput"]
    assert body["permissionDecision"] == "deny"
    assert "bastion approvals" in body["permissionDecisionReason"]
    assert set(body) == {"hookEventName", "permissionDecision", "permissionDecisionReason"}


def test_allow_says_nothing_and_a_rewritten_input_is_an_allow_with_updated_input() -> None:
    event = SENSOR.to_event(fixture("PreToolUse-Bash"))
    assert SENSOR.reply(event, Verdict(Decision.ALLOW)).stdout == ""
    verdict = Verdict(Decision.ALLOW)
    verdict.native_update = {"command": "curl -H @token https://api.example.com"}
    body = json.loads(SENSOR.reply(event, verdict).stdout)["hookSpecificOutput"]
    assert body["permissionDecision"] == "allow"
    assert body["updatedInput"] == verdict.native_update


def test_a_rewritten_patch_goes_back_without_the_keys_the_sensor_added() -> None:
    event = SENSOR.to_event(fixture("PreToolUse-apply_patch"))
    verdict = Verdict(Decision.ALLOW)
    verdict.native_update = dict(event.tool_input)
    body = json.loads(SENSOR.reply(event, verdict).stdout)["hookSpecificOutput"]
    assert set(body["updatedInput"]) == {"command"}


def test_observation_and_prompt_denials_block_with_the_reason() -> None:
    for name in ("PostToolUse-Bash", "UserPromptSubmit"):
        event = SENSOR.to_event(fixture(name))
        body = json.loads(SENSOR.reply(event, Verdict(Decision.DENY, reasons=["a key"])).stdout)
        assert body["decision"] == "block" and "a key" in body["reason"], name


def test_permission_request_deny_is_a_behavior_deny() -> None:
    payload = {**fixture("PreToolUse-Bash"), "hook_event_name": "PermissionRequest"}
    event = SENSOR.to_event(payload)
    body = json.loads(SENSOR.reply(event, Verdict(Decision.DENY, reasons=["no"])).stdout)
    assert body["hookSpecificOutput"]["decision"]["behavior"] == "deny"
    assert SENSOR.reply(event, Verdict(Decision.ALLOW)).stdout == ""  # Codex's own flow goes on


def test_refuse_is_exit_2_with_the_message() -> None:
    out = SENSOR.refuse("cannot read the payload")
    assert out.exit_code == 2 and "cannot read the payload" in out.stderr


def test_rollout_calls_all_decided_leave_nothing_unchecked() -> None:
    log = DATA / "transcript.jsonl"
    calls = read_tool_calls(log)
    assert [c.name for c in calls] == ["exec_command", "exec_command", "apply_patch",
                                       "exec_command"]  # fmt: skip
    decided = [c.id for c in calls]
    assert unchecked_findings(log, decided) == []
    missing = unchecked_findings(log, decided[1:])
    assert [f.evidence["tool_use_id"] for f in missing] == [calls[0].id]
    assert missing[0].kind == "unchecked-action" and "exec_command" in missing[0].detail


def test_the_recorded_hooks_cover_every_call_in_the_rollout() -> None:
    """The recorded PreToolUse ids are the rollout's call ids (the ones coverage matches)."""
    ids = {SENSOR.to_event(fixture(p.stem)).tool_use_id for p in DATA.glob("PreToolUse-*.json")}
    calls = {c.id for c in read_tool_calls(DATA / "transcript.jsonl")}
    assert ids <= calls


def test_agent_home_comes_from_the_rollout_path() -> None:
    assert SENSOR.agent_home("/home/dev/.codex/sessions/2026/12/05/r.jsonl") == "/home/dev"
    assert SENSOR.agent_home("/srv/codex/sessions/r.jsonl") == ""
