"""Benign outputs the shipped injection model never trained on: how many it flags, confirms
and lets affect the session.

`scripts/injection_negatives.py` draws source, docs, release notes, JSON and lint output of the
installed packages with a seed; the model trains on the draw of the training seed. A draw
with another seed, minus every text of the training draw, is ordinary output the model has
not seen (the packages overlap, the texts do not). Per kind: n, flagged, confirmed, affects
session, and the passages that affect it (first 200 characters) so that a reader can judge.

    .venv/bin/python bench/injection_unseen_benign.py [--seed 777]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import injection_negatives  # noqa: E402

from bastion.detect.injection import assess  # noqa: E402

TRAINING_SEED = 20240613


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=777)
    args = ap.parse_args()
    train = {t for t, _, _ in injection_negatives.benign_outputs(TRAINING_SEED)}
    seen: set[str] = set()
    n, flagged, confirmed, affects = Counter(), Counter(), Counter(), Counter()
    examples: list[tuple[str, str]] = []
    for text, kind, _ in injection_negatives.benign_outputs(args.seed):
        if text in train or text in seen:
            continue
        seen.add(text)
        a = assess(text)
        n[kind] += 1
        flagged[kind] += a.is_injection
        confirmed[kind] += a.confirmed
        if a.affects_session:
            affects[kind] += 1
            examples.append((kind, text[:200]))
    total = sum(n.values())
    print(f"{'kind':<15}{'n':>6}{'flagged':>9}{'confirmed':>11}{'affects':>9}")
    for kind in sorted(n):
        print(f"{kind:<15}{n[kind]:>6}{flagged[kind]:>9}{confirmed[kind]:>11}{affects[kind]:>9}")
    print(
        f"{'all':<15}{total:>6}{sum(flagged.values()):>9}{sum(confirmed.values()):>11}"
        f"{sum(affects.values()):>9}  (affects {sum(affects.values()) / max(total, 1):.3%})"
    )
    for kind, head in examples:
        print(f"  {kind}: {head!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
