"""The detect stage as the engine runs it: every detector in its order, each one's part of
the session state set before the next runs, and at session end the agent's own transcript
held against what was decided.

The order matters and is this module's job: ``detect.run`` (credentials, secret flow, flow,
provenance, injection) first, then ``sequences`` (which reads their findings), then
``behaviour`` (which reads the sequences' progress). A detector's part (``UpdateOp.PART``) is
set at once, whatever the verdict, because what the agent attempted counts; the other
updates come back for the engine to apply only if the action may run.
"""

from __future__ import annotations

from collections.abc import Callable

from bastion import detect
from bastion.core.events import Event, EventKind
from bastion.core.state import SessionState
from bastion.detect import behaviour, sequences
from bastion.detect.baseline import Baseline
from bastion.detect.result import Detection
from bastion.sensors import sensor_for_record
from bastion.understand.actions import ActionFacts

__all__ = ["MAX_PROMPT", "detect_event"]

MAX_PROMPT = 20000  # characters of the user's prompt kept in the state (provenance reads it)


def detect_event(
    event: Event,
    facts: ActionFacts | None,
    state: SessionState,
    *,
    baseline: Baseline | None,
    decided: Callable[[], set[str]],
) -> Detection:
    """Findings and updates for one event; ``touched`` says the state must be saved.

    ``decided`` gives the ids of the session's calls that had a decision; it is asked only
    at session end, where it may read the store."""
    moved = False
    if event.kind is EventKind.PROMPT and event.prompt is not None:
        state.prompt = event.prompt[:MAX_PROMPT]
        moved = True
    result = detect.run(event, facts, state)
    moved |= _set_parts(result, state)
    result.extend(sequences.detect(event, facts, state, result.findings))
    moved |= _set_parts(result, state)
    result.extend(behaviour.detect(event, facts, state, baseline))
    moved |= _set_parts(result, state)
    if event.kind is EventKind.SESSION_END and event.transcript_path:
        # What ran without a decision from us (hooks removed, sub-agents, @file reads)
        # is at least seen: compare the agent's own transcript with what we decided.
        sensor = sensor_for_record(event.agent)
        result.findings.extend(sensor.unchecked_findings(event.transcript_path, decided()))
    for finding in result.findings:
        finding.event_id = event.id
    result.touched = moved
    return result


def _set_parts(result: Detection, state: SessionState) -> bool:
    """Set the parts detectors returned and forget them; whether a detector said the state
    must be saved (``touched``)."""
    for update in result.parts:
        state.set_part(update)
    result.parts.clear()
    return result.touched
