"""The shipped secret rules compile at first use (`LazyPattern`) and mean exactly what the
eagerly compiled rules mean: same expressions, same value and key groups, same findings."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

from bastion.detect.secrets import _rules
from bastion.detect.secrets.scanner import Scanner


def shipped_document() -> dict[str, object]:
    text = resources.files("bastion.detect.secrets").joinpath("rules.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_lazy_rules_have_the_groups_of_the_compiled_ones_and_all_compile() -> None:
    eager = _rules.parse_rules(shipped_document())
    lazy = _rules.parse_rules(shipped_document(), lazy=True)
    assert len(eager.rules) == len(lazy.rules) > 100
    for e, z in zip(eager.rules, lazy.rules, strict=True):
        assert (z.value_groups, z.key_groups) == (e.value_groups, e.key_groups), e.id
        for ep, zp in zip(e.patterns, z.patterns, strict=True):
            assert isinstance(ep, re.Pattern) and isinstance(zp, _rules.LazyPattern)
            assert zp.compiled().pattern == ep.pattern and zp.groupindex == dict(ep.groupindex)


def test_the_default_rules_are_lazy_and_compile_only_what_a_text_calls_on() -> None:
    rules = _rules.parse_rules(shipped_document(), lazy=True)
    scanner = Scanner(rules)
    scanner.scan("git status && python -m pytest -q")
    compiled = sum(
        p._compiled is not None
        for r in rules.rules
        for p in r.patterns
        if isinstance(p, _rules.LazyPattern)
    )
    assert 0 < compiled < len(rules.rules) // 4
    assert all(
        isinstance(p, _rules.LazyPattern) for r in _rules.default_rules().rules for p in r.patterns
    )


def test_lazy_and_compiled_rules_find_the_same_secrets() -> None:
    eager = Scanner(_rules.parse_rules(shipped_document()))
    lazy = Scanner(_rules.parse_rules(shipped_document(), lazy=True))
    texts = [sample for rule in _rules.default_rules().rules for sample in (*rule.tp, *rule.fp)]
    assert len(texts) > 100
    for text in texts:
        assert lazy.scan(text) == eager.scan(text), text
