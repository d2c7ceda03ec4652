"""The gateway's own refusals are Cedar's (16-mcp-gateway.cedar, from ``context.gateway``).

A tool without an approved pin and an ask the MCP client cannot show are decided by the
daemon's engine under the policy hash, with the gateway's words; tested here on an engine
in this process (the real packs, store and sensor), with the payloads the gateway sends.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from bastion.config import Home
from bastion.daemon.server import build_engine
from bastion.engine import Engine
from bastion.events import Decision

PRIVILEGED = {"command": "sudo apt-get install -y some-tool"}  # the default policy asks
SENTENCE = ("Bastion blocked: MCP server 'calc' changed the tool 'add' since its tools were "
            "approved (possible rug pull); a person can accept it with `bastion approvals "
            "approve 7`, then list the tools again")  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    home = Home.resolve(tmp_path_factory.mktemp("gwpolicy") / "h").ensure()
    built = build_engine(home)
    yield built
    built.store.close()


def _call(engine: Engine, tool: str, arguments: dict[str, Any], **gateway: Any) -> Any:
    session = f"mcp-calc-{uuid.uuid4().hex[:8]}"
    base = {"session_id": session, "cwd": "/tmp", "server": "calc", "server_id": "calc:0"}
    engine.handle("mcp-gateway", json.dumps({**base, "hook_event_name": "SessionStart"}).encode())
    payload = {**base, "hook_event_name": "ToolCall", "tool_name": f"mcp__calc__{tool}",
               "arguments": arguments, "request_id": 1}  # fmt: skip
    if gateway:
        payload["gateway"] = gateway
    _event, verdict, reply = engine.handle("mcp-gateway", json.dumps(payload).encode())
    return verdict, json.loads(reply.stdout)


def test_the_gateway_rules_are_in_the_policy_set(engine: Engine) -> None:
    ids = {info.id for info in engine.policy.info.values()}
    assert {"gateway.pin", "gateway.cannot-ask"} <= ids


def test_a_moved_pin_is_denied_by_cedar_with_the_gateways_words(engine: Engine) -> None:
    verdict, reply = _call(engine, "add", {"a": 1}, pin="changed", sentence=SENTENCE,
                           can_ask=True)  # fmt: skip
    assert verdict.decision is Decision.DENY
    assert verdict.policies[0] == "gateway.pin"
    assert verdict.reasons[0] == SENTENCE
    assert verdict.policy_hash == engine.policy.hash
    assert reply["decision"] == "deny" and "bastion approvals approve 7" in reply["reason"]
    assert reply["policies"][0] == "gateway.pin"


def test_a_pinned_tool_runs(engine: Engine) -> None:
    verdict, _reply = _call(engine, "add", {"a": 1}, pin="", sentence="", can_ask=True)
    assert verdict.decision is Decision.ALLOW


def test_an_unknown_pin_state_is_read_as_unlisted_and_denied(engine: Engine) -> None:
    verdict, _reply = _call(engine, "add", {"a": 1}, pin="fine-trust-me", can_ask=True)
    assert verdict.decision is Decision.DENY and "gateway.pin" in verdict.policies


def test_the_observe_profile_does_not_loosen_a_pin(engine: Engine) -> None:
    engine.profile = "observe"
    try:
        verdict, _reply = _call(engine, "add", {"a": 1}, pin="new", sentence=SENTENCE)
    finally:
        engine.profile = "balanced"
    assert verdict.decision is Decision.DENY and verdict.policies[0] == "gateway.pin"


def test_an_ask_the_client_can_show_stays_an_ask(engine: Engine) -> None:
    verdict, reply = _call(engine, "run_command", PRIVILEGED, pin="", can_ask=True)
    assert verdict.decision is Decision.ASK and reply["decision"] == "ask"
    assert "gateway.cannot-ask" not in verdict.policies


def test_an_ask_the_client_cannot_show_is_cedars_deny_with_the_asks_reasons(
    engine: Engine,
) -> None:
    asked, _ = _call(engine, "run_command", PRIVILEGED, pin="", can_ask=True)
    verdict, reply = _call(engine, "run_command", PRIVILEGED, pin="", can_ask=False)
    assert verdict.decision is Decision.DENY
    assert verdict.policies[0] == "gateway.cannot-ask"
    assert set(asked.policies) <= set(verdict.policies)  # what would have been asked, kept
    assert "cannot ask" in reply["reason"] and "raises privileges" in reply["reason"]


def test_other_agents_meet_no_gateway_fact(engine: Engine) -> None:
    session = str(uuid.uuid4())
    payload = {"session_id": session, "cwd": "/tmp", "hook_event_name": "PreToolUse",
               "tool_name": "Read", "tool_input": {"file_path": "/tmp/x"},
               "tool_use_id": "t1", "gateway": {"pin": "changed", "can_ask": False},
               "transcript_path": "", "permission_mode": "default"}  # fmt: skip
    _event, verdict, _reply = engine.handle("claude-code", json.dumps(payload).encode())
    assert verdict is not None and not any(p.startswith("gateway.") for p in verdict.policies)
