"""Upgrading stores made by earlier versions: nothing recorded is lost or rewritten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, inspect, select
from test_store_support import backend_url, event_row, session_row

from bastion.audit.signer import LogSigner
from bastion.audit.verify import trusted, verify_log
from bastion.store import HEAD_REVISION, Store
from bastion.store.schema import metadata

CONSOLE = ["approvals", "console_audit", "console_logins", "console_tokens", "console_users"]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request, tmp_path)


def alembic_config(conn: object) -> Config:
    config = Config()
    config.set_main_option("script_location", "bastion.store:migrations")
    config.attributes["connection"] = conn
    return config


def test_console_tables_made_by_an_older_console_are_kept(store_url: str, tmp_path: Path) -> None:
    signer = LogSigner.for_keys_dir(tmp_path / "keys")
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    store.upsert_session(session_row("s0"))
    store.append_events([(event_row(i, "s0"), [], [], {"last_seen": 1.0}) for i in range(5)])
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:  # back to 0003, then the old console's create_all
        command.downgrade(alembic_config(conn), "0003")
    assert not set(CONSOLE) & set(inspect(engine).get_table_names())
    console = [metadata.tables[name] for name in CONSOLE]
    metadata.create_all(engine, tables=console[:3])  # an older console made some of them
    users = metadata.tables["console_users"]
    with engine.begin() as conn:
        conn.execute(
            insert(metadata.tables["console_audit"]).values(
                time=1.0, actor="alice", role="admin", action="login", target="", client=""
            )
        )
    engine.dispose()

    store = Store(store_url)  # upgrades to the head revision
    engine = create_engine(store_url)
    assert set(CONSOLE) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.execute(select(metadata.tables["console_audit"].c.actor)).scalars().all() == [
            "alice"
        ]
        assert conn.execute(select(users)).all() == []
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            HEAD_REVISION
        )
    with store.log_reader() as reader:
        report = verify_log(reader, trusted([signer.verifier_key]))
    assert report.ok and report.rows == 5, report
    engine.dispose()
    store.close()


def test_logged_json_moves_from_jsonb_to_canonical_text_and_still_verifies(
    store_url: str, tmp_path: Path
) -> None:
    from test_store_support import alert_row, finding_row

    signer = LogSigner.for_keys_dir(tmp_path / "keys")
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    store.upsert_session(session_row("s0"))
    rows = [event_row(i, "s0", data={"tool_input": {"n": i, "ratio": i / 7}}) for i in range(6)]
    store.append_events([(r, [finding_row(r)], [alert_row(r)], {"last_seen": 1.0}) for r in rows])
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:  # as an older Bastion left it: JSONB on PostgreSQL
        command.downgrade(alembic_config(conn), "0004")
    if engine.dialect.name == "postgresql":
        kinds = {c["name"]: str(c["type"]) for c in inspect(engine).get_columns("events")}
        assert kinds["data"] == "JSONB"
    engine.dispose()

    store = Store(store_url)  # upgrades, rewriting each value as its canonical text
    with store.log_reader() as reader:
        report = verify_log(reader, trusted([signer.verifier_key]))
    assert report.ok and report.rows == 6, report
    assert [e["data"] for e in store.events("s0")] == [r["data"] for r in rows]
    assert store.findings("s0")[0]["evidence"] == finding_row(rows[0])["evidence"]
    store.close()
