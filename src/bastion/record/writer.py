"""Writing what the pipeline and Bastion itself record: the one place the engine's rows
meet the store.

The pipeline's event rows (``record/rows``) go through ``write``: at once (the row is durable
before the verdict leaves), into the store's group commit while the daemon collects them
(``grouped``: the daemon sends the reply only once their commit is done, ``store/group``), or
into ``batch`` for a replay, which writes a session's rows in one go. Bastion's own events
about a session (a containment, whoever asked; a refused control operation), refused
payloads (into the refusal journal when the store is down) and the configuration in force
are written here too, so the engine keeps only the pipeline.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from bastion.audit import journal, records
from bastion.audit.journal import RefusalJournal
from bastion.core.events import Decision, Verdict
from bastion.core.state import SessionState
from bastion.detect.secrets import redact_value
from bastion.record import rows
from bastion.respond.modes import CONTAINMENT_WORDS

if TYPE_CHECKING:  # the hook's fallback records without the store's SQLAlchemy
    from bastion.record.wal import EventJournal
    from bastion.store import Store

__all__ = ["Recorder"]

_log = logging.getLogger("bastion.engine")


class Recorder:
    """The engine's writer: its store, a replay's batch and the refusal journal."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Replay buffers a session's records and writes them in one batch (same rows, same
        # order); a live daemon writes each event before its reply leaves (batch is None).
        self.batch: list[tuple[Any, ...]] | None = None
        # Refusals the store could not take (an outage) wait here for the log (daemon sets it).
        self.journal: RefusalJournal | None = None
        # What the hook's fallback answered while no daemon ran (record/wal; daemon sets it).
        self.event_journal: EventJournal | None = None
        # The thread's open `grouped` collection, if any (only the daemon's hook path).
        self._grouped = threading.local()

    @contextlib.contextmanager
    def grouped(self) -> Iterator[list[Future[list[int]]]]:
        """While open, this thread's event rows go to the store's group commit; the list
        gathers one future per write, which the caller waits for before it replies."""
        tickets: list[Future[list[int]]] = []
        self._grouped.tickets = tickets
        try:
            yield tickets
        finally:
            self._grouped.tickets = None

    def write(self, items: list[rows.EventItem]) -> None:
        """An event's rows (and a mode change's entry), in one transaction, or batched."""
        if self.batch is not None:
            self.batch.extend(items)
            return
        tickets: list[Future[list[int]]] | None = getattr(self._grouped, "tickets", None)
        if tickets is not None:
            tickets.append(self.store.submit_events(items))
        elif len(items) == 1:
            self.store.append_event(*items[0])
        else:
            self.store.append_events(items)
        if self.journal is not None and self.journal.pending():
            self.flush_journal()
        if self.event_journal is not None and self.event_journal.waiting():
            self.fold_event_journal()

    def flush(self) -> None:
        """Write buffered records (replay); a no-op for a live engine."""
        if self.batch:
            self.store.append_events(self.batch)
            self.batch.clear()

    def mode_change(self, session_id: str, state: SessionState, previous: str) -> rows.EventItem:
        """The entry of a mode change the pipeline decided (containment by a rule)."""
        reason = redact_value(state.mode_reason or "")
        change = records.mode_row(session_id, state.mode, previous, reason, "bastion")
        return change, [], [], {}

    def containment(
        self,
        session_id: str,
        state: SessionState,
        what: str,
        reason: str,
        by: str,
        caller: dict[str, Any] | None = None,
    ) -> None:
        """A person's containment (kill, release, block a tool, ...) goes into the signed log
        with who did it; ``caller`` is the kernel's word on who asked (uid, pid)."""
        self.own_event(
            session_id,
            "Containment",
            {
                "mode": what,
                "reason": reason,
                "by": by,
                "session_mode": state.mode,
                **({"caller": caller} if caller else {}),
            },
            Verdict(Decision.ALLOW, reasons=[f"{by} set the session to {what}: {reason}"]),
            decision=None,
            alert_title=f"session {session_id[:8]} "
            f"{CONTAINMENT_WORDS.get(what, f'set to {what}')} by {by}",
            alert_detail=reason,
            values={"mode": state.mode, "state": redact_value(state.to_dict())},
        )

    def own_event(
        self,
        session_id: str,
        native_name: str,
        raw: dict[str, Any],
        verdict: Verdict,
        *,
        decision: Decision | None,
        alert_title: str,
        alert_detail: str,
        values: dict[str, Any] | None = None,
    ) -> None:
        """An event Bastion itself makes about a session (a containment, a refused control
        operation): redacted into the session's signed log, with a high alert."""
        item = rows.own_event_item(
            session_id,
            native_name,
            raw,
            verdict,
            decision=decision,
            alert_title=alert_title,
            alert_detail=alert_detail,
            values=values,
        )
        self.store.append_event(*item)

    def refusal(self, agent: str, payload: bytes, reason: str, error: str = "") -> None:
        """Put a refused call in the log; when the store cannot take it, in the journal.

        Never raises: it runs on the paths that answer a hook closed.
        """
        entry = journal.refusal_entry(agent, payload, reason, error)
        try:
            self.store.append_control(journal.refusal_row(entry))
            return
        except Exception:  # the store is down: the journal keeps it until it is back
            pass
        if self.journal is None:
            return
        try:
            self.journal.append(entry)
        except Exception:
            _log.exception("refusal could not be journaled")

    def flush_journal(self) -> int:
        """Move journaled refusals into the log now (the store took a write again)."""
        if self.journal is None:
            return 0
        try:
            return self.journal.replay(self.store)
        except Exception:
            _log.warning("refusal journal not moved yet")
            return 0

    def fold_event_journal(self) -> int:
        """Fold the hook fallback's journaled calls into the store now (`audit/wal_fold`)."""
        if self.event_journal is None:
            return 0
        try:
            return self.event_journal.fold(self.store)
        except Exception:
            _log.warning("event journal not folded yet")
            return 0

    def configuration(self, profile: str, policy_hash: str, config_hash: str, by: str) -> bool:
        """Log the profile and policy in force (with hashes) if they changed since the last
        such entry; the daemon calls it at start and after every reload."""
        last = self.store.latest_control(records.CONTROL_SESSION, records.CONFIGURATION)
        data = (last or {}).get("data") or {}
        now = (profile, policy_hash, config_hash)
        if (data.get("profile"), data.get("policy_hash"), data.get("config_hash")) == now:
            return False
        self.store.append_control(records.configuration_row(*now, by))
        return True
