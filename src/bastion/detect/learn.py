"""Learning a behaviour baseline from recorded sessions (``bastion baseline learn``).

Kept apart from ``detect/baseline`` (the model and its file) and ``detect/behaviour`` (live
detection against it): learning needs both, and neither needs it, so no circle forms.
"""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections import Counter
from collections.abc import Iterable

from bastion.detect import behaviour
from bastion.detect.baseline import (
    ANY,
    BIGRAM_ALPHA,
    GROUP_MIN,
    Baseline,
    GroupModel,
    SessionProfile,
    quantiles,
)
from bastion.events import Event


def learn(sessions: Iterable[list[Event]], *, min_actions: int = 1) -> Baseline:
    """Learn a baseline from recorded sessions (each a list of events in order)."""
    profiles = [
        p
        for p in (behaviour.profile_session(events) for events in sessions)
        if p is not None and p.features.get("actions", 0) >= min_actions
    ]
    members: dict[str, list[SessionProfile]] = {}
    for p in profiles:
        for key in p.keys:
            members.setdefault(key, []).append(p)
    groups: dict[str, GroupModel] = {}
    for key, items in members.items():
        if len(items) < GROUP_MIN and not key.startswith(ANY):
            continue
        groups[key] = _learn_group(key, items)
    return Baseline(
        groups=groups,
        meta={
            "learnt_at": time.time(),
            "sessions": len(profiles),
            "features": list(behaviour.FEATURES),
            "group_min": GROUP_MIN,
        },
    )


def _learn_group(key: str, items: list[SessionProfile]) -> GroupModel:
    n = len(items)
    pairs: Counter[tuple[str, str]] = Counter()
    used: Counter[str] = Counter()
    vocabulary: set[str] = set()
    for p in items:
        seq = [behaviour.START, *p.tokens]
        pairs.update(itertools.pairwise(seq))
        used.update(set(p.tokens))
        vocabulary.update(p.tokens)
    bigrams: dict[str, dict[str, int]] = {}
    for (a, b), c in pairs.items():
        bigrams.setdefault(a, {})[b] = c
    model = GroupModel(
        key=key,
        sessions=n,
        bigrams=bigrams,
        token_sessions={t: round(c / n, 4) for t, c in used.items()},
        vocabulary=len(vocabulary),
        send_bytes=quantiles(x for p in items for x in p.send_bytes),
        read_before_send=quantiles(x for p in items for x in p.read_before_send),
    )
    # Bigram features per session, leave-one-out: its own transitions are not "known".
    transitions: list[float] = []
    values: dict[str, list[float]] = {f: [] for f in behaviour.FEATURES}
    per_session: list[dict[str, float]] = []
    for p in items:
        seq = [behaviour.START, *p.tokens]
        own = Counter(itertools.pairwise(seq))
        own_from = Counter(a for a, _ in own.elements())
        surprisals = []
        for a, b in itertools.pairwise(seq):
            row_total = model._from_totals.get(a, 0) - own_from[a]
            count = bigrams.get(a, {}).get(b, 0) - own[(a, b)]
            surprisals.append(
                -math.log2(
                    (count + BIGRAM_ALPHA) / (row_total + BIGRAM_ALPHA * (model.vocabulary + 1))
                )
            )
        transitions.extend(surprisals)
        feats = dict(p.features)
        feats["bigram_max"] = max(surprisals, default=0.0)
        feats["bigram_mean"] = sum(surprisals) / len(surprisals) if surprisals else 0.0
        per_session.append(feats)
        for f in behaviour.FEATURES:
            values[f].append(feats.get(f, 0.0))
    model.transitions = quantiles(transitions)
    sorted_values = {f: sorted(v) for f, v in values.items()}
    model.features = {f: quantiles(v) for f, v in sorted_values.items()}
    # Leave-one-out calibration: a session's tail counts the others only.
    raws = []
    for feats in per_session:
        raw = 0.0
        for f in behaviour.FEATURES:
            data = sorted_values[f]
            ge_others = len(data) - bisect.bisect_left(data, feats.get(f, 0.0)) - 1
            raw += -math.log((ge_others + 1.0) / n)
        raws.append(raw)
    model.calibration = quantiles(raws)
    return model
