"""Sequence rules as data: the rule model and the parser of the TOML rule language.

A rule is an ordered list of steps (credential read → egress, injection → code execution,
CI edit → push, ...). Each step matches one event on its kind, tool, category, the facts
``understand`` computed, path and host globs, and findings. This module reads and checks rule
files (errors name the file and line, with a close match for a misspelt key) and holds what
a step tests; `bastion.detect.sequences` matches the rules online against a session. The
format is documented in ``docs/sequences.md``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bastion.errors import BastionError
from bastion.events import Severity

if TYPE_CHECKING:
    from bastion.detect.state import SessionState

__all__ = [
    "BOOL_FACTS",
    "DEFAULT_RULES",
    "DOMAINS",
    "EVENT_KINDS",
    "LIST_FACTS",
    "OUTCOMES",
    "Condition",
    "EventView",
    "RuleSet",
    "SequenceRule",
    "SequenceRuleError",
    "Step",
    "default_rules",
    "load_rules",
    "parse_rules",
]

DEFAULT_RULES = Path(__file__).parent / "rules" / "sequences.toml"

EVENT_KINDS = ("action", "observation", "prompt")
OUTCOMES = ("ran", "denied", "restricted", "any")
LIST_FACTS = (
    "reads",
    "writes",
    "host_classes",
    "executes",
    "destructive",
    "privilege",
    "persistence",
    "self_tamper",
    "suspicious",
    "credential_kinds",
)
BOOL_FACTS = (
    "sends_external",
    "external_network",
    "network",
    "fetches_external",
    "env_dump",
    "credential_store",
    "opaque",
    "source_to_sink",
    "changes_remote_state",
)
DOMAINS = ("reads", "writes", "executed", "paths", "hosts")
CONDITION_KEYS = (
    "tool",
    "mcp_operation",
    "category",
    "facts",
    "read_paths",
    "write_paths",
    "exec_paths",
    "paths",
    "hosts",
    "commands",
    "findings",
    "min_severity",
    "session_findings",
)
STEP_KEYS = ("name", "event", "outcome", "capture", "expect", "any", "not", *CONDITION_KEYS)
RULE_KEYS = (
    "id",
    "title",
    "description",
    "finding",
    "severity",
    "attack",
    "owasp_agentic",
    "window",
    "step",
    "enabled",
)
WINDOW_KEYS = ("steps", "seconds")


class EventView(Protocol):
    """What a step may ask of one event (`bastion.detect.sequences` builds it per event)."""

    kind: str
    tool: str
    category: str
    finding_kinds: frozenset[str]
    max_severity: int
    state: SessionState

    def flag(self, name: str) -> bool: ...

    def values(self, name: str) -> frozenset[str]: ...

    def domain(self, name: str, *, relative: bool = False) -> tuple[str, ...]: ...

    def has_command(self, prefixes: tuple[tuple[str, ...], ...]) -> bool: ...

    def mcp_operation(self) -> str:
        """The MCP tool's own name (``send_email``) as the agent's sensor reads the call's
        tool, whatever the agent's prefix; empty for a tool that is not an MCP server's."""
        ...


class SequenceRuleError(BastionError, ValueError):
    """A sequence rule file that cannot be used; the message names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")


# -- the rule model ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """A conjunction of tests on one event; an empty condition matches everything."""

    tools: re.Pattern[str] | None = None
    mcp_operations: re.Pattern[str] | None = None
    categories: frozenset[str] = frozenset()
    list_facts: tuple[tuple[str, frozenset[str]], ...] = ()
    bool_facts: tuple[tuple[str, bool], ...] = ()
    read_paths: re.Pattern[str] | None = None
    write_paths: re.Pattern[str] | None = None
    exec_paths: re.Pattern[str] | None = None
    paths: re.Pattern[str] | None = None
    hosts: re.Pattern[str] | None = None
    commands: tuple[tuple[str, ...], ...] = ()
    findings: frozenset[str] = frozenset()
    min_severity: int = -1
    session_findings: frozenset[str] = frozenset()

    def matches(self, view: EventView) -> bool:
        if self.categories and view.category not in self.categories:
            return False
        if self.tools is not None and not self.tools.match(view.tool):
            return False
        if self.mcp_operations is not None and not self.mcp_operations.match(view.mcp_operation()):
            return False
        for name, want in self.bool_facts:
            if view.flag(name) is not want:
                return False
        for name, values in self.list_facts:
            have = view.values(name)
            if not have or ("*" not in values and values.isdisjoint(have)):
                return False
        if self.findings and self.findings.isdisjoint(view.finding_kinds):
            return False
        if self.min_severity >= 0 and view.max_severity < self.min_severity:
            return False
        if self.session_findings and not any(
            view.state.finding_counts.get(k) for k in self.session_findings
        ):
            return False
        if self.commands and not view.has_command(self.commands):
            return False
        for pattern, domain in (
            (self.read_paths, "reads"),
            (self.write_paths, "writes"),
            (self.exec_paths, "executed"),
            (self.paths, "paths"),
            (self.hosts, "hosts"),
        ):
            if pattern is not None and not any(
                pattern.search(v) for v in view.domain(domain, relative=domain != "hosts")
            ):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    events: frozenset[str]
    condition: Condition
    alternatives: tuple[Condition, ...] = ()
    negated: Condition | None = None
    outcome: str = "ran"
    capture: tuple[tuple[str, str], ...] = ()  # (variable, domain)
    expect: tuple[tuple[str, str], ...] = ()  # (variable, domain)

    def matches(self, view: EventView) -> bool:
        if view.kind not in self.events:
            return False
        if not self.condition.matches(view):
            return False
        if self.alternatives and not any(c.matches(view) for c in self.alternatives):
            return False
        return not (self.negated is not None and self.negated.matches(view))


@dataclass(frozen=True, slots=True)
class SequenceRule:
    id: str
    title: str
    finding: str
    severity: Severity
    steps: tuple[Step, ...]
    window_steps: int | None = None
    window_seconds: float | None = None
    attack: tuple[str, ...] = ()
    owasp_agentic: tuple[str, ...] = ()
    description: str = ""
    source: str = ""


class RuleSet:
    """Loaded rules, indexed by id."""

    def __init__(self, rules: list[SequenceRule] | None = None) -> None:
        self.rules = list(rules or [])
        self.by_id = {r.id: r for r in self.rules}
        kinds: set[str] = set()
        for rule in self.rules:
            for step in rule.steps:
                kinds |= step.events
        self.kinds = frozenset(kinds)


# -- loading and validation ----------------------------------------------------------------


def load_rules(paths: Iterable[Path | str] | None = None) -> RuleSet:
    """Rules from TOML files (the shipped pack when ``paths`` is None); ids must be unique."""
    if paths is None:
        return default_rules()
    rules: list[SequenceRule] = []
    seen: dict[str, str] = {}
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        for rule in parse_rules(text, str(path)):
            if rule.id in seen:
                raise SequenceRuleError(
                    str(path),
                    _Locator(text).line((_rule_position(text, rule.id), None, "id")),
                    f"rule id {rule.id!r} is already defined in {seen[rule.id]}",
                )
            seen[rule.id] = str(path)
            rules.append(rule)
    return RuleSet(rules)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    return load_rules([DEFAULT_RULES])


def _rule_position(text: str, rule_id: str) -> int:
    for r, raw in enumerate(tomllib.loads(text).get("rule") or []):
        if isinstance(raw, dict) and raw.get("id") == rule_id:
            return r
    return 0


def parse_rules(text: str, source: str = "<rules>") -> list[SequenceRule]:
    """Parse and validate one rule file; errors are ``SequenceRuleError`` with file:line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise SequenceRuleError(
            source, int(match.group(1)) if match else 1, f"not valid TOML: {exc}"
        ) from exc
    where = _Locator(text)
    unknown = set(data) - {"version", "rule"}
    if unknown:
        key = sorted(unknown)[0]
        raise SequenceRuleError(
            source, where.top(key), f"unknown top-level key {key!r}; expected [[rule]] tables"
        )
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise SequenceRuleError(source, where.top("rule"), "'rule' must be [[rule]] tables")
    out: list[SequenceRule] = []
    ids: set[str] = set()
    for r, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, r, source, where)
        if rule.id in ids:
            raise SequenceRuleError(
                source, where.line((r, None, "id")), f"duplicate rule id {rule.id!r}"
            )
        ids.add(rule.id)
        if raw.get("enabled", True):
            out.append(rule)
    return out


def _parse_rule(raw: dict[str, Any], r: int, source: str, where: _Locator) -> SequenceRule:
    def fail(key: str, message: str, step: int | None = None) -> SequenceRuleError:
        return SequenceRuleError(source, where.line((r, step, key)), message)

    _check_keys(raw, RULE_KEYS, lambda k, m: fail(k, m), "rule")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", rule_id):
        raise fail("id", "every rule needs an id of lower-case letters, digits, '.', '_', '-'")
    label = f"rule {rule_id!r}"
    finding = raw.get("finding")
    if not isinstance(finding, str) or not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", finding):
        raise fail("finding", f"{label}: 'finding' must name the finding kind (e.g. 'x-then-y')")
    severity = raw.get("severity")
    try:
        sev = Severity(str(severity))
    except ValueError:
        raise fail(
            "severity", f"{label}: severity must be one of {', '.join(s.value for s in Severity)}"
        ) from None
    attack = _str_list(raw.get("attack", []))
    owasp = _str_list(raw.get("owasp_agentic", []))
    if attack is None or any(not re.fullmatch(r"T\d{4}(\.\d{3})?", a) for a in attack):
        raise fail(
            "attack", f"{label}: 'attack' holds MITRE ATT&CK ids such as 'T1048' or 'T1552.001'"
        )
    if owasp is None or any(not re.fullmatch(r"ASI(0[1-9]|10)", a) for a in owasp):
        raise fail("owasp_agentic", f"{label}: 'owasp_agentic' holds ids ASI01..ASI10")
    if not attack and not owasp:
        raise fail("id", f"{label}: map the rule to 'attack' (MITRE ATT&CK) or 'owasp_agentic'")
    window = raw.get("window", {})
    if not isinstance(window, dict):
        raise fail("window", f"{label}: window is a table {{ steps = N, seconds = S }}")
    _check_keys(window, WINDOW_KEYS, lambda k, m: fail("window", m), f"{label} window")
    w_steps = window.get("steps")
    w_seconds = window.get("seconds")
    if w_steps is not None and (not isinstance(w_steps, int) or w_steps < 1):
        raise fail("window", f"{label}: window.steps must be a positive integer")
    if w_seconds is not None and (
        not isinstance(w_seconds, int | float) or isinstance(w_seconds, bool) or w_seconds <= 0
    ):
        raise fail("window", f"{label}: window.seconds must be a positive number")
    raw_steps = raw.get("step")
    if not isinstance(raw_steps, list) or len(raw_steps) < 2:
        raise fail("id", f"{label}: a sequence needs at least two [[rule.step]] tables")
    steps: list[Step] = []
    variables: set[str] = set()
    for s, raw_step in enumerate(raw_steps):
        if not isinstance(raw_step, dict):
            raise fail("step", f"{label}: step {s + 1} must be a table")
        step = _parse_step(raw_step, s, len(raw_steps), label, lambda k, m, s=s: fail(k, m, s))
        for var, _ in step.expect:
            if var not in variables:
                raise fail(
                    "expect",
                    f"{label} step {s + 1}: expects variable {var!r} that no earlier step captures",
                    s,
                )
        variables |= {v for v, _ in step.capture}
        steps.append(step)
    return SequenceRule(
        id=rule_id,
        title=str(raw.get("title") or rule_id),
        finding=finding,
        severity=sev,
        steps=tuple(steps),
        window_steps=w_steps,
        window_seconds=float(w_seconds) if w_seconds is not None else None,
        attack=tuple(attack),
        owasp_agentic=tuple(owasp),
        description=str(raw.get("description") or ""),
        source=source,
    )


def _parse_step(raw: dict[str, Any], s: int, count: int, label: str, fail: Any) -> Step:
    name = f"{label} step {s + 1}"
    _check_keys(raw, STEP_KEYS, fail, name)
    events = raw.get("event", "action")
    event_list = [events] if isinstance(events, str) else events
    if (
        not isinstance(event_list, list)
        or not event_list
        or any(e not in EVENT_KINDS for e in event_list)
    ):
        raise fail("event", f"{name}: event must be one of {', '.join(EVENT_KINDS)} (or a list)")
    outcome = raw.get("outcome", "ran")
    if outcome not in OUTCOMES:
        raise fail("outcome", f"{name}: outcome must be one of {', '.join(OUTCOMES)}")
    if s == count - 1 and "outcome" in raw:
        raise fail("outcome", f"{name}: the last step is judged before it runs; it has no outcome")
    if s == count - 1 and event_list != ["action"]:
        raise fail("event", f"{name}: the last step must match an action, so policy can stop it")
    if outcome != "ran" and event_list != ["action"]:
        raise fail("outcome", f"{name}: only action steps have an outcome")
    capture = _domains(raw.get("capture", {}), "capture", name, fail)
    expect = _domains(raw.get("expect", {}), "expect", name, fail)
    alternatives: list[Condition] = []
    any_of = raw.get("any", [])
    if not isinstance(any_of, list) or any(not isinstance(a, dict) for a in any_of):
        raise fail("any", f"{name}: 'any' is a list of condition tables")
    for m, alt in enumerate(any_of):
        alternatives.append(
            _condition(alt, f"{name} any[{m}]", lambda k, msg: fail("any", msg), strict=True)
        )
    negated = None
    if "not" in raw:
        if not isinstance(raw["not"], dict):
            raise fail("not", f"{name}: 'not' is a condition table")
        negated = _condition(
            raw["not"], f"{name} not", lambda k, msg: fail("not", msg), strict=True
        )
    return Step(
        name=str(raw.get("name") or f"step {s + 1}"),
        events=frozenset(event_list),
        condition=_condition(raw, name, fail),
        alternatives=tuple(alternatives),
        negated=negated,
        outcome=outcome,
        capture=capture,
        expect=expect,
    )


def _domains(value: Any, key: str, name: str, fail: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise fail(key, f'{name}: {key} is a table {{ variable = "domain" }}')
    out = []
    for var, domain in value.items():
        if domain not in DOMAINS:
            raise fail(key, f"{name}: {key}.{var} must be one of {', '.join(DOMAINS)}")
        out.append((str(var), str(domain)))
    return tuple(out)


def _condition(raw: dict[str, Any], name: str, fail: Any, *, strict: bool = False) -> Condition:
    if strict:
        _check_keys(raw, CONDITION_KEYS, fail, name)

    def strings(key: str) -> list[str]:
        value = raw.get(key, [])
        items = _str_list(value)
        if items is None:
            raise fail(key, f"{name}: {key} must be a string or a list of strings")
        return items

    facts = raw.get("facts", {})
    if not isinstance(facts, dict):
        raise fail("facts", f"{name}: facts is a table, e.g. facts = {{ sends_external = true }}")
    list_facts: list[tuple[str, frozenset[str]]] = []
    bool_facts: list[tuple[str, bool]] = []
    for key, value in facts.items():
        if key in BOOL_FACTS:
            if not isinstance(value, bool):
                raise fail("facts", f"{name}: facts.{key} is true or false")
            bool_facts.append((key, value))
        elif key in LIST_FACTS:
            items = _str_list(value)
            if not items:
                raise fail(
                    "facts", f"{name}: facts.{key} is a non-empty list of values ('*' = any)"
                )
            list_facts.append((key, frozenset(items)))
        else:
            hint = difflib.get_close_matches(key, (*LIST_FACTS, *BOOL_FACTS), 1)
            raise fail(
                "facts",
                f"{name}: unknown fact {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""),
            )
    severity = raw.get("min_severity")
    min_severity = -1
    if severity is not None:
        try:
            min_severity = Severity(severity).rank
        except ValueError:
            raise fail("min_severity", f"{name}: min_severity must be a severity name") from None
    commands = tuple(tuple(c.split()) for c in strings("commands") if c.split())
    return Condition(
        tools=_globs(strings("tool"), anchored=True),
        mcp_operations=_globs(strings("mcp_operation"), anchored=True),
        categories=frozenset(strings("category")),
        list_facts=tuple(list_facts),
        bool_facts=tuple(bool_facts),
        read_paths=_globs(strings("read_paths")),
        write_paths=_globs(strings("write_paths")),
        exec_paths=_globs(strings("exec_paths")),
        paths=_globs(strings("paths")),
        hosts=_globs(strings("hosts"), anchored=True),
        commands=commands,
        findings=frozenset(strings("findings")),
        min_severity=min_severity,
        session_findings=frozenset(strings("session_findings")),
    )


def _globs(patterns: list[str], *, anchored: bool = False) -> re.Pattern[str] | None:
    """One regex for a list of globs. Path globs without a leading '/' or '~/' match any
    trailing run of path components (``Jenkinsfile`` matches ``/repo/ci/Jenkinsfile``);
    ``~/`` is kept literally and matched against paths written with ``~`` for the home."""
    if not patterns:
        return None
    parts = []
    for p in patterns:
        body = translate(p)[4:-3]  # fnmatch.translate gives (?s:...)\Z
        if anchored or p.startswith(("/", "~/")):
            parts.append(f"^(?:{body})$")
        else:
            parts.append(f"(?:^|/)(?:{body})$")
    return re.compile("|".join(parts), re.IGNORECASE if anchored else 0)


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _check_keys(raw: dict[str, Any], known: tuple[str, ...], fail: Any, name: str) -> None:
    for key in raw:
        if key not in known:
            hint = difflib.get_close_matches(key, known, 1)
            raise fail(
                key,
                f"{name}: unknown key {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""),
            )


class _Locator:
    """Line numbers of rules, steps and keys in a rule file (tomllib gives none)."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\s]+?)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[int, int | None, str], int] = {}
        self.tops: dict[str, int] = {}
        self.rules: dict[int, int] = {}
        self.steps: dict[tuple[int, int], int] = {}
        r, s, sub = -1, None, ""
        for number, line in enumerate(text.splitlines(), 1):
            header = self._HEADER.match(line)
            if header and not self._KEY.match(line):
                path = header.group(1).replace(" ", "")
                sub = ""
                if path == "rule":
                    r, s = r + 1, None
                    self.rules[r] = number
                elif path == "rule.step":
                    s = 0 if s is None else s + 1
                    self.steps[(r, s)] = number
                elif path.startswith("rule.step."):
                    sub = path.split(".")[2]
                    self.keys.setdefault((r, s, sub), number)
                elif path.startswith("rule."):
                    s, sub = None, path.split(".")[1]
                    self.keys.setdefault((r, None, sub), number)
                else:
                    self.tops.setdefault(path.split(".")[0], number)
                continue
            key = self._KEY.match(line)
            if key:
                name = sub or key.group(1)
                if r < 0:
                    self.tops.setdefault(name, number)
                else:
                    self.keys.setdefault((r, s, name), number)

    def line(self, where: tuple[int, int | None, str]) -> int:
        r, s, _ = where
        if where in self.keys:
            return self.keys[where]
        if s is not None and (r, s) in self.steps:
            return self.steps[(r, s)]
        return self.rules.get(r, 1)

    def top(self, key: str) -> int:
        return self.tops.get(key, 1)
