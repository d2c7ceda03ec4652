"""The console's FastAPI application: the REST API, the live stream and the dashboard.

``create_app(home)`` opens the home's store, creates the console's tables on its database
and mounts ``/api/v1`` (JSON, documented at ``/api/v1/openapi.json``), the dashboard
pages and ``/static``. Only ``/healthz`` and the login page answer without credentials.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from bastion import __version__
from bastion.config import Home
from bastion.daemon import client as daemon_ctl
from bastion.daemon.home_writes import HomeWriteFailed, HomeWriteRefused
from bastion.errors import ConfigError
from bastion.server.auth import LoginLimits, Principal
from bastion.server.console import Console
from bastion.server.control import ControlFn
from bastion.server.security import COOKIE, LoginRequired, require
from bastion.store import Store
from bastion.store.fleet_plane import FleetTables

__all__ = ["CSP", "STATIC", "create_app"]

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def _login_limits(home: Home) -> LoginLimits:
    """``[console]`` login limits; an unreadable config keeps the safe defaults."""
    try:
        return LoginLimits.from_settings(home.settings().extra.get("console") or {})
    except (ConfigError, TypeError, ValueError):
        return LoginLimits()


def create_app(
    home: Home | str | Path | None = None,
    *,
    store: Store | None = None,
    control: ControlFn | None = None,
    poll_interval: float = 0.2,
    stream_seconds: float = 300.0,
    secure_cookies: bool | None = None,
    fleet: FleetTables | None = None,
) -> FastAPI:
    """The console for one Bastion home (its store unless ``store`` is given); with
    ``fleet`` (a control plane's tables) it also shows the fleet (``/fleet``)."""
    h = home if isinstance(home, Home) else Home.resolve(home)
    h.ensure()
    st = store or Store(h.database_url)  # opening a store migrates it, console tables too
    console = Console(
        h,
        st,
        control or daemon_ctl.control,
        poll_interval=poll_interval,
        stream_seconds=stream_seconds,
        secure_cookies=secure_cookies,
        login_limits=_login_limits(h),
    )
    app = FastAPI(
        title="Bastion console",
        version=__version__,
        description=(
            "Control plane of Bastion: sessions, events, findings, alerts, approvals, "
            "containment and policies. Authenticate with `Authorization: Bearer <token>` "
            "(`bastion console token create`) or a browser login; cookie-authenticated "
            "state changes need the `X-CSRF-Token` header."
        ),
        openapi_url=None,  # served below, behind a credential like the rest of the API
        docs_url=None,
        redoc_url=None,
    )
    app.state.console = console
    app.state.fleet = fleet  # None: the fleet page says how to connect a control plane

    from bastion.server.api import router as api_router
    from bastion.server.ui import router as ui_router

    app.include_router(api_router)
    app.include_router(ui_router)
    from bastion.server.witness import router as witness_router

    app.include_router(witness_router)  # C2SP tlog-witness: POST /add-checkpoint
    from bastion.server.compliance_page import router as compliance_router

    app.include_router(compliance_router)  # issue #18: the compliance report, live
    from bastion.server.coverage_page import router as coverage_router

    app.include_router(coverage_router)  # issue #16: did the hooks run?
    from bastion.server.fleet_page import router as fleet_router

    app.include_router(fleet_router)  # issue #19: the fleet's devices and findings
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def openapi_document() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            doc.setdefault("components", {})["securitySchemes"] = {
                "token": {"type": "http", "scheme": "bearer"},
                "login": {"type": "apiKey", "in": "cookie", "name": COOKIE},
            }
            doc["security"] = [{"token": []}, {"login": []}]
            doc["paths"]["/healthz"]["get"]["security"] = []
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi_document  # type: ignore[method-assign]

    @app.get("/api/v1/openapi.json", include_in_schema=False)
    def openapi_json(principal: Annotated[Principal, Depends(require("viewer"))]) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/healthz", include_in_schema=True, tags=["health"])
    def healthz() -> dict[str, Any]:
        """Liveness: answers without credentials and says nothing about the record."""
        return {"ok": True}

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(ValueError)
    async def _value_error(request: Request, exc: ValueError) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(HomeWriteFailed)
    async def _home_write_failed(request: Request, exc: HomeWriteFailed) -> Response:
        # The daemon refused the console, or failed mid-way: nothing was written (issue #18).
        code = 403 if isinstance(exc, HomeWriteRefused) else 503
        return JSONResponse({"detail": str(exc)}, status_code=code)

    if store is None:
        app.router.add_event_handler("shutdown", st.close)
    return app
