"""The Claude Code sensor against real 2.1.329 payloads and every reply shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bastion.errors import PayloadError
from bastion.events import Decision, EventKind, Finding, Severity, Verdict
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claude_code"
sensor = CLAUDE_CODE


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*.json") if p.name != "hook-environment.json")


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_every_real_payload_becomes_an_event_keeping_every_field(path: Path) -> None:
    payload = json.loads(path.read_text())
    event = sensor.to_event(payload)
    assert event.session_id == payload["session_id"]
    assert event.native_name == payload["hook_event_name"]
    assert event.raw == payload  # unknown fields are kept, not dropped
    if "tool_name" in payload:
        assert event.tool == payload["tool_name"]
        assert event.tool_input == payload["tool_input"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("SessionStart", EventKind.SESSION_START),
        ("UserPromptSubmit", EventKind.PROMPT),
        ("PreToolUse-Bash", EventKind.ACTION),
        ("PermissionRequest-WebFetch", EventKind.PERMISSION_REQUEST),
        ("PostToolUse-Bash", EventKind.OBSERVATION),
        ("PostToolUseFailure-Bash", EventKind.OBSERVATION),
        ("Stop", EventKind.STOP),
        ("SubagentStop", EventKind.STOP),
        ("SessionEnd", EventKind.SESSION_END),
        ("PreCompact", EventKind.OTHER),
    ],
)
def test_event_kinds(name: str, kind: EventKind) -> None:
    payload = json.loads((FIXTURES / f"{name}.json").read_text())
    assert sensor.to_event(payload).kind is kind


def test_failure_carries_the_error() -> None:
    payload = json.loads((FIXTURES / "PostToolUseFailure-Bash.json").read_text())
    event = sensor.to_event(payload)
    assert event.error


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "text",
        {"session_id": "s"},
        {"hook_event_name": "PreToolUse"},
        {"hook_event_name": 3, "session_id": "s"},
    ],
)
def test_malformed_payloads_raise_a_typed_error(payload: object) -> None:
    with pytest.raises(PayloadError):
        sensor.to_event(payload)  # type: ignore[arg-type]


def _event(name: str):  # type: ignore[no-untyped-def]
    return sensor.to_event(json.loads((FIXTURES / f"{name}.json").read_text()))


def test_pre_tool_use_deny_and_ask_replies() -> None:
    event = _event("PreToolUse-Bash")
    deny = Verdict(Decision.DENY, reasons=["sends data out"], policies=["exfil.x"])
    reply = json.loads(sensor.reply(event, deny).stdout)
    out = reply["hookSpecificOutput"]
    assert out["hookEventName"] == "PreToolUse"
    assert out["permissionDecision"] == "deny"
    assert "sends data out" in out["permissionDecisionReason"]
    assert "exfil.x" in out["permissionDecisionReason"]
    ask = json.loads(sensor.reply(event, Verdict(Decision.ASK, reasons=["r"])).stdout)
    assert ask["hookSpecificOutput"]["permissionDecision"] == "ask"


def test_allow_leaves_claude_codes_own_permissions_in_force() -> None:
    reply = sensor.reply(_event("PreToolUse-Bash"), Verdict(Decision.ALLOW))
    assert reply.stdout == "" and reply.exit_code == 0


def test_post_tool_use_block_and_context() -> None:
    event = _event("PostToolUse-Bash")
    verdict = Verdict(Decision.DENY, reasons=["x"], agent_context="careful")
    reply = json.loads(sensor.reply(event, verdict).stdout)
    assert reply["decision"] == "block"
    assert reply["hookSpecificOutput"] == {
        "hookEventName": "PostToolUse",
        "additionalContext": "careful",
    }


def test_prompt_block() -> None:
    reply = json.loads(
        sensor.reply(_event("UserPromptSubmit"), Verdict(Decision.DENY, reasons=["secret"])).stdout
    )
    assert reply["decision"] == "block" and "secret" in reply["reason"]


def test_session_start_tells_the_agent_its_rules() -> None:
    verdict = Verdict(Decision.ALLOW, agent_context="rules here")
    reply = json.loads(sensor.reply(_event("SessionStart"), verdict).stdout)
    assert reply["hookSpecificOutput"]["additionalContext"] == "rules here"


def test_permission_request_deny() -> None:
    reply = json.loads(
        sensor.reply(
            _event("PermissionRequest-WebFetch"), Verdict(Decision.DENY, reasons=["no"])
        ).stdout
    )
    assert reply["hookSpecificOutput"]["decision"]["behavior"] == "deny"


def test_refuse_is_the_universal_stop() -> None:
    reply = sensor.refuse("bad input")
    assert reply.exit_code == 2 and "bad input" in reply.stderr and reply.stdout == ""


def test_finding_round_trip() -> None:
    f = Finding("secret", Severity.HIGH, "d", rule="r", evidence={"a": 1}, event_id="e")
    assert Finding.from_dict(f.to_dict()) == f
    v = Verdict(Decision.ASK, ["a"], ["p"], [f], policy_hash="h", agent_context="c")
    assert Verdict.from_dict(v.to_dict()) == v


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_record_stores_the_payload_once_and_rebuilds_it_exactly(path: Path) -> None:
    from bastion.events import native_payload

    payload = json.loads(path.read_text())
    record = sensor.to_event(payload).to_record()
    assert "tool_input" not in record["raw"] and "tool_response" not in record["raw"]
    assert native_payload(record) == payload
