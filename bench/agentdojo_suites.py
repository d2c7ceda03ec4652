"""AgentDojo per suite through the real engine, with the shipped classifier and with none.

The quick half of ``bench/crossval.py``: no retraining (so no ``.[train]`` extras), each
suite (workspace, slack) replayed with the shipped injection model ("cls") and with the
classifier silenced ("nc": what provenance and the effect rules achieve alone). The figures
are in-sample for whatever earlier rounds learnt on these suites; see docs/provenance.md for
which principle was learnt where.

Usage: python bench/agentdojo_suites.py [--data ../shared/data] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import classifier_switch  # noqa: E402
import crossval  # noqa: E402
import quality  # noqa: E402

from bastion.detect.injection import model as model_mod  # noqa: E402

KEYS = ("attack_success", "benign_untouched", "benign_without_deny", "allow_asked", "allow_denied")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="bastion-dojo-") as tmp:
        for suite in crossval.SUITES:
            path = crossval._suite_file(args.data, suite, Path(tmp))
            for mode in ("nc", "cls"):
                if mode == "nc":
                    classifier_switch.install(classifier_switch.silenced(model_mod.shipped_model()))
                else:
                    classifier_switch.install(None)
                summary = crossval._summary(quality.score(path, "balanced"))
                out[f"{suite}-{mode}"] = summary
                print(suite, mode, json.dumps({k: summary[k] for k in KEYS}), flush=True)
    classifier_switch.install(None)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
