"""The shipped linear model: loading its JSON weights and scoring token windows in pure Python."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, islice, repeat
from operator import add, sub
from pathlib import Path

from bastion.errors import BastionError

MODEL_PATH = Path(__file__).with_name("model.json")
FORMAT = "bastion-injection-linear/1"


class InjectionModelError(BastionError):
    """The injection model file is missing or malformed; reinstall Bastion or retrain it."""


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Log-odds weights of unigrams, bigrams and heuristic rules over a window of tokens."""

    bias: float
    unigrams: dict[str, float]
    bigrams: dict[tuple[str, str], float]
    rules: dict[str, float]
    window: int
    threshold: float
    sha256: str
    # Score at or above which a flagged output is a confirmed injection (calibrated for a far
    # lower false-positive rate on ordinary code and tool output than ``threshold``). Below
    # it a flagged output is a weak signal: recorded, never a reason to contain the session.
    confirm: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, object], sha256: str = "") -> LinearModel:
        if data.get("format") != FORMAT:
            raise InjectionModelError(f"injection model format is {data.get('format')!r}")
        weights = data["weights"]
        if not isinstance(weights, dict):
            raise InjectionModelError("injection model has no weights table")
        unigrams: dict[str, float] = {}
        bigrams: dict[tuple[str, str], float] = {}
        rules: dict[str, float] = {}
        for key, value in weights.items():
            kind, _, name = key.partition(":")
            if kind == "u":
                unigrams[name] = float(value)
            elif kind == "b":
                first, _, second = name.partition(" ")
                bigrams[(first, second)] = float(value)
            elif kind == "h":
                rules[name] = float(value)
        return cls(
            bias=float(data["bias"]),  # type: ignore[arg-type]
            unigrams=unigrams,
            bigrams=bigrams,
            rules=rules,
            window=int(data["window"]),  # type: ignore[call-overload]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            sha256=sha256,
            confirm=max(
                float(data.get("confirm", data["threshold"])),  # type: ignore[arg-type]
                float(data["threshold"]),  # type: ignore[arg-type]
            ),
        )

    def best_window(
        self, toks: list[str], rule_positions: list[tuple[str, int]]
    ) -> tuple[float, float, int]:
        """(n-gram log-odds, rule log-odds, first token) of the highest-scoring window.

        Sums over every window start at C speed: per-token contributions via `map`, prefix
        sums via `accumulate`, window sums as differences of prefix sums.
        """
        n = len(toks)
        width = self.window
        uni = list(map(self.unigrams.get, toks, repeat(0.0)))
        pairs = zip(toks, islice(toks, 1, None), strict=False)
        bi = list(map(self.bigrams.get, pairs, repeat(0.0)))
        rule_at = [0.0] * max(n, 1) if rule_positions else []
        for name, pos in rule_positions:
            rule_at[pos] += self.rules.get(name, 0.0)
        if n <= width:
            ngram = math.fsum(uni) + math.fsum(bi)
            return ngram, math.fsum(rule_at), 0
        pu = list(accumulate(uni, initial=0.0))
        pb = list(accumulate(bi, initial=0.0))
        # window s covers unigrams s..s+W-1 and the bigrams ending at s+1..s+W-1 (bi[s..s+W-2])
        sums = list(
            map(
                add,
                map(sub, islice(pu, width, None), pu),
                map(sub, islice(pb, width - 1, None), pb),
            )
        )
        if rule_positions:
            pr = list(accumulate(rule_at, initial=0.0))
            rule_sums = list(map(sub, islice(pr, width, None), pr))
            totals = list(map(add, sums, rule_sums))
            best = totals.index(max(totals))
            return sums[best], rule_sums[best], best
        best = sums.index(max(sums))
        return sums[best], 0.0, best


def load_model(path: Path | str | None = None) -> LinearModel:
    """Read a model file (the shipped one by default)."""
    target = Path(path) if path is not None else MODEL_PATH
    try:
        raw = target.read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise InjectionModelError(f"cannot read injection model {target}: {exc}") from exc
    return LinearModel.from_json(data, hashlib.sha256(raw).hexdigest())


@lru_cache(maxsize=1)
def shipped_model() -> LinearModel:
    """The shipped model, read once per process."""
    return load_model()


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))
