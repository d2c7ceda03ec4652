"""The console's coverage page: did the hooks run? (``bastion coverage``, live).

``GET /coverage`` shows, for the latest sessions, how many tool calls Bastion decided and
which calls the agent's own session log shows that it never decided, and the agents on the
console's machine whose hooks would not run; ``GET /coverage.json`` gives the same as JSON.
The logs are read where the console runs: sessions from other machines are listed as not
checked.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from bastion.server import auth
from bastion.server.security import page

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
Viewer = Annotated[auth.Principal, Depends(page("viewer"))]


def _coverage(request: Request, agent: str | None, limit: int) -> Any:
    from bastion.inventory.coverage import coverage
    from bastion.sensors import registry

    name = registry.canonical(agent) if agent else None
    store = request.app.state.console.store
    return coverage(store, agent=name, limit=max(1, min(limit, 200)), project_dir=None)


@router.get("/coverage", response_class=HTMLResponse)
async def coverage_page(
    request: Request, me: Viewer, agent: str | None = None, limit: int = 20
) -> Response:
    found = await run_in_threadpool(_coverage, request, agent, limit)
    return templates.TemplateResponse(
        request,
        "coverage.html",
        {"me": me, "csrf": me.csrf, "now": time.time(), "page": "coverage",
         "found": found, "agent": agent or "", "limit": limit},
    )  # fmt: skip


@router.get("/coverage.json")
async def coverage_json(
    request: Request, me: Viewer, agent: str | None = None, limit: int = 20
) -> Response:
    found = await run_in_threadpool(_coverage, request, agent, limit)
    return JSONResponse(found.to_json())
