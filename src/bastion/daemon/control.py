"""The daemon's side of control: who asks, may they, then one engine call that is recorded.

Every control message, from the CLI, the console or a test, arrives here as bytes
(`bastion.wire.control`), through the socket or, when no daemon answers, in the caller's
own process (`bastion.daemon.containment`). Either way the same three steps run:

1. the kernel's word on who asked (`bastion.daemon.peer.Caller`) is checked by
   `control_auth`; a refusal goes into the session's signed record;
2. a session id prefix is resolved against the store;
3. the engine carries it out, and containment (kill, release, block) is appended to the
   session's log with who asked (`Engine.set_mode`, `Engine.contain`).

Writes the console and the CLI would otherwise make to the home database themselves (a
``console.*`` entry, an approval's answer, an alert's acknowledgement) are carried out by
`bastion.daemon.home_writes.apply` on the daemon's store (issue #18); the MCP gateway's
first-use tool pins by `bastion.daemon.gateway_pins.apply`, its approved pin moves and
approval requests by `bastion.daemon.gateway_asks.apply`.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bastion.daemon import gateway_asks, gateway_pins, home_writes
from bastion.daemon.control_auth import Authority, record_refusal
from bastion.daemon.peer import Caller
from bastion.engine_session import tool_change
from bastion.wire.control import (
    HOME_WRITES,
    IDENTITY_WRITES,
    AskCall,
    AskPinChange,
    BadControlMessage,
    BlockTool,
    ControlMessage,
    Forget,
    PinApproved,
    PinFirstUse,
    Ping,
    SetMode,
    Shutdown,
    UnknownOp,
    decode,
    peek,
)

if TYPE_CHECKING:
    from bastion.engine import Engine

__all__ = ["handle", "this_process"]

log = logging.getLogger("bastion.daemon")


def this_process() -> Caller:
    """This process as a caller (control carried out here, with no daemon to ask)."""
    return Caller(pid=os.getpid(), uid=os.getuid(), gid=os.getgid())


def handle(
    engine: Engine,
    payload: bytes,
    caller: Caller,
    authority: Authority,
    shutdown: Callable[[], None] | None = None,
    windows: gateway_pins.FirstUseWindows | None = None,
) -> dict[str, Any]:
    """The answer to one control message (a JSON object with ``ok``); ``windows``: the
    daemon's open first listings of MCP servers (`gateway_pins`; None: none carry over)."""
    op, claimed_session = peek(payload)
    session_id = _resolve(engine, claimed_session)
    reason = authority.refusal(op, caller)
    if reason is not None:
        log.warning("refused control %s from %s: %s", op, caller.describe(), reason)
        if session_id:
            try:
                record_refusal(engine, session_id, op, caller, reason, _claimed_by(payload))
            except Exception:
                log.exception("could not record the refused control operation")
        return {"ok": False, "refused": True, "error": reason}
    try:
        message = decode(payload)
    except UnknownOp as exc:
        return {"ok": False, "error": str(exc)}
    except BadControlMessage as exc:
        return {"ok": False, "error": f"bad control message ({exc})"}
    # The kernel's word on who asked, recorded beside the name the caller claims.
    who = {"uid": caller.uid, "gid": caller.gid, "pid": caller.pid, "user": caller.user}
    try:
        if isinstance(message, PinFirstUse):
            open_windows = windows if windows is not None else gateway_pins.FirstUseWindows()
            return gateway_pins.apply(engine.store, message, open_windows, who)
        if isinstance(message, PinApproved | AskPinChange | AskCall):
            return gateway_asks.apply(engine.store, message, who)
        return _carry_out(engine, message, session_id, who, caller, authority, shutdown)
    except (ValueError, KeyError, TypeError) as exc:
        return {"ok": False, "error": f"bad control message ({exc})"}


def _carry_out(
    engine: Engine,
    message: ControlMessage,
    session_id: str,
    who: dict[str, Any],
    caller: Caller,
    authority: Authority,
    shutdown: Callable[[], None] | None,
) -> dict[str, Any]:
    if isinstance(message, Ping):
        return {
            "ok": True,
            "pid": os.getpid(),
            "policy": engine.policy.hash,
            "profile": engine.profile,
            "sessions": len(engine.live),
            "mode": "system" if authority.system else "personal",
            "warnings": engine.warnings,
            "control": authority.refusal(SetMode.op, caller) is None,
        }
    if isinstance(message, Shutdown):
        if shutdown is None:
            raise ValueError("this daemon cannot be shut down over the socket")
        log.info("shutdown asked by %s", message.by)
        threading.Thread(target=shutdown, daemon=True).start()
        return {"ok": True}
    if isinstance(message, SetMode | BlockTool) and engine.store.session(session_id) is None:
        return {"ok": False, "error": f"no session {message.session_id!r} recorded"}
    if isinstance(message, SetMode):
        engine.set_mode(session_id, message.mode, message.reason, message.by, who)
        answer: dict[str, Any] = {"ok": True, "session_id": session_id}
        if message.mode == "killed":
            # The kill switch also answers every request still waiting for a person.
            from bastion.server import approvals

            answer["approvals_denied"] = approvals.deny_pending_of_session(
                engine.store, session_id, f"{message.by} (kill switch)"
            )
        return answer
    if isinstance(message, BlockTool):
        change = tool_change(message.tool, blocked=message.blocked)
        engine.contain(session_id, change, message.reason, message.by, who)
        return {"ok": True}
    if isinstance(message, Forget):
        engine.forget(session_id)
        return {"ok": True}
    if isinstance(message, HOME_WRITES):
        return home_writes.apply(engine.store, message, who)
    if isinstance(message, IDENTITY_WRITES):
        return home_writes.apply_identity(engine.identity, engine.store, message)
    raise TypeError(f"unhandled control message {message!r}")  # pragma: no cover


def _resolve(engine: Engine, session_id: str) -> str:
    """The full id of a session named by a unique prefix (in system mode the caller cannot
    read the store to resolve it); the id as given when no session matches."""
    if not session_id:
        return ""
    found = engine.store.session(session_id)
    return str(found["id"]) if found is not None else session_id


def _claimed_by(payload: bytes) -> str:
    """The name the refused caller gave (recorded as a claim, beside the kernel's word)."""
    try:
        data = json.loads(payload)
    except ValueError:
        return "unknown"
    return str(data.get("by", "unknown")) if isinstance(data, dict) else "unknown"
