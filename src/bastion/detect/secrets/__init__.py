"""Credential detection: keyword-gated scanning, redaction and keyed value-flow fingerprints."""

from bastion.detect.secrets._rules import Rule, RuleSet, default_rules, parse_rules
from bastion.detect.secrets.fingerprints import FingerprintSet, FlowHit
from bastion.detect.secrets.scanner import (
    Scanner,
    SecretMatch,
    default_scanner,
    preview_value,
    redact,
    redact_value,
    scan,
)

__all__ = [
    "FingerprintSet",
    "FlowHit",
    "Rule",
    "RuleSet",
    "Scanner",
    "SecretMatch",
    "default_rules",
    "default_scanner",
    "parse_rules",
    "preview_value",
    "redact",
    "redact_value",
    "scan",
]
