"""The console's fleet page: the devices of a fleet control plane and its findings (#19).

``GET /fleet`` shows each enrolled device (its human, status, the leaves the control plane
holds, its last checkpoint and whether the control plane cosigned it, the last policy
bundle it reported) and the newest fleet findings; ``GET /fleet.json`` gives the same as
JSON. The console reads the control plane's PostgreSQL schema (``bastion serve
--fleet-db URL``, read-only queries); without one the page says how to connect it.
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


def _fleet(request: Request) -> dict[str, Any] | None:
    """Devices and findings as plain data, or None when no control plane is connected."""
    tables = getattr(request.app.state, "fleet", None)
    if tables is None:
        return None
    devices = tables.overview()
    findings = tables.latest_findings(100)
    return {
        "devices": [
            {
                "origin": d.origin,
                "human": d.human,
                "status": d.status,
                "stored": d.stored,
                "enrolled_at": d.enrolled_at,
                "updated_at": d.updated_at,
                "replaced_by": d.replaced_by,
                "checkpoint": {
                    "size": d.checkpoint_size,
                    "at": d.checkpoint_at,
                    "cosigned": d.checkpoint_cosigned,
                },
                "cosigned_size": d.cosigned_size,
                "witnessed": d.cosigned_size > 0 and d.cosigned_size == d.checkpoint_size,
                "bundle": {"version": d.bundle_version, "status": d.bundle_status},
            }
            for d in devices
        ],
        "findings": [
            {
                "id": f.id,
                "kind": f.kind,
                "severity": f.severity,
                "devices": f.devices,
                "detail": f.detail,
                "at": f.at,
            }
            for f in findings
        ],
    }


@router.get("/fleet", response_class=HTMLResponse)
async def fleet_page(request: Request, me: Viewer) -> Response:
    found = await run_in_threadpool(_fleet, request)
    return templates.TemplateResponse(
        request,
        "fleet.html",
        {"me": me, "csrf": me.csrf, "now": time.time(), "page": "fleet", "fleet": found},
    )


@router.get("/fleet.json")
async def fleet_json(request: Request, me: Viewer) -> Response:
    found = await run_in_threadpool(_fleet, request)
    if found is None:
        return JSONResponse(
            {"detail": "no fleet control plane connected: start the console with --fleet-db"},
            status_code=404,
        )
    return JSONResponse(found)
