"""What issue #17's replay target (>= 10,000 events per CPU-second) gains from two of its
proposed shortcuts: a decisions-only replay (built) and a memo of the understanding (not).

1. ``record``: the replay as ``bastion replay`` runs it (every row redacted, built and
   written: ``full``) against the decisions-only replay ``bastion policy test`` runs
   (``replay_lines(..., rows=False)``: ``decisions``) and against the record stage skipped
   for every session (``skip``: the ceiling, which a session that returns after its end
   would get wrong). In fresh processes, interleaved; the replies (decision, reasons,
   finding kinds) are hashed and must agree.
2. ``repeats``: how often a corpus's shell commands repeat, by text, by text and cwd, and by
   text, cwd and session: the most a memo of the understanding keyed on at least those
   could ever skip (``understand/actions._analyze`` already caches the parse by text).

Usage:
    BASTION_BENCH_DATA=/work/shared/data python bench/replay_ceiling.py record --runs 2
    BASTION_BENCH_DATA=/work/shared/data python bench/replay_ceiling.py record \
        --postgres postgresql://postgres@127.0.0.1:5432/test
    BASTION_BENCH_DATA=/work/shared/data python bench/replay_ceiling.py repeats
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BASTION_BENCH_DATA") or ROOT.parent / "shared" / "data")
CORPUS = "swebench-verified-gemini3pro-dev.jsonl.gz"

# Run inside each sample's process; prints one JSON line.
SAMPLE = """
import hashlib, json, sys, tempfile, time
from pathlib import Path
from bastion.cli.replay_cmd import make_engine
from bastion.config import Home, tune_gc
from bastion.events import EventKind
from bastion.replay import read_payloads, replay_lines
corpus, events, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [l for _, l in zip(range(events), read_payloads([Path(corpus)]))]
with tempfile.TemporaryDirectory(prefix="rceil", dir="/tmp") as tmp:
    engine = make_engine(Home.resolve(tmp).ensure(), None, "balanced")
    if mode == "skip":
        def record(event, facts, verdict, alerts, live):
            if event.kind is EventKind.SESSION_END:
                engine.live.pop(event.session_id, None)
        engine.record = record
    tune_gc()
    wall, cpu = time.perf_counter(), time.process_time()
    replies = []
    for step in replay_lines(engine, lines, rows=mode != "decisions"):
        row = step.output()
        replies.append((row["decision"], row["reasons"], [f["kind"] for f in row["findings"]]))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    engine.store.close()
digest = hashlib.sha256(json.dumps(replies).encode()).hexdigest()[:16]
print(json.dumps({"events": len(lines), "wall": wall, "cpu": cpu, "replies": digest}))
"""


def sample(corpus: Path, events: int, mode: str, database_url: str | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    if database_url:
        env["BASTION_DATABASE_URL"] = database_url
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, str(corpus), str(events), mode],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"sample failed: {out.stderr[-800:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-q", "-c", sql], check=True, capture_output=True)


def record_ceiling(args: argparse.Namespace) -> None:
    modes = ("full", "decisions", "skip")
    rows: dict[str, list[dict[str, object]]] = {mode: [] for mode in modes}
    for i in range(args.runs):
        for mode in modes if i % 2 == 0 else modes[::-1]:
            url, name = None, ""
            if args.postgres:
                name = f"rceil_{uuid.uuid4().hex[:10]}"
                psql(args.postgres, f"CREATE DATABASE {name}")
                url = args.postgres.replace("postgresql://", "postgresql+psycopg://", 1)
                url = url.rsplit("/", 1)[0] + "/" + name
            try:
                rows[mode].append(sample(args.corpus, args.events, mode, url))
            finally:
                if name:
                    psql(args.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    store = "postgresql" if args.postgres else "sqlite"
    digests = {r["replies"] for rs in rows.values() for r in rs}
    print(f"replies identical in every sample: {len(digests) == 1} ({sorted(digests)})")
    for mode, rs in rows.items():
        cpu = statistics.median(r["events"] / r["cpu"] for r in rs)  # type: ignore[operator]
        wall = statistics.median(r["events"] / r["wall"] for r in rs)  # type: ignore[operator]
        print(
            f"{mode:9} [{store}] {rs[0]['events']} events: median {cpu:,.0f} events per "
            f"CPU-second, {wall:,.0f} events/s wall"
        )
    for mode in modes[1:]:
        ratio = statistics.median(
            (d["events"] / d["cpu"]) / (f["events"] / f["cpu"])  # type: ignore[operator]
            for f, d in zip(rows["full"], rows[mode], strict=True)
        )
        print(f"{mode} / full (CPU, pair by pair, median): {ratio:.3f}")
    print(f"load {os.getloadavg()}")


def repeats(args: argparse.Namespace) -> None:
    for path in sorted(DATA.glob("*.jsonl.gz")):
        shell = by_text = by_cwd = by_session = 0
        seen: tuple[set[object], set[object], set[object]] = (set(), set(), set())
        with gzip.open(path) as stream:
            for line in stream:
                payload = json.loads(line)
                tool_input = payload.get("tool_input")
                if payload.get("hook_event_name") != "PreToolUse" or not isinstance(
                    tool_input, dict
                ):
                    continue
                command = tool_input.get("command")
                if not isinstance(command, str):
                    continue
                shell += 1
                keys = (
                    command,
                    (command, payload.get("cwd")),
                    (command, payload.get("cwd"), payload.get("session_id")),
                )
                by_text += keys[0] in seen[0]
                by_cwd += keys[1] in seen[1]
                by_session += keys[2] in seen[2]
                for key, found in zip(keys, seen, strict=True):
                    found.add(key)
        if shell:
            print(
                f"{path.name}: {shell} shell calls; seen before by text {by_text} "
                f"({by_text / shell:.0%}), text+cwd {by_cwd} ({by_cwd / shell:.0%}), "
                f"text+cwd+session {by_session} ({by_session / shell:.0%})"
            )
        else:
            print(f"{path.name}: no shell calls")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["record", "repeats"])
    parser.add_argument("--runs", type=int, default=2, help="samples of each mode")
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--corpus", type=Path, default=DATA / CORPUS)
    parser.add_argument("--postgres", default=None, help="admin URL: a new database per sample")
    args = parser.parse_args()
    (record_ceiling if args.what == "record" else repeats)(args)


if __name__ == "__main__":
    main()
