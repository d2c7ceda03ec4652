"""A local stand-in for Google's Gemini API (``generateContent`` and its SSE stream).

Gemini CLI is pointed at it with ``GOOGLE_GEMINI_BASE_URL`` and a dummy ``GEMINI_API_KEY``.
The main conversation is a request whose ``tools`` declare functions; it consumes the next
turn, answered as ``functionCall`` parts (or text). The client sends each tool's result back
as a ``functionResponse`` part, which ``function_responses()`` collects.

Wire shape (Gemini API v1beta): ``POST /v1beta/models/{model}:generateContent`` answers one
``GenerateContentResponse``; ``:streamGenerateContent?alt=sse`` answers the same object as
``data:`` events (here one chunk per part, then the finish reason); ``:countTokens`` answers
``{"totalTokens": n}``.
"""

from __future__ import annotations

import json
from typing import Any

from models.script import Recorded, Reply, ScriptedServer, ToolCall


def _offers_tools(body: Any) -> bool:
    if not isinstance(body, dict):
        return False
    for tool in body.get("tools") or []:
        if isinstance(tool, dict) and tool.get("functionDeclarations"):
            return True
    return False


class GeminiModel(ScriptedServer):
    name = "scripted-gemini"

    def is_main(self, method: str, path: str, body: Any) -> bool:
        path = path.split("?", 1)[0]
        return (
            method == "POST"
            and (path.endswith(":generateContent") or path.endswith(":streamGenerateContent"))
            and _offers_tools(body)
        )

    def _parts(self, request: Recorded) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = []
        for item in self.items_for(request):
            if isinstance(item, ToolCall):
                call = {"id": item.id, "name": item.name, "args": item.args}
                parts.append({"functionCall": call})
            else:
                parts.append({"text": item})
        return parts

    def reply(self, request: Recorded) -> Reply:
        path = request.path.split("?", 1)[0]
        body = request.body if isinstance(request.body, dict) else {}
        if path.endswith(":countTokens"):
            return Reply(json_body={"totalTokens": max(1, len(json.dumps(body)) // 4)})
        if not (path.endswith(":generateContent") or path.endswith(":streamGenerateContent")):
            return Reply(json_body={})
        parts = self._parts(request)
        usage = {
            "promptTokenCount": max(1, len(json.dumps(body.get("contents", []))) // 4),
            "candidatesTokenCount": max(1, len(json.dumps(parts)) // 4),
        }
        usage["totalTokenCount"] = usage["promptTokenCount"] + usage["candidatesTokenCount"]
        model = path.rsplit("/", 1)[-1].split(":", 1)[0]
        if path.endswith(":generateContent"):
            return Reply(json_body=_response(parts, "STOP", usage, model))
        # Streamed: each part in its own chunk, the last one carries the finish reason.
        events: list[tuple[str | None, Any]] = []
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            events.append((None, _response([part], "STOP" if last else None, usage, model)))
        return Reply(events=events)

    # -- what the client sent back -----------------------------------------------------

    def function_responses(self) -> list[dict[str, Any]]:
        """Every ``functionResponse`` part the client sent, in order."""
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        for request in self.main_requests:
            body = request.body if isinstance(request.body, dict) else {}
            for content in body.get("contents") or []:
                for part in (content or {}).get("parts") or []:
                    response = part.get("functionResponse") if isinstance(part, dict) else None
                    if isinstance(response, dict):
                        key = json.dumps(response, sort_keys=True)
                        if key not in seen:
                            seen.add(key)
                            found.append(response)
        return found

    def response_for(self, call: ToolCall) -> dict[str, Any] | None:
        """The ``functionResponse`` answering ``call`` (Gemini CLI echoes the call's id)."""
        for response in self.function_responses():
            if response.get("id") == call.id:
                return response
        return None


def _response(
    parts: list[dict[str, Any]], finish: str | None, usage: dict[str, int], model: str
) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": model}
