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

import functools
import json
import secrets
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from bastion.gateway.core import (
    Answer,
    Elicit,
    Gateway,
    error_reply,
    parse,
    parse_error_reply,
)

FORWARDED = ("accept", "content-type", "mcp-session-id", "mcp-protocol-version",
             "authorization", "last-event-id")  # fmt: skip
RETURNED = ("content-type", "mcp-session-id", "mcp-protocol-version")
MAX_PAGES = 50
_local = threading.local()  # the headers of the request a worker thread is judging


def _header_mismatch(request: Request, message: Any) -> str:
    """2026-07-28 repeats the method and the tool's name in ``Mcp-Method`` / ``Mcp-Name``
    headers. The gateway judges the body, so a server that routed by a header saying
    something else would run what was never decided: such a request is refused here."""
    if not isinstance(message, dict):
        return ""
    method = request.headers.get("mcp-method")
    if method is not None and method != message.get("method"):
        return "Bastion: the Mcp-Method header does not match the request body; refused"
    name = request.headers.get("mcp-name")
    raw = message.get("params")
    params: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if name is not None and message.get("method") == "tools/call" and name != params.get("name"):
        return "Bastion: the Mcp-Name header does not match the tool called; refused"
    return ""


def app(gateway: Gateway, upstream: str) -> Starlette:
    client = httpx.AsyncClient(timeout=httpx.Timeout(300.0, connect=10.0))
    gateway.lister = functools.partial(list_tools, upstream)

    def headers_of(request: Request) -> dict[str, str]:
        return {k: v for k, v in request.headers.items()
                if k.lower() in FORWARDED or k.lower().startswith("mcp-")}  # fmt: skip

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
                message = parse(body)
            except ValueError:  # a client could read it otherwise than we judged it
                return JSONResponse(parse_error_reply(), status_code=502)
            changed = await anyio.to_thread.run_sync(_from_server, gateway, message)
            if changed is not None:
                body = json.dumps(changed).encode()
                kept.pop("content-length", None)
        return Response(body, reply.status_code, headers=kept)

    async def mcp(request: Request) -> Response:
        body = await request.body()
        if request.method == "POST":
            try:
                message = parse(body)
            except ValueError:
                return JSONResponse(parse_error_reply(), status_code=400)
            mismatch = _header_mismatch(request, message)
            if mismatch:
                request_id = message.get("id") if isinstance(message, dict) else None
                return JSONResponse(error_reply(request_id, mismatch), status_code=400)
            if message is not None:
                outcome = await anyio.to_thread.run_sync(
                    _from_client, gateway, message, headers_of(request)
                )
                if isinstance(outcome, Answer):
                    if outcome.silent:
                        return Response(status_code=202)
                    return JSONResponse(outcome.message)
                if outcome is not None:
                    body = json.dumps(outcome).encode()
        sent = client.build_request(request.method, upstream, content=body,
                                    headers=headers_of(request))  # fmt: skip
        reply = await client.send(sent, stream=True)
        return await relay(reply)

    return Starlette(routes=[Route("/mcp", mcp, methods=["GET", "POST", "DELETE"]),
                             Route("/", mcp, methods=["GET", "POST", "DELETE"])])  # fmt: skip


def _from_client(gateway: Gateway, message: Any, headers: dict[str, str]) -> Any:
    _local.headers = headers
    if isinstance(message, list):  # a batch: any member we answer refuses the whole batch
        for member in message:
            outcome = _from_client(gateway, member, headers)
            if isinstance(outcome, Answer):
                return Answer([outcome.message])  # type: ignore[arg-type]
        return None
    outcome = gateway.safe_from_client(message)
    if isinstance(outcome, Elicit):  # no back channel here: refuse with how to approve
        why = "Bastion needs a person's approval; approve it with `bastion approvals`, call again"
        return Answer(error_reply(message.get("id"), why))
    return outcome


def list_tools(upstream: str, message: dict[str, Any]) -> list[Any] | None:
    """The server's tools, every page, asked by the gateway itself with the headers (session,
    version, authorization) and ``_meta`` of the call that needed them."""
    dropped = ("mcp-method", "mcp-name", "content-length", "content-type")
    given: dict[str, str] = getattr(_local, "headers", {})
    headers = {k: v for k, v in given.items() if k.lower() not in dropped}
    if any(k.lower() == "mcp-protocol-version" for k in headers):
        headers["Mcp-Method"] = "tools/list"
    raw = message.get("params")
    meta = raw.get("_meta") if isinstance(raw, dict) else None
    tools: list[Any] = []
    cursor: Any = None
    with httpx.Client(timeout=30.0) as client:
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"_meta": meta} if isinstance(meta, dict) else {}
            if cursor:
                params["cursor"] = cursor
            key = f"bastion-list-{secrets.token_hex(8)}"
            body = {"jsonrpc": "2.0", "id": key, "method": "tools/list", "params": params}
            try:
                reply = _reply_to(client.post(upstream, json=body, headers=headers), key)
            except (httpx.HTTPError, ValueError):
                return None
            result = reply.get("result") if isinstance(reply, dict) else None
            if not isinstance(result, dict) or not isinstance(result.get("tools"), list):
                return None
            tools.extend(result["tools"])
            cursor = result.get("nextCursor")
            if not cursor:
                break
    return tools


def _reply_to(response: httpx.Response, key: str) -> Any:
    """The JSON-RPC answer with this id, from a JSON body or an SSE stream."""
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        for line in response.text.splitlines():
            if line.startswith("data:"):
                message = parse(line[5:])
                if isinstance(message, dict) and message.get("id") == key:
                    return message
        return None
    return parse(response.content)


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
            message = parse(data)
        except ValueError:  # a client could read it otherwise than we judged it
            return f"data: {json.dumps(parse_error_reply())}\n\n"
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
