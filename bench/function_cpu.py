"""Thread CPU of named functions over the latency mix, per event and per call (no profiler).

cProfile multiplies the cost of small Python functions, so it ranks the hot path wrongly
once the big items are gone; this wraps only the named functions (``module:attr`` or
``module:Class.method``, patched where they are looked up: a function imported by name
into another module is named there, e.g. ``bastion.understand.shell:match_path``) and
times each outermost call with ``time.thread_time``, while the engine, built as the daemon
builds it, handles bench/latency.py's mixed payloads. Run it under another tree with
``PYTHONPATH=<tree>/src`` to compare (interleave the runs; note the load).

Usage:
    BASTION_BENCH_DATA=/work/shared/data python bench/function_cpu.py --events 3000 \\
        bastion.understand.shell:match_path bastion.understand.session:creates_content
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _wrap(owner: Any, attr: str, label: str, acc: dict[str, list[float]]) -> None:
    original: Callable[..., Any] = getattr(owner, attr)
    active = [False]

    def timed(*args: Any, **kwargs: Any) -> Any:
        if active[0]:  # a recursive call is part of the outer one
            return original(*args, **kwargs)
        active[0] = True
        start = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            active[0] = False
            acc.setdefault(label, []).append(time.thread_time() - start)

    setattr(owner, attr, timed)


def main() -> int:
    import latency

    from bastion.config import Home, tune_gc
    from bastion.daemon import build_engine

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("targets", nargs="+", help="module:attr or module:Class.method")
    args = parser.parse_args()
    acc: dict[str, list[float]] = {}
    for target in args.targets:
        module, _, path = target.partition(":")
        owner: Any = importlib.import_module(module)
        *parents, attr = path.split(".")
        for name in parents:
            owner = getattr(owner, name)
        _wrap(owner, attr, target, acc)
    payloads = latency.mixed_payloads(args.events)
    with tempfile.TemporaryDirectory(prefix="fncpu", dir="/tmp") as home:
        engine = build_engine(Home.resolve(home).ensure())
        tune_gc()
        start = time.thread_time()
        for payload in payloads:
            engine.handle_payload("claude-code", payload)
        total = time.thread_time() - start
        engine.store.close()
    n = len(payloads)
    print(f"{n} events, {total / n * 1e6:.0f} us CPU per event, load {os.getloadavg()[0]:.1f}")
    for target in args.targets:
        calls = sorted(acc.get(target, []))
        if not calls:
            print(f"{target}: never called")
            continue
        p99 = calls[min(len(calls) - 1, round(0.99 * (len(calls) - 1)))]
        print(
            f"{target}: {len(calls)} calls, {sum(calls) / n * 1e6:.1f} us per event, "
            f"p99 per call {p99 * 1e6:.0f} us, max {calls[-1] * 1e6:.0f} us"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
