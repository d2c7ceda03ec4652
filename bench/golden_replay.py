"""Golden replay: record what the engine decides and writes for every corpus event, then
check that a refactoring changed none of it, byte for byte.

Every dev corpus in the data directory (``<name>-dev.jsonl.gz``, AgentDojo included) and
every scenario file under ``bench/scenarios/`` is replayed through the same engine path as
``bench/quality.py`` (``replay_lines``, fresh temporary home, one ``Engine`` per file), once
with the ``balanced`` profile and once with ``strict``. For each row the engine put in the
store (events, attribution and mode-change entries, in log order) one canonical JSON line
keeps:

- the decision, reasons, policy ids and agent context of the verdict;
- every finding (kind, rule, signal, severity, detail) and every alert (severity, title,
  detail) raised by the row's event;
- the facts summary the row stores, and a SHA-256 of the redacted event data (so a change
  in redaction or in what is recorded shows up without storing the payloads again);
- the session state after the event (a SHA-256 of ``SessionState.to_dict()``, plus mode,
  risk, denials and finding counts readable), and the full final state of each session.

Volatile values are dropped or fixed so two runs of the same code give the same bytes:
row and event ids become the line number they belong to, wall-clock times inside the
replay's window become ``"<time>"``, the policy hash is left out (moving Python decisions
into Cedar changes it by design), and the engine gets a fixed host, human and fingerprint
key. The files are written gzip-compressed (mtime 0) to ``bench/results/golden/``.

Usage:
  python bench/golden_replay.py --record            # write the golden files
  python bench/golden_replay.py --check             # compare; exit 1 on any difference
  python bench/golden_replay.py --check --only bipia --profile strict

``--data`` or ``BASTION_BENCH_DATA`` names the corpora directory (default ../shared/data).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bastion.config import Home, tune_gc
from bastion.engine import Engine
from bastion.events import Event, Principal, Verdict
from bastion.policy.engine import PolicyEngine
from bastion.replay import read_payloads, replay_lines
from bastion.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "bench" / "results" / "golden"
SCENARIOS = ROOT / "bench" / "scenarios"
PROFILES = ("balanced", "strict")
# Fixed identity of the replaying engine: the human and host appear in recorded rows.
HOST = "golden-host"
HUMAN = Principal("human", "golden@golden-host", "golden", {"source": "os"})
FINGERPRINT_KEY = b"golden-replay-fingerprint-key-32"


def inputs(data: Path, only: list[str]) -> list[tuple[str, Path]]:
    """(name, path) of every corpus and scenario file, in a fixed order."""
    found: list[tuple[str, Path]] = []
    for path in sorted(data.glob("*-dev.jsonl.gz")):
        name = path.name.removesuffix("-dev.jsonl.gz")
        if name.startswith("secret-samples"):
            continue  # rows of secrets for the scanner benchmark, not hook payloads
        found.append((name, path))
    for path in sorted(SCENARIOS.rglob("*")):
        if path.name.endswith((".jsonl", ".jsonl.gz")):
            rel = path.relative_to(SCENARIOS).as_posix()
            found.append(("scenarios-" + rel.split(".jsonl")[0].replace("/", "-"), path))
    if only:
        found = [(n, p) for n, p in found if n in only]
    return found


def _sha(value: Any) -> str:
    return hashlib.sha256(_canonical(value).encode()).hexdigest()[:12]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


class _Scrub:
    """Replace wall-clock times of this run and generated ids with stable stand-ins."""

    def __init__(self, started: float) -> None:
        self.low = started - 5
        self.high = time.time() + 5
        self.ids: dict[str, str] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, float) and self.low <= value <= self.high:
            return "<time>"
        if isinstance(value, str):
            return self.ids.get(value, value)
        if isinstance(value, dict):
            return {self(k) if isinstance(k, str) else k: self(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self(v) for v in value]
        return value


def replay_file(path: Path, profile: str) -> Iterator[str]:
    """The canonical golden lines of one file under one profile."""
    with tempfile.TemporaryDirectory(prefix="bastion-golden-") as tmp:
        home = Home.resolve(tmp).ensure()
        engine = Engine(
            Store(home.database_url),
            PolicyEngine.load(),
            profile=profile,
            human=HUMAN,
            host=HOST,
            secret_key=FINGERPRINT_KEY,
        )
        tune_gc()
        states: dict[str, dict[str, Any]] = {}
        process: Callable[[Event], Verdict] = engine.process

        def observed(event: Event) -> Verdict:
            verdict = process(event)
            live = engine.live.get(event.session_id)
            if live is not None:
                states[event.id] = json.loads(_canonical(live.state.to_dict()))
            return verdict

        engine.process = observed  # type: ignore[method-assign]
        started = time.time()
        steps = list(replay_lines(engine, read_payloads([path])))
        scrub = _Scrub(started)
        sessions: list[str] = []
        errors: list[str] = []
        for step in steps:
            sid = (step.payload or {}).get("session_id")
            if isinstance(sid, str) and sid not in sessions:
                sessions.append(sid)
            if step.error:
                errors.append(_canonical({"line": step.line_number, "error": step.error}))
            if step.event is not None:
                scrub.ids[step.event.id] = f"<event line {step.line_number}>"
        yield from errors
        for sid in sessions:
            rows = engine.store.events(sid)
            for index, row in enumerate(rows):
                scrub.ids.setdefault(str(row["id"]), f"<row {index}>")
            alerts: dict[str, list[dict[str, Any]]] = {}
            for alert in engine.store.alerts(sid):
                alerts.setdefault(str(alert.get("event_id")), []).append(
                    {k: alert.get(k) for k in ("severity", "title", "detail", "status")}
                )
            yield _canonical({"session": sid, "rows": len(rows)})
            for row in rows:
                yield _canonical(
                    scrub(_row_line(row, alerts.get(str(row["id"]), []), states, scrub))
                )
            session = engine.store.session(sid) or {}
            state = dict(session.get("state") or {})
            # Keyed digests: compared by hash, not kept readable (they are most of the bytes).
            state["fingerprints"] = _sha(state.get("fingerprints"))
            final = {
                "session": sid,
                "final": {
                    k: session.get(k) for k in ("mode", "risk", "denials", "ended_at", "prompt")
                },
                "state": state,
            }
            yield _canonical(scrub(final))
        engine.store.close()


def _row_line(
    row: dict[str, Any],
    alerts: list[dict[str, Any]],
    states: dict[str, dict[str, Any]],
    scrub: _Scrub,
) -> dict[str, Any]:
    verdict = row.get("verdict") or {}
    data = dict(row.get("data") or {})
    data.pop("id", None)
    data.pop("time", None)
    line: dict[str, Any] = {
        "kind": row.get("kind"),
        "native": row.get("native_name"),
        "tool": row.get("tool"),
        "decision": row.get("decision"),
        "verdict": verdict.get("decision"),
        "reasons": verdict.get("reasons"),
        "policies": verdict.get("policies"),
        "agent_context": verdict.get("agent_context"),
        "findings": [
            {
                "kind": f.get("kind"),
                "rule": f.get("rule"),
                "signal": "possible-injection"
                if f.get("rule") == "injection.possible"
                else f.get("kind"),
                "severity": f.get("severity"),
                "detail": f.get("detail"),
            }
            for f in verdict.get("findings") or []
        ],
        "alerts": alerts,
        "facts": row.get("facts"),
        "data": _sha(scrub(data)),
    }
    state = states.get(str(row["id"]))
    if state is not None:
        line["state"] = {
            "sha": _sha(scrub(state)),
            "mode": state.get("mode"),
            "risk": state.get("risk"),
            "denials": state.get("denials"),
            "finding_counts": state.get("finding_counts"),
        }
    return line


def golden_path(name: str, profile: str, where: Path = GOLDEN) -> Path:
    return where / f"{name}.{profile}.jsonl.gz"


def write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ("\n".join(lines) + "\n").encode()
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(body)


def read(path: Path) -> list[str]:
    with gzip.open(path, "rt") as stream:
        return stream.read().splitlines()


def compare(name: str, profile: str, want: list[str], got: list[str], show: int) -> int:
    """Print a readable summary of differences; return how many lines differ."""
    if want == got:
        return 0
    changed: Counter[str] = Counter()
    examples: list[str] = []
    session = ""
    for index in range(max(len(want), len(got))):
        a = json.loads(want[index]) if index < len(want) else None
        b = json.loads(got[index]) if index < len(got) else None
        if a is not None and "rows" in a:
            session = str(a.get("session"))
        if a == b:
            continue
        if a is None or b is None:
            changed["line added" if a is None else "line missing"] += 1
            continue
        keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        for key in keys:
            if key == "decision":
                changed[f"decision {a.get(key)} -> {b.get(key)}"] += 1
            else:
                for path in _differing(a.get(key), b.get(key), key):
                    changed[("final " if "final" in a else "") + path] += 1
        if len(examples) < show:
            where = f"{session[:8]} {a.get('native') or ''} {a.get('tool') or ''}"
            for key in keys:
                examples.append(f"    line {index + 1} [{where}] {key}:")
                examples.append(f"      was: {_canonical(a.get(key))[:300]}")
                examples.append(f"      now: {_canonical(b.get(key))[:300]}")
    total = sum(1 for i in range(max(len(want), len(got))) if _at(want, i) != _at(got, i))
    print(f"DIFF {name} [{profile}]: {total} of {len(want)} lines differ")
    for what, count in changed.most_common():
        print(f"  {count:6d}  {what}")
    for line in examples:
        print(line)
    return total


def _differing(a: Any, b: Any, path: str, depth: int = 2) -> list[str]:
    """The dotted paths, ``depth`` levels into nested objects, where ``a`` and ``b`` differ
    (``state.extra.last_decision``), so a summary names what changed, not only the key."""
    if depth == 0 or not isinstance(a, dict) or not isinstance(b, dict):
        return [path]
    found: list[str] = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            found.extend(_differing(a.get(key), b.get(key), f"{path}.{key}", depth - 1))
    return found or [path]


def _at(lines: list[str], index: int) -> str | None:
    return lines[index] if index < len(lines) else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", action="store_true", help="write the golden files")
    mode.add_argument("--check", action="store_true", help="compare with the golden files")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("BASTION_BENCH_DATA") or ROOT.parent / "shared" / "data"),
        help="directory of <corpus>-dev.jsonl.gz files (or BASTION_BENCH_DATA)",
    )
    parser.add_argument("--only", action="append", default=[], help="input name (repeatable)")
    parser.add_argument("--profile", action="append", default=[], choices=PROFILES)
    parser.add_argument("--show", type=int, default=5, help="example differences per file")
    parser.add_argument(
        "--dir", type=Path, default=GOLDEN, help="where the golden files are (default: %(default)s)"
    )
    args = parser.parse_args()
    files = inputs(args.data, args.only)
    if not files:
        print(f"nothing to replay: no corpora in {args.data} and no scenarios", file=sys.stderr)
        return 2
    differing = 0
    for name, path in files:
        for profile in args.profile or PROFILES:
            started = time.perf_counter()
            lines = list(replay_file(path, profile))
            took = time.perf_counter() - started
            target = golden_path(name, profile, args.dir)
            if args.record:
                write(target, lines)
                print(f"recorded {name} [{profile}]: {len(lines)} lines in {took:.1f} s")
                continue
            if not target.exists():
                print(f"MISSING {target}: run --record at the base first")
                differing += 1
                continue
            count = compare(name, profile, read(target), lines, args.show)
            differing += count
            if not count:
                print(f"same {name} [{profile}]: {len(lines)} lines in {took:.1f} s")
    if args.check:
        print("golden replay: identical" if not differing else f"golden replay: {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
