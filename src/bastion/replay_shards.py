"""A decisions-only replay split across processes, each session whole in one of them.

``bastion policy test`` decides every recorded call twice into stores it throws away. The
engine is single-threaded and its work per event is CPU (about 1 ms on the SWE-bench
corpus), so one process is bounded near 1,000-1,200 events per second; a month of a team's
sessions needs the machine's other cores. Sessions are independent in the engine: its
state is per session (``Engine.live``), and what it reads from the store (a saved state,
a session's decided calls) is keyed by the session. So each session goes whole, in its
order, to one forked worker with its own engine and throw-away store, and the replies
come back in the input's order.

What a sequential replay decides from the order of all lines is read once, here, before
any worker starts (``replay.plan``): the sensor of each line (a payload without a
transcript path keeps the previous line's agent) and the sessions that never return
after their end. The replies are the sequential ones (``tests/unit/test_replay_shards.py``
compares them; ``bench/replay_shards.py`` hashes them on the corpora).

Workers are forked (the policy already parsed, nothing re-imported); where fork is not
the platform's safe default (macOS, Windows) the replay stays in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bastion.config import Home
from bastion.engine import Engine
from bastion.replay import Plan, plan, replay_lines, replay_planned

__all__ = ["MIN_SHARD_LINES", "available_cores", "decisions"]

# A worker's fork, engine and store cost about 0.1 s; below this many lines per worker the
# split costs more than it saves.
MIN_SHARD_LINES = 1000

# What a forked worker reads: set before the pool forks, cleared after (never pickled).
_work: tuple[Callable[[Home], Engine], list[tuple[int, bytes]], Plan, list[list[int]]] | None
_work = None


def available_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def decisions(
    build: Callable[[Home], Engine],
    lines: list[tuple[int, bytes]],
    jobs: int = 0,
    *,
    min_lines: int = MIN_SHARD_LINES,
) -> list[dict[str, Any]]:
    """Each line's ``ReplayStep.output()`` of a decisions-only replay, in the input's order.

    ``build`` makes an engine on a fresh throw-away home; ``jobs``: worker processes (0: one
    per available core); fewer when the lines are few (``min_lines`` per worker at least)."""
    if jobs <= 0:
        jobs = available_cores()
    jobs = max(1, min(jobs, len(lines) // max(1, min_lines)))
    if jobs == 1 or sys.platform != "linux":
        return _sequential(build, lines)
    the_plan = plan(lines, None)
    shards = _split(the_plan.sessions, jobs)
    global _work
    _work = (build, lines, the_plan, shards)
    try:
        # An executor, not a Pool: a worker that dies (killed, out of memory) fails the
        # replay with BrokenProcessPool instead of leaving it waiting for ever.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(shards), mp_context=context) as pool:
            parts = list(pool.map(_run_shard, range(len(shards))))
    finally:
        _work = None
    out: list[dict[str, Any] | None] = [None] * len(lines)
    for indexes, rows in zip(shards, parts, strict=True):
        for i, row in zip(indexes, rows, strict=True):
            out[i] = row
    assert all(row is not None for row in out), "a line no shard replayed"
    return out  # type: ignore[return-value]


def _sequential(build: Callable[[Home], Engine], lines: list[tuple[int, bytes]]) -> list[Any]:
    with tempfile.TemporaryDirectory(prefix="bastion-shadow-") as tmp:
        engine = build(Home.resolve(tmp).ensure())
        try:
            return [step.output() for step in replay_lines(engine, lines, rows=False)]
        finally:
            engine.store.close()


def _split(sessions: list[str | None], jobs: int) -> list[list[int]]:
    """Line indexes per worker: each session's lines together, the largest sessions placed
    first, each on the worker with the fewest lines so far (a deterministic balance)."""
    by_session: dict[str | None, list[int]] = {}
    for i, session in enumerate(sessions):
        by_session.setdefault(session, []).append(i)
    loads = [0] * jobs
    shards: list[list[int]] = [[] for _ in range(jobs)]
    for indexes in sorted(by_session.values(), key=lambda ix: (-len(ix), ix[0])):
        k = loads.index(min(loads))
        shards[k].extend(indexes)
        loads[k] += len(indexes)
    for shard in shards:
        shard.sort()  # each session's lines in their order, sessions interleaved as given
    return [shard for shard in shards if shard]


def _run_shard(k: int) -> list[dict[str, Any]]:
    assert _work is not None, "a shard runs only in a worker forked by decisions()"
    build, lines, the_plan, shards = _work
    indexes = shards[k]
    mine = [lines[i] for i in indexes]
    sensors = [the_plan.sensors[i] for i in indexes]
    with tempfile.TemporaryDirectory(prefix="bastion-shadow-") as tmp:
        engine = build(Home.resolve(tmp).ensure())
        try:
            return [
                step.output() for step in replay_planned(engine, mine, sensors, the_plan.rowless)
            ]
        finally:
            engine.store.close()
