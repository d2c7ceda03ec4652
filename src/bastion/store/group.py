"""Group commit: events of many concurrent hook calls committed in one transaction.

The daemon decides events one after another in memory, but a commit costs more than a
decision (a SQLite WAL write, a PostgreSQL round trip). So the daemon does not write each
event itself: it hands the event's rows to `GroupCommit.submit` and gets a future; then
everything submitted meanwhile is appended with a single `Store.append_events` (one
transaction, one log lock, the leaves in submission order). The future completes only
after that commit, and the daemon sends its reply only then: a reply never leaves before
its event is in the record (no event an agent was told about is lost when the daemon is
killed; ``tests/integration/test_daemon_crash.py``).

Who commits: the daemon's own loop, once the requests that arrived together are decided
(``commit_queued``; no thread). A committer thread (``thread=True``) would overlap the
database's wait with decisions, but the row building is Python under the GIL and every
handover between the two threads cost the deciding thread up to the interpreter's switch
interval (5 ms): measured with bench/daemon_bench.py, a stat() in the decision path took
1.5 ms on average with the thread, so the loop commits itself.

Order: every other write of the store (``Store.transaction``) and every read of events or
sessions commits what is still queued first, under the store's lock, so the log's order is
the order in which writes were asked for, and a read sees every event submitted before it.

A group that fails is retried event by event, so one row the database refuses fails only
its own call, not its neighbours'; when the store is down every future fails with the
store's error and the daemon answers those calls closed (``daemon/faults``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from bastion.errors import StoreError

if TYPE_CHECKING:
    from bastion.store import EventItem, Store

__all__ = ["GroupCommit"]

_log = logging.getLogger("bastion.store")


class GroupCommit:
    """The queue of submitted events and the thread that commits them in groups."""

    def __init__(self, store: Store, *, thread: bool = False) -> None:
        self._store = store
        self._queue: list[tuple[Sequence[EventItem], Future[list[int]]]] = []
        self._ready = threading.Condition(threading.Lock())
        # Submitted and not yet committed (queued or in the committer's hands): a read
        # that finds it non-zero takes the store's lock to see them.
        self.unsettled = 0
        self._closing = False
        self.groups = 0  # commits made (bench/daemon_bench.py reports events per commit)
        self.committed = 0
        # Only when asked (PostgreSQL's daemon): a thread that is merely notified still takes
        # the GIL at each submit and races the loop for the commit.
        self._thread: threading.Thread | None = None
        if thread:
            self._thread = threading.Thread(
                target=self._run, name="bastion-group-commit", daemon=True
            )
            self._thread.start()

    def submit(self, items: Sequence[EventItem]) -> Future[list[int]]:
        """Queue one call's rows; the future gives their seqs once committed."""
        future: Future[list[int]] = Future()
        with self._ready:
            if self._closing:
                raise StoreError("the store is closing; no event can be written any more")
            self._queue.append((items, future))
            self.unsettled += 1
            if self._thread is not None:
                self._ready.notify()
        return future

    def _run(self) -> None:
        store = self._store
        while True:
            with self._ready:
                while not self._queue and not self._closing:
                    self._ready.wait()
                if not self._queue and self._closing:
                    return
            with store._lock:
                self.commit_queued()
            # Outside the lock and after the replies are released: signing a checkpoint and
            # handing it to the witnesses is never in a waiting call's way.
            try:
                store._maybe_checkpoint()
            except Exception:
                _log.exception("checkpoint after a group commit failed")

    def commit(self) -> None:
        """Commit everything queued now, then sign a checkpoint if one is due (the owner's
        call when it commits itself)."""
        with self._store._lock:
            self.commit_queued()
        self._store._maybe_checkpoint()

    def commit_queued(self) -> None:
        """Commit everything queued now; the caller holds the store's lock."""
        with self._ready:
            group, self._queue = self._queue, []
        if not group:
            return
        try:
            try:
                seqs = self._store._append_grouped([item for items, _ in group for item in items])
            except Exception as exc:
                if len(group) == 1:
                    group[0][1].set_exception(exc)
                    return
                # One bad row must not refuse its neighbours: each call alone.
                for items, future in group:
                    try:
                        future.set_result(self._store._append_grouped(list(items)))
                    except Exception as single:
                        future.set_exception(single)
                return
            self.groups += 1
            start = 0
            for items, future in group:
                future.set_result(seqs[start : start + len(items)])
                start += len(items)
            self.committed += start
        finally:
            with self._ready:
                self.unsettled -= len(group)

    def close(self) -> None:
        """Commit what is queued and stop the committer (the store is closing)."""
        with self._ready:
            self._closing = True
            self._ready.notify()
        if self._thread is not None:
            self._thread.join(timeout=60)
        else:
            with self._store._lock:
                self.commit_queued()
        if self._queue:  # the committer did not finish in time: fail, never drop silently
            with self._ready:
                left, self._queue = self._queue, []
            for _, future in left:
                future.set_exception(StoreError("the store closed before this event was written"))

    def stats(self) -> dict[str, Any]:
        return {"groups": self.groups, "events": self.committed}
