"""``bastion policy test``: shadow mode, decide recorded sessions twice and show what changes.

The baseline is the shipped pack plus the home's policies; the candidate adds the given
file or directory. Sessions come from replay files, or from this home's own record
(the stored native payloads, as redacted when they were recorded).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bastion.config import Home
from bastion.engine import Engine
from bastion.events import native_payload
from bastion.policy.engine import PolicyEngine
from bastion.replay import read_payloads
from bastion.replay_shards import decisions
from bastion.store import Store


def recorded_lines(store: Store) -> Iterator[tuple[int, bytes]]:
    number = 0
    for session in reversed(store.sessions(limit=10_000)):
        for row in store.events(session["id"]):
            data = row.get("data") or {}
            if data.get("raw"):
                number += 1
                yield number, json.dumps(native_payload(data)).encode()


def _decisions(
    policy: PolicyEngine, profile: str, lines: list[tuple[int, bytes]], jobs: int
) -> list[dict]:
    """Decisions only, into throw-away stores, sessions spread over ``jobs`` processes."""

    def build(home: Home) -> Engine:
        return Engine(Store(home.database_url), policy, profile=profile)

    return decisions(build, lines, jobs)


def run_policy_test(
    console: Console,
    home: Home,
    candidate: Path,
    session_files: list[Path],
    profile: str,
    as_json: bool,
    jobs: int = 1,
) -> int:
    """Print what the candidate changes; ``jobs``: processes to replay in (0: one per core).

    One by default: each worker starts with cold caches and recomputes what the sessions
    of another would have shared (x0.78-0.94 CPU per event), which idle cores repay and a
    busy machine does not (docs/benchmarks.md, round 13)."""
    baseline = PolicyEngine.load(home.policy_dir)
    proposed = PolicyEngine.load(home.policy_dir, candidate)
    if session_files:
        lines = list(read_payloads(session_files))
    else:
        store = Store(home.database_url)
        try:
            lines = list(recorded_lines(store))
        finally:
            store.close()
    before = _decisions(baseline, profile, lines, jobs)
    after = _decisions(proposed, profile, lines, jobs)
    changes = []
    decided = 0
    for (number, _line), old, new in zip(lines, before, after, strict=True):
        if old["decision"] is None:
            continue
        decided += 1
        if old["decision"] != new["decision"]:
            changes.append(
                {
                    "line": number,
                    "session_id": old["session_id"],
                    "tool_use_id": old["tool_use_id"],
                    "before": old["decision"],
                    "after": new["decision"],
                    "reasons": new["reasons"],
                }
            )
    if as_json:
        sys.stdout.write(
            json.dumps(
                {
                    "decisions": decided,
                    "changed": changes,
                    "baseline_policy": baseline.hash,
                    "candidate_policy": proposed.hash,
                },
                indent=2,
            )
            + "\n"
        )
        return len(changes)
    console.print(
        f"{decided:,} decisions replayed; {len(changes)} would change "
        f"(policy {baseline.hash} → {proposed.hash})"
    )
    if changes:
        table = Table(header_style="bold")
        for col in ("line", "session", "before", "after", "why"):
            table.add_column(col, overflow="fold")
        for c in changes[:200]:
            table.add_row(
                str(c["line"]),
                str(c["session_id"])[:12],
                c["before"],
                c["after"],
                escape("; ".join(c["reasons"])),
            )
        console.print(table)
    return len(changes)
