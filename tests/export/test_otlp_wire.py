"""Our OTLP wire encoding against the SDK's own encoder and the official classes.

`bastion.export.otlp_wire` writes protobuf bytes itself (for speed) from the SDK's
``ReadableSpan`` objects. These tests encode the very same span objects with the SDK's
``encode_spans`` and require the same bytes, request for request, and parse what ours
writes with the generated ``opentelemetry-proto`` classes, so a wrong field number, wire
type, default or grouping would fail here."""

from __future__ import annotations

from typing import Any

import pytest
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.util.instrumentation import InstrumentationScope
from opentelemetry.trace import Link, SpanContext, SpanKind, Status, StatusCode, TraceState

from bastion.export.ocsf import SessionBook
from bastion.export.otel import SCOPE, TraceBuilder, otlp_json
from bastion.export.otlp_wire import any_value, encode_request
from bastion.store import Store
from bastion.store.export_log import read_page


def parse(data: bytes) -> ExportTraceServiceRequest:
    request = ExportTraceServiceRequest()
    request.ParseFromString(data)
    return request


def sdk_bytes(spans: list[ReadableSpan]) -> bytes:
    return encode_spans(spans).SerializeToString()


def test_a_recorded_session_encodes_to_the_sdk_encoders_very_bytes(recorded: Store) -> None:
    with recorded.engine.connect() as conn:
        items = read_page(conn, 0, 10_000)
    builder = TraceBuilder(book=SessionBook())
    spans = builder.add_all(items)
    assert len(spans) > 20
    assert {s.status.status_code for s in spans} == {StatusCode.UNSET, StatusCode.ERROR}
    assert any(s.events for s in spans) and any(s.parent is None for s in spans)
    ours = builder.encode(spans)
    assert ours == sdk_bytes(spans)
    (rs,) = parse(ours).resource_spans
    (ss,) = rs.scope_spans
    assert ss.scope.name == SCOPE
    assert [a.key for a in rs.resource.attributes] == ["service.name"]
    assert len(ss.spans) == len(spans)


def _span(
    name: str,
    span_id: int,
    resource: Resource,
    scope: InstrumentationScope | None,
    **extra: Any,
) -> ReadableSpan:
    return ReadableSpan(
        name,
        context=SpanContext(7, span_id, False, trace_state=extra.pop("state", TraceState())),
        resource=resource,
        instrumentation_scope=scope,
        start_time=10,
        end_time=20,
        **extra,
    )


def test_what_bastion_does_not_make_still_encodes_as_the_sdk_does() -> None:
    """Several resources and scopes (grouped in order of first appearance), a versioned
    scope with a schema URL, a trace state, span kinds, an OK status, a local parent,
    events with no attributes: all as the SDK's encoder writes them."""
    first = Resource({"service.name": "a"}, schema_url="https://example.invalid/s/1")
    second = Resource({"service.name": "b", "n": 2})
    scope = InstrumentationScope("x", "1.2", "https://example.invalid/x", {"k": "v"})
    spans = [
        _span("s1", 1, first, scope, kind=SpanKind.SERVER, status=Status(StatusCode.OK)),
        _span("s2", 2, second, None, kind=SpanKind.CONSUMER, events=[Event("e", None, 15)]),
        _span(
            "s3",
            3,
            first,
            InstrumentationScope("y"),
            parent=SpanContext(7, 1, False),
            state=TraceState([("vendor", "on")]),
            attributes={"f": 0.5, "l": ("a", "b"), "b": False},
        ),
        _span("s4", 4, first, scope, kind=SpanKind.CLIENT),
    ]
    assert encode_request(spans) == sdk_bytes(spans)
    request = parse(encode_request(spans))
    assert [len(rs.scope_spans) for rs in request.resource_spans] == [2, 1]
    assert encode_request([]) == sdk_bytes([]) == b""


def test_a_span_with_links_is_refused_not_sent_without_them() -> None:
    linked = _span("l", 1, Resource({}), None, links=[Link(SpanContext(7, 9, False))])
    with pytest.raises(ValueError, match="links"):
        encode_request([linked])


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
        spans = TraceBuilder(book=SessionBook()).add_all(read_page(conn, 0, 10_000))
    message = otlp_json(spans)
    got = message["resourceSpans"][0]["scopeSpans"][0]["spans"]
    assert len(got) == len(spans)
    assert got[0]["traceId"] == f"{spans[0].context.trace_id:032x}"
    attrs = message["resourceSpans"][0]["resource"]["attributes"]
    assert attrs == [{"key": "service.name", "value": {"stringValue": "bastion"}}]


def test_the_attribute_cache_is_bounded_and_changes_nothing(
    recorded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bastion.export import otlp_wire

    with recorded.engine.connect() as conn:
        builder = TraceBuilder(book=SessionBook())
        spans = builder.add_all(read_page(conn, 0, 10_000))
    otlp_wire._FIELD_CACHE.clear()
    cold = builder.encode(spans)
    warm = builder.encode(spans)
    monkeypatch.setattr(otlp_wire, "_FIELD_CACHE_LIMIT", 3)
    otlp_wire._FIELD_CACHE.clear()
    tiny = builder.encode(spans)
    assert cold == warm == tiny
    assert len(otlp_wire._FIELD_CACHE) <= 3
    # True and 1 are equal keys in a dict; the cache must still keep them apart.
    assert any_value(True) != any_value(1)
    assert otlp_wire.attributes(9, {"x": 1}) != otlp_wire.attributes(9, {"x": True})
