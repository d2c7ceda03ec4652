"""Who is asking, and may they: API tokens, browser logins, roles and CSRF for FastAPI.

A request is authenticated by ``Authorization: Bearer <token>`` or by the login cookie;
nothing but ``/healthz`` and the login page answers without one. A cookie-authenticated
request that changes state must also carry the login's CSRF token, in the
``X-CSRF-Token`` header (API, htmx) or the ``csrf_token`` form field (forms): the cookie
alone proves nothing about which page sent the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from bastion.server import auth

COOKIE = "bastion_console"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class LoginRequired(Exception):
    """A dashboard page was asked for without a login: answered with a redirect."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


async def authenticate(request: Request) -> auth.Principal | None:
    engine = request.app.state.console.engine
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return await run_in_threadpool(auth.token_principal, engine, token.strip())
    cookie = request.cookies.get(COOKIE)
    if cookie:
        return await run_in_threadpool(auth.login_principal, engine, cookie)
    return None


async def _check_csrf(request: Request, principal: auth.Principal) -> None:
    if principal.kind != "user" or request.method in SAFE_METHODS:
        return
    presented = request.headers.get(CSRF_HEADER)
    if not presented:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            presented = value if isinstance(value, str) else None
    if not auth.csrf_ok(principal, presented):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")


def require(role: str) -> Callable[[Request], Awaitable[auth.Principal]]:
    """An API dependency: a valid credential with at least ``role`` (401, 403 otherwise)."""

    async def dependency(request: Request) -> auth.Principal:
        principal = await authenticate(request)
        if principal is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "authentication required: an API token (Authorization: Bearer) or a login",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not principal.can(role):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"this needs the {role} role (you are {principal.role})"
            )
        await _check_csrf(request, principal)
        request.state.principal = principal
        return principal

    return dependency


def page(role: str) -> Callable[[Request], Awaitable[auth.Principal]]:
    """A dashboard dependency: like `require`, but a browser without a login is sent to
    /login. A page also accepts an API token (``Authorization: Bearer``), as the API does,
    so a script can fetch what a person sees; a wrong token is a 401, not a redirect."""

    async def dependency(request: Request) -> auth.Principal:
        principal = await authenticate(request)
        if principal is None and request.headers.get("authorization"):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "the API token is not valid (revoked, mistyped, or not a Bearer token)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if principal is None:
            raise LoginRequired(request.url.path)
        if not principal.can(role):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this page needs the {role} role (you are {principal.role})",
            )
        await _check_csrf(request, principal)
        request.state.principal = principal
        return principal

    return dependency
