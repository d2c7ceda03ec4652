"""Group commit (store/group) on SQLite and PostgreSQL: many calls' events in one
transaction, in the order they were submitted, seen by every later read and write, and a
row the database refuses failing only its own call."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import backend_url, event_row, session_row

from bastion.audit.records import control_row
from bastion.audit.signer import LogSigner
from bastion.audit.verify import trusted, verify_log
from bastion.store import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for url in backend_url(request, tmp_path):
        signer = LogSigner.for_keys_dir(tmp_path / "keys")
        s = Store(url, signer=signer, checkpoint_seconds=0)
        s.upsert_session(session_row("s1"))
        s.test_signer = signer  # type: ignore[attr-defined]
        try:
            yield s
        finally:
            s.close()


def _item(n: int) -> tuple[dict, list, list, dict]:  # type: ignore[type-arg]
    row = event_row(n, "s1")
    return row, [], [], {"last_seen": row["time"]}


def _verified(store: Store) -> None:
    store.checkpoint()
    with store.log_reader() as reader:
        report = verify_log(reader, trusted([store.test_signer.verifier_key]))  # type: ignore[attr-defined]
    assert report.ok, report


def test_one_commit_for_many_calls_in_submission_order(store: Store) -> None:
    store.start_group_commit()
    futures = [store.submit_events([_item(n)]) for n in range(10)]
    assert not any(f.done() for f in futures)  # nothing is acknowledged before its commit
    store.commit_group()
    seqs = [f.result(timeout=0)[0] for f in futures]
    assert seqs == sorted(seqs) and len(set(seqs)) == 10
    assert store.group_stats() == {"groups": 1, "events": 10}
    assert [r["id"] for r in store.events("s1")] == [event_row(n, "s1")["id"] for n in range(10)]
    assert store.session("s1")["event_count"] == 10  # type: ignore[index]
    _verified(store)


def test_a_later_write_and_a_read_see_what_was_submitted_before(store: Store) -> None:
    store.start_group_commit()
    first = store.submit_events([_item(0), _item(1)])
    # A direct write (a containment, a refusal) goes into the log after the queued events.
    seq = store.append_control(control_row("s1", "Containment", {"mode": "kill"}))
    assert first.done() and first.result() == [seq - 2, seq - 1]
    second = store.submit_events([_item(2)])
    # A read commits what is queued first (a session reloaded from its saved state).
    assert [r["id"] for r in store.events("s1")][-1] == event_row(2, "s1")["id"]
    assert second.result(timeout=0) == [seq + 1]
    _verified(store)


def test_a_refused_row_fails_only_its_own_call(store: Store) -> None:
    store.start_group_commit()
    store.submit_events([_item(0)])
    store.commit_group()
    good_before = store.submit_events([_item(1)])
    duplicate = store.submit_events([_item(0)])  # the same event id again: refused
    good_after = store.submit_events([_item(2)])
    store.commit_group()
    assert good_before.result(timeout=0) and good_after.result(timeout=0)
    with pytest.raises(Exception):  # noqa: B017 - the driver's integrity error, either backend
        duplicate.result(timeout=0)
    assert len(store.events("s1")) == 3
    _verified(store)


def test_close_commits_what_is_queued(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    store = Store(url)
    store.upsert_session(session_row("s1"))
    store.start_group_commit()
    future = store.submit_events([_item(0)])
    store.close()
    assert future.result(timeout=0) == [1]
    again = Store(url)
    try:
        assert len(again.events("s1")) == 1
    finally:
        again.close()


def test_a_committer_thread_acknowledges_after_the_commit(store: Store) -> None:
    futures = [store.submit_events([_item(n)]) for n in range(20)]  # thread started lazily
    assert all(len(f.result(timeout=30)) == 1 for f in futures)
    assert len(store.events("s1")) == 20
    _verified(store)


def test_one_group_updates_each_of_its_sessions(store: Store) -> None:
    """Sessions touched in one group are updated by one statement per set of columns."""
    store.upsert_session(session_row("s2"))
    store.upsert_session(session_row("s3"))
    store.start_group_commit()
    plain = [
        (event_row(n, sid), [], [], {"last_seen": 10.0 + n})
        for n, sid in enumerate("s1 s2 s2".split())
    ]
    moded = [(event_row(9, "s3"), [], [], {"last_seen": 99.0, "mode": "killed", "state": {"k": 1}})]
    futures = [store.submit_events([item]) for item in plain + moded]
    store.commit_group()
    assert all(f.result(timeout=0) for f in futures)
    rows = {sid: store.session(sid, prefix=False) for sid in ("s1", "s2", "s3")}
    assert {sid: (r["event_count"], r["last_seen"]) for sid, r in rows.items()} == {  # type: ignore[index]
        "s1": (1, 10.0),
        "s2": (2, 12.0),
        "s3": (1, 99.0),
    }
    assert rows["s3"]["mode"] == "killed" and rows["s3"]["state"] == {"k": 1}  # type: ignore[index]
    assert rows["s1"]["mode"] != "killed"  # type: ignore[index]


def test_without_a_thread_no_committer_runs(tmp_path: Path) -> None:
    """The daemon's SQLite loop commits itself: no thread is started to race it for the
    commit (and to take the GIL at every submit), and nothing commits until it asks."""
    import threading

    store = Store(f"sqlite:///{tmp_path / 'b.db'}", checkpoint_seconds=0)
    try:
        store.upsert_session(session_row("s1"))
        before = {t.name for t in threading.enumerate()}
        store.start_group_commit()
        future = store.submit_events([_item(0)])
        assert "bastion-group-commit" not in {t.name for t in threading.enumerate()} - before
        assert not future.done()
        store.commit_group()
        assert future.result(timeout=0) == [1]
    finally:
        store.close()
