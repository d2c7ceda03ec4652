"""Folding the event journal (`bastion.record.wal`) into the store, frame by frame.

Kept apart from the journal so the fallback's append path loads none of it. The rules
keep the store's memory of a session the fallback could not read:

- ``session``: a session the store does not know is created with its attribution entry,
  as the engine would have; one it knows only has its ``last_seen`` moved (the fallback
  started from an empty memory, which must not replace the saved one).
- ``events``: each event row is appended unless its id is in the log already (a fold
  that crashed before the journal was emptied). For a session the store knew before the
  fold, the row's saved ``state`` is dropped and its ``mode`` kept only when it contains
  the session (a containment the fallback decided stands; its empty memory does not).
- ``torn`` frames, a torn tail and a broken chain become ``JournalProblem`` entries in
  the log, with ids derived from what they describe, so a repeated fold adds none twice.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from bastion.audit.records import CONTROL_SESSION, control_row

if TYPE_CHECKING:
    from bastion.store import Store

__all__ = ["JOURNAL_PROBLEM", "apply_frames", "problem_row"]

JOURNAL_PROBLEM = "JournalProblem"
"""The control entry a fold writes for a torn tail or a broken chain it found."""

NORMAL = "normal"


def problem_row(entry_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """The log entry of one problem of the journal (torn tail, broken chain)."""
    row = control_row(CONTROL_SESSION, JOURNAL_PROBLEM, {"journal": data})
    row["id"] = row["data"]["id"] = entry_id
    return row


def _stable_id(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def apply_frames(store: Store, read: Any, path: str) -> int:
    """Apply ``read``'s frames (a `bastion.audit.wal.JournalRead`, untyped here so the
    journal's module does not depend on this one's) to ``store`` in order; returns the
    entries appended."""
    known: dict[str, bool] = {}  # session id -> the store had it before this fold
    appended = 0
    for frame in read.frames:
        body = frame.body
        if frame.kind == "session":
            row = dict(body["row"])
            sid = str(row["id"])
            if sid not in known:
                known[sid] = store.session(sid, prefix=False) is not None
            if known[sid]:
                store.update_session(sid, last_seen=row.get("last_seen"))
                continue
            attribution = body["attribution"]
            if store.existing_ids([str(attribution["id"])]):
                continue
            with store.transaction():
                store.upsert_session(row)
                store.append_event(attribution, [], [], {})
            appended += 1
        elif frame.kind == "events":
            items = []
            ids = [str(item[0]["id"]) for item in body]
            have = store.existing_ids(ids)
            for row, findings, alerts, values in body:
                if str(row["id"]) in have:
                    continue
                sid = str(row.get("session_id") or "")
                if known.get(sid):
                    values = {k: v for k, v in values.items() if k != "state"}
                    if values.get("mode") == NORMAL:
                        values.pop("mode")
                items.append((row, findings, alerts, values))
            if items:
                store.append_events(items)
                appended += len(items)
        elif frame.kind == "torn":
            if not store.existing_ids([frame.id]):
                store.append_control(problem_row(frame.id, {"torn": body, "path": path}))
                appended += 1
        else:
            raise ValueError(f"unknown journal frame kind {frame.kind!r} in {path}")
    if read.torn_bytes:
        entry_id = _stable_id(read.head, read.torn_sha256)
        if not store.existing_ids([entry_id]):
            torn = {"bytes": read.torn_bytes, "sha256": read.torn_sha256}
            store.append_control(problem_row(entry_id, {"torn": torn, "path": path}))
            appended += 1
    if read.problem:
        entry_id = _stable_id(read.head, read.problem)
        if not store.existing_ids([entry_id]):
            data = {"broken_chain": read.problem, "folded": len(read.frames), "path": path}
            store.append_control(problem_row(entry_id, data))
            appended += 1
    return appended
