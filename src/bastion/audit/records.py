"""Log entries that are not an agent's events: attribution, mode changes, control actions.

Whatever a person or the system changes about a session or the guard becomes an entry of
the same Merkle log as the agent's events, so it is signed and witnessed like them:
who a session belongs to (`SESSION_ATTRIBUTION`), every change of its containment mode
(`MODE_CHANGE`; console and CLI containment is the older ``Containment`` entry), grants
and revocations, profile or policy changes with their hash, console actions, and
refusals that were journaled while the store was down (`JOURNALED_REFUSAL`).

`judge_sessions` then holds the ``sessions`` table to those entries: the table is a
convenient index for the console, the log is the truth, and `bastion audit verify`
reports every attested column that no longer says what the log says.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "ATTESTED_COLUMNS",
    "CONFIGURATION",
    "CONTAINMENT",
    "CONTROL_ACTION",
    "CONTROL_NAMES",
    "CONTROL_SESSION",
    "JOURNALED_REFUSAL",
    "MODE_CHANGE",
    "SESSION_ATTRIBUTION",
    "TRANSCRIPT_CHECK",
    "action_row",
    "attribution_row",
    "configuration_row",
    "control_row",
    "judge_sessions",
    "mode_row",
    "recorded_mode",
    "transcript_check_item",
]

CONTROL_SESSION = "bastion:control"
"""Session id of entries about the guard itself (policy, profile, start), not a session."""

SESSION_ATTRIBUTION = "SessionAttribution"
MODE_CHANGE = "ModeChange"
CONTAINMENT = "Containment"
CONTROL_ACTION = "ControlAction"
JOURNALED_REFUSAL = "JournaledRefusal"
CONFIGURATION = "Configuration"
CONTROL_NAMES = (
    SESSION_ATTRIBUTION,
    MODE_CHANGE,
    CONTAINMENT,
    CONTROL_ACTION,
    JOURNALED_REFUSAL,
    CONFIGURATION,
)

ATTESTED_COLUMNS = (
    "agent",
    "agent_version",
    "human",
    "host",
    "cwd",
    "workspace",
    "transcript_path",
    "started_at",
)
"""Columns of a session row fixed at its start and held to its attribution entry."""


def control_row(
    session_id: str,
    name: str,
    data: Mapping[str, Any],
    *,
    when: float | None = None,
    decision: str | None = None,
    tool: str | None = None,
) -> dict[str, Any]:
    """An event row for one control entry (already redacted by the caller)."""
    now = time.time() if when is None else when
    entry_id = uuid.uuid4().hex
    # ``data`` has the shape of a recorded event (id, kind, native_name...) so every
    # reader of the log (timeline, bundles, exports) takes it like the others.
    common = {
        "id": entry_id,
        "session_id": session_id,
        "kind": "other",
        "agent": "bastion",
        "native_name": name,
        "time": now,
        "tool": tool,
    }
    return {
        "id": entry_id,
        "session_id": session_id,
        "time": now,
        "kind": "other",
        "native_name": name,
        "tool": tool,
        "tool_use_id": None,
        "decision": decision,
        "data": {**common, "control": name, **data},
        "facts": None,
        "verdict": None,
    }


TRANSCRIPT_CHECK = "bastion.transcript-check"
"""The event `bastion audit transcript` records: the calls that ran without a decision."""


def transcript_check_item(
    session_id: str, source: str, findings: list[dict[str, Any]], *, when: float | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The event (with its finding rows) that puts a transcript check's ``findings``
    (`Finding.to_dict` shapes) into the session's log, as `Store.append_event` takes it."""
    now = time.time() if when is None else when
    event_id = uuid.uuid4().hex
    row = {
        "id": event_id,
        "session_id": session_id,
        "time": now,
        "kind": "other",
        "native_name": TRANSCRIPT_CHECK,
        "tool": None,
        "tool_use_id": None,
        "decision": None,
        "data": {"transcript_path": source, "unchecked": len(findings)},
        "facts": None,
        "verdict": {"findings": findings},
    }
    finding_rows = [
        {
            "event_id": event_id,
            "session_id": session_id,
            "time": now,
            "kind": f["kind"],
            "severity": f["severity"],
            "detail": f["detail"],
            "rule": f["rule"],
            "evidence": f["evidence"],
        }
        for f in findings
    ]
    return row, finding_rows, [], {"last_seen": now}


def attribution_row(session: Mapping[str, Any], mode: str) -> dict[str, Any]:
    """The entry made when a session row is created: who, where, which agent, its mode."""
    attribution = {c: session.get(c) for c in ATTESTED_COLUMNS}
    return control_row(
        str(session["id"]),
        SESSION_ATTRIBUTION,
        {"attribution": attribution, "mode": mode},
        when=float(session.get("started_at") or time.time()),
    )


def mode_row(session_id: str, mode: str, previous: str, reason: str, by: str) -> dict[str, Any]:
    """The entry for a change of a session's containment mode."""
    return control_row(
        session_id,
        MODE_CHANGE,
        {"mode": mode, "previous": previous, "reason": reason, "by": by},
    )


def action_row(
    action: str, by: str, *, session_id: str = CONTROL_SESSION, **details: Any
) -> dict[str, Any]:
    """A person's or the system's action on the guard (grant, revoke, policy, profile...)."""
    return control_row(session_id, CONTROL_ACTION, {"action": action, "by": by, **details})


def configuration_row(profile: str, policy_hash: str, config_hash: str, by: str) -> dict[str, Any]:
    """The profile and policy in force, with their hashes, when they differ from the last."""
    return control_row(
        CONTROL_SESSION,
        CONFIGURATION,
        {"profile": profile, "policy_hash": policy_hash, "config_hash": config_hash, "by": by},
    )


def recorded_mode(name: str, data: Mapping[str, Any]) -> str | None:
    """The session mode an entry sets, if it sets one."""
    if name in (SESSION_ATTRIBUTION, MODE_CHANGE):
        mode = data.get("mode")
        return mode if isinstance(mode, str) else None
    if name == CONTAINMENT:
        raw = data.get("raw") or {}
        mode = raw.get("session_mode") if isinstance(raw, Mapping) else None
        if mode is None and isinstance(raw, Mapping):
            mode = raw.get("mode")  # older entries: the mode set is the action
            if mode not in ("normal", "ask-everything", "killed"):
                return None
        return mode if isinstance(mode, str) else None
    return None


def judge_sessions(
    rows: Iterable[Mapping[str, Any]],
    entries: Iterable[tuple[str, str, Mapping[str, Any]]],
    counts: Mapping[str, int],
    *,
    limit: int = 50,
) -> list[str]:
    """Problems where the sessions table disagrees with the log.

    ``rows`` are session rows, ``entries`` the control entries ``(session_id, name,
    data)`` in log order, ``counts`` the number of log entries of each session.
    """
    attributed: dict[str, Mapping[str, Any]] = {}
    legacy: dict[str, Mapping[str, Any]] = {}
    modes: dict[str, str] = {}
    for session_id, name, data in entries:
        if name == SESSION_ATTRIBUTION and session_id not in attributed:
            value = data.get("attribution")
            if isinstance(value, Mapping):
                attributed[session_id] = value
        elif data.get("kind") == "session_start" and session_id not in legacy:
            found = _legacy_attribution(data)
            if found:
                legacy[session_id] = found
        mode = recorded_mode(name, data)
        if mode is not None:
            modes[session_id] = mode
    problems: list[str] = []
    seen: set[str] = set()
    for row in rows:
        sid = str(row["id"])
        seen.add(sid)
        if len(problems) >= limit:
            break
        logged = attributed.get(sid) or legacy.get(sid)
        if logged is None:
            problems.append(
                f"session {sid}: its row has no attribution entry in the log; it was "
                "inserted outside the log (or recorded by a Bastion too old to attest it)"
            )
            continue
        for column in ATTESTED_COLUMNS:
            if column in logged and _differs(row.get(column), logged[column]):
                problems.append(
                    f"session {sid}: column {column} says {row.get(column)!r} but the log "
                    f"attributes {logged[column]!r}; the sessions table was edited"
                )
        want = modes.get(sid, "normal")
        # An older log (legacy attribution) did not log the pipeline's own mode changes.
        if sid in attributed and (row.get("mode") or "normal") != want:
            problems.append(
                f"session {sid}: mode is {row.get('mode')!r} but the log's last mode entry "
                f"says {want!r}; the sessions table was edited (or a mode change bypassed "
                "the log)"
            )
        have = int(row.get("event_count") or 0)
        if have != counts.get(sid, 0):
            problems.append(
                f"session {sid}: event_count says {have} but the log holds "
                f"{counts.get(sid, 0)} entries of it; the sessions table was edited"
            )
    for sid in attributed:
        if sid not in seen and len(problems) < limit:
            problems.append(
                f"session {sid} is attributed in the log but its row is missing from the "
                "sessions table: the row was deleted"
            )
    return problems


def _legacy_attribution(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a SessionStart entry of an older log says about its session (its principals)."""
    principals = data.get("principals")
    if not isinstance(principals, Mapping):
        return {}
    out: dict[str, Any] = {}
    human, agent = principals.get("human"), principals.get("agent")
    if isinstance(human, Mapping) and isinstance(human.get("id"), str):
        out["human"] = human["id"]
    if isinstance(agent, Mapping) and isinstance(agent.get("id"), str):
        out["agent"] = agent["id"]
    for key in ("host", "workspace"):
        if isinstance(principals.get(key), str):
            out[key] = principals[key]
    return out


def _differs(stored: Any, logged: Any) -> bool:
    if isinstance(stored, float) or isinstance(logged, float):
        try:
            return abs(float(stored) - float(logged)) > 1e-6
        except (TypeError, ValueError):
            return True
    return (stored or "") != (logged or "")
