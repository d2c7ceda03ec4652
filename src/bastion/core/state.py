"""The per-session memory detectors read and the engine updates: credentials seen, tainted
files, risk, containment mode.

The engine owns one ``SessionState`` per session and is the only one that changes it, by
applying the ``StateUpdate`` records detectors return. Keeping updates as data means an
action that ends up denied changes nothing (it never ran), and that state can be saved
and reloaded (``to_dict``/``from_dict``) so a restarted daemon remembers. Modes and update
operations are enums (``Mode``, ``UpdateOp``); being ``StrEnum`` they save as the same words.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bastion.core.parts import (
    AlertMemory,
    BehaviourPart,
    ContainmentMemory,
    EffectsMemory,
    FlowPart,
    LastDecision,
    Part,
    SequenceProgress,
    part_from_json,
)

__all__ = [
    "EFFECTS_MEMORY",
    "PACKAGE_INDEXES",
    "WORKSPACE_HOSTS",
    "Fingerprints",
    "Mode",
    "Observed",
    "SessionState",
    "StateUpdate",
    "UpdateOp",
]


class Mode(enum.StrEnum):
    """A session's containment mode."""

    NORMAL = "normal"
    ASK_EVERYTHING = "ask-everything"
    KILLED = "killed"

    @classmethod
    def parse(cls, value: object) -> Mode:
        """A saved mode; an empty or unknown word reads as normal, as it always has
        (policies compare the mode with the words above, so such a state contains nothing)."""
        try:
            return cls(str(value or cls.NORMAL.value))
        except ValueError:
            return cls.NORMAL


class UpdateOp(enum.StrEnum):
    """What one ``StateUpdate`` changes."""

    CREDENTIAL_READ = "credential-read"
    ENV_DUMP = "env-dump"
    CREDENTIAL_STORE = "credential-store"
    TAINT = "taint"
    HOST_SEEN = "host-seen"
    SECRET_SEEN = "secret-seen"
    # A stage's own typed part of the state (``core/parts``), replaced whole by ``data``;
    # ``key`` is the part's saved key. A key that is not a typed part lands in ``extra``.
    PART = "part"


class Fingerprints(Protocol):
    """Keyed fingerprints of secrets a session has seen (``detect.secrets.FingerprintSet``)."""

    # The fleet's fingerprint key (``detect.secrets.fleetprint.FleetPrintKey``) or None.
    fleet: Any

    def __len__(self) -> int: ...

    def use_fleet(self, keys: Any) -> None: ...

    def add_secret(self, value: str, kind: str) -> None: ...

    def to_state(self) -> dict[str, Any]: ...

    def find_in(self, text: str) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class StateUpdate:
    """One change to session state, applied by the engine only if the action may run."""

    op: UpdateOp
    key: str = ""
    value: str = field(default="", repr=False)  # a secret-seen value lives only in memory
    # The new value of a stage's part (``UpdateOp.PART``): a typed part (``core/parts``).
    data: Any = field(default=None, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.op, UpdateOp):  # a word from older code: typed, or refused
            object.__setattr__(self, "op", UpdateOp(self.op))


@dataclass(frozen=True, slots=True)
class Observed:
    """One tool output as the agent saw it (lower-cased), for provenance look-ups.

    Kept in memory only and never in ``to_dict``: outputs may hold secrets, and the record
    must not. A restarted daemon starts a session's provenance afresh."""

    tool: str
    event: str
    text: str = field(repr=False)
    trusted: bool
    pointed: bool
    flagged: bool
    named: bool = False  # reached through a name in the prompt ("the message from Alice")
    # Text the output hides in an encoding (base64 that decodes to readable text), lower-cased:
    # a value found only here was put there by whoever wrote the output, never a record field.
    hidden: str = field(default="", repr=False)
    # The argument values of the call that produced this output (lower-cased, bounded): a
    # link the agent opened itself is a reference to what it read, not one it was handed.
    called: str = field(default="", repr=False)
    page: bool = False  # the output of opening a link: a page of the open web
    # A server's list of its tools: it names every tool with its own verb, which describes
    # the tool and asks for nothing, so it is no source of an unasked action.
    catalogue: bool = False


@dataclass(slots=True)
class SessionState:
    session_id: str
    workspace: str = ""
    home: str = ""
    prompt: str = ""
    credential_reads: dict[str, str] = field(default_factory=dict)  # path -> kind
    env_dumped: bool = False
    credential_store_reads: list[str] = field(default_factory=list)
    tainted_files: dict[str, str] = field(default_factory=dict)  # path -> where its data came from
    hosts_seen: set[str] = field(default_factory=set)
    denials: int = 0
    risk: int = 0
    events: int = 0
    mode: Mode = Mode.NORMAL
    mode_reason: str = ""
    mode_by: str = ""
    blocked_tools: set[str] = field(default_factory=set)
    finding_counts: dict[str, int] = field(default_factory=dict)
    # Each stage's typed part (``core/parts``): set by the engine from ``UpdateOp.PART``
    # updates, never changed in place (copy on write); None until the stage first moves it.
    sequences: SequenceProgress | None = None
    last_decision: LastDecision | None = None
    behaviour: BehaviourPart | None = None
    flow: FlowPart | None = None
    alerts: AlertMemory | None = None
    containment: ContainmentMemory | None = None
    # Hosts the workspace names and package indexes it configures, found when it opens.
    workspace_hosts: tuple[str, ...] | None = None
    package_indexes: tuple[str, ...] | None = None
    # What earlier calls change about later ones (``understand/session``); set by the engine
    # after an allowed call moved it, copy on write like the parts; None until then.
    effects_memory: EffectsMemory | None = None
    # Saved keys no part reads (a newer or older version's): kept so a save loses nothing.
    extra: dict[str, Any] = field(default_factory=dict)
    # Keyed fingerprints of secrets seen (never the values); None until a key is given.
    fingerprints: Fingerprints | None = None
    # Recent tool outputs, in memory only (see ``Observed``); bounded by detect.provenance.
    observed: list[Observed] = field(default_factory=list, repr=False)

    @property
    def read_credential(self) -> bool:
        return bool(self.credential_reads or self.env_dumped or self.credential_store_reads)

    def credential_summary(self) -> str:
        """A short readable list of what credentials this session touched (names, not values)."""
        names = [p.rsplit("/", 1)[-1] for p in self.credential_reads]
        if self.env_dumped:
            names.append("the environment")
        names.extend(self.credential_store_reads)
        return ", ".join(names[:4]) + (" …" if len(names) > 4 else "")

    def apply(self, update: StateUpdate) -> bool:
        """Apply one update; return whether anything changed (so the engine knows to save)."""
        if update.op == UpdateOp.CREDENTIAL_READ:
            if self.credential_reads.get(update.key) == update.value:
                return False
            self.credential_reads[update.key] = update.value
            return True
        if update.op == UpdateOp.ENV_DUMP:
            changed = not self.env_dumped
            self.env_dumped = True
            return changed
        if update.op == UpdateOp.CREDENTIAL_STORE:
            if update.key in self.credential_store_reads:
                return False
            self.credential_store_reads.append(update.key)
            return True
        if update.op == UpdateOp.TAINT:
            if update.key in self.tainted_files:
                return False
            self.tainted_files[update.key] = update.value
            return True
        if update.op == UpdateOp.SECRET_SEEN:
            if self.fingerprints is None:
                return False
            before = len(self.fingerprints)
            self.fingerprints.add_secret(update.value, update.key)
            return len(self.fingerprints) != before
        if update.op == UpdateOp.PART:
            if self.part(update.key) == update.data:
                return False
            self.set_part(update)
            return True
        if update.op == UpdateOp.HOST_SEEN:
            if update.key in self.hosts_seen:
                return False
            self.hosts_seen.add(update.key)
            return True
        raise ValueError(f"unknown state update {update.op!r}")

    def part(self, key: str) -> Any:
        """The part saved under ``key`` (typed, or from ``extra``), None if there is none."""
        name = _PART_FIELDS.get(key)
        return getattr(self, name) if name is not None else self.extra.get(key)

    def set_part(self, update: StateUpdate) -> None:
        """Replace a stage's part without comparing it with the old one (``apply`` compares);
        the stage says whether it moved. A typed key takes only its own type."""
        if update.op is not UpdateOp.PART:
            raise ValueError(f"set_part takes a part, not {update.op!r}")
        name = _PART_FIELDS.get(update.key)
        if name is None:
            self.extra[update.key] = update.data
            return
        kind = _PART_KINDS[update.key]
        if update.data is not None and not isinstance(update.data, kind):
            raise TypeError(f"part {update.key!r} takes {kind.__name__}, not {update.data!r}")
        setattr(self, name, update.data)

    def saved_extra(self) -> dict[str, Any]:
        """``extra`` as it is saved: the typed parts as JSON under their keys, beside the
        keys no part reads (the same JSON the untyped parts had)."""
        out = dict(self.extra)
        for key, name in _PART_FIELDS.items():
            value: Part | None = getattr(self, name)
            if value is not None:
                out[key] = value.to_json()
        if self.workspace_hosts is not None:
            out[WORKSPACE_HOSTS] = list(self.workspace_hosts)
        if self.package_indexes is not None:
            out[PACKAGE_INDEXES] = list(self.package_indexes)
        if self.effects_memory is not None:
            out[EFFECTS_MEMORY] = self.effects_memory.to_json()
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "workspace": self.workspace,
            "home": self.home,
            "prompt": self.prompt,
            "credential_reads": self.credential_reads,
            "env_dumped": self.env_dumped,
            "credential_store_reads": self.credential_store_reads,
            "tainted_files": self.tainted_files,
            "hosts_seen": sorted(self.hosts_seen),
            "denials": self.denials,
            "risk": self.risk,
            "events": self.events,
            "mode": self.mode,
            "mode_reason": self.mode_reason,
            "mode_by": self.mode_by,
            "blocked_tools": sorted(self.blocked_tools),
            "finding_counts": self.finding_counts,
            "extra": self.saved_extra(),
            "fingerprints": self.fingerprints.to_state() if self.fingerprints else None,
        }

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], fingerprints: Fingerprints | None = None
    ) -> SessionState:
        """A state saved by ``to_dict``; ``fingerprints`` are restored by their owner
        (``detect.state.load_state`` builds them from the saved digests and the key).
        The parts come from ``extra`` (rows written before parts were typed read the same)."""
        extra = dict(data.get("extra") or {})
        parts: dict[str, Any] = {}
        for key, name in _PART_FIELDS.items():
            if key in extra:
                parts[name] = part_from_json(key, extra.pop(key))
        hosts, indexes = extra.pop(WORKSPACE_HOSTS, None), extra.pop(PACKAGE_INDEXES, None)
        memory = extra.pop(EFFECTS_MEMORY, None)
        return cls(
            fingerprints=fingerprints,
            session_id=str(data.get("session_id", "")),
            workspace=str(data.get("workspace", "")),
            home=str(data.get("home", "")),
            prompt=str(data.get("prompt", "")),
            credential_reads=dict(data.get("credential_reads") or {}),
            env_dumped=bool(data.get("env_dumped")),
            credential_store_reads=list(data.get("credential_store_reads") or []),
            tainted_files=dict(data.get("tainted_files") or {}),
            hosts_seen=set(data.get("hosts_seen") or []),
            denials=int(data.get("denials") or 0),
            risk=int(data.get("risk") or 0),
            events=int(data.get("events") or 0),
            mode=Mode.parse(data.get("mode")),
            mode_reason=str(data.get("mode_reason") or ""),
            mode_by=str(data.get("mode_by") or ""),
            blocked_tools=set(data.get("blocked_tools") or []),
            finding_counts=dict(data.get("finding_counts") or {}),
            workspace_hosts=tuple(hosts) if isinstance(hosts, list) else None,
            package_indexes=tuple(indexes) if isinstance(indexes, list) else None,
            effects_memory=EffectsMemory.from_json(memory) if isinstance(memory, dict) else None,
            extra=extra,
            **parts,
        )


WORKSPACE_HOSTS = "workspace_hosts"
PACKAGE_INDEXES = "package_indexes"
EFFECTS_MEMORY = EffectsMemory.KEY
# A typed part's saved key -> its field in ``SessionState``.
_PART_FIELDS: dict[str, str] = {
    SequenceProgress.KEY: "sequences",
    LastDecision.KEY: "last_decision",
    BehaviourPart.KEY: "behaviour",
    FlowPart.KEY: "flow",
    AlertMemory.KEY: "alerts",
    ContainmentMemory.KEY: "containment",
}
_PART_KINDS: dict[str, type] = {
    SequenceProgress.KEY: SequenceProgress,
    LastDecision.KEY: LastDecision,
    BehaviourPart.KEY: BehaviourPart,
    FlowPart.KEY: FlowPart,
    AlertMemory.KEY: AlertMemory,
    ContainmentMemory.KEY: ContainmentMemory,
}
