"""The core types every part speaks: events, principals, sessions, findings, verdicts.

This module imports nothing of ours and does no I/O, so that every part (including the
stdlib-only hook's in-process fallback) can depend on it cheaply. Types are plain
dataclasses with explicit ``to_dict``/``from_dict`` so the store and exporters never
guess at their shape.
"""

from __future__ import annotations

import enum
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "POSSIBLE_INJECTION_RULE",
    "Decision",
    "Event",
    "EventKind",
    "Finding",
    "Principal",
    "Session",
    "Severity",
    "Verdict",
    "clip",
    "native_payload",
    "new_id",
]


class Decision(enum.StrEnum):
    """What happens to an action: it runs, it is refused, or a human is asked first."""

    ALLOW = "allow"
    ASK = "ask"
    DENY = "deny"

    @property
    def strictness(self) -> int:
        return _STRICTNESS[self]


_STRICTNESS = {Decision.ALLOW: 0, Decision.ASK: 1, Decision.DENY: 2}


class EventKind(enum.StrEnum):
    """Where in a session an event sits; agent-neutral."""

    SESSION_START = "session_start"
    PROMPT = "prompt"
    ACTION = "action"  # a tool call before it runs
    PERMISSION_REQUEST = (
        "permission_request"  # the agent is about to show its own permission dialog
    )
    OBSERVATION = "observation"  # a tool's result after it ran (or its failure)
    STOP = "stop"
    SESSION_END = "session_end"
    OTHER = "other"  # an event this version does not know: recorded, allowed

    @property
    def decides(self) -> bool:
        """Whether a verdict on this kind of event can stop something from happening."""
        return self in (EventKind.ACTION, EventKind.PROMPT, EventKind.PERMISSION_REQUEST)


class Severity(enum.StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(slots=True)
class Principal:
    """Someone who acts: the human who started a session, or the agent acting for them."""

    kind: str  # "human" | "agent"
    id: str
    name: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name, "attributes": self.attributes}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Principal:
        return cls(
            kind=str(data.get("kind", "")),
            id=str(data.get("id", "")),
            name=str(data.get("name", "")),
            attributes=dict(data.get("attributes") or {}),
        )


@dataclass(slots=True)
class Session:
    """One agent run, bound to the human who started it and the workspace it works in."""

    id: str
    agent: Principal
    human: Principal
    host: str = ""
    cwd: str = ""
    workspace: str = ""
    permission_mode: str = ""
    transcript_path: str = ""
    started_at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agent": self.agent.to_dict(),
            "human": self.human.to_dict(),
            "host": self.host,
            "cwd": self.cwd,
            "workspace": self.workspace,
            "permission_mode": self.permission_mode,
            "transcript_path": self.transcript_path,
            "started_at": self.started_at,
        }


@dataclass(slots=True)
class Event:
    """An action an agent is about to take, an observation it made, or a lifecycle step.

    ``raw`` keeps the whole native payload, unknown fields included, so nothing the agent
    sent is lost even when this version does not understand it.
    """

    session_id: str
    kind: EventKind
    agent: str
    native_name: str
    id: str = field(default_factory=new_id)
    time: float = field(default_factory=time.time)
    tool: str | None = None
    tool_use_id: str | None = None
    tool_input: dict[str, Any] = field(default_factory=dict)
    tool_output: Any = None
    prompt: str | None = None
    error: str | None = None
    cwd: str = ""
    permission_mode: str = ""
    transcript_path: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """``to_dict`` without the parts of ``raw`` already held as fields (stored once).

        ``native_payload`` rebuilds the payload exactly from such a record.
        """
        data = self.to_dict()
        data["raw"] = {k: v for k, v in self.raw.items() if k not in _RAW_AS_FIELDS}
        data["raw_fields"] = sorted(k for k in _RAW_AS_FIELDS if k in self.raw)
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "session_id": self.session_id,
            "kind": self.kind.value,
            "agent": self.agent,
            "native_name": self.native_name,
            "time": self.time,
            "tool": self.tool,
            "tool_use_id": self.tool_use_id,
            "tool_input": self.tool_input,
            "tool_output": self.tool_output,
            "prompt": self.prompt,
            "error": self.error,
            "cwd": self.cwd,
            "permission_mode": self.permission_mode,
            "transcript_path": self.transcript_path,
            "raw": self.raw,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            id=str(data["id"]),
            session_id=str(data["session_id"]),
            kind=EventKind(data["kind"]),
            agent=str(data.get("agent", "")),
            native_name=str(data.get("native_name", "")),
            time=float(data.get("time", 0.0)),
            tool=data.get("tool"),
            tool_use_id=data.get("tool_use_id"),
            tool_input=dict(data.get("tool_input") or {}),
            tool_output=data.get("tool_output"),
            prompt=data.get("prompt"),
            error=data.get("error"),
            cwd=str(data.get("cwd") or ""),
            permission_mode=str(data.get("permission_mode") or ""),
            transcript_path=str(data.get("transcript_path") or ""),
            raw=dict(data.get("raw") or {}),
        )


# Native payload keys that Event holds as fields, under these names.
_RAW_AS_FIELDS = {"tool_input": "tool_input", "tool_response": "tool_output", "prompt": "prompt"}


def native_payload(record: dict[str, Any]) -> dict[str, Any]:
    """The agent's payload as it was recorded (after redaction), from ``Event.to_record``."""
    payload = dict(record.get("raw") or {})
    for key in record.get("raw_fields") or []:
        payload[key] = record.get(_RAW_AS_FIELDS[key])
    return payload


def clip(text: str, width: int) -> str:
    """Whitespace folded, cut to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# The rule of a prompt-injection finding below the classifier's confirm threshold.
POSSIBLE_INJECTION_RULE = "injection.possible"


@dataclass(slots=True)
class Finding:
    """Something a detector noticed. ``detail`` is one readable line and never holds a secret."""

    kind: str
    severity: Severity
    detail: str
    rule: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    event_id: str | None = None

    @property
    def signal(self) -> str:
        """The name sequences, containment and session counts know this finding by.

        A classifier hit below its confirm threshold is still reported as
        ``prompt-injection`` (what it is), but as a signal it is ``possible-injection``:
        it weighs the provenance of values and never starts a chain or a containment, so
        ordinary code and docs that look a little like instructions cannot contain a session.
        """
        if self.rule == POSSIBLE_INJECTION_RULE:
            return "possible-injection"
        return self.kind

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity.value,
            "detail": self.detail,
            "rule": self.rule,
            "evidence": self.evidence,
            "event_id": self.event_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            kind=str(data["kind"]),
            severity=Severity(data.get("severity", "info")),
            detail=str(data.get("detail", "")),
            rule=str(data.get("rule", "")),
            evidence=dict(data.get("evidence") or {}),
            event_id=data.get("event_id"),
        )


@dataclass(slots=True)
class Verdict:
    """The outcome for one event: the decision, why, which policies decided, what was found.

    ``policy_hash`` names the exact policy set that decided, so any decision can be replayed.
    ``agent_context`` is text for the agent itself (the rules it works under, a warning).
    """

    decision: Decision
    reasons: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    policy_hash: str = ""
    agent_context: str | None = None
    # A replacement tool input for the agent (brokered secrets). It may hold secret values,
    # so it is never serialised: to_dict leaves it out and only the sensor's reply uses it.
    native_update: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    # Say "allow" to the agent outright (a person already approved this exact call), instead
    # of leaving the agent's own permission prompt to ask again. A reply detail: not recorded.
    explicit_allow: bool = field(default=False, compare=False)
    # A replacement tool input that holds no secret (the sandbox wrapper, contain/rewrite):
    # recorded with the verdict and shown by replay; the agent gets it unless a brokered
    # ``native_update`` (the same wrapping around substituted values) takes its place.
    updated_input: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.value,
            "reasons": self.reasons,
            "policies": self.policies,
            "findings": [f.to_dict() for f in self.findings],
            "policy_hash": self.policy_hash,
            "agent_context": self.agent_context,
        } | ({"updated_input": self.updated_input} if self.updated_input is not None else {})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            decision=Decision(data["decision"]),
            reasons=list(data.get("reasons") or []),
            policies=list(data.get("policies") or []),
            findings=[Finding.from_dict(f) for f in data.get("findings") or []],
            policy_hash=str(data.get("policy_hash", "")),
            agent_context=data.get("agent_context"),
            updated_input=data.get("updated_input"),
        )
