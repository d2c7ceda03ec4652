"""The refusal journal: refusals the log could not take yet, kept on disk until it can.

When the store is down (a PostgreSQL outage, a locked or full disk) the daemon still
answers every hook, closed: it refuses. Those refusals must be in the record too, so
each one is appended here first (one redacted JSON line, ``O_APPEND`` and fsync, under
an exclusive lock on ``<journal>.lock``) and moved into the signed log when the store
takes writes again: at the next successful append and at daemon start.

Moving is idempotent: each journal entry carries an id that becomes its log entry's id,
entries already in the log are skipped, and the file is emptied only after the store
committed, under the same lock that appenders take. A crash at any point therefore loses
nothing and logs nothing twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bastion.audit.entry import canonical_json
from bastion.audit.jsonl import append_line
from bastion.audit.records import CONTROL_SESSION, JOURNALED_REFUSAL, control_row
from bastion.core import home as home_names
from bastion.errors import BastionError

__all__ = [
    "JOURNAL_DIR",
    "JOURNAL_FILE",
    "MAX_RECORDED_INPUT",
    "JournalError",
    "RefusalJournal",
    "journal_unavailable",
    "refusal_entry",
    "refusal_row",
]

if TYPE_CHECKING:
    from bastion.store import Store

JOURNAL_DIR = home_names.JOURNAL_DIR
JOURNAL_FILE = "refusals.jsonl"
MAX_RECORDED_INPUT = 64 * 1024
"""A refused call's tool input is kept up to this many bytes of canonical JSON; a larger
one is recorded by its SHA-256 and size."""
STAT_EVERY_S = 1.0
"""How often `RefusalJournal.pending` looks at the file for another process's refusals."""


class JournalError(BastionError):
    """The journal cannot be written; the message names the path and the fix."""


def refusal_entry(agent: str, payload: bytes, reason: str, error: str = "") -> dict[str, Any]:
    """A redacted, bounded description of one refused hook call."""
    from bastion.detect.secrets import redact_value

    entry: dict[str, Any] = {
        "id": uuid.uuid4().hex,
        "time": time.time(),
        "agent": agent,
        "reason": redact_value(reason)[:2000],
        "error": error[:200],
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_bytes": len(payload),
    }
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, ValueError):
        data = None
    if isinstance(data, dict):
        for key in ("session_id", "hook_event_name", "tool_name", "tool_use_id", "cwd"):
            value = data.get(key)
            if isinstance(value, str):
                entry[key] = redact_value(value)[:512]
        tool_input = data.get("tool_input")
        if tool_input is not None:
            text = canonical_json(tool_input)
            if len(text) <= MAX_RECORDED_INPUT:
                entry["tool_input"] = redact_value(tool_input)
            else:
                entry["tool_input_sha256"] = hashlib.sha256(text.encode()).hexdigest()
                entry["tool_input_bytes"] = len(text)
    return entry


def refusal_row(entry: dict[str, Any]) -> dict[str, Any]:
    """The log entry of one refusal (journaled or not): a deny, with what was refused."""
    session = entry.get("session_id")
    row = control_row(
        session if isinstance(session, str) and session else CONTROL_SESSION,
        JOURNALED_REFUSAL,
        {"refusal": {k: v for k, v in entry.items() if k not in ("id", "time")}},
        when=float(entry.get("time") or time.time()),
        decision="deny",
        tool=entry.get("tool_name") if isinstance(entry.get("tool_name"), str) else None,
    )
    row["id"] = str(entry["id"])
    row["data"]["id"] = row["id"]
    call = entry.get("tool_use_id")
    if isinstance(call, str) and call:
        # Findable like the call's decision would have been (search, crash checks).
        row["tool_use_id"] = row["data"]["tool_use_id"] = call
    return row


class RefusalJournal:
    """An append-only file of refusals waiting for the log."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._appended = False  # this process journaled a refusal not yet moved
        self._seen = False  # the file held refusals when last looked at
        self._looked = float("-inf")  # time.monotonic() of that look

    @classmethod
    def for_home(cls, home_root: str | os.PathLike[str]) -> RefusalJournal:
        return cls(Path(home_root) / JOURNAL_DIR / JOURNAL_FILE)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def append(self, entry: dict[str, Any]) -> None:
        """Add one refusal durably; raises `JournalError` when the disk refuses too."""
        try:
            with self._locked():
                append_line(self.path, entry)
            self._appended = True
        except OSError as exc:
            raise JournalError(
                f"cannot append to the refusal journal {self.path} ({exc.strerror}); free "
                "space on its disk or make its directory writable by the daemon's user"
            ) from exc

    def pending(self) -> bool:
        """Whether refusals wait for the log; asked after every recorded event.

        This process's own refusals are known at once. Another process's (a hook that
        decided in-process while the store was down) are found by a stat at most every
        `STAT_EVERY_S`, so the daemon's hot path makes no system call for it per event.
        """
        if self._appended:
            return True
        now = time.monotonic()
        if now - self._looked >= STAT_EVERY_S:
            self._looked = now
            try:
                self._seen = self.path.stat().st_size > 0
            except FileNotFoundError:
                self._seen = False
        return self._seen

    def read(self) -> list[dict[str, Any]]:
        """The whole entries (a line cut short by a crash was never acknowledged)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        out = []
        for line in raw.split(b"\n")[:-1]:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                out.append(entry)
        return out

    def replay(self, store: Store) -> int:
        """Move every journaled refusal into the log; returns how many were appended.

        Raises what the store raises when it is still down; the journal is then kept.
        """
        with self._locked():
            entries = self.read()
            if not entries:
                self._appended = self._seen = False
                return 0
            have = store.existing_ids([str(e["id"]) for e in entries])
            rows = [refusal_row(e) for e in entries if str(e["id"]) not in have]
            if rows:
                store.append_events([(row, [], [], {}) for row in rows])
            fd = os.open(self.path, os.O_WRONLY)
            try:
                os.ftruncate(fd, 0)
                os.fsync(fd)
            finally:
                os.close(fd)
            self._appended = self._seen = False
            return len(rows)


def journal_unavailable(
    home_root: str | os.PathLike[str], agent: str, payload: bytes, exc: BaseException
) -> None:
    """Journal a call that no engine could decide (the store is down when the hook's
    in-process fallback starts); the next engine that starts logs it. Never raises.

    ``bastion.daemon.decide_once`` calls it where building the engine fails.
    """
    with contextlib.suppress(Exception):
        RefusalJournal.for_home(home_root).append(
            refusal_entry(
                agent, payload, "no decision: Bastion could not start", type(exc).__name__
            )
        )
