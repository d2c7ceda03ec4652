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

__all__ = ["record_event"]


def record_event(
    recorder: Recorder,
    event: Event,
    facts: ActionFacts | None,
    verdict: Verdict,
    alerts: list[dict[str, Any]],
    live: Live,
    *,
    identity: dict[str, str] | None = None,
) -> None:
    """Write the event's row (with the state when it moved; with ``identity``, the
    session's agent instance and credential ids) and, when the session's mode moved since
    the log last said so, the mode-change entry."""
    state = live.state
    item = rows.event_item(
        event,
        facts.summary() if facts else None,
        verdict,
        alerts,
        session=live.session,
        state=state,
        save_state=live.dirty,
        identity=identity,
    )
    items = [item]
    live.dirty = False
    if state.mode != live.recorded_mode:
        items.append(recorder.mode_change(event.session_id, state, live.recorded_mode))
        live.recorded_mode = state.mode
    recorder.write(items)
