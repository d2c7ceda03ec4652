"""A local stand-in for OpenAI's Responses API over server-sent events (what Codex speaks).

Codex is pointed at it with a custom ``model_providers`` entry (``wire_api = "responses"``,
``base_url`` = this server's ``/v1``). The main conversation is a ``POST /v1/responses``
whose ``tools`` list is not empty; it consumes the next turn. Tool calls go out as
``function_call`` output items (``call_id``, ``name``, ``arguments`` as a JSON string);
the client's answers come back as ``function_call_output`` input items, which
``call_outputs()`` collects by ``call_id``. A call whose ``args`` is a string goes out as a
``custom_tool_call`` (free-form ``input``, Codex's ``apply_patch``).

Stream (Responses API): ``response.created``, then per output item
``response.output_item.added`` / deltas / ``response.output_item.done``, then
``response.completed`` carrying the whole response with its usage.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from models.script import Recorded, Reply, ScriptedServer, ToolCall

TOOL_SEARCH = "tool_search"  # a ToolCall of this name is the Responses API's tool search


class ResponsesModel(ScriptedServer):
    name = "scripted-responses"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids = itertools.count(1)

    def is_main(self, method: str, path: str, body: Any) -> bool:
        path = path.split("?", 1)[0].rstrip("/")
        return (
            method == "POST"
            and path.endswith("/responses")
            and isinstance(body, dict)
            and bool(body.get("tools"))
        )

    def reply(self, request: Recorded) -> Reply:
        path = request.path.split("?", 1)[0].rstrip("/")
        if request.method == "GET" and path.endswith("/models"):
            return Reply(json_body={"object": "list", "data": []})
        if not (request.method == "POST" and path.endswith("/responses")):
            return Reply(json_body={})
        body = request.body if isinstance(request.body, dict) else {}
        n = next(self._ids)
        response_id = f"resp_scripted_{n:04d}"
        items: list[dict[str, Any]] = []
        for index, item in enumerate(self.items_for(request)):
            if isinstance(item, ToolCall) and item.name == TOOL_SEARCH:
                # Codex hides MCP tools behind its client-run tool search: the model asks
                # for them first, and may call them the turn after.
                items.append(
                    {
                        "type": "tool_search_call",
                        "id": f"tsc_{n:04d}_{index}",
                        "call_id": item.id,
                        "execution": "client",
                        "arguments": item.args,
                        "status": "completed",
                    }
                )
            elif isinstance(item, ToolCall) and isinstance(item.args, str):
                items.append(
                    {
                        "type": "custom_tool_call",
                        "id": f"ctc_{n:04d}_{index}",
                        "call_id": item.id,
                        "name": item.name,
                        "input": item.args,
                        "status": "completed",
                    }
                )
            elif isinstance(item, ToolCall):
                call = {
                    "type": "function_call",
                    "id": f"fc_{n:04d}_{index}",
                    "call_id": item.id,
                    "name": item.name,
                    "arguments": json.dumps(item.args),
                    "status": "completed",
                }
                namespace, slash, name = item.name.rpartition("/")
                if slash:  # "namespace/name": a tool a tool search loaded into a namespace
                    call.update(namespace=namespace, name=name)
                items.append(call)
            else:
                items.append(
                    {
                        "type": "message",
                        "id": f"msg_{n:04d}_{index}",
                        "role": "assistant",
                        "status": "completed",
                        "content": [{"type": "output_text", "text": item, "annotations": []}],
                    }
                )
        usage = {
            "input_tokens": max(1, len(json.dumps(body.get("input", []))) // 4),
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": max(1, len(json.dumps(items)) // 4),
            "output_tokens_details": {"reasoning_tokens": 0},
        }
        usage["total_tokens"] = usage["input_tokens"] + usage["output_tokens"]
        response: dict[str, Any] = {
            "id": response_id,
            "object": "response",
            "status": "in_progress",
            "model": str(body.get("model") or "scripted"),
            "output": [],
        }
        seq = itertools.count()
        events: list[tuple[str | None, Any]] = []

        def emit(kind: str, data: dict[str, Any]) -> None:
            events.append((kind, {"type": kind, "sequence_number": next(seq), **data}))

        emit("response.created", {"response": response})
        for index, item in enumerate(items):
            emit("response.output_item.added", {"output_index": index, "item": item})
            if item["type"] == "message":
                text = item["content"][0]["text"]
                emit(
                    "response.output_text.delta",
                    {"item_id": item["id"], "output_index": index, "content_index": 0,
                     "delta": text},
                )  # fmt: skip
            elif item["type"] == "function_call":
                emit(
                    "response.function_call_arguments.delta",
                    {"item_id": item["id"], "output_index": index, "delta": item["arguments"]},
                )
            emit("response.output_item.done", {"output_index": index, "item": item})
        emit(
            "response.completed",
            {"response": dict(response, status="completed", output=items, usage=usage)},
        )
        return Reply(events=events)

    # -- what the client sent back -----------------------------------------------------

    def call_outputs(self) -> dict[str, Any]:
        """Every ``function_call_output`` the client sent, by ``call_id``."""
        found: dict[str, Any] = {}
        for request in self.main_requests:
            body = request.body if isinstance(request.body, dict) else {}
            for item in body.get("input") or []:
                if isinstance(item, dict) and item.get("type") in (
                    "function_call_output",
                    "custom_tool_call_output",
                ):
                    found[str(item.get("call_id"))] = item.get("output")
        return found

    def output_for(self, call: ToolCall) -> Any:
        return self.call_outputs().get(call.id)

    def offered_tools(self) -> list[str]:
        """Names of the tools the client offered in its first main request."""
        for request in self.main_requests:
            body = request.body if isinstance(request.body, dict) else {}
            return [str(t.get("name") or t.get("type")) for t in body.get("tools") or []]
        return []
