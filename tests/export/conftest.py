"""Fixtures of the export tests (helpers live in export_support)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from export_support import other_session, postgres_url, record

from bastion.cli.demo import incident_payloads
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
