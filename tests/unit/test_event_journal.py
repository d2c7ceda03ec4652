"""The event journal (`bastion.record.wal`): durable, chained frames the hook's fallback
writes instead of the store, folded into the store in order and exactly once.

Real files, real processes for the concurrency case, real SQLite and PostgreSQL stores
for the fold.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import backend_url

from bastion.audit.records import CONTROL_SESSION, control_row
from bastion.audit.wal_fold import JOURNAL_PROBLEM
from bastion.record.wal import GENESIS, EventJournal, frame_hash
from bastion.store import Store


def _row(session: str, name: str) -> dict[str, object]:
    return control_row(session, name, {"what": name})


def _events(journal: EventJournal, session: str, names: list[str]) -> list[str]:
    ids = []
    for name in names:
        row = _row(session, name)
        journal.append("events", [[row, [], [], {}]])
        ids.append(str(row["id"]))
    return ids


def test_frames_chain_from_genesis_and_read_back(tmp_path: Path) -> None:
    journal = EventJournal(tmp_path / "events.wal")
    first = journal.append("events", [])
    second = journal.append("events", [[_row("s", "a"), [], [], {}]])
    read = journal.read()
    assert [f.n for f in read.frames] == [0, 1] and read.problem == "" and read.torn_bytes == 0
    assert first.h == frame_hash(GENESIS, 0, first.id, "events", [])
    assert read.head == second.h
    assert (tmp_path / "events.wal").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda lines: [lines[0], lines[2]], "line 2 does not follow"),
        (lambda lines: [lines[1], lines[0], lines[2]], "line 1 does not follow"),
        (
            lambda lines: [lines[0], lines[1].replace(b'"b"', b'"x"'), lines[2]],
            "line 2 was changed",
        ),
        (lambda lines: [lines[0], b"not json", lines[2]], "line 2 is not a journal frame"),
    ],
)
def test_an_edited_journal_is_found(tmp_path: Path, edit, problem: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "events.wal"
    journal = EventJournal(path)
    _events(journal, "s", ["a", "b", "c"])
    lines = path.read_bytes().splitlines()
    path.write_bytes(b"\n".join(edit(lines)) + b"\n")
    read = journal.read()
    assert read.problem.startswith(problem)
    assert len(read.frames) < 3


def test_a_torn_tail_is_cut_and_recorded_by_the_next_append(tmp_path: Path) -> None:
    path = tmp_path / "events.wal"
    journal = EventJournal(path)
    _events(journal, "s", ["a"])
    whole = path.read_bytes()
    torn = b'{"body":[[{"id":"half'  # a writer killed mid-write never answered its hook
    path.write_bytes(whole + torn)
    assert journal.read().torn_bytes == len(torn)
    _events(journal, "s", ["b"])
    read = journal.read()
    assert read.problem == "" and read.torn_bytes == 0
    assert [f.kind for f in read.frames] == ["events", "torn", "events"]
    assert read.frames[1].body["bytes"] == len(torn)
    assert path.read_bytes().startswith(whole)  # what was acknowledged is untouched


def _append_many(path: str, worker: int, count: int) -> None:
    journal = EventJournal(path)
    for i in range(count):
        row = _row(f"w{worker}", f"e{i}")
        row["data"]["pad"] = "x" * (5000 * (i % 3))  # frames of different sizes
        journal.append("events", [[row, [], [], {}]])


def test_concurrent_appenders_never_interleave_frames(tmp_path: Path) -> None:
    path = str(tmp_path / "events.wal")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(path, w, 25)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    read = EventJournal(path).read()
    assert read.problem == "" and len(read.frames) == 100
    per_worker: dict[str, list[str]] = {}
    for frame in read.frames:
        row = frame.body[0][0]
        per_worker.setdefault(row["session_id"], []).append(row["native_name"])
    assert per_worker == {f"w{w}": [f"e{i}" for i in range(25)] for w in range(4)}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request, tmp_path)


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    opened = Store(url)
    try:
        yield opened
    finally:
        opened.close()


def test_fold_appends_in_order_exactly_once(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "events.wal"
    journal = EventJournal(path)
    ids = _events(journal, CONTROL_SESSION, ["a", "b", "c"])
    kept = path.read_bytes()
    assert journal.fold(store) == 3
    assert path.read_bytes() == b""
    # A crash after the store's commit but before the file was emptied: fold again.
    path.write_bytes(kept)
    assert journal.fold(store) == 0
    logged = [r["id"] for r in store.events(CONTROL_SESSION)]
    assert logged == ids


def test_fold_logs_a_torn_tail_once_and_keeps_the_whole_frames(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "events.wal"
    journal = EventJournal(path)
    ids = _events(journal, CONTROL_SESSION, ["a"])
    kept = path.read_bytes() + b'{"n":1,"pre'
    path.write_bytes(kept)
    assert journal.fold(store) == 2
    path.write_bytes(kept)  # the same file again: nothing twice
    assert journal.fold(store) == 0
    rows = store.events(CONTROL_SESSION)
    assert [r["id"] for r in rows][:1] == ids
    problems = [r for r in rows if r["native_name"] == JOURNAL_PROBLEM]
    assert len(problems) == 1
    assert json.dumps(problems[0]["data"]).count('"bytes": 11') == 1


def test_fold_of_a_broken_chain_keeps_the_file_aside_and_says_so(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "events.wal"
    journal = EventJournal(path)
    ids = _events(journal, CONTROL_SESSION, ["a", "b", "c"])
    lines = path.read_bytes().splitlines()
    path.write_bytes(lines[0] + b"\n" + lines[2] + b"\n")  # frame "b" removed
    assert journal.fold(store) == 2  # "a", and the problem entry
    rows = store.events(CONTROL_SESSION)
    assert rows[0]["id"] == ids[0]
    assert ids[2] not in {r["id"] for r in rows}  # nothing after the break is trusted
    assert any(r["native_name"] == JOURNAL_PROBLEM for r in rows)
    assert not path.exists()
    assert len(list(tmp_path.glob("events.wal.rejected-*"))) == 1
