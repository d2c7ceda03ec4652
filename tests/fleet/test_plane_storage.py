"""How the control plane stores entries, on the real PostgreSQL (skipped without
``BASTION_TEST_POSTGRES_URL``): binary COPY keeps each entry byte for byte, the day
partitions compress entries with lz4 where the server has it, and `setup` brings a
schema made by an earlier version (the extra index, pglz partitions) up to date."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bastion.audit.records import mode_row
from bastion.audit.signer import LogSigner
from bastion.config import Home
from bastion.fleet.batch import Batch
from bastion.fleet.controlplane import ControlPlane, Outcome, prepare
from bastion.store import Store
from bastion.store.entries import iter_entries


@pytest.fixture
def plane() -> Iterator[ControlPlane]:
    url = os.environ.get("BASTION_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail("BASTION_TEST_POSTGRES_URL is not set; see README.md, Tests")
        pytest.skip("BASTION_TEST_POSTGRES_URL is not set; see README.md, Tests")
    cp = ControlPlane(url, schema=f"fleet_s{secrets.token_hex(4)}")
    cp.setup()
    yield cp
    cp.drop()
    cp.close()


def _compression(plane: ControlPlane) -> dict[str, str]:
    """Each ``entries`` table's ``entry`` column compression ('' = server default)."""
    with plane.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.relname, a.attcompression FROM pg_attribute a"
                " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE n.nspname = :s AND a.attname = 'entry'"
            ),
            {"s": plane.schema},
        ).all()
    return {str(r[0]): str(r[1]) for r in rows}


def _lz4(plane: ControlPlane) -> bool:
    with plane.engine.connect() as conn:
        return bool(plane._has_lz4(conn))


def _indexes(plane: ControlPlane) -> set[str]:
    with plane.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT indexname FROM pg_indexes WHERE schemaname = :s"), {"s": plane.schema}
        ).all()
    return {str(r[0]) for r in rows}


def test_entries_are_stored_byte_for_byte_with_their_placement(
    tmp_path: Path, plane: ControlPlane
) -> None:
    home = Home.resolve(tmp_path / "h").ensure()
    signer = LogSigner.for_keys_dir(home.keys_dir)
    store = Store(f"sqlite:///{home.db_path}", signer=signer)
    try:
        # Text that a text-format COPY would have to escape: tabs, newlines, backslashes.
        reasons = ["tab\there", "line\nbreak", "back\\slash", 'quote"d', "plain"]
        store.append_events(
            [
                (mode_row(f"s{i}", "ask", "normal", r, "test"), [], [], {})
                for i, r in enumerate(reasons)
            ]
        )
        row = store.checkpoint()
        assert row is not None
        with store.snapshot() as conn:
            entries = tuple(e.entry for e in iter_entries(conn))
    finally:
        store.close()
    plane.enrol_key(signer.verifier_key, "ann@example.test")
    ready = prepare(Batch(signer.origin, 0, entries, row.note, ()))
    assert plane.store_batch(ready) is Outcome.STORED
    with plane.engine.connect() as conn:
        stored = conn.execute(
            text(
                f"SELECT leaf_index, entry, leaf_hash, session_id, kind,"
                f" extract(epoch from time) FROM {plane.schema}.entries ORDER BY leaf_index"
            )
        ).all()
    assert [r[1].encode("ascii") for r in stored] == list(entries)
    assert [bytes(r[2]) for r in stored] == list(ready.hashes)
    assert [r[3] for r in stored] == [r.session_id for r in ready.rows]
    assert [r[3] for r in stored][:1] == ["s0"]
    assert all(r[4] == ready.rows[0].kind and r[4] for r in stored)
    assert [round(float(r[5]), 3) for r in stored] == [round(r.time, 3) for r in ready.rows]
    assert all(r.time > 1e9 for r in ready.rows)  # the events' own times, not the epoch


def test_setup_upgrades_an_earlier_schema(plane: ControlPlane) -> None:
    s = plane.schema
    with plane.engine.begin() as conn:  # what an earlier version's setup left
        conn.execute(text(f"CREATE INDEX entries_device_leaf ON {s}.entries (device, leaf_index)"))
        for table in plane._entry_tables(conn):
            conn.execute(text(f"ALTER TABLE {table} ALTER COLUMN entry SET COMPRESSION pglz"))
    assert "entries_device_leaf" in _indexes(plane)
    plane.setup()
    assert "entries_device_leaf" not in _indexes(plane)
    compression = _compression(plane)
    assert "entries" in compression and "entries_default" in compression
    assert len(compression) >= 7  # the parent, DEFAULT and the day partitions
    # A server built without lz4 keeps pglz (and setup does not fail on it).
    assert set(compression.values()) == {"l" if _lz4(plane) else "p"}
