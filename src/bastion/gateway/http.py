"""``bastion mcp-proxy --http URL --listen HOST:PORT``: the gateway for a streamable-HTTP server.

The agent is pointed at the gateway's address; each POST is read as JSON-RPC, judged by
`core.Gateway` as on stdio, and forwarded to the server with the headers the transport
needs (``Mcp-Session-Id``, ``MCP-Protocol-Version``, ``Authorization``, ``Accept``). The
server's answer, JSON or an SSE stream, comes back with each message passed through the
gateway; GET (the server's own stream) and DELETE (end of session) pass through the same
way. The stateless 2026-07-28 revision needs nothing more: each POST carries its version and
the client's capabilities in ``_meta``, and an approval is asked with an
``InputRequiredResult``. Session-based elicitation over HTTP is not implemented: there an ask
is refused with how to approve it (`bastion approvals`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from bastion.gateway.core import Answer, Elicit, Gateway, error_reply

FORWARDED = ("accept", "content-type", "mcp-session-id", "mcp-protocol-version",
             "authorization", "last-event-id")  # fmt: skip
RETURNED = ("content-type", "mcp-session-id", "mcp-protocol-version")


def app(gateway: Gateway, upstream: str) -> Starlette:
    client = httpx.AsyncClient(timeout=httpx.Timeout(300.0, connect=10.0))

    def headers_of(request: Request) -> dict[str, str]:
        return {k: v for k, v in request.headers.items() if k.lower() in FORWARDED}

    async def relay(reply: httpx.Response) -> Response:
        kept = {k: v for k, v in reply.headers.items() if k.lower() in RETURNED}
        kind = reply.headers.get("content-type", "")
        if kind.startswith("text/event-stream"):
            return StreamingResponse(_sse(gateway, reply), status_code=reply.status_code,
                                     headers=kept)  # fmt: skip
        body = await reply.aread()
        await reply.aclose()
        if kind.startswith("application/json") and body:
            try:
                message = json.loads(body)
            except ValueError:
                return Response(body, reply.status_code, headers=kept)
            changed = await anyio.to_thread.run_sync(_from_server, gateway, message)
            if changed is not None:
                body = json.dumps(changed).encode()
                kept.pop("content-length", None)
        return Response(body, reply.status_code, headers=kept)

    async def mcp(request: Request) -> Response:
        body = await request.body()
        if request.method == "POST":
            try:
                message = json.loads(body)
            except ValueError:
                message = None
            if message is not None:
                outcome = await anyio.to_thread.run_sync(_from_client, gateway, message)
                if isinstance(outcome, Answer):
                    return JSONResponse(outcome.message)
                if outcome is not None:
                    body = json.dumps(outcome).encode()
        sent = client.build_request(request.method, upstream, content=body,
                                    headers=headers_of(request))  # fmt: skip
        reply = await client.send(sent, stream=True)
        return await relay(reply)

    return Starlette(routes=[Route("/mcp", mcp, methods=["GET", "POST", "DELETE"]),
                             Route("/", mcp, methods=["GET", "POST", "DELETE"])])  # fmt: skip


def _from_client(gateway: Gateway, message: Any) -> Any:
    if isinstance(message, list):  # a batch: any member we answer refuses the whole batch
        for member in message:
            outcome = _from_client(gateway, member)
            if isinstance(outcome, Answer):
                return Answer([outcome.message])  # type: ignore[arg-type]
        return None
    outcome = gateway.safe_from_client(message)
    if isinstance(outcome, Elicit):  # no back channel here: refuse with how to approve
        why = "Bastion needs a person's approval; approve it with `bastion approvals`, call again"
        return Answer(error_reply(message.get("id"), why))
    return outcome


def _from_server(gateway: Gateway, message: Any) -> Any:
    if isinstance(message, list):
        changed = [gateway.safe_from_server(m) for m in message]
        if any(c is not None for c in changed):
            return [c if c is not None else m for c, m in zip(changed, message, strict=True)]
        return None
    return gateway.safe_from_server(message)


async def _sse(gateway: Gateway, reply: httpx.Response) -> AsyncIterator[bytes]:
    """Each SSE event's data passed through the gateway; other fields kept as they came."""
    event: list[str] = []
    try:
        async for line in reply.aiter_lines():
            if line:
                event.append(line)
                continue
            yield (await _event(gateway, event)).encode()
            event = []
        if event:
            yield (await _event(gateway, event)).encode()
    finally:
        await reply.aclose()


async def _event(gateway: Gateway, lines: list[str]) -> str:
    data = "\n".join(line[5:].lstrip() for line in lines if line.startswith("data:"))
    others = [line for line in lines if not line.startswith("data:")]
    if data:
        try:
            message = json.loads(data)
        except ValueError:
            message = None
        if message is not None:
            changed = await anyio.to_thread.run_sync(_from_server, gateway, message)
            if changed is not None:
                data = json.dumps(changed)
        return "\n".join([*others, f"data: {data}"]) + "\n\n"
    return "\n".join(lines) + "\n\n"


def serve(gateway: Gateway, upstream: str, host: str, port: int) -> None:
    import uvicorn

    gateway.back_channel = False  # session-based elicitation needs one; asks use the table

    if host not in ("127.0.0.1", "::1", "localhost"):
        from bastion.errors import ConfigError

        raise ConfigError(f"the gateway listens on loopback only; --listen {host} is refused")
    uvicorn.run(app(gateway, upstream), host=host, port=port, log_level="warning")
