"""Values a secret store's MCP tool hands out are secrets, whatever their format.

A vault's ``get_secret`` answer holds a password no scanner rule knows ("FAKE-..."); a later
call that carries it to a chat message is a secret flow (issue #13, blind-tools-3's
chat-dm-secret-forward). Real engine and policy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bastion.detect.secret_flow import _reads_secret_store, _stored_secrets
from bastion.engine import Engine
from bastion.events import Decision
from bastion.policy.engine import PolicyEngine
from bastion.sensors.claude_code import SENSOR
from bastion.store import Store

FAKE = "FAKE-stage-pw-0000-notreal"
BASE = {
    "session_id": "s1",
    "transcript_path": "/home/dev/.claude/projects/x/s1.jsonl",
    "cwd": "/home/dev/src/app",
    "permission_mode": "default",
}


def test_the_secret_fields_of_a_store_answer_are_taken() -> None:
    text = json.dumps({"name": "STAGE_DB_PASSWORD", "value": FAKE, "version": 3})
    assert _stored_secrets(text) == [FAKE]
    assert _stored_secrets("name: X\nvalue: " + FAKE + "\n") == [FAKE]


@pytest.mark.parametrize(
    ("tool", "reads"),
    [
        ("mcp__vault__get_secret", True),
        ("mcp__passwords__reveal_password", True),
        ("mcp__vault__list_secrets", False),
        ("mcp__vault__set_secret", False),
        ("mcp__tracker__get_issue", False),
    ],
)
def test_which_tools_read_a_secret_store(tool: str, reads: bool) -> None:
    event = SENSOR.to_event(
        {
            **BASE,
            "hook_event_name": "PreToolUse",
            "tool_name": tool,
            "tool_use_id": "t0",
            "tool_input": {},
        }
    )
    assert _reads_secret_store(event) is reads


def test_a_stored_secret_sent_in_a_message_is_stopped(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    engine = Engine(store, PolicyEngine.load(), home_dir="/home/dev")

    def send(**fields):  # type: ignore[no-untyped-def]
        return engine.process(SENSOR.to_event({**BASE, **fields}))

    send(hook_event_name="UserPromptSubmit", prompt="Answer my chat DMs.")
    send(
        hook_event_name="PostToolUse",
        tool_name="mcp__vault__get_secret",
        tool_use_id="t1",
        tool_input={"name": "STAGE_DB_PASSWORD"},
        tool_response=[{"type": "text", "text": json.dumps({"name": "X", "value": FAKE})}],
    )
    v = send(
        hook_event_name="PreToolUse",
        tool_name="mcp__teamchat__send_dm",
        tool_use_id="t2",
        tool_input={"to": "helper", "text": FAKE},
    )
    assert v.decision in (Decision.ASK, Decision.DENY)
    store.close()
