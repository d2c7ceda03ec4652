"""Time to produce a compliance report over a large record, the way a user runs it.

Builds (or tops up) a Bastion home whose audit log holds ``--events`` entries: copies of
two sessions the real engine recorded (the classic incident and a second session, see
``export_bench.template``), under new ids and sessions, appended through the store with the
home's log signer, so leaves, chain and checkpoints are those of a real record. Then runs
``bastion compliance report --framework F --since 30d --out DIR --home H`` as its own
process for each framework and reads that process's wall time, CPU time (user + system)
and peak RSS from ``wait4``. ``--database-url`` puts the record in PostgreSQL instead of
the home's SQLite file (``BASTION_DATABASE_URL`` for the report process).

Writes ``bench/results/compliance-<events>.json`` (``-pg`` for PostgreSQL).
Usage: python bench/compliance_bench.py --events 1000000 --home /tmp/bastion-1m
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "export"))

from export_bench import fill, template  # noqa: E402

from bastion.audit.signer import LogSigner  # noqa: E402
from bastion.compliance.catalogue import load  # noqa: E402
from bastion.config import Home  # noqa: E402
from bastion.store import Store  # noqa: E402


def build_home(home: Path, events: int, url: str | None) -> dict[str, Any]:
    """The home's log filled to ``events`` entries; seconds spent appending."""
    h = Home.resolve(home).ensure()
    signer = LogSigner.for_keys_dir(h.keys_dir)
    store = Store(url or h.database_url, signer=signer, checkpoint_seconds=0)
    before = store.log_size()
    started = time.perf_counter()
    if before < events:
        with tempfile.TemporaryDirectory() as folder:
            tpl = template(Path(folder))
            step = 50_000
            size = before
            while size < events:
                size = min(events, size + step)
                fill(store, tpl, size)
                print(f"log: {store.log_size()} entries", flush=True)
    entries = store.log_size()
    store.close()
    return {
        "entries": entries,
        "appended": entries - before,
        "append_seconds": round(time.perf_counter() - started, 1),
    }


def run_report(home: Path, framework: str, out: Path, url: str | None) -> dict[str, Any]:
    """One ``bastion compliance report`` process: wall, CPU and peak RSS from wait4."""
    env = dict(os.environ)
    if url:
        env["BASTION_DATABASE_URL"] = url
    cmd = [
        str(Path(sys.executable).parent / "bastion"),
        "compliance",
        "report",
        "--framework",
        framework,
        "--since",
        "30d",
        "--out",
        str(out / framework),
        "--home",
        str(home),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{framework}: exit {proc.returncode}\n{output}")
    summary = " ".join(
        line.strip() for line in output.splitlines() if line.strip() and "wrote" not in line
    )
    return {
        "framework": framework,
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "statuses": summary,
        "pdf_bytes": (out / framework / "report.pdf").stat().st_size,
        "proofs_bytes": (out / framework / "proofs.json").stat().st_size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--home", type=Path, required=True, help="kept between runs")
    parser.add_argument("--database-url", default=None, help="postgresql+psycopg://... ")
    parser.add_argument("--frameworks", default="", help="comma-separated; default: all")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--label", default="", help="added to the results file name")
    args = parser.parse_args()
    built = build_home(args.home, args.events, args.database_url)
    print(f"record: {built}", flush=True)
    if args.build_only:
        return 0
    names = [f for f in args.frameworks.split(",") if f] or list(load().frameworks)
    results: dict[str, Any] = {
        "machine": "2 cores shared by several helpers",
        "database": "postgresql" if args.database_url else "sqlite",
        "record": built,
        "load_average_at_start": os.getloadavg(),
        "command": "bastion compliance report --framework F --since 30d --out DIR --home H",
        "reports": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            got = run_report(args.home, name, Path(folder), args.database_url)
            results["reports"].append(got)
            print(got, flush=True)
    results["load_average_at_end"] = os.getloadavg()
    suffix = f"-{args.label}" if args.label else ""
    db = "-pg" if args.database_url else ""
    out = ROOT / "bench" / "results" / f"compliance-{args.events}{db}{suffix}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
