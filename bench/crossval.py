"""Cross-validated quality: every figure from a model that never saw the data it is scored on.

- AgentDojo leave-one-suite-out: the injection model is retrained without the held-out
  suite (BIPIA, the other suite and SWE-bench stay in training), installed in place of the
  shipped model, and the held-out suite is replayed through the real engine. In-sample
  figures (shipped model, which saw every suite) are printed beside them.
- ``--no-classifier`` also replays each suite with the injection classifier switched off
  entirely: what the provenance and effect rules achieve when the injection is not
  recognised at all (the worst case for an unseen attack template).
- BIPIA leave-one-category-out for the injection finding lives with the model:
  ``scripts/train_injection.py`` holds out five folds of attack categories and reports, per
  fold, the TPR at the flag and at the confirm threshold (training-report.json ``splits``).

Usage: python bench/crossval.py [--data ../shared/data] [--no-classifier]
       [--out bench/results/crossval.json]
Needs the training extras like scripts/train_injection.py: ``pip install -e '.[train]'``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import classifier_switch  # noqa: E402
import quality  # noqa: E402

SUITES = ("workspace", "slack")


def _trainer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "train_injection", ROOT / "scripts/train_injection.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_injection"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


_install = classifier_switch.install
_silenced = classifier_switch.silenced


def _suite_file(data: Path, suite: str, tmp: Path) -> Path:
    out = tmp / f"agentdojo-{suite}.jsonl.gz"
    keep = False
    with gzip.open(data / "agentdojo-runs-dev.jsonl.gz", "rt") as src, gzip.open(out, "wt") as dst:
        for line in src:
            event = json.loads(line)
            if event.get("hook_event_name") == "SessionStart":
                keep = (event.get("corpus") or {}).get("suite") == suite
            if keep:
                dst.write(line)
    return out


def _summary(r: dict[str, Any]) -> dict[str, Any]:
    benign = r["benign_sessions"]
    return {
        "attack_success": r.get("attack_success_rate_under_bastion"),
        "benign_sessions": benign,
        "benign_untouched": r.get("benign_sessions_untouched"),
        "benign_without_deny": r["benign_sessions_without_deny"],
        "allow_denied": r["allow_denied"],
        "allow_asked": r["allow_asked"],
        "injection_raised": (r["findings_expected"].get("prompt_injection") or {}).get("raised"),
        "events_per_second": r["events_per_second"],
    }


def agentdojo(data: Path, no_classifier: bool) -> dict[str, Any]:
    trainer = _trainer()
    rng = random.Random(trainer.SEED)
    bipia = trainer.dedupe(trainer.load_bipia(data / "bipia-dev.jsonl.gz"))
    dojo = trainer.dedupe(trainer.load_agentdojo(data / "agentdojo-runs-dev.jsonl.gz"))
    swe = trainer.dedupe(trainer.load_swebench(data / "swebench-verified-gemini3pro-dev.jsonl.gz"))
    dojo += [trainer.anonymise(s, rng) for s in dojo if s.positive]
    # the benign outputs of other kinds the shipped model trains on (injection_negatives.py)
    extra = trainer.dedupe(trainer.load_extra(trainer.SEED))
    for s in bipia + dojo + swe + extra:
        trainer.featurise(s)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bastion-crossval-") as tmp:
        for suite in SUITES:
            path = _suite_file(data, suite, Path(tmp))
            entry: dict[str, Any] = {}
            # in-sample: the shipped model, trained on every suite
            _install(None)
            entry["in_sample"] = _summary(quality.score(path, "balanced"))
            # held out: a model trained without this suite, thresholds set out-of-fold
            started = time.perf_counter()
            held_model, thresholds = trainer.fit_calibrated(
                bipia + [s for s in dojo if s.group != suite], swe, extra
            )
            _install(held_model)
            entry["held_out"] = _summary(quality.score(path, "balanced"))
            entry["held_out"]["thresholds"] = thresholds
            entry["held_out"]["train_seconds"] = round(time.perf_counter() - started, 1)
            if no_classifier:
                _install(_silenced(held_model))
                entry["no_classifier"] = _summary(quality.score(path, "balanced"))
            _install(None)
            results[suite] = entry
            print(json.dumps({suite: entry}), file=sys.stderr, flush=True)
    return results


def _pct(share: dict[str, Any] | None) -> str:
    if not share or share.get("rate") is None:
        return "-"
    return f"{100 * share['rate']:.1f}% ({share['n']}/{share['of']})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--no-classifier", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "crossval.json")
    args = parser.parse_args()
    out = {"agentdojo_leave_one_suite_out": agentdojo(args.data, args.no_classifier)}
    print(
        f"{'held-out suite':16} {'mode':14} {'attack success':>20} {'benign untouched':>20} "
        f"{'benign no deny':>20}"
    )
    for suite, entry in out["agentdojo_leave_one_suite_out"].items():
        for mode, r in entry.items():
            print(
                f"{suite:16} {mode:14} {_pct(r['attack_success']):>20} "
                f"{_pct(r['benign_untouched']):>20} {_pct(r['benign_without_deny']):>20}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
