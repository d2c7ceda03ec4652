"""The scripted model servers speak each vendor's wire format the way its client expects.

These run without any agent client: they post what the clients post (shapes taken from the
real Gemini CLI, Codex and Copilot CLI requests recorded by ``record_agent_fixtures.py``) and
parse what comes back, so a broken server fails here before it confuses an e2e run.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from models.chat_completions import ChatCompletionsModel
from models.gemini_api import GeminiModel
from models.openai_responses import ResponsesModel
from models.script import EXHAUSTED_REPLY, SIDE_REPLY, ScriptedServer, ToolCall


def post(server: ScriptedServer, path: str, body: dict[str, Any]) -> tuple[str, bytes]:
    request = urllib.request.Request(
        server.base_url + path,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["Content-Type"], response.read()


def sse(raw: bytes) -> list[tuple[str | None, str]]:
    """(event name or None, raw data) for every frame of a server-sent-event stream."""
    frames = []
    for frame in raw.decode().strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in frame.splitlines())
        frames.append((fields.get("event"), fields["data"]))
    return frames


GEMINI_TOOLS = [{"functionDeclarations": [{"name": "run_shell_command", "parameters": {}}]}]


def test_gemini_streams_a_function_call_then_text_and_collects_the_response() -> None:
    call = ToolCall("run_shell_command", {"command": "ls -la"})
    with GeminiModel([[call], "All done."]) as model:
        path = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
        body: dict[str, Any] = {"contents": [], "tools": GEMINI_TOOLS}
        kind, raw = post(model, path, body)
        assert kind == "text/event-stream"
        chunks = [json.loads(data) for _, data in sse(raw)]
        assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"
        parts = [p for c in chunks for p in c["candidates"][0]["content"]["parts"]]
        expected = {"id": call.id, "name": "run_shell_command", "args": {"command": "ls -la"}}
        assert parts == [{"functionCall": expected}]

        response = {"id": call.id, "name": "run_shell_command", "response": {"output": "x"}}
        answer = {"functionResponse": response}
        body["contents"] = [{"role": "user", "parts": [answer]}]
        _, raw = post(
            model, path.replace(":streamGenerateContent?alt=sse", ":generateContent"), body
        )
        reply = json.loads(raw)
        assert reply["candidates"][0]["content"]["parts"] == [{"text": "All done."}]
        assert model.response_for(call) == answer["functionResponse"]
        assert model.turns_served == 2


def test_gemini_side_requests_do_not_consume_the_script() -> None:
    with GeminiModel(["scripted"]) as model:
        path = "/v1beta/models/gemini-2.5-flash-lite:generateContent"
        _, raw = post(model, path, {"contents": [{"role": "user", "parts": [{"text": "title?"}]}]})
        assert json.loads(raw)["candidates"][0]["content"]["parts"] == [{"text": SIDE_REPLY}]
        _, raw = post(model, "/v1beta/models/m:countTokens", {"contents": []})
        assert json.loads(raw)["totalTokens"] >= 1
        assert model.turns_served == 0


def test_responses_streams_function_and_custom_calls_and_collects_outputs() -> None:
    shell = ToolCall("exec_command", {"cmd": "echo hi"})
    patch = ToolCall("apply_patch", "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n")
    with ResponsesModel([[shell, patch], "Finished."]) as model:
        body: dict[str, Any] = {
            "model": "gpt-5.5",
            "tools": [{"name": "exec_command"}],
            "input": [],
        }
        kind, raw = post(model, "/v1/responses", body)
        assert kind == "text/event-stream"
        frames = sse(raw)
        names = [name for name, _ in frames]
        assert names[0] == "response.created" and names[-1] == "response.completed"
        for name, data in frames:
            assert json.loads(data)["type"] == name
        done = [json.loads(d)["item"] for n, d in frames if n == "response.output_item.done"]
        assert done[0]["type"] == "function_call" and json.loads(done[0]["arguments"]) == {
            "cmd": "echo hi"
        }
        assert done[1]["type"] == "custom_tool_call" and done[1]["input"].startswith("*** Begin")
        completed = json.loads(frames[-1][1])["response"]
        assert completed["status"] == "completed" and completed["usage"]["total_tokens"] > 0

        body["input"] = [
            {"type": "function_call_output", "call_id": shell.id, "output": "hi\n"},
            {"type": "custom_tool_call_output", "call_id": patch.id, "output": "Success"},
        ]
        _, raw = post(model, "/v1/responses", body)
        assert model.output_for(shell) == "hi\n" and model.output_for(patch) == "Success"
        texts = [json.loads(d) for n, d in sse(raw) if n == "response.output_text.delta"]
        assert [t["delta"] for t in texts] == ["Finished."]
        _, raw = post(model, "/v1/responses", body)  # past the end of the script
        texts = [json.loads(d) for n, d in sse(raw) if n == "response.output_text.delta"]
        assert [t["delta"] for t in texts] == [EXHAUSTED_REPLY]


def test_chat_completions_streams_tool_call_deltas_that_reassemble() -> None:
    call = ToolCall("bash", {"command": "echo " + "y" * 90, "description": "long"})
    with ChatCompletionsModel([[call], "Bye."]) as model:
        tools = [{"type": "function", "function": {"name": "bash"}}]
        body: dict[str, Any] = {"model": "m", "stream": True, "messages": [], "tools": tools}
        _, raw = post(model, "/v1/chat/completions", body)
        frames = sse(raw)
        assert frames[-1][1] == "[DONE]"
        chunks = [json.loads(data) for _, data in frames[:-1]]
        arguments, name, call_id = "", None, None
        for chunk in chunks:
            for delta in chunk["choices"][0]["delta"].get("tool_calls") or []:
                name = delta.get("function", {}).get("name") or name
                call_id = delta.get("id") or call_id
                arguments += delta.get("function", {}).get("arguments", "")
        assert (name, call_id, json.loads(arguments)) == ("bash", call.id, call.args)
        assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"

        body["messages"] = [{"role": "tool", "tool_call_id": call.id, "content": "ok"}]
        body["stream"] = False
        _, raw = post(model, "/v1/chat/completions", body)
        message = json.loads(raw)["choices"][0]["message"]
        assert message == {"role": "assistant", "content": "Bye."}
        assert model.output_for(call) == "ok"
