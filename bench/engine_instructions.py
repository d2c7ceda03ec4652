"""Instructions per event of the engine over the latency mix, for callgrind (#17).

CPU time on this shared 2-core machine drifts by 10% and more between interleaved samples of
identical code (bench/engine_tail.py reports the untouched stages' ratio for that reason);
instruction counts do not. Run twice under callgrind: ``setup`` (imports, the engine built
as the daemon builds it, the payloads read, one session's events handled to warm caches)
and ``work`` (the same, then every payload handled); the difference divided by the number
of events is the cost per event, record included::

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.setup \\
        python bench/engine_instructions.py setup --events 1500
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.work \\
        python bench/engine_instructions.py work --events 1500
    callgrind_annotate /tmp/cg.work | grep 'PROGRAM TOTALS'

Another tree: the same with ``PYTHONPATH=<tree>/src``. ``work`` prints a hash of every
reply, which must be equal for two trees whose decisions are the same.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    import latency

    from bastion.config import Home, tune_gc
    from bastion.daemon import build_engine

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("setup", "work"))
    parser.add_argument("--events", type=int, default=1500)
    args = parser.parse_args()
    payloads = latency.mixed_payloads(args.events)
    with tempfile.TemporaryDirectory(prefix="einstr", dir="/tmp") as home:
        engine = build_engine(Home.resolve(home).ensure())
        tune_gc()
        warm = build_engine(Home.resolve(home + "/warm").ensure())
        for payload in payloads[:20]:  # code paths and module caches warm in both modes
            warm.handle_payload("claude-code", payload)
        warm.store.close()
        if args.mode == "work":
            digest = hashlib.sha256()
            for payload in payloads:
                reply = engine.handle_payload("claude-code", payload)
                digest.update(repr(reply).encode())
            print(len(payloads), "events, replies", digest.hexdigest()[:16])
        engine.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
