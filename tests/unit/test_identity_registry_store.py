"""The identity registry lives in the store (one Alembic chain, SQLite and PostgreSQL), and
a home made before that has its ``identity.db`` rows moved in, once, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from test_store_support import backend_url

from bastion.identity.registry import LEGACY_FILE, Registry
from bastion.store import Store
from bastion.store.identity import IdentitySessionRow

IDENTITY_TABLES = {
    "identity_agents",
    "identity_sessions",
    "identity_revocations",
    "identity_grants",
}

# The registry's own file as the releases before the store held it made it (create_all).
OLD_SCHEMA = """
CREATE TABLE agents (id VARCHAR(64) PRIMARY KEY, agent VARCHAR(64) NOT NULL,
  version VARCHAR(64) NOT NULL, host VARCHAR(255) NOT NULL, hooks_sha256 VARCHAR(64) NOT NULL,
  first_seen FLOAT NOT NULL, last_seen FLOAT NOT NULL, sessions INTEGER NOT NULL);
CREATE TABLE sessions (id VARCHAR(255) PRIMARY KEY, human VARCHAR(255) NOT NULL,
  agent_instance VARCHAR(64) NOT NULL, jti VARCHAR(64) NOT NULL, token TEXT NOT NULL,
  issued_at FLOAT NOT NULL, expires_at FLOAT NOT NULL, started_at FLOAT NOT NULL,
  hooks_sha256 VARCHAR(64) NOT NULL, data TEXT NOT NULL);
CREATE TABLE revocations (id INTEGER PRIMARY KEY AUTOINCREMENT, kind VARCHAR(16) NOT NULL,
  subject VARCHAR(255) NOT NULL, at FLOAT NOT NULL, by VARCHAR(255) NOT NULL,
  reason TEXT NOT NULL, lifted_at FLOAT);
CREATE TABLE grants (id VARCHAR(32) PRIMARY KEY, session_id VARCHAR(255) NOT NULL,
  kind VARCHAR(16) NOT NULL, value TEXT NOT NULL, created FLOAT NOT NULL,
  expires_at FLOAT NOT NULL, approved_by VARCHAR(255) NOT NULL, reason TEXT NOT NULL);
"""
TOKEN = "eyJ" + "hbGciOiJFZERTQSJ9.fake.not-a-signature"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request, tmp_path)


def old_home(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(root / LEGACY_FILE) as db:
        db.executescript(OLD_SCHEMA)
        db.execute(
            "INSERT INTO agents VALUES ('agt-1', 'claude-code', '2.1', 'devbox', 'h1', 1.0, 5.0, 3)"
        )
        db.execute(
            "INSERT INTO sessions VALUES ('sess-1', 'alice', 'agt-1', 'jti-1', ?, 1.0, 9e9, "
            "1.0, 'h1', ?)",
            (TOKEN, json.dumps({"scope": {"hosts": ["github.com"]}}, sort_keys=True)),
        )
        db.execute("INSERT INTO revocations VALUES (1, 'agent', 'agt-9', 2.0, 'bob', 'lost', NULL)")
        db.execute("INSERT INTO revocations VALUES (2, 'human', 'eve', 2.5, 'bob', 'left', 3.0)")
        db.execute(
            "INSERT INTO grants VALUES ('g1', 'sess-1', 'host', 'pypi.org', 1.0, 9e9, 'bob', 'ci')"
        )
    return root


def test_the_registry_lives_in_the_store(store_url: str, tmp_path: Path) -> None:
    registry = Registry(tmp_path, store_url)
    try:
        assert registry.register_agent("agt-1", "claude-code", "2.1", "devbox", "h1", 1.0)
        assert not registry.register_agent("agt-1", "claude-code", "2.1", "devbox", "h1", 2.0)
        registry.save_session(
            IdentitySessionRow(
                id="sess-1",
                human="alice",
                agent_instance="agt-1",
                jti="jti-1",
                token=TOKEN,
                issued_at=1.0,
                expires_at=9e9,
                started_at=1.0,
                hooks_sha256="h1",
                data={"scope": {"hosts": ["github.com"]}},
            )
        )
        registry.revoke("agent", "agt-1", "bob", "lost laptop", 3.0)
        found = registry.session("sess")  # a unique prefix finds it
        assert found is not None and found.data == {"scope": {"hosts": ["github.com"]}}
        assert [a.sessions for a in registry.agents()] == [2]
        assert [(r.kind, r.subject) for r in registry.revocations()] == [("agent", "agt-1")]
        assert registry.lift("agent", "agt-1", 4.0) == 1 and registry.revocations() == []
    finally:
        registry.close()
    engine = create_engine(store_url)
    try:
        assert set(inspect(engine).get_table_names()) >= IDENTITY_TABLES
    finally:
        engine.dispose()
    assert not (tmp_path / LEGACY_FILE).exists()  # no file of its own any more


def test_an_old_identity_file_is_moved_into_the_store_once(store_url: str, tmp_path: Path) -> None:
    root = old_home(tmp_path / "home")
    registry = Registry(root, store_url)
    try:
        assert registry.moved == 5  # an agent, a session, two revocations, a grant
        assert not (root / LEGACY_FILE).exists() and (root / f"{LEGACY_FILE}.moved").exists()
        assert [(a.id, a.sessions, a.last_seen) for a in registry.agents()] == [("agt-1", 3, 5.0)]
        session = registry.session("sess-1")
        assert session is not None and session.token == TOKEN
        assert session.data == {"scope": {"hosts": ["github.com"]}}
        # The lifted revocation came along as lifted: only the live one is in force.
        assert [(r.kind, r.subject) for r in registry.revocations()] == [("agent", "agt-9")]
        assert [(g.id, g.value) for g in registry.grants(2.0)] == [("g1", "pypi.org")]
        assert registry.sessions_of(human="alice") == ["sess-1"]
    finally:
        registry.close()
    again = Registry(root, store_url)  # the next open finds nothing to move
    try:
        assert again.moved == 0 and len(again.agents()) == 1
    finally:
        again.close()


def test_a_move_cut_short_is_finished_without_duplicates(tmp_path: Path) -> None:
    root = old_home(tmp_path / "home")
    url = f"sqlite:///{tmp_path / 'bastion.db'}"
    (tmp_path / "elsewhere").mkdir()
    first = Registry(tmp_path / "elsewhere", url)  # the store already holds some rows
    first.register_agent("agt-1", "claude-code", "2.1", "devbox", "h1", 1.0)
    first.revoke("agent", "agt-9", "bob", "lost", 2.0)
    first.close()
    registry = Registry(root, url)
    try:
        assert registry.moved == 3  # the session, the other revocation, the grant
        assert len(registry.agents()) == 1  # and no second copy of what was there
        kinds = sorted((r.kind, r.subject) for r in registry.revocations())
        assert kinds == [("agent", "agt-9")]
    finally:
        registry.close()


def test_the_daemon_s_store_is_shared_not_reopened(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'bastion.db'}")
    try:
        registry = Registry(tmp_path, store=store)
        with store.transaction():  # a write inside the store's transaction joins it
            registry.register_agent("agt-2", "claude-code", "2.1", "devbox", "h2", 1.0)
        registry.close()  # leaves the daemon's store open
        assert store.count_events() == 0
        assert [a.id for a in Registry(tmp_path, store=store).agents()] == ["agt-2"]
    finally:
        store.close()
