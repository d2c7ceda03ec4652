"""`bastion baseline`: learn what ordinary sessions look like, and show the learnt model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from bastion.cli.options import HomeOption
from bastion.config import Home
from bastion.detect import baseline as baselinemod
from bastion.detect.learn import learn as learn_baseline

app = typer.Typer(
    help=(
        "Baselines of ordinary sessions per agent type, task category and environment. "
        "Behaviour detection scores each session against them (anomaly_score 0..100)."
    ),
    no_args_is_help=True,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


@app.command()
def learn(
    from_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            help="Replay-format session files (.jsonl or .jsonl.gz); repeat for several. "
            "Without it, the sessions recorded in the home's store.",
        ),
    ] = None,
    only_label: Annotated[
        str | None,
        typer.Option(
            "--only-label",
            help="With --from: only sessions whose evaluation label (corpus.label) is this, "
            "e.g. benign",
        ),
    ] = None,
    home: HomeOption = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write the model here instead of the home")
    ] = None,
) -> None:
    """Learn a baseline from recorded sessions and store it as JSON under the home."""
    where = Home.resolve(home)
    if from_files:
        missing = [str(p) for p in from_files if not p.exists()]
        if missing:
            err.print(f"[red]error:[/red] no such file: {escape(', '.join(missing))}")
            raise typer.Exit(2)
        from bastion.replay import sessions_from_files

        model = learn_baseline(sessions_from_files(from_files, only_label))
    else:
        from bastion.store import Store

        if not where.db_path.exists() and where.database_url.startswith("sqlite"):
            err.print(
                f"[red]error:[/red] no recorded sessions in {escape(str(where.root))}; "
                "pass --from FILE.jsonl.gz or record sessions first"
            )
            raise typer.Exit(2)
        store = Store(where.database_url)
        try:
            model = learn_baseline(baselinemod.sessions_from_store(store))
        finally:
            store.close()
    if not model.groups:
        err.print("[red]error:[/red] no sessions with actions found; nothing learnt")
        raise typer.Exit(1)
    target = out_path or baselinemod.model_path(where.ensure().root)
    baselinemod.save(model, target)
    out.print(f"learnt from {model.meta['sessions']} sessions → {escape(str(target))}")
    _print_groups(model)


@app.command()
def show(
    home: HomeOption = None,
    model_file: Annotated[Path | None, typer.Option("--model", help="A model file")] = None,
) -> None:
    """Show the groups of the stored baseline and their 99th-percentile thresholds."""
    path = model_file or baselinemod.model_path(Home.resolve(home).root)
    try:
        model = baselinemod.load(path)
    except baselinemod.BaselineError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    if model is None:
        err.print(f"no baseline at {escape(str(path))}; run `bastion baseline learn`")
        raise typer.Exit(1)
    _print_groups(model)


def _print_groups(model: baselinemod.Baseline) -> None:
    for key, group in sorted(model.groups.items()):
        q = {
            f: baselinemod.quantile(group.features.get(f, []), 0.99)
            for f in ("actions", "distinct_hosts", "bytes_read", "outside_scope")
        }
        shown = ", ".join(f"{k} {v:g}" for k, v in q.items() if v is not None)
        out.print(f"{escape(key)}: {group.sessions} sessions; p99 {shown}")
