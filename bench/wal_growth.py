"""How big the home database's SQLite WAL grows while a reader holds a snapshot (issue #18).

A process the agent can stop (a console or exporter SIGSTOPped inside a read transaction)
keeps a snapshot open; SQLite cannot reset the write-ahead log past it, so every commit of
the daemon meanwhile adds to the file. The daemon's store copies the WAL with PASSIVE
checkpoints (never blocking, `store._wal_timer`), and the file shrinks only when the log is
reset: to the size ``PRAGMA journal_size_limit`` names, or never (SQLite's default, -1).

Run: ``.venv/bin/python bench/wal_growth.py [--events 20000]``. Prints, for each policy,
the WAL size after N control entries with a reader holding its snapshot, and after the
reader lets go and the daemon writes again.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from bastion.audit.records import action_row
from bastion.store import Store


def _wal(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def run(events: int, *, hold: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "home.db"
        store = Store(f"sqlite:///{db}", background_wal=True, checkpoint_seconds=0)
        try:
            store.append_control(action_row("bench.start", "bench"))
            reader = sqlite3.connect(db, isolation_level=None)
            if hold:  # a console stopped mid-read: its snapshot stays open
                reader.execute("BEGIN")
                reader.execute("SELECT count(*) FROM events").fetchone()
            t0 = time.perf_counter()
            for n in range(events):
                store.append_control(action_row("bench.entry", "bench", n=n))
            elapsed = time.perf_counter() - t0
            time.sleep(1.0)  # a few rounds of the WAL thread
            held = _wal(db)
            reader.execute("COMMIT") if hold else None
            reader.close()
            time.sleep(1.0)  # the WAL thread copies the rest
            for n in range(10):  # the next writes restart the log from its start
                store.append_control(action_row("bench.after", "bench", n=n))
            time.sleep(1.0)
            after = _wal(db)
            limit = store.engine.connect().exec_driver_sql("PRAGMA journal_size_limit").scalar()
        finally:
            store.close()
    return {
        "events": events,
        "reader_held": hold,
        "journal_size_limit": float(limit or 0),
        "wal_mib_while_held": round(held / 2**20, 2),
        "wal_mib_after_release": round(after / 2**20, 2),
        "appends_per_s": round(events / elapsed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    print(json.dumps({"load": os.getloadavg()[0]}))
    for hold in (False, True):
        print(json.dumps(run(args.events, hold=hold)))


if __name__ == "__main__":
    main()
