"""``bastion replay``: stream replay files through the engine, with progress on a terminal."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from bastion.audit.signer import LogSigner
from bastion.config import Home, credential_files, tune_gc
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.replay import read_payloads, replay_lines
from bastion.store import Store


def make_engine(home: Home, policy: Path | None, profile: str) -> Engine:
    from bastion.contain import rewrite

    engine = Engine(
        Store(home.database_url, signer=LogSigner.for_keys_dir(home.keys_dir)),
        PolicyEngine.load(home.policy_dir, policy),
        profile=profile,
        credential_files=credential_files(home.settings()),  # as the live daemon decides
    )
    engine.sandbox = rewrite.from_home(home)  # [sandbox]: shell commands shown wrapped
    return engine


def run_replay(
    files: list[Path],
    home: Home,
    fmt: str,
    policy: Path | None,
    profile: str,
    agent: str | None = None,
) -> None:
    engine = make_engine(home, policy, profile)
    tune_gc()
    err = Console(stderr=True)
    show_progress = err.is_terminal
    counts: Counter[str] = Counter()
    finding_counts: Counter[str] = Counter()
    out = sys.stdout
    with Progress(
        TextColumn("replaying"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} lines"),
        TimeRemainingColumn(),
        console=err,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("replay", total=None)

        def counted() -> Iterator[tuple[int, bytes]]:
            for item in read_payloads(files):
                progress.advance(task)
                yield item

        try:
            for step in replay_lines(engine, counted(), agent):
                row = step.output()
                if fmt == "jsonl":
                    out.write(json.dumps(row) + "\n")
                if row["decision"]:
                    counts[row["decision"]] += 1
                for f in row["findings"]:
                    finding_counts[f["kind"]] += 1
                counts["events"] += 1
        finally:
            engine.store.close()
    if fmt == "table":
        table = Table(title=f"Replay of {len(files)} file(s), profile {profile}")
        table.add_column("what")
        table.add_column("count", justify="right")
        for key in ("events", "allow", "ask", "deny"):
            table.add_row(key, f"{counts.get(key, 0):,}")
        for kind, n in finding_counts.most_common():
            table.add_row(f"finding {kind}", f"{n:,}")
        Console().print(table)
