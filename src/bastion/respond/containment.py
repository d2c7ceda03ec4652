"""Containment decisions as data: conditions on a session mapped to actions, with reasons.

``plan`` reads the session state, this event's findings and decision, and returns the
containments whose conditions now hold (each rule at most once per session); ``apply``
carries them out on the session state (block one tool, ask-everything, kill). Containment
only ever tightens a session; releasing it is a human's call (``bastion release``).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bastion.core.parts import ContainmentMemory
from bastion.detect import behaviour, sequences
from bastion.detect.state import (
    ASK_EVERYTHING,
    KILLED,
    NORMAL,
    SessionState,
    StateUpdate,
    UpdateOp,
)
from bastion.errors import BastionError
from bastion.events import Decision, Finding, Severity

DEFAULT_POLICY = Path(__file__).parent / "containment.toml"
STATE_KEY = "respond"
BLOCK_TOOL = "block-tool"
ASK = "ask-everything"
KILL = "kill"
ACTIONS = (BLOCK_TOOL, ASK, KILL)
_MODE_RANK = {NORMAL: 0, ASK_EVERYTHING: 1, KILLED: 2}
WHEN_KEYS = (
    "min_findings",
    "retries_at_least",
    "finding",
    "after",
    "decision",
    "anomaly_score_at_least",
    "min_severity",
    "denials_at_least",
    "mode",
)
RULE_KEYS = ("id", "when", "action", "reason", "enabled")


class ContainmentPolicyError(BastionError, ValueError):
    """A containment policy that cannot be used; the message names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True, slots=True)
class Containment:
    """One containment step for the respond stage to carry out."""

    action: str  # block-tool | ask-everything | kill
    reason: str
    rule: str
    tool: str = ""  # for block-tool

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "reason": self.reason, "rule": self.rule, "tool": self.tool}


@dataclass(frozen=True, slots=True)
class ContainmentRule:
    id: str
    action: str
    reason: str
    when: dict[str, Any] = field(default_factory=dict)


# -- loading -------------------------------------------------------------------------------


def load_policy(path: Path | str | None = None) -> list[ContainmentRule]:
    if path is None:
        return list(_default_policy())
    return parse_policy(Path(path).read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def _default_policy() -> tuple[ContainmentRule, ...]:
    return tuple(parse_policy(DEFAULT_POLICY.read_text(encoding="utf-8"), str(DEFAULT_POLICY)))


def parse_policy(text: str, source: str = "<containment>") -> list[ContainmentRule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ContainmentPolicyError(
            source, int(match.group(1)) if match else 1, f"not valid TOML: {exc}"
        ) from exc
    headers = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[rule]]"]
    lines = text.splitlines()

    def where(r: int, key: str) -> int:
        start = headers[r] if r < len(headers) else 1
        end = headers[r + 1] if r + 1 < len(headers) else len(lines) + 1
        for pattern in (rf"\s*{re.escape(key)}\s*=", rf".*\b{re.escape(key)}\s*="):
            for n in range(start, end):
                if re.match(pattern, lines[n - 1]):
                    return n
        return start

    rules: list[ContainmentRule] = []
    ids: set[str] = set()
    for r, raw in enumerate(data.get("rule") or []):

        def fail(key: str, message: str, r: int = r) -> ContainmentPolicyError:
            return ContainmentPolicyError(source, where(r, key), message)

        for key in raw:
            if key not in RULE_KEYS:
                hint = difflib.get_close_matches(key, RULE_KEYS, 1)
                raise fail(
                    key, f"unknown key {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
                )
        rule_id = raw.get("id")
        if not isinstance(rule_id, str) or not rule_id or rule_id in ids:
            raise fail("id", "every rule needs a unique id")
        ids.add(rule_id)
        if raw.get("action") not in ACTIONS:
            raise fail("action", f"rule {rule_id!r}: action must be one of {', '.join(ACTIONS)}")
        if not isinstance(raw.get("reason"), str) or not raw["reason"]:
            raise fail("reason", f"rule {rule_id!r}: every containment needs a reason")
        when = raw.get("when")
        if not isinstance(when, dict) or not when:
            raise fail("when", f"rule {rule_id!r}: 'when' is a table of conditions")
        for key, value in when.items():
            if key not in WHEN_KEYS:
                hint = difflib.get_close_matches(key, WHEN_KEYS, 1)
                raise fail(
                    key,
                    f"rule {rule_id!r}: unknown condition {key!r}"
                    + (f"; did you mean {hint[0]!r}?" if hint else ""),
                )
            _check_condition(key, value, lambda m, k=key, i=rule_id: fail(k, f"rule {i!r}: {m}"))
        if raw["action"] == BLOCK_TOOL and not ({"finding", "retries_at_least"} & set(when)):
            raise fail(
                "action",
                f"rule {rule_id!r}: block-tool needs a 'finding' or "
                "'retries_at_least' condition, which names the tool to block",
            )
        if raw.get("enabled", True):
            rules.append(ContainmentRule(rule_id, raw["action"], raw["reason"], dict(when)))
    return rules


def _check_condition(key: str, value: Any, fail: Any) -> None:
    severities = [s.value for s in Severity]
    if key in ("retries_at_least", "anomaly_score_at_least", "denials_at_least"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise fail(f"{key} is a whole number")
    elif key in ("finding", "after", "decision"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"{key} is a list of strings")
        if key == "decision" and not set(value) <= {d.value for d in Decision}:
            raise fail("decision holds allow, ask or deny")
    elif key == "min_severity":
        if value not in severities:
            raise fail(f"min_severity is one of {', '.join(severities)}")
    elif key == "mode":
        if value not in _MODE_RANK:
            raise fail(f"mode is one of {', '.join(_MODE_RANK)}")
    elif key == "min_findings" and (
        not isinstance(value, dict)
        or value.get("severity") not in severities
        or not isinstance(value.get("count"), int)
        or set(value) - {"severity", "count"}
    ):
        raise fail('min_findings is { severity = "critical", count = 2 }')


# -- planning ------------------------------------------------------------------------------


def _memory(state: SessionState) -> ContainmentMemory:
    """What containment remembers (its part of the state), to change copy on write: the
    containers are shared with the saved part until ``plan_update`` copies one to change it."""
    memory = state.containment
    if memory is None:
        return ContainmentMemory()
    return ContainmentMemory(memory.severities, memory.kinds, memory.fired)


def plan(
    state: SessionState,
    verdict_findings: list[Finding],
    decision: Decision | str,
    *,
    policy: list[ContainmentRule] | None = None,
) -> list[Containment]:
    """``plan_update``, with its updates applied (for callers that own the state)."""
    planned, updates = plan_update(state, verdict_findings, decision, policy=policy)
    for update in updates:
        state.apply(update)
    return planned


def plan_update(
    state: SessionState,
    verdict_findings: list[Finding],
    decision: Decision | str,
    *,
    policy: list[ContainmentRule] | None = None,
) -> tuple[list[Containment], list[StateUpdate]]:
    """Containments that this event triggers, and the updates that remember it. Call it
    once for every event, after decide: the updates record the decision (for detectors
    that learn outcomes) and the findings; the engine applies them."""
    decision = Decision(decision)
    rules = load_policy() if policy is None else policy
    updates = [sequences.decision_update(state, decision.value)]
    memory = _memory(state)
    moved = state.containment is None  # the part exists from a session's first event on
    before = set(memory.kinds)
    if verdict_findings:
        memory.severities = severities = dict(memory.severities)
        for f in verdict_findings:
            severities[f.severity.value] = severities.get(f.severity.value, 0) + 1
        moved = True
    out: list[Containment] = []
    for rule in rules:
        if rule.id in memory.fired:
            continue
        tool = _holds(rule.when, state, verdict_findings, decision, before, memory.severities)
        if tool is None:
            continue
        if rule.action == BLOCK_TOOL and not tool:
            continue
        memory.fired = [*memory.fired, rule.id]
        moved = True
        out.append(Containment(rule.action, _reason(rule.reason, tool), rule.id, tool))
    for f in verdict_findings:
        if f.signal not in before and len(memory.kinds) < 128:
            memory.kinds = [*memory.kinds, f.signal]
            before.add(f.signal)
    if moved:
        updates.append(StateUpdate(UpdateOp.PART, STATE_KEY, data=memory))
    return out, updates


def _holds(
    when: dict[str, Any],
    state: SessionState,
    findings: list[Finding],
    decision: Decision,
    before: set[str],
    severities: dict[str, int],
) -> str | None:
    """The tool the condition is about ("" when none) if every condition holds, else None."""
    tool = ""
    if "finding" in when:
        hits = [f for f in findings if f.signal in when["finding"]]
        if not hits:
            return None
        tool = str(hits[0].evidence.get("tool") or "")
    if "after" in when and not before & set(when["after"]):
        return None
    if "decision" in when and decision.value not in when["decision"]:
        return None
    if "min_severity" in when:
        floor = Severity(when["min_severity"]).rank
        if not any(f.severity.rank >= floor for f in findings):
            return None
    if "min_findings" in when:
        floor = Severity(when["min_findings"]["severity"]).rank
        total = sum(n for s, n in severities.items() if Severity(s).rank >= floor)
        if total < int(when["min_findings"]["count"]):
            return None
    if "retries_at_least" in when:
        retry = [f for f in findings if f.kind == "persistence-retry"]
        count = max((int(f.evidence.get("retries", 0)) for f in retry), default=0)
        if count < int(when["retries_at_least"]):
            return None
        tool = tool or str(retry[0].evidence.get("tool") or "")
    if "anomaly_score_at_least" in when and behaviour.anomaly_score(state) < int(
        when["anomaly_score_at_least"]
    ):
        return None
    if "denials_at_least" in when and state.denials < int(when["denials_at_least"]):
        return None
    if "mode" in when and state.mode != when["mode"]:
        return None
    return tool


def _reason(template: str, tool: str) -> str:
    return template.replace("{tool}", tool or "the tool")


def apply(
    state: SessionState, containments: list[Containment], by: str = "bastion"
) -> list[Containment]:
    """Carry out containments on the session state; returns those that changed something.

    Modes only tighten: a kill is never softened to ask-everything by a later rule."""
    done: list[Containment] = []
    for c in containments:
        if c.action == BLOCK_TOOL:
            if c.tool and c.tool not in state.blocked_tools:
                state.blocked_tools.add(c.tool)
                done.append(c)
            continue
        mode = KILLED if c.action == KILL else ASK_EVERYTHING
        if _MODE_RANK[mode] > _MODE_RANK.get(state.mode, 0):
            state.mode, state.mode_reason, state.mode_by = mode, c.reason, by
            done.append(c)
    return done
