"""The store the hook's in-process fallback hands its engine: writes held, then journaled.

The fallback runs the daemon's own pipeline (`bastion.engine.Engine`) but must not open
the store (SQLAlchemy, migrations, the log's lock: most of the daemon's start). This
stand-in answers the engine's reads as an empty store would (no saved memory: the
fallback only answers where that cannot loosen the verdict, `engine_fallback`) and keeps
every write in order in memory. ``commit`` appends them to the event journal
(`record/wal`) as frames the daemon folds into the real store (`audit/wal_fold`); a call
the fallback does not answer is never committed, so the daemon that answers it records it
alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from bastion.record.wal import EventJournal

__all__ = ["JournalStore"]

Item = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]


class JournalStore:
    """The subset of `bastion.store.Store` the live pipeline calls, over the journal."""

    def __init__(self, journal: EventJournal) -> None:
        self.journal = journal
        self.frames: list[tuple[str, Any]] = []
        self._txn: list[tuple[str, Any]] | None = None

    # -- reads: an empty store -------------------------------------------------------

    def load_state(self, session_id: str) -> dict[str, Any] | None:
        return None

    def session(self, session_id: str, *, prefix: bool = True) -> dict[str, Any] | None:
        return None

    def session_to_write(self, session_id: str) -> dict[str, Any] | None:
        return None

    def decided_calls(self, session_id: str) -> set[str]:
        return set()

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        return set()

    def latest_control(self, session_id: str, name: str) -> dict[str, Any] | None:
        return None

    # -- writes: held in order ---------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A new session's row and its attribution entry become one ``session`` frame."""
        self._txn = []
        try:
            yield
        finally:
            held, self._txn = self._txn, None
        kinds = [kind for kind, _ in held]
        if kinds == ["session", "events"] and len(held[1][1]) == 1:
            self.frames.append(("session", {"row": held[0][1], "attribution": held[1][1][0][0]}))
        else:
            self.frames.extend(held)

    def _add(self, kind: str, body: Any) -> None:
        (self._txn if self._txn is not None else self.frames).append((kind, body))

    def upsert_session(self, row: dict[str, Any]) -> None:
        self._add("session", dict(row))

    def append_event(
        self,
        row: dict[str, Any],
        finding_rows: list[dict[str, Any]],
        alert_rows: list[dict[str, Any]],
        session_values: dict[str, Any],
    ) -> int:
        self._add("events", [[row, finding_rows, alert_rows, session_values]])
        return 0

    def append_events(self, items: Sequence[Item]) -> list[int]:
        self._add("events", [list(item) for item in items])
        return [0] * len(items)

    def append_control(self, row: dict[str, Any]) -> int:
        return self.append_event(row, [], [], {})

    def close(self) -> None:
        """Nothing to close: an uncommitted call leaves nothing behind."""

    def commit(self) -> int:
        """Append the held writes to the journal, fsynced, in order; returns the frames."""
        for kind, body in self.frames:
            if kind == "session" and "attribution" not in body:
                raise ValueError("a session row without its attribution cannot be journaled")
        if self.frames:
            self.journal.append_many(self.frames)
        count, self.frames = len(self.frames), []
        return count
