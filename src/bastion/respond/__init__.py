"""Respond: alert routing and containment decisions, both as data the operator can read."""

from bastion.respond.alerts import Alert, route
from bastion.respond.containment import (
    Containment,
    ContainmentPolicyError,
    ContainmentRule,
    apply,
    load_policy,
    plan,
)

__all__ = [
    "Alert",
    "Containment",
    "ContainmentPolicyError",
    "ContainmentRule",
    "apply",
    "load_policy",
    "plan",
    "route",
]
