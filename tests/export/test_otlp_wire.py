"""Our OTLP wire encoding against the official classes and the SDK's own encoder.

`bastion.export.otlp_wire` writes protobuf bytes itself (for speed). These tests parse
what it writes with the generated ``opentelemetry-proto`` classes and compare each span
with what the OpenTelemetry SDK's encoder makes of the same span built as SDK objects,
so a wrong field number, wire type or default would fail here."""

from __future__ import annotations

from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry.trace import NonRecordingSpan, SpanContext, Status, StatusCode

from bastion.export.ocsf import SessionBook
from bastion.export.otel import SCOPE, TraceBuilder, otlp_json
from bastion.export.otlp_wire import STATUS_ERROR, SpanRecord, any_value, encode_request
from bastion.store import Store
from bastion.store.export_log import read_page


class _Ids(IdGenerator):
    def __init__(self) -> None:
        self.span = 1
        self.trace = 1

    def generate_span_id(self) -> int:
        return self.span

    def generate_trace_id(self) -> int:
        return self.trace


class _Collect(SpanProcessor):
    def __init__(self) -> None:
        self.spans: list[ReadableSpan] = []

    def on_end(self, span: ReadableSpan) -> None:
        self.spans.append(span)


def sdk_spans(records: list[SpanRecord]) -> list[ReadableSpan]:
    """The same spans made the SDK's way (the oracle)."""
    ids, collect = _Ids(), _Collect()
    provider = TracerProvider(id_generator=ids)
    provider.add_span_processor(collect)
    tracer = provider.get_tracer(SCOPE)
    for r in records:
        context = None
        if r.parent_id is not None:
            parent = SpanContext(r.trace_id, r.parent_id, True, trace.TraceFlags(0x01))
            context = trace.set_span_in_context(NonRecordingSpan(parent))
        ids.trace, ids.span = r.trace_id, r.span_id
        span = tracer.start_span(
            r.name, context=context, attributes=dict(r.attributes), start_time=r.start_ns
        )
        for name, attrs, at in r.events:
            span.add_event(name, dict(attrs), timestamp=at)
        if r.status_code == STATUS_ERROR:
            span.set_status(Status(StatusCode.ERROR, r.status_message))
        span.end(end_time=r.end_ns)
    return collect.spans


def parse(data: bytes) -> ExportTraceServiceRequest:
    request = ExportTraceServiceRequest()
    request.ParseFromString(data)
    return request


def test_every_span_of_a_recorded_session_matches_the_sdk_encoding(recorded: Store) -> None:
    with recorded.engine.connect() as conn:
        items = read_page(conn, 0, 10_000)
    builder = TraceBuilder(book=SessionBook())
    records = builder.add_all(items)
    assert len(records) > 20
    assert {r.status_code for r in records} == {0, STATUS_ERROR}  # both kinds present
    assert any(r.events for r in records) and any(r.parent_id is None for r in records)
    ours = parse(builder.encode(records))
    theirs = encode_spans(sdk_spans(records))
    (rs,) = ours.resource_spans
    (ss,) = rs.scope_spans
    assert ss.scope.name == SCOPE
    assert [a.key for a in rs.resource.attributes] == ["service.name"]
    their_spans = [s for r in theirs.resource_spans for sc in r.scope_spans for s in sc.spans]
    assert len(ss.spans) == len(their_spans) == len(records)
    for mine, sdk in zip(ss.spans, their_spans, strict=True):
        assert mine == sdk, mine.name
        # Byte for byte too: fields in number order, defaults left out.
        assert mine.SerializeToString(deterministic=True) == sdk.SerializeToString(
            deterministic=True
        )


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        0,
        1,
        -1,
        2**63 - 1,
        -(2**63),
        1.5,
        -0.25,
        "",
        "é ✓",
        b"\x00\xff",
        ["a", "b"],
        [1, 2, 3],
        [],
        {"k": "v", "n": 2},
    ],
)
def test_attribute_values_round_trip(value: Any) -> None:
    from opentelemetry.proto.common.v1.common_pb2 import AnyValue

    parsed = AnyValue()
    parsed.ParseFromString(any_value(value))
    kind = parsed.WhichOneof("value")
    if isinstance(value, bool):
        assert kind == "bool_value" and parsed.bool_value is value
    elif isinstance(value, int):
        assert parsed.int_value == value
    elif isinstance(value, float):
        assert parsed.double_value == value
    elif isinstance(value, str):
        assert parsed.string_value == value
    elif isinstance(value, bytes):
        assert parsed.bytes_value == value
    elif isinstance(value, dict):
        assert {kv.key: kv.value for kv in parsed.kvlist_value.values}.keys() == value.keys()
    else:
        assert len(parsed.array_value.values) == len(value)


def test_an_attribute_of_an_unknown_type_is_refused_with_its_type() -> None:
    with pytest.raises(TypeError, match="object"):
        any_value(object())


def test_otlp_json_keeps_hex_ids_and_the_service_name(recorded: Store) -> None:
    with recorded.engine.connect() as conn:
        records = TraceBuilder(book=SessionBook()).add_all(read_page(conn, 0, 10_000))
    message = otlp_json(records)
    spans = message["resourceSpans"][0]["scopeSpans"][0]["spans"]
    assert len(spans) == len(records)
    assert spans[0]["traceId"] == f"{records[0].trace_id:032x}"
    attrs = message["resourceSpans"][0]["resource"]["attributes"]
    assert attrs == [{"key": "service.name", "value": {"stringValue": "bastion"}}]
    assert encode_request([], resource={}, scope=SCOPE)  # an empty batch is still valid


def test_the_attribute_cache_is_bounded_and_changes_nothing(
    recorded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bastion.export import otlp_wire

    with recorded.engine.connect() as conn:
        builder = TraceBuilder(book=SessionBook())
        records = builder.add_all(read_page(conn, 0, 10_000))
    otlp_wire._FIELD_CACHE.clear()
    cold = builder.encode(records)
    warm = builder.encode(records)
    monkeypatch.setattr(otlp_wire, "_FIELD_CACHE_LIMIT", 3)
    otlp_wire._FIELD_CACHE.clear()
    tiny = builder.encode(records)
    assert cold == warm == tiny
    assert len(otlp_wire._FIELD_CACHE) <= 3
    # True and 1 are equal keys in a dict; the cache must still keep them apart.
    assert any_value(True) != any_value(1)
    assert otlp_wire.attributes(9, {"x": 1}) != otlp_wire.attributes(9, {"x": True})
