"""Detectors: each takes an event plus session state and returns findings and state updates.

``run`` is the detect stage's one entry point; it calls every detector that applies to
the event's kind. Detectors never decide verdicts: their findings reach the policy as
context, and the policy decides.
"""

from __future__ import annotations

from bastion.detect import credentials
from bastion.detect.result import Detection
from bastion.detect.state import SessionState
from bastion.events import Event, EventKind
from bastion.understand.actions import ActionFacts

__all__ = ["Detection", "run"]


def run(event: Event, facts: ActionFacts | None, state: SessionState) -> Detection:
    out = Detection()
    if event.kind in (EventKind.ACTION, EventKind.PERMISSION_REQUEST) and facts is not None:
        out.extend(credentials.detect_action(event, facts, state))
    return out
