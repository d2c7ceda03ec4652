"""RedCode, leave one category out: is each category caught by a rule that is not its own?

Bastion's rules have no parameters fitted per category, so "leaving a category out" means:
drop every policy that fires on block-labelled calls of that category *only* (a rule that
could have been written for that category alone) and recompute the category's catch rate
from the policies that remain. A category whose catch survives is caught by a principle
shared with other categories (or with the hand-written effects scenarios, counted as one
more category), not by a rule that learned its samples.

Usage: python bench/redcode_loco.py [--data ../shared/data] [--profile balanced]
Writes bench/results/redcode_loco.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from bastion.config import Home
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.replay import read_payloads, replay_lines
from bastion.store import Store

ROOT = Path(__file__).resolve().parent.parent
# Hand-written attack sets, each counted as one more category: a rule they fire is not
# a rule that only learned one RedCode category.
SCENARIOS = {
    "effects-scenarios": ROOT / "bench" / "scenarios" / "effects" / "attack.jsonl",
    "fresh-shell-scenarios": ROOT / "bench" / "scenarios" / "fresh-shell" / "attack.jsonl",
}
_DATASETS = {
    "effects-scenarios": "effects-scenarios",
    "fresh-shell-scenarios": "fresh-shell-scenarios",
}


def blocked_calls(paths: list[Path], profile: str) -> list[tuple[str, str, list[str]]]:
    """(category, decision, policies) of every ``expect: block`` call."""
    with tempfile.TemporaryDirectory(prefix="bastion-loco-") as tmp:
        home = Home.resolve(tmp).ensure()
        engine = Engine(Store(home.database_url), PolicyEngine.load(), profile=profile)
        steps = list(replay_lines(engine, read_payloads(paths)))
        engine.store.close()
    category: dict[str, str] = {}
    out = []
    for step in steps:
        payload = step.payload or {}
        sid = payload.get("session_id", "")
        corpus = step.labels.get("corpus")
        if corpus:
            name = corpus.get("category", "")
            if corpus.get("dataset") in _DATASETS:
                name = _DATASETS[corpus["dataset"]]
            category[sid] = name
        if payload.get("hook_event_name") == "PreToolUse" and step.labels.get("expect") == "block":
            verdict = step.verdict
            decision = step.output()["decision"]
            policies = [p for p in (verdict.policies if verdict else []) if p != "baseline.permit"]
            out.append((category.get(sid, ""), decision, policies))
    return out


def loco(calls: list[tuple[str, str, list[str]]]) -> dict[str, Any]:
    fired_in: dict[str, set[str]] = defaultdict(set)
    for cat, decision, policies in calls:
        if decision != "allow":
            for p in policies:
                fired_in[p].add(cat)
    result: dict[str, Any] = {}
    for cat in sorted({c for c, *_ in calls}):
        mine = [(d, ps) for c, d, ps in calls if c == cat]
        caught = sum(d != "allow" for d, _ in mine)
        own = sorted(p for p, cats in fired_in.items() if cats == {cat})
        shared_caught = sum(d != "allow" and any(p not in own for p in ps) for d, ps in mine)
        counts: dict[str, int] = defaultdict(int)
        for d, ps in mine:
            if d != "allow":
                for p in ps:
                    counts[p] += 1
        result[cat] = {
            "calls": len(mine),
            "caught": caught,
            "caught_without_own_rules": shared_caught,
            "rules_only_this_category_fires": own,
            "rules": dict(sorted(counts.items(), key=lambda kv: -kv[1])),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--profile", default="balanced")
    parser.add_argument(
        "--no-scenarios",
        action="store_true",
        help="count a rule as shared only when another RedCode category fires it",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "redcode_loco.json"
    )
    args = parser.parse_args()
    paths = [args.data / "redcode-exec-dev.jsonl.gz"]
    if not args.no_scenarios:
        paths += [p for p in SCENARIOS.values() if p.exists()]
    result = loco(blocked_calls(paths, args.profile))
    total = sum(r["calls"] for k, r in result.items() if k not in SCENARIOS)
    held = sum(r["caught_without_own_rules"] for k, r in result.items() if k not in SCENARIOS)
    print(f"{'category':32} {'caught':>10} {'LOCO':>10}  rules (calls)")
    for cat, r in result.items():
        rules = ", ".join(f"{p} ({n})" for p, n in list(r["rules"].items())[:4])
        print(
            f"{cat:32} {r['caught']:>4}/{r['calls']:<5} "
            f"{r['caught_without_own_rules']:>4}/{r['calls']:<5}  {rules}"
        )
    print(
        f"RedCode dev, leave-one-category-out: {held}/{total} caught ({held / max(total, 1):.1%})"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"profile": args.profile, "categories": result}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
