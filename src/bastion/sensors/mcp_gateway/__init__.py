"""The MCP gateway's sensor: the events ``bastion mcp-proxy`` sends, and the replies it reads.

The gateway (``bastion.gateway``) is its own "agent" on the daemon's socket: it sits between
an agent and one MCP server and sends the daemon one payload per thing it must decide or
record. Payloads are this project's own JSON (no vendor owns them):

- ``hook_event_name``: ``SessionStart``, ``ToolsList`` (a server's tool list, after the
  gateway neutralised it; an observation, so descriptions meet the injection detector),
  ``ToolCall`` (before ``tools/call`` runs: the action), ``ToolResult`` (its result: the
  observation), ``Elicitation`` (a person's answer to our approval question), ``SessionEnd``;
- ``session_id``, ``cwd``, ``server`` (the configured name), ``server_id``, ``transport``,
  ``protocol_version``;
- ``tool_name`` (``mcp__<server>__<tool>``, the name every other part parses),
  ``arguments``, ``annotations`` (the server's ``readOnlyHint``/``destructiveHint``/
  ``openWorldHint``), ``result``, ``is_error``, ``gateway_findings``.

When the daemon finds the agent process that started the gateway running a hook session
(``daemon/session_join``: the kernel's peer pid and ``/proc`` ancestry, nothing the caller
says), it appends that session as ``joined_session``: the event is then recorded in the
agent's own session, so provenance and taint flow between the agent's tools and the MCP
server's; the gateway's ``SessionStart``/``SessionEnd`` become plain records there (the
server attached, detached), never the start or end of the agent's session. Tool-use ids
keep the gateway's own session id, so two servers' request ids never collide.

The server's annotations reach ``understand`` as the tool input's ``_meta_annotations`` (the
key it reads for self-described tools); a client-supplied key of that name is dropped, so
the caller cannot call a destructive tool read-only. Replies are ``{"decision", "reason",
"context"}`` on stdout, exit 0; ``refuse`` is a deny with the message.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bastion.core.events import Decision, Event, EventKind, Finding, Verdict
from bastion.core.tools import ToolSpec
from bastion.errors import PayloadError
from bastion.sensors.base import NativeReply, PackageSensor, kinds_from
from bastion.sensors.claude_code import display
from bastion.sensors.claude_code import tools as cc_tools

AGENT = "mcp-gateway"
MARK = "Bastion"
ANNOTATIONS_KEY = "_meta_annotations"
JOIN_KEY = "joined_session"  # appended by the daemon (daemon/session_join), last key wins
HOW_TO_APPROVE = (
    "the MCP client cannot ask here, so this is refused until a person approves it: "
    "`bastion approvals` (or the console's Approvals page), then call the tool again"
)

# The gateway's own session events, named here so the gateway (outside sensors/) sends them
# without spelling an agent's event names itself.
SESSION_START = "SessionStart"
SESSION_END = "SessionEnd"

KINDS = {
    SESSION_START: EventKind.SESSION_START,
    "ToolCall": EventKind.ACTION,
    "ToolResult": EventKind.OBSERVATION,
    "ToolsList": EventKind.OBSERVATION,
    "Elicitation": EventKind.OTHER,
    SESSION_END: EventKind.SESSION_END,
}


def is_tool_catalogue(event: Event) -> bool:
    """Whether the event is a server's list of its tools: text that describes each tool by
    its own name and verb, so it can never be the request that a call of that tool answers
    (its values stay untrusted for provenance; its hidden orders are the gateway's findings)."""
    return event.agent == AGENT and event.native_name == "ToolsList"


def to_event(payload: dict[str, Any]) -> Event:
    """One gateway payload as an ``Event``; ``PayloadError`` names what is missing."""
    if not isinstance(payload, dict):
        raise PayloadError("gateway payload is not a JSON object")
    native = payload.get("hook_event_name")
    if not isinstance(native, str) or native not in KINDS:
        raise PayloadError(f"gateway payload has an unknown hook_event_name {native!r}")
    own_session = payload.get("session_id")
    if not isinstance(own_session, str) or not own_session:
        raise PayloadError(f"{native} payload has no session_id")
    joined = payload.get(JOIN_KEY)
    session_id = joined if isinstance(joined, str) and joined else own_session
    kind = KINDS[native]
    if session_id != own_session and kind in (EventKind.SESSION_START, EventKind.SESSION_END):
        kind = EventKind.OTHER  # the agent's session neither starts nor ends with a server
    tool = payload.get("tool_name")
    arguments = payload.get("arguments")
    tool_input = dict(arguments) if isinstance(arguments, dict) else {}
    tool_input.pop(ANNOTATIONS_KEY, None)  # only the server's word, never the caller's
    annotations = payload.get("annotations")
    if isinstance(annotations, dict) and annotations:
        tool_input[ANNOTATIONS_KEY] = {
            k: v for k, v in annotations.items() if isinstance(v, bool | str)
        }
    result = payload.get("result")
    error = None
    if payload.get("is_error") is True:
        error = "the tool reported an error"
    request_id = payload.get("request_id")
    return Event(
        session_id=session_id,
        kind=kind,
        agent=AGENT,
        native_name=native,
        time=time.time(),
        tool=tool if isinstance(tool, str) and tool else None,
        tool_use_id=f"mcp-{own_session[:16]}-{request_id}" if request_id is not None else None,
        tool_input=tool_input,
        tool_output=result,
        error=error,
        cwd=str(payload.get("cwd") or ""),
        raw=payload,
    )


PINS = ("unlisted", "changed", "new")


@dataclass(frozen=True, slots=True)
class GatewayFacts:
    """What the gateway says about a ``tools/call`` for Cedar (``context.gateway``,
    ``16-mcp-gateway.cedar``): the tool's pin state, whether its client can ask a person,
    and the gateway's sentence for a pin refusal (which names the approval to give)."""

    pin: str = ""  # "" | unlisted | changed | new
    can_ask: bool = True
    sentence: str = ""

    @property
    def context(self) -> dict[str, Any]:
        return {"pin": self.pin, "cannot_ask": False}


def gateway_facts(event: Event) -> GatewayFacts | None:
    """The gateway's facts on one of its actions (None for any other event). Anything the
    caller could send here only adds refusals: an unknown pin state reads as "unlisted"."""
    if event.agent != AGENT or event.kind is not EventKind.ACTION:
        return None
    raw = event.raw.get("gateway") if isinstance(event.raw, dict) else None
    if not isinstance(raw, dict):
        return GatewayFacts()
    pin = raw.get("pin")
    pin = "" if pin in ("", None) else (pin if pin in PINS else "unlisted")
    sentence = raw.get("sentence")
    return GatewayFacts(
        pin=str(pin),
        can_ask=raw.get("can_ask") is not False,
        sentence=sentence[:2000] if isinstance(sentence, str) else "",
    )


def explain(verdict: Verdict) -> str:
    """The words the MCP client (and through it the model) reads for a verdict."""
    if verdict.decision is Decision.ALLOW and not verdict.reasons:
        return ""
    reasons = "; ".join(verdict.reasons) or "no policy permits this action"
    rules = f" [rule: {', '.join(verdict.policies)}]" if verdict.policies else ""
    if verdict.decision is Decision.ASK:
        return f"{MARK} needs a person's approval: {reasons}{rules}"
    verb = "blocked" if verdict.decision is Decision.DENY else "allowed"
    return f"{MARK} {verb}: {reasons}{rules}"


def reply(event: Event, verdict: Verdict) -> NativeReply:
    out = {
        "decision": verdict.decision.value,
        "reason": explain(verdict),
        "context": verdict.agent_context or "",
        "policies": list(verdict.policies),
        "session_id": event.session_id,  # the agent's, when the gateway joined it
    }
    return NativeReply(stdout=json.dumps(out), exit_code=0)


def refuse(message: str) -> NativeReply:
    out = {"decision": "deny", "reason": f"{MARK}: {message}", "context": ""}
    return NativeReply(stdout=json.dumps(out), exit_code=0)


def tool_spec(tool: str) -> ToolSpec:
    """Gateway tools are named as Claude Code names MCP tools, so every part parses them."""
    return cc_tools.spec_of(tool)


def unchecked_findings(transcript_path: str, decided_ids: Iterable[str]) -> list[Finding]:
    """The gateway sees every call it forwards: there is no transcript to compare."""
    return []


def file_diff(tool: Any, tool_input: Mapping[str, Any], output: Any) -> dict[str, Any] | None:
    return None


SENSOR = PackageSensor(
    name=AGENT,
    shell_tool=cc_tools.SHELL_TOOL,
    rewrites_input=False,
    to_event=to_event,
    event_kind=kinds_from(KINDS),
    reply=reply,
    refuse=refuse,
    tool_spec=tool_spec,
    mcp_tool=cc_tools.mcp_tool,
    agent_home=lambda _path: "",
    unchecked_findings=unchecked_findings,
    describe_record=display.describe_record,
    input_diff=display.input_diff,
    file_diff=file_diff,
)

__all__ = [
    "AGENT",
    "ANNOTATIONS_KEY",
    "JOIN_KEY",
    "PINS",
    "SENSOR",
    "SESSION_END",
    "SESSION_START",
    "GatewayFacts",
    "explain",
    "gateway_facts",
    "is_tool_catalogue",
    "to_event",
]
