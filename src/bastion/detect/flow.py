"""Provenance of arguments: values an untrusted source put in front of the agent, and where
they end up.

Indirect prompt injection works by making the agent use the attacker's values: an e-mail
address, a host, an account number, a file id, a snippet of code. Each observation is a
source with a trust level: the user's prompt is trusted; tool outputs from MCP servers,
web pages, search results and files outside the workspace are untrusted. The values an
untrusted source introduces (e-mail addresses, URLs and hosts, IBAN-like account numbers,
quoted literals) are remembered for the session. When a sensitive action (sending,
posting, paying, changing state through an MCP tool, fetching a URL, running a command,
writing outside the workspace) carries such a value that the user's prompt did not:

- ``injected-argument`` (critical) if the value came from an output that the injection
  detector flagged: the attacker's instruction is being carried out;
- ``untrusted-argument`` (low) otherwise: worth seeing, ordinary in many tasks.

Code is followed too: lines that appeared only as comments in a flagged output and are
then written as live code (``injected-code``) are the attacker's snippet being applied.
No model is needed; the injection detector only decides how sure we are of the source.
"""

from __future__ import annotations

import hashlib
import re

from bastion.core.parts import FlowPart
from bastion.core.tools import ToolKind
from bastion.detect import provenance
from bastion.detect.result import Detection
from bastion.detect.state import SessionState, StateUpdate, UpdateOp
from bastion.events import Event, Finding, Severity
from bastion.sensors import tool_spec
from bastion.understand.actions import ActionFacts, strings_in

STATE_KEY = "provenance"  # this detector's part of the session state

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
URL = re.compile(r"\b(?:https?|ftp)://([A-Za-z0-9.-]+)", re.IGNORECASE)
DOMAIN = re.compile(
    r"\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|io|co|info|biz|xyz|ru|cn|me|app|dev|ai|us|uk|de|fr|site|online|top|"
    r"link|click|cc|tk|ml|ga|gq|ws|pw|to|sh|ly|gg|tv|in|eu))\b",
    re.IGNORECASE,
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
# Straight and typographic quotes (U+2018/2019, U+201C/201D), written as escapes.
QUOTED = re.compile("['\"\u2018\u201c]([^'\"\n\u2018\u2019\u201c\u201d]{2,64})['\"\u2019\u201d]")
COMMENT_PREFIX = re.compile(r"^\s*(?:#+|//+|--|;+|\*|/\*)\s?")
# MCP functions whose names say they only read; everything else may change state.
READ_ONLY_PREFIXES = (
    "get_",
    "search_",
    "list_",
    "read_",
    "check_",
    "find_",
    "query_",
    "lookup_",
    "view_",
    "show_",
    "describe_",
    "count_",
    "fetch_",
)
EGRESS_READS = ("get_webpage", "fetch_url", "fetch_webpage", "browse", "open_url")
MAX_VALUES = 5000
MAX_LINES = 5000
MIN_CODE_LINE = 12
MIN_SINGLE_LINE = 24  # a single copied line counts from this length
REGION_MARGIN = 1500  # characters kept on each side of the injection detector's span


def values_in(text: str) -> dict[str, str]:
    """Identifying values in a text, normalised, mapped to their type."""
    out: dict[str, str] = {}
    for m in EMAIL.finditer(text):
        out[m.group(0).lower()] = "email"
    for m in URL.finditer(text):
        out[_host(m.group(1))] = "host"
    for m in DOMAIN.finditer(text):
        value = m.group(1).lower()
        if not any(e.endswith(value) for e, t in out.items() if t == "email"):
            out.setdefault(_host(value), "host")
    for m in IBAN.finditer(text):
        out[m.group(0).replace(" ", "").upper()] = "account"
    return out


def quoted_in(text: str) -> set[str]:
    return {m.group(1).strip().lower() for m in QUOTED.finditer(text) if m.group(1).strip()}


def _host(value: str) -> str:
    value = value.lower().rstrip(".")
    return value[4:] if value.startswith("www.") else value


def _provenance(state: SessionState) -> FlowPart:
    """This detector's part to change: shares every container with the saved part (copy
    on write, ``core/parts``); whoever changes a container gives it a fresh copy first."""
    prov = state.flow
    return prov.evolve() if prov is not None else FlowPart()


def _part(prov: FlowPart) -> StateUpdate:
    return StateUpdate(UpdateOp.PART, STATE_KEY, data=prov)


def on_prompt(event: Event, state: SessionState) -> StateUpdate:
    """The user's words are the trusted context every later value is compared with."""
    prov = _provenance(state)
    prov.prompt = (prov.prompt + "\n" + (event.prompt or ""))[-20000:].lower()
    return _part(prov)


def on_observation(
    event: Event,
    facts: ActionFacts | None,
    text: str,
    state: SessionState,
    injection_span: tuple[int, int] | None,
    flagged: bool,
    possible: bool = False,
) -> StateUpdate | None:
    """Remember the values an untrusted output introduced (and the injected code lines).

    ``possible``: a classifier-only flag on a trusted output (a workspace file). Its values
    stay trusted, since ordinary code and docs get such flags, but its commented-out code
    lines are remembered: writing exactly such a line as live code is specific enough to
    judge on a weak flag (``injected-code``)."""
    if not text:
        return None
    if possible and not flagged:
        return _comment_lines(event, text, state, injection_span)
    if not (flagged or untrusted_source(event, facts)):
        return None
    prov = _provenance(state)
    if flagged and injection_span is not None:
        start = max(0, injection_span[0] - REGION_MARGIN)
        region = text[start : injection_span[1] + REGION_MARGIN]
    else:
        region = text
    found = values_in(region)
    if found:
        if flagged:
            prov.injected = dict(prov.injected)
        else:
            prov.untrusted = dict(prov.untrusted)
    target = prov.injected if flagged else prov.untrusted
    for value, kind in found.items():
        if len(target) < MAX_VALUES and value not in prov.injected:
            target[value] = {"kind": kind, "event": event.id, "tool": event.tool or ""}
    if flagged:
        prov.quoted = dict(prov.quoted)
        for literal in quoted_in(region):
            if len(prov.quoted) < MAX_VALUES:
                prov.quoted.setdefault(literal, {"event": event.id, "tool": event.tool or ""})
        lines = prov.lines = list(prov.lines)
        for line in region.splitlines():
            if COMMENT_PREFIX.match(line):
                code = _normalise_code(COMMENT_PREFIX.sub("", line, count=1))
                if len(code) >= MIN_CODE_LINE and len(lines) < MAX_LINES:
                    lines.append(_digest(code))
    return _part(prov)


def _comment_lines(
    event: Event, text: str, state: SessionState, span: tuple[int, int] | None
) -> StateUpdate | None:
    region = text
    if span is not None:
        region = text[max(0, span[0] - REGION_MARGIN) : span[1] + REGION_MARGIN]
    prov = _provenance(state)
    lines = prov.lines = list(prov.lines)  # copy on write: the saved part keeps its list
    before = len(lines)
    for line in region.splitlines():
        if COMMENT_PREFIX.match(line):
            code = _normalise_code(COMMENT_PREFIX.sub("", line, count=1))
            if len(code) >= MIN_CODE_LINE and len(lines) < MAX_LINES:
                lines.append(_digest(code))
    return _part(prov) if len(lines) > before else None


def detect_action(event: Event, facts: ActionFacts, state: SessionState) -> Detection:
    out = Detection()
    prov = state.flow
    if prov is None or not (prov.injected or prov.untrusted or prov.lines):
        return out
    sensitive = _sensitive(event, facts)
    texts = facts.texts or strings_in(event.tool_input)
    prompt = prov.prompt
    if sensitive:
        injected: list[str] = []
        untrusted: list[str] = []
        for text in texts:
            for value in values_in(text):
                if value in prompt:
                    continue
                if value in prov.injected and not provenance.handled_value(
                    value, event, facts, state
                ):
                    injected.append(value)
                elif value in prov.injected or value in prov.untrusted:
                    # Injected but still the handled data (a pointed ticket's requester,
                    # a link the user asked to follow): recorded, not denied.
                    untrusted.append(value)
            literal = text.strip().lower()
            if (
                literal in prov.quoted
                and literal not in prompt
                and len(literal) <= 64
                and not provenance.handled_value(literal, event, facts, state)
            ):
                injected.append(literal)
        if injected:
            out.findings.append(
                Finding(
                    kind="injected-argument",
                    severity=Severity.CRITICAL,
                    detail=f"{_what(event, facts)} uses {', '.join(sorted(set(injected))[:3])}, "
                    "taken from instructions injected into a tool output, not from the user",
                    rule="flow.injected-argument",
                    evidence={"values": sorted(set(injected))[:10]},
                )
            )
        elif untrusted:
            out.findings.append(
                Finding(
                    kind="untrusted-argument",
                    severity=Severity.LOW,
                    detail=f"{_what(event, facts)} uses {', '.join(sorted(set(untrusted))[:3])}, "
                    "first seen in untrusted content and not in the user's prompt",
                    rule="flow.untrusted-argument",
                    evidence={"values": sorted(set(untrusted))[:10]},
                )
            )
    if prov.lines and facts.writes:
        known = set(prov.lines)
        written = [
            _digest(_normalise_code(line))
            for text in texts
            for line in text.splitlines()
            if not COMMENT_PREFIX.match(line) and len(_normalise_code(line)) >= MIN_CODE_LINE
        ]
        copied = sum(1 for d in written if d in known)
        # Two lines, or one statement long enough not to be a common idiom (a one-line
        # payload such as a call that deletes a system library).
        long_copied = any(
            d in known
            for text in texts
            for line in text.splitlines()
            if not COMMENT_PREFIX.match(line)
            and len(code := _normalise_code(line)) >= MIN_SINGLE_LINE
            for d in (_digest(code),)
        )
        if copied >= 2 or long_copied:
            out.findings.append(
                Finding(
                    kind="injected-code",
                    severity=Severity.HIGH,
                    detail=f"writes {copied} lines of code that appeared only as comments in a "
                    "tool output carrying injected instructions",
                    rule="flow.injected-code",
                    evidence={"lines": copied},
                )
            )
    return out


def untrusted_source(event: Event, facts: ActionFacts | None) -> bool:
    if tool_spec(event.tool, event.agent).kind in (ToolKind.MCP, ToolKind.FETCH):
        return True
    if facts is None:
        return True
    if facts.destinations:  # downloaded content, fetched pages, remote command output
        return True
    # The workspace's own files and local commands over them are the user's context; the
    # rest of the disk is not. (A flagged output counts whatever its source.)
    return any(p.place not in ("workspace", "temp") for p in facts.reads)


def _sensitive(event: Event, facts: ActionFacts) -> bool:
    spec = tool_spec(event.tool, event.agent)
    if spec.kind is ToolKind.MCP:
        name = spec.operation.lower()
        return name in EGRESS_READS or not name.startswith(READ_ONLY_PREFIXES)
    if facts.category in ("execute", "fetch", "delegate"):
        return True
    if facts.category == "write":
        return True  # values written into files can be executed or sent later
    return bool(facts.destinations)


def _what(event: Event, facts: ActionFacts) -> str:
    spec = tool_spec(event.tool, event.agent)
    return spec.operation if spec.kind is ToolKind.MCP else event.tool or "the action"


def _normalise_code(line: str) -> str:
    return " ".join(line.split())


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
