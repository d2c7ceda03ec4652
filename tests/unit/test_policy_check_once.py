"""The policy check's whole-set fast path finds exactly what the statement-by-statement
check finds: nothing for a right set, and the same located errors for a wrong one."""

from __future__ import annotations

from typing import Any

import cedarpy
import pytest

from bastion.policy import engine as policy_engine
from bastion.policy.engine import check_statements, pack_files, schema_text, split_statements

GOOD = 'permit(principal, action, resource);\n@id("x")\nforbid(principal, action, resource);\n'
WRONG = {
    "parse": GOOD + '@id("broken")\nforbid(principal action, resource);\n',
    "decision": GOOD
    + '@id("bad-decision")\n@decision("maybe")\nforbid(principal, action, resource);\n',
    "schema": GOOD
    + '@id("bad-attr")\nforbid(principal, action, resource) when { context.nope };\n',
}


def statements(text: str) -> list[policy_engine.PolicySource]:
    return split_statements("t.cedar", text)


def described(errors: list[Any]) -> list[tuple[str, str, int, int]]:
    return [(str(e), e.file, e.line, e.column) for e in errors]


@pytest.mark.parametrize("kind", sorted(WRONG))
def test_a_wrong_set_gets_the_errors_of_the_statement_by_statement_check(kind: str) -> None:
    found = check_statements(statements(WRONG[kind]), schema_text())
    assert found, kind
    assert described(found) == described(
        policy_engine._check_each(statements(WRONG[kind]), schema_text())
    )


def test_the_shipped_pack_is_validated_with_one_schema_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = cedarpy.validate_policies

    def counting(text: str, schema: str) -> Any:
        calls.append(text)
        return real(text, schema)

    monkeypatch.setattr(policy_engine.cedarpy, "validate_policies", counting)
    every: list[policy_engine.PolicySource] = []
    for file, text in pack_files():
        every.extend(split_statements(file, text))
    assert check_statements(every, schema_text()) == []
    assert len(calls) == 1 and len(every) > 1
