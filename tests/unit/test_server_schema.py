"""Property tests of the REST API against its own OpenAPI document (schemathesis).

Every operation gets a bounded number of generated requests, authenticated as an admin
so that each reaches its handler: none may answer with a server error, and answers must
match the documented schemas. The live stream is left out (it is tested directly).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from test_server_support import record_demo

from bastion.config import Home
from bastion.server import auth
from bastion.server.app import create_app

_root = Path(tempfile.mkdtemp(prefix="bastion-schema-"))
atexit.register(shutil.rmtree, _root, ignore_errors=True)
HOME = Home.resolve(_root / "h").ensure()
record_demo(HOME)
APP = create_app(HOME, secure_cookies=False)
# Generated calls may revoke low-numbered tokens: the one used here comes last.
for n in range(20):
    auth.create_token(APP.state.console.engine, f"spare-{n}", "viewer")
_token = auth.create_token(APP.state.console.engine, "schemathesis", "admin")[1]
AUTH = {"Authorization": f"Bearer {_token}"}

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP, headers=AUTH)


@schema.exclude(path="/api/v1/stream").parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=AUTH, checks=[not_a_server_error, response_schema_conformance])
