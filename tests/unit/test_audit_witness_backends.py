"""The witness and the sessions-table checks on both backends (SQLite and PostgreSQL).

A cut tail, re-signed with the log's own key, and edits of the sessions table are found
by `bastion audit verify` whichever database holds the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from test_store_support import backend_url
from typer.testing import CliRunner

from bastion.cli.audit_cmd import app as audit_app
from bastion.cli.demo import incident_payloads
from bastion.config import Home
from bastion.daemon import build_engine
from bastion.store import Store
from bastion.store.schema import audit_nodes, checkpoints, events, sessions


@pytest.fixture(params=["sqlite", "postgresql"])
def home(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Home]:
    for url in backend_url(request, tmp_path):
        root = Home.resolve(tmp_path / "h").ensure()
        monkeypatch.setenv("BASTION_HOME", str(root.root))
        monkeypatch.setenv("BASTION_DATABASE_URL", url)
        engine = build_engine(root)
        try:
            for payload in incident_payloads("backend-1"):
                engine.handle_payload("claude-code", json.dumps(payload).encode())
        finally:
            engine.store.close()
        yield root


def verify() -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(audit_app, ["verify", "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_a_cut_and_resigned_tail_is_found_on_both_backends(home: Home) -> None:
    code, out = verify()
    assert code == 0 and out["witnessed_size"] == out["rows"], out
    keep = out["rows"] - 3
    store = Store(home.database_url)
    try:
        with store.transaction() as conn:
            last = conn.execute(select(events.c.seq).order_by(events.c.seq).offset(keep)).first()
            assert last is not None
            conn.execute(delete(events).where(events.c.seq >= last[0]))
            conn.execute(
                delete(audit_nodes).where(audit_nodes.c.level == 0, audit_nodes.c.index >= keep)
            )
            conn.execute(
                delete(audit_nodes).where(
                    audit_nodes.c.level > 0,
                    ((audit_nodes.c.index + 1) * func.power(2, audit_nodes.c.level)) > keep,
                )
            )
            conn.execute(delete(checkpoints))
            count = select(func.count()).where(events.c.session_id == sessions.c.id)
            conn.execute(update(sessions).values(event_count=count.scalar_subquery()))
    finally:
        store.close()
    from bastion.audit.signer import LogSigner

    resigned = Store(home.database_url, signer=LogSigner.for_keys_dir(home.keys_dir))
    resigned.checkpoint()
    resigned.close()
    code, out = verify()
    assert code == 1
    assert any("entries at the end were deleted" in p for p in out["problems"]), out


def test_a_changed_human_is_found_on_both_backends(home: Home) -> None:
    assert verify()[0] == 0
    store = Store(home.database_url)
    try:
        with store.transaction() as conn:
            conn.execute(update(sessions).values(human="mallory@example.com"))
    finally:
        store.close()
    code, out = verify()
    assert code == 1 and any("column human" in p for p in out["problems"]), out
