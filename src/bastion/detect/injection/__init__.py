"""Prompt-injection detection for tool outputs (observations): heuristics plus a linear model.

`assess(text)` scores one tool output. Hand-written rules find instructions aimed at the agent
(overriding its instructions, addressing it as an AI, hijacking its task, fake system markers,
requests to send data out, concealment, role-play, hidden text); a logistic-regression model
over word and word-pair features of 64-token windows weighs them together with the wording
around them. The weights ship as `model.json` and scoring needs only the standard library.
`scripts/train_injection.py` writes the model; `docs/injection-model.md` describes it.
"""

from __future__ import annotations

from bastion.detect.injection.detector import InjectionAssessment, assess
from bastion.detect.injection.model import (
    MODEL_PATH,
    InjectionModelError,
    LinearModel,
    load_model,
    shipped_model,
)

__all__ = [
    "MODEL_PATH",
    "InjectionAssessment",
    "InjectionModelError",
    "LinearModel",
    "assess",
    "load_model",
    "shipped_model",
    "threshold",
]


def threshold() -> float:
    """The shipped decision threshold on `InjectionAssessment.score`."""
    return shipped_model().threshold
