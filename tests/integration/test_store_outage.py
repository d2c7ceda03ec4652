"""A store outage loses no refusal: real daemon, real hooks, a real PostgreSQL outage.

The store is a database of its own; the outage is PostgreSQL refusing every connection
to it (``ALLOW_CONNECTIONS false`` and its sessions terminated), not a mock. Every call
made meanwhile is refused by the daemon, journaled, and moved into the signed log when
the database takes connections again: 0 refusals unrecorded, and the log verifies.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_daemon_crash import HOOK, TEMPLATE, _daemon, _stop
from test_store_support import PG_ENV, PG_HOW, need_env

from bastion.audit.journal import RefusalJournal
from bastion.audit.records import JOURNALED_REFUSAL
from bastion.cli.audit_cmd import app as audit_app
from bastion.store import Store

CALLS = 60
REFUSED = "internal error while deciding"

pytestmark = pytest.mark.slow


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    base = need_env(PG_ENV, PG_HOW)
    name = "bastion_outage_" + secrets.token_hex(4)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    home = Path(tempfile.mkdtemp(prefix="bo", dir="/tmp"))  # short: the socket path
    try:
        yield dict(
            os.environ,
            BASTION_HOME=str(home),
            BASTION_DATABASE_URL=url,
            BASTION_HOOK_TIMEOUT="30",
            OUTAGE_DB=name,
            OUTAGE_ADMIN=base,
        )
    finally:
        _stop(home)
        shutil.rmtree(home, ignore_errors=True)
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


def outage(environ: dict[str, str], down: bool) -> None:
    admin = create_engine(environ["OUTAGE_ADMIN"], isolation_level="AUTOCOMMIT")
    name = environ["OUTAGE_DB"]
    try:
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(not down).lower()}"))
            if down:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                    ),
                    {"n": name},
                )
    finally:
        admin.dispose()


def payload(n: int) -> bytes:
    data = json.loads(TEMPLATE.read_text())
    data["session_id"] = f"outage-session-{n % 3}"
    data["tool_use_id"] = f"toolu_outage_{n:05d}"
    data["tool_input"] = {"command": f"echo {n}", "description": "count"}
    return json.dumps(data).encode()


def hook(environ: dict[str, str], n: int) -> tuple[int, str]:
    done = subprocess.run(
        [HOOK, "claude-code"], input=payload(n), env=environ, capture_output=True, timeout=120
    )
    return n, done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")


def test_refusals_during_a_store_outage_all_reach_the_log(env: dict[str, str]) -> None:
    home = Path(env["BASTION_HOME"])
    daemon = _daemon(env)
    try:
        for n in range(3):  # the sessions exist, the daemon is warm
            assert REFUSED not in hook(env, n)[1]
        outage(env, down=True)
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda n: hook(env, n), range(3, 3 + CALLS)))
        refused = sorted(n for n, out in answers if REFUSED in out)
        assert len(refused) == CALLS, [out for _n, out in answers if REFUSED not in out][:2]
        journal = RefusalJournal.for_home(home)
        assert len(journal.read()) == CALLS  # on disk while the store is down
        assert "echo" in journal.path.read_text()  # what was refused, not only that

        outage(env, down=False)
        deadline = time.monotonic() + 30
        while REFUSED in hook(env, 1000)[1]:  # the pool reconnects on its next try
            assert time.monotonic() < deadline, "the store did not come back"
            time.sleep(0.2)
        assert not journal.pending()
    finally:
        _stop(home)
        daemon.wait(timeout=30)

    store = Store(env["BASTION_DATABASE_URL"])
    try:
        logged = [
            e
            for s in range(3)
            for e in store.events(f"outage-session-{s}")
            if e["native_name"] == JOURNALED_REFUSAL
        ]
    finally:
        store.close()
    ids = sorted(int(e["data"]["refusal"]["tool_use_id"].rsplit("_", 1)[1]) for e in logged)
    assert ids == refused, "0 refusals unrecorded, none twice"
    assert all(e["decision"] == "deny" for e in logged)
    result = CliRunner().invoke(audit_app, ["verify", "--home", str(home)], env=env)
    assert result.exit_code == 0, result.output
