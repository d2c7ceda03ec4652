"""What a detector returns: findings about the event and updates to session state."""

from __future__ import annotations

from dataclasses import dataclass, field

from bastion.detect.state import StateUpdate
from bastion.events import Finding


@dataclass(slots=True)
class Detection:
    findings: list[Finding] = field(default_factory=list)
    updates: list[StateUpdate] = field(default_factory=list)
    # A detector recorded what an observation or prompt revealed directly in session state
    # (those cannot be refused after the fact); the engine must save the state.
    touched: bool = False
    # A detector's own part of the state (``UpdateOp.PART``), its new value whole. Set by
    # the engine as soon as the detector returns, whatever the verdict: the progress of a
    # sequence or the running features count what the agent attempted, not what it was let do.
    # A detector whose part moved in a way that must be saved also sets ``touched``.
    parts: list[StateUpdate] = field(default_factory=list)

    def extend(self, other: Detection) -> None:
        self.findings.extend(other.findings)
        self.updates.extend(other.updates)
        self.touched |= other.touched
        self.parts.extend(other.parts)
