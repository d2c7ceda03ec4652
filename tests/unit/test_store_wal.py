"""The daemon's SQLite store copies its write-ahead log into the database from a thread of
its own (`Store(background_wal=True)`), so no commit on the deciding thread pays for it."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from test_store_support import event_row, session_row

from bastion.store import Store


def _fill(store: Store, n: int) -> None:
    items = []
    for i in range(n):
        row = event_row(i, "s1")
        row["data"] = {"text": "x" * 2000, "n": i}  # enough pages to pass SQLite's mark
        items.append((row, [], [], {"last_seen": row["time"]}))
    for start in range(0, n, 50):
        store.append_events(items[start : start + 50])


def _database_pages(path: Path) -> int:
    """Pages in the database file itself, without what waits in the WAL."""
    return path.stat().st_size // 4096


def test_commits_leave_the_wal_to_the_thread_which_copies_it(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    store = Store(f"sqlite:///{db}", background_wal=True)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        store.upsert_session(session_row("s1"))
        before = _database_pages(db)
        _fill(store, 3000)  # ~1,600 pages of WAL: a commit would have copied them itself
        deadline = time.monotonic() + 10
        while _database_pages(db) < before + 1000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _database_pages(db) >= before + 1000, "the WAL thread copied nothing"
    finally:
        store.close()
    assert store._wal is not None and not store._wal.is_alive()
    # Everything committed is there for another reader after close.
    with sqlite3.connect(db) as plain:
        assert plain.execute("SELECT count(*) FROM events").fetchone()[0] == 3000


def test_without_the_thread_sqlite_copies_at_commit_as_before(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
        assert store._wal is None
    finally:
        store.close()


def _wal_bytes(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_the_wal_stays_bounded_under_a_steady_stream_and_after_a_held_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #18: a copy beside a steady stream of commits never completed, SQLite never
    restarted the log and the file grew without end (595 MiB after 20,000 control entries,
    bench/wal_growth.py). Past the limit the copy is completed with the appends held."""
    import bastion.store as store_mod

    limit = 512 * 1024
    monkeypatch.setattr(store_mod, "WAL_LIMIT_BYTES", limit)
    db = tmp_path / "w.db"
    store = Store(f"sqlite:///{db}", background_wal=True)
    try:
        store.upsert_session(session_row("s1"))
        reader = sqlite3.connect(db, isolation_level=None)
        reader.execute("BEGIN")  # another process's snapshot, held (a console stopped mid-read)
        reader.execute("SELECT count(*) FROM events").fetchone()
        items = []
        for i in range(1500):
            row = event_row(i, "s1")
            row["data"] = {"text": "x" * 2000, "n": i}
            items.append((row, [], [], {"last_seen": row["time"]}))
        for item in items[:500]:  # one commit each: a steady stream
            store.append_events([item])
        held = _wal_bytes(db)
        assert held > 4 * limit  # the log cannot restart past the reader's snapshot
        reader.execute("COMMIT")
        reader.close()
        for item in items[500:]:
            store.append_events([item])
        time.sleep(4 * store_mod._WAL_SECONDS)
        store.append_events([(event_row(9999, "s1"), [], [], {})])  # restarts the log
        assert _wal_bytes(db) <= limit + 64 * 1024, (held, _wal_bytes(db))
        assert len(store.events("s1")) == 1501  # nothing lost
    finally:
        store.close()
