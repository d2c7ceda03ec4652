"""Human approvals of ``ask`` verdicts: the table's rules and the small client the daemon uses.

An ``ask`` can wait for a person in the console instead of the agent's own prompt. The
daemon calls `request_approval`, which inserts a *pending* row and polls it until a
responder approves or denies it in the console, or the wait times out (then the answer
is ``"timeout"``, which the caller must treat as a deny: fail closed). A responder may
approve "once" (this call) or "session-similar" for N minutes: later calls *like this
one* in the same session are then approved at once by `find_standing_approval`.

A call is named by its *call hash*: SHA-256 of the session id, the tool and the
canonical JSON of its input. "Like this one" is the *similar key* (see `similar_key`):
the same tool on the same target (a shell command's program and first argument, a
file's directory, a URL's host). This module imports no web framework, so the daemon can
use it cheaply; its rows are read and written through the store (`bastion.store.approvals`),
given as a `Store`, its engine, a database URL or a home.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shlex
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import urlsplit

from bastion.core.tools import ToolKind
from bastion.errors import BastionError
from bastion.sensors import tool_spec
from bastion.store import Engine, Store
from bastion.store import approvals as rows
from bastion.store.rows import ApprovalRow

__all__ = [
    "GATEWAY_ASK_WAIT_S",
    "PENDING",
    "SCOPES",
    "ApprovalAlreadyDecided",
    "ApprovalError",
    "ApprovalNotFound",
    "ask_once",
    "call_hash",
    "decide",
    "decided_by",
    "expire_overdue",
    "find_standing_approval",
    "request_approval",
    "similar_key",
    "store_for",
]

PENDING, APPROVED, DENIED, EXPIRED = "pending", "approved", "denied", "expired"
STATUSES = (PENDING, APPROVED, DENIED, EXPIRED)
SCOPES = ("once", "session-similar")
MAX_SCOPE_MINUTES = 24 * 60
DEFAULT_TIMEOUT_S = 120.0
Outcome = Literal["approved", "denied", "timeout"]
FILE_KINDS = (ToolKind.READ, ToolKind.WRITE, ToolKind.EDIT)

Target = Store | Engine | str | os.PathLike[str]
"""Where the approvals live: a store, its engine, a database URL or a Bastion home."""


class ApprovalError(BastionError, ValueError):
    """An approval that cannot be decided (unknown, already decided, expired, bad scope)."""


class ApprovalNotFound(ApprovalError):
    """No approval request has this id."""


class ApprovalAlreadyDecided(ApprovalError):
    """The request was decided (or expired) before this answer arrived."""


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def call_hash(session_id: str, tool: str, tool_input: dict[str, Any]) -> str:
    """SHA-256 of session id, tool and canonical tool input: names one exact call."""
    return hashlib.sha256(canonical([session_id, tool, tool_input]).encode()).hexdigest()


def similar_key(session_id: str, tool: str, tool_input: dict[str, Any]) -> str:
    """What a "session-similar" approval covers: this tool on this target in this session.

    Shell: the program and its first argument (``git push`` covers ``git push origin x``,
    not ``git reset``); file tools: the file's directory; web tools: the URL's host (or
    the search query); any other tool (MCP): the tool itself.
    """
    target = ""
    spec = tool_spec(tool)
    if spec.kind is ToolKind.SHELL:
        command = str(tool_input.get(spec.command_key) or "")
        try:
            words = shlex.split(command)
        except ValueError:
            words = command.split()
        target = " ".join(words[:2])
    elif spec.kind in FILE_KINDS:
        path = str(tool_input.get(spec.path_key) or "")
        target = str(PurePosixPath(path).parent) if path else ""
    elif spec.kind is ToolKind.FETCH:
        url = str(tool_input.get(spec.url_key) or "") if spec.url_key else ""
        query = str(tool_input.get(spec.query_key) or "") if spec.query_key else ""
        target = (urlsplit(url).hostname or "") if url else query
    return hashlib.sha256(canonical([session_id, tool, target]).encode()).hexdigest()


# -- the store --------------------------------------------------------------------------------


@contextlib.contextmanager
def store_for(target: Target) -> Iterator[Store]:
    """The store behind ``target``: the one given, the open store that owns the engine
    given, or one opened (and migrated, console tables included) for this call only."""
    if isinstance(target, Store):
        yield target
        return
    if isinstance(target, Engine):
        owner = Store.of_engine(target)
        if owner is not None:
            yield owner
            return
        url = target.url.render_as_string(hide_password=False)
    else:
        url = str(target)
        if "://" not in url:
            from bastion.config import Home

            url = Home.resolve(Path(url)).database_url
    store = Store(url)
    try:
        yield store
    finally:
        store.close()


def ensure_tables(target: Target) -> None:
    """Bring the store behind ``target`` to the newest schema, console tables included.

    Opening a `Store` runs its Alembic migrations under the log's write lock, so two
    processes starting together cannot collide.
    """
    with store_for(target):
        pass


# -- the daemon's side ---------------------------------------------------------------------


def find_standing_approval(
    target: Target,
    session_id: str,
    tool: str,
    tool_input: dict[str, Any],
    *,
    now: float | None = None,
) -> ApprovalRow | None:
    """A "session-similar" approval still in force for a call like this one, or None."""
    moment = time.time() if now is None else now
    key = similar_key(session_id, tool, tool_input)
    with store_for(target) as store:
        return rows.standing(store, session_id, key, moment)


GATEWAY_ASK_WAIT_S = 600.0
"""How long an MCP call whose client cannot ask waits in the table for a person (the
agent calls the tool again once approved)."""


def ask_once(
    store: Store,
    session_id: str,
    tool: str,
    tool_input: dict[str, Any],
    reason: str,
    *,
    wait_s: float = GATEWAY_ASK_WAIT_S,
    now: float | None = None,
) -> int:
    """A pending request for this exact call without waiting for its answer (the MCP
    gateway's ask when its client cannot show one): the request already waiting for the
    same call, else a new one; its id. The caller refuses the call and says the id."""
    moment = time.time() if now is None else now
    key = call_hash(session_id, tool, tool_input)
    for row in rows.listed(store, status=PENDING, session=session_id, limit=None):
        if row["call_hash"] == key and row["expires_at"] > moment:
            return int(row["id"])
    return rows.add_pending(
        store,
        {
            "call_hash": key,
            "similar_key": similar_key(session_id, tool, tool_input),
            "session_id": session_id,
            "event_id": None,
            "tool": tool,
            "tool_input": tool_input,
            "reason": reason[:4000],
            "status": PENDING,
            "scope": "once",
            "scope_minutes": 0,
            "requested_at": moment,
            "expires_at": moment + wait_s,
            "note": "",
        },
    )


def request_approval(
    target: Target,
    session_id: str,
    tool: str,
    tool_input: dict[str, Any],
    reason: str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    *,
    event_id: str | None = None,
    poll_s: float = 0.2,
) -> Outcome:
    """Ask a person in the console; block until approved, denied, or ``timeout_s`` passes.

    A standing "session-similar" approval answers at once. ``"timeout"`` means nobody
    decided in time: the row is marked expired and the caller must deny.
    """
    with store_for(target) as store:
        if find_standing_approval(store, session_id, tool, tool_input) is not None:
            return "approved"
        now = time.time()
        approval_id = rows.add_pending(
            store,
            {
                "call_hash": call_hash(session_id, tool, tool_input),
                "similar_key": similar_key(session_id, tool, tool_input),
                "session_id": session_id,
                "event_id": event_id,
                "tool": tool,
                "tool_input": tool_input,
                "reason": reason[:4000],
                "status": PENDING,
                "scope": "once",
                "scope_minutes": 0,
                "requested_at": now,
                "expires_at": now + timeout_s,
                "note": "",
            },
        )
        deadline = now + timeout_s
        while True:
            status = rows.status_of(store, approval_id)
            if status == APPROVED:
                return "approved"
            if status in (DENIED, EXPIRED):
                return "denied" if status == DENIED else "timeout"
            if time.time() >= deadline:
                break
            time.sleep(min(poll_s, max(0.0, deadline - time.time())))
        late = rows.expire_if_pending(store, approval_id, time.time())
    if late == APPROVED:  # decided in the last instant: honour the decision
        return "approved"
    if late == DENIED:
        return "denied"
    return "timeout"


# -- the console's side --------------------------------------------------------------------


def decided_by(target: Target, event_id: str) -> str | None:
    """Who answered the latest approval request of this event (None: nobody yet)."""
    with store_for(target) as store:
        return rows.decided_by(store, event_id)


def decide(
    target: Target,
    approval_id: int,
    decision: Literal["approved", "denied"],
    by: str,
    *,
    scope: str = "once",
    minutes: int = 0,
    note: str = "",
) -> ApprovalRow:
    """Approve or deny a pending request; returns the decided row.

    Raises `ApprovalNotFound` when the request does not exist, `ApprovalAlreadyDecided`
    when it is no longer pending, and `ApprovalError` when the scope is not one of
    `SCOPES` (session-similar needs 1 to 1440 minutes).
    """
    if decision not in (APPROVED, DENIED):
        raise ApprovalError(f"decision must be {APPROVED!r} or {DENIED!r}")
    if scope not in SCOPES:
        raise ApprovalError(f"scope must be one of {', '.join(SCOPES)}")
    if scope == "session-similar" and not 1 <= minutes <= MAX_SCOPE_MINUTES:
        raise ApprovalError(f"a session-similar approval needs 1 to {MAX_SCOPE_MINUTES} minutes")
    if scope == "once":
        minutes = 0
    now = time.time()
    values = {
        "status": decision,
        "scope": scope,
        "scope_minutes": minutes,
        "decided_by": by,
        "decided_at": now,
        "valid_until": now + minutes * 60 if decision == APPROVED and minutes else None,
        "note": note[:2000],
    }
    with store_for(target) as store:
        changed, found = rows.decide(store, approval_id, values, now)
    if found is None:
        raise ApprovalNotFound(f"no approval request {approval_id}")
    if not changed:
        status = found["status"]
        if status == PENDING:
            status = "expired (nobody decided in time)"
        raise ApprovalAlreadyDecided(f"approval request {approval_id} is already {status}")
    return found


def expire_overdue(target: Target, now: float | None = None) -> int:
    """Mark pending requests whose waiting time has passed as expired; returns how many."""
    with store_for(target) as store:
        return rows.expire_overdue(store, time.time() if now is None else now)


def deny_pending_of_session(target: Target, session_id: str, by: str) -> int:
    """Deny every pending request of a session (the kill switch answers them at once)."""
    with store_for(target) as store:
        return rows.deny_pending_of_session(store, session_id, by, time.time())


def listed(
    target: Target,
    *,
    status: str | None = None,
    session: str | None = None,
    limit: int | None = 200,
    newest_first: bool = True,
) -> list[ApprovalRow]:
    """Requests (all, or of one status or session), newest first unless asked otherwise."""
    with store_for(target) as store:
        return rows.listed(
            store, status=status, session=session, limit=limit, newest_first=newest_first
        )


def approval(target: Target, approval_id: int) -> ApprovalRow | None:
    with store_for(target) as store:
        return rows.approval(store, approval_id)
