"""Writes to the home database that the console and the CLI ask of the daemon (issue #18).

An agent can stop (SIGSTOP) any process of its user. A console or CLI process stopped
inside a write transaction on the home database holds SQLite's one write lock, or the
signed log's advisory lock on PostgreSQL, and every decision waits behind it. So while a
daemon runs it is the one writer of the signed log and of the tables it also writes
(approvals, alerts): the other processes send it a typed message
(`bastion.wire.control.HomeWrite`) over its socket, where `daemon/control_auth` checks the
kernel's word on who asks as for any control message. A process stopped mid-message holds
nothing: the daemon reads each connection on its own and gives up on a silent one.

Only when no daemon takes the connection does the caller write its own store (the same
`apply`, so the record is the same either way); a refusal or a daemon that fails mid-way
raises `HomeWriteFailed` and nothing is written here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from bastion.daemon import client
from bastion.errors import BastionError
from bastion.wire.control import (
    FLEET_REVOCATION_APPLIED,
    AcknowledgeAlerts,
    ConsoleEntry,
    Cosign,
    DecideApproval,
    ExpireApprovals,
    FleetEntry,
    FleetRevoke,
    HomeWrite,
    IdentityWrite,
    LoginNote,
    Revoke,
    RotateKeys,
    SignCheckpoint,
    TranscriptCheck,
)

if TYPE_CHECKING:
    from bastion.config import Home
    from bastion.identity import IdentityService
    from bastion.store import Store

__all__ = [
    "HomeWriteFailed",
    "HomeWriteRefused",
    "Written",
    "apply",
    "apply_identity",
    "raise_for",
    "write",
    "write_identity",
]

log = logging.getLogger("bastion.daemon")

Send = Callable[..., Mapping[str, object]]
TIMEOUT_S = 10.0
"""How long a caller waits for the daemon's answer (it writes between decisions)."""


class HomeWriteFailed(BastionError):
    """A write the daemon was asked to do did not happen; the message says why and what
    to do. Nothing was written by the caller either."""


class HomeWriteRefused(HomeWriteFailed):
    """The daemon (`control_auth`) refused this caller; the refusal is in its log."""


@dataclass(frozen=True, slots=True)
class Written:
    """The answer, and where the write ran: ``daemon``, or ``store`` (no daemon took the
    connection: this process wrote its own store)."""

    answer: Mapping[str, Any]
    delivered: Literal["daemon", "store"]


def write(
    home: Home | None,
    store: Store,
    message: HomeWrite,
    *,
    send: Send = client.control,
    timeout: float = TIMEOUT_S,
    fallback: bool = True,
) -> Written:
    """Have ``message`` written: by the daemon of ``home`` while one runs, else here.

    ``home`` None: a bare store with no daemon (a tool, a test), written here. A typed
    failure the write itself reports (an approval already decided) is raised as that
    type, whichever process ran it (`raise_for`).
    """
    here = lambda: apply(store, message)  # noqa: E731 - the same write, in this process
    return _ask(home, message, here, send=send, timeout=timeout, fallback=fallback)


def write_identity(
    home: Home,
    service: IdentityService,
    message: IdentityWrite,
    *,
    send: Send = client.control,
    timeout: float = TIMEOUT_S,
) -> Written:
    """`write` for identity administration: by the daemon's `IdentityService` while a
    daemon runs, else by ``service`` (the CLI's own) and a store of ``home`` opened here."""

    def here() -> dict[str, Any]:
        from bastion.store import Store

        store = Store(home.database_url, checkpoint_seconds=0)
        try:
            return apply_identity(service, store, message)
        finally:
            store.close()

    return _ask(home, message, here, send=send, timeout=timeout, fallback=True)


def _ask(
    home: Home | None,
    message: HomeWrite,
    here: Callable[[], dict[str, Any]],
    *,
    send: Send,
    timeout: float,
    fallback: bool,
) -> Written:
    if home is None:
        return Written(raise_for(here()), "store")
    for attempt in (1, 2):
        try:
            answer = dict(send(home, message, timeout=timeout))
        except (ConnectionError, FileNotFoundError):
            if not fallback:
                raise HomeWriteFailed(
                    "the system daemon does not answer; `sudo bastion up --system`"
                ) from None
            return Written(raise_for(here()), "store")
        except client.DaemonLost as exc:
            if not exc.sent and attempt == 1:
                continue  # the daemon never read the whole request: nothing was done
            raise HomeWriteFailed(
                f"{exc}; {'not' if not exc.sent else 'perhaps not'} written"
            ) from exc
        except OSError as exc:
            raise HomeWriteFailed(
                f"the daemon could not be reached ({exc}); `bastion status`, then try again"
            ) from exc
        if answer.get("refused"):
            raise HomeWriteRefused(
                f"the daemon refused {message.op!r}: {answer.get('error') or 'refused'}"
            )
        return Written(raise_for(answer), "daemon")
    raise AssertionError("unreachable")  # pragma: no cover


# -- the write itself (the daemon's side, or this process's when no daemon runs) -----------


def apply(store: Store, message: HomeWrite, who: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Carry out ``message`` on ``store``; the answer (``ok``, and ``error`` with
    ``error_type`` when the write itself refused, e.g. an approval already decided).

    ``who`` is the kernel's word on the asking process (the daemon's `peer.Caller`);
    absent, this process asks for itself.
    """
    if who is None:
        who = {"uid": os.getuid(), "pid": os.getpid()}
    if isinstance(message, ConsoleEntry):
        return {"ok": True, "seq": _console_entry(store, message, who)}
    if isinstance(message, DecideApproval):
        return _decide(store, message)
    if isinstance(message, ExpireApprovals):
        from bastion.server import approvals

        return {"ok": True, "expired": approvals.expire_overdue(store)}
    if isinstance(message, AcknowledgeAlerts):
        from bastion.store.console import ConsoleQueries

        changed = ConsoleQueries(store).acknowledge_alerts(list(message.alert_ids))
        return {"ok": True, "acknowledged": changed}
    if isinstance(message, FleetEntry):
        from bastion.audit.records import action_row

        entry = action_row(message.action, f"fleet:{message.by}", **dict(message.detail))
        return {"ok": True, "seq": store.append_control(entry)}
    if isinstance(message, SignCheckpoint):
        row = store.checkpoint(only_if_new=True)
        return {"ok": True, "signed": row.id if row is not None else None}
    if isinstance(message, Cosign):
        return _cosign(store, message)
    if isinstance(message, TranscriptCheck):
        return _transcript_check(store, message)
    raise TypeError(f"not a home write: {message!r}")  # pragma: no cover


def _console_entry(store: Store, entry: ConsoleEntry, who: Mapping[str, Any]) -> int:
    from bastion.audit.records import action_row
    from bastion.detect.secrets import redact_value

    row = action_row(
        f"console.{entry.action}",
        entry.actor,
        role=entry.role,
        target=entry.target[:256],
        detail=redact_value(dict(entry.detail)),  # the sender redacted it; never trust that
        client=entry.client[:64],
        caller={"uid": who.get("uid"), "pid": who.get("pid")},
    )
    return store.append_control(row)


def _cosign(store: Store, message: Cosign) -> dict[str, Any]:
    """Add the signature lines of ``message.note`` to the stored checkpoint: only when its
    text is the stored text, keeping every signature stored (the log's own among them), so
    a cosigner can add a signature and never change or drop what the log signed."""
    from bastion.audit.cosignature import add_signature_lines
    from bastion.audit.errors import AuditError
    from bastion.audit.note import SignedNote

    row = next((r for r in store.checkpoints() if r.id == message.checkpoint_id), None)
    if row is None:
        return {"ok": False, "error": f"no checkpoint {message.checkpoint_id}"}
    try:
        given, stored = SignedNote.parse(message.note), SignedNote.parse(row.note)
        if given.text != stored.text:
            return {"ok": False, "error": f"the note is not checkpoint {row.id}'s (its text "
                    "differs); cosign the checkpoint as stored"}  # fmt: skip
        lines = "".join(sig.line() for sig in given.signatures)
        merged = add_signature_lines(row.note, lines) if lines else row.note
    except AuditError as exc:
        return {"ok": False, "error": f"the cosigned note cannot be read ({exc})"}
    added = len(SignedNote.parse(merged).signatures) - len(stored.signatures)
    if added:
        store.add_signature(row.id, merged)
    return {"ok": True, "added": added}


def _transcript_check(store: Store, message: TranscriptCheck) -> dict[str, Any]:
    """Record the findings of a transcript check as one event of its session; each is
    read back as a `Finding` (a shape that is not one is refused) and redacted again."""
    from bastion.audit.records import transcript_check_item
    from bastion.core.events import Finding
    from bastion.detect.secrets import redact_value

    if store.session(message.session_id, prefix=False) is None:
        return {"ok": False, "error": f"no session {message.session_id[:60]!r} recorded"}
    findings = [redact_value(Finding.from_dict(dict(f)).to_dict()) for f in message.findings]
    item = transcript_check_item(message.session_id, message.source[:4096], findings)
    return {"ok": True, "seq": store.append_event(*item)}


def _decide(store: Store, message: DecideApproval) -> dict[str, Any]:
    from bastion.server import approvals

    try:
        row = approvals.decide(
            store,
            message.approval_id,
            message.decision,
            message.by,
            scope=message.scope,
            minutes=message.minutes,
            note=message.note,
        )
    except approvals.ApprovalError as exc:
        return {"ok": False, "error": str(exc), "error_type": type(exc).__name__}
    return {"ok": True, "row": dict(row)}


def apply_identity(
    service: IdentityService | None, store: Store, message: IdentityWrite
) -> dict[str, Any]:
    """Carry out identity administration with ``service`` and put it in the signed log
    (a ``ControlAction`` entry: revoke, revocation.lift, grant). A login, logout or key
    rotation goes to the identity lifecycle log only, as it always did."""
    from bastion.audit.records import CONTROL_SESSION, action_row
    from bastion.identity.errors import IdentityError

    if service is None:
        return {"ok": False, "error": "this daemon has no identity service; `bastion status`"}
    try:
        if isinstance(message, LoginNote) and message.logged_in:
            logins = service.logins
            logins.note(message.who, message.source, message.issuer, list(message.roles))
            return {"ok": True}
        if isinstance(message, LoginNote):
            service.logins.note_logout(message.who)
            return {"ok": True}
        if isinstance(message, FleetRevoke):
            by = f"fleet:{message.by}"
            affected = service.admin.revoke_or_ahead(
                message.kind, message.subject, by=by, reason=message.reason
            )
            store.append_control(
                action_row(
                    FLEET_REVOCATION_APPLIED,
                    by,
                    id=message.doc_id,
                    kind=message.kind,
                    subject=message.subject,
                    reason=message.reason,
                    sessions=affected,
                )
            )
            return {"ok": True, "affected": affected}
        if isinstance(message, RotateKeys):
            kid, dropped = service.admin.rotate_keys(by=message.by)
            return {"ok": True, "kid": kid, "dropped": dropped}
        if isinstance(message, Revoke) and message.lift:
            count = service.admin.lift(
                message.kind, message.subject, by=message.by, reason=message.reason
            )
            store.append_control(
                action_row(
                    "revocation.lift",
                    message.by,
                    kind=message.kind,
                    subject=message.subject,
                    reason=message.reason,
                )
            )
            return {"ok": True, "count": count}
        if isinstance(message, Revoke):
            affected = service.admin.revoke(
                message.kind, message.subject, by=message.by, reason=message.reason
            )
            store.append_control(
                action_row(
                    "revoke",
                    message.by,
                    kind=message.kind,
                    subject=message.subject,
                    reason=message.reason,
                    sessions=affected,
                )
            )
            return {"ok": True, "affected": affected}
        granted = service.admin.grant(
            message.session_id,
            message.kind,
            message.value,
            message.minutes,
            approved_by=message.approved_by,
            approver_roles=message.approver_roles,
            reason=message.reason,
        )
        row = granted.to_dict()
        details = {k: v for k, v in row.items() if k != "session_id"}
        sid = str(row.get("session_id") or CONTROL_SESSION)
        store.append_control(action_row("grant", message.approved_by, session_id=sid, **details))
        return {"ok": True, "grant": row}
    except IdentityError as exc:
        return {"ok": False, "error": str(exc), "error_type": type(exc).__name__}


def raise_for(answer: Mapping[str, Any]) -> Mapping[str, Any]:
    """``answer`` when it says ``ok``; else its error, as the type it names when known."""
    if answer.get("ok"):
        return answer
    from bastion.identity.errors import GrantError, IdentityError
    from bastion.server import approvals

    error = str(answer.get("error") or "the daemon could not write it")
    known: dict[str, type[BastionError]] = {
        cls.__name__: cls
        for cls in (
            approvals.ApprovalNotFound,
            approvals.ApprovalAlreadyDecided,
            approvals.ApprovalError,
            GrantError,
            IdentityError,
        )
    }
    raise known.get(str(answer.get("error_type")), HomeWriteFailed)(error)
