"""The record stage as the engine runs it: one event's row, and the mode-change entry when
the pipeline itself moved the session's containment, written in one go.

A containment decided by the pipeline (``respond``) is an entry of its own beside the event
that caused it, so the signed log shows when the session's mode moved even to a reader of
the mode-change entries alone; a person's containment writes its own ``Containment`` entry
and sets ``Live.recorded_mode`` itself, so it is not recorded twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bastion.core.events import Event, Verdict
from bastion.record import rows
from bastion.record.writer import Recorder
from bastion.understand.actions import ActionFacts

if TYPE_CHECKING:
    from bastion.engine_session import Live
    from bastion.identity import IdentityService

__all__ = ["named_credential", "record_event"]


def record_event(
    recorder: Recorder,
    event: Event,
    facts: ActionFacts | None,
    verdict: Verdict,
    alerts: list[dict[str, Any]],
    live: Live,
    *,
    identity: IdentityService | None = None,
    host: str = "",
) -> None:
    """Write the event's row (with the state when it moved; with ``identity``, the
    session's agent instance and credential ids the first time the log sees them) and, when
    the session's mode moved since the log last said so, the mode-change entry."""
    state = live.state
    item = rows.event_item(
        event,
        facts.summary() if facts else None,
        verdict,
        alerts,
        session=live.session,
        state=state,
        save_state=live.dirty,
        identity=named_credential(identity, live, host),
    )
    items = [item]
    live.dirty = False
    if state.mode != live.recorded_mode:
        items.append(recorder.mode_change(event.session_id, state, live.recorded_mode))
        live.recorded_mode = state.mode
    recorder.write(items)


def named_credential(
    identity: IdentityService | None, live: Live, host: str
) -> dict[str, str] | None:
    """The session's agent instance and credential ids (never the token) when the log
    has not named this credential yet: fleet detection correlates them across hosts."""
    if identity is None:
        return None
    credential = identity.credential(live.session.id)
    if credential is None or credential.jti == live.recorded_credential:
        return None
    live.recorded_credential = credential.jti
    return {
        "agent_instance": credential.agent_instance,
        "jti": credential.jti,
        "host": live.session.host or host,
    }
