"""The log entry of one recorded event: the exact bytes that become a Merkle leaf.

An entry is canonical JSON (keys sorted, no spaces, ASCII only, as `canonical_json`
writes it) of ``{"alerts": [...], "event": {...}, "findings": [...]}``: every column of
the stored event row, plus the findings and alerts written with it in the same
transaction. The store writes JSON columns with `canonical_json` too, so on SQLite an
entry is assembled from the stored text without parsing it again (`compose_entry`),
and any other backend re-serialises the parsed values to the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any

__all__ = [
    "ALERT_FIELDS",
    "ENTRY_FIELDS",
    "FINDING_FIELDS",
    "JSON_FIELDS",
    "alert_part",
    "canonical_json",
    "compose_entry",
    "compose_values",
    "entry_bytes",
    "finding_part",
    "parse_entry",
]

ENTRY_FIELDS = (
    "data",
    "decision",
    "facts",
    "id",
    "kind",
    "native_name",
    "seq",
    "session_id",
    "time",
    "tool",
    "tool_use_id",
    "verdict",
)
"""The event columns an entry covers (all of them), in canonical (sorted) order."""

JSON_FIELDS = ("data", "facts", "verdict")
FINDING_FIELDS = ("detail", "evidence", "kind", "rule", "severity")
ALERT_FIELDS = ("detail", "severity", "title")
"""Alert fields an entry covers; ``status`` changes when a responder acts, so it is left out."""

_encoder = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=True
)
_dumps = _encoder.encode


def canonical_json(value: Any) -> str:
    """Serialise ``value`` canonically: sorted keys, compact, ASCII, floats as ``repr``."""
    return _dumps(value)


def finding_part(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in FINDING_FIELDS}


def alert_part(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ALERT_FIELDS}


def compose_entry(
    fields: Mapping[str, Any],
    json_texts: Mapping[str, str | None],
    findings_text: str = "[]",
    alerts_text: str = "[]",
) -> bytes:
    """Assemble an entry from scalar columns and already canonical JSON texts.

    ``json_texts`` maps ``data``, ``facts`` and ``verdict`` to their canonical JSON
    text (``None`` for SQL NULL, written as ``null``).
    """
    f = fields.get
    return compose_values(
        json_texts.get("data"),
        f("decision"),
        json_texts.get("facts"),
        f("id"),
        f("kind"),
        f("native_name"),
        f("seq"),
        f("session_id"),
        f("time"),
        f("tool"),
        f("tool_use_id"),
        json_texts.get("verdict"),
        findings_text,
        alerts_text,
    )


_ENTRY_TEMPLATE = (
    '{"alerts":%s,"event":{"data":%s,"decision":%s,"facts":%s,"id":%s,"kind":%s,'
    '"native_name":%s,"seq":%s,"session_id":%s,"time":%s,"tool":%s,"tool_use_id":%s,'
    '"verdict":%s},"findings":%s}'
)


def compose_values(
    data: str | None,
    decision: Any,
    facts: str | None,
    id: Any,
    kind: Any,
    native_name: Any,
    seq: Any,
    session_id: Any,
    time: Any,
    tool: Any,
    tool_use_id: Any,
    verdict: str | None,
    findings_text: str = "[]",
    alerts_text: str = "[]",
) -> bytes:
    """`compose_entry` with the columns as arguments in `ENTRY_FIELDS` order (the fast path).

    Verification calls this once per stored event, so it is one ``%`` over a fixed
    template (about 40% faster than joining the pieces), with the column types the
    schema guarantees formatted inline; any other value takes the general path.
    Canonical JSON is ASCII, so text that is not (only an edit of a stored JSON column
    puts it there) is encoded as UTF-8: it makes an entry that does not match its leaf,
    never an exception.
    """
    if type(seq) is int and type(time) is float and _finite(time):
        try:
            text = _ENTRY_TEMPLATE % (
                alerts_text,
                "null" if data is None else data,
                "null" if decision is None else _esc(decision),
                "null" if facts is None else facts,
                _esc(id),
                _esc(kind),
                _esc(native_name),
                _int_repr(seq),
                _esc(session_id),
                _float_repr(time),
                "null" if tool is None else _esc(tool),
                "null" if tool_use_id is None else _esc(tool_use_id),
                "null" if verdict is None else verdict,
                findings_text,
            )
        except TypeError:  # a column that is not a string where the schema has one
            pass
        else:
            return text.encode("utf-8", "surrogateescape")
    return (
        _ENTRY_TEMPLATE
        % (
            alerts_text,
            "null" if data is None else data,
            _value(decision),
            "null" if facts is None else facts,
            _value(id),
            _value(kind),
            _value(native_name),
            _value(seq),
            _value(session_id),
            _value(time),
            _value(tool),
            _value(tool_use_id),
            "null" if verdict is None else verdict,
            findings_text,
        )
    ).encode("utf-8", "surrogateescape")


_esc = encode_basestring_ascii
_int_repr = int.__repr__


def _finite(value: float) -> bool:
    return value - value == 0.0


_float_repr = float.__repr__
_INF = float("inf")


def _value(value: Any) -> str:
    """Canonical JSON of a scalar column, as `canonical_json` writes it, only faster."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        # json writes finite floats with float.__repr__; the rest by name (allow_nan).
        if value != value:
            return "NaN"
        if value == _INF:
            return "Infinity"
        if value == -_INF:
            return "-Infinity"
        return _float_repr(value)
    return _dumps(value)


def entry_bytes(
    row: Mapping[str, Any],
    findings: Sequence[Mapping[str, Any]] = (),
    alerts: Sequence[Mapping[str, Any]] = (),
) -> bytes:
    """Return the entry of an event row (with ``seq``) and its finding and alert rows."""
    return compose_entry(
        row,
        {name: canonical_json(row.get(name)) for name in JSON_FIELDS},
        canonical_json([finding_part(f) for f in findings]),
        canonical_json([alert_part(a) for a in alerts]),
    )


def parse_entry(data: bytes) -> dict[str, Any]:
    """Parse an entry back into ``{"event": ..., "findings": ..., "alerts": ...}``."""
    value = json.loads(data)
    if not isinstance(value, dict) or not isinstance(value.get("event"), dict):
        raise ValueError("not a Bastion log entry: expected an object with an 'event' object")
    return value
