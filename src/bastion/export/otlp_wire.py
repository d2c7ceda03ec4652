"""Spans and their OTLP protobuf encoding, written directly in the wire format.

Why our own encoder rather than the OpenTelemetry SDK's span objects and exporter: the
SDK costs about 150 µs of CPU per span on this machine (half in its span objects: locks,
attribute cleaning, resource hashing; half in building protobuf messages field by field),
which capped the OTLP sink at 6-7k events/s against a target of 10k. Bastion's spans are
finished records, made after the fact from the audit log, so they need none of the SDK's
live-span machinery. A `SpanRecord` is a plain record; `encode_request` writes the
``ExportTraceServiceRequest`` bytes with varints and length prefixes, and keeps the
encoded form of attributes that repeat: about 30 µs of CPU per span, built and encoded,
against about 110 µs the SDK's way (`python bench/export_bench.py`, docs/export.md).

What keeps it honest: the tests parse every request with the official generated classes
(``opentelemetry-proto``) and compare it, span for span, with what the SDK's own encoder
makes of the same spans. Field numbers are those of ``opentelemetry/proto/trace/v1``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SPAN_KIND_INTERNAL = 1
STATUS_UNSET = 0
STATUS_ERROR = 2
# SpanFlags: the context says whether the parent is remote, and it is (a span of another
# batch, or derived). The SDK sets the same bits for a remote parent.
_HAS_IS_REMOTE = 0x100
_IS_REMOTE = 0x200
_U64 = (1 << 64) - 1


@dataclass(slots=True)
class SpanRecord:
    """A finished span, as OTLP carries it (ids are integers, times nanoseconds)."""

    name: str
    trace_id: int
    span_id: int
    parent_id: int | None
    start_ns: int
    end_ns: int
    attributes: Mapping[str, Any]
    kind: int = SPAN_KIND_INTERNAL
    status_code: int = STATUS_UNSET
    status_message: str = ""
    events: Sequence[tuple[str, Mapping[str, Any], int]] = field(default_factory=tuple)


_SMALL = [bytes((n,)) for n in range(128)]


def _varint(value: int) -> bytes:
    if 0 <= value < 128:
        return _SMALL[value]
    value &= _U64
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _tag(number: int, wire: int) -> bytes:
    return _varint((number << 3) | wire)


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _tag(number, 2) + _varint(len(payload)) + payload


def _str_field(number: int, text: str) -> bytes:
    return _bytes_field(number, text.encode("utf-8")) if text else b""


def _fixed64_field(number: int, value: int) -> bytes:
    return _tag(number, 1) + struct.pack("<Q", value & _U64) if value else b""


def _varint_field(number: int, value: int) -> bytes:
    return _tag(number, 0) + _varint(value) if value else b""


def any_value(value: Any) -> bytes:
    """An ``AnyValue`` message body. Unset fields are left out, as proto3 does."""
    if value is None:
        return b""
    if isinstance(value, bool):
        return _tag(2, 0) + _varint(int(value))
    if isinstance(value, str):
        return _bytes_field(1, value.encode("utf-8"))
    if isinstance(value, int):
        return _tag(3, 0) + _varint(value)
    if isinstance(value, float):
        return _tag(4, 1) + struct.pack("<d", value)
    if isinstance(value, bytes):
        return _bytes_field(7, value)
    if isinstance(value, Mapping):
        return _bytes_field(
            6, b"".join(_bytes_field(1, key_value(str(k), v)) for k, v in value.items())
        )
    if isinstance(value, Iterable):
        return _bytes_field(5, b"".join(_bytes_field(1, any_value(v)) for v in value))
    raise TypeError(f"an OTLP attribute cannot hold a {type(value).__name__}")


def key_value(key: str, value: Any) -> bytes:
    return _str_field(1, key) + _bytes_field(2, any_value(value))


# Encoded attribute fields by (field, key, value): most repeat from span to span (the
# session's agent, model, human, the operation name, the decision). Bounded: cleared
# when full, so unique values (leaf hashes, call ids) cannot grow it without limit.
_FIELD_CACHE: dict[tuple[int, str, Any, type], bytes] = {}
_FIELD_CACHE_LIMIT = 50_000


def attributes(number: int, attrs: Mapping[str, Any]) -> bytes:
    """Repeated ``KeyValue`` field ``number``."""
    out = []
    cache = _FIELD_CACHE
    for k, v in attrs.items():
        if v.__class__ in (str, int, bool):
            slot = (number, k, v, v.__class__)
            hit = cache.get(slot)
            if hit is None:
                if len(cache) >= _FIELD_CACHE_LIMIT:
                    cache.clear()
                hit = cache[slot] = _bytes_field(number, key_value(k, v))
            out.append(hit)
        else:
            out.append(_bytes_field(number, key_value(k, v)))
    return b"".join(out)


def encode_span(span: SpanRecord) -> bytes:
    """One ``Span`` message body, fields in number order (as protobuf writes them)."""
    out = [
        _bytes_field(1, span.trace_id.to_bytes(16, "big")),
        _bytes_field(2, span.span_id.to_bytes(8, "big")),
    ]
    if span.parent_id is not None:
        out.append(_bytes_field(4, span.parent_id.to_bytes(8, "big")))
    out.append(_str_field(5, span.name))
    out.append(_varint_field(6, span.kind))
    out.append(_fixed64_field(7, span.start_ns))
    out.append(_fixed64_field(8, span.end_ns))
    out.append(attributes(9, span.attributes))
    for name, event_attrs, at in span.events:
        event = _fixed64_field(1, at) + _str_field(2, name) + attributes(3, event_attrs)
        out.append(_bytes_field(11, event))
    status = _str_field(2, span.status_message) + _varint_field(3, span.status_code)
    out.append(_bytes_field(15, status))  # present even when unset, as the SDK sends it
    flags = _HAS_IS_REMOTE | (_IS_REMOTE if span.parent_id is not None else 0)
    out.append(_tag(16, 5) + struct.pack("<I", flags))
    return b"".join(out)


def encode_request(
    spans: Iterable[SpanRecord],
    *,
    resource: Mapping[str, Any],
    scope: str,
) -> bytes:
    """An ``ExportTraceServiceRequest``: one resource, one scope, the spans in order."""
    body = b"".join(_bytes_field(2, encode_span(s)) for s in spans)
    scope_spans = _bytes_field(1, _str_field(1, scope)) + body
    resource_spans = _bytes_field(1, attributes(1, resource)) + _bytes_field(2, scope_spans)
    return _bytes_field(1, resource_spans)
