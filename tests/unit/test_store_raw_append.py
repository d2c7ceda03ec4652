"""Appends spoken straight to the driver (``store/raw_append``) on SQLite and PostgreSQL:
the same rows as SQLAlchemy's, the same error family, and a refused append leaves nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import alert_row, backend_url, event_row, finding_row, session_row

from bastion.audit.signer import LogSigner
from bastion.audit.verify import trusted, verify_log
from bastion.store import DatabaseError, Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request, tmp_path)


def test_a_refused_append_raises_the_store_family_and_leaves_nothing(
    store_url: str, tmp_path: Path
) -> None:
    signer = LogSigner.for_keys_dir(tmp_path / "keys")
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    store.upsert_session(session_row("s1"))
    first = event_row(1, "s1")
    assert store.append_event(first, [], [], {"last_seen": 1.0}) == 1
    duplicate = dict(event_row(2, "s1"), id=first["id"])  # the events' id is unique
    with pytest.raises(DatabaseError):
        store.append_events([(event_row(3, "s1"), [], [], {}), (duplicate, [], [], {})])
    # Neither event of the refused append, nor its session count, is in the store.
    assert store.count_events() == 1
    assert store.session("s1")["event_count"] == 1  # type: ignore[index]
    assert store.append_event(event_row(4, "s1"), [], [], {"last_seen": 4.0}) == 2
    store.checkpoint()
    with store.log_reader() as reader:
        assert verify_log(reader, trusted([signer.verifier_key])).ok
    store.close()


def test_rows_read_back_as_sqlalchemy_would_have_written_them(store_url: str) -> None:
    store = Store(store_url, checkpoint_seconds=0)
    store.upsert_session(session_row("s1"))
    row = event_row(1, "s1", data={"command": "echo \x00 hi", "n": 1e16})
    found = finding_row(row)
    del found["rule"]  # the column's default ("") applies
    found["evidence"] = None
    alert = alert_row(row)
    alert.pop("status", None)  # the column's default ("open") applies
    state = {"risk": 3, "seen": ["a"]}
    store.append_event(
        row, [found], [alert], {"last_seen": 9.5, "state": state, "prompt": "a\x00b"}
    )
    [event] = store.events("s1")
    assert event["data"]["n"] == 1e16 and "hi" in event["data"]["command"]
    [finding] = store.findings("s1")
    assert finding["rule"] == "" and finding["evidence"] is None
    [stored_alert] = store.alerts("s1")
    assert stored_alert["status"] == "open"
    session = store.session("s1")
    assert session is not None
    assert session["last_seen"] == 9.5 and session["event_count"] == 1
    assert session["state"] == state
    assert session["prompt"] in ("a\x00b", "a\u2400b")  # PostgreSQL records U+0000 visibly
    assert store.load_state("s1") == state
    store.close()


def test_decided_calls_are_the_sessions_recorded_actions(store_url: str) -> None:
    """What a session's end holds the agent's transcript against: the tool_use_ids of its
    own recorded actions, not its observations, and nothing of another session."""
    store = Store(store_url, checkpoint_seconds=0)
    store.upsert_session(session_row("s1"))
    store.upsert_session(session_row("s2"))
    store.append_events(
        [
            (event_row(1, "s1", tool_use_id="toolu_a"), [], [], {}),
            (event_row(2, "s1", kind="observation", tool_use_id="toolu_b"), [], [], {}),
            (event_row(3, "s2", tool_use_id="toolu_c"), [], [], {}),
            (event_row(4, "s1", tool_use_id="toolu_d"), [], [], {}),
        ]
    )
    assert store.decided_calls("s1") == {"toolu_a", "toolu_d"}
    assert store.decided_calls("s2") == {"toolu_c"}
    assert store.decided_calls("s3") == set()
    store.close()
