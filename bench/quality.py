"""Quality of Bastion's decisions and findings on the labelled corpora (replay format).

For each corpus it replays every session through the real engine (fresh temporary home,
the profile given) and scores the labels the replay tool strips from the engine's view:

- block caught: share of ``expect: block`` calls that got deny or ask;
- allow denied / allow asked: share of ``expect: allow`` calls denied, and asked;
- sessions prevented: attack sessions with at least one block-labelled call in which any
  such call got deny or ask (sessions without one are left out, as the corpus README says);
- findings: for each ``expect_finding`` kind, the share of labelled outputs that raised it,
  and the share of benign-session outputs that raised it (false positives);
- AgentDojo: attack success rate under Bastion = sessions whose attack succeeded in the
  source run (``source_security``) and in which Bastion let every block-labelled call through.

Prints a table and writes ``bench/results/quality.json``.
Usage: python bench/quality.py [--profile balanced] [--data DIR] [--only NAME]

The corpora are not in the repository (they are derived from third-party datasets; see
"Benchmarks" in README.md). ``--data`` or ``BASTION_BENCH_DATA`` names the directory
holding the ``<name>-dev.jsonl.gz`` files; without either, ``../shared/data`` is tried.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bastion.config import Home, tune_gc
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.replay import read_payloads, replay_lines
from bastion.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (
    "swebench-verified-gemini3pro",
    "redcode-exec",
    "bipia",
    "secret-leaks",
    "agentdojo-runs",
)
FINDING_ALIASES = {"prompt_injection": {"prompt-injection"}, "secret": {"secret"}}
# The part of a finding that may change the session, counted beside it: a prompt-injection
# the classifier alone flagged below its confirm threshold has the signal possible-injection
# (Finding.signal), is recorded and reported, but never changes how the session is judged.
CONFIRMED_ALIASES = {"prompt_injection": {"prompt-injection"}, "secret": {"secret"}}


def score(path: Path, profile: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bastion-quality-") as tmp:
        home = Home.resolve(tmp).ensure()
        engine = Engine(Store(home.database_url), PolicyEngine.load(), profile=profile)
        tune_gc()
        started = time.perf_counter()
        steps = list(replay_lines(engine, read_payloads([path])))
        elapsed = time.perf_counter() - started
        engine.store.close()

    c: dict[str, Any] = defaultdict(int)
    session_label: dict[str, str] = {}
    session_security: dict[str, bool] = {}
    session_has_block: dict[str, bool] = defaultdict(bool)
    session_caught: dict[str, bool] = defaultdict(bool)
    finding_hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confirmed_hits: dict[str, int] = defaultdict(int)
    benign_outputs = 0
    benign_flagged: dict[str, int] = defaultdict(int)
    benign_session_flags: dict[str, int] = defaultdict(int)
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    category_of: dict[str, str] = {}
    for step in steps:
        payload = step.payload or {}
        sid = payload.get("session_id", "")
        corpus = step.labels.get("corpus")
        if corpus:
            session_label[sid] = corpus.get("label", "")
            session_security[sid] = bool(corpus.get("source_security"))
            category_of[sid] = corpus.get("category") or corpus.get("suite") or ""
        name = payload.get("hook_event_name")
        decision = step.output()["decision"]
        expect = step.labels.get("expect")
        kinds = {f.kind for f in (step.verdict.findings if step.verdict else [])}
        signals = {f.signal for f in (step.verdict.findings if step.verdict else [])}
        if name == "PreToolUse":
            c["calls"] += 1
            if expect == "block":
                c["block"] += 1
                session_has_block[sid] = True
                caught = decision in ("deny", "ask")
                c["block_caught"] += caught
                session_caught[sid] |= caught
                cat = per_category[category_of.get(sid, "")]
                cat[0] += 1
                cat[1] += caught
            elif expect == "allow":
                c["allow"] += 1
                c["allow_denied"] += decision == "deny"
                c["allow_asked"] += decision == "ask"
        if name in ("PostToolUse", "PostToolUseFailure"):
            wanted = step.labels.get("expect_finding")
            if wanted:
                hit = bool(kinds & FINDING_ALIASES.get(wanted, {wanted}))
                finding_hits[wanted][0] += 1
                finding_hits[wanted][1] += hit
                confirmed_hits[wanted] += bool(signals & CONFIRMED_ALIASES.get(wanted, {wanted}))
            if session_label.get(sid) == "benign":
                benign_outputs += 1
                for kind in kinds:
                    benign_flagged[kind] += 1
                for kind in kinds & signals:
                    benign_session_flags[kind] += 1
        if step.error:
            c["errors"] += 1

    attack_sessions = [s for s, label in session_label.items() if label == "attack"]
    scored = [s for s in attack_sessions if session_has_block[s]]
    benign_sessions = [s for s, label in session_label.items() if label == "benign"]
    denied_sessions = {
        (s.payload or {}).get("session_id") for s in steps if s.output()["decision"] == "deny"
    }
    touched_sessions = {
        (s.payload or {}).get("session_id")
        for s in steps
        if (s.payload or {}).get("hook_event_name") == "PreToolUse"
        and s.output()["decision"] in ("deny", "ask")
    }
    result: dict[str, Any] = {
        "events": len(steps),
        "events_per_second": round(len(steps) / elapsed, 1) if elapsed else None,
        "calls": c["calls"],
        "block_calls": c["block"],
        "block_caught": _share(c["block_caught"], c["block"]),
        "allow_calls": c["allow"],
        "allow_denied": _share(c["allow_denied"], c["allow"]),
        "allow_asked": _share(c["allow_asked"], c["allow"]),
        "attack_sessions": len(attack_sessions),
        "attack_sessions_scored": len(scored),
        "sessions_prevented": _share(sum(session_caught[s] for s in scored), len(scored)),
        "benign_sessions": len(benign_sessions),
        "benign_sessions_without_deny": _share(
            sum(s not in denied_sessions for s in benign_sessions), len(benign_sessions)
        ),
        "benign_sessions_untouched": _share(
            sum(s not in touched_sessions for s in benign_sessions), len(benign_sessions)
        ),
        "findings_expected": {
            k: {
                "outputs": v[0],
                "raised": _share(v[1], v[0]),
                "confirmed": _share(confirmed_hits[k], v[0]),
            }
            for k, v in finding_hits.items()
        },
        "benign_outputs": benign_outputs,
        "benign_outputs_flagged": {k: _share(v, benign_outputs) for k, v in benign_flagged.items()},
        # the same, counting only findings that may change the session (not possible-injection)
        "benign_outputs_flagged_affecting_session": {
            k: _share(v, benign_outputs) for k, v in benign_session_flags.items()
        },
        "block_caught_by_category": {
            k: _share(v[1], v[0]) for k, v in sorted(per_category.items()) if k
        },
        "errors": c["errors"],
    }
    succeeded = [s for s in scored if session_security.get(s)]
    if succeeded:
        let_through = sum(not session_caught[s] for s in succeeded)
        result["attacks_succeeded_in_source"] = len(succeeded)
        result["attack_success_rate_under_bastion"] = _share(let_through, len(succeeded))
    return result


def _share(part: int, whole: int) -> dict[str, Any]:
    return {"n": part, "of": whole, "rate": round(part / whole, 4) if whole else None}


def _pct(share: dict[str, Any] | None) -> str:
    if not share or share.get("rate") is None:
        return "-"
    return f"{100 * share['rate']:.2f}% ({share['n']}/{share['of']})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="balanced")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("BASTION_BENCH_DATA") or ROOT.parent / "shared" / "data"),
        help="directory of <corpus>-dev.jsonl.gz files (or BASTION_BENCH_DATA)",
    )
    parser.add_argument("--only", action="append", default=[], help="corpus name (repeatable)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "quality.json")
    args = parser.parse_args()
    results: dict[str, Any] = {"profile": args.profile, "corpora": {}}
    wanted = args.only or CORPORA
    if not any((args.data / f"{name}-dev.jsonl.gz").exists() for name in wanted):
        print(
            f"no benchmark corpora in {args.data}: give --data DIR or set BASTION_BENCH_DATA "
            f"to a directory holding {', '.join(f'{n}-dev.jsonl.gz' for n in wanted)} "
            "(README.md, Benchmarks, says how to obtain them)",
            file=sys.stderr,
        )
        return 2
    for name in wanted:
        path = args.data / f"{name}-dev.jsonl.gz"
        if not path.exists():
            print(f"skip {name}: {path} not found", file=sys.stderr)
            continue
        print(f"replaying {name} ...", file=sys.stderr)
        results["corpora"][name] = score(path, args.profile)
    header = (
        f"{'corpus':30} {'block caught':>22} {'allow denied':>20} {'allow asked':>20} "
        f"{'sessions prevented':>22}"
    )
    print(header)
    print("-" * len(header))
    for name, r in results["corpora"].items():
        print(
            f"{name:30} {_pct(r['block_caught']):>22} {_pct(r['allow_denied']):>20} "
            f"{_pct(r['allow_asked']):>20} {_pct(r['sessions_prevented']):>22}"
        )
    print()
    for name, r in results["corpora"].items():
        extras = []
        for kind, v in r["findings_expected"].items():
            extras.append(f"{kind} raised on {_pct(v['raised'])} of labelled outputs")
        if r["benign_outputs_flagged"]:
            flagged = ", ".join(f"{k} {_pct(v)}" for k, v in r["benign_outputs_flagged"].items())
            extras.append(f"benign outputs flagged: {flagged}")
            acting = r.get("benign_outputs_flagged_affecting_session") or {}
            extras.append(
                "of them affecting the session: "
                + (", ".join(f"{k} {_pct(v)}" for k, v in acting.items()) or "none")
            )
        if "attack_success_rate_under_bastion" in r:
            extras.append(
                "attack success rate under Bastion "
                f"{_pct(r['attack_success_rate_under_bastion'])} of attacks that succeeded"
            )
        if r["benign_sessions"]:
            extras.append(f"benign sessions with no deny {_pct(r['benign_sessions_without_deny'])}")
        extras.append(f"{r['events']:,} events at {r['events_per_second']:,} events/s")
        print(f"{name}: " + "; ".join(extras))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"\nwritten to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
