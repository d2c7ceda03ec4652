"""A log entry is exactly canonical JSON of the event row, whichever path composes it."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bastion.audit.entry import ENTRY_FIELDS, JSON_FIELDS, canonical_json, compose_values

scalars = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
)
# Columns as the schema has them (the fast path) and anything at all (the general one).
typed_row = st.fixed_dictionaries(
    {
        "data": json_values,
        "decision": st.none() | st.sampled_from(["allow", "ask", "deny"]),
        "facts": json_values,
        "id": st.text(),
        "kind": st.text(),
        "native_name": st.text(),
        "seq": st.integers(min_value=1),
        "session_id": st.text(),
        "time": st.floats(allow_nan=False, allow_infinity=False),
        "tool": st.none() | st.text(),
        "tool_use_id": st.none() | st.text(),
        "verdict": json_values,
    }
)
any_row = st.fixed_dictionaries(
    {name: json_values if name in JSON_FIELDS else scalars for name in ENTRY_FIELDS}
)


def composed(row: dict[str, Any], findings: list[Any], alerts: list[Any]) -> bytes:
    args = [canonical_json(row[n]) if n in JSON_FIELDS else row[n] for n in ENTRY_FIELDS]
    return compose_values(*args, canonical_json(findings), canonical_json(alerts))


@given(typed_row | any_row, st.lists(json_values, max_size=2), st.lists(json_values, max_size=2))
def test_composed_entry_is_canonical_json(
    row: dict[str, Any], findings: list[Any], alerts: list[Any]
) -> None:
    expected = canonical_json({"alerts": alerts, "event": row, "findings": findings})
    assert composed(row, findings, alerts) == expected.encode("ascii")
