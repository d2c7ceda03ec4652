"""The daemon moves approved MCP pins and writes approval requests for the agent's gateway.

The MCP gateway runs under the agent; on SQLite a gateway that writes the home database
itself holds its one write lock, and an agent that stops it (SIGSTOP) mid-write stalls
every decision (issue #18). So while a daemon runs the gateway asks it, and this module
is what those messages can do (`bastion.gateway.pin_writes` sends them; the first-use pins
are `gateway_pins`'s). The rules are the gateway's own (`bastion.gateway.pins`,
`bastion.server.approvals.ask_once`), run here on the daemon's store:

* `PinApproved`: move a tool's pin only as an **approved** ``mcp-pin`` request names it:
  the approval is read here, and its call hash must bind this server, this tool and the
  SHA-256 of this very definition. The pin records who approved it; a
  ``mcp.pins.approved`` control entry records the move with the kernel's word on the
  caller. Anything else is refused and nothing moves.
* `AskPinChange`: a **pending** request to accept a changed or new tool (or the one
  already waiting or denied for that definition); the old pin is read here, not told.
* `AskCall`: a **pending** request for one MCP call of a session the daemon recorded (or
  the one already waiting for that call); the tool must be an MCP tool's name.

The agent can send these too (it runs as the daemon's user in personal mode, as the
gateway does). What it gains is what its gateway already does: a request a person
answers. No message here approves, denies, or moves a pin a person did not approve.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bastion.wire.control import AskCall, AskPinChange, PinApproved

if TYPE_CHECKING:
    from bastion.store import Store

__all__ = ["apply"]

MAX_ID = 200  # the pins table's column widths (as `gateway_pins`)
MAX_TOOL = 256
MAX_DEFINITION = 256_000
"""Characters of one tool's canonical definition (real tools use a few thousand)."""
MAX_SESSION = 128  # the approvals table's session column
MAX_REASON = 4_000


def apply(
    store: Store, message: PinApproved | AskPinChange | AskCall, who: Mapping[str, Any]
) -> dict[str, Any]:
    """Carry out ``message`` (see the module docstring): ``ok``, and ``approval_id`` for a
    request; ``ok`` false with ``error`` when it was refused and nothing was written."""
    if isinstance(message, AskCall):
        return _ask_call(store, message)
    bad = _too_long(message.server_id, message.tool, message.definition)
    if bad is not None:
        return {"ok": False, "error": bad}
    from bastion.gateway import pins

    if isinstance(message, AskPinChange):
        approval_id = pins.ask_change(store, message.server_id, message.tool, message.definition)
        if not approval_id:
            return {"ok": False, "error": "nothing to ask: the pin says this already, or the "
                    "definition is not the tool's canonical JSON"}  # fmt: skip
        return {"ok": True, "approval_id": approval_id}
    return _move(store, message, who)


def _move(store: Store, message: PinApproved, who: Mapping[str, Any]) -> dict[str, Any]:
    from bastion.audit.records import action_row
    from bastion.gateway import pins

    with store.transaction():
        why = pins.move_approved(
            store, message.server_id, message.tool, message.definition, message.approval_id
        )
        if not why:
            store.append_control(
                action_row(
                    "mcp.pins.approved",
                    "mcp-gateway",
                    server=message.server_id,
                    tool=message.tool,
                    approval_id=message.approval_id,
                    caller={"uid": who.get("uid"), "pid": who.get("pid")},
                )
            )
    if why:
        return {"ok": False, "error": f"pin not moved: {why}"}
    return {"ok": True, "moved": message.tool}


def _ask_call(store: Store, message: AskCall) -> dict[str, Any]:
    from bastion.core.tools import ToolKind
    from bastion.sensors.mcp_gateway import SENSOR
    from bastion.server.approvals import ask_once

    if len(message.session_id) > MAX_SESSION or len(message.tool) > MAX_TOOL:
        return {"ok": False, "error": "session id or tool name too long"}
    if SENSOR.tool_spec(message.tool).kind is not ToolKind.MCP:
        return {"ok": False, "error": f"{message.tool[:60]!r} is not an MCP tool's name"}
    if store.session(message.session_id, prefix=False) is None:
        return {"ok": False, "error": f"no session {message.session_id[:60]!r} recorded"}
    approval_id = ask_once(
        store,
        message.session_id,
        message.tool,
        dict(message.arguments),
        message.reason[:MAX_REASON],
    )
    return {"ok": True, "approval_id": approval_id}


def _too_long(server_id: str, tool: str, definition: str) -> str | None:
    if len(server_id) > MAX_ID:
        return f"server id longer than {MAX_ID} characters"
    if len(tool) > MAX_TOOL:
        return f"tool name longer than {MAX_TOOL} characters"
    if len(definition) > MAX_DEFINITION:
        return f"definition longer than {MAX_DEFINITION} characters"
    return None
