"""The console as a C2SP tlog-witness: ``POST /add-checkpoint`` for other machines' logs.

A developer machine (or CI runner) lists this console under ``[[audit.witnesses]]`` and
sends it every checkpoint it signs; the console cosigns only checkpoints that extend
what it saw before (`bastion.audit.tlog_witness.Witness`), so a machine whose log was
truncated, rewritten or re-signed with its stolen key can no longer get a cosignature,
and its earlier cosignatures keep exposing the rewrite. The console witnesses the logs
whose verifier keys are in ``[witness] logs`` of its home's config.toml.

As the protocol says, requests carry no login: the log's signature on the checkpoint is
the authentication. ``GET /witness/key`` gives the witness's cosigner key to configure.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response

from bastion.audit.publish import console_witness
from bastion.audit.tlog_witness import MAX_BODY, Witness

router = APIRouter(include_in_schema=False)

_UNSET = object()


def _witness(request: Request) -> Witness | None:
    state = request.app.state
    cached = getattr(state, "witness", _UNSET)
    if cached is _UNSET:
        cached = console_witness(state.console.home)
        state.witness = cached
    return cached  # type: ignore[return-value]


def _none() -> Response:
    return PlainTextResponse(
        "this console witnesses no log: add the log's verifier key to [witness] logs in "
        "config.toml\n",
        status_code=404,
    )


@router.post("/add-checkpoint")
async def add_checkpoint(request: Request) -> Response:
    witness = await run_in_threadpool(_witness, request)
    if witness is None:
        return _none()
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return PlainTextResponse(f"request body over {MAX_BODY} bytes\n", status_code=400)
    answer = await run_in_threadpool(witness.add_checkpoint, body)
    return Response(answer.body, status_code=answer.status, media_type=answer.content_type)


@router.get("/witness/key")
async def witness_key(request: Request) -> Response:
    witness = await run_in_threadpool(_witness, request)
    if witness is None:
        return _none()
    return PlainTextResponse(str(witness.key) + "\n")
