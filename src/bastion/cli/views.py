"""Typed views of what the CLI's renderers print, built once from the store's rows.

The store hands the CLI an event row whose record and verdict are JSON columns
(``EventRow.data``, ``EventRow.verdict``: ``dict[str, Any]``). The renderers used to reach
into those dicts key by key; here each printed thing is read out once, with its type, so a
renderer works on fields mypy checks (as the console's ``store.rows.EventView`` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from bastion.describe import label

if TYPE_CHECKING:
    from bastion.store.rows import EventRow

__all__ = ["FindingLine", "KeyRow", "ProfileDecision", "SinkStatus", "StepView"]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One finding of a verdict, as a timeline line shows it."""

    kind: str
    severity: str
    detail: str

    @classmethod
    def from_record(cls, data: Any) -> FindingLine | None:
        if not isinstance(data, dict):
            return None
        return cls(_text(data.get("kind")), _text(data.get("severity")), _text(data.get("detail")))


@dataclass(frozen=True, slots=True)
class StepView:
    """One recorded event as `bastion show` prints it: when, what, and why it was decided."""

    time: float
    decision: str | None
    badge: str
    text: str
    observation: bool
    tool_output: Any
    reasons: tuple[str, ...]
    policies: tuple[str, ...]
    findings: tuple[FindingLine, ...]

    @classmethod
    def from_row(cls, row: EventRow) -> StepView:
        data = row.get("data") or {}
        verdict = row.get("verdict") or {}
        decision = row.get("decision")
        badge, text = label(data, decision)
        findings = (FindingLine.from_record(f) for f in verdict.get("findings") or [])
        return cls(
            time=float(row.get("time") or 0),
            decision=decision,
            badge=badge,
            text=text,
            observation=data.get("kind") == "observation",
            tool_output=data.get("tool_output"),
            reasons=_texts(verdict.get("reasons")),
            policies=_texts(verdict.get("policies")),
            findings=tuple(f for f in findings if f is not None),
        )


class ProfileDecision(TypedDict):
    """`bastion explain`: what one profile decides on the call (printed and in --json)."""

    decision: str
    reasons: list[str]
    policies: list[str]


class SinkStatus(TypedDict):
    """`bastion export status`: one sink's position in the log."""

    sink: str
    configured: bool
    seq: int
    behind: int
    delivered: int
    dead_lettered: int
    last_error: str


class KeyRow(TypedDict):
    """`bastion identity keys list`: one session-signing key."""

    kid: str
    created: float
    retired: float | None
