"""Every rule in rules.toml against its own true and false samples, plus rule-file integrity."""

from __future__ import annotations

import pytest

from bastion.detect.secrets import default_rules, parse_rules, scan
from bastion.detect.secrets._rules import SEVERITIES
from bastion.errors import ConfigError

RULES = default_rules()
TP = [(r.id, t) for r in RULES.rules for t in r.tp]
FP = [(r.id, t) for r in RULES.rules for t in r.fp]


def test_at_least_100_rules() -> None:
    assert len([r for r in RULES.rules if not r.marker]) >= 100


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_rule_is_well_formed(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.severity in SEVERITIES
    assert rule.description
    assert all(k == k.lower() for k in rule.keywords)
    if not rule.marker:
        assert rule.tp, f"{rule.id} has no true samples"
        assert rule.fp, f"{rule.id} has no false samples"
    for prefix in rule.prefixes:
        assert len(prefix) <= 8


@pytest.mark.parametrize(("rule_id", "text"), TP, ids=[f"{i}-tp{n}" for n, (i, _) in enumerate(TP)])
def test_true_sample_is_found_by_its_rule(rule_id: str, text: str) -> None:
    kinds = [m.kind for m in scan(text)]
    assert rule_id in kinds, f"{rule_id} missed {text!r}; found {kinds}"


@pytest.mark.parametrize(("rule_id", "text"), FP, ids=[f"{i}-fp{n}" for n, (i, _) in enumerate(FP)])
def test_false_sample_is_not_found_by_its_rule(rule_id: str, text: str) -> None:
    kinds = [m.kind for m in scan(text)]
    assert rule_id not in kinds, f"{rule_id} fired on {text!r}"


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"rules": [{"regex": "x"}]}, "no id"),
        ({"rules": [{"id": "a", "regex": "("}]}, "invalid regex"),
        ({"rules": [{"id": "a", "regex": "x", "severity": "huge"}]}, "severity"),
        ({"rules": [{"id": "a", "regex": "<<nope>>"}]}, "unknown macro"),
        ({"rules": [{"id": "a", "regex": "x"}, {"id": "a", "regex": "y"}]}, "twice"),
        ({"rules": [{"id": "a", "regex": "x", "near": "b"}]}, "names no rule"),
    ],
)
def test_bad_rule_files_name_the_problem(doc: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_rules(doc)
