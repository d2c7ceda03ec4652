"""Feed recorded hook payloads (the replay format) through the same engine as live hooks.

The replay format is one hook payload per line, ``.jsonl`` or ``.jsonl.gz`` (see
``shared/data/README.md``: the corpora are Claude Code's). Each line is read by its agent's
sensor: the one named (``agent``, ``bastion replay --agent``), else the one that recognises
it (``sensors/recognise``: by where its transcript is, else by the events it knows), so a
Gemini CLI or Codex session replays as it was decided live. Label keys that evaluation
corpora add (``corpus``, ``expect``, ``expect_finding``, ``attack_goal``) are stripped
before the engine sees a line: they are answers, and must never influence (or be recorded
as) what the agent sent. Benchmarks, ``bastion policy test`` and the demo all go through
``replay_lines``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from bastion.engine import Engine
from bastion.errors import PayloadError
from bastion.events import Event, EventKind, Verdict
from bastion.sensors.base import Sensor
from bastion.sensors.recognise import Recogniser

if TYPE_CHECKING:
    from bastion.store import Store

LABEL_KEYS = ("corpus", "expect", "expect_finding", "attack_goal")
# The kinds whose row carries a decision: a tool call before it runs and a prompt (an agent's
# permission dialog is decided too, but the replay interface has never reported it).
DECIDING_KINDS = (EventKind.ACTION, EventKind.PROMPT)


@dataclass(slots=True)
class ReplayStep:
    """One input line and what the engine made of it."""

    line_number: int
    payload: dict[str, Any] | None
    labels: dict[str, Any]
    event: Event | None
    verdict: Verdict | None
    error: str = ""
    kind: EventKind | None = None  # the event's kind, from its sensor even when it did not parse

    def output(self) -> dict[str, Any]:
        """The stable ``--format jsonl`` row of the replay interface."""
        payload = self.payload or {}
        # The agent's own names, as its sensor read them (every agent's key is its own).
        event = self.event
        name = event.native_name if event is not None else payload.get("hook_event_name")
        decision = None
        deciding = self.kind in DECIDING_KINDS
        if self.verdict is not None and deciding:
            decision = self.verdict.decision.value
        elif self.error and deciding:
            decision = "deny"
        row: dict[str, Any] = {
            "session_id": event.session_id if event is not None else payload.get("session_id"),
            "hook_event_name": name,
            "tool_use_id": event.tool_use_id if event is not None else payload.get("tool_use_id"),
            "decision": decision,
            "reasons": (
                self.verdict.reasons if self.verdict else [self.error] if self.error else []
            ),
            "findings": [
                {"kind": f.kind, "severity": f.severity.value, "detail": f.detail}
                for f in (self.verdict.findings if self.verdict else [])
            ],
        }
        if self.verdict is not None and self.verdict.updated_input is not None:
            row["updated_input"] = self.verdict.updated_input
        if self.error:
            row["error"] = self.error
        return row


def open_lines(path: Path) -> BinaryIO:
    """Open a replay file, transparently un-gzipping (by magic bytes, not by name)."""
    raw = path.open("rb")
    magic = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return raw


def read_payloads(paths: Iterable[Path]) -> Iterator[tuple[int, bytes]]:
    for path in paths:
        with open_lines(path) as stream:
            for number, line in enumerate(stream, 1):
                if line.strip():
                    yield number, line


def replay_lines(
    engine: Engine,
    lines: Iterable[tuple[int, bytes]],
    agent: str | None = None,
    *,
    rows: bool = True,
) -> Iterator[ReplayStep]:
    """Run each line through the engine; a session's events are written together.
    ``agent``: the agent every line is from (None: recognise each line's).

    ``rows=False`` (decisions only, for a store that is thrown away): the events of a
    session that never comes back after its end write no rows. The engine reads the store
    on the per-event path only to open a session it does not follow and for a session's
    own decided calls at its end, so only a session that returns after its end needs its
    rows (its saved state, its decided calls) and it keeps them: the replies are those of
    the full replay (``tests/unit/test_replay_rowless.py``). About x1.4 per CPU-second.
    On a store that holds nothing yet (a fresh throw-away home, as ``policy test`` makes)
    those sessions do not touch the store at all (``Engine.rowless_unstored``): no read
    at their opening or end, no session row, no attribution entry."""
    if not rows:
        lines = list(lines)
        engine.rowless = _ending_once(lines, agent)
        engine.rowless_unstored = holds_nothing(engine.store)
    try:
        yield from _replay(engine, lines, agent)
    finally:
        engine.rowless = ()
        engine.rowless_unstored = False


def holds_nothing(store: Store) -> bool:
    """Whether ``store`` has no session and no event: no session of a replay into it can
    be resumed from a row, or have calls recorded, that the replay did not write."""
    return not store.sessions(limit=1) and store.count_events() == 0


@dataclass(slots=True)
class Plan:
    """What a sequential pass over a replay's lines reads before deciding any: per line, the
    sensor that reads it (None: not a JSON object, no sensor is asked) and the session it is
    grouped in (``_replay``'s key); and the sessions with no event after their end.
    A replay split across processes (``replay_shards``) keeps each line's agent and the
    rowless sessions of this one pass, so no shard's choice depends on what it was given."""

    sensors: list[Sensor | None]
    sessions: list[str | None]
    rowless: set[str]


def plan(lines: list[tuple[int, bytes]], agent: str | None) -> Plan:
    """The ``Plan`` of ``lines``, read as ``_step`` reads them."""
    sensors = Recogniser(agent)
    chosen: list[Sensor | None] = []
    keys: list[str | None] = []
    seen: set[str] = set()
    ended: set[str] = set()
    returning: set[str] = set()
    for _, line in lines:
        chosen.append(None)
        keys.append(None)
        try:
            payload = json.loads(line)
            if not isinstance(payload, dict):
                continue
            for key in LABEL_KEYS:
                payload.pop(key, None)
            named = payload.get("session_id")
            keys[-1] = named if isinstance(named, str) else None
            sensor = sensors.sensor_of(payload)
            chosen[-1] = sensor
            event = sensor.to_event(payload)
        except (PayloadError, ValueError, TypeError, AttributeError):
            continue
        session = keys[-1] = event.session_id
        if session in ended or (event.kind is EventKind.ACTION and not event.tool):
            # Back after its end; or an action the engine counts as decided only by its
            # row (``Engine.detect``'s decided calls): both keep their rows.
            returning.add(session)
        seen.add(session)
        if event.kind is EventKind.SESSION_END:
            ended.add(session)
    return Plan(chosen, keys, seen - returning)


def _ending_once(lines: list[tuple[int, bytes]], agent: str | None) -> set[str]:
    """Sessions of ``lines`` with no event after their end (read as ``_step`` reads them)."""
    return plan(lines, agent).rowless


def replay_planned(
    engine: Engine,
    lines: list[tuple[int, bytes]],
    sensors: list[Sensor | None],
    rowless: set[str],
) -> Iterator[ReplayStep]:
    """``replay_lines(..., rows=False)`` over some of a replay's lines whose ``Plan`` was
    read over all of them: each line read by the sensor the plan chose for it (``sensors``,
    one per line), the plan's rowless sessions (``replay_shards``)."""
    engine.rowless = rowless
    engine.rowless_unstored = holds_nothing(engine.store)
    try:
        yield from _replay(engine, lines, None, sensors)
    finally:
        engine.rowless = ()
        engine.rowless_unstored = False


class _Given:
    """A recogniser that gives a line the sensor a sequential pass chose for it."""

    __slots__ = ("sensor",)

    def __init__(self, sensor: Sensor | None) -> None:
        self.sensor = sensor

    def sensor_of(self, payload: dict[str, Any]) -> Sensor:
        del payload
        if self.sensor is None:  # the plan read no JSON object here; nor does ``_step``
            raise PayloadError("no sensor was chosen for this line")
        return self.sensor


def _replay(
    engine: Engine,
    lines: Iterable[tuple[int, bytes]],
    agent: str | None,
    chosen: list[Sensor | None] | None = None,
) -> Iterator[ReplayStep]:
    """Each session's run of lines is a group: its records written in one transaction
    (none for a session that does not touch the store, ``Engine.unstored``), its steps
    yielded once that is committed."""
    sensors = Recogniser(agent)
    given = iter(chosen) if chosen is not None else None
    engine.recorder.batch = []
    current_session: str | None = None
    grouped = False
    batch: list[ReplayStep] = []
    transaction = None
    try:
        for number, line in lines:
            reader = sensors if given is None else _Given(next(given))
            step = _step(engine, reader, number, line)
            session = (
                step.event.session_id
                if step.event is not None
                else (step.payload or {}).get("session_id")
            )
            if grouped and session != current_session:
                engine.flush()
                if transaction is not None:
                    transaction.__exit__(None, None, None)
                    transaction = None
                grouped = False
                yield from batch
                batch = []
            if not grouped:
                grouped, current_session = True, session
                if not (isinstance(session, str) and engine.unstored(session)):
                    transaction = engine.store.transaction()
                    transaction.__enter__()
            batch.append(step)
        engine.flush()
        if transaction is not None:
            transaction.__exit__(None, None, None)
            transaction = None
        yield from batch
    finally:
        if transaction is not None:
            engine.flush()
            transaction.__exit__(None, None, None)
        engine.recorder.batch = None


def _step(engine: Engine, sensors: Recogniser | _Given, number: int, line: bytes) -> ReplayStep:
    try:
        payload = json.loads(line)
    except ValueError as exc:
        return ReplayStep(number, None, {}, None, None, f"line {number}: not valid JSON ({exc})")
    if not isinstance(payload, dict):
        return ReplayStep(number, None, {}, None, None, f"line {number}: not a JSON object")
    labels = {k: payload.pop(k) for k in LABEL_KEYS if k in payload}
    sensor: Sensor = sensors.sensor_of(payload)
    try:
        event = sensor.to_event(payload)
    except PayloadError as exc:
        native = payload.get("hook_event_name")
        kind = sensor.event_kind(native) if isinstance(native, str) else None
        return ReplayStep(number, payload, labels, None, None, f"line {number}: {exc}", kind)
    verdict = engine.process(event)
    return ReplayStep(number, payload, labels, event, verdict, kind=event.kind)


def sessions_from_files(
    paths: Iterable[Path], label: str | None = None, agent: str | None = None
) -> Iterator[list[Event]]:
    """Sessions from replay-format files (``.jsonl`` or ``.jsonl.gz``); labels are dropped.

    With ``label``, only sessions whose evaluation label (``corpus.label``) is that value:
    a labelled corpus can then supply its ordinary sessions only. ``agent`` as in
    ``replay_lines``."""
    sensors = Recogniser(agent)
    current: dict[str, list[Event]] = {}
    order: list[str] = []
    labels: dict[str, str] = {}

    def wanted(session_id: str) -> bool:
        return label is None or labels.get(session_id) == label

    for path in paths:
        with open_lines(Path(path)) as stream:
            for line in stream:
                if not line.strip():
                    continue
                try:
                    payload = json.loads(line)
                    corpus = payload.get("corpus")
                    if label is not None and isinstance(corpus, dict):
                        labels[payload["session_id"]] = str(corpus.get("label", ""))
                    for key in LABEL_KEYS:
                        payload.pop(key, None)
                    _, event = sensors.read(payload)
                except (PayloadError, ValueError, TypeError, AttributeError):
                    continue
                if event.session_id not in current:
                    current[event.session_id] = []
                    order.append(event.session_id)
                current[event.session_id].append(event)
                if event.kind is EventKind.SESSION_END:
                    order.remove(event.session_id)
                    events = current.pop(event.session_id)
                    if wanted(event.session_id):
                        yield events
    for sid in order:
        events = current.pop(sid)
        if wanted(sid):
            yield events
