"""Full verification in aligned chunks, in this process or in worker processes.

Verification reads every row once and recomputes its entry: composing ~1 KB of
canonical JSON and hashing it is Python work that threads cannot share, and one core
does about 130,000 entries/s here (bench/audit_store_bench.py). So the log is cut into
chunks of `CHUNK_SIZE` leaves by row position (a power of two: every perfect subtree of
the tree lies inside one chunk), and each worker opens its own connection, recomputes
whole chunks with `bastion.audit.verify.check_chunk` and sends back their packed
levels, while the caller's own process recomputes chunks too. Every chunk is bounded by
the seq and leaf ranges of the caller's snapshot, so events appended meanwhile are not
part of the check.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, func, select, text

from bastion.audit.verify import ChunkResult, EntryPlace, check_chunk
from bastion.store.entries import entry_pages
from bastion.store.schema import audit_nodes, events

__all__ = [
    "CHUNKS_PER_PROCESS",
    "CHUNK_SIZE",
    "MMAP_BYTES",
    "ChunkTask",
    "check_chunk_on",
    "check_chunks",
    "chunk_tasks",
    "packed_level",
    "place",
    "processes",
    "read_mapped",
]

CHUNK_SIZE = 1 << 14
"""Leaves per verification chunk: large enough that per-chunk queries do not matter,
small enough that the last chunk leaves little idle time (2^14 verified 1M entries ~3%
faster than 2^15 on two cores)."""
CHUNKS_PER_PROCESS = 4
"""Fewest chunks per process worth a spawned worker: starting one costs about half a
second, three or four chunks' work (116,000 events, 8 chunks: 0.93 s alone, 0.75 s with
a worker)."""
MMAP_BYTES = 1 << 34
"""Map as much of a SQLite file for reading as SQLite allows (its own cap, 2 GiB by
default, applies); address space only, nothing is copied."""


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """One chunk: leaves ``[start, start + size)``, made of the rows with seq in
    ``[first_seq, last_seq]``."""

    start: int
    size: int
    first_seq: int
    last_seq: int


def chunk_tasks(conn: Connection, size: int = CHUNK_SIZE) -> list[ChunkTask]:
    """The chunks of the log as it is in ``conn``'s snapshot, in leaf order."""
    if size < 1 or size & (size - 1):
        raise ValueError(f"the chunk size must be a power of two, got {size}")
    # Three queries, not one: SQLite answers min() or max() alone from the key's ends,
    # but scans the table for both together.
    count = conn.execute(select(func.count()).select_from(events)).scalar_one()
    if not count:
        return []
    low = conn.execute(select(func.min(events.c.seq))).scalar_one()
    top = conn.execute(select(func.max(events.c.seq))).scalar_one()
    if int(top) - int(low) + 1 == count:
        # No gaps in seq (the store's own numbering): row i has seq low + i.
        starts = list(range(int(low), int(top) + 1, size))
        return _tasks(starts, int(top), size)
    numbered = select(
        events.c.seq, (func.row_number().over(order_by=events.c.seq) - 1).label("n")
    ).subquery()
    starts = [
        int(s)
        for s in conn.execute(
            select(numbered.c.seq).where(numbered.c.n % size == 0).order_by(numbered.c.seq)
        ).scalars()
    ]
    return _tasks(starts, int(top), size)


def _tasks(starts: list[int], top: int, size: int) -> list[ChunkTask]:
    ends = [s - 1 for s in starts[1:]] + [top]
    return [
        ChunkTask(i * size, size, first, last)
        for i, (first, last) in enumerate(zip(starts, ends, strict=True))
    ]


def read_mapped(conn: Connection) -> None:
    """Let SQLite read this connection's pages through mmap (a full scan reads ~35%
    faster); other backends are left as they are."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA mmap_size={MMAP_BYTES}")


_SQLITE_LEVEL = (
    'SELECT hash FROM audit_nodes WHERE level = ? AND "index" >= ? AND "index" < ? ORDER BY "index"'
)


def packed_level(conn: Connection, level: int, begin: int, end: int) -> bytes:
    """The stored hashes of one level with ``begin <= index < end``, packed in order.

    On SQLite through the driver's cursor on the same connection, as in
    `bastion.store.entries.entry_pages` (half the cost per node of a result row).
    """
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        rows: Any = cursor.execute(_SQLITE_LEVEL, (level, begin, end)).fetchall()
    else:
        rows = conn.execute(
            select(audit_nodes.c.hash)
            .where(
                audit_nodes.c.level == level,
                audit_nodes.c.index >= begin,
                audit_nodes.c.index < end,
            )
            .order_by(audit_nodes.c.index)
        ).all()
    return b"".join([bytes(row[0]) for row in rows])


def place(conn: Connection, index: int) -> EntryPlace | None:
    """The seq, session and time of the ``index``-th event by seq (leaf ``index``'s row)."""
    row = conn.execute(
        select(events.c.seq, events.c.session_id, events.c.time)
        .order_by(events.c.seq)
        .limit(1)
        .offset(index)
    ).first()
    return (int(row[0]), str(row[1]), float(row[2])) if row else None


def check_chunk_on(conn: Connection, task: ChunkTask, check_nodes: bool) -> ChunkResult:
    """Recompute one chunk from the rows and nodes read through ``conn``."""
    return check_chunk(
        task.start,
        entry_pages(conn, task.first_seq, task.last_seq),
        packed_level(conn, 0, task.start, task.start + task.size),
        lambda index: place(conn, index),
        (lambda level, b, e: packed_level(conn, level, b, e)) if check_nodes else None,
    )


def processes(chunks: int, jobs: int) -> int:
    """How many processes verify ``chunks`` chunks when ``jobs`` are allowed (this one
    included): each gets at least `CHUNKS_PER_PROCESS` chunks."""
    return max(1, min(jobs, chunks // CHUNKS_PER_PROCESS))


def check_chunks(
    conn: Connection,
    tasks: list[ChunkTask],
    *,
    check_nodes: bool,
    url: str | None = None,
    jobs: int = 1,
) -> Iterator[ChunkResult]:
    """Recompute ``tasks`` and yield the results in order, with ``jobs`` processes.

    The caller's process is one of them: it starts on the next chunk at once, through
    ``conn``, while ``jobs - 1`` workers are spawned (about half a second each) and
    then take chunks as well, two queued ahead per worker. Each process gets at least
    `CHUNKS_PER_PROCESS` chunks, so a small log is checked here alone.
    """
    helpers = processes(len(tasks), jobs) - 1
    if helpers <= 0 or url is None:
        for task in tasks:
            yield check_chunk_on(conn, task, check_nodes)
        return
    done: dict[int, ChunkResult] = {}
    given = 0  # tasks handed out so far, to a worker or to this process
    with ProcessPoolExecutor(
        helpers,
        mp_context=_worker_context(),
        initializer=_worker_start,
        initargs=(url,),
    ) as pool:
        queued: dict[Future[ChunkResult], int] = {}
        for emitted in range(len(tasks)):
            while emitted not in done:
                while len(queued) < 2 * helpers and given < len(tasks):
                    queued[pool.submit(_worker_chunk, (tasks[given], check_nodes))] = given
                    given += 1
                for future in [f for f in queued if f.done()]:
                    done[queued.pop(future)] = future.result()
                if emitted in done:
                    break
                if given < len(tasks):  # rather than wait, take the next chunk here
                    done[given] = check_chunk_on(conn, tasks[given], check_nodes)
                    given += 1
                else:
                    wait(queued, return_when=FIRST_COMPLETED)
            yield done.pop(emitted)


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers are spawned: each is a fresh interpreter that opens its own connection.

    Not forked: the caller holds an open SQLite connection, and SQLite keeps per-process
    lock bookkeeping for every open database file, which a forked child would inherit
    and share with the connection it opens itself (sqlite.org/howtocorrupt.html, "do not
    carry a connection across fork"). Spawning costs little here: `bastion audit verify`
    of 1,000,000 events on two cores took 5.4-5.6 s spawned, 5.3-5.4 s from a fork
    server and 5.0-5.3 s forked. A spawned worker re-runs the caller's main module, so
    a script that verifies with ``jobs > 1`` needs the usual ``__main__`` guard.
    """
    return multiprocessing.get_context("spawn")


_worker_engine: Engine | None = None


def _worker_start(url: str) -> None:
    global _worker_engine
    _worker_engine = create_engine(
        url, connect_args={"timeout": 30} if url.startswith("sqlite") else {}
    )


def _worker_chunk(job: tuple[ChunkTask, bool]) -> ChunkResult:
    if _worker_engine is None:
        raise RuntimeError("verification worker used before _worker_start")
    with _worker_engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        read_mapped(conn)
        return check_chunk_on(conn, *job)
