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
use it cheaply; it needs only SQLAlchemy and the store's database URL (or home).
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import threading
import time
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy import Engine, create_engine, event, insert, select, update

from bastion.core.tools import ToolKind
from bastion.errors import BastionError
from bastion.sensors import tool_spec
from bastion.server.tables import approvals
from bastion.store import Store

__all__ = [
    "PENDING",
    "SCOPES",
    "ApprovalAlreadyDecided",
    "ApprovalError",
    "ApprovalNotFound",
    "call_hash",
    "decide",
    "decided_by",
    "engine_for",
    "expire_overdue",
    "find_standing_approval",
    "request_approval",
    "similar_key",
]

PENDING, APPROVED, DENIED, EXPIRED = "pending", "approved", "denied", "expired"
STATUSES = (PENDING, APPROVED, DENIED, EXPIRED)
SCOPES = ("once", "session-similar")
MAX_SCOPE_MINUTES = 24 * 60
DEFAULT_TIMEOUT_S = 120.0
Outcome = Literal["approved", "denied", "timeout"]
FILE_KINDS = (ToolKind.READ, ToolKind.WRITE, ToolKind.EDIT)

_engines: dict[str, Engine] = {}
_ready: set[int] = set()
_lock = threading.Lock()


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


# -- database -------------------------------------------------------------------------------


def engine_for(target: Engine | str | os.PathLike[str]) -> Engine:
    """An engine on the store's database: given one, a database URL, or a Bastion home."""
    if isinstance(target, Engine):
        engine = target
    else:
        url = str(target)
        if "://" not in url:
            from bastion.config import Home

            url = Home.resolve(Path(url)).database_url
        with _lock:
            cached = _engines.get(url)
            if cached is None:
                cached = _engines[url] = _make_engine(url)
        engine = cached
    if id(engine) not in _ready:
        ensure_tables(engine)
        _ready.add(id(engine))
    return engine


def _make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    def _connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    event.listen(engine, "connect", _connect)
    return engine


def ensure_tables(engine: Engine) -> None:
    """Bring the store behind ``engine`` to the newest schema, console tables included.

    Opening a `Store` runs its Alembic migrations under the log's write lock, so two
    processes starting together cannot collide.
    """
    Store(engine.url.render_as_string(hide_password=False)).close()


# -- the daemon's side ---------------------------------------------------------------------


def find_standing_approval(
    target: Engine | str | os.PathLike[str],
    session_id: str,
    tool: str,
    tool_input: dict[str, Any],
    *,
    now: float | None = None,
) -> dict[str, Any] | None:
    """A "session-similar" approval still in force for a call like this one, or None."""
    engine = engine_for(target)
    moment = time.time() if now is None else now
    query = (
        select(approvals)
        .where(
            approvals.c.session_id == session_id,
            approvals.c.similar_key == similar_key(session_id, tool, tool_input),
            approvals.c.status == APPROVED,
            approvals.c.scope == "session-similar",
            approvals.c.valid_until > moment,
        )
        .order_by(approvals.c.valid_until.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def request_approval(
    target: Engine | str | os.PathLike[str],
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
    engine = engine_for(target)
    if find_standing_approval(engine, session_id, tool, tool_input) is not None:
        return "approved"
    now = time.time()
    with engine.begin() as conn:
        approval_id = conn.execute(
            insert(approvals).values(
                call_hash=call_hash(session_id, tool, tool_input),
                similar_key=similar_key(session_id, tool, tool_input),
                session_id=session_id,
                event_id=event_id,
                tool=tool,
                tool_input=tool_input,
                reason=reason[:4000],
                status=PENDING,
                scope="once",
                scope_minutes=0,
                requested_at=now,
                expires_at=now + timeout_s,
                note="",
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    deadline = now + timeout_s
    status_query = select(approvals.c.status).where(approvals.c.id == approval_id)
    while True:
        with engine.connect() as conn:
            status = conn.execute(status_query).scalar_one()
        if status == APPROVED:
            return "approved"
        if status in (DENIED, EXPIRED):
            return "denied" if status == DENIED else "timeout"
        if time.time() >= deadline:
            break
        time.sleep(min(poll_s, max(0.0, deadline - time.time())))
    with engine.begin() as conn:
        changed = conn.execute(
            update(approvals)
            .where(approvals.c.id == approval_id, approvals.c.status == PENDING)
            .values(status=EXPIRED, decided_at=time.time(), decided_by="timeout")
        ).rowcount
        if not changed:  # decided in the last instant: honour the decision
            status = conn.execute(status_query).scalar_one()
            if status == APPROVED:
                return "approved"
            if status == DENIED:
                return "denied"
    return "timeout"


# -- the console's side --------------------------------------------------------------------


def decided_by(target: Engine | str | os.PathLike[str], event_id: str) -> str | None:
    """Who answered the latest approval request of this event (None: nobody yet)."""
    engine = engine_for(target)
    query = (
        select(approvals.c.decided_by)
        .where(approvals.c.event_id == event_id, approvals.c.status.in_((APPROVED, DENIED)))
        .order_by(approvals.c.id.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        value = conn.execute(query).scalar()
    return str(value) if value else None


def decide(
    target: Engine | str | os.PathLike[str],
    approval_id: int,
    decision: Literal["approved", "denied"],
    by: str,
    *,
    scope: str = "once",
    minutes: int = 0,
    note: str = "",
) -> dict[str, Any]:
    """Approve or deny a pending request; returns the decided row.

    Raises `ApprovalError` when the request does not exist, is no longer pending, or the
    scope is not one of `SCOPES` (session-similar needs 1 to 1440 minutes).
    """
    if decision not in (APPROVED, DENIED):
        raise ApprovalError(f"decision must be {APPROVED!r} or {DENIED!r}")
    if scope not in SCOPES:
        raise ApprovalError(f"scope must be one of {', '.join(SCOPES)}")
    if scope == "session-similar" and not 1 <= minutes <= MAX_SCOPE_MINUTES:
        raise ApprovalError(f"a session-similar approval needs 1 to {MAX_SCOPE_MINUTES} minutes")
    if scope == "once":
        minutes = 0
    engine = engine_for(target)
    now = time.time()
    with engine.begin() as conn:
        changed = conn.execute(
            update(approvals)
            .where(
                approvals.c.id == approval_id,
                approvals.c.status == PENDING,
                approvals.c.expires_at > now,
            )
            .values(
                status=decision,
                scope=scope,
                scope_minutes=minutes,
                decided_by=by,
                decided_at=now,
                valid_until=now + minutes * 60 if decision == APPROVED and minutes else None,
                note=note[:2000],
            )
        ).rowcount
        row = conn.execute(select(approvals).where(approvals.c.id == approval_id)).mappings()
        found = row.first()
    if found is None:
        raise ApprovalNotFound(f"no approval request {approval_id}")
    if not changed:
        status = found["status"]
        if status == PENDING:
            status = "expired (nobody decided in time)"
        raise ApprovalAlreadyDecided(f"approval request {approval_id} is already {status}")
    return dict(found)


def expire_overdue(target: Engine | str | os.PathLike[str], now: float | None = None) -> int:
    """Mark pending requests whose waiting time has passed as expired; returns how many."""
    engine = engine_for(target)
    moment = time.time() if now is None else now
    with engine.begin() as conn:
        return int(
            conn.execute(
                update(approvals)
                .where(approvals.c.status == PENDING, approvals.c.expires_at <= moment)
                .values(status=EXPIRED, decided_at=moment, decided_by="timeout")
            ).rowcount
        )


def deny_pending_of_session(
    target: Engine | str | os.PathLike[str], session_id: str, by: str
) -> int:
    """Deny every pending request of a session (the kill switch answers them at once)."""
    engine = engine_for(target)
    with engine.begin() as conn:
        return int(
            conn.execute(
                update(approvals)
                .where(approvals.c.session_id == session_id, approvals.c.status == PENDING)
                .values(status=DENIED, decided_at=time.time(), decided_by=by, note="session killed")
            ).rowcount
        )
