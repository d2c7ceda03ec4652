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
_scalar = json.dumps


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
    """`compose_entry` with the columns as arguments in `ENTRY_FIELDS` order (the fast path)."""
    return "".join(
        (
            '{"alerts":',
            alerts_text,
            ',"event":{"data":',
            "null" if data is None else data,
            ',"decision":',
            _value(decision),
            ',"facts":',
            "null" if facts is None else facts,
            ',"id":',
            _value(id),
            ',"kind":',
            _value(kind),
            ',"native_name":',
            _value(native_name),
            ',"seq":',
            _value(seq),
            ',"session_id":',
            _value(session_id),
            ',"time":',
            _value(time),
            ',"tool":',
            _value(tool),
            ',"tool_use_id":',
            _value(tool_use_id),
            ',"verdict":',
            "null" if verdict is None else verdict,
            '},"findings":',
            findings_text,
            "}",
        )
    ).encode("ascii")


def _value(value: Any) -> str:
    """Canonical JSON of a scalar column, as `canonical_json` writes it, only faster."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if kind is float:
        return _scalar(value)
    if kind is int:
        return str(value)
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
