"""The versioned REST API ``/api/v1``: the record, alerts, approvals, containment, policies.

Every route names the least role it needs (viewer reads; responder approves, denies and
contains; admin manages policies, tokens and users). Every state-changing call is
appended to the console's audit table with the person who made it, and containment is
also sent to the daemon, which records it in the session's state.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bastion.server import approvals as approvals_mod
from bastion.server import auth, control
from bastion.server.console import Console
from bastion.server.data import describe, diff_of
from bastion.server.graph import build_graph
from bastion.server.security import require
from bastion.store.rows import SessionDetail

__all__ = ["ApprovalDecision", "RowId", "console_of", "decide_approval", "do_containment", "router"]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid credential (token or login)"},
    403: {"description": "The credential's role is not enough, or the CSRF token is missing"},
}
router = APIRouter(prefix="/api/v1", responses=ERRORS)
Viewer = Annotated[auth.Principal, Depends(require("viewer"))]
Responder = Annotated[auth.Principal, Depends(require("responder"))]
Admin = Annotated[auth.Principal, Depends(require("admin"))]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found"}}
CONFLICT: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Already decided or expired"},
}
Limit = Annotated[int, Query(ge=1, le=1000)]
# Row ids and sequence numbers fit a 63-bit integer (SQLite, PostgreSQL bigint).
MAX_ID = 2**62
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str | None, Query(max_length=256)]


# The HTTP status of each error type the routes let through (most specific first).
_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (approvals_mod.ApprovalNotFound, status.HTTP_404_NOT_FOUND),
    (approvals_mod.ApprovalAlreadyDecided, status.HTTP_409_CONFLICT),
)


def _status_of(exc: Exception, default: int = status.HTTP_400_BAD_REQUEST) -> int:
    """The status an error maps to by its type, never by its text."""
    return next((code for kind, code in _STATUS if isinstance(exc, kind)), default)


def _plain(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Typed store rows as the JSON objects the routes declare."""
    return [dict(r) for r in rows]


def console_of(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


# -- models --------------------------------------------------------------------------------


class ContainmentRequest(BaseModel):
    action: Literal["kill", "ask-everything", "block-tool", "unblock-tool", "release"]
    tool: str | None = Field(default=None, max_length=256)
    reason: str = Field(default="", max_length=1000)


class ApprovalDecision(BaseModel):
    scope: Literal["once", "session-similar"] = "once"
    minutes: int = Field(default=0, ge=0, le=approvals_mod.MAX_SCOPE_MINUTES)
    note: str = Field(default="", max_length=2000)


class BulkAcknowledge(BaseModel):
    """Acknowledge many alerts in one call: by id, or every open alert of one session."""

    alert_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, max_length=5000
    )
    session_id: str | None = Field(default=None, max_length=256)


class TokenCreate(BaseModel):
    # A name with something besides blanks: the store keeps it stripped.
    name: str = Field(min_length=1, max_length=128, pattern=r"\S")
    role: Literal["viewer", "responder", "admin"]


class UserCreate(BaseModel):
    name: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._@-]+$")
    role: Literal["viewer", "responder", "admin"]
    password: str = Field(min_length=auth.MIN_PASSWORD, max_length=1024)


class PolicyFile(BaseModel):
    text: str = Field(max_length=1_000_000)


# -- who am I, overview --------------------------------------------------------------------


@router.get("/me", tags=["auth"])
def me(principal: Viewer) -> dict[str, Any]:
    """The caller: name, role and whether it is a user (login) or an API token."""
    return {"name": principal.name, "role": principal.role, "kind": principal.kind}


@router.get("/overview", tags=["record"])
def overview(request: Request, principal: Viewer) -> dict[str, Any]:
    """Counts and a 24-hour trend of decisions per hour."""
    return console_of(request).data.overview()


# -- sessions and events --------------------------------------------------------------------


@router.get("/sessions", tags=["record"])
def list_sessions(
    request: Request,
    principal: Viewer,
    human: Text = None,
    agent: Text = None,
    mode: Literal["normal", "ask-everything", "killed"] | None = None,
    state: Literal["live", "ended"] | None = None,
    q: Text = None,
    min_risk: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    limit: Limit = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    sort: Literal["recent", "risk"] = "recent",
) -> list[dict[str, Any]]:
    """Sessions, newest activity first (``sort=risk``: riskiest first), filtered by human,
    agent, mode, state, risk or text."""
    # Typed rows (store/rows.SessionView) answered as plain JSON: FastAPI would take a
    # typed return annotation for a response model and check every row against it.
    return _plain_rows(
        console_of(request).data.sessions(
            sort=sort,
            human=human,
            agent=agent,
            mode=mode,
            state=state,
            q=q,
            min_risk=min_risk,
            limit=limit,
            offset=offset,
        )
    )


def _session_or_404(c: Console, session_id: str) -> SessionDetail:
    found = c.data.session(session_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no session {session_id!r}")
    return found


def _plain_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Typed rows as the JSON objects they are (no copy)."""
    return cast(list[dict[str, Any]], rows)


@router.get("/sessions/{session_id}", tags=["record"], responses=NOT_FOUND)
def get_session(
    request: Request,
    principal: Viewer,
    session_id: str,
    events_offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    events_limit: Annotated[int, Query(ge=0, le=5000)] = 500,
) -> dict[str, Any]:
    """One session with its events (verdicts, reasons, diffs), findings, alerts, approvals.

    Events come in pages: ``events_offset`` and ``events_limit`` (``events_total`` says
    how many there are).
    """
    c = console_of(request)
    found = _session_or_404(c, session_id)
    sid = found["id"]
    events = c.data.session_events(sid, events_offset, events_limit)
    for e in events:
        e["summary"] = describe(e)
        e["diff"] = diff_of(e) if e["kind"] == "action" else None
    pending = _plain(approvals_mod.listed(c.store, session=sid, limit=None, newest_first=False))
    return {
        "session": found,
        "events_total": c.data.count_events(sid),
        "events": events,
        "findings": c.data.findings(session=sid, limit=200),
        "alerts": c.data.alerts(session=sid, limit=200),
        "approvals": pending,
    }


@router.get("/sessions/{session_id}/graph", tags=["record"], responses=NOT_FOUND)
def session_graph(request: Request, principal: Viewer, session_id: str) -> dict[str, Any]:
    """The chain as a graph: nodes (prompt, actions, observations) and edges, with data flow."""
    c = console_of(request)
    sid = _session_or_404(c, session_id)["id"]
    return build_graph(c.store.events(sid), c.data.findings(session=sid, limit=10000))


@router.post("/sessions/{session_id}/containment", tags=["respond"], responses=NOT_FOUND)
def containment(
    request: Request, principal: Responder, session_id: str, body: ContainmentRequest
) -> dict[str, Any]:
    """Kill, ask-everything, block or unblock a tool, or release; sent to the daemon."""
    c = console_of(request)
    sid = _session_or_404(c, session_id)["id"]
    return do_containment(
        c, principal, sid, body.action, body.tool or "", body.reason, client_of(request)
    )


def do_containment(
    c: Console,
    principal: auth.Principal,
    sid: str,
    action: str,
    tool: str,
    reason: str,
    client: str,
) -> dict[str, Any]:
    try:
        result = control.contain(
            c.home, c.store, c.control, sid, action, by=principal.actor, reason=reason, tool=tool
        )
    except control.ContainmentError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    c.record(principal, f"containment.{action}", sid, result, client)
    return result


@router.get("/events", tags=["record"])
def list_events(
    request: Request,
    principal: Viewer,
    session: Text = None,
    tool: Text = None,
    decision: Literal["allow", "ask", "deny"] | None = None,
    kind: Text = None,
    after_seq: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    since: Annotated[float | None, Query(ge=0, le=1e12)] = None,
    limit: Limit = 200,
) -> list[dict[str, Any]]:
    """Events (summaries): newest first, or after ``after_seq`` oldest first."""
    return _plain(
        console_of(request).data.events(
            session=session,
            tool=tool,
            decision=decision,
            kind=kind,
            after_seq=after_seq,
            since=since,
            limit=limit,
        )
    )


@router.get("/findings", tags=["record"])
def list_findings(
    request: Request,
    principal: Viewer,
    session: Text = None,
    kind: Text = None,
    severity: Literal["info", "low", "medium", "high", "critical"] | None = None,
    limit: Limit = 200,
) -> list[dict[str, Any]]:
    """Findings, newest first."""
    return _plain(
        console_of(request).data.findings(
            session=session, kind=kind, severity=severity, limit=limit
        )
    )


# -- alerts --------------------------------------------------------------------------------


@router.get("/alerts", tags=["respond"])
def list_alerts(
    request: Request,
    principal: Viewer,
    status_: Annotated[Literal["open", "acknowledged"] | None, Query(alias="status")] = None,
    session: Text = None,
    limit: Limit = 200,
) -> list[dict[str, Any]]:
    """Alerts, newest first."""
    return _plain(console_of(request).data.alerts(status=status_, session=session, limit=limit))


@router.post("/alerts/{alert_id}/acknowledge", tags=["respond"], responses=NOT_FOUND)
def acknowledge(request: Request, principal: Responder, alert_id: RowId) -> dict[str, Any]:
    """Acknowledge an open alert (who and when go to the console audit)."""
    c = console_of(request)
    if c.data.alert(alert_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no alert {alert_id}")
    c.acknowledge_alerts([alert_id])  # by the daemon while one runs (issue #18)
    row = c.data.alert(alert_id)
    if row is None:  # alerts are never deleted; a store swapped underneath is still a 404
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no alert {alert_id}")
    c.record(principal, "alert.acknowledge", str(alert_id), {}, client_of(request))
    return dict(row)


@router.post("/alerts/acknowledge", tags=["respond"])
def acknowledge_many(
    request: Request, principal: Responder, body: BulkAcknowledge
) -> dict[str, Any]:
    """Bulk acknowledge: the listed alerts and/or every open alert of ``session_id``."""
    c = console_of(request)
    ids = list(body.alert_ids)
    if body.session_id:
        ids += [a["id"] for a in c.data.alerts(status="open", session=body.session_id, limit=5000)]
    changed = c.acknowledge_alerts(ids)
    c.record(
        principal,
        "alert.acknowledge-bulk",
        body.session_id or "",
        {"alert_ids": changed},
        client_of(request),
    )
    return {"acknowledged": changed}


@router.get("/incidents", tags=["respond"])
def list_incidents(
    request: Request,
    principal: Viewer,
    status_: Annotated[Literal["open", "acknowledged"] | None, Query(alias="status")] = None,
    session: Text = None,
) -> list[dict[str, Any]]:
    """Alerts grouped into incidents (one per session and chain of activity), most urgent
    first: open ones, then by session risk, severity and recency."""
    found = console_of(request).data.incidents(status=status_, session=session)
    return [i.to_dict() for i in found]


@router.post("/incidents/{incident_id}/acknowledge", tags=["respond"], responses=NOT_FOUND)
def acknowledge_incident(
    request: Request,
    principal: Responder,
    incident_id: Annotated[str, Path(max_length=300)],
) -> dict[str, Any]:
    """Acknowledge every open alert of one incident."""
    c = console_of(request)
    session_id = incident_id.rsplit(":", 1)[0]
    match = [i for i in c.data.incidents(status=None, session=session_id) if i.id == incident_id]
    if not match:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no incident {incident_id}")
    changed = c.acknowledge_alerts(match[0].open_ids)
    c.record(
        principal,
        "incident.acknowledge",
        incident_id,
        {"alert_ids": changed},
        client_of(request),
    )
    return {"incident": incident_id, "acknowledged": changed}


# -- approvals -----------------------------------------------------------------------------


@router.get("/approvals", tags=["approvals"])
def list_approvals(
    request: Request,
    principal: Viewer,
    status_: Annotated[
        Literal["pending", "approved", "denied", "expired"] | None, Query(alias="status")
    ] = "pending",
    session: Text = None,
    limit: Limit = 200,
) -> list[dict[str, Any]]:
    """Approval requests (by default those waiting for a person), newest first."""
    c = console_of(request)
    c.expire_approvals()
    return _plain(approvals_mod.listed(c.store, status=status_, session=session, limit=limit))


@router.get("/approvals/{approval_id}", tags=["approvals"], responses=NOT_FOUND)
def get_approval(request: Request, principal: Viewer, approval_id: RowId) -> dict[str, Any]:
    c = console_of(request)
    row = approvals_mod.approval(c.store, approval_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no approval request {approval_id}")
    return dict(row)


def decide_approval(
    c: Console,
    principal: auth.Principal,
    approval_id: RowId,
    decision: Literal["approved", "denied"],
    body: ApprovalDecision,
    client: str,
) -> dict[str, Any]:
    try:
        row = c.decide_approval(
            approval_id,
            decision,
            principal.actor,
            scope=body.scope,
            minutes=body.minutes,
            note=body.note,
        )
    except approvals_mod.ApprovalError as exc:
        raise HTTPException(_status_of(exc), str(exc)) from exc
    detail = {"scope": body.scope, "minutes": body.minutes, "session_id": row["session_id"]}
    c.record(principal, f"approval.{decision}", str(approval_id), detail, client)
    return dict(row)


@router.post("/approvals/{approval_id}/approve", tags=["approvals"], responses=CONFLICT)
def approve(
    request: Request,
    principal: Responder,
    approval_id: RowId,
    body: ApprovalDecision | None = None,
) -> dict[str, Any]:
    """Approve a waiting call: once, or calls like it in this session for N minutes."""
    return decide_approval(
        console_of(request),
        principal,
        approval_id,
        "approved",
        body or ApprovalDecision(),
        client_of(request),
    )


@router.post("/approvals/{approval_id}/deny", tags=["approvals"], responses=CONFLICT)
def deny(
    request: Request,
    principal: Responder,
    approval_id: RowId,
    body: ApprovalDecision | None = None,
) -> dict[str, Any]:
    """Deny a waiting call."""
    return decide_approval(
        console_of(request),
        principal,
        approval_id,
        "denied",
        body or ApprovalDecision(),
        client_of(request),
    )


# -- policies, agents, humans ----------------------------------------------------------------


@router.get("/policies", tags=["policies"])
def policies(request: Request, principal: Viewer) -> dict[str, Any]:
    """The shipped pack, the organisation's files, the profile and policy hash in force."""
    c = console_of(request)
    return control.policy_view(c.home, c.control)


@router.put("/policies/org/{name}", tags=["policies"])
def put_policy(request: Request, principal: Admin, name: str, body: PolicyFile) -> dict[str, Any]:
    """Validate and write an organisation policy file (the daemon loads it when it restarts)."""
    c = console_of(request)
    errors = control.write_org_policy(c.home, name, body.text)
    if errors:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "; ".join(errors[:5]))
    c.record(principal, "policy.write", name, {"bytes": len(body.text)}, client_of(request))
    return {"ok": True, "name": name}


@router.delete("/policies/org/{name}", tags=["policies"], responses=NOT_FOUND)
def delete_policy(request: Request, principal: Admin, name: str) -> dict[str, Any]:
    """Remove an organisation policy file."""
    c = console_of(request)
    if not control.delete_org_policy(c.home, name):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no organisation policy {name!r}")
    c.record(principal, "policy.delete", name, {}, client_of(request))
    return {"ok": True, "name": name}


@router.get("/agents", tags=["people"])
def agents(request: Request, principal: Viewer) -> list[dict[str, Any]]:
    """Agents seen in sessions (from the store's sessions for now)."""
    return _plain(console_of(request).data.principals("agent"))


@router.get("/humans", tags=["people"])
def humans(request: Request, principal: Viewer) -> list[dict[str, Any]]:
    """Humans on whose behalf sessions ran."""
    return _plain(console_of(request).data.principals("human"))


# -- tokens, users, audit (admin) ----------------------------------------------------------


@router.get("/tokens", tags=["admin"])
def list_tokens(request: Request, principal: Admin) -> list[dict[str, Any]]:
    """API tokens (never their values)."""
    return _plain(auth.list_tokens(console_of(request).engine))


@router.post("/tokens", tags=["admin"], status_code=201)
def create_token(request: Request, principal: Admin, body: TokenCreate) -> dict[str, Any]:
    """A new API token; its value is in this answer only."""
    c = console_of(request)
    try:
        token_id, token = auth.create_token(c.engine, body.name, body.role, principal.actor)
    except auth.ConsoleAuthError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(exc)) from exc
    detail = {"name": body.name, "role": body.role}
    c.record(principal, "token.create", str(token_id), detail, client_of(request))
    return {"id": token_id, "name": body.name, "role": body.role, "token": token}


@router.delete("/tokens/{token_id}", tags=["admin"], responses=NOT_FOUND)
def revoke_token(request: Request, principal: Admin, token_id: RowId) -> dict[str, Any]:
    """Revoke an API token at once."""
    c = console_of(request)
    if not auth.revoke_token(c.engine, token_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no live token {token_id}")
    c.record(principal, "token.revoke", str(token_id), {}, client_of(request))
    return {"ok": True, "id": token_id}


@router.get("/users", tags=["admin"])
def list_users(request: Request, principal: Admin) -> list[dict[str, Any]]:
    return _plain(auth.list_users(console_of(request).engine))


@router.post("/users", tags=["admin"], status_code=201, responses={409: {"description": "Exists"}})
def add_user(request: Request, principal: Admin, body: UserCreate) -> dict[str, Any]:
    c = console_of(request)
    try:
        auth.add_user(c.engine, body.name, body.role, body.password)
    except auth.ConsoleAuthError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    detail = {"role": body.role}
    c.record(principal, "user.add", body.name, detail, client_of(request))
    return {"name": body.name, "role": body.role}


@router.delete("/users/{name}", tags=["admin"], responses=NOT_FOUND)
def remove_user(request: Request, principal: Admin, name: str) -> dict[str, Any]:
    c = console_of(request)
    try:
        auth.remove_user(c.engine, name)
    except auth.ConsoleAuthError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    c.record(principal, "user.remove", name, {}, client_of(request))
    return {"ok": True, "name": name}


@router.get("/audit", tags=["admin"])
def console_audit(request: Request, principal: Admin, limit: Limit = 200) -> list[dict[str, Any]]:
    """The console's own append-only audit trail, newest first."""
    return _plain(auth.audit_rows(console_of(request).engine, limit))


# -- the live feed ---------------------------------------------------------------------------


@router.get(
    "/stream",
    tags=["record"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-sent events"}},
)
async def stream(
    request: Request,
    principal: Viewer,
    after: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    seconds: Annotated[float | None, Query(gt=0, le=3600)] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Server-sent events: one ``event`` message per new recorded event (polled every ~200 ms).

    Starts after ``after`` (or the ``Last-Event-ID`` a reconnecting browser sends, or the
    newest event now) and ends after ``seconds`` (default 300; browsers reconnect).
    """
    c = console_of(request)
    start = after
    if start is None and last_event_id and last_event_id.isdigit():
        start = int(last_event_id)
    if start is None:
        start = await run_in_threadpool(c.data.last_seq)
    limit_s = seconds or c.stream_seconds
    return StreamingResponse(
        _feed(request, c, start, limit_s),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _feed(request: Request, c: Console, last: int, seconds: float) -> AsyncIterator[str]:
    yield f"retry: 1000\nevent: hello\ndata: {json.dumps({'after': last})}\n\n"
    end = time.monotonic() + seconds
    quiet_since = time.monotonic()
    while time.monotonic() < end:
        if await request.is_disconnected():
            return
        rows = await run_in_threadpool(c.data.events, after_seq=last, limit=500)
        for r in rows:
            last = r["seq"]
            payload = {
                "seq": r["seq"],
                "session_id": r["session_id"],
                "time": r["time"],
                "kind": r["kind"],
                "tool": r["tool"],
                "decision": r["decision"],
                "human": r["human"],
                "agent": r["agent"],
            }
            yield f"id: {last}\nevent: event\ndata: {json.dumps(payload)}\n\n"
        if rows:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 15:
            quiet_since = time.monotonic()
            yield ": keep-alive\n\n"
        await asyncio.sleep(c.poll_interval)
