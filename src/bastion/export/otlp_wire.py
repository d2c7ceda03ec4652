"""OTLP protobuf bytes for the OpenTelemetry SDK's finished spans, written directly.

Spans are the SDK's own `ReadableSpan` objects (`bastion.export.otel` builds them
directly, without a tracer: Bastion's spans are finished records made after the fact from
the audit log). What this module replaces is only the SDK's *encoder*,
``opentelemetry.exporter.otlp.proto.common.trace_encoder.encode_spans``, because that
one step is what keeps the SDK path under the 10,000 spans/s target. Measured with
``python bench/otlp_sdk_bench.py`` (``bench/results/otlp-sdk.json``; opentelemetry-sdk and
-exporter-otlp-proto-http 1.45.2, protobuf 7.36 with its upb backend; 17,574 spans of
recorded sessions; load average 15-35, so CPU time, not wall time):

- SDK ``encode_spans`` + ``SerializePartialToString``: 87.7 us of CPU per span;
- this module's ``encode_request``, same bytes: 23.2 us of CPU per span;
- SDK ``OTLPSpanExporter`` (one reused session): 5,592 spans per exporter CPU-second;
- the OTLP sink with the SDK's encoder: 5,660 spans per exporter CPU-second;
- the OTLP sink with this module: 9,532 spans per exporter CPU-second.

Later (fleet4): the fields that repeat span after span (tags, the unset status, the
flags, name and kind) are written once, and the builder keeps each session's two derived
ids: building + encoding fell from 314,634 to 279,158 instructions per log entry (-11%,
valgrind callgrind, ``bench/otlp_instructions.py``, 3,000 entries, same request bytes);
CPU time at load 10-17 could not show it apart from noise.

``encode_spans`` builds one protobuf message per span, attribute, value and event through
the Python API; that alone holds the SDK path under 6,000 spans/s on a core of its own.
Everything else is the SDK's: the span, context, status, event, resource and scope classes.

What keeps it honest: the tests encode the same ``ReadableSpan`` list both ways and
require the very same bytes as ``encode_spans(spans).SerializeToString()``, and parse
every request with the official generated classes (``opentelemetry-proto``). Field numbers
are those of ``opentelemetry/proto/trace/v1``. Links are not encoded (Bastion makes none):
a span with links is refused, so nothing is dropped silently.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from typing import Any

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.util.instrumentation import InstrumentationScope
from opentelemetry.trace import SpanContext

__all__ = ["any_value", "attributes", "encode_request", "encode_span", "key_value"]

# SpanFlags: the context says whether the parent is remote, and it is (a span of another
# batch, or derived). The SDK sets the same bits for a remote parent.
_HAS_IS_REMOTE = 0x100
_IS_REMOTE = 0x200
_U64 = (1 << 64) - 1


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


def _span_flags(parent: SpanContext | None) -> int:
    # As the SDK sets them: the context says whether the parent is remote.
    return _HAS_IS_REMOTE | (_IS_REMOTE if parent is not None and parent.is_remote else 0)


# Fields that are the same bytes span after span, written once (profiled: the tags'
# varints, the unset status and the flags were a fifth of a span's encoding). The flags
# field for a span without a remote parent, and with one:
_FLAGS = {
    False: _tag(16, 5) + struct.pack("<I", _HAS_IS_REMOTE),
    True: _tag(16, 5) + struct.pack("<I", _HAS_IS_REMOTE | _IS_REMOTE),
}
_TRACE_TAG = _tag(1, 2) + _varint(16)
_SPAN_TAG = _tag(2, 2) + _varint(8)
_PARENT_TAG = _tag(4, 2) + _varint(8)
_START_TAG = _tag(7, 1)
_END_TAG = _tag(8, 1)
_EVENT_TIME_TAG = _tag(1, 1)
_PACK_U64 = struct.Struct("<Q").pack
# A span's status field by (code, description): a few distinct values in practice.
_STATUS_CACHE: dict[tuple[int, str], bytes] = {}
# Encoded name and kind fields by (name, kind): span names repeat ("execute_tool Bash").
_NAME_CACHE: dict[tuple[str, int], bytes] = {}


def _status_field(code: int, description: str) -> bytes:
    slot = (code, description)
    hit = _STATUS_CACHE.get(slot)
    if hit is None:
        if len(_STATUS_CACHE) >= _FIELD_CACHE_LIMIT:
            _STATUS_CACHE.clear()
        body = _str_field(2, description) + _varint_field(3, code)
        hit = _STATUS_CACHE[slot] = _bytes_field(15, body)  # present even when unset
    return hit


def _name_kind(name: str, kind: int) -> bytes:
    slot = (name, kind)
    hit = _NAME_CACHE.get(slot)
    if hit is None:
        if len(_NAME_CACHE) >= _FIELD_CACHE_LIMIT:
            _NAME_CACHE.clear()
        # API enum from 0, protobuf's from 1
        hit = _NAME_CACHE[slot] = _str_field(5, name) + _varint_field(6, kind + 1)
    return hit


def encode_span(span: ReadableSpan) -> bytes:
    """One ``Span`` message body, fields in number order (as protobuf writes them)."""
    context = span.context
    if context is None:
        raise ValueError(f"span {span.name!r} has no span context")
    if span.links:
        raise ValueError(f"span {span.name!r} has links, which this encoder does not write")
    parent = span.parent
    out = [
        _TRACE_TAG + context.trace_id.to_bytes(16, "big"),
        _SPAN_TAG + context.span_id.to_bytes(8, "big"),
    ]
    state = context.trace_state
    if state:
        out.append(_str_field(3, ",".join(f"{k}={v}" for k, v in state.items())))
    if parent is not None:
        out.append(_PARENT_TAG + parent.span_id.to_bytes(8, "big"))
    out.append(_name_kind(span.name, span.kind.value))
    start, end = span.start_time or 0, span.end_time or 0
    if start:
        out.append(_START_TAG + _PACK_U64(start & _U64))
    if end:
        out.append(_END_TAG + _PACK_U64(end & _U64))
    out.append(attributes(9, span.attributes or {}))
    dropped = span.dropped_attributes
    if dropped:
        out.append(_varint_field(10, dropped))
    for event in span.events:
        at = event.timestamp
        body = (
            (_EVENT_TIME_TAG + _PACK_U64(at & _U64) if at else b"")
            + _str_field(2, event.name)
            + attributes(3, event.attributes or {})
            + _varint_field(4, event.dropped_attributes)
        )
        out.append(_bytes_field(11, body))
    dropped = span.dropped_events
    if dropped:
        out.append(_varint_field(12, dropped))
    status = span.status
    out.append(_status_field(status.status_code.value, status.description or ""))
    out.append(_FLAGS[parent is not None and parent.is_remote])
    return b"".join(out)


def _scope(scope: InstrumentationScope | None) -> bytes:
    if scope is None:
        return b""
    return (
        _str_field(1, scope.name)
        + _str_field(2, scope.version or "")
        + attributes(3, scope.attributes or {})
    )


def encode_request(spans: Iterable[ReadableSpan]) -> bytes:
    """An ``ExportTraceServiceRequest``: the bytes ``encode_spans(spans)`` serialises to.

    Spans are grouped by resource, then by instrumentation scope, in order of first
    appearance, as the SDK groups them. Grouping is by object identity (the SDK hashes
    each span's resource, a JSON dump of its attributes, per span): a builder shares one
    resource and one scope across its spans, so the groups are the same."""
    groups: dict[int, tuple[Resource, dict[int, tuple[InstrumentationScope | None, list[bytes]]]]]
    groups = {}
    for span in spans:
        resource = span.resource
        scope = span.instrumentation_scope
        scopes = groups.setdefault(id(resource), (resource, {}))[1]
        scopes.setdefault(id(scope), (scope, []))[1].append(_bytes_field(2, encode_span(span)))
    out = []
    for resource, scopes in groups.values():
        body = [_bytes_field(1, attributes(1, resource.attributes))]
        for scope, encoded in scopes.values():
            scope_spans = _bytes_field(1, _scope(scope)) + b"".join(encoded)
            if scope is not None and scope.schema_url:
                scope_spans += _str_field(3, scope.schema_url)
            body.append(_bytes_field(2, scope_spans))
        body.append(_str_field(3, resource.schema_url))
        out.append(_bytes_field(1, b"".join(body)))
    return b"".join(out)
