"""The leave-one-out measurement in bench/secrets_bench.py: which rules count as vendor-neutral,
and that the vendor variant never takes them away."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "secrets_bench.py"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("secrets_bench_under_test", BENCH)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_neutral_rules_come_from_the_format_sections() -> None:
    ids = _bench().neutral_rule_ids()
    for rid in ("generic-secret", "generic-password", "authorization-header", "curl-basic-auth"):
        assert rid in ids
    for rid in ("slack-bot-token", "github-pat", "aws-access-key", "snyk-api-token"):
        assert rid not in ids


def test_vendor_variant_keeps_neutral_rules() -> None:
    sb = _bench()
    fake = "Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6H"
    # one source only ever exercises the Authorization header: strict LOSO takes it away,
    # the vendor variant keeps it
    samples = [
        (f'curl -H "Authorization: Bearer {fake}" https://api.test', True, "t", "t/curl"),
        (f'api_token = "{fake}"', True, "t", "t/env"),
        ("token = tokens[0]", False, "t", "t/env"),
    ]
    strict = sb.leave_one_source_out(samples)
    vendor = sb.leave_one_source_out(samples, keep=sb.neutral_rule_ids())
    assert "authorization-header" in strict["by_source"]["t/curl"]["rules_removed"]
    assert strict["by_source"]["t/curl"]["fn"] == 1
    assert vendor["by_source"]["t/curl"]["rules_removed"] == []
    assert vendor["by_source"]["t/curl"]["tp"] == 1


def test_fixture_shaped_values() -> None:
    sb = _bench()
    scanner = sb.Scanner(sb.default_rules())
    assert sb._fixture_shaped('snyk_token = "12345678-ABCD-ABCD-ABCD-1234567890AB"', scanner)
    assert sb._fixture_shaped(
        'key = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"',
        scanner,
    )
    assert not sb._fixture_shaped('api_token = "Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6H"', scanner)
