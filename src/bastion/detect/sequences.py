"""Sequence rules matched online: a session's progress through each rule's chain of steps.

The rules and their language are `bastion.detect.sequence_rules`. Progress lives in
``state.sequences`` (``core/parts.SequenceProgress``, bounded, copy on write); the final
step's finding is raised on the action that completes the chain, before it runs, so a
policy can stop it. Earlier steps count only once their action is known to have run (or,
for ``outcome = "denied"`` steps, to have been denied): an action's outcome is learnt at
the session's next event from the decision the respond stage recorded
(``record_decision``), or else from the denial count.
The format is documented in ``docs/sequences.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bastion.core.parts import LastDecision, SequenceProgress
from bastion.core.tools import ToolKind
from bastion.detect import provenance
from bastion.detect.result import Detection
from bastion.detect.sequence_rules import RuleSet, SequenceRule, Step, default_rules
from bastion.detect.state import SessionState, StateUpdate, UpdateOp
from bastion.events import Event, EventKind, Finding
from bastion.sensors import tool_spec
from bastion.understand import paths as pathmod
from bastion.understand.actions import ActionFacts

__all__ = [
    "DECISION_KEY",
    "STATE_KEY",
    "action_outcome",
    "decision_update",
    "detect",
    "record_decision",
    "sequence_findings",
]

STATE_KEY = "sequences"
# Where the respond stage records the decision on the last event: [state.events, decision].
DECISION_KEY = "last_decision"

MAX_PARTIALS = 4  # partial matches kept per rule and step (newest starts win)
MAX_CAPTURED = 8  # values kept per captured variable
MAX_VALUE = 300  # characters kept per captured value

# -- what one event looks like to a step ---------------------------------------------------

_INTERPRETERS = frozenset(
    "sh bash zsh dash ksh python python2 python3 node deno bun perl ruby php source .".split()
)


class _View:
    """The facts of one event as sets, computed lazily and at most once per event."""

    __slots__ = (
        "_cache",
        "category",
        "event",
        "facts",
        "finding_kinds",
        "kind",
        "max_severity",
        "state",
        "tool",
    )

    def __init__(
        self,
        event: Event,
        facts: ActionFacts | None,
        state: SessionState,
        findings: list[Finding],
    ) -> None:
        self.event = event
        self.facts = facts
        self.state = state
        self.kind = _KIND_NAMES.get(event.kind, "other")
        self.tool = event.tool or ""
        self.category = facts.category if facts is not None else self.kind
        self.finding_kinds = frozenset(f.signal for f in findings)
        self.max_severity = max((f.severity.rank for f in findings), default=-1)
        self._cache: dict[str, Any] = {}

    def mcp_operation(self) -> str:
        cached = self._cache.get("mcp_operation")
        if cached is None:
            # Only a named server's tool, as the tool-name globs these rules replaced required.
            spec = tool_spec(self.tool, self.event.agent) if self.tool else None
            cached = (
                spec.operation
                if spec is not None and spec.kind is ToolKind.MCP and spec.server
                else ""
            )
            self._cache["mcp_operation"] = cached
        return str(cached)

    def flag(self, name: str) -> bool:
        f = self.facts
        if f is None:
            return False
        if name == "sends_external":
            return bool(f.sends_external)
        if name == "external_network":
            return any(d.external for d in f.destinations)
        if name == "fetches_external":
            return any(d.external and not d.sends_data for d in f.destinations)
        if name == "network":
            return bool(f.destinations)
        if name == "env_dump":
            return f.env_dump
        if name == "credential_store":
            return bool(f.credential_stores)
        if name == "opaque":
            return f.opaque
        if name == "source_to_sink":
            return f.source_to_sink
        if name == "changes_remote_state":
            # By the verbs of the tool's name, not a list of known tools (detect.provenance).
            return provenance.changes_state_by_name(self.tool)
        return False

    def values(self, name: str) -> frozenset[str]:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        f = self.facts
        out: frozenset[str]
        if f is None:
            out = frozenset()
        elif name == "reads":
            out = frozenset(c for p in f.reads for c in p.classes)
        elif name == "writes":
            out = frozenset(c for p in f.writes for c in p.classes)
        elif name == "host_classes":
            out = frozenset(c for d in f.destinations for c in d.classes)
        elif name == "executes":
            out = frozenset(e.kind for e in f.executes)
        elif name == "credential_kinds":
            out = frozenset(p.credential for p in f.reads if p.credential)
        elif name in ("destructive", "privilege", "persistence", "self_tamper"):
            out = frozenset(c.kind for c in getattr(f, name))
        elif name == "suspicious":
            out = frozenset(f.suspicious)
        else:
            out = frozenset()
        self._cache[name] = out
        return out

    def domain(self, name: str, *, relative: bool = False) -> tuple[str, ...]:
        """Values of a capture domain; with ``relative``, paths also in ``~/`` form."""
        key = f"@{name}{relative}"
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        f = self.facts
        values: list[str] = []
        if f is not None:
            if name in ("reads", "paths"):
                values += [p.path for p in f.reads]
            if name in ("writes", "paths"):
                values += [p.path for p in f.writes]
            if name in ("executed", "paths"):
                values += self._executed()
            if name == "hosts":
                values += [d.host for d in f.destinations if d.host]
        if relative and name != "hosts":
            home = self.state.home.rstrip("/")
            if home:
                values += ["~" + v[len(home) :] for v in values if v.startswith(home + "/")]
        out = tuple(dict.fromkeys(values))
        self._cache[key] = out
        return out

    def _executed(self) -> list[str]:
        f = self.facts
        if f is None or f.shell is None or not f.executes:
            return []
        cwd = self.event.cwd or self.state.workspace or "/"
        home = self.state.home or "/"
        out = []
        for cmd in f.shell.commands:
            argv = cmd.argv
            if not argv:
                continue
            if "/" in argv[0] and cmd.program not in _INTERPRETERS:
                out.append(pathmod.resolve(argv[0], cwd, home))
            elif cmd.program in _INTERPRETERS or cmd.program.startswith("python"):
                args = [a for a in argv[1:] if not a.startswith("-")]
                if args and "-c" not in argv and "-e" not in argv:
                    out.append(pathmod.resolve(args[0], cwd, home))
        return out

    def has_command(self, prefixes: tuple[tuple[str, ...], ...]) -> bool:
        f = self.facts
        if f is None or f.shell is None:
            return False
        for cmd in f.shell.commands:
            argv = (cmd.program, *cmd.argv[1:])
            for prefix in prefixes:
                if _argv_starts(argv, prefix):
                    return True
        return False


def _argv_starts(argv: tuple[str, ...], prefix: tuple[str, ...]) -> bool:
    """``git push`` matches ``git -C dir push origin``: options between words are skipped."""
    if not argv or argv[0] != prefix[0]:
        return False
    i = 1
    for word in prefix[1:]:
        while i < len(argv) and argv[i].startswith("-") and argv[i] != word:
            i += 1
            # An option's value ("-C dir") sits between the program and its subcommand.
            if i < len(argv) and not argv[i].startswith("-") and argv[i] != word:
                i += 1
        if i >= len(argv) or argv[i] != word:
            return False
        i += 1
    return True


_KIND_NAMES = {
    EventKind.ACTION: "action",
    EventKind.PERMISSION_REQUEST: "permission_request",
    EventKind.OBSERVATION: "observation",
    EventKind.PROMPT: "prompt",
}


# -- outcomes of actions -------------------------------------------------------------------


def record_decision(state: SessionState, decision: str) -> None:
    """``decision_update``, applied (for callers that own the state)."""
    state.apply(decision_update(state, decision))


def decision_update(state: SessionState, decision: str) -> StateUpdate:
    """The respond stage's update for every event: the decision on the current event."""
    return StateUpdate(UpdateOp.PART, DECISION_KEY, data=LastDecision(state.events, str(decision)))


def action_outcome(state: SessionState, events_at: int, denials_at: int) -> str:
    """What became of the action seen at ``events_at``: "ran", "asked" or "denied"."""
    last = state.last_decision
    if last is not None and last.events == events_at:
        return {"deny": "denied", "ask": "asked"}.get(last.decision, "ran")
    return "denied" if state.denials > denials_at else "ran"


def _outcome_fits(want: str, outcome: str) -> bool:
    if want == "any":
        return True
    if want == "ran":
        return outcome in ("ran", "asked")
    if want == "restricted":
        return outcome in ("denied", "asked")
    return want == outcome


# -- the detector --------------------------------------------------------------------------


def detect(
    event: Event,
    facts: ActionFacts | None,
    state: SessionState,
    findings_so_far: list[Finding],
    rules: RuleSet | None = None,
) -> Detection:
    """Advance every rule on this event; a finding for each chain this action completes."""
    rules = rules or default_rules()
    out = Detection()
    kind = _KIND_NAMES.get(event.kind)
    if kind is None or not rules.rules:
        return out
    saved = state.sequences
    # Copy on write (core/parts): the new progress shares every rule's table with the saved
    # one; ``_add_partial`` gives a table a fresh copy before it changes it.
    progress = saved.evolve() if saved is not None else SequenceProgress()
    progress.p = dict(progress.p)
    # The engine applies the new progress (``out.parts``); state is only read here.
    out.parts.append(StateUpdate(UpdateOp.PART, STATE_KEY, data=progress))
    changed = _resolve_pending(progress, state, event, rules)
    if kind == "action":
        progress.n += 1
    now, index = event.time, progress.n
    view = _View(event, facts, state, findings_so_far)
    pending: list[list[Any]] = []
    partials = progress.p
    for rule in rules.rules:
        steps = rule.steps
        last = len(steps) - 1
        table = partials.get(rule.id) or {}
        # Final step first and earlier steps in descending order: one event never counts
        # as two steps of the same chain.
        final = steps[last]
        # Cheap checks first: most rules have no chain in progress, so matching a later
        # step against this event is needed only when an earlier step left a partial.
        started = table.get(str(last))
        if started and kind in ("action", "permission_request") and final.matches(view):
            hit = _completes(rule, started, view, now, index)
            if hit is not None:
                out.findings.append(_finding(rule, hit, view, index))
        if kind == "permission_request":
            continue  # the same call as its action: it must not advance chains twice
        for s in range(last - 1, -1, -1):
            step = steps[s]
            if s > 0 and not table.get(str(s)):
                continue
            if not step.matches(view):
                continue
            if s > 0:
                sources = [
                    p
                    for p in table.get(str(s)) or []
                    if _in_window(rule, p, now, index) and _expected(step, p[2], view)
                ]
                if not sources:
                    continue
            else:
                sources = [[now, index, {}]]
            captured = {var: list(view.domain(dom))[:MAX_CAPTURED] for var, dom in step.capture}
            for src in sources[-MAX_PARTIALS:]:
                binds = {**src[2], **{k: [v[:MAX_VALUE] for v in vs] for k, vs in captured.items()}}
                entry = [src[0], src[1], binds]
                if kind == "action":
                    pending.append([rule.id, s + 1, entry, step.outcome])
                else:
                    _add_partial(partials, rule, s + 1, entry, now, index)
                    changed = True
    if kind == "action":
        progress.pending = (
            {
                "e": state.events,
                "d": state.denials,
                "u": event.tool_use_id or "",
                "m": pending,
            }
            if pending
            else None
        )
        changed = changed or bool(pending)
    if changed:
        progress.rev += 1
    out.touched = changed or saved is None
    return out


def _resolve_pending(
    progress: SequenceProgress, state: SessionState, event: Event, rules: RuleSet
) -> bool:
    pending = progress.pending
    if not pending or pending.get("e") == state.events:
        return False
    progress.pending = None
    if (
        event.kind is EventKind.OBSERVATION
        and event.tool_use_id
        and event.tool_use_id == pending.get("u")
    ):
        outcome = "ran"
    else:
        outcome = action_outcome(state, int(pending.get("e", -1)), int(pending.get("d", 0)))
    partials = progress.p
    now, index = event.time, progress.n
    for rule_id, k, entry, want in pending.get("m") or []:
        rule = rules.by_id.get(rule_id)
        if rule is not None and _outcome_fits(want, outcome):
            _add_partial(partials, rule, int(k), entry, now, index)
    return True


def _add_partial(
    partials: dict[str, Any],
    rule: SequenceRule,
    k: int,
    entry: list[Any],
    now: float,
    index: int,
) -> None:
    table = dict(partials.get(rule.id) or {})  # a fresh copy: the saved one is shared
    partials[rule.id] = table
    kept = [p for p in table.get(str(k)) or [] if _in_window(rule, p, now, index)]
    kept = [p for p in kept if p[2] != entry[2]]  # same captures: the newer start wins
    kept.append(entry)
    kept.sort(key=lambda p: (p[1], p[0]))
    table[str(k)] = kept[-MAX_PARTIALS:]


def _in_window(rule: SequenceRule, partial: list[Any], now: float, index: int) -> bool:
    if rule.window_steps is not None and index - int(partial[1]) > rule.window_steps:
        return False
    return not (rule.window_seconds is not None and now - float(partial[0]) > rule.window_seconds)


def _expected(step: Step, binds: dict[str, list[str]], view: _View) -> bool:
    for var, dom in step.expect:
        wanted = binds.get(var) or []
        if not wanted or not set(wanted) & set(view.domain(dom)):
            return False
    return True


def _completes(
    rule: SequenceRule, candidates: list[list[Any]], view: _View, now: float, index: int
) -> list[Any] | None:
    final = rule.steps[-1]
    for partial in reversed(candidates):
        if _in_window(rule, partial, now, index) and _expected(final, partial[2], view):
            return partial
    return None


def _finding(rule: SequenceRule, partial: list[Any], view: _View, index: int) -> Finding:
    chain = " → ".join(s.name for s in rule.steps)
    tags = ", ".join((*rule.attack, *rule.owasp_agentic))
    return Finding(
        kind=rule.finding,
        severity=rule.severity,
        detail=f"{rule.title} ({chain}; {tags})",
        rule=f"sequence.{rule.id}",
        evidence={
            "sequence": rule.id,
            "steps": [s.name for s in rule.steps],
            "attack": list(rule.attack),
            "owasp_agentic": list(rule.owasp_agentic),
            "started_at": partial[0],
            "actions_since_start": index - int(partial[1]),
            "captured": {k: v[:3] for k, v in partial[2].items()},
            "tool": view.tool,
        },
    )


def sequence_findings(findings: Iterable[Finding]) -> list[str]:
    """Ids of the sequence rules behind these findings (for the Cedar context)."""
    return sorted({f.rule[len("sequence.") :] for f in findings if f.rule.startswith("sequence.")})
