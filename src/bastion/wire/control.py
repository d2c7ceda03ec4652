"""Control messages to the daemon, as typed values: one definition for every sender.

The CLI, the console and the daemon's own tests send these; the daemon decodes them with
`decode` and nowhere else. On the wire each is a JSON object with an ``op`` (sent with
the agent name `bastion.wire.protocol.CONTROL`); the daemon answers with a JSON object
that has ``ok`` and, when it is false, ``error`` (and ``refused`` when `control_auth`
said no). Names (``by``) are what the sender claims; the daemon adds the kernel's word
on who asked (`bastion.daemon.peer`) before anything is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeAlias

from bastion.errors import BastionError

__all__ = [
    "FLEET_REVOCATION_APPLIED",
    "GATEWAY_OPS",
    "GATEWAY_WRITES",
    "HOME_WRITES",
    "IDENTITY_WRITES",
    "MODES",
    "READ_ONLY_OPS",
    "AcknowledgeAlerts",
    "ApprovalAnswer",
    "AskCall",
    "AskPinChange",
    "BadControlMessage",
    "BlockTool",
    "ConsoleEntry",
    "ControlMessage",
    "Cosign",
    "DecideApproval",
    "ExpireApprovals",
    "FleetEntry",
    "FleetRevoke",
    "Forget",
    "GatewayWrite",
    "Grant",
    "HomeWrite",
    "IdentityWrite",
    "LoginNote",
    "Mode",
    "PinApproved",
    "PinFirstUse",
    "Ping",
    "PinnedTool",
    "Revoke",
    "RotateKeys",
    "SessionMessage",
    "SetMode",
    "Shutdown",
    "SignCheckpoint",
    "TranscriptCheck",
    "UnknownOp",
    "decode",
    "encode",
    "peek",
]

Mode = Literal["normal", "killed", "ask-everything"]
MODES: tuple[Mode, ...] = ("normal", "killed", "ask-everything")


class BadControlMessage(BastionError):
    """A control message the daemon cannot read (not JSON, unknown op, missing field)."""


class UnknownOp(BadControlMessage):
    """An ``op`` this daemon does not know (a newer client, or a typo)."""


@dataclass(frozen=True, slots=True)
class Ping:
    """Is a daemon there, and what runs (policy hash, profile, sessions, warnings)?"""

    op: ClassVar[str] = "ping"


@dataclass(frozen=True, slots=True)
class Shutdown:
    """Stop the daemon (``bastion down``)."""

    by: str = "unknown"
    op: ClassVar[str] = "shutdown"


@dataclass(frozen=True, slots=True)
class SetMode:
    """Contain a session (kill, ask-everything) or release it (``normal``)."""

    session_id: str
    mode: Mode
    reason: str = ""
    by: str = "unknown"
    op: ClassVar[str] = "set-mode"


@dataclass(frozen=True, slots=True)
class BlockTool:
    """Block one tool for the rest of a session, or lift that block (``blocked=False``)."""

    session_id: str
    tool: str
    blocked: bool = True
    reason: str = ""
    by: str = "unknown"

    @property
    def op(self) -> str:
        return "block-tool" if self.blocked else "unblock-tool"


@dataclass(frozen=True, slots=True)
class Forget:
    """Drop the daemon's cached copy of a session (its stored state was changed)."""

    session_id: str
    op: ClassVar[str] = "forget"


# -- writes to the home database asked of the daemon (issue #18) ---------------------------
# The console and the CLI are processes an agent can stop (SIGSTOP) mid-transaction; the
# daemon is the one writer of the signed log, so while it runs these writes are its to do
# (`bastion.daemon.home_writes`).


@dataclass(frozen=True, slots=True)
class ConsoleEntry:
    """A person's state-changing request in the console (or a console command), for the
    signed log as a ``console.<action>`` control entry. ``detail`` is already redacted."""

    action: str
    actor: str
    role: str = ""
    target: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)
    client: str = ""
    op: ClassVar[str] = "console-entry"


ApprovalAnswer = Literal["approved", "denied"]


@dataclass(frozen=True, slots=True)
class DecideApproval:
    """A person's answer to an ask waiting in the console (``server/approvals.decide``)."""

    approval_id: int
    decision: ApprovalAnswer
    by: str
    scope: str = "once"
    minutes: int = 0
    note: str = ""
    op: ClassVar[str] = "approval-decide"


@dataclass(frozen=True, slots=True)
class ExpireApprovals:
    """Mark the asks whose waiting time has passed as expired (left by a daemon that died)."""

    op: ClassVar[str] = "approvals-expire"


@dataclass(frozen=True, slots=True)
class AcknowledgeAlerts:
    """Acknowledge open alerts (an alert, a bulk choice, an incident)."""

    alert_ids: tuple[int, ...]
    op: ClassVar[str] = "alerts-acknowledge"


@dataclass(frozen=True, slots=True)
class SignCheckpoint:
    """Sign a checkpoint of the whole log now, unless the newest already covers it (a
    compliance report proves its entries against one)."""

    op: ClassVar[str] = "checkpoint-sign"


@dataclass(frozen=True, slots=True)
class Cosign:
    """Keep more signatures on a stored checkpoint (an auditor's `bastion audit cosign`, a
    remote witness's answer, the fleet's witness): ``note`` is that checkpoint's note with
    them. Only signature lines are added; the checkpoint's text must be the stored one and
    every signature already stored stays (`bastion.daemon.home_writes`)."""

    checkpoint_id: int
    note: str
    op: ClassVar[str] = "checkpoint-cosign"


MAX_TRANSCRIPT_FINDINGS = 10_000
"""Findings in one `TranscriptCheck` (one per tool call that ran without a decision)."""


@dataclass(frozen=True, slots=True)
class TranscriptCheck:
    """`bastion audit transcript` found tool calls of session ``session_id`` that ran
    without a decision (``findings``: `Finding.to_dict` shapes, from transcript ``source``):
    one ``bastion.transcript-check`` event of that session records them."""

    session_id: str
    source: str
    findings: tuple[Mapping[str, Any], ...]
    op: ClassVar[str] = "transcript-check"


@dataclass(frozen=True, slots=True)
class Revoke:
    """Revoke a session, an agent or a human (``bastion revoke``), or lift a revocation."""

    kind: str
    subject: str
    by: str
    reason: str = ""
    lift: bool = False

    @property
    def op(self) -> str:
        return "identity-lift" if self.lift else "identity-revoke"


@dataclass(frozen=True, slots=True)
class Grant:
    """A just-in-time grant of one host, repository or tool to a session (``bastion
    grant``); ``approver_roles`` are the approver's roles as the CLI's login says."""

    session_id: str
    kind: str
    value: str
    minutes: float
    approved_by: str
    approver_roles: tuple[str, ...] = ()
    reason: str = ""
    op: ClassVar[str] = "identity-grant"


@dataclass(frozen=True, slots=True)
class LoginNote:
    """`bastion login` wrote the login record of ``who`` (``source``: local or oidc, its
    ``issuer``, ``roles``), or `bastion logout` removed it: the daemon appends that to the
    identity lifecycle log, as the CLI did itself before (issue #18)."""

    who: str
    logged_in: bool = True
    source: str = ""
    issuer: str = ""
    roles: tuple[str, ...] = ()

    @property
    def op(self) -> str:
        return "identity-login" if self.logged_in else "identity-logout"


@dataclass(frozen=True, slots=True)
class RotateKeys:
    """A new session-signing key (``bastion keys rotate``)."""

    by: str
    op: ClassVar[str] = "identity-keys-rotate"


# -- documents from the fleet's control plane, applied by the device's publisher ----------

FLEET_REVOCATION_APPLIED = "fleet.revocation.applied"


@dataclass(frozen=True, slots=True)
class FleetEntry:
    """A control-plane document the publisher applied or refused (a policy bundle, a key
    rotation), for the signed log as the ``fleet.*`` control entry ``action`` by
    ``fleet:<by>`` (`bastion.fleet.control`)."""

    action: str
    by: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    op: ClassVar[str] = "fleet-entry"


@dataclass(frozen=True, slots=True)
class FleetRevoke:
    """A revocation from the fleet's control plane (document ``doc_id``): revoked by the
    daemon's `IdentityService` (ahead of time when the subject is not known here yet) and
    recorded as a ``fleet.revocation.applied`` control entry."""

    doc_id: str
    kind: str
    subject: str
    by: str
    reason: str = ""
    op: ClassVar[str] = "fleet-revoke"


# -- the MCP gateway's writes (issue #18) ---------------------------------------------------
# The gateway runs under the agent, so the human's control channel is rightly closed to it;
# these are the things it may ask: ADD pins to a server that has none, move a pin exactly
# as a person approved, and ASK a person (a pending request). Never an answer.


@dataclass(frozen=True, slots=True)
class PinnedTool:
    """One tool as first seen: its name, the SHA-256 of ``definition`` (the canonical JSON
    of what is pinned, `bastion.gateway.pins.definition`) and that text."""

    tool: str
    hash: str
    definition: str


MAX_PINNED_TOOLS = 2_000
"""Tools in one `PinFirstUse` (one page of a listing; real servers list tens)."""


@dataclass(frozen=True, slots=True)
class PinFirstUse:
    """Pin the tools of an MCP server the daemon has never pinned (trust on first use),
    asked by the agent's own gateway (`bastion.daemon.gateway_pins` says what it can and
    cannot do). ``window``: the token the daemon's answer to the first page gave, so the
    later pages of that same first listing are pinned too."""

    server_id: str
    tools: tuple[PinnedTool, ...]
    window: str = ""
    op: ClassVar[str] = "mcp-pin-first-use"


@dataclass(frozen=True, slots=True)
class PinApproved:
    """Move a tool's pin to the definition a person approved (`bastion approvals approve`
    on the gateway's ``mcp-pin`` request ``approval_id``); the daemon checks the approval
    names exactly this server, tool and definition (`bastion.daemon.gateway_asks`)."""

    server_id: str
    tool: str
    definition: str
    approval_id: int
    op: ClassVar[str] = "mcp-pin-approved"


@dataclass(frozen=True, slots=True)
class AskPinChange:
    """Ask a person about a tool that changed (or appeared) since its server was pinned: a
    pending ``mcp-pin`` approval request, or the one already waiting. ``definition``: the
    canonical JSON of the tool as listed now; the daemon reads the old pin itself."""

    server_id: str
    tool: str
    definition: str
    op: ClassVar[str] = "mcp-pin-ask"


MAX_ASK_INPUT = 64_000
"""Characters of a call's arguments in one `AskCall` (an approvals row, not a payload)."""


@dataclass(frozen=True, slots=True)
class AskCall:
    """Ask a person about one MCP tool call whose client cannot ask (Cedar's
    ``gateway.cannot-ask``): a pending approval request in the session's approvals, or
    the one already waiting for the same call."""

    session_id: str
    tool: str
    arguments: Mapping[str, Any]
    reason: str
    op: ClassVar[str] = "mcp-call-ask"


GatewayWrite: TypeAlias = PinFirstUse | PinApproved | AskPinChange | AskCall
"""What the agent's own MCP gateway may ask of the daemon (`GATEWAY_OPS`): add pins to a
server with none, move a pin as a person approved, ask a person. Never an answer."""
GATEWAY_WRITES = (PinFirstUse, PinApproved, AskPinChange, AskCall)

IdentityWrite: TypeAlias = Revoke | Grant | LoginNote | RotateKeys | FleetRevoke
"""Identity administration the daemon's `IdentityService` carries out (issue #18)."""

HomeWrite: TypeAlias = (
    ConsoleEntry
    | DecideApproval
    | ExpireApprovals
    | AcknowledgeAlerts
    | SignCheckpoint
    | Revoke
    | Grant
    | LoginNote
    | RotateKeys
    | FleetEntry
    | FleetRevoke
    | Cosign
    | TranscriptCheck
)
"""The writes another process asks of the daemon instead of taking the home's write lock."""
HOME_WRITES = (
    ConsoleEntry,
    DecideApproval,
    ExpireApprovals,
    AcknowledgeAlerts,
    SignCheckpoint,
    FleetEntry,
    Cosign,
    TranscriptCheck,
)
IDENTITY_WRITES = (Revoke, Grant, LoginNote, RotateKeys, FleetRevoke)

ControlMessage: TypeAlias = (
    Ping | Shutdown | SetMode | BlockTool | Forget | HomeWrite | GatewayWrite
)
SessionMessage: TypeAlias = SetMode | BlockTool | Forget
"""The messages about one session (its id may be a unique prefix; the daemon resolves it)."""

READ_ONLY_OPS = frozenset({Ping.op})
"""Ops anyone who reaches the socket may send; every other op needs `control_auth`."""

GATEWAY_OPS = frozenset(kind.op for kind in GATEWAY_WRITES)
"""Ops the agent's own MCP gateway may send: `control_auth` asks the daemon's uid of the
caller, not a clean ancestry (the gateway runs under the agent by design)."""


def encode(message: ControlMessage) -> bytes:
    """The JSON body of ``message``."""
    body: dict[str, Any] = {"op": message.op}
    if isinstance(message, Shutdown):
        body["by"] = message.by
    elif isinstance(message, SetMode):
        body.update(session_id=message.session_id, mode=message.mode, reason=message.reason,
                    by=message.by)  # fmt: skip
    elif isinstance(message, BlockTool):
        body.update(session_id=message.session_id, tool=message.tool, reason=message.reason,
                    by=message.by)  # fmt: skip
    elif isinstance(message, Forget):
        body["session_id"] = message.session_id
    elif isinstance(message, ConsoleEntry):
        body.update(action=message.action, actor=message.actor, role=message.role,
                    target=message.target, detail=dict(message.detail),
                    client=message.client)  # fmt: skip
    elif isinstance(message, DecideApproval):
        body.update(approval_id=message.approval_id, decision=message.decision, by=message.by,
                    scope=message.scope, minutes=message.minutes, note=message.note)  # fmt: skip
    elif isinstance(message, AcknowledgeAlerts):
        body["alert_ids"] = list(message.alert_ids)
    elif isinstance(message, Revoke):
        body.update(kind=message.kind, subject=message.subject, by=message.by,
                    reason=message.reason)  # fmt: skip
    elif isinstance(message, FleetEntry):
        body.update(action=message.action, by=message.by, detail=dict(message.detail))
    elif isinstance(message, FleetRevoke):
        body.update(doc_id=message.doc_id, kind=message.kind, subject=message.subject,
                    by=message.by, reason=message.reason)  # fmt: skip
    elif isinstance(message, LoginNote):
        body.update(who=message.who, source=message.source, issuer=message.issuer,
                    roles=list(message.roles))  # fmt: skip
    elif isinstance(message, RotateKeys):
        body["by"] = message.by
    elif isinstance(message, PinFirstUse):
        body.update(server_id=message.server_id, window=message.window,
                    tools=[[t.tool, t.hash, t.definition] for t in message.tools])  # fmt: skip
    elif isinstance(message, PinApproved):
        body.update(server_id=message.server_id, tool=message.tool,
                    definition=message.definition, approval_id=message.approval_id)  # fmt: skip
    elif isinstance(message, AskPinChange):
        body.update(server_id=message.server_id, tool=message.tool,
                    definition=message.definition)  # fmt: skip
    elif isinstance(message, AskCall):
        body.update(session_id=message.session_id, tool=message.tool,
                    arguments=dict(message.arguments), reason=message.reason)  # fmt: skip
    elif isinstance(message, Cosign):
        body.update(checkpoint_id=message.checkpoint_id, note=message.note)
    elif isinstance(message, TranscriptCheck):
        body.update(session_id=message.session_id, source=message.source,
                    findings=[dict(f) for f in message.findings])  # fmt: skip
    elif isinstance(message, Grant):
        body.update(session_id=message.session_id, kind=message.kind, value=message.value,
                    minutes=message.minutes, approved_by=message.approved_by,
                    approver_roles=list(message.approver_roles),
                    reason=message.reason)  # fmt: skip
    return json.dumps(body).encode()


def peek(payload: bytes) -> tuple[str, str]:
    """``(op, session_id)`` a payload claims, "" where absent: enough to refuse and record
    a caller before the message itself is read."""
    try:
        data = json.loads(payload)
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    op, session_id = data.get("op"), data.get("session_id")
    return (op if isinstance(op, str) else "", session_id if isinstance(session_id, str) else "")


def decode(payload: bytes) -> ControlMessage:
    """The message in ``payload``; `BadControlMessage` names what is wrong."""
    try:
        data = json.loads(payload)
    except ValueError as exc:
        raise BadControlMessage(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BadControlMessage("not a JSON object")
    op = data.get("op")
    if not isinstance(op, str):
        raise BadControlMessage("op must be a string")
    if op == Ping.op:
        return Ping()
    if op == Shutdown.op:
        return Shutdown(by=_text(data, "by", "unknown"))
    if op == SetMode.op:
        mode = _required(data, "mode")
        if mode not in MODES:
            raise BadControlMessage(f"mode {mode!r} is not one of {', '.join(MODES)}")
        return SetMode(
            session_id=_required(data, "session_id"),
            mode=mode,
            reason=_text(data, "reason", ""),
            by=_text(data, "by", "unknown"),
        )
    if op in ("block-tool", "unblock-tool"):
        return BlockTool(
            session_id=_required(data, "session_id"),
            tool=_required(data, "tool"),
            blocked=op == "block-tool",
            reason=_text(data, "reason", ""),
            by=_text(data, "by", "unknown"),
        )
    if op == Forget.op:
        return Forget(session_id=_required(data, "session_id"))
    return _decode_home_write(op, data)


def _decode_home_write(op: str, data: dict[str, Any]) -> HomeWrite | GatewayWrite:
    if op in GATEWAY_OPS:
        return _decode_gateway(op, data)
    if op == Cosign.op:
        return Cosign(_integer(data, "checkpoint_id"), _required(data, "note"))
    if op == TranscriptCheck.op:
        findings = data.get("findings")
        if (
            not isinstance(findings, list)
            or not 1 <= len(findings) <= MAX_TRANSCRIPT_FINDINGS
            or not all(isinstance(f, dict) and isinstance(f.get("kind"), str) for f in findings)
        ):
            raise BadControlMessage(
                f"'findings' must be a list of 1 to {MAX_TRANSCRIPT_FINDINGS} findings"
            )
        return TranscriptCheck(
            _required(data, "session_id"), _text(data, "source", ""), tuple(findings)
        )
    if op == ConsoleEntry.op:
        detail = data.get("detail", {})
        if not isinstance(detail, dict):
            raise BadControlMessage("'detail' must be a JSON object")
        return ConsoleEntry(
            action=_required(data, "action"),
            actor=_required(data, "actor"),
            role=_text(data, "role", ""),
            target=_text(data, "target", ""),
            detail=detail,
            client=_text(data, "client", ""),
        )
    if op == DecideApproval.op:
        decision = _required(data, "decision")
        if decision not in ("approved", "denied"):
            raise BadControlMessage(f"decision {decision!r} is not 'approved' or 'denied'")
        return DecideApproval(
            approval_id=_integer(data, "approval_id"),
            decision="approved" if decision == "approved" else "denied",
            by=_required(data, "by"),
            scope=_text(data, "scope", "once"),
            minutes=_integer(data, "minutes", 0),
            note=_text(data, "note", ""),
        )
    if op == ExpireApprovals.op:
        return ExpireApprovals()
    if op == SignCheckpoint.op:
        return SignCheckpoint()
    if op in ("identity-revoke", "identity-lift"):
        return Revoke(
            kind=_required(data, "kind"),
            subject=_required(data, "subject"),
            by=_required(data, "by"),
            reason=_text(data, "reason", ""),
            lift=op == "identity-lift",
        )
    if op in ("identity-login", "identity-logout"):
        return LoginNote(
            who=_required(data, "who"),
            logged_in=op == "identity-login",
            source=_text(data, "source", ""),
            issuer=_text(data, "issuer", ""),
            roles=_strings(data, "roles"),
        )
    if op == FleetEntry.op:
        action, detail = _required(data, "action"), data.get("detail", {})
        if not action.startswith("fleet."):
            raise BadControlMessage(f"a fleet entry's action starts 'fleet.', not {action!r}")
        if not isinstance(detail, dict) or {"action", "by", "session_id"} & set(detail):
            raise BadControlMessage(
                "'detail' must be a JSON object without action, by or session_id"
            )
        return FleetEntry(action, _required(data, "by"), detail)
    if op == FleetRevoke.op:
        return FleetRevoke(
            doc_id=_required(data, "doc_id"),
            kind=_required(data, "kind"),
            subject=_required(data, "subject"),
            by=_required(data, "by"),
            reason=_text(data, "reason", ""),
        )
    if op == RotateKeys.op:
        return RotateKeys(by=_required(data, "by"))
    if op == Grant.op:
        minutes = data.get("minutes")
        if not isinstance(minutes, int | float) or isinstance(minutes, bool):
            raise BadControlMessage("'minutes' must be a number")
        roles = _strings(data, "approver_roles")
        return Grant(
            session_id=_required(data, "session_id"),
            kind=_required(data, "kind"),
            value=_required(data, "value"),
            minutes=float(minutes),
            approved_by=_required(data, "approved_by"),
            approver_roles=roles,
            reason=_text(data, "reason", ""),
        )
    if op == AcknowledgeAlerts.op:
        ids = data.get("alert_ids")
        if not isinstance(ids, list) or not all(_is_int(i) for i in ids):
            raise BadControlMessage("'alert_ids' must be a list of integers")
        return AcknowledgeAlerts(alert_ids=tuple(ids))
    raise UnknownOp(f"unknown control op {op!r}")


def _decode_gateway(op: str, data: dict[str, Any]) -> GatewayWrite:
    if op == PinFirstUse.op:
        return _decode_pins(data)
    if op == PinApproved.op:
        return PinApproved(
            server_id=_required(data, "server_id"),
            tool=_required(data, "tool"),
            definition=_required(data, "definition"),
            approval_id=_integer(data, "approval_id"),
        )
    if op == AskPinChange.op:
        return AskPinChange(
            _required(data, "server_id"), _required(data, "tool"), _required(data, "definition")
        )
    arguments = data.get("arguments")
    if not isinstance(arguments, dict):
        raise BadControlMessage("'arguments' must be a JSON object")
    if len(json.dumps(arguments)) > MAX_ASK_INPUT:
        raise BadControlMessage(f"'arguments' longer than {MAX_ASK_INPUT} characters of JSON")
    return AskCall(
        session_id=_required(data, "session_id"),
        tool=_required(data, "tool"),
        arguments=arguments,
        reason=_text(data, "reason", ""),
    )


def _decode_pins(data: dict[str, Any]) -> PinFirstUse:
    """A `PinFirstUse`, its shape checked here; the daemon checks each hash itself."""
    tools = data.get("tools")
    if not isinstance(tools, list) or not tools or len(tools) > MAX_PINNED_TOOLS:
        raise BadControlMessage(f"'tools' must be a list of 1 to {MAX_PINNED_TOOLS} tools")
    pinned: list[PinnedTool] = []
    for item in tools:
        if (
            not isinstance(item, list)
            or len(item) != 3
            or not all(isinstance(part, str) and part for part in item)
        ):
            raise BadControlMessage("each of 'tools' must be [name, sha256, definition]")
        pinned.append(PinnedTool(*item))
    return PinFirstUse(
        server_id=_required(data, "server_id"),
        tools=tuple(pinned),
        window=_text(data, "window", ""),
    )


def _required(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise BadControlMessage(f"{key!r} must be a non-empty string")
    return value


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadControlMessage(f"{key!r} must be a list of strings")
    return tuple(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _integer(data: dict[str, Any], key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if not _is_int(value):
        raise BadControlMessage(f"{key!r} must be an integer")
    assert isinstance(value, int)
    return value


def _text(data: dict[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    return value if isinstance(value, str) else str(value)
