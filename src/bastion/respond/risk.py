"""A session's risk score, 0 to 100, and its level: what triage sorts by.

The score answers "how urgently should a person look at this session?". It grows with
what detectors found, weighted so one critical finding outranks any pile of low ones
(a repeat of a finding kind counts a quarter, and only its first ``MAX_REPEATS``
repeats count, so a noisy but harmless session stays low), and it has floors for facts
that settle the question on their own: an action
denied for a critical finding is an attack that was attempted (at least 70, "high"),
and a session that automated response killed is at least 90. The score never falls
while the session lives; releasing a session does not erase what it tried.
"""

from __future__ import annotations

import math

from bastion.events import Decision, Finding, Severity

MAX = 100
POINTS = {
    Severity.INFO: 0.0,
    Severity.LOW: 2.0,
    Severity.MEDIUM: 6.0,
    Severity.HIGH: 20.0,
    Severity.CRITICAL: 40.0,
}
REPEAT_SHARE = 0.25
MAX_REPEATS = 4
ATTEMPTED_ATTACK_FLOOR = 70
KILLED_FLOOR = 90
# level -> lowest score of that level, highest first
LEVELS = (("critical", 85), ("high", 60), ("medium", 30), ("low", 1))


def add_findings(
    score: int, findings: list[Finding], seen_kinds: dict[str, int], decision: Decision
) -> int:
    """The score after one event: ``seen_kinds`` counts earlier findings by kind."""
    total = score
    for finding in findings:
        points = POINTS[finding.severity]
        times = seen_kinds.get(finding.kind, 0)
        if times > MAX_REPEATS:
            continue  # a kind's repeats add at most MAX_REPEATS quarter-shares
        if times > 0 and points:
            points = max(1.0, points * REPEAT_SHARE)
        total += math.ceil(points)
    if decision is Decision.DENY and any(f.severity is Severity.CRITICAL for f in findings):
        total = max(total, ATTEMPTED_ATTACK_FLOOR)
    return int(min(MAX, total))


def after_containment(score: int, mode: str) -> int:
    """A killed session is at least ``KILLED_FLOOR``: it needs a person's eyes."""
    return max(score, KILLED_FLOOR) if mode == "killed" else score


def level(score: int | None) -> str:
    """``critical``/``high``/``medium``/``low``/``none`` for a score."""
    for name, lowest in LEVELS:
        if (score or 0) >= lowest:
            return name
    return "none"
