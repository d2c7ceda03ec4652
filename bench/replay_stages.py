"""Where a replay's CPU goes, by stage: what issue #17's 10,000 events per CPU-second is
still far from.

One process builds the engine as ``bastion replay`` does (`bastion.cli.replay_cmd.make_engine`,
a fresh temporary home), reads the first ``--events`` lines of the corpus and replays them
(``--mode full``: every row written; ``decisions``: ``rows=False``, as ``bastion policy
test``), taking this thread's CPU time (not wall time: the machine is shared) around each of
the engine's stages (identify, understand, detect, decide, respond, record) and around the
whole replay; ``flush`` is the write of a session's batched rows, ``remember_allowed`` the
understanding's memory of an allowed call. What is left (``other``) is the replay's own work:
reading each line (JSON, the sensor's event), grouping sessions and their transactions.

Usage:
    BASTION_BENCH_DATA=/work/shared/data python bench/replay_stages.py --mode decisions
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BASTION_BENCH_DATA") or ROOT.parent / "shared" / "data")
CORPUS = "swebench-verified-gemini3pro-dev.jsonl.gz"
STAGES = ("identify", "understand", "detect", "decide", "respond", "record", "flush")
# Run by the engine between its stages (``Engine._decide_and_record``): understand's memory.
BETWEEN = ("remember_allowed",)


def timed(spent: dict[str, int], name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with its thread CPU time added to ``spent[name]``."""

    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time_ns()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name] += time.thread_time_ns() - start

    return run


def main() -> int:
    import bastion.engine as enginemod
    from bastion.cli.replay_cmd import make_engine
    from bastion.config import Home, tune_gc
    from bastion.replay import read_payloads, replay_lines

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--corpus", type=Path, default=DATA / CORPUS)
    parser.add_argument("--mode", choices=["full", "decisions"], default="decisions")
    args = parser.parse_args()
    lines = list(itertools.islice(read_payloads([args.corpus]), args.events))
    spent = dict.fromkeys(STAGES + BETWEEN, 0)
    for name in BETWEEN:
        setattr(enginemod, name, timed(spent, name, getattr(enginemod, name)))
    with tempfile.TemporaryDirectory(prefix="rstages", dir="/tmp") as tmp:
        engine = make_engine(Home.resolve(tmp).ensure(), None, "balanced")
        for name in STAGES:  # instance attributes: the engine calls self.<stage>(...)
            setattr(engine, name, timed(spent, name, getattr(engine, name)))
        tune_gc()
        start = time.thread_time_ns()
        for step in replay_lines(engine, iter(lines), rows=args.mode == "full"):
            step.output()
        total = time.thread_time_ns() - start
        engine.store.close()
    spent["other (lines, sessions, txns)"] = total - sum(spent.values())
    events = len(lines)
    print(
        f"{args.corpus.name}, {events} events, {args.mode}: {events / (total / 1e9):,.0f} "
        f"events per CPU-second ({total / 1e3 / events:,.0f} us a event)"
    )
    print(f"{'stage':28} {'us/event':>9} {'share':>6}")
    for name, ns in spent.items():
        print(f"{name:28} {ns / 1e3 / events:9.0f} {ns / total:6.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
