"""Test support (no tests here): the engine's detect/respond bookkeeping, in miniature."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bastion.detect import sequence_rules, sequences
from bastion.detect.result import Detection
from bastion.detect.state import SessionState
from bastion.events import Event, EventKind, Finding, Severity
from bastion.understand.actions import understand

WORKSPACE = "/home/dev/src/proj"
HOME = "/home/dev"


class Sim:
    """Feeds events to a detector in engine order: count, detect, decide, record."""

    def __init__(
        self,
        rules: sequence_rules.RuleSet | None = None,
        detector: Callable[..., Detection] | None = None,
    ) -> None:
        self.rules = rules
        self.detector = detector
        self.state = SessionState("s1", workspace=WORKSPACE, home=HOME)
        self.time = 1000.0
        self.n = 0
        self.last_tool = ""
        self.last_id = ""

    def _event(self, kind: EventKind, tool: str | None, tool_input: dict[str, Any]) -> Event:
        self.time += 1.0
        self.n += 1
        return Event(
            session_id="s1",
            kind=kind,
            agent="claude-code",
            native_name=kind.value,
            time=self.time,
            tool=tool,
            tool_use_id=f"t{self.n}" if kind is EventKind.ACTION else self.last_id,
            tool_input=tool_input,
            cwd=WORKSPACE,
        )

    def _run(self, event: Event, prior: list[Finding], decision: str) -> list[Finding]:
        self.state.events += 1
        facts = None
        if event.tool:
            facts = understand(
                event.tool, event.tool_input, cwd=WORKSPACE, workspace=WORKSPACE, home=HOME
            )
        if self.detector is not None:
            found = self.detector(event, facts, self.state, prior)
        else:
            found = sequences.detect(event, facts, self.state, prior, self.rules)
        for update in found.parts:  # what the engine does with a detector's own part
            self.state.apply(update)
        sequences.record_decision(self.state, decision)
        if decision == "deny":
            self.state.denials += 1
        for f in [*prior, *found.findings]:
            self.state.finding_counts[f.kind] = self.state.finding_counts.get(f.kind, 0) + 1
        return found.findings

    def act(self, tool: str, decision: str = "allow", **tool_input: Any) -> list[Finding]:
        event = self._event(EventKind.ACTION, tool, tool_input)
        self.last_tool, self.last_id = tool, event.tool_use_id or ""
        return self._run(event, [], decision)

    def bash(self, command: str, decision: str = "allow") -> list[Finding]:
        return self.act("Bash", decision, command=command)

    def observe(self, *finding_kinds: str) -> list[Finding]:
        event = self._event(EventKind.OBSERVATION, self.last_tool or "Read", {})
        prior = [Finding(k, Severity.HIGH, k) for k in finding_kinds]
        return self._run(event, prior, "allow")

    def prompt(self, text: str) -> list[Finding]:
        event = self._event(EventKind.PROMPT, None, {})
        event.prompt = text
        return self._run(event, [], "allow")


def kinds(findings: list[Finding]) -> set[str]:
    return {f.kind for f in findings}
