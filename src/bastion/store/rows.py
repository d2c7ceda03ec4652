"""The rows the store hands out and takes, as types: what each public query returns.

Rows stay plain dicts at run time (JSON-ready for the console and the CLI), typed as
`TypedDict` so a caller that reads a column the table does not have is a type error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

__all__ = [
    "AlertRow",
    "ApprovalRow",
    "CheckpointRow",
    "ConsoleAuditRow",
    "ConsoleLoginRow",
    "ConsoleTokenRow",
    "ConsoleUserRow",
    "EventRow",
    "EventSummary",
    "EventView",
    "EventWithPeople",
    "FindingRow",
    "PrincipalRow",
    "SearchRow",
    "SessionColumns",
    "SessionDetail",
    "SessionRow",
    "SessionView",
]


@dataclass(frozen=True, slots=True)
class CheckpointRow:
    """One signed checkpoint of the log (``checkpoints`` table)."""

    id: int
    origin: str
    size: int
    root: bytes
    time: float
    note: str


class SessionColumns(TypedDict):
    """A ``sessions`` row's plain columns: one agent session, its people, counters and
    containment."""

    id: str
    agent: str
    agent_version: str
    human: str
    host: str
    cwd: str
    workspace: str
    permission_mode: str
    transcript_path: str
    prompt: str
    started_at: float
    last_seen: float
    ended_at: float | None
    mode: str
    risk: int
    event_count: int
    denials: int


class SessionRow(SessionColumns):
    """A whole ``sessions`` row: its columns, the saved state and its data."""

    state: dict[str, Any] | None
    data: dict[str, Any] | None


class SessionView(SessionColumns):
    """A session as the console lists it: no state or data; its repository, status
    (live, ended, killed, ...) and the person's name."""

    repository: str
    status: str
    human_name: str


class SessionDetail(SessionView):
    """One session as the console shows it, with what its state says of its containment."""

    blocked_tools: list[str]
    mode_reason: str
    mode_by: str
    tainted_files: dict[str, str]


class EventSummary(TypedDict):
    """An ``events`` row without its JSON columns (lists and searches)."""

    seq: int
    id: str
    session_id: str
    time: float
    kind: str
    native_name: str
    tool: str | None
    tool_use_id: str | None
    decision: str | None


class EventRow(EventSummary):
    """A whole ``events`` row: the redacted event, its facts and its verdict."""

    data: dict[str, Any]
    facts: dict[str, Any] | None
    verdict: dict[str, Any] | None


class EventWithPeople(EventSummary):
    """An event summary with its session's human and agent (console and search lists)."""

    human: str | None
    agent: str | None


class EventView(EventSummary):
    """An event as the console shows it: its record, facts and verdict (already redacted);
    ``raw`` holds what a person did and agent events (empty for the rest)."""

    tool_input: dict[str, Any]
    tool_output: Any
    prompt: str | None
    error: str | None
    raw: dict[str, Any]
    facts: dict[str, Any] | None
    reasons: list[str]
    policies: list[str]
    policy_hash: str
    findings: list[dict[str, Any]]
    # Set by the pages that show it: one line saying what it was, an action's file diff.
    summary: NotRequired[str]
    diff: NotRequired[str | None]


class SearchRow(EventWithPeople):
    """A `Store.search` result: the event, its session's people, its finding kinds."""

    findings: list[str]


class FindingRow(TypedDict):
    """A ``findings`` row."""

    id: int
    event_id: str
    session_id: str
    time: float
    kind: str
    severity: str
    detail: str
    rule: str
    evidence: dict[str, Any] | None


class AlertRow(TypedDict):
    """An ``alerts`` row (``status`` is the one column a responder may change)."""

    id: int
    session_id: str
    event_id: str | None
    time: float
    severity: str
    title: str
    detail: str
    status: str


class ApprovalRow(TypedDict):
    """An ``approvals`` row: one ask waiting for, or answered by, a person."""

    id: int
    call_hash: str
    similar_key: str
    session_id: str
    event_id: str | None
    tool: str
    tool_input: dict[str, Any] | None
    reason: str
    status: str
    scope: str
    scope_minutes: int
    requested_at: float
    expires_at: float
    decided_by: str | None
    decided_at: float | None
    valid_until: float | None
    note: str


class PrincipalRow(TypedDict):
    """An agent or a human seen in sessions, with counts (`ConsoleQueries.principals`)."""

    id: str
    sessions: int
    events: int
    denials: int
    max_risk: int
    last_seen: float


class ConsoleUserRow(TypedDict):
    """A ``console_users`` row as listed (never its password hash)."""

    name: str
    role: str
    created_at: float
    disabled: bool


class ConsoleTokenRow(TypedDict):
    """A ``console_tokens`` row as listed (never the token's hash)."""

    id: int
    name: str
    role: str
    prefix: str
    created_at: float
    created_by: str
    last_used: float | None
    revoked_at: float | None


class ConsoleLoginRow(TypedDict):
    """A live browser login joined to its enabled user (`console_auth.login_of`)."""

    csrf_token: str
    expires_at: float
    name: str
    role: str


class ConsoleAuditRow(TypedDict):
    """A ``console_audit`` row: one state-changing console request and who made it."""

    id: int
    time: float
    actor: str
    role: str
    action: str
    target: str
    detail: dict[str, Any] | None
    client: str
