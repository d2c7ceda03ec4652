"""Opening and loading a session for the engine: its row, its saved state, its owner.

Kept apart from ``engine`` so the engine is the pipeline only: this module is where a
session first meets the store (its row, the attribution entry in the signed log) and where
a saved state comes back with its secret fingerprints.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bastion.audit import records
from bastion.detect.secrets import FingerprintSet
from bastion.detect.state import NORMAL, SessionState, load_state
from bastion.events import Event, Principal, Session
from bastion.record.writer import Recorder
from bastion.respond import modes
from bastion.sensors import sensor_for_record
from bastion.understand import hosts as hostmod
from bastion.understand import paths as pathmod
from bastion.understand.actions import ActionFacts

if TYPE_CHECKING:  # the hook's fallback opens sessions without the store's SQLAlchemy
    from bastion.detect.secrets.fleetprint import FleetPrintKey, FleetPrintRing
    from bastion.identity import IdentityService
    from bastion.store import Store

__all__ = [
    "MAX_PENDING_CALLS",
    "Caller",
    "Change",
    "Live",
    "contain_session",
    "mode_change",
    "open_session",
    "os_human",
    "saved_state",
    "tool_change",
    "write_opening",
]

MAX_PENDING_CALLS = 64
# A person's containment as a change to a session's state (``respond/modes``), and who asked
# (the control message's caller, recorded beside it).
Change = Callable[[SessionState], None]
Caller = dict[str, Any] | None


@dataclass(slots=True)
class Live:
    """A session the engine is following: who, where, and what it remembers."""

    session: Session
    state: SessionState
    dirty: bool = False
    # Facts of actions awaiting their result, by tool_use_id: the observation of a call
    # has the same input, so it reuses them instead of analysing the command again.
    pending: dict[str, ActionFacts] = field(default_factory=dict)
    # Calls this engine decided (tool_use_id), to find the ones that escaped the hooks.
    decided: set[str] = field(default_factory=set)
    # The session mode the log last recorded: a change (containment) becomes an entry.
    recorded_mode: str = NORMAL
    # The session credential (jti) the log last named: a new one (session start, renewal)
    # puts the agent instance and credential ids in the next event's entry.
    recorded_credential: str = ""
    # The writes of the session's opening, not yet done (`open_session`, `write_opening`).
    opening: list[Callable[[], None]] = field(default_factory=list)


def os_human(host: str) -> Principal:
    """The person an engine attributes sessions to when no identity says otherwise: the OS
    user (by uid when the name cannot be read) at ``host``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return Principal("human", f"{user}@{host}", user, {"source": "os"})


def saved_state(store: Store, session_id: str, key: bytes) -> SessionState:
    """The session's saved state (fingerprints keyed by ``key``), or a fresh one."""
    saved = store.load_state(session_id)
    return load_state(saved, key) if saved else SessionState(session_id)


def open_session(
    event: Event,
    store: Store,
    *,
    human: Principal,
    host: str,
    user_home: str,
    key: bytes,
    identity: IdentityService | None,
    fleet_print: Callable[[], FleetPrintKey | FleetPrintRing | None] | None = None,
    stored: bool = True,
) -> Live:
    """A session the engine has not followed yet: resumed from the store or started (its
    row and, for a new one, who it belongs to in the signed log). ``fleet_print`` gives the
    fleet's fingerprint key of an enrolled device, asked at each new session so a key
    fetched or rotated meanwhile applies to the sessions opened after it.
    ``stored=False`` (a decisions-only replay's session on a store that held nothing,
    ``Engine.rowless_unstored``): started as new without reading the store, and its row
    and attribution entry are not written (its events write none either)."""
    cwd = event.cwd or ""
    workspace = pathmod.find_workspace(cwd) if cwd else ""
    home = sensor_for_record(event.agent).agent_home(event.transcript_path) or user_home
    version = str(event.raw.get("agent_version") or event.raw.get("version") or "")
    session = Session(
        id=event.session_id,
        agent=Principal("agent", event.agent, event.agent, {"version": version}),
        human=human,
        host=host,
        cwd=cwd,
        workspace=workspace,
        permission_mode=event.permission_mode,
        transcript_path=event.transcript_path,
        started_at=event.time,
    )
    # A session's first event reads its row here (its saved state, whether it exists) and
    # leaves every write it implies (the identity's agent, credential and session rows, the
    # session row, its attribution entry) to `write_opening`, which the record stage runs
    # in one transaction before the event's own row: nothing before the record reads them,
    # so they are off the decision's path and still durable before the reply leaves.
    # (A read connection: the write lock is taken only by the writes, in the record stage.)
    existing = store.session(event.session_id, prefix=False) if stored else None
    saved = dict(existing["state"]) if existing is not None and existing["state"] else None
    if saved:
        state = load_state(saved, key)
    else:
        state = SessionState(
            event.session_id,
            workspace=workspace,
            home=home,
            fingerprints=FingerprintSet(key),
        )
        state.workspace_hosts = tuple(sorted(hostmod.workspace_hosts(workspace)))
        state.package_indexes = tuple(sorted(hostmod.configured_indexes(workspace, home)))
    if saved is not None:
        existing = None  # as before: a row with a saved state is resumed from that state
    opening: list[Callable[[], None]] = []
    if identity is not None:
        # Read the login each time: a new `bastion login` applies without a restart.
        session.human = identity.logins.human()
        identity.on_session_start(session, event, defer=opening)
    if existing is None:
        new_row = {
            "id": session.id,
            "agent": event.agent,
            "agent_version": version,
            "human": session.human.id,
            "host": host,
            "cwd": cwd,
            "workspace": workspace,
            "permission_mode": event.permission_mode,
            "transcript_path": event.transcript_path,
            "started_at": event.time,
            "last_seen": event.time,
            "mode": state.mode,
            "state": state.to_dict(),  # as the session opened, not as the record finds it
            "data": {"human": session.human.to_dict(), "agent": session.agent.to_dict()},
        }
        mode = state.mode

        def write_row() -> None:
            # Who the session belongs to goes into the signed log in the same transaction
            # as its row, so `audit verify` holds the row to it (audit/records.py).
            store.upsert_session(new_row)
            store.append_event(records.attribution_row(new_row, mode), [], [], {})
    else:
        seen = {"id": session.id, "last_seen": event.time}

        def write_row() -> None:
            store.upsert_session(seen)

    if stored:
        opening.append(write_row)
    recorded = state.mode if saved or existing is None else str(existing.get("mode") or NORMAL)
    if fleet_print is not None and state.fingerprints is not None:
        state.fingerprints.use_fleet(fleet_print())
    return Live(session, state, recorded_mode=recorded, opening=opening)


def write_opening(store: Store, live: Live) -> None:
    """The writes of the session's opening (`open_session`), once, in one transaction:
    the record stage runs it before the event's own row, so the attribution entry comes
    first in the log, as when it was written at the opening."""
    if not live.opening:
        return
    with store.transaction():
        for write in live.opening:
            write()
    live.opening = []  # only once written: a store that failed sees them again


def contain_session(
    store: Store,
    recorder: Recorder,
    session_id: str,
    key: bytes,
    live: Live | None,
    change: Change,
    what: str,
    reason: str,
    by: str,
    caller: Caller,
) -> None:
    """The one way a person's containment reaches a session: the live state (or the saved
    one, its fingerprints keyed by ``key``), then a ``Containment`` entry in its signed log
    with the new state."""
    state = live.state if live is not None else saved_state(store, session_id, key)
    change(state)
    if live is not None:
        live.recorded_mode = state.mode  # this entry records the mode; no second one
    recorder.containment(session_id, state, what, reason, by, caller)


def mode_change(mode: str, reason: str, by: str) -> tuple[Change, str]:
    """A person's kill, ask-everything or release as a change, and what the entry says."""
    return (lambda state: modes.contain(state, mode, reason, by)), mode


def tool_change(tool: str, *, blocked: bool) -> tuple[Change, str]:
    """A person's block (or unblock) of one tool for the rest of a session, as a change."""
    what = f"{'block' if blocked else 'unblock'} {tool}"
    return (lambda state: modes.block_tool(state, tool=tool, blocked=blocked)), what
