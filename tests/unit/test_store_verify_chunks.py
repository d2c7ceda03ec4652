"""Verification in aligned chunks and in worker processes, on SQLite and PostgreSQL.

The log is cut into chunks of a few leaves here (the default is 16,384) so that every
boundary case (a change on a chunk's first leaf, a deleted row shifting the chunks, a
stored node inside a chunk or above them) is met on a log of a few dozen events.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from test_store_support import alert_row, backend_url, event_row, finding_row, session_row

from bastion.audit.signer import LogSigner
from bastion.audit.verify import VerifyReport, trusted, verify_log
from bastion.store import Store
from bastion.store.chunks import chunk_tasks

SERIAL = {"chunk": 4, "jobs": 1}
PARALLEL = {"chunk": 4, "jobs": 2}  # this process and one worker (from 8 chunks on)
THREE = {"chunk": 2, "jobs": 3}  # this process and two workers, 19 chunks
SMALL = {"chunk": 1, "jobs": 2}  # a worker for a log of a dozen events


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request, tmp_path)


@pytest.fixture
def signer(tmp_path: Path) -> LogSigner:
    return LogSigner.for_keys_dir(tmp_path / "keys")


def filled(url: str, signer: LogSigner, n: int = 37) -> Store:
    """A store of ``n`` events (some with findings and alerts), checkpointed every 8."""
    store = Store(url, signer=signer, checkpoint_every=8, checkpoint_seconds=0)
    for s in range(3):
        store.upsert_session(session_row(f"s{s}"))
    for i in range(n):
        row = event_row(i, f"s{i % 3}")
        f = [finding_row(row)] if i % 5 == 0 else []
        a = [alert_row(row)] if i % 7 == 0 else []
        store.append_event(row, f, a, {"last_seen": row["time"]})
    store.close()
    return Store(url)


def verify(store: Store, signer: LogSigner, **reader: Any) -> VerifyReport:
    with store.log_reader(**reader) as source:
        return verify_log(source, trusted([signer.verifier_key]))


def sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_chunks_cover_the_log_in_leaf_order(store_url: str, signer: LogSigner) -> None:
    store = filled(store_url, signer, 10)
    with store.snapshot() as conn:
        tasks = chunk_tasks(conn, 4)
        assert [(t.start, t.first_seq, t.last_seq) for t in tasks] == [
            (0, 1, 4),
            (4, 5, 8),
            (8, 9, 10),
        ]
    # With a gap in seq (a deleted row) the chunks still hold four rows each.
    sql(store, "DELETE FROM events WHERE seq = 2")
    with store.snapshot() as conn:
        tasks = chunk_tasks(conn, 4)
        assert [(t.start, t.first_seq, t.last_seq) for t in tasks] == [
            (0, 1, 5),
            (4, 6, 9),
            (8, 10, 10),
        ]
    with store.snapshot() as conn, pytest.raises(ValueError, match="power of two"):
        chunk_tasks(conn, 6)
    store.close()


@pytest.mark.parametrize(
    "reader", [{}, SERIAL, PARALLEL, THREE], ids=["one-chunk", "chunks", "worker", "workers"]
)
def test_every_way_of_verifying_gives_the_same_report(
    store_url: str, signer: LogSigner, reader: dict[str, int]
) -> None:
    store = filled(store_url, signer)
    report = verify(store, signer, **reader)
    assert report.ok, report
    assert (report.rows, report.leaves, report.verified_size) == (37, 37, 37)
    assert report.verified_checkpoints == 5  # 8, 16, 24, 32 and the tail at close
    store.close()


@pytest.mark.parametrize("reader", [SERIAL, PARALLEL, THREE], ids=["chunks", "worker", "workers"])
@pytest.mark.parametrize(
    ("tamper", "seq", "index", "bad_seq"),
    [
        ("change", 9, 8, 9),  # first leaf of the third chunk
        ("change", 15, 14, 15),  # inside a chunk
        ("delete", 9, 8, 10),  # every later row moves one leaf to the left
        ("change", 37, 36, 37),  # the last, partial chunk
    ],
)
def test_the_first_bad_entry_is_found_wherever_the_chunks_fall(
    store_url: str,
    signer: LogSigner,
    reader: dict[str, int],
    tamper: str,
    seq: int,
    index: int,
    bad_seq: int,
) -> None:
    store = filled(store_url, signer)
    if tamper == "change":
        sql(store, "UPDATE events SET decision = 'deny' WHERE seq = :s", s=seq)
    else:
        sql(store, "DELETE FROM events WHERE seq = :s", s=seq)
    report = verify(store, signer, **reader)
    assert not report.ok
    assert report.first_bad is not None, report
    assert (report.first_bad.index, report.first_bad.seq) == (index, bad_seq)
    assert report.verified_size == index // 8 * 8
    store.close()


@pytest.mark.parametrize("reader", [SERIAL, PARALLEL], ids=["chunks", "workers"])
@pytest.mark.parametrize(
    ("level", "index", "expected"),
    [
        (1, 5, "level 1, index 5"),  # inside the second chunk of 4 leaves
        (2, 3, "level 2, index 3"),  # the top of the fourth chunk
        (3, 1, "level 3, index 1"),  # above the chunks: checked by the verifier itself
        (1, 99, "holds 19 node(s) at level 1"),  # a node added past the end
    ],
)
def test_stored_subtree_nodes_are_checked_in_and_above_chunks(
    store_url: str,
    signer: LogSigner,
    reader: dict[str, int],
    level: int,
    index: int,
    expected: str,
) -> None:
    store = filled(store_url, signer)
    bogus = bytes(range(32))
    if index == 99:
        sql(store, 'INSERT INTO audit_nodes (level, "index", hash) VALUES (1, 99, :h)', h=bogus)
    else:
        sql(
            store,
            'UPDATE audit_nodes SET hash = :h WHERE level = :l AND "index" = :i',
            h=bogus,
            l=level,
            i=index,
        )
    report = verify(store, signer, **reader)
    assert report.first_bad is None, report  # the rows are intact ...
    assert not report.ok  # ... but proofs served from the bad node would fail
    assert any(expected in problem for problem in report.problems), report.problems
    store.close()


def test_rows_appended_during_verification_are_left_for_the_next_run(
    store_url: str, signer: LogSigner
) -> None:
    store = filled(store_url, signer, 12)
    writer = Store(store_url, signer=signer, checkpoint_seconds=0)
    with store.log_reader(**SMALL) as source:
        # The reader's snapshot is taken; events arrive before the workers read.
        source.size()
        for i in range(12, 20):
            writer.append_event(event_row(i, "s0"), [], [], {"last_seen": 1.0})
        report = verify_log(source, trusted([signer.verifier_key]))
    writer.close()
    assert report.ok, report
    assert report.rows == 12
    assert verify(store, signer, **SMALL).rows == 20
    store.close()


def test_workers_verify_while_another_thread_appends(store_url: str, signer: LogSigner) -> None:
    store = filled(store_url, signer, 12)
    writer = Store(store_url, signer=signer, checkpoint_seconds=0)
    stop = threading.Event()

    def append() -> None:
        n = 100
        while not stop.is_set():
            writer.append_event(event_row(n, "s1"), [], [], {"last_seen": 1.0})
            n += 1

    other = threading.Thread(target=append)
    other.start()
    try:
        report = verify(store, signer, **SMALL)
    finally:
        stop.set()
        other.join()
    writer.close()
    assert report.ok, report
    assert report.rows >= 12
    assert verify(store, signer, **SMALL).ok
    store.close()


@pytest.mark.parametrize("reader", [SERIAL, SMALL], ids=["chunks", "worker"])
def test_text_that_is_not_canonical_is_named_not_a_crash(
    store_url: str, signer: LogSigner, reader: dict[str, int]
) -> None:
    # Canonical JSON is ASCII; only an edit puts other text into a JSON column.
    store = filled(store_url, signer, 12)
    sql(store, "UPDATE events SET data = :d WHERE seq = 6", d='{"note":"r\u00e9sum\u00e9 \u2603"}')
    report = verify(store, signer, **reader)
    assert report.first_bad is not None and report.first_bad.seq == 6, report
    store.close()


def test_bytes_that_are_not_utf8_are_named_not_a_crash(tmp_path: Path, signer: LogSigner) -> None:
    import sqlite3

    url = f"sqlite:///{tmp_path / 'b.db'}"
    store = filled(url, signer, 12)
    store.close()
    db = sqlite3.connect(tmp_path / "b.db")  # an edit of the file itself, below SQL's types
    db.execute("UPDATE events SET data = CAST(x'7b22ff227d' AS TEXT) WHERE seq = 7")
    db.commit()
    db.close()
    store = Store(url)
    for reader in (SERIAL, SMALL):
        report = verify(store, signer, **reader)
        assert report.first_bad is not None and report.first_bad.seq == 7, report
    store.close()


@pytest.mark.parametrize(
    ("events", "reader", "workers"),
    [
        (12, {"chunk": 4, "jobs": 2}, 0),
        (12, SMALL, 1),
        (37, THREE, 2),
        (37, {"chunk": 4, "jobs": 8}, 1),
    ],
)
def test_a_worker_is_spawned_only_for_enough_chunks(
    tmp_path: Path,
    signer: LogSigner,
    monkeypatch: pytest.MonkeyPatch,
    events: int,
    reader: dict[str, int],
    workers: int,
) -> None:
    import bastion.store.chunks as chunks

    pools: list[int] = []

    class CountingPool(chunks.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **options: Any) -> None:
            pools.append(max_workers)
            super().__init__(max_workers, **options)

    monkeypatch.setattr(chunks, "ProcessPoolExecutor", CountingPool)
    store = filled(f"sqlite:///{tmp_path / 'b.db'}", signer, events)
    assert verify(store, signer, **reader).ok
    assert pools == ([workers] if workers else [])
    store.close()
