"""Database clients: shell escapes inside them, dumps and destructive admin commands."""

from __future__ import annotations

import re

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
)
from bastion.understand.shell_model import Execution

_SQLITE_SHELL = re.compile(r"^\s*\.(shell|system)\s+(.+)$")


@handles(*cat.DB_CLIENTS)
def _db(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if inv.program == "redis-cli":
        lowered = [t.lower() for t in texts]
        if "flushall" in lowered or "flushdb" in lowered:
            add_change(sink, "destructive", "db-drop", "redis", "redis-cli flushes the database")
        return NO_OUTPUT
    statements = [
        t for t in texts if " " in t or ";" in t or t.upper().startswith(("DROP", "TRUNCATE"))
    ]
    if inv.stdin.text:
        statements.append(inv.stdin.text)
    for k, text in enumerate(texts[:-1]):
        if text in {"-c", "-e", "--command", "--execute", "--eval", "-q"}:
            statements.append(texts[k + 1])
        elif text in {"-f", "--file"}:
            sink.read(texts[k + 1])
    if inv.program in {"sqlite3", "duckdb"}:
        # File databases: the first operand is the database file the client opens.
        files = [w.text for w in inv.args if not w.text.startswith("-")]
        if files and files[0] not in statements:
            sink.read(files[0])
    for statement in statements:
        for line in statement.splitlines()[:64]:
            dot = _SQLITE_SHELL.match(line)
            if dot and inv.program in {"sqlite3", "duckdb"}:
                sink.execute(Execution("inline-shell", f"{inv.program} .{dot.group(1)} runs"))
                sink.run_shell(dot.group(2), f"{inv.program} .{dot.group(1)}")
    for statement in statements:
        match = cat.DESTRUCTIVE_SQL.search(statement)
        if match:
            add_change(
                sink,
                "destructive",
                "db-drop",
                match.group(0).strip(),
                f"{inv.program} runs {match.group(0).strip()}",
            )
            break
    return NO_OUTPUT


@handles("dropdb", "dropuser", "mysqladmin")
def _dropdb(inv: Invocation, sink: Sink) -> Output:
    if inv.program == "mysqladmin" and not any(t in {"drop", "DROP"} for t in inv.argv):
        return NO_OUTPUT
    target = inv.argv[-1] if len(inv.argv) > 1 else ""
    add_change(sink, "destructive", "db-drop", target, f"{inv.program} {target}")
    return NO_OUTPUT
