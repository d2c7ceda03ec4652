"""Proof that the hooks ran: each agent's own session log against what Bastion decided.

A hook can be missing, switched off, untrusted or edited, and the agent then runs its tools
without a word to us. The agent's own log still shows every call, so ``coverage``:

- per recorded session, reads the agent's log (Claude Code transcript, Gemini CLI chat log,
  Codex rollout, Copilot CLI ``events.jsonl``; the sensor knows each format) and names every
  tool call that ran with no recorded decision (``unchecked-action`` findings);
- per agent on this machine, reports hooks that would not run or not fail closed, and agents
  with no Bastion hook at all (the inventory, plus what Codex itself says about trust).

It only reads; ``bastion coverage`` prints it and the console's coverage page shows it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bastion.inventory.scan import rules_of, take_inventory
from bastion.sensors import registry, sensor_for_record


class EventSource(Protocol):
    """What coverage reads of the store (``bastion.store.Store`` meets it)."""

    def sessions(self, limit: int = 50) -> Any: ...

    def session(self, session_id: str) -> Any: ...

    def events(self, session_id: str, offset: int = 0, limit: int | None = None) -> Any: ...


@dataclass
class Ungoverned:
    """One tool call the agent's log shows and Bastion never decided."""

    tool: str
    call_id: str
    line: int
    timestamp: str
    detail: str


@dataclass
class SessionCoverage:
    session_id: str
    agent: str
    log: str  # the agent's own session log ("" when none is known)
    checked: bool  # the log was found and read
    decided: int  # tool calls Bastion decided in this session
    ungoverned: list[Ungoverned] = field(default_factory=list)
    note: str = ""


@dataclass
class HookProblem:
    agent: str
    state: str  # none, disabled, not-fail-closed, untrusted, unsupported, other-hooks
    detail: str
    fix: str


@dataclass
class Coverage:
    sessions: list[SessionCoverage]
    hooks: list[HookProblem]

    @property
    def ok(self) -> bool:
        return not self.hooks and not any(s.ungoverned for s in self.sessions)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "sessions": [asdict(s) for s in self.sessions],
                "hooks": [asdict(h) for h in self.hooks]}  # fmt: skip


def session_log(session: dict[str, Any], events: list[dict[str, Any]]) -> str:
    """The agent's log for a session: the session's own, else the last an event named.

    Copilot CLI names its log only on Stop, after the session began.
    """
    if session.get("transcript_path"):
        return str(session["transcript_path"])
    for row in reversed(events):
        data = row.get("data") or {}
        if isinstance(data, dict) and data.get("transcript_path"):
            return str(data["transcript_path"])
    return ""


def session_coverage(store: EventSource, session: dict[str, Any]) -> SessionCoverage:
    events = list(store.events(str(session["id"])))
    decided = [str(r["tool_use_id"]) for r in events
               if r.get("kind") == "action" and r.get("tool_use_id")]  # fmt: skip
    agent = str(session.get("agent") or "")
    log = session_log(session, events)
    result = SessionCoverage(str(session["id"]), agent, log, False, len(decided))
    if not log:
        result.note = "the agent named no session log: nothing to compare"
        return result
    if not Path(log).is_file():
        result.note = f"no session log at {log} (another machine, or deleted)"
        return result
    result.checked = True
    for finding in sensor_for_record(agent).unchecked_findings(log, decided):
        ev = finding.evidence or {}
        result.ungoverned.append(
            Ungoverned(
                tool=str(ev.get("tool") or ""),
                call_id=str(ev.get("native_id") or ev.get("tool_use_id") or ""),
                line=int(ev.get("transcript_line") or 0),
                timestamp=str(ev.get("timestamp") or ""),
                detail=finding.detail,
            )
        )
    return result


FIX_STATES = {"none", "disabled", "not-fail-closed", "unsupported", "other-hooks"}


def hook_problems(
    project_dir: Path | None, user_home: Path | None = None, agent: str | None = None
) -> list[HookProblem]:
    """Agents on this machine whose tool calls would not reach Bastion, and why."""
    found = []
    inventory = take_inventory(user_home, project_dir, run_versions=False)
    for report in inventory.agents:
        if agent is not None and report.agent != agent:
            continue
        if not report.configured or report.governed or report.hook_state not in FIX_STATES:
            continue
        detail = "; ".join(report.notes) or {
            "none": "installed, with no Bastion hook: its tool calls are not governed",
            "other-hooks": "has hooks, none of them Bastion's",
        }.get(report.hook_state, report.hook_state)
        found.append(HookProblem(report.agent, report.hook_state, detail, report.govern_command))
    if project_dir is not None:
        for name in registry.AGENTS if agent is None else (agent,):
            for problem, fix in rules_of(name).asked_untrusted(project_dir):
                found.append(HookProblem(name, "untrusted", problem, fix))
    return found


def coverage(
    store: EventSource,
    *,
    session: str | None = None,
    agent: str | None = None,
    project_dir: Path | None = None,
    user_home: Path | None = None,
    limit: int = 20,
    hooks: bool = True,
) -> Coverage:
    """Coverage of one session (id or prefix), or of the latest ``limit`` sessions."""
    if session is not None:
        row = store.session(session)
        rows = [row] if row is not None else []
    else:
        rows = list(store.sessions(limit=limit * 4 if agent else limit))
    rows = [dict(r) for r in rows if agent is None or r.get("agent") == agent][:limit]
    checked = [session_coverage(store, r) for r in rows]
    problems = hook_problems(project_dir, user_home, agent) if hooks else []
    return Coverage(checked, problems)
