"""A path table (``shell_catalog``'s ``(pattern, kind)`` tuples) indexed for lookup.

``match_path`` gives the kind of the FIRST entry of a table that matches a path. Tried entry
by entry, that cost every written or deleted path a walk of each table (the persistence
table alone has ~300 entries, so a write cost ~70 µs, and a heredoc that writes a handful
of files several hundred µs: the decision's tail on long shell commands, issue #17). The
answer only depends on the path's prefixes and suffixes at its ``/`` boundaries, so the
literal entries go into dictionaries keyed by exactly those strings and a lookup tries each
boundary once; the few entries that need a real search (a glob, a directory named anywhere
in the path) are still tried in order. The first entry is found by its index in the table,
so the answer is the same as the walk's for every path (``tests/unit/test_path_table``
holds the two against each other).

Entry forms (as the walk reads them; ``norm`` is the home-normalised path, ``rooted`` is
``"/" + norm``):

- ``*/`` + text with a ``*``: ``fnmatchcase(rooted, pattern)``  (searched)
- ``*/`` + text ending ``/``: the text occurs in ``rooted + "/"``  (searched)
- ``*/`` + text: ``rooted`` ends with the text (which starts at a ``/`` of ``rooted``)
- text ending ``/``: ``norm`` starts with it, or ``norm`` is it without its ``/``
- any other text: ``norm`` equals it
"""

from __future__ import annotations

import fnmatch
import threading

__all__ = ["PathTable", "table_for"]

Table = tuple[tuple[str, str], ...]


class PathTable:
    """One table's entries by form; ``first`` is the index of the first match, or -1."""

    __slots__ = ("_exact", "_prefix", "_searched", "_suffix", "kinds", "table")

    def __init__(self, table: Table) -> None:
        self.table = table
        self.kinds = [kind for _, kind in table]
        self._exact: dict[str, int] = {}
        self._prefix: dict[str, int] = {}
        self._suffix: dict[str, int] = {}
        # (index, pattern, is_glob): tried in table order, only below the best index found.
        self._searched: list[tuple[int, str, bool]] = []
        for i, (pattern, _) in enumerate(table):
            if pattern.startswith("*/"):
                rest = pattern[1:]
                if "*" in rest:
                    self._searched.append((i, pattern, True))
                elif rest.endswith("/"):
                    self._searched.append((i, rest, False))
                else:
                    self._suffix.setdefault(rest, i)
            elif pattern.endswith("/"):
                self._prefix.setdefault(pattern, i)
            else:
                self._exact.setdefault(pattern, i)

    def first(self, norm: str) -> int:
        """The index of the first entry matching the home-normalised path ``norm``."""
        best = self._exact.get(norm, -1)
        prefix, suffix = self._prefix, self._suffix
        if prefix:
            # ``norm == pattern[:-1]``: the entry is ``norm + "/"``.
            best = _lower(best, prefix.get(norm + "/", -1))
            # ``norm.startswith(pattern)``, pattern ending at a ``/`` of ``norm``.
            at = norm.find("/")
            while at >= 0:
                best = _lower(best, prefix.get(norm[: at + 1], -1))
                at = norm.find("/", at + 1)
        rooted = "/" + norm
        if suffix:
            # ``rooted.endswith(text)``, text starting with ``/``: it starts at a ``/``.
            at = 0
            while at >= 0:
                best = _lower(best, suffix.get(rooted[at:], -1))
                at = rooted.find("/", at + 1)
        if self._searched:
            closed = rooted + "/"
            for i, pattern, glob in self._searched:
                if best >= 0 and i > best:
                    break
                hit = fnmatch.fnmatchcase(rooted, pattern) if glob else pattern in closed
                if hit:
                    best = i
                    break
        return best


def _lower(best: int, found: int) -> int:
    if found < 0:
        return best
    return found if best < 0 or found < best else best


# By the table's identity: the catalog's tables are module constants, and hashing a
# 300-entry tuple at every call would cost what the index saves. The entry keeps the table
# itself, so an id is never reused for another table while its index is here.
_TABLES: dict[int, PathTable] = {}
_TABLES_MAX = 64
_LOCK = threading.Lock()


def table_for(table: Table) -> PathTable:
    """The index of ``table`` (built on first use, kept while the process runs)."""
    found = _TABLES.get(id(table))
    if found is not None and found.table is table:
        return found
    built = PathTable(table)
    with _LOCK:
        if len(_TABLES) >= _TABLES_MAX:
            _TABLES.clear()
        _TABLES[id(table)] = built
    return built
