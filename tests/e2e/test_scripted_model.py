"""The scripted model server speaks the Messages API the way Claude Code expects."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from scripted_model import ScriptedModel, ToolUse, tool_result_text

TOOLS = [{"name": "Bash", "description": "run", "input_schema": {"type": "object"}}]


def post(model: ScriptedModel, path: str, body: dict[str, Any]) -> tuple[str, bytes]:
    request = urllib.request.Request(
        model.base_url + path,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["Content-Type"], response.read()


def parse_sse(raw: bytes) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for frame in raw.decode().strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_streams_a_tool_call_then_a_final_text() -> None:
    call = ToolUse("Bash", {"command": "echo " + "x" * 100, "description": "long"})
    with ScriptedModel([[ "Let me check.", call], "Done here."]) as model:  # fmt: skip
        body = {"model": "m", "stream": True, "tools": TOOLS, "messages": []}
        kind, raw = post(model, "/v1/messages?beta=true", body)
        assert kind == "text/event-stream"
        events = parse_sse(raw)
        assert [name for name, _ in events] == [
            "message_start",
            "content_block_start", "content_block_delta", "content_block_stop",
            "content_block_start", *["content_block_delta"] * 4, "content_block_stop",
            "message_delta", "message_stop",
        ]  # fmt: skip
        assert all(data["type"] == name for name, data in events)
        partial = "".join(
            d["delta"]["partial_json"] for n, d in events if d.get("index") == 1 and "delta" in d
        )
        assert json.loads(partial) == call.input
        assert events[4][1]["content_block"] == {
            "type": "tool_use", "id": call.id, "name": "Bash", "input": {},
        }  # fmt: skip
        assert events[-2][1]["delta"]["stop_reason"] == "tool_use"

        _, raw = post(model, "/v1/messages", {"model": "m", "tools": TOOLS, "messages": []})
        final = json.loads(raw)
        assert final["content"] == [{"type": "text", "text": "Done here."}]
        assert final["stop_reason"] == "end_turn"
        assert model.turns_served == 2


def test_side_requests_do_not_consume_the_script() -> None:
    with ScriptedModel(["scripted"]) as model:
        _, raw = post(model, "/v1/messages", {"model": "haiku", "messages": [], "max_tokens": 1})
        assert json.loads(raw)["content"][0]["text"] == "OK"
        _, raw = post(model, "/v1/messages/count_tokens", {"messages": [{"role": "user"}]})
        assert json.loads(raw)["input_tokens"] >= 1
        assert model.turns_served == 0
        assert [r.main for r in model.requests] == [False, False]


def test_records_tool_results_sent_back() -> None:
    call = ToolUse("Bash", {"command": "false"})
    with ScriptedModel([[call], "end"]) as model:
        post(model, "/v1/messages", {"tools": TOOLS, "messages": []})
        result = {
            "type": "tool_result", "tool_use_id": call.id, "is_error": True,
            "content": [{"type": "text", "text": "Exit code 1"}],
        }  # fmt: skip
        messages = [{"role": "user", "content": [result]}]
        post(model, "/v1/messages", {"tools": TOOLS, "messages": messages})
        assert model.tool_result_for(call) == result
        assert tool_result_text(result) == "Exit code 1"
