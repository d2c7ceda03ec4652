"""SQL text wherever it appears, classified by what it does (issue #13 §1, changes remote
state).

A database client's ``-c``/``-e``/``--eval`` argument, a heredoc on its standard input, an
MCP tool's statement argument: the statement decides the effect, not the tool's name. Reads
(SELECT, SHOW, EXPLAIN, a Mongo ``find``, a Redis ``GET``) change nothing; writes (INSERT,
UPDATE, DELETE), schema changes (CREATE, ALTER, DROP, TRUNCATE) and grants (GRANT, REVOKE,
roles and users altered) change the server's state. A write without a WHERE, a DROP or a
TRUNCATE takes everything at once (``wholesale``). The literals a statement carries (an
e-mail, a role, a table) are the values that choose it: the user's prompt naming them is
consent, values from an issue are not. Pure functions of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Statement", "export_locations", "heredoc_bodies", "statements"]

READ = "read"
WRITE = "write"  # DML
SCHEMA = "schema"  # DDL
GRANT = "grant"  # DCL, roles and users


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: its class, its leading verb, whether it takes every row at once, and
    the literals and names that choose what it changes."""

    klass: str  # read | write | schema | grant
    verb: str
    wholesale: bool
    values: tuple[str, ...]


_SPLIT = re.compile(r";\s*(?=\S)")
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_LEADING = re.compile(r"^\s*([A-Za-z]+)(?:\s+([A-Za-z]+))?")
_READ_VERBS = frozenset(
    "select show explain describe desc with values pragma table help list use set-local".split()
)
_WRITE_VERBS = frozenset("insert update delete merge upsert replace copy load call".split())
_SCHEMA_VERBS = frozenset("create alter drop truncate rename comment".split())
_GRANT_VERBS = frozenset("grant revoke".split())
# Objects whose creation or change decides who may do what: a user's or role's rights.
_PRINCIPALS = frozenset({"user", "role", "login", "group"})
_LITERAL = re.compile(r"'((?:[^']|'')*)'|\"([^\"]*)\"")
_TARGET = re.compile(
    r"\b(?:update|into|from|table|keyspace|database|schema|collection|user|role|to)\s+"
    r"[\"`]?([A-Za-z_][\w.]*)",
    re.IGNORECASE,
)
# Document stores' and key-value stores' commands, by their verb.
_MONGO_CALL = re.compile(
    r"\.(find\w*|count\w*|aggregate|distinct|getCollectionNames|stats|explain|"
    r"insert\w*|update\w*|replace\w*|delete\w*|remove|drop\w*|createUser|updateUser|"
    r"grantRolesToUser|createRole|renameCollection|bulkWrite)\s*\(",
)
_REDIS_READS = frozenset(
    "get mget keys scan exists ttl pttl type info ping hget hgetall hkeys lrange smembers "
    "zrange llen scard strlen dbsize monitor slowlog client memory".split()
)
_REDIS_DESTROY = frozenset({"flushall", "flushdb"})
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1[^\n]*\n(.*?)\n\s*\2\b", re.DOTALL)


def heredoc_bodies(command: str) -> list[str]:
    """The bodies of a command's heredocs (``psql <<'SQL' … SQL``)."""
    return [m.group(3) for m in _HEREDOC.finditer(command[:100_000])][:4]


def statements(text: str, dialect: str = "sql") -> list[Statement]:
    """The statements of ``text``: SQL by default, ``mongo`` for shell JavaScript,
    ``redis`` for one command's words."""
    if dialect == "redis":
        return _redis(text)
    if dialect == "mongo":
        return _mongo(text)
    out: list[Statement] = []
    body = _COMMENT.sub(" ", text[:100_000])
    for part in _SPLIT.split(body)[:32]:
        stmt = _statement(part.strip().rstrip(";"))
        if stmt is not None:
            out.append(stmt)
    return out


def _statement(text: str) -> Statement | None:
    lead = _LEADING.match(text)
    if lead is None:
        return None
    verb = lead.group(1).lower()
    obj = (lead.group(2) or "").lower()
    low = text.lower()
    if verb in _GRANT_VERBS:
        return Statement(GRANT, verb, False, _values(text))
    if verb in ("create", "alter", "drop") and obj in _PRINCIPALS:
        return Statement(GRANT, f"{verb} {obj}", verb == "drop", _values(text))
    if verb in _SCHEMA_VERBS:
        return Statement(SCHEMA, verb, verb in ("drop", "truncate"), _values(text))
    if verb in _WRITE_VERBS:
        whole = verb in ("delete", "update") and not re.search(r"\bwhere\b", low)
        return Statement(WRITE, verb, whole, _values(text))
    if verb in _READ_VERBS:
        if verb == "with" and re.search(r"\b(?:insert|update|delete)\b", low):
            whole = not re.search(r"\bwhere\b", low)
            return Statement(WRITE, "with", whole, _values(text))
        return Statement(READ, verb, False, ())
    return None


def _values(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in _LITERAL.finditer(text[:4000]):
        value = (m.group(1) if m.group(1) is not None else m.group(2) or "").replace("''", "'")
        if value and value not in out:
            out.append(value)
    for m in _TARGET.finditer(text[:4000]):
        name = m.group(1)
        if (
            name.lower() not in ("select", "set", "where", "if", "exists", "all")
            and name not in out
        ):
            out.append(name)
    return tuple(out[:12])


def _mongo(text: str) -> list[Statement]:
    out: list[Statement] = []
    for m in list(_MONGO_CALL.finditer(text[:100_000]))[:16]:
        name = m.group(1)
        low = name.lower()
        rest = text[m.end() : m.end() + 400]
        values = tuple(v for v in (_LITERAL.findall(rest)) for v in v if v)[:8]
        if low.startswith(
            ("find", "count", "aggregate", "distinct", "getcoll", "stats", "explain")
        ):
            out.append(Statement(READ, name, False, ()))
        elif low.startswith(("createuser", "updateuser", "grant", "createrole")):
            out.append(Statement(GRANT, name, False, values))
        elif low.startswith(("drop", "rename")):
            out.append(Statement(SCHEMA, name, True, values))
        else:
            whole = low.endswith("many") and re.match(r"\s*\{\s*\}", rest) is not None
            out.append(Statement(WRITE, name, whole or low == "remove", values))
    return out


def _redis(text: str) -> list[Statement]:
    words = text.split()
    if not words:
        return []
    verb = words[0].lower()
    if verb in _REDIS_READS or (verb == "config" and words[1:2] and words[1].lower() == "get"):
        return [Statement(READ, verb, False, ())]
    if verb in _REDIS_DESTROY:
        return [Statement(SCHEMA, verb, True, ())]
    if verb in ("config", "acl", "slaveof", "replicaof", "module"):
        return [Statement(GRANT, verb, False, tuple(words[1:6]))]
    return [Statement(WRITE, verb, False, tuple(words[1:6]))]


# Statements that write a query's rows somewhere outside the database, with the location
# they write to: Postgres/DuckDB ``COPY … TO '…'``, Snowflake ``COPY INTO '…'``, Redshift
# ``UNLOAD (…) TO '…'``, BigQuery ``EXPORT DATA OPTIONS(uri='…')``, MySQL ``INTO OUTFILE``,
# ClickHouse ``INSERT INTO FUNCTION s3('…')``. The location is where the data goes, as much
# a destination as the host of an upload.
_EXPORT_GATE = re.compile(r"\b(?:copy|unload|export|outfile|dumpfile|function)\b", re.I)
_EXPORTS = re.compile(
    r"\bcopy\b[^;]{0,2000}?\bto\s+'([^']{3,400})'"
    r"|\bcopy\s+into\s+'([^']{3,400})'"
    r"|\bunload\s*\([^;]{0,2000}?\)\s*to\s+'([^']{3,400})'"
    r"|\bexport\s+data\b[^;]{0,400}?\buri\s*=\s*'([^']{3,400})'"
    r"|\binto\s+(?:outfile|dumpfile)\s+'([^']{3,400})'"
    r"|\binsert\s+into\s+(?:table\s+)?function\s+\w+\s*\(\s*'([^']{3,400})'",
    re.IGNORECASE,
)


def export_locations(text: str) -> list[str]:
    """The locations the statements of ``text`` write query results to (bounded); empty
    for text that exports nothing. A literal gate keeps ordinary text cheap."""
    body = text[:20_000]
    if not _EXPORT_GATE.search(body):
        return []
    body = _COMMENT.sub(" ", body)
    out: list[str] = []
    for m in _EXPORTS.finditer(body):
        location = next((g for g in m.groups() if g), "")
        if location and location not in out:
            out.append(location)
    return out[:8]
