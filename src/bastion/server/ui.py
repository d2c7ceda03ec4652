"""The dashboard: server-rendered pages (Jinja2, htmx, inline SVG), no build step, no CDN.

Pages read the same data as the API; forms post with the login's CSRF token and answer
with a redirect (post/redirect/get), so every page also works without JavaScript. A
small script listens to ``/api/v1/stream`` and asks htmx to refresh the live parts.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from html import escape
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from bastion.server import approvals as approvals_mod
from bastion.server import auth, control
from bastion.server.api import (
    ApprovalDecision,
    RowId,
    console_of,
    decide_approval,
    do_containment,
)
from bastion.server.data import describe, diff_of, event_row
from bastion.server.graph import build_graph, graph_svg, trend_svg
from bastion.server.security import COOKIE, page

__all__ = ["router", "templates"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
Viewer = Annotated[auth.Principal, Depends(page("viewer"))]
Responder = Annotated[auth.Principal, Depends(page("responder"))]
Admin = Annotated[auth.Principal, Depends(page("admin"))]
LOGIN_CSRF = "bastion_login_csrf"


def _when(ts: float | None) -> str:
    if not ts:
        return "-"
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def _ago(ts: float | None) -> str:
    if not ts:
        return "-"
    s = max(0, int(time.time() - ts))
    if s < 60:
        return f"{s}s ago"
    if s < 3600:
        return f"{s // 60}m ago"
    if s < 86400:
        return f"{s // 3600}h ago"
    return f"{s // 86400}d ago"


def _pretty(value: Any, limit: int = 6000) -> str:
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    return (
        text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit} more characters)"
    )


templates.env.filters["when"] = _when
templates.env.filters["ago"] = _ago
templates.env.filters["pretty"] = _pretty
templates.env.filters["short"] = lambda s: (s or "")[:12]


def _secure(request: Request) -> bool:
    configured = console_of(request).secure_cookies
    if configured is not None:
        return configured
    # Browsers treat plain-HTTP loopback as a secure context, except for Secure cookies
    # in some of them; everywhere else (a real deployment behind TLS) Secure is required.
    host = request.url.hostname or ""
    return request.url.scheme == "https" or host not in ("127.0.0.1", "localhost", "::1")


def render(request: Request, name: str, me: auth.Principal | None, **context: Any) -> Response:
    return templates.TemplateResponse(
        request, name, {"me": me, "csrf": me.csrf if me else "", "now": time.time(), **context}
    )


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _safe_next(value: str | None) -> str:
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


# -- login ---------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", error: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        request, "login.html", None, next=_safe_next(next), error=error, login_csrf=token
    )
    response.set_cookie(
        LOGIN_CSRF, token, httponly=True, samesite="strict", secure=_secure(request), max_age=3600
    )
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=512)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF) or ""
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return _back("/login?error=" + quote("the form expired; try again"))
    c = console_of(request)
    client = _client(request)
    wait = auth.login_wait(c.engine, username, client, c.login_limits)
    if wait > 0:
        # Locked: the password is not checked at all, so guessing on cannot get through.
        minutes = max(1, int(wait + 59) // 60)
        c.record(f"user:{username[:100]}", "login.locked", "", {"retry_s": int(wait)}, client)
        message = f"too many failed logins; try again in {minutes} min"
        return _back("/login?error=" + quote(message) + "&next=" + quote(next))
    user = auth.verify_login(c.engine, username, password)
    if user is None:
        c.record(f"user:{username[:100]}", "login.failed", "", {}, _client(request))
        return _back("/login?error=" + quote("wrong name or password") + "&next=" + quote(next))
    cookie, _csrf = auth.create_login(c.engine, user)
    c.record(user, "login", "", {}, _client(request))
    response = _back(_safe_next(next))
    response.set_cookie(
        COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=auth.LOGIN_SECONDS,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
def logout(request: Request, me: Viewer) -> Response:
    c = console_of(request)
    cookie = request.cookies.get(COOKIE)
    if cookie:
        auth.end_login(c.engine, cookie)
    c.record(me, "logout", "", {}, _client(request))
    response = _back("/login")
    response.delete_cookie(COOKIE, path="/")
    return response


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


# -- overview and sessions -----------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, me: Viewer) -> Response:
    c = console_of(request)
    data = c.data.overview()
    recent = c.data.sessions(limit=8, sort="risk")
    alerts = [i.to_dict() for i in c.data.incidents(status="open")[:6]]
    return render(
        request,
        "overview.html",
        me,
        data=data,
        trend=trend_svg(data["trend"]),
        sessions=recent,
        alerts=alerts,
        page="overview",
    )


@router.get("/sessions", response_class=HTMLResponse)
def sessions_page(request: Request, me: Viewer, q: str = "", mode: str = "") -> Response:
    rows = console_of(request).data.sessions(q=q or None, mode=mode or None, limit=200, sort="risk")
    return render(request, "sessions.html", me, sessions=rows, q=q, mode=mode, page="sessions")


@router.get("/ui/sessions-table", response_class=HTMLResponse)
def sessions_table(request: Request, me: Viewer, q: str = "", mode: str = "") -> Response:
    rows = console_of(request).data.sessions(q=q or None, mode=mode or None, limit=200, sort="risk")
    return render(request, "_sessions_table.html", me, sessions=rows)


TIMELINE_PAGE = 400  # events per timeline chunk; later ones load as the reader scrolls


def session_context(request: Request, session_id: str, offset: int = 0) -> dict[str, Any]:
    c = console_of(request)
    found = c.data.session(session_id)
    if found is None:
        raise HTTPException(404, f"no session {session_id!r}")
    sid = found["id"]
    raw = c.store.events(sid)
    finding_rows = c.data.findings(session=sid, limit=10000)
    events = []
    for r in raw[offset : offset + TIMELINE_PAGE]:
        e = event_row(r)
        e["summary"] = describe(e)
        e["diff"] = diff_of(e) if e["kind"] == "action" else None
        events.append(e)
    pending = approvals_mod.listed(c.store, session=sid, limit=50)
    tools = sorted({e["tool"] for e in events if e["tool"]})
    return {
        "session": found,
        "events": events,
        "findings": list(reversed(finding_rows)),
        "alerts": c.data.alerts(session=sid, limit=200),
        "approvals": pending,
        "graph": graph_svg(build_graph(raw, finding_rows)),
        "tools": tools,
        "seq_of": {r["id"]: r["seq"] for r in raw},
        "more_from": offset + TIMELINE_PAGE if len(raw) > offset + TIMELINE_PAGE else 0,
        "page": "sessions",
    }


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def session_page(request: Request, me: Viewer, session_id: str, partial: int = 0) -> Response:
    context = session_context(request, session_id)
    return render(request, "_session_body.html" if partial else "session.html", me, **context)


@router.get("/ui/events/{seq}", response_class=HTMLResponse)
def event_part(request: Request, me: Viewer, seq: RowId, part: str = "input") -> Response:
    """An event's input or output, loaded when its details are opened (keeps pages small)."""
    c = console_of(request)
    row = c.store.event_at(seq)
    if row is None:
        raise HTTPException(404, f"no event {seq}")
    e = event_row(row)
    if part == "output":
        value = e["tool_output"] if e["tool_output"] is not None else e["error"]
    else:
        value = e["tool_input"]
    # htmx puts this into the page as HTML: escaped, it can only ever be text.
    return HTMLResponse(escape(_pretty(value, 20000)))


@router.get("/sessions/{session_id}/timeline", response_class=HTMLResponse)
def timeline_chunk(request: Request, me: Viewer, session_id: str, offset: int = 0) -> Response:
    """The next chunk of a long timeline (htmx loads it when the reader scrolls to it)."""
    context = session_context(request, session_id, max(0, offset))
    return render(request, "_timeline_events.html", me, **context)


@router.post("/sessions/{session_id}/contain")
def contain(
    request: Request,
    me: Responder,
    session_id: str,
    action: Annotated[str, Form(max_length=32)],
    tool: Annotated[str, Form(max_length=256)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    c = console_of(request)
    found = c.data.session(session_id)
    if found is None:
        raise HTTPException(404, f"no session {session_id!r}")
    do_containment(c, me, found["id"], action, tool, reason, _client(request))
    return _back(f"/sessions/{quote(found['id'])}")


# -- alerts and approvals ------------------------------------------------------------------


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, me: Viewer, status: str = "open") -> Response:
    """Alerts as incidents (one row per session and chain), most urgent first."""
    c = console_of(request)
    found = c.data.incidents(status=status if status in ("open", "acknowledged") else None)
    by_id = {a["id"]: a for a in c.data.alerts(limit=2000)}
    incidents = [
        {**i.to_dict(), "rows": [by_id[a] for a in i.alert_ids if a in by_id]} for i in found[:300]
    ]
    return render(request, "alerts.html", me, incidents=incidents, status=status, page="alerts")


@router.post("/incidents/{incident_id}/ack")
def ack_incident(request: Request, me: Responder, incident_id: str) -> Response:
    """Acknowledge every open alert of one incident (bulk acknowledgement)."""
    c = console_of(request)
    session_id = incident_id.rsplit(":", 1)[0]
    match = [i for i in c.data.incidents(status=None, session=session_id) if i.id == incident_id]
    if not match:
        raise HTTPException(404, f"no incident {incident_id}")
    changed = c.acknowledge_alerts(match[0].open_ids)
    c.record(me, "incident.acknowledge", incident_id, {"alert_ids": changed}, _client(request))
    return _back("/alerts")


@router.post("/alerts/{alert_id}/ack")
def ack(request: Request, me: Responder, alert_id: RowId) -> Response:
    c = console_of(request)
    if c.data.alert(alert_id) is None:
        raise HTTPException(404, f"no alert {alert_id}")
    c.acknowledge_alerts([alert_id])
    c.record(me, "alert.acknowledge", str(alert_id), {}, _client(request))
    return _back("/alerts")


def _approval_rows(request: Request, status: str) -> list[dict[str, Any]]:
    c = console_of(request)
    c.expire_approvals()
    now = time.time()
    rows: list[dict[str, Any]] = [dict(r) for r in approvals_mod.listed(c.store, status=status)]
    for row in rows:
        # seconds until the waiting call is denied; the page counts down from here
        row["left"] = max(0, int(row["expires_at"] - now))
    return rows


@router.get("/approvals", response_class=HTMLResponse)
def approvals_page(request: Request, me: Viewer, status: str = "pending") -> Response:
    rows = _approval_rows(request, status)
    return render(request, "approvals.html", me, approvals=rows, status=status, page="approvals")


@router.get("/ui/approvals-table", response_class=HTMLResponse)
async def approvals_table(request: Request, me: Viewer, status: str = "pending") -> Response:
    rows = await run_in_threadpool(_approval_rows, request, status)
    return render(request, "_approvals_table.html", me, approvals=rows, status=status)


@router.post("/approvals/{approval_id}/decide")
def decide(
    request: Request,
    me: Responder,
    approval_id: RowId,
    decision: Annotated[str, Form(pattern="^(approve|deny)$")],
    scope: Annotated[str, Form(pattern="^(once|session-similar)$")] = "once",
    minutes: Annotated[int, Form(ge=0, le=1440)] = 0,
) -> Response:
    body = ApprovalDecision(scope=scope, minutes=minutes)  # type: ignore[arg-type]
    c = console_of(request)
    if decision == "approve":
        decide_approval(c, me, approval_id, "approved", body, _client(request))
    else:
        decide_approval(c, me, approval_id, "denied", body, _client(request))
    return _back("/approvals")


# -- policies and administration -----------------------------------------------------------


@router.get("/policies", response_class=HTMLResponse)
def policies_page(request: Request, me: Viewer) -> Response:
    c = console_of(request)
    return render(
        request,
        "policies.html",
        me,
        policy=control.policy_view(c.home, c.control),
        page="policies",
    )


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, me: Admin) -> Response:
    c = console_of(request)
    return render(
        request,
        "admin.html",
        me,
        users=auth.list_users(c.engine),
        tokens=auth.list_tokens(c.engine),
        audit=auth.audit_rows(c.engine, 100),
        new_token="",
        page="admin",
    )


@router.post("/admin/tokens")
def admin_create_token(
    request: Request,
    me: Admin,
    name: Annotated[str, Form(min_length=1, max_length=128)],
    role: Annotated[str, Form(pattern="^(viewer|responder|admin)$")],
) -> Response:
    c = console_of(request)
    token_id, token = auth.create_token(c.engine, name, role, me.actor)
    c.record(me, "token.create", str(token_id), {"name": name, "role": role})
    # Shown once: rendered directly instead of redirecting, so it never sits in a URL.
    return render(
        request,
        "admin.html",
        me,
        users=auth.list_users(c.engine),
        tokens=auth.list_tokens(c.engine),
        audit=auth.audit_rows(c.engine, 100),
        new_token=token,
        page="admin",
    )


@router.post("/admin/tokens/{token_id}/revoke")
def admin_revoke_token(request: Request, me: Admin, token_id: RowId) -> Response:
    c = console_of(request)
    if auth.revoke_token(c.engine, token_id):
        c.record(me, "token.revoke", str(token_id), {}, _client(request))
    return _back("/admin")


@router.post("/admin/users")
def admin_add_user(
    request: Request,
    me: Admin,
    name: Annotated[str, Form(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._@-]+$")],
    role: Annotated[str, Form(pattern="^(viewer|responder|admin)$")],
    password: Annotated[str, Form(min_length=auth.MIN_PASSWORD, max_length=1024)],
) -> Response:
    c = console_of(request)
    try:
        auth.add_user(c.engine, name, role, password)
    except auth.ConsoleAuthError as exc:
        raise HTTPException(409, str(exc)) from exc
    c.record(me, "user.add", name, {"role": role}, _client(request))
    return _back("/admin")
