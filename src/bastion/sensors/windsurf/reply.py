"""Verdicts to Windsurf hook replies, as Windsurf's documentation describes them (not measured).

The reference gives a hook one way to say no: a pre-hook that exits with status 2 blocks the
action, and what it wrote on stderr is shown. So every refusal (deny, and ask, which the
reference does not document for command hooks) is exit 2 with the reason on stderr; anything
else is exit 0 with nothing to say. Post-hooks cannot change what already happened.
"""

from __future__ import annotations

from bastion.core.events import Decision, Event, EventKind, Verdict
from bastion.sensors.base import NativeReply
from bastion.sensors.cursor.reply import explain

__all__ = [
    "MARK",
    "refuse",
    "reply",
]

MARK = "Bastion"


def reply(event: Event, verdict: Verdict) -> NativeReply:
    refused = verdict.decision is not Decision.ALLOW
    if refused and event.kind in (EventKind.ACTION, EventKind.PROMPT):
        return NativeReply(stderr=explain(verdict), exit_code=2)
    return NativeReply()


def refuse(message: str) -> NativeReply:
    return NativeReply(stderr=f"{MARK}: {message}", exit_code=2)
