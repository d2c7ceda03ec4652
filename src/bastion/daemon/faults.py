"""What the daemon does when the engine itself fails: one defined answer, one record.

An exception inside the pipeline must not make the daemon run the event a second time
(its session state would count it twice: events, risk, denials, taint). The caller gets
the sensor's closed refusal, and the failure goes into the signed log as its own event
with an alert, so an agent that found an input which crashes the engine is seen, not
just refused. Nothing of the payload is stored but its hash, its session and its tool:
the payload may hold secrets the redactor never got to see.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from bastion.events import Severity
from bastion.sensors import NativeReply, get_sensor
from bastion.store.connstrings import redact

__all__ = ["UNKNOWN_SESSION", "describe", "engine_failed", "record_failure"]

log = logging.getLogger("bastion.faults")
UNKNOWN_SESSION = "unknown"


def engine_failed(
    store: Any,
    agent: str,
    payload: bytes,
    exc: BaseException,
    on_unrecorded: Callable[[], None] | None = None,
) -> NativeReply:
    """Log and record an engine failure; return the closed answer for this event.

    ``on_unrecorded`` runs when the store cannot take the record (the daemon journals the
    refusal there, so it reaches the log when the store is back).
    """
    log.error("engine failed on a %s payload: %s", agent, describe(exc), exc_info=exc)
    try:
        record_failure(store, agent, payload, exc)
    except Exception as inner:  # the store may be what failed; the refusal still stands
        log.error("could not record the engine failure: %s", describe(inner))
        if on_unrecorded is not None:
            on_unrecorded()
    try:
        sensor = get_sensor(agent)
    except Exception:
        return NativeReply(stderr=f"Bastion: unknown agent {agent!r}", exit_code=2)
    return sensor.refuse(
        f"internal error while deciding ({type(exc).__name__}); denied to be safe. The error "
        "is recorded; see daemon.log in the Bastion home (`bastion status` shows where)"
    )


def describe(exc: BaseException) -> str:
    """``Type: message`` with connection-string passwords removed, first line only."""
    text = str(exc).splitlines()[0][:300] if str(exc) else ""
    return redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def _payload_fields(payload: bytes) -> dict[str, str]:
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, str] = {}
    for key in ("session_id", "hook_event_name", "tool_name", "tool_use_id"):
        value = data.get(key)
        if isinstance(value, str) and value:
            out[key] = value[:200]
    return out


def record_failure(store: Any, agent: str, payload: bytes, exc: BaseException) -> None:
    """One ``EngineError`` event plus a high alert in the signed log."""
    fields = _payload_fields(payload)
    session_id = fields.get("session_id", UNKNOWN_SESSION)
    now = time.time()
    event_id = str(uuid.uuid4())
    error = describe(exc)
    raw = {
        "agent": agent[:64],
        "error": error,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_bytes": len(payload),
        **{k: v for k, v in fields.items() if k != "session_id"},
    }
    row = {
        "id": event_id,
        "session_id": session_id,
        "time": now,
        "kind": "other",
        "native_name": "EngineError",
        "tool": fields.get("tool_name"),
        "tool_use_id": fields.get("tool_use_id"),
        "decision": None,
        "data": raw,
        "facts": None,
        "verdict": {"decision": "deny", "reasons": [f"engine error: {error}"]},
    }
    alert = {
        "session_id": session_id,
        "event_id": event_id,
        "time": now,
        "severity": Severity.HIGH.value,
        "title": f"engine error on a {fields.get('hook_event_name', agent)} event; refused",
        "detail": error,
        "status": "open",
    }
    store.append_event(row, [], [alert], {"last_seen": now})
