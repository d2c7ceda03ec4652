"""Swap the injection model the engine reads, for benchmarks (held-out models, no classifier).

The engine's detectors read ``bastion.detect.injection.model.shipped_model``; a benchmark
that measures a model trained without some data, or what the other rules achieve when the
injection is never recognised, puts its model there and clears the score cache.
"""

from __future__ import annotations

from bastion.detect.injection import model as model_mod
from bastion.detect.injection.model import LinearModel

_SHIPPED = model_mod.shipped_model


def install(model: LinearModel | None) -> None:
    """Put `model` where the detector reads the shipped one (None: the shipped model)."""
    import bastion.detect.injection.detector as det
    from bastion import detect

    if model is None:
        chosen = _SHIPPED
    else:

        def chosen() -> LinearModel:
            return model

    model_mod.shipped_model = chosen  # type: ignore[assignment]
    det.shipped_model = chosen  # type: ignore[assignment]
    detect._ASSESSED.clear()  # scores cached under the previous model


def silenced(model: LinearModel) -> LinearModel:
    """The same model with a bias so low that nothing is ever flagged: no classifier at all."""
    return LinearModel(
        -1e4,
        model.unigrams,
        model.bigrams,
        model.rules,
        model.window,
        model.threshold,
        model.sha256,
        model.confirm,
    )


def no_classifier() -> None:
    """Switch the injection classifier off for the rest of this process."""
    install(silenced(_SHIPPED()))
