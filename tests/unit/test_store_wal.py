"""The daemon's SQLite store copies its write-ahead log into the database from a thread of
its own (`Store(background_wal=True)`), so no commit on the deciding thread pays for it."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

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
