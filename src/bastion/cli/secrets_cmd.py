"""`bastion secrets`: scan files, directories, stdin or JSONL records for credentials."""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from bastion.detect.secrets import SecretMatch, scan

app = typer.Typer(
    help=(
        "Find credentials (cloud keys, tokens, private keys, passwords in config) in files, "
        "directories, stdin or JSONL records. Findings show the file, line, kind and a redacted "
        "preview, never the secret itself."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_USAGE = 2

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox"})
_BINARY_SNIFF = 8192

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def _usage_error(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(EXIT_USAGE)


def _iter_files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for name in sorted(filenames):
            yield Path(dirpath) / name


def _read_text(path: Path, max_bytes: int) -> str | None:
    """The file as text, or None for binary, unreadable or oversized files."""
    try:
        if path.stat().st_size > max_bytes:
            err.print(f"[dim]skipped (larger than --max-bytes): {escape(str(path))}[/dim]")
            return None
        data = path.read_bytes()
    except OSError as exc:
        reason = escape(exc.strerror or str(exc))
        err.print(f"[dim]skipped (unreadable: {reason}): {escape(str(path))}[/dim]")
        return None
    if b"\0" in data[:_BINARY_SNIFF]:
        return None
    return data.decode("utf-8", errors="replace")


def _report(name: str, text: str, matches: list[SecretMatch]) -> None:
    for m in matches:
        line = text.count("\n", 0, m.start) + 1
        col = m.start - (text.rfind("\n", 0, m.start) + 1) + 1
        style = _SEVERITY_STYLE.get(m.severity, "")
        out.print(
            f"{escape(name)}:{line}:{col}  [{style}]{m.kind}[/{style}] ({m.severity})  "
            f"{escape(m.preview(text))}"
        )


def _open_jsonl(source: str) -> IO[str]:
    if source == "-":
        return sys.stdin
    path = Path(source)
    if not path.is_file():
        raise _usage_error(f"--jsonl {source}: no such file")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def _scan_jsonl(source: str) -> int:
    found = False
    stream = _open_jsonl(source)
    try:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (ValueError, KeyError, TypeError) as exc:
                raise _usage_error(
                    f"--jsonl {source}:{number}: each line must be a JSON object with a string "
                    f"'text' field ({exc})"
                ) from exc
            matches = scan(text)
            found = found or bool(matches)
            findings = [{"kind": m.kind, "start": m.start, "end": m.end} for m in matches]
            sys.stdout.write(json.dumps({"findings": findings}) + "\n")
    finally:
        if stream is not sys.stdin:
            stream.close()
    sys.stdout.flush()
    return EXIT_FOUND if found else EXIT_CLEAN


@app.command("scan")
def scan_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or directories to scan (directories recursively; .git, node_modules and "
            "binary files are skipped). Use - to read stdin.",
            show_default=False,
        ),
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help="Scan records instead: one JSON object per line with a 'text' field (FILE may be "
            '- for stdin, or end in .gz). Prints one line per record, in order: {"findings": '
            '[{"kind", "start", "end"}]}.',
        ),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", help="Skip files larger than this many bytes.", min=1),
    ] = 20_000_000,
) -> None:
    """Scan PATH... (or --jsonl FILE) for credentials.

    Exit status: 0 nothing found; 1 credentials found (gates a commit or CI step); 2 usage error.

    Examples: [bold]bastion secrets scan .[/bold], [bold]git diff | bastion secrets scan -[/bold]
    """
    if jsonl is not None:
        if paths:
            raise _usage_error("give either PATH... or --jsonl FILE, not both")
        raise typer.Exit(_scan_jsonl(jsonl))
    if not paths:
        raise _usage_error("nothing to scan: give one or more PATHs (or - for stdin)")
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise _usage_error(f"no such file or directory: {', '.join(missing)}")
    from bastion.detect.secrets.scanner import documented_examples

    total = files = examples = 0
    for target in paths:
        if target == "-":
            text = sys.stdin.read()
            matches = scan(text)
            files += 1
            total += len(matches)
            examples += len(documented_examples(text))
            _report("<stdin>", text, matches)
            continue
        for path in _iter_files(Path(target)):
            text = _read_text(path, max_bytes)
            if text is None:
                continue
            files += 1
            matches = scan(text)
            total += len(matches)
            examples += len(documented_examples(text))
            _report(str(path), text, matches)
    noun = "finding" if total == 1 else "findings"
    err.print(f"{total} {noun} in {files} scanned file{'s' if files != 1 else ''}")
    if examples:
        err.print(
            f"{examples} documented example key{'s' if examples != 1 else ''} ignored (such as "
            "AWS's AKIAIOSFODNN7EXAMPLE: published in vendor docs, not secrets); test with a "
            "made-up key of the same shape instead"
        )
    raise typer.Exit(EXIT_FOUND if total else EXIT_CLEAN)
