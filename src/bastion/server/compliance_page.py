"""The console's compliance page: the report of `bastion compliance report`, live.

``GET /compliance?framework=soc2&days=30`` runs the same evidence queries on the
console's store and shows each control's status and evidence; ``GET
/compliance/report.json`` gives the same as JSON. Proof bundles are written by the CLI
(they need the log's signing key, which the console does not hold).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from bastion.server import auth
from bastion.server.security import page

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
Viewer = Annotated[auth.Principal, Depends(page("viewer"))]


def _report(request: Request, framework: str, days: int) -> Any:
    from bastion.compliance.catalogue import load
    from bastion.compliance.evidence import Window
    from bastion.compliance.report import build
    from bastion.export import config as export_config

    console = request.app.state.console
    if framework not in load().frameworks:
        framework = "soc2"
    try:
        sinks = export_config.load(console.home.settings().extra).sinks
    except Exception:
        sinks = []
    now = time.time()
    with console.store.snapshot() as conn:
        return build(conn, framework, Window(now - max(1, days) * 86400, now), sinks)


@router.get("/compliance", response_class=HTMLResponse)
async def compliance_page(
    request: Request, me: Viewer, framework: str = "soc2", days: int = 30
) -> Response:
    """Controls of one framework with their status and evidence over the last ``days``."""
    from bastion.compliance.catalogue import load
    from bastion.compliance.report import to_html

    report = await run_in_threadpool(_report, request, framework, days)
    return templates.TemplateResponse(
        request,
        "compliance.html",
        {
            "me": me,
            "csrf": me.csrf,
            "now": time.time(),
            "page": "compliance",
            "frameworks": load().frameworks,
            "framework": report.framework,
            "days": days,
            # to_html escapes every value it writes.
            "body": Markup(to_html(report, standalone=False)),
        },
    )


@router.get("/compliance/report.json")
async def compliance_json(
    request: Request, me: Viewer, framework: str = "soc2", days: int = 30
) -> Response:
    from bastion.compliance.report import to_dict

    report = await run_in_threadpool(_report, request, framework, days)
    return JSONResponse(to_dict(report))
