"""The store's audit log on SQLite and PostgreSQL: leaves, checkpoints, tampering, recovery."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text
from test_store_support import (
    alert_row,
    backend_url,
    event_row,
    finding_row,
    session_row,
)

from bastion.audit import CompactRange, MerkleTree, leaf_hash, verify_inclusion
from bastion.audit.entry import entry_bytes
from bastion.audit.merkle import inclusion_proof
from bastion.audit.signer import LogSigner
from bastion.audit.verify import trusted, verify_log
from bastion.store import HEAD_REVISION, Store
from bastion.store.schema import events, metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request, tmp_path)


@pytest.fixture
def signer(tmp_path: Path) -> LogSigner:
    return LogSigner.for_keys_dir(tmp_path / "keys")


def fill(store: Store, n: int, sessions: int = 3, start: int = 0) -> list[dict]:
    rows = []
    for s in range(sessions):
        if store.session(f"s{s}") is None:
            store.upsert_session(session_row(f"s{s}", human=f"user{s}@host"))
    for i in range(start, start + n):
        row = event_row(i, f"s{i % sessions}", decision=("allow", "ask", "deny")[i % 3])
        f = [finding_row(row)] if i % 5 == 0 else []
        a = [alert_row(row)] if i % 7 == 0 else []
        store.append_event(row, f, a, {"last_seen": row["time"]})
        rows.append(row)
    return rows


def check(store: Store, signer: LogSigner):  # type: ignore[no-untyped-def]
    with store.log_reader() as reader:
        return verify_log(reader, trusted([signer.verifier_key]))


def sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_every_event_is_a_leaf_and_verify_passes(store_url: str, signer: LogSigner) -> None:
    store = Store(store_url, signer=signer, checkpoint_every=10, checkpoint_seconds=0)
    rows = fill(store, 37)
    assert store.log_size() == 37 == store.count_events()
    assert [c.size for c in store.checkpoints()] == [10, 20, 30]
    store.close()  # signs the tail
    store = Store(store_url)
    assert [c.size for c in store.checkpoints()][-1] == 37
    report = check(store, signer)
    assert report.ok, report
    assert report.verified_size == 37 and report.verified_checkpoints == 4
    # Leaves are exactly the canonical entries of the stored rows, in seq order.
    with store.log_reader() as reader:
        stored = list(reader.iter_entries())
        tree = MerkleTree(leaf_hash(e.entry) for e in stored)
        assert tree.root() == store.latest_checkpoint().root  # type: ignore[union-attr]
        first = rows[0] | {"seq": 1}
        f = [finding_row(rows[0])]
        a = [alert_row(rows[0])]
        assert stored[0].entry == entry_bytes(first, f, a)
        proof = inclusion_proof(5, 37, reader.read_nodes)
        verify_inclusion(leaf_hash(stored[5].entry), 5, 37, proof, tree.root())
    store.close()


def test_migrated_schema_equals_the_metadata(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    Store(store_url).close()
    engine = create_engine(store_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == HEAD_REVISION
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_audit_nodes_live_in_key_order_on_sqlite(tmp_path: Path, signer: LogSigner) -> None:
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'b.db'}"
    store = Store(url, signer=signer, checkpoint_seconds=0)
    fill(store, 9)
    store.close()
    engine = create_engine(url)

    def layout() -> str:
        with engine.connect() as conn:
            return str(
                conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'audit_nodes'")
                ).scalar_one()
            )

    assert layout().rstrip().endswith("WITHOUT ROWID")
    config = Config()
    config.set_main_option("script_location", "bastion.store:migrations")
    with engine.begin() as conn:  # down to 0002 and back: the nodes survive both ways
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    assert "WITHOUT ROWID" not in layout()
    engine.dispose()
    store = Store(url)
    assert "WITHOUT ROWID" in layout()
    assert check(store, signer).ok
    store.close()


@pytest.mark.parametrize("tamper", ["change", "delete", "reorder", "insert", "finding"])
def test_verify_names_the_first_bad_entry(store_url: str, signer: LogSigner, tamper: str) -> None:
    store = Store(store_url, signer=signer, checkpoint_every=8, checkpoint_seconds=0)
    fill(store, 30)
    store.close()
    store = Store(store_url)
    assert check(store, signer).ok
    target = 12  # seq 12 = leaf 11
    if tamper == "change":
        sql(store, "UPDATE events SET decision = 'allow', tool = 'Read' WHERE seq = :s", s=target)
    elif tamper == "delete":
        sql(store, "DELETE FROM events WHERE seq = :s", s=target)
    elif tamper == "reorder":
        sql(store, "UPDATE events SET seq = -1 WHERE seq = :s", s=target)
        sql(store, "UPDATE events SET seq = :a WHERE seq = :b", a=target, b=target + 1)
        sql(store, "UPDATE events SET seq = :a WHERE seq = -1", a=target + 1)
    elif tamper == "insert":
        sql(store, "UPDATE events SET seq = seq + 1000 WHERE seq >= :s", s=target)
        row = event_row(999, "s1") | {"seq": target + 500}
        with store.engine.begin() as conn:
            conn.execute(insert(events), [row])
    elif tamper == "finding":
        sql(
            store,
            "UPDATE findings SET severity = 'low' WHERE event_id = :e",
            e=event_row(10, "s1")["id"],
        )
        target = 11  # event n=10 is seq 11
    report = check(store, signer)
    assert not report.ok
    bad = report.first_bad
    assert bad is not None, report
    assert bad.index == target - 1
    if tamper == "insert":
        assert bad.seq == target + 500 and bad.session_id == "s1"
    elif tamper == "delete":
        assert bad.seq == target + 1
    else:
        assert bad.seq == target
    assert bad.time is not None and bad.session_id is not None
    assert "seq" in bad.describe() and "session" in bad.describe()
    store.close()


def test_deleted_tail_and_rewritten_hashes_are_found(store_url: str, signer: LogSigner) -> None:
    store = Store(store_url, signer=signer, checkpoint_every=8, checkpoint_seconds=0)
    fill(store, 24)
    store.close()
    store = Store(store_url)
    sql(store, "DELETE FROM events WHERE seq > 20")
    report = check(store, signer)
    assert report.first_bad is not None and report.first_bad.index == 20
    store.close()


def test_rewriting_rows_and_their_hashes_is_bounded_by_checkpoints(
    store_url: str, signer: LogSigner
) -> None:
    store = Store(store_url, signer=signer, checkpoint_every=10, checkpoint_seconds=0)
    fill(store, 30)
    store.close()
    store = Store(store_url)
    sql(store, "UPDATE events SET tool = 'Read' WHERE seq = 15")
    # An attacker without the key recomputes every stored hash from the rows.
    with store.log_reader() as reader:
        leaves = [leaf_hash(e.entry) for e in reader.iter_entries()]
    cr = CompactRange()
    nodes = [sub for h in leaves for sub in cr.append(h)]
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_nodes"))
        conn.execute(
            text('INSERT INTO audit_nodes (level, "index", hash) VALUES (:l, :i, :h)'),
            [{"l": n.level, "i": n.index, "h": n.hash} for n in nodes],
        )
    report = check(store, signer)
    assert report.first_bad is not None
    assert report.first_bad.index == 10  # the change is in 10..19, after the good checkpoint
    assert report.verified_size == 10
    store.close()


def test_a_forged_checkpoint_signature_fails(
    store_url: str, signer: LogSigner, tmp_path: Path
) -> None:
    store = Store(store_url, signer=signer, checkpoint_every=5, checkpoint_seconds=0)
    fill(store, 5)
    store.close()
    store = Store(store_url)
    other = LogSigner.for_keys_dir(tmp_path / "other")
    report = check(store, other)
    assert not report.ok and any("signature" in p for p in report.problems)
    store.close()


def test_recovers_after_a_crash_and_other_writers(store_url: str, signer: LogSigner) -> None:
    first = Store(store_url, signer=signer, checkpoint_seconds=0)
    fill(first, 10)
    # A second process (the hook's in-process fallback) appends in between.
    second = Store(store_url, signer=signer, checkpoint_seconds=0)
    fill(second, 5, start=10)
    fill(first, 5, start=15)  # first's in-memory range is stale: it must notice
    # "Crash": drop the objects without closing; a new store rebuilds from audit_nodes.
    third = Store(store_url, signer=signer, checkpoint_seconds=0)
    fill(third, 3, start=20)
    third.checkpoint()
    report = check(third, signer)
    assert report.ok, report
    assert report.rows == 23
    for s in (first, second, third):
        s.close()


def test_rolled_back_batch_leaves_no_trace(store_url: str, signer: LogSigner) -> None:
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    fill(store, 4)
    with pytest.raises(RuntimeError), store.transaction():
        fill(store, 3, start=4)
        raise RuntimeError("boom")
    fill(store, 2, start=10)
    store.checkpoint()
    assert check(store, signer).ok and store.log_size() == 6
    store.close()


def test_batched_append_in_one_transaction(store_url: str, signer: LogSigner) -> None:
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    store.upsert_session(session_row("s0"))
    items = [(event_row(i, "s0"), [], [], {"last_seen": 2.0}) for i in range(50)]
    assert store.append_events(items) == list(range(1, 51))
    with store.transaction():
        for i in range(50, 60):
            store.append_event(event_row(i, "s0"), [], [], {"last_seen": 3.0})
    assert store.session("s0")["event_count"] == 60  # type: ignore[index]
    store.checkpoint()
    assert check(store, signer).ok
    store.close()


def test_search_filters(store_url: str, signer: LogSigner) -> None:
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    fill(store, 30)
    assert {r["decision"] for r in store.search(verdict="deny")} == {"deny"}
    assert {r["human"] for r in store.search(human="user1@host")} == {"user1@host"}
    assert all(r["session_id"] == "s2" for r in store.search(session="s2"))
    hits = store.search(finding="secret")
    assert len(hits) == 6 and all("secret" in r["findings"] for r in hits)
    t0 = 1_700_000_000.0
    assert [r["seq"] for r in store.search(since=t0 + 5, until=t0 + 6)] == [11, 12]
    assert store.search(tool="Read") == []
    assert len(store.search(agent="claude-code", limit=7)) == 7
    store.close()


def test_a_store_from_before_migrations_is_upgraded(tmp_path: Path, signer: LogSigner) -> None:
    from sqlalchemy import MetaData

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = MetaData()
    for name in ("sessions", "events", "findings", "alerts"):
        metadata.tables[name].to_metadata(old)
    for table in old.tables.values():
        for index in list(table.indexes):
            if index.name in ("ix_findings_event", "ix_alerts_event"):
                table.indexes.discard(index)
    engine = create_engine(url)
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(old.tables["sessions"]), [session_row("s0") | {"state": None}])
        conn.execute(insert(old.tables["events"]), [event_row(i, "s0") for i in range(9)])
    engine.dispose()
    store = Store(url, signer=signer, checkpoint_seconds=0)
    assert store.log_size() == 9
    fill(store, 3, sessions=1, start=9)
    store.checkpoint()
    assert check(store, signer).ok
    store.close()


def test_every_event_column_is_written_and_logged() -> None:
    from bastion.audit.entry import ENTRY_FIELDS
    from bastion.store.schema import EVENT_COLUMNS

    assert sorted(EVENT_COLUMNS) == sorted(events.c.keys()) == sorted(ENTRY_FIELDS)


def test_numbers_keep_their_exact_form_and_verify(store_url: str, signer: LogSigner) -> None:
    # PostgreSQL's JSONB would rewrite 1e+16 as 10000000000000000 and -0.0 as 0.0; the
    # logged entry must read back byte for byte on every backend.
    numbers = {"big": 1e16, "huge": 1e300, "tiny": 1e-320, "negzero": -0.0, "int": 2**80}
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    store.upsert_session(session_row("s0"))
    row = event_row(1, "s0", data={"tool_input": numbers})
    f = finding_row(row) | {"evidence": {"score": 1e16, "n": -0.0}}
    store.append_event(row, [f], [], {"last_seen": 1.0})
    store.checkpoint()
    assert check(store, signer).ok
    stored = store.events("s0")[0]
    assert stored["data"]["tool_input"] == numbers
    assert str(stored["data"]["tool_input"]["negzero"]) == "-0.0"
    assert store.findings("s0")[0]["evidence"] == {"score": 1e16, "n": -0.0}
    store.close()


def test_any_string_an_agent_sends_is_recorded_and_verifies(
    store_url: str, signer: LogSigner
) -> None:
    # PostgreSQL text cannot hold U+0000 and VARCHAR(n) refused long values; SQLite took
    # both. Either way the event must be recorded, and its entry must match its row.
    from bastion.store.schema import NUL_SYMBOL

    sid = "s\x00" + "x" * 300
    store = Store(store_url, signer=signer, checkpoint_seconds=0)
    store.upsert_session(session_row(sid) | {"prompt": "look\x00here", "cwd": "/w\x00"})
    row = event_row(1, sid, tool="Ba\x00sh" + "T" * 400, tool_use_id="u" * 300)
    row["data"] = {"tool_output": "binary \x00 bytes"}
    f = finding_row(row) | {"detail": "secret\x00seen", "rule": "r" * 200}
    store.append_event(row, [f], [alert_row(row) | {"title": "t\x00"}], {"last_seen": 1.0})
    store.checkpoint()
    assert check(store, signer).ok
    kept = "\x00" if store.engine.dialect.name == "sqlite" else NUL_SYMBOL
    session = store.session(sid)
    assert session is not None and session["prompt"] == f"look{kept}here"
    stored = store.events(sid)[0]
    assert stored["tool"] == f"Ba{kept}sh" + "T" * 400 and stored["tool_use_id"] == "u" * 300
    assert stored["data"]["tool_output"] == "binary \x00 bytes"  # JSON keeps it exactly
    assert store.findings(sid)[0]["detail"] == f"secret{kept}seen"
    store.close()
