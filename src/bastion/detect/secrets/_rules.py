"""Load the credential rules from the shipped TOML file into compiled, validated `Rule` objects."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from bastion.errors import ConfigError

SEVERITIES = ("low", "medium", "high", "critical")
SCOPES = ("text", "line", "keyword")
CHECKSUMS = ("github-crc32", "jwt", "pem", "base64", "base64-pem", "random-body")
VALIDATORS = ("generic", "generic-password")

_MACRO = re.compile(r"<<(\w+)>>")
_GROUP_NAME = re.compile(r"\(\?P<([A-Za-z_]\w*)>")


class LazyPattern:
    """A rule's regular expression, compiled the first time it is used.

    The shipped rules are ~200 expressions; compiling them all cost ~45 ms of every daemon
    start and every in-process decision, while one event's keywords call on a handful. Only
    the shipped rules (whose expressions the tests compile) are lazy: a rules file of one's
    own is compiled, and its mistakes reported, when it is loaded.
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, source: str) -> None:
        self.pattern = source
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(text, pos, endpos)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.compiled().groupindex)


Pattern = re.Pattern[str] | LazyPattern


@dataclass(frozen=True, slots=True)
class Rule:
    """One credential format: how to find it cheaply, and how to tell it from look-alikes."""

    id: str
    description: str
    severity: str
    keywords: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    value_groups: tuple[str, ...]
    key_groups: tuple[str, ...]
    scope: str = "text"
    prefixes: tuple[str, ...] = ()
    entropy: float = 0.0
    min_len: int = 1
    max_len: int = 20000
    classes: int = 0
    checksum: str | None = None
    validator: str | None = None
    placeholder: bool = True
    sequential: bool = False
    near: str | None = None
    near_distance: int = 0
    marker: bool = False
    priority: int = 50
    boundary: bool = False
    line_context: bool = False
    tp: tuple[str, ...] = ()
    fp: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Filters:
    """Placeholder vocabulary shared by all rules (the `[filters]` table)."""

    placeholder_words: tuple[str, ...]
    generic_words: tuple[str, ...]
    placeholder_shapes: tuple[re.Pattern[str], ...]
    # the same three lists as one regex each (one search per value instead of dozens)
    words_re: re.Pattern[str]
    generic_words_re: re.Pattern[str]
    shapes_re: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules plus the shared filters, as loaded from one TOML document."""

    rules: tuple[Rule, ...]
    filters: Filters
    by_id: dict[str, Rule] = field(default_factory=dict)


def _expand(regex: str, macros: dict[str, str], rule_id: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise ConfigError(f"rule {rule_id!r}: unknown macro <<{name}>>; define it in [macros]")
        return macros[name]

    return _MACRO.sub(sub, regex)


def _rule(raw: dict[str, Any], macros: dict[str, str], *, lazy: bool = False) -> Rule:
    rid = str(raw.get("id", ""))
    if not rid:
        raise ConfigError("a [[rules]] entry has no id; give every rule a stable id")
    severity = raw.get("severity", "medium")
    if severity not in SEVERITIES:
        raise ConfigError(f"rule {rid!r}: severity must be one of {SEVERITIES}")
    scope = raw.get("scope", "text")
    if scope not in SCOPES:
        raise ConfigError(f"rule {rid!r}: scope must be one of {SCOPES}")
    checksum = raw.get("checksum")
    if checksum is not None and checksum not in CHECKSUMS:
        raise ConfigError(f"rule {rid!r}: checksum must be one of {CHECKSUMS}")
    validator = raw.get("validator")
    if validator is not None and validator not in VALIDATORS:
        raise ConfigError(f"rule {rid!r}: validator must be one of {VALIDATORS}")
    sources = raw.get("regex")
    if isinstance(sources, str):
        sources = [sources]
    if not sources:
        raise ConfigError(f"rule {rid!r}: no regex; every rule needs one")
    patterns: list[Pattern] = []
    boundary = False
    names: list[str] = []
    for src in sources:
        src = _expand(src, macros, rid)
        # A leading \b stops `re` from jumping straight to the literal prefix (measured: 15x
        # slower on 9 MB of tool output), so it is dropped here and checked after the match.
        for head in (r"\b(?P<v>", r"(?i)\b(?P<v>"):
            if src.startswith(head):
                src = src.replace(r"\b", "", 1)
                boundary = True
        if lazy:
            patterns.append(LazyPattern(src))
            # Group numbers follow the order of the opening parentheses in the source.
            names += _GROUP_NAME.findall(src)
            continue
        try:
            pattern = re.compile(src)
        except re.error as exc:
            raise ConfigError(f"rule {rid!r}: invalid regex ({exc}); fix rules.toml") from exc
        patterns.append(pattern)
        names += [n for n in sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)]
    names = list(dict.fromkeys(names))
    keywords = tuple(k.lower() for k in raw.get("keywords", []))
    return Rule(
        id=rid,
        description=str(raw.get("description", "")),
        severity=severity,
        keywords=keywords,
        patterns=tuple(patterns),
        value_groups=tuple(n for n in names if n.startswith("v")),
        key_groups=tuple(n for n in names if n.startswith("k")),
        scope=scope,
        prefixes=tuple(raw.get("prefixes", [])),
        entropy=float(raw.get("entropy", 0.0)),
        min_len=int(raw.get("min_len", 1)),
        max_len=int(raw.get("max_len", 20000)),
        classes=int(raw.get("classes", 0)),
        checksum=checksum,
        validator=validator,
        placeholder=bool(raw.get("placeholder", True)),
        sequential=bool(raw.get("sequential", False)),
        near=raw.get("near"),
        near_distance=int(raw.get("near_distance", 0)),
        marker=bool(raw.get("marker", False)),
        priority=int(raw.get("priority", 50)),
        boundary=boundary,
        line_context=bool(raw.get("line_context", False)),
        tp=tuple(raw.get("tp", [])),
        fp=tuple(raw.get("fp", [])),
    )


def _any_literal(words: tuple[str, ...]) -> re.Pattern[str]:
    if not words:
        return re.compile("(?!)")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)


def parse_rules(doc: dict[str, Any], *, lazy: bool = False) -> RuleSet:
    """Build a `RuleSet` from a parsed TOML document; raises ConfigError naming the bad rule.

    ``lazy``: compile each rule's expressions at first use (`LazyPattern`; the shipped rules)."""
    macros = {str(k): str(v) for k, v in doc.get("macros", {}).items()}
    flt = doc.get("filters", {})
    words = tuple(w.lower() for w in flt.get("placeholder_words", []))
    generic_words = tuple(w.lower() for w in flt.get("generic_words", []))
    shapes = tuple(flt.get("placeholder_shapes", []))
    try:
        filters = Filters(
            placeholder_words=words,
            generic_words=generic_words,
            placeholder_shapes=tuple(re.compile(s) for s in shapes),
            words_re=_any_literal(words),
            generic_words_re=_any_literal(generic_words),
            shapes_re=re.compile("|".join(f"(?:{s})" for s in shapes) or "(?!)"),
        )
    except re.error as exc:
        raise ConfigError(f"[filters]: invalid placeholder shape ({exc}); fix rules.toml") from exc
    rules = tuple(_rule(r, macros, lazy=lazy) for r in doc.get("rules", []))
    by_id: dict[str, Rule] = {}
    for r in rules:
        if r.id in by_id:
            raise ConfigError(f"rule id {r.id!r} appears twice in rules.toml; ids must be unique")
        by_id[r.id] = r
    for r in rules:
        if r.near is not None and r.near not in by_id:
            raise ConfigError(f"rule {r.id!r}: near = {r.near!r} names no rule")
    return RuleSet(rules=rules, filters=filters, by_id=by_id)


@cache
def default_rules() -> RuleSet:
    """The rules shipped with Bastion (`rules.toml` beside this module), parsed once."""
    data = resources.files(__package__).joinpath("rules.toml").read_bytes()
    return parse_rules(tomllib.loads(data.decode("utf-8")), lazy=True)
