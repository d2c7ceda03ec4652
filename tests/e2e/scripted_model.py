"""A local stand-in for the Anthropic Messages API that replays a scripted conversation.

Claude Code is pointed at it with ``ANTHROPIC_BASE_URL``. Each request of the main
conversation (the one that carries the ``tools`` list) consumes the next assistant turn of
the script: a list of ``tool_use`` blocks, optionally preceded by text, or a final text.
Everything else Claude Code sends (quota probes, title generation, command-prefix checks,
summaries) is a side request, answered with a short text without consuming the script.
Every request body is recorded so tests can assert on what the client sent back: above
all the ``tool_result`` blocks, their content and ``is_error``.

The streaming reply is the real server-sent-event sequence of the Messages API:
``message_start``, then per block ``content_block_start`` / ``content_block_delta``
(``text_delta`` or ``input_json_delta``) / ``content_block_stop``, then ``message_delta``
with the ``stop_reason`` and ``message_stop``.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class ToolUse:
    """One tool call the scripted model makes."""

    name: str
    input: dict[str, Any]
    id: str = field(default_factory=lambda: "toolu_" + secrets.token_hex(12))


# One assistant turn: a final text, or blocks (text and tool calls) in the order given.
Turn = str | Sequence[ToolUse | str]

SIDE_REPLY = "OK"
EXHAUSTED_REPLY = "Done."


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    main: bool
    turn: int | None = None  # index of the script turn this request consumed

    @property
    def messages(self) -> list[dict[str, Any]]:
        if isinstance(self.body, dict):
            return list(self.body.get("messages") or [])
        return []


def content_blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    """A message's content as a list of blocks (a bare string becomes one text block)."""
    content = message.get("content")
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    return [b for b in content or [] if isinstance(b, dict)]


def tool_result_text(block: dict[str, Any]) -> str:
    """The text of a ``tool_result`` block, whether its content is a string or blocks."""
    content = block.get("content")
    if isinstance(content, str):
        return content
    parts = []
    for item in content or []:
        if isinstance(item, dict) and item.get("type") == "text":
            parts.append(str(item.get("text", "")))
    return "\n".join(parts)


def is_main_request(body: Any) -> bool:
    """The main conversation is the request that offers the model tools.

    Claude Code's side requests (quota probe, session title, Bash command-prefix
    extraction, topic detection, summaries) never carry a ``tools`` list.
    """
    return isinstance(body, dict) and bool(body.get("tools"))


class ScriptedModel:
    """The server: ``with ScriptedModel(script) as model: ... model.base_url ...``."""

    def __init__(
        self,
        script: Sequence[Turn],
        *,
        classify: Callable[[Any], bool] = is_main_request,
    ) -> None:
        self.script: list[Turn] = list(script)
        self.classify = classify
        self.requests: list[RecordedRequest] = []
        self._next_turn = 0
        self._lock = threading.Lock()
        self._message_ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> ScriptedModel:
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="scripted-model", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ScriptedModel:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- what the client sent ----------------------------------------------------------

    @property
    def turns_served(self) -> int:
        return self._next_turn

    @property
    def main_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.main]

    def tool_results(self) -> dict[str, dict[str, Any]]:
        """Every ``tool_result`` block sent back by the client, by ``tool_use_id``."""
        found: dict[str, dict[str, Any]] = {}
        for request in self.main_requests:
            for message in request.messages:
                if message.get("role") != "user":
                    continue
                for block in content_blocks(message):
                    if block.get("type") == "tool_result":
                        found[str(block.get("tool_use_id"))] = block
        return found

    def tool_result_for(self, tool_use: ToolUse) -> dict[str, Any] | None:
        return self.tool_results().get(tool_use.id)

    # -- replies -----------------------------------------------------------------------

    def _record(
        self, method: str, path: str, headers: dict[str, str], body: Any
    ) -> RecordedRequest:
        main = path.split("?", 1)[0].rstrip("/") == "/v1/messages" and self.classify(body)
        request = RecordedRequest(method, path, headers, body, main)
        with self._lock:
            if main and self._next_turn < len(self.script):
                request.turn = self._next_turn
                self._next_turn += 1
            self.requests.append(request)
        return request

    def _blocks_for(self, request: RecordedRequest) -> list[dict[str, Any]]:
        if not request.main:
            return [{"type": "text", "text": SIDE_REPLY}]
        if request.turn is None:
            return [{"type": "text", "text": EXHAUSTED_REPLY}]
        turn = self.script[request.turn]
        items: Sequence[ToolUse | str] = [turn] if isinstance(turn, str) else turn
        blocks: list[dict[str, Any]] = []
        for item in items:
            if isinstance(item, ToolUse):
                blocks.append(
                    {"type": "tool_use", "id": item.id, "name": item.name, "input": item.input}
                )
            else:
                blocks.append({"type": "text", "text": item})
        return blocks or [{"type": "text", "text": EXHAUSTED_REPLY}]

    def message_for(self, request: RecordedRequest) -> dict[str, Any]:
        """The complete (non-streaming) assistant message answering a request."""
        blocks = self._blocks_for(request)
        stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
        body = request.body if isinstance(request.body, dict) else {}
        return {
            "id": f"msg_scripted_{next(self._message_ids):04d}",
            "type": "message",
            "role": "assistant",
            "model": str(body.get("model") or "claude-scripted"),
            "content": blocks,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": _usage(body, blocks),
        }


def _usage(body: dict[str, Any], blocks: list[dict[str, Any]]) -> dict[str, int]:
    # Plausible, stable numbers: Claude Code shows them and sums cost, nothing depends on them.
    return {
        "input_tokens": max(1, len(json.dumps(body.get("messages", []))) // 4),
        "output_tokens": max(1, len(json.dumps(blocks)) // 4),
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }


def sse_events(message: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The server-sent-event sequence that streams ``message``."""
    usage = message["usage"]
    start = dict(message, content=[], stop_reason=None, stop_sequence=None)
    start["usage"] = dict(usage, output_tokens=1)
    yield "message_start", {"type": "message_start", "message": start}
    for index, block in enumerate(message["content"]):
        if block["type"] == "tool_use":
            empty = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
            yield (
                "content_block_start",
                {
                    "type": "content_block_start",
                    "index": index,
                    "content_block": empty,
                },
            )
            partial = json.dumps(block["input"])
            # Split the JSON like the real API does, so the client really reassembles it.
            for chunk in (partial[i : i + 40] for i in range(0, len(partial), 40)):
                yield (
                    "content_block_delta",
                    {
                        "type": "content_block_delta",
                        "index": index,
                        "delta": {"type": "input_json_delta", "partial_json": chunk},
                    },
                )
        else:
            yield (
                "content_block_start",
                {
                    "type": "content_block_start",
                    "index": index,
                    "content_block": {"type": "text", "text": ""},
                },
            )
            yield (
                "content_block_delta",
                {
                    "type": "content_block_delta",
                    "index": index,
                    "delta": {"type": "text_delta", "text": block["text"]},
                },
            )
        yield "content_block_stop", {"type": "content_block_stop", "index": index}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": usage["output_tokens"]},
        },
    )
    yield "message_stop", {"type": "message_stop"}


def _make_handler(model: ScriptedModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep pytest output clean; requests are recorded instead

        def _read_body(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not raw:
                return None
            try:
                return json.loads(raw)
            except ValueError:
                return raw.decode("utf-8", "replace")

        def _send(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("request-id", "req_scripted_" + secrets.token_hex(8))
            self.end_headers()
            self.wfile.write(payload)

        def _send_json(self, status: int, data: Any) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def do_POST(self) -> None:
            body = self._read_body()
            path = self.path.split("?", 1)[0].rstrip("/")
            request = model._record("POST", self.path, dict(self.headers.items()), body)
            if path == "/v1/messages/count_tokens":
                messages = body.get("messages", []) if isinstance(body, dict) else []
                self._send_json(200, {"input_tokens": max(1, len(json.dumps(messages)) // 4)})
            elif path == "/v1/messages":
                message = model.message_for(request)
                if isinstance(body, dict) and body.get("stream"):
                    stream = "".join(
                        f"event: {name}\ndata: {json.dumps(data)}\n\n"
                        for name, data in sse_events(message)
                    )
                    self._send(200, stream.encode(), "text/event-stream")
                else:
                    self._send_json(200, message)
            else:
                self._send_json(200, {})

        def do_GET(self) -> None:
            model._record("GET", self.path, dict(self.headers.items()), None)
            path = self.path.split("?", 1)[0].rstrip("/")
            if path == "/v1/models":
                self._send_json(
                    200, {"data": [], "has_more": False, "first_id": None, "last_id": None}
                )
            else:
                self._send_json(200, {})

        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler
