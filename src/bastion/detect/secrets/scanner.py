"""Find credentials in text with keyword-gated rules from rules.toml, and redact them.

Speed comes from not running most regexes at all: one Aho-Corasick pass (pyahocorasick, a C
extension) over the lower-cased text finds every rule keyword, and a rule's regex runs only when
one of its keywords occurs — over the whole text for rules whose regex starts with a literal
prefix, or only over the lines around the keyword hits ("line" scope) for the keyword-assignment
rules whose regexes would otherwise try every position. Without pyahocorasick the keyword pass
falls back to one `str.find` per keyword (same results, a few times slower on large texts).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bastion.detect.secrets._checks import (
    _words,
    context_denied,
    generic_value_ok,
    pem_ok,
    value_ok,
)
from bastion.detect.secrets._rules import LazyPattern, Pattern, Rule, RuleSet, default_rules

try:  # optional accelerator; results are identical without it
    import ahocorasick as _ahocorasick
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    _ahocorasick = None

SEVERITY_ORDER = {"low": 0, "medium": 1, "high": 2, "critical": 3}

# Line-scope windows stop this far either side of a keyword hit, so one minified megabyte line
# costs what a normal line costs.
_WINDOW = 400
# Beyond this many hits of one keyword, the rule runs once over the whole text instead of per
# window (cheaper than thousands of tiny searches).
_MAX_WINDOWS = 2000


@dataclass(frozen=True, slots=True)
class SecretMatch:
    """One credential found in a text: the rule id and the offsets of the secret value."""

    kind: str
    start: int
    end: int
    severity: str

    def preview(self, text: str) -> str:
        """A safe stand-in: at most 4 chars of a documented public prefix, then the kind."""
        return preview_value(text[self.start : self.end], self.kind)


def preview_value(value: str, kind: str, rules: RuleSet | None = None) -> str:
    """`AKIA…[REDACTED aws-access-key]`, or `[REDACTED generic-password]`.

    What may stay visible is decided once, here: at most 4 characters of the rule's
    documented literal prefix (``AKIA``, ``ghp_``, ``xoxb``), which every key of that type
    shares and which only says what kind of key it was. Nothing of the value's variable
    part is ever kept: not its first or last characters, not its length. A value that does
    not start with its rule's literal prefix (passwords, dotenv values, generic tokens)
    shows no characters at all.
    """
    rs = rules or default_rules()
    rule = rs.by_id.get(kind)
    if rule is not None:
        for prefix in sorted(rule.prefixes, key=len, reverse=True):
            if prefix and value.startswith(prefix) and len(value) >= len(prefix) + 12:
                return f"{prefix[:4]}…[REDACTED {kind}]"
    return f"[REDACTED {kind}]"


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    rule: Rule


class Scanner:
    """A compiled rule set plus its keyword automaton; reusable and safe to share across threads."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules or default_rules()
        keyword_rules: dict[str, list[int]] = {}
        self._always: list[int] = []
        self._near: list[int] = []
        for i, rule in enumerate(self.rules.rules):
            if rule.near is not None:
                self._near.append(i)
                continue
            if not rule.keywords:
                self._always.append(i)
            for kw in rule.keywords:
                keyword_rules.setdefault(kw, []).append(i)
        self._keywords = list(keyword_rules)
        self._keyword_rules = [tuple(keyword_rules[k]) for k in self._keywords]
        self._automaton: Any = None
        if _ahocorasick is not None and self._keywords:
            automaton = _ahocorasick.Automaton()
            for idx, kw in enumerate(self._keywords):
                automaton.add_word(kw, (idx, len(kw)))
            automaton.make_automaton()
            self._automaton = automaton

    # ------------------------------------------------------------------ keyword pass
    def _keyword_hits(self, low: str) -> Iterable[tuple[int, int, int]]:
        """(keyword index, start, end) for every keyword occurrence in the lower-cased text."""
        if self._automaton is not None:
            for end, (idx, n) in self._automaton.iter(low):
                yield idx, end - n + 1, end + 1
            return
        for idx, kw in enumerate(self._keywords):
            pos = low.find(kw)
            while pos >= 0:
                yield idx, pos, pos + len(kw)
                pos = low.find(kw, pos + 1)

    @staticmethod
    def _line_window(text: str, start: int, end: int) -> tuple[int, int]:
        lo = max(text.rfind("\n", max(0, start - _WINDOW), start) + 1, start - _WINDOW, 0)
        # include the next two lines too: XML elements, YAML block values and shell line
        # continuations put the value (or the closing tag) there
        hi = end
        for _ in range(3):
            nl = text.find("\n", hi, hi + _WINDOW)
            if nl < 0:
                hi = min(len(text), hi + _WINDOW)
                break
            hi = nl + 1
        return lo, min(hi, end + 3 * _WINDOW, len(text))

    # ------------------------------------------------------------------ rule evaluation
    def _matches(
        self, rule: Rule, text: str, spans: list[tuple[int, int]] | None, anchored: bool
    ) -> Iterable[re.Match[str]]:
        for pattern in rule.patterns:
            if spans is None:
                yield from pattern.finditer(text)
            elif anchored:
                for s, e in spans:
                    m = pattern.match(text, s, e)
                    if m is not None:
                        yield m
            else:
                for s, e in spans:
                    yield from pattern.finditer(text, s, e)

    def _evaluate(
        self, rule: Rule, text: str, spans: list[tuple[int, int]] | None, anchored: bool = False
    ) -> list[_Candidate]:
        out: list[_Candidate] = []
        # A rule with no keyword runs over every text and almost never matches: one search in
        # C per pattern says so without building the match generator below (most of a small
        # payload's cost of such a rule).
        if spans is None and not any(_search(p, text) for p in rule.patterns):
            return out
        seen: set[tuple[int, int]] = set()
        filters = self.rules.filters
        for m in self._matches(rule, text, spans, anchored):
            # the value spans every matched v* group (usually exactly one matches)
            start = end = -1
            group = ""
            for g in rule.value_groups:
                s, e = m.span(g) if g in m.re.groupindex else (-1, -1)
                if s < 0:
                    continue
                if start < 0:
                    start, end, group = s, e, g
                else:
                    start, end = min(start, s), max(end, e)
            if start < 0:
                start, end = m.span()
            if end <= start or (start, end) in seen:
                continue
            if rule.boundary and not _at_boundary(text, start):
                continue
            value = text[start:end]
            if rule.validator is not None:
                # inside a source-code string a literal "\n" ends the configured value
                cut = _ESCAPE.search(value)
                if cut is not None:
                    end = start + cut.start()
                    value = text[start:end]
                    if end <= start or (start, end) in seen:
                        continue
            if not value_ok(rule, filters, value):
                continue
            if rule.checksum == "pem" and not pem_ok(m.group("body") or ""):
                continue
            if rule.line_context:
                line_start = max(text.rfind("\n", max(0, start - 120), start) + 1, start - 120, 0)
                if context_denied(text[line_start:start]):
                    continue
            if rule.validator is not None:
                key = next((m.group(k) for k in rule.key_groups if _group(m, k)), "")
                if anchored:
                    # the keyword may sit inside a longer name (client_secret, genericToken)
                    key = _name_before(text, m.start()) + key
                    # `arn:aws:secretsmanager:…:secret:name`: a resource type in an ARN
                    if _ARN_BEFORE.search(text, max(0, m.start() - 120), m.start()):
                        continue
                if not generic_value_ok(
                    key,
                    value,
                    quoted=group != "v4",
                    is_password=rule.validator == "generic-password",
                ):
                    continue
                if _demo_account_near(text, start, end, value):
                    continue
            elif rule.key_groups and not _credential_pair_ok(m, rule, value):
                continue
            seen.add((start, end))
            out.append(_Candidate(start, end, rule))
        return out

    def candidates(self, text: str) -> list[_Candidate]:
        """Every validated rule match, overlapping ones included (markers too)."""
        low = text.lower()
        if len(low) != len(text):  # a few non-ASCII letters change length when lower-cased
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        rules = self.rules.rules
        whole: set[int] = set(self._always)
        windows: dict[int, list[tuple[int, int]]] = {}
        for idx, s, e in self._keyword_hits(low):
            for ri in self._keyword_rules[idx]:
                if ri in whole:
                    continue
                scope = rules[ri].scope
                if scope == "text":
                    whole.add(ri)
                    continue
                spans = windows.setdefault(ri, [])
                if scope == "keyword":
                    if not spans or spans[-1][0] != s:
                        spans.append((s, self._line_window(text, s, e)[1]))
                    continue
                if len(spans) >= _MAX_WINDOWS and scope == "line":
                    whole.add(ri)
                    continue
                if spans and spans[-1][1] >= e:
                    continue  # this hit is inside the previous window
                spans.append(self._line_window(text, s, e))
        found: list[_Candidate] = []
        for ri in sorted(whole):
            found.extend(self._evaluate(rules[ri], text, None))
        for ri, spans in windows.items():
            if ri in whole:
                continue
            if rules[ri].scope == "keyword":
                found.extend(self._evaluate(rules[ri], text, spans, anchored=True))
            else:
                found.extend(self._evaluate(rules[ri], text, _merge(spans)))
        if self._near:
            by_rule: dict[str, list[_Candidate]] = {}
            for c in found:
                by_rule.setdefault(c.rule.id, []).append(c)
            for ri in self._near:
                rule = rules[ri]
                anchors = by_rule.get(rule.near or "", [])
                if not anchors:
                    continue
                d = rule.near_distance
                spans = _merge([(max(0, a.start - d), min(len(text), a.end + d)) for a in anchors])
                found.extend(
                    c
                    for c in self._evaluate(rule, text, spans)
                    if not any(a.start <= c.start < a.end for a in anchors)
                )
        return found

    def scan(self, text: str) -> list[SecretMatch]:
        """Non-overlapping findings, sorted by start; on overlap the higher priority wins."""
        if not text:
            return []
        cands = [c for c in self.candidates(text) if not c.rule.marker]
        cands.sort(key=lambda c: (-c.rule.priority, c.start, -(c.end - c.start)))
        starts: list[int] = []
        ends: list[int] = []
        chosen: list[_Candidate] = []
        for c in cands:
            i = bisect.bisect_right(starts, c.start)
            if i > 0 and ends[i - 1] > c.start:
                continue
            if i < len(starts) and starts[i] < c.end:
                continue
            starts.insert(i, c.start)
            ends.insert(i, c.end)
            chosen.insert(i, c)
        return [SecretMatch(c.rule.id, c.start, c.end, c.rule.severity) for c in chosen]

    def redact(self, text: str) -> str:
        """The text with every finding replaced by its preview."""
        matches = self.scan(text)
        if not matches:
            return text
        parts: list[str] = []
        pos = 0
        for m in matches:
            parts.append(text[pos : m.start])
            parts.append(preview_value(text[m.start : m.end], m.kind, self.rules))
            pos = m.end
        parts.append(text[pos:])
        return "".join(parts)

    def redact_value(self, obj: Any) -> Any:
        """A copy of a JSON-like value with every string redacted, dict keys included (a
        token used as a map key is still a token); keys that redact alike both survive."""
        if isinstance(obj, str):
            return self.redact(obj)
        if isinstance(obj, dict):
            out: dict[Any, Any] = {}
            for k, v in obj.items():
                key = self.redact(k) if isinstance(k, str) else k
                while key in out:
                    key = f"{key}#"
                out[key] = self.redact_value(v)
            return out
        if isinstance(obj, list | tuple):
            return [self.redact_value(v) for v in obj]
        return obj


# words that, as the user or password of a URL or curl -u, mark an example rather than a secret
_CRED_PLACEHOLDERS = _words(
    "user username usr login pass password passwd pwd secret token key apikey changeme admin "
    "root guest test demo example name me foo bar baz xxx yyy zzz abc 123 1234 12345 123456 "
    "x y z a b id"
)


_ESCAPE = re.compile(r"\\[nrt]")
# the key word is the resource-type field of an ARN (arn:partition:service:region:account:)
_ARN_BEFORE = re.compile(r"\barn:[\w\-]+:[\w\-]+:[\w\-]*:\d*:\Z")

# Demo accounts that vendors document and ship with their samples, not anyone's credential:
# Oracle's SCOTT/TIGER sample schema (used throughout SQLAlchemy's and JDBC's docs).
_DEMO_ACCOUNTS = frozenset({("scott", "tiger")})

_DEMO_PASSWORDS = {pw: user for user, pw in _DEMO_ACCOUNTS}


def _demo_account_near(text: str, start: int, end: int, value: str) -> bool:
    """`user="scott", password="tiger"`: a demo account's password next to its user name."""
    user = _DEMO_PASSWORDS.get(value.lower())
    return user is not None and user in text[max(0, start - 200) : end + 200].lower()


# %s, %(name)s, %PASSWORD%: a format or environment reference (a URL-encoded "%2B" is a value)
_FORMAT_SPEC = re.compile(r"%(?:\(\w+\))?[sdr]$|%\w+%$")


def _credential_pair_ok(m: Any, rule: Rule, value: str) -> bool:
    """user:password pairs (URLs, curl -u): reject example pairs and host:port look-alikes."""
    user = next((m.group(k) for k in rule.key_groups if _group(m, k) is not None), "")
    pw = value
    low_pw, low_user = pw.lower(), user.lower()
    if not pw:
        return False
    if low_pw in _CRED_PLACEHOLDERS or low_pw == low_user:
        return False
    if (low_user, low_pw) in _DEMO_ACCOUNTS:
        return False
    if pw.isdigit() and len(pw) <= 5:  # host:port@...
        return False
    if pw.startswith(("$", "{", "<", "[")) or "${" in pw or "{{" in pw or _FORMAT_SPEC.match(pw):
        return False
    if user.startswith(("<", "[", "{")) or pw.endswith((">", "]", "}")):
        return False
    if low_user in _CRED_PLACEHOLDERS and any(w in low_pw for w in ("pass", "secret", "word")):
        return False
    return not (len(pw) < 5 and low_user in _CRED_PLACEHOLDERS)


def _search(pattern: Pattern, text: str) -> bool:
    compiled = pattern.compiled() if isinstance(pattern, LazyPattern) else pattern
    return compiled.search(text) is not None


def _group(m: re.Match[str], name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_NAME = _WORD | frozenset(".-")


def _at_boundary(text: str, pos: int) -> bool:
    """The regex `\\b` at `pos`, checked after matching (see _rules: it keeps `re` fast)."""
    before = pos > 0 and text[pos - 1] in _WORD
    after = pos < len(text) and text[pos] in _WORD
    return before != after


def _name_before(text: str, pos: int) -> str:
    """The identifier characters directly before `pos` (at most 40): `client_` of client_secret."""
    i = pos
    while i > 0 and pos - i < 40 and text[i - 1] in _NAME:
        i -= 1
    return text[i:pos]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(spans)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_default: Scanner | None = None


def default_scanner() -> Scanner:
    """The process-wide scanner over the shipped rules (built on first use)."""
    global _default
    if _default is None:
        _default = Scanner()
    return _default


def scan(text: str) -> list[SecretMatch]:
    """Credentials in `text`: non-overlapping, sorted by start, offsets of the secret value."""
    return default_scanner().scan(text)


def redact(text: str) -> str:
    """`text` with every credential replaced by its preview."""
    return default_scanner().redact(text)


def redact_value(obj: Any) -> Any:
    """A new JSON-like value with every string in it redacted, dict keys included."""
    return default_scanner().redact_value(obj)


_EXAMPLE_MARK = re.compile(r"example", re.IGNORECASE)
_examples: Scanner | None = None


def documented_examples(text: str) -> list[SecretMatch]:
    """Values shaped like a credential that are a vendor's documented example instead.

    Such keys (AWS's ``AKIAIOSFODNN7EXAMPLE``, keys ending in ``EXAMPLEKEY``) are not
    secrets, so `scan` ignores them; but they are exactly what people test a scanner
    with, so `bastion secrets scan` says how many it ignored rather than staying silent.
    Found by scanning with the placeholder filter off and keeping values that say
    "example" and that `scan` did not report.
    """
    global _examples
    if not text or _EXAMPLE_MARK.search(text) is None:
        return []
    if _examples is None:
        import dataclasses

        base = default_rules()
        rules = tuple(dataclasses.replace(r, placeholder=False) for r in base.rules)
        _examples = Scanner(dataclasses.replace(base, rules=rules, by_id=dict(base.by_id)))
    reported = {(m.start, m.end) for m in scan(text)}
    return [
        m
        for m in _examples.scan(text)
        if (m.start, m.end) not in reported and _EXAMPLE_MARK.search(text[m.start : m.end])
    ]
