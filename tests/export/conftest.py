"""Fixtures of the export tests (helpers live in export_support)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_support import other_session, postgres_url, record

from bastion.cli.demo import incident_payloads
from bastion.config import Home
from bastion.daemon import client
from bastion.store import Store


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[Store]:
    """A store holding the classic incident (session inc-1) and `other_session` (oth-1)."""
    store = Store(f"sqlite:///{tmp_path / 'record.db'}", checkpoint_seconds=0)
    record(store, incident_payloads("inc-1") + other_session("oth-1"))
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def recorded_any(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """`recorded`, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'record.db'}"])
    else:
        urls = postgres_url()
    url = next(urls)
    store = Store(url, checkpoint_seconds=0)
    record(store, incident_payloads("inc-1") + other_session("oth-1"))
    yield store
    store.close()
    for _ in urls:  # drop the schema
        pass


@pytest.fixture
def daemon_home(recorded_any: Store, tmp_path: Path) -> Iterator[Home]:
    """A real daemon (its own process) serving a home whose database is ``recorded_any``."""
    home = Home.resolve(tmp_path / "home")
    home.ensure()
    home.config_path.write_text(f"database_url = {json.dumps(recorded_any.url)}\n")
    client.start(home, wait=60.0)
    try:
        yield home
    finally:
        client.stop(home)
