"""The event journal: what the hook's in-process fallback recorded while no daemon ran.

The fallback must leave a record of every call it answers, but opening the store (its
SQLAlchemy engine, migrations, the log's lock) costs more than the whole call may. So it
appends each write the store would have taken to this file instead, and the daemon folds
the file into the store, in order and exactly once, when it next starts
(`EventJournal.fold`).

Format: one JSON line per frame, ``{"n", "prev", "h", "id", "kind", "body"}``. ``n`` counts
frames from 0 in this file, ``prev`` is the previous frame's ``h`` (64 zeros for the
first) and ``h`` is SHA-256 of ``prev``, a newline and the canonical JSON of
``[n, id, kind, body]``. A changed, removed, inserted or reordered frame therefore breaks
the chain at that point (`read` names it); the log the frames are folded into is then
signed as every other entry is. Like any unkeyed chain, a writer who can rewrite the whole
file can forge it: in personal mode that is the user and the agent alike (see
docs/audit.md).

Appends take an exclusive ``flock`` on ``<file>.lock`` (concurrent fallback hooks never
interleave frames), write the line with one ``write`` on an ``O_APPEND`` descriptor and
``fsync`` before the caller answers the agent. A crash mid-append leaves a last line with
no newline: that writer never answered, so its frame was never acknowledged. The next
appender (or the fold) cuts it off and records the cut as a ``torn`` frame holding the
size and SHA-256 of the bytes removed, so nothing is rewritten silently.

Bodies are written as the caller gives them: the fallback writes the rows the record stage
made, already redacted as the store's rows are (``record/rows``). Standard library only:
the fallback imports it on its fast path (``bastion.audit``'s package loads the
log's signing, so the journal lives beside the record stage; its fold is
``audit/wal_fold``).
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bastion.core import home as home_names
from bastion.errors import BastionError

if TYPE_CHECKING:
    from bastion.store import Store

__all__ = [
    "GENESIS",
    "WAL_FILE",
    "EventJournal",
    "Frame",
    "JournalRead",
    "WalError",
    "frame_hash",
]

WAL_FILE = "events.wal"
GENESIS = "0" * 64
TAIL_CHUNK = 64 * 1024
STAT_EVERY_S = 1.0
"""How often `EventJournal.waiting` looks at the file (a stat) from the daemon's hot path."""


class WalError(BastionError):
    """The event journal cannot be written; the message names the path and the fix."""


def canonical_json(value: Any) -> str:
    """Sorted keys, compact, ASCII: the same bytes for the same value in every process."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def frame_hash(prev: str, n: int, frame_id: str, kind: str, body: Any) -> str:
    text = canonical_json([n, frame_id, kind, body])
    return hashlib.sha256(f"{prev}\n{text}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Frame:
    n: int
    id: str
    kind: str
    body: Any
    h: str


@dataclass(slots=True)
class JournalRead:
    """The frames whose chain holds, and what was wrong after them (if anything)."""

    frames: list[Frame] = field(default_factory=list)
    problem: str = ""
    """Empty when every whole line chains; else where and how the chain broke."""
    torn_bytes: int = 0
    """Bytes after the last newline: an append cut short by a crash."""
    torn_sha256: str = ""

    @property
    def head(self) -> str:
        return self.frames[-1].h if self.frames else GENESIS


def _parse(raw: bytes) -> JournalRead:
    out = JournalRead()
    body, _, tail = raw.rpartition(b"\n")
    if not raw.endswith(b"\n"):
        out.torn_bytes = len(tail)
        out.torn_sha256 = hashlib.sha256(tail).hexdigest()
    lines = body.split(b"\n") if body or raw.startswith(b"\n") else []
    prev = GENESIS
    for index, line in enumerate(lines):
        try:
            data = json.loads(line)
            frame = Frame(
                int(data["n"]), str(data["id"]), str(data["kind"]), data["body"], str(data["h"])
            )
            linked = data["prev"] == prev
        except (ValueError, KeyError, TypeError):
            out.problem = f"line {index + 1} is not a journal frame"
            return out
        if frame.n != index or not linked:
            out.problem = f"line {index + 1} does not follow line {index} (removed or reordered)"
            return out
        if frame_hash(prev, frame.n, frame.id, frame.kind, frame.body) != frame.h:
            out.problem = f"line {index + 1} was changed after it was written"
            return out
        out.frames.append(frame)
        prev = frame.h
    return out


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class EventJournal:
    """An append-only, hash-chained, fsynced file of store writes waiting for the store."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._looked = float("-inf")  # time.monotonic() of the last `waiting` stat

    @classmethod
    def for_home(cls, home_root: str | os.PathLike[str]) -> EventJournal:
        return cls(Path(home_root) / home_names.JOURNAL_DIR / WAL_FILE)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def append(self, kind: str, body: Any) -> Frame:
        """Add one frame durably (fsynced before it returns); raises `WalError`."""
        return self.append_many([(kind, body)])[-1]

    def append_many(self, entries: list[tuple[str, Any]]) -> list[Frame]:
        """Add frames durably, contiguous (one lock, one write, one fsync); raises `WalError`."""
        try:
            with self._locked():
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
                try:
                    n, prev = self._tail(fd)
                    frames, lines = [], []
                    for kind, body in entries:
                        frame = self._frame(n, prev, kind, body)
                        lines.append(self._line(frame, prev))
                        frames.append(frame)
                        n, prev = n + 1, frame.h
                    _write_all(fd, b"".join(lines))
                    os.fsync(fd)
                finally:
                    os.close(fd)
                return frames
        except OSError as exc:
            raise WalError(
                f"cannot append to the event journal {self.path} ({exc.strerror}); free space "
                "on its disk or make its directory writable by your user"
            ) from exc

    @staticmethod
    def _frame(n: int, prev: str, kind: str, body: Any) -> Frame:
        frame_id = uuid.uuid4().hex
        return Frame(n, frame_id, kind, body, frame_hash(prev, n, frame_id, kind, body))

    @staticmethod
    def _line(frame: Frame, prev: str) -> bytes:
        data = {
            "n": frame.n,
            "prev": prev,
            "h": frame.h,
            "id": frame.id,
            "kind": frame.kind,
            "body": frame.body,
        }
        return (canonical_json(data) + "\n").encode()

    def _tail(self, fd: int) -> tuple[int, str]:
        """The next frame's number and the chain's head, reading only the file's end.

        A torn last line (a crash mid-append) is cut off here and its cut recorded as a
        frame of its own. Called under the lock.
        """
        size = os.fstat(fd).st_size
        if size == 0:
            return 0, GENESIS
        end = size
        chunk = b""
        while True:  # back from the end until the last whole line is in ``chunk``
            start = max(0, end - TAIL_CHUNK)
            chunk = os.pread(fd, end - start, start) + chunk
            end = start
            if start == 0 or chunk.count(b"\n") >= 2:
                break
        whole_end = chunk.rfind(b"\n") + 1  # bytes of chunk up to the last newline
        torn = chunk[whole_end:]
        last = chunk[:whole_end].rstrip(b"\n").rsplit(b"\n", 1)[-1]
        if last:
            data = json.loads(last)
            n, prev = int(data["n"]) + 1, str(data["h"])
        else:
            n, prev = 0, GENESIS
        if torn:
            os.ftruncate(fd, size - len(torn))
            note = self._frame(
                n,
                prev,
                "torn",
                {
                    "bytes": len(torn),
                    "sha256": hashlib.sha256(torn).hexdigest(),
                    "time": time.time(),
                },
            )
            _write_all(fd, self._line(note, prev))
            n, prev = n + 1, note.h
        return n, prev

    def read(self) -> JournalRead:
        """Every frame whose chain holds, and what was wrong after them."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return JournalRead()
        return _parse(raw)

    def waiting(self) -> bool:
        """Whether frames may wait for the store, by a stat at most every `STAT_EVERY_S`
        (asked after every event the daemon records; a fallback hook may have written the
        file after the daemon's start folded it)."""
        now = time.monotonic()
        if now - self._looked < STAT_EVERY_S:
            return False
        self._looked = now
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def pending(self) -> int:
        """How many frames wait for the store (0 when the file is absent)."""
        return len(self.read().frames)

    def fold(self, store: Store) -> int:
        """Apply every frame to the store in order, exactly once; returns events appended.

        Event rows keep their ids in the log, and rows already there are skipped, so a
        crash between the store's commit and the file's truncation appends nothing twice.
        A torn tail or a broken chain is written to the log as a ``JournalProblem`` entry;
        a file whose chain broke is kept beside the journal (``.rejected-<time>``) for
        inspection, after its valid frames were folded. Raises what the store raises (the
        file is then kept whole).
        """
        from bastion.audit.wal_fold import apply_frames

        with self._locked():
            read = self.read()
            if not read.frames and not read.problem and not read.torn_bytes:
                return 0
            appended = apply_frames(store, read, str(self.path))
            if read.problem:
                os.replace(self.path, f"{self.path}.rejected-{int(time.time())}")
            else:
                fd = os.open(self.path, os.O_WRONLY)
                try:
                    os.ftruncate(fd, 0)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            return appended
