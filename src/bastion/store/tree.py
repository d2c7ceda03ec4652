"""The audit tables' queries: log entries in leaf order, subtree nodes, checkpoints.

Leaf ``i`` of the log is the ``i``-th event by ``seq`` (the store assigns ``seq`` under
the log's write lock, so seq order is append order). These functions read what is
stored and never decide anything: `bastion.audit.verify` judges what they return.
Rows are read back as entries by `bastion.store.entries`; full verification runs in
chunks (`bastion.store.chunks`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, tuple_

from bastion.audit.errors import NodeReadError
from bastion.audit.merkle import CompactRange, NodeId, leaf_hash
from bastion.audit.verify import ChunkResult, EntryPlace
from bastion.store.chunks import CHUNK_SIZE, check_chunks, chunk_tasks, place
from bastion.store.entries import StoredEntry, iter_entries
from bastion.store.rows import CheckpointRow
from bastion.store.schema import audit_nodes, checkpoints, events

__all__ = ["LogReader", "StoredEntry", "backfill_leaves", "iter_entries", "leaf_count"]


def iter_level(conn: Connection, level: int, batch: int = 50000) -> Iterator[tuple[int, bytes]]:
    """Yield ``(index, hash)`` of the stored nodes of one level, in index order."""
    last = -1
    while True:
        rows = conn.execute(
            select(audit_nodes.c.index, audit_nodes.c.hash)
            .where(audit_nodes.c.level == level, audit_nodes.c.index > last)
            .order_by(audit_nodes.c.index)
            .limit(batch)
        ).all()
        for index, value in rows:
            yield int(index), bytes(value)
        if len(rows) < batch:
            return
        last = int(rows[-1][0])


def node_reader(conn: Connection) -> Any:
    """A `NodeReader` over the stored subtree hashes, one query per call."""

    def read(nodes: Sequence[NodeId]) -> list[bytes]:
        if not nodes:
            return []
        wanted = list(dict.fromkeys(nodes))
        got: dict[NodeId, bytes] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            if conn.dialect.name == "sqlite":
                cond = or_(
                    *[
                        and_(audit_nodes.c.level == lv, audit_nodes.c.index == ix)
                        for lv, ix in chunk
                    ]
                )
            else:
                cond = tuple_(audit_nodes.c.level, audit_nodes.c.index).in_(chunk)
            for lv, ix, value in conn.execute(
                select(audit_nodes.c.level, audit_nodes.c.index, audit_nodes.c.hash).where(cond)
            ):
                got[(int(lv), int(ix))] = bytes(value)
        missing = [n for n in wanted if n not in got]
        if missing:
            raise NodeReadError(
                f"the store has no hash for subtree(s) {missing[:5]} (level, index): the "
                "audit_nodes table is incomplete; run `bastion audit verify`"
            )
        return [got[n] for n in nodes]

    return read


def node_reader_lenient(conn: Connection) -> Any:
    """Like `node_reader`, but a missing node reads as ``b""`` instead of failing."""

    def read(nodes: Sequence[NodeId]) -> list[bytes]:
        got: dict[NodeId, bytes] = {}
        wanted = list(dict.fromkeys(nodes))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            levels = {lv for lv, _ in chunk}
            for lv in levels:
                indexes = [ix for l2, ix in chunk if l2 == lv]
                for ix, value in conn.execute(
                    select(audit_nodes.c.index, audit_nodes.c.hash).where(
                        audit_nodes.c.level == lv, audit_nodes.c.index.in_(indexes)
                    )
                ):
                    got[(lv, int(ix))] = bytes(value)
        return [got.get(n, b"") for n in nodes]

    return read


def leaf_count(conn: Connection) -> int:
    """Number of leaves stored (level-0 nodes run without gaps from index 0)."""
    top = conn.execute(
        select(func.max(audit_nodes.c.index)).where(audit_nodes.c.level == 0)
    ).scalar_one()
    return 0 if top is None else int(top) + 1


def backfill_leaves(conn: Connection) -> int:
    """Make leaves for events that have none (events recorded before the audit log)."""
    have = leaf_count(conn)
    cr = CompactRange.from_nodes(have, node_reader(conn))
    rows: list[dict[str, Any]] = []
    added = 0
    for stored in iter_entries(conn):
        if stored.index < have:
            continue
        for sub in cr.append(leaf_hash(stored.entry)):
            rows.append({"level": sub.level, "index": sub.index, "hash": sub.hash})
        added += 1
        if len(rows) >= 10000:
            conn.execute(insert(audit_nodes), rows)
            rows = []
    if rows:
        conn.execute(insert(audit_nodes), rows)
    return added


class LogReader:
    """The stored log seen through one connection (a `bastion.audit.verify.LogSource`).

    With ``jobs > 1`` and the store's ``url``, `chunks` recomputes in that many
    processes, this one included (`bastion.store.chunks`).
    """

    def __init__(
        self, conn: Connection, url: str | None = None, jobs: int = 1, chunk: int = CHUNK_SIZE
    ) -> None:
        self.conn = conn
        self.url = url
        self.jobs = jobs
        self.chunk = chunk

    def iter_entries(self) -> Iterator[StoredEntry]:
        return iter_entries(self.conn)

    def iter_level(self, level: int) -> Iterator[tuple[int, bytes]]:
        return iter_level(self.conn, level)

    def chunk_size(self) -> int:
        return self.chunk

    def chunks(self, *, check_nodes: bool = True) -> Iterator[ChunkResult]:
        tasks = chunk_tasks(self.conn, self.chunk)
        return check_chunks(self.conn, tasks, check_nodes=check_nodes, url=self.url, jobs=self.jobs)

    def row_count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(events)).scalar_one())

    def level_counts(self) -> dict[int, int]:
        rows = self.conn.execute(
            select(audit_nodes.c.level, func.count()).group_by(audit_nodes.c.level)
        ).all()
        return {int(level): int(count) for level, count in rows}

    def place(self, index: int) -> EntryPlace | None:
        return place(self.conn, index)

    def checkpoints(self) -> list[Any]:

        rows = self.conn.execute(select(checkpoints).order_by(checkpoints.c.id)).all()
        return [CheckpointRow(*r) for r in rows]

    def entries(self, seqs: Sequence[int]) -> list[StoredEntry]:
        """The given events with their entries and leaf indexes."""
        wanted = sorted(set(seqs))
        if not wanted:
            return []
        # The store gives seqs 1, 2, 3, ... so leaf ``seq - 1`` is the event's, which the
        # stored leaf hash confirms; only a log with gaps in seq (rows from before the
        # audit log on PostgreSQL) needs the events counted.
        leaves = dict(
            zip(
                [s - 1 for s in wanted],
                node_reader_lenient(self.conn)([(0, s - 1) for s in wanted]),
                strict=True,
            )
        )
        out = []
        slow: list[StoredEntry] = []
        for start in range(0, len(wanted), 500):
            for e in iter_entries(self.conn, seqs=wanted[start : start + 500]):
                if leaves.get(e.seq - 1) == leaf_hash(e.entry):
                    e.index = e.seq - 1
                    out.append(e)
                else:
                    slow.append(e)
        if slow:
            ranks = self._ranks({e.seq for e in slow})
            for e in slow:
                e.index = ranks[e.seq]
            out = sorted(out + slow, key=lambda e: e.seq)
        return out

    def _ranks(self, want: set[int]) -> dict[int, int]:
        ranks: dict[int, int] = {}
        position = 0
        last = None
        top = max(want)
        while True:
            q = select(events.c.seq).where(events.c.seq <= top).order_by(events.c.seq).limit(50000)
            if last is not None:
                q = q.where(events.c.seq > last)
            got = self.conn.execute(q).scalars().all()
            for s in got:
                if s in want:
                    ranks[s] = position
                position += 1
            if len(got) < 50000:
                return ranks
            last = got[-1]

    def read_nodes(self, nodes: Sequence[NodeId]) -> list[bytes]:
        return list(node_reader(self.conn)(nodes))

    def size(self) -> int:
        return leaf_count(self.conn)
