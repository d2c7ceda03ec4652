"""The script every scripted model server replays, and the HTTP plumbing they share.

A script is a list of assistant turns. A turn is a final text, or a sequence of tool calls
(optionally with text). The *main* conversation (a request that offers the model tools)
consumes the next turn; anything else the client sends (titles, routing, summaries) is a side
request answered with a short text, without consuming the script. Every request is recorded,
so a test can read what the client sent back, above all the tool results.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class ToolCall:
    """One tool call the scripted model makes, in the client's own tool vocabulary.

    ``args`` is the JSON arguments object; a string is a free-form input (the Responses
    API's ``custom_tool_call``, e.g. Codex's ``apply_patch``).
    """

    name: str
    args: dict[str, Any] | str
    id: str = field(default_factory=lambda: "call_" + secrets.token_hex(10))


# One assistant turn: a final text, or items (text and tool calls) in the order given.
Turn = str | Sequence[ToolCall | str]

SIDE_REPLY = "OK"
EXHAUSTED_REPLY = "Done."


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    main: bool
    turn: int | None = None  # index of the script turn this request consumed


def turn_items(turn: Turn) -> list[ToolCall | str]:
    return [turn] if isinstance(turn, str) else list(turn)


class Reply:
    """What a handler sends: a JSON body, or a list of server-sent events."""

    def __init__(
        self,
        *,
        json_body: Any = None,
        events: Sequence[tuple[str | None, Any]] | None = None,
        status: int = 200,
    ) -> None:
        self.json_body = json_body
        self.events = events
        self.status = status


class ScriptedServer:
    """Base server: subclasses say which requests are main and how to answer them.

    ``with Server(script) as model: ... model.base_url ...``
    """

    name = "scripted-model"

    def __init__(self, script: Sequence[Turn]) -> None:
        self.script: list[Turn] = list(script)
        self.requests: list[Recorded] = []
        self._next_turn = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- subclass interface ------------------------------------------------------------

    def is_main(self, method: str, path: str, body: Any) -> bool:
        raise NotImplementedError

    def reply(self, request: Recorded) -> Reply:
        raise NotImplementedError

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> ScriptedServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name=self.name, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Any:
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
    def main_requests(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.main]

    def record(self, method: str, path: str, headers: dict[str, str], body: Any) -> Recorded:
        main = self.is_main(method, path, body)
        request = Recorded(method, path, headers, body, main)
        with self._lock:
            if main and self._next_turn < len(self.script):
                request.turn = self._next_turn
                self._next_turn += 1
            self.requests.append(request)
        return request

    def items_for(self, request: Recorded) -> list[ToolCall | str]:
        """The turn this request consumed, or the side or exhausted reply."""
        if not request.main:
            return [SIDE_REPLY]
        if request.turn is None:
            return [EXHAUSTED_REPLY]
        return turn_items(self.script[request.turn]) or [EXHAUSTED_REPLY]

    def describe(self) -> str:
        lines = [f"{self.name}: {self.turns_served}/{len(self.script)} turns served"]
        for r in self.requests:
            lines.append(f"  {r.method} {r.path} main={r.main} turn={r.turn}")
        return "\n".join(lines)


def _make_handler(model: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # requests are recorded instead

        def _body(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not raw:
                return None
            try:
                return json.loads(raw)
            except ValueError:
                return raw.decode("utf-8", "replace")

        def _answer(self, method: str, body: Any) -> None:
            request = model.record(method, self.path, dict(self.headers.items()), body)
            reply = model.reply(request)
            if reply.events is not None:
                payload = "".join(
                    (f"event: {name}\n" if name else "")
                    + f"data: {data if isinstance(data, str) else json.dumps(data)}\n\n"
                    for name, data in reply.events
                ).encode()
                content_type = "text/event-stream"
            else:
                payload = json.dumps(reply.json_body if reply.json_body is not None else {})
                payload = payload.encode()
                content_type = "application/json"
            self.send_response(reply.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            self._answer("POST", self._body())

        def do_GET(self) -> None:
            self._answer("GET", None)

    return Handler
