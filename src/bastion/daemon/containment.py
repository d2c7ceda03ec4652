"""One containment path, whoever asks: the CLI's ``kill``/``release`` and the console's
buttons both come here.

A containment message (`bastion.wire.control.SetMode`, `BlockTool`) goes to the running
daemon, which checks who asks (`control_auth`) and records it in the session's signed log
(a ``Containment`` event with the claimed name and the kernel's word). When no daemon
answers, the very same handling (`bastion.daemon.control.handle`) runs in this process,
on an engine of its own, with this process as the caller: the check and the record are
the same, only where they run differs. In system mode (``fallback=False``) nobody but
the service may write the store, so a silent daemon is an error that names the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bastion.config import Home
from bastion.daemon import client
from bastion.errors import BastionError
from bastion.wire.control import BlockTool, ControlMessage, Forget, SetMode, encode

__all__ = ["Contained", "ContainmentFailed", "ContainmentRefused", "Send", "contain"]

Send = Callable[..., dict[str, object]]
"""How a message reaches the daemon: `bastion.daemon.client.control` (tests pass another)."""


class ContainmentFailed(BastionError):
    """Containment could not be carried out; the message says why and what to do."""


class ContainmentRefused(ContainmentFailed):
    """The daemon (`control_auth`) refused this caller; the refusal is in the record."""


@dataclass(frozen=True, slots=True)
class Contained:
    """What the daemon answered, and where it ran: ``daemon`` or ``store`` (no daemon
    answered; this process's own engine wrote the session's stored state and log)."""

    answer: dict[str, Any]
    delivered: Literal["daemon", "store"]


def contain(
    home: Home,
    message: SetMode | BlockTool | Forget,
    *,
    send: Send = client.control,
    timeout: float = 2.0,
    fallback: bool = True,
) -> Contained:
    """Carry out one containment message; raises `ContainmentFailed` when it cannot."""
    try:
        answer = dict(send(home, message, timeout=timeout))
        delivered: Literal["daemon", "store"] = "daemon"
    except (ConnectionError, FileNotFoundError):
        if not fallback:
            raise ContainmentFailed(
                "the system daemon does not answer; `sudo bastion up --system`"
            ) from None
        answer = in_process(home, message)
        delivered = "store"
    except OSError as exc:
        raise ContainmentFailed(f"the daemon could not be reached ({exc}); `bastion up`") from exc
    if not answer.get("ok"):
        error = str(answer.get("error") or "the daemon refused")
        raise (ContainmentRefused if answer.get("refused") else ContainmentFailed)(error)
    return Contained(answer, delivered)


def in_process(home: Home, message: ControlMessage) -> dict[str, Any]:
    """The daemon's handling of ``message``, run here: personal mode's rule on who may ask,
    this process as the caller, the same engine calls and records."""
    from bastion.daemon.control import handle, this_process
    from bastion.daemon.control_auth import Authority
    from bastion.daemon.server import build_engine

    try:
        engine = build_engine(home.ensure())
    except Exception as exc:
        from bastion.daemon import faults

        raise ContainmentFailed(
            f"no daemon answers and none could be built here ({faults.describe(exc)}); "
            "start it with `bastion up` and try again"
        ) from None
    try:
        return handle(engine, encode(message), this_process(), Authority.personal())
    finally:
        engine.store.close()
