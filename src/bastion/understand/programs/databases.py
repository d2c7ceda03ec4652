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
from bastion.understand.shell_model import Execution, NetworkDestination
from bastion.understand.shell_netloc import clean_host, parse_url, split_host_port

_SQLITE_SHELL = re.compile(r"^\s*\.(shell|system)\s+(.+)$")
_CLIENT_SHELL = re.compile(r"(?m)^\s*(?:\\!|system)\s+(.+)$")
# PostgreSQL's COPY ... TO/FROM PROGRAM runs its string as a shell command on the server.
_COPY_PROGRAM = re.compile(
    r"\bcopy\b.{0,2000}?\b(?:to|from)\s+program\s+(?:e?'((?:[^']|'')*)'|\$\$(.*?)\$\$)",
    re.IGNORECASE | re.DOTALL,
)
# Grants that hand out everything or to everyone, and roles made all-powerful: a change of
# who may do what on the server, unlike a GRANT SELECT on one table to one role.
_SWEEPING_GRANT = re.compile(
    r"\bgrant\s+all\b|\bgrant\b[^;]{0,400}\bto\s+public\b|\bwith\s+grant\s+option\b"
    r"|\b(?:alter|create)\s+(?:role|user)\b[^;]{0,400}?\b(?:superuser|createrole|bypassrls|"
    r"replication)\b|\bgrant\s+(?:pg_execute_server_program|pg_write_server_files|"
    r"rds_superuser|azure_pg_admin|cloudsqlsuperuser)\b",
    re.IGNORECASE,
)


@handles(*cat.DB_CLIENTS)
def _db(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    _db_server(inv, sink)
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
        # COPY … TO/FROM PROGRAM 'cmd' (PostgreSQL), \! cmd (psql, mysql): the server or the
        # client runs the command in a shell; it is judged as that command.
        for copy in list(_COPY_PROGRAM.finditer(statement[:100_000]))[:4]:
            command = (copy.group(1) or copy.group(2) or "").replace("''", "'")
            sink.execute(Execution("inline-shell", f"{inv.program} COPY … PROGRAM runs a command"))
            if command:
                sink.run_shell(command, f"{inv.program} COPY PROGRAM")
        for escape in list(_CLIENT_SHELL.finditer(statement))[:4]:
            sink.execute(Execution("inline-shell", f"{inv.program} \\! runs a command"))
            sink.run_shell(escape.group(1), f"{inv.program} \\!")
        for line in statement.splitlines()[:64]:
            dot = _SQLITE_SHELL.match(line)
            if dot and inv.program in {"sqlite3", "duckdb"}:
                sink.execute(Execution("inline-shell", f"{inv.program} .{dot.group(1)} runs"))
                sink.run_shell(dot.group(2), f"{inv.program} .{dot.group(1)}")
    for statement in statements:
        grant = _SWEEPING_GRANT.search(statement[:100_000])
        if grant:
            add_change(
                sink,
                "privilege",
                "db-grant",
                grant.group(0).strip()[:120],
                f"{inv.program} runs {grant.group(0).strip()[:120]}",
            )
    for statement in statements:
        match = cat.DESTRUCTIVE_SQL.search(statement)
        if match:
            # The statement up to its end names what goes (DROP DATABASE IF EXISTS x).
            whole = statement[match.start() :].split(";", 1)[0].strip()[:120]
            add_change(
                sink,
                "destructive",
                "db-drop",
                whole or match.group(0).strip(),
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


# Options naming the server a client connects to, and the default port of each client.
_DB_HOST_OPTIONS = frozenset({"-h", "--host", "--hostname", "-H", "-S", "--server"})
_DB_PORTS = {
    "psql": 5432,
    "mysql": 3306,
    "redis-cli": 6379,
    "mongo": 27017,
    "mongosh": 27017,
    "cqlsh": 9042,
    "clickhouse-client": 9000,
    "sqlcmd": 1433,
    "cockroach": 26257,
}
_DB_URI = re.compile(
    r"^(?:postgres(?:ql)?|mysql|mariadb|redis|rediss|mongodb(?:\+srv)?|"
    r"clickhouse|cockroachdb)://"
)


def _db_server(inv: Invocation, sink: Sink) -> None:
    """A client of a database server talks to that server: what it is given (statements, a
    file on stdin, values) is sent there. File databases (sqlite3, duckdb) have no server."""
    if inv.program in {"sqlite3", "duckdb"}:
        return
    texts = inv.argv[1:]
    hosts: list[tuple[str, int | None]] = []
    for k, text in enumerate(texts):
        if text in _DB_HOST_OPTIONS and k + 1 < len(texts):
            host, port = split_host_port(texts[k + 1].removeprefix("tcp:"))
            hosts.append((host, port))
        elif text.startswith("--host="):
            hosts.append(split_host_port(text.split("=", 1)[1]))
        elif inv.program == "sqlcmd" and text.startswith("-S") and len(text) > 2:
            hosts.append(split_host_port(text[2:].removeprefix("tcp:").split(",", 1)[0]))
        elif _DB_URI.match(text) or (text.startswith("host=") and " " not in text.strip()):
            end = parse_url(text) if "://" in text else None
            if end is not None:
                hosts.append((end.host, end.port))
        elif inv.program == "psql" and "host=" in text:
            match = re.search(r"(?:^|\s)host=([^\s]+)", text)
            if match:
                hosts.append(split_host_port(match.group(1)))
    if not hosts:
        return
    stdin = inv.stdin
    # Everything but a bare connection sends what it was given: statements, data, values.
    carries = (
        stdin.text is not None or stdin.piped or stdin.redirected or len(texts) > 2 * len(hosts)
    )
    for host, port in hosts[:2]:
        if host:
            sink.network(
                NetworkDestination(
                    clean_host(host),
                    port or _DB_PORTS.get(inv.program),
                    "tcp",
                    inv.program,
                    carries,
                )
            )
