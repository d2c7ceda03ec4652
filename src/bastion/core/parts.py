"""Typed sub-states: each stage's own part of a session's state, and how it is saved.

A detector (sequences, behaviour, flow) or respond step (alerts, containment) keeps what it
has learnt about a session in one part. Parts are data only; the stage that owns a part
holds the logic. They were JSON dicts in ``SessionState.extra``; being typed, a misspelt
field is a type error instead of a silent new key.

**Copy on write.** A part in the state is never changed in place. A stage that moves its part
calls ``evolve()`` (a shallow copy: the containers are shared with the old part) and gives any
container it changes a fresh copy before changing it, then returns the new part as an
``UpdateOp.PART`` update for the engine to set. So an event that leaves a part alone copies
nothing, one that moves it copies only the containers it touched, and a row that was built
from an older state (a replay's batch) still holds the older values.

**Saving.** ``to_json`` gives exactly the JSON the dict parts had (``SessionState.to_dict``
keeps them under ``extra``, the same keys), and ``from_json`` reads that JSON, filling what an
older row lacks, so rows written before parts were typed still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = [
    "PART_TYPES",
    "AlertMemory",
    "BehaviourPart",
    "ContainmentMemory",
    "EffectsMemory",
    "FlowPart",
    "LastDecision",
    "Part",
    "SequenceProgress",
    "Written",
    "part_from_json",
]


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _float(value: Any) -> float:
    try:
        return float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


@dataclass(slots=True)
class SequenceProgress:
    """``detect/sequences``: chains in progress (``p``: rule id -> step -> partial matches),
    the action count ``n``, a revision, and the outcome-dependent steps of the last action."""

    KEY: ClassVar[str] = "sequences"

    n: int = 0
    rev: int = 0
    p: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    pending: dict[str, Any] | None = None

    def evolve(self) -> SequenceProgress:
        return SequenceProgress(self.n, self.rev, self.p, self.pending)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": self.n, "rev": self.rev, "p": self.p}
        # The dict form gained "pending" at the first action (n >= 1) and kept it, null or not.
        if self.n or self.pending is not None:
            out["pending"] = self.pending
        return out

    @classmethod
    def from_json(cls, data: Any) -> SequenceProgress | None:
        if not isinstance(data, dict):
            return None
        pending = data.get("pending")
        return cls(
            _int(data.get("n")),
            _int(data.get("rev")),
            _dict(data.get("p")),
            pending if isinstance(pending, dict) else None,
        )


@dataclass(frozen=True, slots=True)
class LastDecision:
    """``detect/sequences``: the decision on the event numbered ``events`` (how an action
    ended: ran, asked, denied), set by the respond stage for every event."""

    KEY: ClassVar[str] = "last_decision"

    events: int
    decision: str

    def to_json(self) -> list[Any]:
        return [self.events, self.decision]

    @classmethod
    def from_json(cls, data: Any) -> LastDecision | None:
        if isinstance(data, list | tuple) and len(data) == 2:
            return cls(_int(data[0]), str(data[1]))
        return None


@dataclass(slots=True)
class BehaviourPart:
    """``detect/behaviour``: the running features of a session (see ``docs/behaviour.md``).

    Short names are the saved JSON keys (rows are kept for years; the names stay)."""

    KEY: ClassVar[str] = "behaviour"

    rev: int = 0
    n: int = 0  # actions seen
    tok: dict[str, int] = field(default_factory=dict)  # action token -> count
    hosts: list[str] = field(default_factory=list)  # distinct external hosts
    br: int = 0  # bytes read
    bs: int = 0  # bytes sent
    rss: int = 0  # bytes read since the last send
    w: int = 0  # writing actions
    r: int = 0  # reading actions
    last: str = "^"  # the previous action token
    smax: float = 0.0  # highest bigram surprisal
    ssum: float = 0.0  # sum of bigram surprisals
    out: int = 0  # actions outside the workspace
    unc: int = 0  # actions whose targets the prompt never named
    score: int = 0  # anomaly score, 0..100
    alerted: int = 0  # the score last alerted on
    denied: list[dict[str, Any]] = field(default_factory=list)  # recent denied actions
    retries: int = 0  # most retries of one denied action
    pending: dict[str, Any] | None = None  # the last action, until its outcome is known
    sends: list[int] = field(default_factory=list)  # bytes of each send
    rbs: list[int] = field(default_factory=list)  # bytes read before each send
    group: str = ""  # the baseline group ("-": none fits)
    category: str = ""  # task category of the prompt

    def evolve(self) -> BehaviourPart:
        return BehaviourPart(
            self.rev,
            self.n,
            self.tok,
            self.hosts,
            self.br,
            self.bs,
            self.rss,
            self.w,
            self.r,
            self.last,
            self.smax,
            self.ssum,
            self.out,
            self.unc,
            self.score,
            self.alerted,
            self.denied,
            self.retries,
            self.pending,
            self.sends,
            self.rbs,
            self.group,
            self.category,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "rev": self.rev,
            "n": self.n,
            "tok": self.tok,
            "hosts": self.hosts,
            "br": self.br,
            "bs": self.bs,
            "rss": self.rss,
            "w": self.w,
            "r": self.r,
            "last": self.last,
            "smax": self.smax,
            "ssum": self.ssum,
            "out": self.out,
            "unc": self.unc,
            "score": self.score,
            "alerted": self.alerted,
            "denied": self.denied,
            "retries": self.retries,
            "pending": self.pending,
            "sends": self.sends,
            "rbs": self.rbs,
            "group": self.group,
            "category": self.category,
        }

    @classmethod
    def from_json(cls, data: Any) -> BehaviourPart | None:
        if not isinstance(data, dict):
            return None
        pending = data.get("pending")
        return cls(
            rev=_int(data.get("rev")),
            n=_int(data.get("n")),
            tok=_dict(data.get("tok")),
            hosts=_list(data.get("hosts")),
            br=_int(data.get("br")),
            bs=_int(data.get("bs")),
            rss=_int(data.get("rss")),
            w=_int(data.get("w")),
            r=_int(data.get("r")),
            last=str(data.get("last") or "^"),
            smax=_float(data.get("smax")),
            ssum=_float(data.get("ssum")),
            out=_int(data.get("out")),
            unc=_int(data.get("unc")),
            score=_int(data.get("score")),
            alerted=_int(data.get("alerted")),
            denied=_list(data.get("denied")),
            retries=_int(data.get("retries")),
            pending=pending if isinstance(pending, dict) else None,
            sends=_list(data.get("sends")),
            rbs=_list(data.get("rbs")),
            group=str(data.get("group") or ""),
            category=str(data.get("category") or ""),
        )


@dataclass(slots=True)
class FlowPart:
    """``detect/flow``: values untrusted outputs introduced (``injected`` when the output was
    flagged, else ``untrusted``; value -> where it came from), quoted literals and digests of
    commented code lines of flagged outputs, and the user's prompts (lower-cased)."""

    KEY: ClassVar[str] = "provenance"

    injected: dict[str, dict[str, str]] = field(default_factory=dict)
    untrusted: dict[str, dict[str, str]] = field(default_factory=dict)
    quoted: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    prompt: str = ""

    def evolve(self) -> FlowPart:
        return FlowPart(self.injected, self.untrusted, self.quoted, self.lines, self.prompt)

    def to_json(self) -> dict[str, Any]:
        return {
            "injected": self.injected,
            "untrusted": self.untrusted,
            "quoted": self.quoted,
            "lines": self.lines,
            "prompt": self.prompt,
        }

    @classmethod
    def from_json(cls, data: Any) -> FlowPart | None:
        if not isinstance(data, dict):
            return None
        return cls(
            _dict(data.get("injected")),
            _dict(data.get("untrusted")),
            _dict(data.get("quoted")),
            _list(data.get("lines")),
            str(data.get("prompt") or ""),
        )


@dataclass(slots=True)
class AlertMemory:
    """``respond/alerts``: per dedup key, ``[times seen, highest severity rank alerted]``."""

    KEY: ClassVar[str] = "alerts"

    seen: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, list[int]]:
        return self.seen

    @classmethod
    def from_json(cls, data: Any) -> AlertMemory | None:
        if not isinstance(data, dict):
            return None
        return cls({str(k): list(v) for k, v in data.items() if isinstance(v, list)})


@dataclass(slots=True)
class ContainmentMemory:
    """``respond/containment``: findings per severity, signals seen, rules that fired."""

    KEY: ClassVar[str] = "respond"

    severities: dict[str, int] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"severities": self.severities, "kinds": self.kinds, "fired": self.fired}

    @classmethod
    def from_json(cls, data: Any) -> ContainmentMemory | None:
        if not isinstance(data, dict):
            return None
        return cls(
            _dict(data.get("severities")), _list(data.get("kinds")), _list(data.get("fired"))
        )


@dataclass(slots=True)
class Written:
    """A file the session wrote that may run later, and what running it would do. Never
    changed once made (a newer write of the path is a new ``Written``)."""

    path: str
    triggers: list[str]  # "make", "npm", "pytest", "git", "pip-install", "script:<path>", ...
    effects: dict[str, Any] | None  # compact facts of the content; None when not seen
    via: str  # the name of the tool that wrote it

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "triggers": self.triggers,
            "effects": self.effects,
            "via": self.via,
        }


@dataclass(slots=True)
class EffectsMemory:
    """``understand/session``: what earlier calls change about the meaning of later ones
    (variables, ``cd``, links, remotes, files that run later, untrusted sources seen, names
    of programs started, branches created, directories cloned). Only names, paths, hosts and
    the effects of written content, never file content or values that look like secrets.

    Copy on write like the other parts: the engine hands ``understand`` an ``evolve()``d copy
    to remember an allowed call in, each change replaces the container it changes, and
    ``moved_from`` tells whether anything did (identity first, values only where a container
    was replaced)."""

    KEY: ClassVar[str] = "effects_memory"

    variables: dict[str, str] = field(default_factory=dict)
    cwd: str = ""  # directory a top-level cd moved to
    cwd_from: str = ""  # the payload cwd when that cd ran (a changed payload cwd wins)
    written: dict[str, Written] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)  # link -> target (absolute)
    remotes: dict[str, str] = field(default_factory=dict)  # git remote added here -> host
    untrusted: list[str] = field(default_factory=list)  # sources of untrusted content seen
    started: list[str] = field(default_factory=list)  # program and script names it ran
    branches: list[str] = field(default_factory=list)  # git branches this session created
    # Directories holding code fetched in the session (git clone) -> the host it came from.
    fetched: dict[str, str] = field(default_factory=dict)
    # The JSON a loaded memory was read from, saved back unchanged until the memory moves
    # (a row of an older or newer version keeps its bytes); ``evolve`` drops it.
    loaded: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    def evolve(self) -> EffectsMemory:
        return EffectsMemory(
            self.variables,
            self.cwd,
            self.cwd_from,
            self.written,
            self.symlinks,
            self.remotes,
            self.untrusted,
            self.started,
            self.branches,
            self.fetched,
        )

    def moved_from(self, old: EffectsMemory) -> bool:
        """Whether this copy says anything ``old`` does not (a replaced container with the
        same values is no move)."""
        for name in _MEMORY_FIELDS:
            mine, theirs = getattr(self, name), getattr(old, name)
            if mine is not theirs and mine != theirs:
                return True
        return False

    def to_json(self) -> dict[str, Any]:
        if self.loaded is not None:
            return self.loaded
        out: dict[str, Any] = {
            "variables": self.variables,
            "cwd": self.cwd,
            "cwd_from": self.cwd_from,
            "written": {k: w.to_json() for k, w in self.written.items()},
            "symlinks": self.symlinks,
            "remotes": self.remotes,
            "untrusted": self.untrusted,
            "started": self.started,
            "branches": self.branches,
        }
        if self.fetched:  # only when a clone happened: other sessions' state stays as it was
            out["fetched"] = self.fetched
        return out

    @classmethod
    def from_json(cls, data: Any) -> EffectsMemory:
        if not isinstance(data, dict):
            return cls()
        written = {}
        for key, item in _dict(data.get("written")).items():
            if isinstance(item, dict):
                effects = item.get("effects")
                written[str(key)] = Written(
                    path=str(item.get("path") or key),
                    triggers=[str(t) for t in _list(item.get("triggers"))],
                    effects=effects if isinstance(effects, dict) else None,
                    via=str(item.get("via") or ""),
                )
        return cls(
            variables=_strings(data.get("variables")),
            cwd=str(data.get("cwd") or ""),
            cwd_from=str(data.get("cwd_from") or ""),
            written=written,
            symlinks=_strings(data.get("symlinks")),
            remotes=_strings(data.get("remotes")),
            untrusted=[str(u) for u in _list(data.get("untrusted"))],
            started=[str(u) for u in _list(data.get("started"))],
            branches=[str(u) for u in _list(data.get("branches"))],
            fetched=_strings(data.get("fetched")),
            loaded=data,
        )

    def effective_cwd(self, payload_cwd: str) -> str:
        """Where relative paths resolve: the last ``cd`` unless the agent's cwd moved since."""
        if self.cwd and (not payload_cwd or payload_cwd == self.cwd_from):
            return self.cwd
        return payload_cwd

    def follow(self, path: str) -> str:
        """``path`` with symlinks this session created replaced by their targets."""
        for _ in range(8):
            for link, target in self.symlinks.items():
                if path == link or path.startswith(link + "/"):
                    path = target + path[len(link) :]
                    break
            else:
                return path
        return path


_MEMORY_FIELDS = tuple(name for name in EffectsMemory.__dataclass_fields__ if name != "loaded")


def _strings(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


Part = SequenceProgress | LastDecision | BehaviourPart | FlowPart | AlertMemory | ContainmentMemory

# Saved key -> type; the key is also the name of the part's field in ``SessionState``.
PART_TYPES: dict[str, type[Part]] = {
    t.KEY: t
    for t in (
        SequenceProgress,
        LastDecision,
        BehaviourPart,
        FlowPart,
        AlertMemory,
        ContainmentMemory,
    )
}


def part_from_json(key: str, data: Any) -> Part | None:
    """The typed part saved under ``key`` (None: not a typed key, or unreadable)."""
    kind = PART_TYPES.get(key)
    return kind.from_json(data) if kind is not None else None
