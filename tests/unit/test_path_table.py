"""The indexed path tables (``understand/programs/path_table``) answer as the walk did.

The walk below is the entry-by-entry ``match_path`` the index replaced, kept here as the
oracle: for every path built from the catalog's own entries (each entry as written, inside
deeper paths, cut short, under a home spelled several ways) and from random mixes of their
segments, the first matching entry's kind must be the same.
"""

from __future__ import annotations

import fnmatch
import random

import pytest

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import match_path, normalize_home
from bastion.understand.programs.path_table import PathTable, table_for

TABLES = {
    "persistence": cat.PERSISTENCE_PATHS,
    "privilege": cat.PRIVILEGE_PATHS,
    "self_tamper": cat.SELF_TAMPER_PATHS,
}


def walk(path: str, table: tuple[tuple[str, str], ...]) -> str:
    """The entry-by-entry match the index replaced (the oracle)."""
    if not path:
        return ""
    norm = normalize_home(path)
    rooted = "/" + norm
    for pattern, kind in table:
        if pattern.startswith("*/"):
            suffix = pattern[1:]
            if "*" in suffix:
                if fnmatch.fnmatchcase(rooted, pattern):
                    return kind
            elif suffix.endswith("/"):
                if suffix in rooted + "/":
                    return kind
            elif rooted.endswith(suffix):
                return kind
        elif pattern.endswith("/"):
            if norm.startswith(pattern) or norm == pattern[:-1]:
                return kind
        elif norm == pattern:
            return kind
    return ""


def _paths_from(table: tuple[tuple[str, str], ...], rng: random.Random) -> list[str]:
    out: list[str] = ["", "/", "~", "~/", "a", "./x", "/etc", "/etc/", "//etc//passwd"]
    segments: set[str] = set()
    for pattern, _ in table:
        text = pattern.replace("*", "x")
        body = text[2:] if text.startswith("x/") else text
        out += [pattern, text, body, "/" + body, body + "/", body + "/child", body[:-1]]
        out += [f"/srv/app/{body}", f"/srv/app/{body}/deeper", f"proj/{body}"]
        if body.startswith("~/"):
            out += [f"/home/ana/{body[2:]}", f"$HOME/{body[2:]}", f"/root/{body[2:]}"]
        segments.update(s for s in body.split("/") if s)
    pool = sorted(segments)
    for _ in range(3000):
        parts = rng.sample(pool, k=min(len(pool), rng.randint(1, 5)))
        lead = rng.choice(["", "/", "~/", "./", "/home/bo/", "/srv/"])
        tail = rng.choice(["", "/", "/x"])
        out.append(lead + "/".join(parts) + tail)
    return out


@pytest.mark.parametrize("name", sorted(TABLES))
def test_index_answers_as_the_walk(name: str) -> None:
    table = TABLES[name]
    rng = random.Random(17)
    checked = 0
    for path in _paths_from(table, rng):
        assert match_path(path, table) == walk(path, table), path
        checked += 1
    assert checked > 3000


def test_first_entry_wins_across_forms() -> None:
    # The same path matched by an exact, a prefix, a suffix and a searched entry: the
    # earliest entry's kind, whichever form it has.
    forms = [
        ("*/.cfg/", "anywhere"),
        ("~/.cfg/", "prefix"),
        ("*/.cfg/run", "suffix"),
        ("~/.cfg/run", "exact"),
        ("*/.c*g/run", "glob"),
    ]
    for start in range(len(forms)):
        table = tuple(forms[start:] + forms[:start])
        assert match_path("/home/ana/.cfg/run", table) == table[0][1]
        assert match_path("/home/ana/.cfg/run", table) == walk("/home/ana/.cfg/run", table)


def test_index_is_kept_per_table() -> None:
    table = (("~/.a", "a"),)
    assert table_for(table) is table_for(table)
    other = (("~/.a", "b"),)
    assert table_for(other).table is other
    assert PathTable(()).first("anything") == -1
