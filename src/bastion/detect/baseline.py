"""Baselines of ordinary sessions: learn them from recorded sessions, store them, load them.

A baseline holds, per group of sessions (agent type, task category, environment), the
empirical distribution of each session feature (``behaviour.FEATURES``), tool-category
bigram counts, and the distribution of the combined anomaly statistic over the learning
sessions themselves (leave-one-out), which turns a raw statistic into a 0..100 score: the
share of ordinary sessions that were less unusual. Every threshold is a quantile of these
distributions, never a constant. The model is JSON under the Bastion home.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.core import home as home_names
from bastion.errors import BastionError
from bastion.events import Event

MODEL_VERSION = 1
MODEL_FILE = home_names.BASELINE_FILE
GROUP_MIN = 20  # fewer learning sessions than this: fall back to a wider group
QUANTILE_POINTS = 201
ANY = "*"
BIGRAM_ALPHA = 0.5


def model_path(home: Path) -> Path:
    return home / MODEL_FILE


def group_keys(agent: str, category: str, environment: str) -> list[str]:
    """The groups a session belongs to, narrowest first."""
    return [
        f"{agent}|{category}|{environment}",
        f"{agent}|{category}|{ANY}",
        f"{agent}|{ANY}|{ANY}",
        f"{ANY}|{ANY}|{ANY}",
    ]


def quantiles(values: Iterable[float], points: int = QUANTILE_POINTS) -> list[float]:
    """A sorted sample thinned to at most ``points`` evenly spaced order statistics."""
    data = sorted(float(v) for v in values)
    if len(data) <= points:
        return data
    step = (len(data) - 1) / (points - 1)
    return [data[round(i * step)] for i in range(points)]


def share_at_least(q: list[float], x: float) -> float:
    """P(X >= x) under the sample summarised by quantiles ``q``."""
    if not q:
        return 1.0
    return 1.0 - bisect.bisect_left(q, x) / len(q)


def quantile(q: list[float], level: float) -> float | None:
    if not q:
        return None
    return q[min(len(q) - 1, max(0, round(level * (len(q) - 1))))]


@dataclass(slots=True)
class GroupModel:
    """What ordinary sessions of one group look like."""

    key: str
    sessions: int
    features: dict[str, list[float]] = field(default_factory=dict)
    calibration: list[float] = field(default_factory=list)  # leave-one-out raw statistics
    bigrams: dict[str, dict[str, int]] = field(default_factory=dict)
    token_sessions: dict[str, float] = field(default_factory=dict)  # share of sessions using
    transitions: list[float] = field(default_factory=list)  # surprisal per transition
    send_bytes: list[float] = field(default_factory=list)  # bytes per sending action
    read_before_send: list[float] = field(default_factory=list)
    vocabulary: int = 1
    _from_totals: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._from_totals = {a: sum(row.values()) for a, row in self.bigrams.items()}

    def tail(self, feature: str, x: float) -> float:
        """Smoothed P(X >= x) for one feature: (k + 1) / (n + 1)."""
        q = self.features.get(feature)
        if not q:
            return 1.0
        n = self.sessions
        return (share_at_least(q, x) * n + 1.0) / (n + 1.0)

    def surprisal(self, a: str, b: str) -> float:
        """-log2 P(b | a) with add-alpha smoothing over the learnt vocabulary."""
        row = self.bigrams.get(a) or {}
        total = self._from_totals.get(a, 0)
        return -math.log2(
            (row.get(b, 0) + BIGRAM_ALPHA) / (total + BIGRAM_ALPHA * (self.vocabulary + 1))
        )

    def raw(self, values: dict[str, float]) -> tuple[float, dict[str, float]]:
        """Sum of -ln(tail) over features, and each feature's share of it."""
        parts = {f: -math.log(self.tail(f, v)) for f, v in values.items()}
        return sum(parts.values()), parts

    def score(self, raw: float) -> int:
        """0..100: the share of learning sessions whose statistic was below ``raw``."""
        if not self.calibration:
            return 0
        return int(100 * bisect.bisect_left(self.calibration, raw) / len(self.calibration))

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "sessions": self.sessions,
            "features": self.features,
            "calibration": self.calibration,
            "bigrams": self.bigrams,
            "token_sessions": self.token_sessions,
            "transitions": self.transitions,
            "send_bytes": self.send_bytes,
            "read_before_send": self.read_before_send,
            "vocabulary": self.vocabulary,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroupModel:
        return cls(
            key=str(data["key"]),
            sessions=int(data["sessions"]),
            features={k: [float(x) for x in v] for k, v in (data.get("features") or {}).items()},
            calibration=[float(x) for x in data.get("calibration") or []],
            bigrams={
                a: {b: int(c) for b, c in row.items()}
                for a, row in (data.get("bigrams") or {}).items()
            },
            token_sessions={k: float(v) for k, v in (data.get("token_sessions") or {}).items()},
            transitions=[float(x) for x in data.get("transitions") or []],
            send_bytes=[float(x) for x in data.get("send_bytes") or []],
            read_before_send=[float(x) for x in data.get("read_before_send") or []],
            vocabulary=int(data.get("vocabulary") or 1),
        )


@dataclass(slots=True)
class Baseline:
    groups: dict[str, GroupModel] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def group(self, agent: str, category: str, environment: str) -> GroupModel | None:
        """The narrowest group with enough learning sessions, or None when nothing was learnt."""
        for key in group_keys(agent, category, environment):
            found = self.groups.get(key)
            if found is not None and (found.sessions >= GROUP_MIN or key.startswith(ANY)):
                return found
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "meta": self.meta,
            "groups": {k: g.to_dict() for k, g in sorted(self.groups.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Baseline:
        if data.get("version") != MODEL_VERSION:
            raise BaselineError(
                f"baseline model version {data.get('version')!r} is not {MODEL_VERSION}; "
                "run `bastion baseline learn` again"
            )
        return cls(
            groups={k: GroupModel.from_dict(g) for k, g in (data.get("groups") or {}).items()},
            meta=dict(data.get("meta") or {}),
        )


class BaselineError(BastionError, ValueError):
    """A baseline model that cannot be used; the message says how to rebuild it."""


def save(baseline: Baseline, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(baseline.to_dict(), separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)


def load(path: Path) -> Baseline | None:
    """The model at ``path``, or None when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return Baseline.from_dict(json.loads(text))
    except (ValueError, KeyError, TypeError) as exc:
        raise BaselineError(
            f"{path}: not a usable baseline model ({exc}); run `bastion baseline learn`"
        ) from exc


# -- learning ------------------------------------------------------------------------------


@dataclass(slots=True)
class SessionProfile:
    """One recorded session reduced to what a baseline needs."""

    session_id: str
    keys: list[str]
    features: dict[str, float]
    tokens: list[str]
    send_bytes: list[float]
    read_before_send: list[float]


# -- where recorded sessions come from -----------------------------------------------------


def sessions_from_store(store: Any, limit: int = 100_000) -> Iterator[list[Event]]:
    """Sessions recorded in a Bastion store (as redacted on the way in)."""
    for row in store.sessions(limit=limit):
        events = []
        for rec in store.events(row["id"]):
            data = rec.get("data")
            if isinstance(data, dict) and "kind" in data:
                try:
                    events.append(Event.from_dict(data))
                except (KeyError, ValueError):
                    continue
        if events:
            yield events
