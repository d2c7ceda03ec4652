"""Containment commands down, signed: the control plane asks one device to kill a
session, block a tool or ask about everything.

A command is canonical JSON signed with the control plane's Ed25519 key. The device
accepts it only if the signature verifies under the key it trusts, it names this device,
it is fresh (issued within ``MAX_AGE`` seconds, not in the future beyond ``SKEW``) and its
id was not seen before (a replayed command is refused). It then goes through the one
containment path (`daemon/containment.contain`: the daemon checks and records it), and
the reply travels back on NATS request/reply, so the sender knows it took effect.

Commands use core NATS request/reply on ``<prefix>.cmd.<log id>``: a containment command
is worth nothing late, so the sender retries rather than queueing it.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bastion.fleet.errors import FleetError
from bastion.wire.control import BlockTool, SetMode

__all__ = [
    "MAX_AGE",
    "Command",
    "CommandRefused",
    "Verifier",
    "command_subject",
    "sign",
    "to_message",
]

MAX_AGE = 60.0
SKEW = 5.0
OPS = ("kill", "ask-everything", "block-tool")
_SIG = 64


class CommandRefused(FleetError):
    """A command failed verification (signature, target, age or replay)."""


@dataclass(frozen=True, slots=True)
class Command:
    device: str  # the target's log origin
    op: str
    session_id: str
    tool: str = ""
    reason: str = ""
    by: str = "control-plane"
    id: str = ""
    issued_at: float = 0.0

    @classmethod
    def new(cls, device: str, op: str, session_id: str, **kw: str) -> Command:
        if op not in OPS:
            raise FleetError(f"unknown command {op!r}: use one of {', '.join(OPS)}")
        return cls(device, op, session_id, id=secrets.token_hex(12), issued_at=time.time(), **kw)


def command_subject(prefix: str, origin: str) -> str:
    return f"{prefix}.cmd.{origin.rsplit('/', 1)[-1]}"


def sign(command: Command, key: Ed25519PrivateKey) -> bytes:
    """``signature (64 bytes) || canonical JSON``."""
    body = orjson.dumps(asdict(command), option=orjson.OPT_SORT_KEYS)
    return key.sign(body) + body


def to_message(command: Command) -> SetMode | BlockTool:
    """The containment message the daemon already knows how to check and record."""
    by = f"fleet:{command.by}"
    if command.op == "block-tool":
        return BlockTool(command.session_id, command.tool, True, command.reason, by)
    mode = "killed" if command.op == "kill" else "ask-everything"
    return SetMode(command.session_id, mode, command.reason, by)  # type: ignore[arg-type]


class Verifier:
    """One device's check of incoming commands; remembers recent ids to refuse replays."""

    def __init__(
        self,
        key: Ed25519PublicKey,
        origin: str,
        *,
        clock: Callable[[], float] = time.time,
        remember: int = 10_000,
        key_source: Callable[[], Ed25519PublicKey] | None = None,
    ) -> None:
        self.key = key
        # Asked at each command when given: the key a control-key rotation moved the
        # device to (`control.DeviceControl`) applies without restarting the responder.
        self.key_source = key_source
        self.origin = origin
        self.clock = clock
        self.remember = remember
        self._seen: OrderedDict[str, float] = OrderedDict()

    def verify(self, data: bytes) -> Command:
        if len(data) <= _SIG or len(data) > 64 * 1024:
            raise CommandRefused("not a signed command")
        signature, body = data[:_SIG], data[_SIG:]
        if self.key_source is not None:
            self.key = self.key_source()
        try:
            self.key.verify(signature, body)
        except InvalidSignature:
            raise CommandRefused("signature does not verify under the control plane key") from None
        try:
            fields = orjson.loads(body)
            command = Command(**fields)
        except (orjson.JSONDecodeError, TypeError) as exc:
            raise CommandRefused(f"malformed command: {exc}") from exc
        if command.device != self.origin:
            raise CommandRefused(f"command is for {command.device!r}, not this device")
        if command.op not in OPS:
            raise CommandRefused(f"unknown command {command.op!r}")
        now = self.clock()
        if not isinstance(command.issued_at, int | float) or not (
            now - MAX_AGE <= command.issued_at <= now + SKEW
        ):
            raise CommandRefused("command is stale or from the future: ask again")
        if not command.id or command.id in self._seen:
            raise CommandRefused("command id already used: a replay")
        self._seen[command.id] = now
        while len(self._seen) > self.remember:
            self._seen.popitem(last=False)
        return command


Apply = Callable[[Command], dict[str, object]]


async def serve(nc: object, prefix: str, verifier: Verifier, apply: Apply) -> object:
    """Answer commands for ``verifier.origin`` on ``nc`` (a connected nats-py client):
    verify, apply in a worker thread (containment talks to the daemon's socket), reply
    ``{"ok": ..., "id": ..., "error": ...}``. Returns the subscription."""
    from nats.aio.client import Client
    from nats.aio.msg import Msg

    assert isinstance(nc, Client)

    async def on_command(msg: Msg) -> None:
        try:
            command = verifier.verify(msg.data)
        except CommandRefused as exc:
            await msg.respond(orjson.dumps({"ok": False, "error": str(exc)}))
            return
        try:
            answer = await asyncio.to_thread(apply, command)
            reply = {"ok": bool(answer.get("ok", True)), "id": command.id}
        except Exception as exc:  # a failed containment is reported, never raised into NATS
            reply = {"ok": False, "id": command.id, "error": str(exc)[:500]}
        await msg.respond(orjson.dumps(reply))

    return await nc.subscribe(command_subject(prefix, verifier.origin), cb=on_command)
