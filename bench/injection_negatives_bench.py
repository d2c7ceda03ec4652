"""How often an injection model flags benign tool outputs of other kinds, per kind.

The outputs are those `scripts/injection_negatives.py` draws from this machine: source, docs,
release notes, JSON and linter output of packages that are not SWE-bench repositories. The
shipped model trains on them, so for it this is an in-sample figure (its out-of-fold figure is
`ordinary_out_of_fold` in training-report.json). For a model that never saw them (an older
`model.json`, given with --model) it is a held-out figure.

Usage: .venv/bin/python bench/injection_negatives_bench.py [--model PATH]
Prints, per kind, the outputs flagged, confirmed and affecting the session.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

import injection_negatives  # noqa: E402

from bastion.detect.injection import assess, load_model  # noqa: E402

SEED = 20240613  # the training script's seed: the same draw it trains on


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="model.json (default: shipped)")
    args = parser.parse_args()
    model = load_model(args.model)
    seen: set[str] = set()
    items = []
    for item in injection_negatives.benign_outputs(SEED):
        if item[0] not in seen:  # de-duplicated as the training script does
            seen.add(item[0])
            items.append(item)
    n: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    confirmed: Counter[str] = Counter()
    session: Counter[str] = Counter()
    for text, kind, _ in items:
        a = assess(text, model)
        n[kind] += 1
        flagged[kind] += a.is_injection
        confirmed[kind] += a.confirmed
        session[kind] += a.affects_session
    rows = {
        kind: {
            "n": n[kind],
            "flagged": flagged[kind],
            "confirmed": confirmed[kind],
            "affects_session": session[kind],
        }
        for kind in n
    }
    rows["all"] = {
        "n": sum(n.values()),
        "flagged": sum(flagged.values()),
        "confirmed": sum(confirmed.values()),
        "affects_session": sum(session.values()),
    }
    print(f"model sha256 {model.sha256}  set sha256 {injection_negatives.digest(items)}")
    for kind, r in rows.items():
        print(
            f"{kind:14} n={r['n']:5}  flagged {r['flagged'] / r['n']:7.2%}  "
            f"confirmed {r['confirmed'] / r['n']:7.2%}  "
            f"affects session {r['affects_session'] / r['n']:7.2%}"
        )
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
