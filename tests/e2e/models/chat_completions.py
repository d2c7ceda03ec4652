"""A local stand-in for OpenAI's Chat Completions API, streamed (Copilot CLI's BYOK wire).

Copilot CLI is pointed at it with ``COPILOT_PROVIDER_BASE_URL`` (this server's ``/v1``) and
``COPILOT_MODEL``. The main conversation is a ``POST /v1/chat/completions`` with a ``tools``
list; it consumes the next turn, answered as ``tool_calls`` on the assistant message. The
client's results come back as ``role: "tool"`` messages, which ``tool_messages()`` collects
by ``tool_call_id``.

Stream (Chat Completions): ``chat.completion.chunk`` objects as ``data:`` events, the role
first, then content or ``tool_calls`` deltas (name and id first, arguments after), then a
chunk with ``finish_reason`` and ``usage``, then ``data: [DONE]``.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from models.script import Recorded, Reply, ScriptedServer, ToolCall

DONE = "[DONE]"


class ChatCompletionsModel(ScriptedServer):
    name = "scripted-chat-completions"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids = itertools.count(1)

    def is_main(self, method: str, path: str, body: Any) -> bool:
        path = path.split("?", 1)[0].rstrip("/")
        return (
            method == "POST"
            and path.endswith("/chat/completions")
            and isinstance(body, dict)
            and bool(body.get("tools"))
        )

    def reply(self, request: Recorded) -> Reply:
        path = request.path.split("?", 1)[0].rstrip("/")
        if request.method == "GET" and path.endswith("/models"):
            return Reply(json_body={"object": "list", "data": []})
        if not (request.method == "POST" and path.endswith("/chat/completions")):
            return Reply(json_body={})
        body = request.body if isinstance(request.body, dict) else {}
        model = str(body.get("model") or "scripted")
        chat_id = f"chatcmpl-scripted-{next(self._ids):04d}"
        texts = [i for i in self.items_for(request) if isinstance(i, str)]
        calls = [i for i in self.items_for(request) if isinstance(i, ToolCall)]
        content = "\n".join(texts) if texts else None
        finish = "tool_calls" if calls else "stop"
        usage = {
            "prompt_tokens": max(1, len(json.dumps(body.get("messages", []))) // 4),
            "completion_tokens": max(1, (len(content or "") + len(str(calls))) // 4),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        if not body.get("stream"):
            message: dict[str, Any] = {"role": "assistant", "content": content}
            if calls:
                message["tool_calls"] = [
                    {"id": c.id, "type": "function",
                     "function": {"name": c.name, "arguments": json.dumps(c.args)}}
                    for c in calls
                ]  # fmt: skip
            return Reply(
                json_body={
                    "id": chat_id, "object": "chat.completion", "model": model,
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                    "usage": usage,
                }
            )  # fmt: skip

        def chunk(delta: dict[str, Any], reason: str | None = None) -> dict[str, Any]:
            return {
                "id": chat_id, "object": "chat.completion.chunk", "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": reason}],
            }  # fmt: skip

        events: list[tuple[str | None, Any]] = [(None, chunk({"role": "assistant", "content": ""}))]
        if content:
            events.append((None, chunk({"content": content})))
        for index, call in enumerate(calls):
            head = {"index": index, "id": call.id, "type": "function",
                    "function": {"name": call.name, "arguments": ""}}  # fmt: skip
            events.append((None, chunk({"tool_calls": [head]})))
            arguments = json.dumps(call.args)
            for part in (arguments[i : i + 40] for i in range(0, len(arguments), 40)):
                delta = {"index": index, "function": {"arguments": part}}
                events.append((None, chunk({"tool_calls": [delta]})))
        final = chunk({}, finish)
        final["usage"] = usage
        events.append((None, final))
        events.append((None, DONE))
        return Reply(events=events)

    # -- what the client sent back -----------------------------------------------------

    def tool_messages(self) -> dict[str, Any]:
        """Every ``role: "tool"`` message content the client sent, by ``tool_call_id``."""
        found: dict[str, Any] = {}
        for request in self.main_requests:
            body = request.body if isinstance(request.body, dict) else {}
            for message in body.get("messages") or []:
                if isinstance(message, dict) and message.get("role") == "tool":
                    found[str(message.get("tool_call_id"))] = message.get("content")
        return found

    def output_for(self, call: ToolCall) -> Any:
        return self.tool_messages().get(call.id)

    def offered_tools(self) -> list[str]:
        for request in self.main_requests:
            body = request.body if isinstance(request.body, dict) else {}
            return [str((t.get("function") or {}).get("name")) for t in body.get("tools") or []]
        return []
