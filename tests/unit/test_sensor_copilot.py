"""The Copilot CLI sensor reads both payload styles Copilot CLI 1.0.102 sends, and answers.

Payloads are the recorded ones in tests/data/agents/copilot/ (record_agent_fixtures.py), both
camelCase (no event name in the payload) and PascalCase; what each reply makes the client do
was measured in tests/e2e/test_agent_hook_semantics.py and tests/e2e/test_copilot.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bastion.core.events import Decision, EventKind, Verdict
from bastion.core.tools import ToolKind
from bastion.errors import PayloadError
from bastion.sensors import get_sensor
from bastion.sensors.copilot import SENSOR
from bastion.sensors.copilot.transcript import read_tool_calls, unchecked_findings

DATA = Path(__file__).resolve().parents[1] / "data" / "agents" / "copilot"


def fixture(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / f"{name}.json").read_text())["payload"])


def test_the_registry_hands_out_the_copilot_sensor() -> None:
    assert get_sensor("copilot") is SENSOR


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("sessionStart", EventKind.SESSION_START),
        ("SessionStart", EventKind.SESSION_START),
        ("userPromptSubmitted", EventKind.PROMPT),
        ("UserPromptSubmit", EventKind.PROMPT),
        ("preToolUse-bash", EventKind.ACTION),
        ("PreToolUse-Bash", EventKind.ACTION),
        ("permissionRequest-bash", EventKind.PERMISSION_REQUEST),
        ("postToolUse-bash", EventKind.OBSERVATION),
        ("PostToolUse-Bash", EventKind.OBSERVATION),
        ("agentStop", EventKind.STOP),
        ("Stop", EventKind.STOP),
        ("sessionEnd", EventKind.SESSION_END),
        ("SessionEnd", EventKind.SESSION_END),
    ],
)
def test_every_recorded_event_in_both_styles_is_read(name: str, kind: EventKind) -> None:
    event = SENSOR.to_event(fixture(name))
    assert event.kind is kind and event.agent == "copilot", event.native_name
    assert event.session_id == "8c9b53bd-8813-4ec6-bf02-bae11272bcb9"


@pytest.mark.parametrize(
    ("camel", "pascal", "kind"),
    [("bash", "Bash", ToolKind.SHELL), ("view", "Read", ToolKind.READ),
     ("create", "Write", ToolKind.WRITE), ("edit", "Edit", ToolKind.EDIT),
     ("glob", "Glob", ToolKind.SEARCH), ("grep", "Grep", ToolKind.SEARCH)],
)  # fmt: skip
def test_both_styles_of_one_call_are_the_same_call(camel: str, pascal: str, kind: ToolKind) -> None:
    a = SENSOR.to_event(fixture(f"preToolUse-{camel}"))
    b = SENSOR.to_event(fixture(f"PreToolUse-{pascal}"))
    assert a.tool_input == b.tool_input
    assert a.tool_use_id == b.tool_use_id and a.tool_use_id
    assert SENSOR.tool_spec(camel).kind is SENSOR.tool_spec(pascal).kind is kind
    after = SENSOR.to_event(fixture(f"postToolUse-{camel}"))
    assert after.tool_use_id == a.tool_use_id


def test_copilot_input_keys_name_the_file() -> None:
    event = SENSOR.to_event(fixture("PreToolUse-Write"))
    spec = SENSOR.tool_spec(event.tool or "")
    assert event.tool_input[spec.path_key] == "/home/dev/src/demo/notes.txt"


@pytest.mark.parametrize("bad", [{}, {"hook_event_name": "PreToolUse"}, {"toolName": "bash"}, 3])
def test_payloads_without_a_session_are_refused(bad: Any) -> None:
    with pytest.raises(PayloadError):
        SENSOR.to_event(bad)


def test_deny_is_a_flat_permission_decision_with_our_reason() -> None:
    for name in ("preToolUse-bash", "PreToolUse-Bash"):
        event = SENSOR.to_event(fixture(name))
        out = SENSOR.reply(event, Verdict(Decision.DENY, reasons=["sends .env away"]))
        body = json.loads(out.stdout)
        assert out.exit_code == 0 and body["permissionDecision"] == "deny"
        assert body["permissionDecisionReason"].startswith("Bastion blocked: sends .env away")


def test_ask_is_a_deny_that_says_how_to_approve() -> None:
    event = SENSOR.to_event(fixture("PreToolUse-Bash"))
    body = json.loads(SENSOR.reply(event, Verdict(Decision.ASK, reasons=["new host"])).stdout)
    assert body["permissionDecision"] == "deny"
    assert "bastion approvals" in body["permissionDecisionReason"]


def test_allow_is_silent_and_a_rewrite_is_modified_args() -> None:
    event = SENSOR.to_event(fixture("PreToolUse-Bash"))
    assert SENSOR.reply(event, Verdict(Decision.ALLOW)).stdout == ""
    verdict = Verdict(Decision.ALLOW)
    verdict.native_update = {"command": "echo hi", "description": "d"}
    body = json.loads(SENSOR.reply(event, verdict).stdout)
    assert body["permissionDecision"] == "allow" and body["modifiedArgs"] == verdict.native_update


def test_observation_deny_blocks_the_result_and_permission_request_denies() -> None:
    event = SENSOR.to_event(fixture("PostToolUse-Bash"))
    body = json.loads(SENSOR.reply(event, Verdict(Decision.DENY, reasons=["a key"])).stdout)
    assert body["decision"] == "block" and "a key" in body["reason"]
    event = SENSOR.to_event(fixture("permissionRequest-bash"))
    body = json.loads(SENSOR.reply(event, Verdict(Decision.DENY, reasons=["no"])).stdout)
    assert body["behavior"] == "deny" and "no" in body["message"]


def test_session_log_calls_match_the_recorded_decisions() -> None:
    log = DATA / "transcript.jsonl"
    calls = read_tool_calls(log)
    assert [c.name for c in calls][:3] == ["bash", "view", "create"]
    decided = [SENSOR.to_event(fixture(p.stem)).tool_use_id or ""
               for p in sorted(DATA.glob("PreToolUse-*.json"))]  # fmt: skip
    left = unchecked_findings(log, decided)
    names = [f.evidence["tool"] for f in left]
    # Every call the recorded session made has a fixture; only repeats can be left over.
    assert set(names) <= {c.name for c in calls}
    assert len(left) == len(calls) - len(decided)
    missing = unchecked_findings(log, decided[1:])
    assert len(missing) == len(left) + 1


def test_agent_home_and_transcript_path() -> None:
    event = SENSOR.to_event(fixture("agentStop"))
    assert event.transcript_path.endswith("/events.jsonl")
    assert SENSOR.agent_home(event.transcript_path) == "/home/dev"


@pytest.mark.parametrize("name", ["sessionEnd", "SessionEnd"])
def test_session_end_finds_the_session_log_so_coverage_runs_at_session_end(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sessionEnd names no path: the log is found where Copilot CLI keeps it, and the
    coverage check (detect/stage, on a SESSION_END with a transcript) names the call that
    ran without a decision."""
    payload = fixture(name)
    sid = payload.get("sessionId") or payload["session_id"]
    monkeypatch.setenv("COPILOT_HOME", str(tmp_path))
    assert SENSOR.to_event(payload).transcript_path == ""  # no log yet: nothing to check
    log = tmp_path / "session-state" / sid / "events.jsonl"
    log.parent.mkdir(parents=True)
    log.write_bytes((DATA / "transcript.jsonl").read_bytes())
    event = SENSOR.to_event(payload)
    assert event.kind is EventKind.SESSION_END and event.transcript_path == str(log)
    decided = [SENSOR.to_event(fixture(p.stem)).tool_use_id or ""
               for p in sorted(DATA.glob("PreToolUse-*.json"))]  # fmt: skip
    assert len(SENSOR.unchecked_findings(event.transcript_path, decided[1:])) > len(
        SENSOR.unchecked_findings(event.transcript_path, decided)
    )


def test_a_session_id_that_is_no_plain_name_is_never_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPILOT_HOME", str(tmp_path))
    (tmp_path / "events.jsonl").write_text("")
    payload = {**fixture("sessionEnd"), "sessionId": ".."}  # would be tmp/events.jsonl
    assert SENSOR.to_event(payload).transcript_path == ""
