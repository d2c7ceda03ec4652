"""The replay interface's rows: which carry a decision, now asked of the sensor's event kinds
rather than a list of Claude Code's event names kept in ``replay`` (#14)."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest

from bastion import replay
from bastion.engine import Engine
from bastion.sensors.recognise import Recogniser


def _row(payload: dict[str, Any]) -> dict[str, Any]:
    # A payload the sensor refuses never reaches the engine, so none is needed here.
    line = json.dumps(payload).encode()
    step = replay._step(cast(Engine, None), Recogniser("claude-code"), 1, line)
    assert step.event is None and step.error
    return step.output()


@pytest.mark.parametrize(
    ("name", "decision"),
    [
        ("PreToolUse", "deny"),
        ("UserPromptSubmit", "deny"),
        ("PermissionRequest", None),  # never reported by the replay interface
        ("PostToolUse", None),
        ("SessionEnd", None),
        ("SomethingNew", None),
    ],
)
def test_an_unreadable_payload_is_denied_only_where_a_decision_is_reported(
    name: str, decision: str | None
) -> None:
    row = _row({"hook_event_name": name, "tool_name": "Bash"})  # no session_id
    assert row["hook_event_name"] == name
    assert row["decision"] == decision
    assert row["reasons"] and "session_id" in row["reasons"][0]


def test_describe_leaves_agent_event_words_to_the_agent_s_sensor() -> None:
    from bastion import describe

    batch = {
        "kind": "other",
        "agent": "claude-code",
        "native_name": "PostToolBatch",
        "raw": {"tool_calls": [{"tool_name": "Read"}, {"tool_name": "Bash"}]},
    }
    assert describe.label(batch) == ("", "turn finished: 2 tool call(s) (Read, Bash)")
    # An agent whose sensor has no words for it gets the generic line, as before.
    other = {**batch, "agent": "gemini-cli", "native_name": "PostToolBatch"}
    assert describe.label(other) == ("", "PostToolBatch (agent event)")
