"""Score the secret scanner on the round-15 held-out set (bench/scenarios/secrets-round15-heldout).

The set was written after the round-15 rule changes and is scored as it stands: precision and
recall on its secrets, the share of its near-misses flagged, and which categories were missed
or flagged (category names only: no value is printed or written).

    .venv/bin/python bench/secrets_round15_heldout.py --out /tmp/r15.json
    PYTHONPATH=/base/src .venv/bin/python bench/secrets_round15_heldout.py --out /tmp/r15b.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import bastion
from bastion.detect.secrets import scan

BUILDER = Path(__file__).resolve().parent / "scenarios" / "secrets-round15-heldout" / "build.py"


def _rows(seed: int) -> list[Any]:
    spec = importlib.util.spec_from_file_location("secrets_round15_build", BUILDER)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return list(mod.build(seed))


def _head(tree: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout.strip()
    except OSError:
        return ""


def score(seed: int) -> dict[str, Any]:
    rows = _rows(seed)
    hits = [bool(scan(r.text)) for r in rows]
    secret = [(r, h) for r, h in zip(rows, hits, strict=True) if r.label == "secret"]
    near = [(r, h) for r, h in zip(rows, hits, strict=True) if r.label != "secret"]
    tp = sum(h for _, h in secret)
    fp = sum(h for _, h in near)
    fn = len(secret) - tp
    return {
        "seed": seed,
        "secrets": len(secret),
        "near_misses": len(near),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / len(secret), 4) if secret else 0.0,
        "near_miss_flagged_rate": round(fp / len(near), 4) if near else 0.0,
        "missed": sorted(r.category for r, h in secret if not h),
        "flagged_near_misses": sorted(r.category for r, h in near if h),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    tree = Path(bastion.__file__).resolve().parents[2]
    res: dict[str, Any] = {
        "scanner_tree": str(tree),
        "scanner_head": _head(tree),
        "python": platform.python_version(),
    }
    res.update(score(args.seed))
    print(
        f"round-15 held-out: P {res['precision']:.3f} R {res['recall']:.3f} "
        f"({res['tp']}/{res['secrets']}), near-misses flagged {res['near_miss_flagged_rate']:.3f} "
        f"({res['fp']}/{res['near_misses']})"
    )
    print(f"missed: {', '.join(res['missed']) or '-'}")
    print(f"flagged: {', '.join(res['flagged_near_misses']) or '-'}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
