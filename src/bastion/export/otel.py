"""Log entries as OpenTelemetry traces, after the GenAI semantic conventions.

A session is one trace. Spans are the OpenTelemetry SDK's finished ``ReadableSpan``s,
made directly from the log (no tracer, no context: they describe what already happened),
and encoded by `bastion.export.otlp_wire` (that module says why not the SDK's encoder):

- ``invoke_agent {agent}``: the session, from its start to its end (emitted when the
  session_end entry passes, the root of every other span);
- ``execute_tool {tool}``: one tool call, from the decision to its result (emitted at the
  result, or at the decision when Bastion denied or held the call, which then never ran);
- ``apply_guardrail``: Bastion's check of a call, a result or a prompt, a child of what it
  checked, carrying a ``gen_ai.guardrail.result`` event with the decision, reasons and
  findings. ``apply_guardrail`` is not (yet) a value of ``gen_ai.operation.name`` in the
  pinned semantic conventions; Bastion's own attributes use the ``bastion.`` namespace.

Ids are derived, not random: the trace id from the session id, a tool span's id from its
call id, a guardrail span's id from the entry's leaf hash. Sending the same entries twice
therefore makes the same spans (a backend keeps one), which is what at-least-once
delivery needs. Tool arguments and outputs are not exported (only their names and ids);
what is exported comes from the redacted record.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.util.instrumentation import InstrumentationScope
from opentelemetry.trace import SpanContext, SpanKind, Status, StatusCode, TraceFlags

from bastion.core.tools import ToolKind
from bastion.export.ocsf import SessionBook, ai_provider
from bastion.export.otlp_wire import encode_request
from bastion.sensors import tool_spec
from bastion.store.export_log import LogItem

INVOKE_AGENT = "invoke_agent"  # not an agent's name: OTel GenAI operation name
EXECUTE_TOOL = "execute_tool"
APPLY_GUARDRAIL = "apply_guardrail"
GUARDRAIL_RESULT = "gen_ai.guardrail.result"
SCOPE = "bastion.export.otel"  # the instrumentation scope of every span
_log = logging.getLogger("bastion.export")
_OPEN_LIMIT = 100_000
_SAMPLED = TraceFlags(TraceFlags.SAMPLED)
_UNSET = Status(StatusCode.UNSET)
_SCOPE = InstrumentationScope(SCOPE)


def _id(*parts: str, size: int) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    value = int.from_bytes(digest[:size], "big")
    return value or 1


def trace_id(session_id: str) -> int:
    return _id("bastion-trace", session_id, size=16)


def agent_span_id(session_id: str) -> int:
    return _id("bastion-agent", session_id, size=8)


def tool_span_id(session_id: str, call_id: str) -> int:
    return _id("bastion-tool", session_id, call_id, size=8)


@dataclass
class _Pending:
    start_ns: int
    tool: str


@dataclass
class TraceBuilder:
    """Turns log items, in order, into finished spans (`take` hands them over)."""

    book: SessionBook = field(default_factory=SessionBook)
    service_name: str = "bastion"
    _calls: dict[tuple[str, str], _Pending] = field(default_factory=dict)
    _starts: dict[str, int] = field(default_factory=dict)
    # Calls whose span already ended at a deny or ask: an approval or a result reported
    # later (a client may still send one) must not make a second span with the same id.
    _ended: dict[tuple[str, str], None] = field(default_factory=dict)

    _done: list[ReadableSpan] = field(default_factory=list)
    _resource: Resource | None = None
    # A session's (trace id, agent span id): two SHA-256s that every span of the session
    # asked for again (profiled: a sixth of building a span). Bounded like the rest.
    _session_ids: dict[str, tuple[int, int]] = field(default_factory=dict)

    def _ids(self, sid: str) -> tuple[int, int]:
        found = self._session_ids.get(sid)
        if found is None:
            if len(self._session_ids) > _OPEN_LIMIT:
                self._session_ids.clear()
            found = self._session_ids[sid] = (trace_id(sid), agent_span_id(sid))
        return found

    @property
    def resource(self) -> Resource:
        """One resource object for every span (the encoder groups spans by it)."""
        if self._resource is None:
            # Resource(...) rather than Resource.create: only what we set, nothing read
            # from the environment or the SDK's detectors.
            self._resource = Resource({"service.name": self.service_name})
        return self._resource

    def take(self) -> list[ReadableSpan]:
        spans, self._done = self._done, []
        return spans

    def encode(self, spans: Sequence[ReadableSpan]) -> bytes:
        """The OTLP protobuf request carrying ``spans``."""
        return encode_request(spans)

    def add_all(self, items: Iterable[LogItem]) -> list[ReadableSpan]:
        for item in items:
            try:
                self.add(item)
            except Exception:  # an entry of a shape we do not expect makes no span
                _log.warning("no span for log seq %d: unexpected entry shape", item.seq)
        return self.take()

    def add(self, item: LogItem) -> None:
        entry = item.parsed()
        ev = entry["event"]
        self.book.learn(ev)
        sid = str(ev.get("session_id") or "")
        kind = ev.get("kind")
        t_ns = int(float(ev.get("time") or 0) * 1e9)
        ctx = self.book.get(sid)
        common = self._common(sid, ctx)
        if len(self._calls) > _OPEN_LIMIT or len(self._starts) > _OPEN_LIMIT:
            # Calls whose result never came and sessions that never ended: forget the
            # oldest rather than grow without bound (their spans then start at the end).
            for open_call in list(self._calls)[: len(self._calls) // 2]:
                del self._calls[open_call]
            for session in list(self._starts)[: len(self._starts) // 2]:
                del self._starts[session]
        if len(self._ended) > _OPEN_LIMIT:
            for ended in list(self._ended)[: len(self._ended) // 2]:
                del self._ended[ended]
        if kind == "session_start":
            self._starts[sid] = t_ns
        elif kind == "session_end":
            start = self._starts.get(sid, t_ns)
            self._span(
                f"{INVOKE_AGENT} {ctx.agent or 'agent'}",
                sid,
                None,
                self._ids(sid)[1],
                start,
                t_ns,
                {**common, "gen_ai.operation.name": INVOKE_AGENT},
            )
        elif kind in ("action", "permission_request") and ev.get("tool"):
            call = str(ev.get("tool_use_id") or ev.get("id"))
            tool = str(ev["tool"])
            tool_span = tool_span_id(sid, call)
            decision = str(ev.get("decision") or "allow")
            if decision == "allow":
                if (sid, call) not in self._ended:
                    self._calls[(sid, call)] = _Pending(t_ns, tool)
            else:
                # Denied or held: the tool does not run now; its span ends here.
                self._tool_span(sid, call, tool, t_ns, t_ns, common, error=decision)
                self._ended[(sid, call)] = None
            self._guardrail(item, ev, entry, sid, tool_span, t_ns, common)
        elif kind == "observation" and ev.get("tool"):
            call = str(ev.get("tool_use_id") or ev.get("id"))
            pending = self._calls.pop((sid, call), None)
            start = pending.start_ns if pending else t_ns
            failed = "failed" if (ev.get("data") or {}).get("error") else ""
            already = (sid, call) in self._ended
            self._ended.pop((sid, call), None)
            if not already:
                self._tool_span(sid, call, str(ev["tool"]), start, t_ns, common, error=failed)
            if entry.get("findings"):
                self._guardrail(item, ev, entry, sid, tool_span_id(sid, call), t_ns, common)
        elif kind == "prompt":
            self._guardrail(item, ev, entry, sid, self._ids(sid)[1], t_ns, common)

    # -- spans --------------------------------------------------------------------------

    def _common(self, sid: str, ctx: Any) -> dict[str, Any]:
        attrs: dict[str, Any] = {"gen_ai.conversation.id": sid}
        if ctx.agent:
            attrs["gen_ai.agent.name"] = ctx.agent
            attrs["gen_ai.agent.id"] = f"{ctx.agent}:{sid}"
            provider = ai_provider(ctx.agent)
            if provider:
                attrs["gen_ai.provider.name"] = provider.lower()
        if ctx.model:
            attrs["gen_ai.request.model"] = ctx.model
        if ctx.human:
            attrs["enduser.id"] = ctx.human
        if ctx.host:
            attrs["host.name"] = ctx.host
        return attrs

    def _tool_span(
        self,
        sid: str,
        call: str,
        tool: str,
        start: int,
        end: int,
        common: dict[str, Any],
        *,
        error: str = "",
    ) -> None:
        attrs = {
            **common,
            "gen_ai.operation.name": EXECUTE_TOOL,
            "gen_ai.tool.name": tool,
            "gen_ai.tool.call.id": call,
            "gen_ai.tool.type": "extension" if _is_mcp(tool, common) else "function",
        }
        self._span(
            f"{EXECUTE_TOOL} {tool}",
            sid,
            self._ids(sid)[1],
            tool_span_id(sid, call),
            start,
            max(end, start),
            attrs,
            error=error,
        )

    def _guardrail(
        self,
        item: LogItem,
        ev: Mapping[str, Any],
        entry: Mapping[str, Any],
        sid: str,
        parent: int,
        t_ns: int,
        common: dict[str, Any],
    ) -> None:
        verdict = ev.get("verdict") or {}
        findings = entry.get("findings") or []
        decision = str(ev.get("decision") or "allow")
        attrs = {
            **common,
            "gen_ai.operation.name": APPLY_GUARDRAIL,
            "bastion.decision": decision,
            "bastion.event.kind": str(ev.get("kind")),
            "bastion.seq": int(ev.get("seq") or 0),
            "bastion.leaf_hash": item.key,
            "bastion.policy_hash": str(verdict.get("policy_hash") or ""),
        }
        if ev.get("tool"):
            attrs["gen_ai.tool.name"] = str(ev["tool"])
        result: dict[str, Any] = {
            "bastion.decision": decision,
            "bastion.reasons": [str(r) for r in verdict.get("reasons") or []][:20],
            "bastion.policies": [str(p) for p in verdict.get("policies") or []][:20],
            "bastion.findings": [f"{f.get('severity')}:{f.get('kind')}" for f in findings][:50],
        }
        self._span(
            APPLY_GUARDRAIL,
            sid,
            parent,
            _id("bastion-guardrail", item.key, size=8),
            t_ns,
            t_ns,
            attrs,
            error="denied" if decision == "deny" else "",
            events=[(GUARDRAIL_RESULT, result, t_ns)],
        )

    def _span(
        self,
        name: str,
        sid: str,
        parent: int | None,
        span_id: int,
        start: int,
        end: int,
        attrs: dict[str, Any],
        *,
        error: str = "",
        events: Sequence[tuple[str, dict[str, Any], int]] = (),
    ) -> None:
        trace = self._ids(sid)[0]
        self._done.append(
            ReadableSpan(
                name,
                context=SpanContext(trace, span_id, False, _SAMPLED),
                # The parent is another batch's span, or derived: remote, as the SDK marks
                # a parent it did not start itself.
                parent=None if parent is None else SpanContext(trace, parent, True, _SAMPLED),
                resource=self.resource,
                attributes=attrs,
                events=[Event(n, a, timestamp=at) for n, a, at in events],
                kind=SpanKind.INTERNAL,
                status=Status(StatusCode.ERROR, error) if error else _UNSET,
                start_time=start,
                end_time=end,
                instrumentation_scope=_SCOPE,
            )
        )


# -- OTLP/JSON --------------------------------------------------------------------------------


def otlp_json(spans: Sequence[ReadableSpan]) -> dict[str, Any]:
    """An OTLP/JSON ``ExportTraceServiceRequest`` for ``spans`` (ids in hex, enums as
    integers, as the OTLP specification's JSON encoding requires): the SDK's own encoder's
    message, printed with protobuf's JSON mapping (not a throughput path)."""
    from google.protobuf.json_format import MessageToDict
    from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans

    message = MessageToDict(
        encode_spans(spans), use_integers_for_enums=True, preserving_proto_field_name=False
    )
    _hex_ids(message)
    return message


_ID_FIELDS = ("traceId", "spanId", "parentSpanId")


def _hex_ids(value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _ID_FIELDS and isinstance(item, str):
                value[key] = base64.b64decode(item).hex()
            else:
                _hex_ids(item)
    elif isinstance(value, list):
        for item in value:
            _hex_ids(item)


def dumps(message: Mapping[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), sort_keys=True)


def _is_mcp(tool: str, common: dict[str, Any]) -> bool:
    """An MCP server's tool, as the recording agent's sensor names them."""
    return tool_spec(tool, common.get("gen_ai.agent.name")).kind is ToolKind.MCP
