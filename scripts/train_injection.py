"""Train the prompt-injection model, measure it on leave-one-source-out splits, write model.json.

Usage: .venv/bin/python scripts/train_injection.py [--data /work/shared/data] [--quick]

Needs numpy, scipy and scikit-learn: ``pip install -e '.[train]'`` (training only; the
shipped model is read with the standard library). Deterministic: fixed seeds, sorted inputs,
single-threaded solver, rounded weights, so the same data gives a byte-identical model.json
(its sha256 is in the report).
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
except ImportError as missing:  # pragma: no cover - depends on the environment
    sys.exit(
        f"training needs numpy, scipy and scikit-learn ({missing.name} is missing): "
        "run  .venv/bin/pip install -e '.[train]'"
    )

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import injection_negatives  # noqa: E402

from bastion.detect.injection.detector import assess, rule_positions  # noqa: E402
from bastion.detect.injection.features import (  # noqa: E402
    WINDOW,
    normalise,
    tokens,
    window_features,
)
from bastion.detect.injection.heuristics import PRIOR_WEIGHTS, find_hits  # noqa: E402
from bastion.detect.injection.model import FORMAT, LinearModel, logit  # noqa: E402

SEED = 20240613
MODEL_OUT = REPO / "src/bastion/detect/injection/model.json"
REPORT_OUT = REPO / "src/bastion/detect/injection/training-report.json"
TARGET_FPR = 0.01
# A flagged output is *confirmed* (may contain a session) only above a threshold set for this
# far lower false-positive rate on out-of-fold ordinary tool output: ordinary code, docs and
# linter output must not switch a session to ask-everything.
TARGET_FPR_CONFIRM = 0.0005
C = 0.25  # inverse L2 strength; small, so that no single rare n-gram carries a decision
MIN_DOCS = 3  # a feature must occur in this many distinct texts to get a weight
WEIGHT_FLOOR = 0.02  # weights smaller than this are dropped from the shipped file

# SWE-bench negatives are split by repository so that a held-out fold is code the model has
# never seen; django is half of the sessions on its own.
SWE_FOLDS = (
    ("django",),
    ("sympy", "sphinx", "matplotlib"),
    ("scikit-learn", "astropy", "xarray", "pytest", "pylint", "requests", "seaborn"),
)
# BIPIA attack categories held out five at a time (mixing code and text attacks).
BIPIA_CATEGORY_FOLDS = 5
# Names put in place of AgentDojo's victim in training copies, so that "Emma Johnson" (the
# template's signer) cannot become evidence of an injection.
NAMES = (
    "Alex",
    "Morgan",
    "Priya",
    "Nair",
    "Tomasz",
    "Kowalski",
    "Ana",
    "Souza",
    "Kenji",
    "Sato",
    "Fatima",
    "Zahra",
    "Liam",
    "Walsh",
    "Chloe",
    "Martin",
    "Diego",
    "Alvarez",
    "Mei",
    "Chen",
    "Olga",
    "Petrova",
    "Samuel",
    "Okafor",
)


@dataclass
class Sample:
    """One tool output with its label and where it came from."""

    text: str
    positive: bool
    source: str  # bipia | agentdojo | swebench
    group: str  # bipia category, agentdojo suite, swebench repository
    inj: tuple[int, int] | None = None  # character span of the injected text, if known
    windows: list[tuple[dict[str, int], int]] = field(default_factory=list)  # (counts, label)


def response_text(tool_response: Any) -> str:
    """The text an agent sees in a PostToolUse tool_response, per tool shape."""
    if isinstance(tool_response, str):
        return tool_response
    if isinstance(tool_response, list):
        parts = [p.get("text", "") if isinstance(p, dict) else str(p) for p in tool_response]
        return "\n".join(parts)
    if isinstance(tool_response, dict):
        if "stdout" in tool_response or "stderr" in tool_response:
            out = tool_response.get("stdout") or ""
            err = tool_response.get("stderr") or ""
            return out + ("\n" + err if err else "")
        file = tool_response.get("file")
        if isinstance(file, dict):
            return str(file.get("content", ""))
        if "content" in tool_response:
            return str(tool_response["content"])
    return json.dumps(tool_response, sort_keys=True)


def read_events(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def load_bipia(path: Path) -> list[Sample]:
    corpus: dict[str, dict[str, Any]] = {}
    benign: dict[str, str] = {}
    attacks: list[tuple[dict[str, Any], str]] = []
    for ev in read_events(path):
        if ev["hook_event_name"] == "SessionStart":
            corpus[ev["session_id"]] = ev["corpus"]
        if ev["hook_event_name"] != "PostToolUse" or ev["tool_name"] == "Edit":
            continue
        meta = corpus[ev["session_id"]]
        text = response_text(ev["tool_response"])
        context = meta["source"].split("+")[0]
        if ev.get("expect_finding") == "prompt_injection":
            attacks.append((meta, text))
        elif meta["label"] == "benign":
            benign[context] = text
    samples = [Sample(t, False, "bipia", "benign") for t in benign.values()]
    for meta, text in attacks:
        twin = benign.get(meta["source"].split("+")[0], "")
        samples.append(Sample(text, True, "bipia", meta["category"], _inserted(twin, text)))
    return samples


def _inserted(original: str, attacked: str) -> tuple[int, int] | None:
    """The span of `attacked` that is not in `original` (the injected string)."""
    if not original:
        return None
    matcher = difflib.SequenceMatcher(None, original, attacked, autojunk=False)
    spans = [(j1, j2) for op, _, _, j1, j2 in matcher.get_opcodes() if op != "equal"]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def load_agentdojo(path: Path) -> list[Sample]:
    corpus: dict[str, dict[str, Any]] = {}
    seen_injection: set[str] = set()
    samples: list[Sample] = []
    for ev in read_events(path):
        sid = ev["session_id"]
        if ev["hook_event_name"] == "SessionStart":
            corpus[sid] = ev["corpus"]
        if ev["hook_event_name"] != "PostToolUse":
            continue
        meta = corpus[sid]
        text = response_text(ev["tool_response"])
        if ev.get("expect_finding") == "prompt_injection":
            seen_injection.add(sid)
            start = text.find("<INFORMATION>")
            end = text.find("</INFORMATION>")
            inj = (start, end + len("</INFORMATION>")) if 0 <= start < end else None
            samples.append(Sample(text, True, "agentdojo", meta["suite"], inj))
        elif sid not in seen_injection:
            # benign sessions, and attack sessions before the injection reached the agent
            samples.append(Sample(text, False, "agentdojo", meta["suite"]))
    return samples


def load_swebench(path: Path) -> list[Sample]:
    repo: dict[str, str] = {}
    samples = []
    for ev in read_events(path):
        if ev["hook_event_name"] == "SessionStart":
            instance = ev["corpus"]["source"].rsplit("/", 1)[-1].split("__")[0]
            repo[ev["session_id"]] = instance
        elif ev["hook_event_name"] == "PostToolUse":
            text = response_text(ev["tool_response"])
            samples.append(Sample(text, False, "swebench", repo[ev["session_id"]]))
    return samples


def load_extra(seed: int = SEED) -> list[Sample]:
    """Benign tool outputs of other kinds drawn from this machine (``injection_negatives``):
    source, docs, release notes, JSON and linter output of packages that are not SWE-bench
    repositories. Grouped by kind and package, so folds hold out whole packages."""
    return [
        Sample(text, False, "extra", f"{kind}:{group}")
        for text, kind, group in injection_negatives.benign_outputs(seed)
    ]


def extra_fold(sample: Sample) -> int:
    """A fixed fold per package (group), so no package is both trained on and measured."""
    digest = hashlib.blake2b(sample.group.split(":", 1)[-1].encode(), digest_size=2).digest()
    return digest[0] % len(SWE_FOLDS)


def neg_fold(sample: Sample) -> int:
    """The out-of-fold split of ordinary tool output: SWE-bench by repository, the extra
    negatives by package."""
    return extra_fold(sample) if sample.source == "extra" else swe_fold(sample)


def dedupe(samples: list[Sample]) -> list[Sample]:
    """Drop repeated (text, label) pairs: AgentDojo repeats tool outputs across runs."""
    seen: set[tuple[str, bool]] = set()
    out = []
    for s in samples:
        key = (s.text, s.positive)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def anonymise(sample: Sample, rng: random.Random) -> Sample:
    """A copy of an AgentDojo positive with the template's signer renamed at random."""
    first, last = rng.choice(NAMES[0::2]), rng.choice(NAMES[1::2])
    text = sample.text.replace("Emma Johnson", f"{first} {last}")
    start = text.find("<INFORMATION>")
    end = text.find("</INFORMATION>")
    inj = (start, end + len("</INFORMATION>")) if 0 <= start < end else None
    return Sample(text, True, sample.source, sample.group, inj)


def featurise(sample: Sample) -> None:
    """Fill `sample.windows`: feature counts and a label per training window.

    In a positive text, windows covering most of the injected span are positive, windows
    that miss it are negative (the surrounding e-mail or code is benign), the rest unused.
    """
    normalised = normalise(sample.text)
    toks = tokens(normalised)
    hits = find_hits(normalised, set(toks))
    positions = rule_positions(normalised, hits)
    inj_tokens: tuple[int, int] | None = None
    if sample.positive:
        if sample.inj is None:
            inj_tokens = (0, len(toks))
        else:
            before = len(tokens(normalised[: sample.inj[0]]))
            inside = len(tokens(normalised[sample.inj[0] : sample.inj[1]]))
            inj_tokens = (before, before + max(inside, 1))
    sample.windows = []
    for win in window_features(toks, positions):
        label = 0
        if inj_tokens is not None:
            lo, hi = inj_tokens
            overlap = max(0, min(win.end, hi) - max(win.start, lo))
            need = min(hi - lo, win.end - win.start)
            if overlap >= 0.6 * need:
                label = 1
            elif overlap > 0:
                continue
        sample.windows.append((dict(win.counts), label))


def train(train_set: list[Sample]) -> LinearModel:
    """Fit the window model on `train_set` (threshold left at 0.5; set by the caller)."""
    doc_freq: dict[str, int] = defaultdict(int)
    groups: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s in train_set:
        for key in {k for counts, _ in s.windows for k in counts}:
            doc_freq[key] += 1
            groups[key].add((s.source, s.group))
    # A feature seen in one attack category or one suite only (an attack's topic, say) is a
    # memory of that sample, not a rule: it needs texts from two groups to get a weight.
    # The stand-in names exist only in renamed positives: they must not become evidence.
    stand_ins = {name.lower()[:7] for name in NAMES}
    vocab = sorted(
        k
        for k, n in doc_freq.items()
        if ((n >= MIN_DOCS and len(groups[k]) >= 2) or k.startswith("h:"))
        and not stand_ins & set(k[2:].split())
    )
    column = {k: i for i, k in enumerate(vocab)}
    # Each source weighs the same in total among positives; negatives likewise per source,
    # so that 9,000 SWE-bench outputs do not drown the e-mails of AgentDojo and BIPIA.
    windows_per: dict[tuple[str, int], int] = defaultdict(int)
    for s in train_set:
        for _, label in s.windows:
            windows_per[(s.source, label)] += 1
    rows, cols, vals, labels, weights = [], [], [], [], []
    r = 0
    for s in train_set:
        for counts, label in s.windows:
            for key, n in counts.items():
                j = column.get(key)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append(float(n))
            labels.append(label)
            weights.append(1000.0 / windows_per[(s.source, label)])
            r += 1
    x = csr_matrix((vals, (rows, cols)), shape=(r, len(vocab)), dtype=np.float64)
    y = np.array(labels)
    w = np.array(weights)
    w *= len(w) / w.sum()
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=2000, random_state=SEED)
    clf.fit(x, y, sample_weight=w)
    coef = clf.coef_[0]
    table: dict[str, float] = {}
    for key, value in zip(vocab, coef, strict=True):
        if key.startswith("h:"):
            value = max(float(value), PRIOR_WEIGHTS.get(key[2:], 0.0))
        if abs(value) >= WEIGHT_FLOOR or key.startswith("h:"):
            table[key] = round(float(value), 4)
    for name, prior in PRIOR_WEIGHTS.items():
        table.setdefault("h:" + name, prior)
    data = {
        "format": FORMAT,
        "bias": round(float(clf.intercept_[0]), 4),
        "window": WINDOW,
        "threshold": 0.5,
        "weights": dict(sorted(table.items())),
    }
    return LinearModel.from_json(data)


def model_json(model: LinearModel) -> dict[str, Any]:
    weights: dict[str, float] = {}
    weights.update({"u:" + k: v for k, v in model.unigrams.items()})
    weights.update({"b:" + a + " " + b: v for (a, b), v in model.bigrams.items()})
    weights.update({"h:" + k: v for k, v in model.rules.items()})
    return {
        "format": FORMAT,
        "bias": model.bias,
        "window": model.window,
        "threshold": model.threshold,
        "confirm": model.confirm,
        "weights": dict(sorted(weights.items())),
    }


def fit_calibrated(
    attacks_and_benign: list[Sample], swe: list[Sample], extra: list[Sample] | None = None
) -> tuple[LinearModel, dict[str, float]]:
    """A model trained on `attacks_and_benign` plus all of `swe` and `extra` (ordinary tool
    output), with both thresholds set from out-of-fold scores of that ordinary output (each
    fold scored by a model that never saw its repositories or packages)."""
    ordinary = swe + (extra or [])
    oof: list[float] = []
    for k in range(len(SWE_FOLDS)):
        held = [s for s in ordinary if neg_fold(s) == k]
        rest = [s for s in ordinary if neg_fold(s) != k]
        oof += scores(train(attacks_and_benign + rest), held)
    flag = threshold_at_fpr(oof, TARGET_FPR)
    confirm = max(threshold_at_fpr(oof, TARGET_FPR_CONFIRM), flag)
    m = train(attacks_and_benign + ordinary)
    model = LinearModel(m.bias, m.unigrams, m.bigrams, m.rules, m.window, flag, "", confirm)
    return model, {"threshold": round(flag, 6), "confirm": round(confirm, 6)}


def scores(model: LinearModel, samples: list[Sample]) -> list[float]:
    return [assess(s.text, model).score for s in samples]


def threshold_at_fpr(negative_scores: list[float], fpr: float) -> float:
    """The lowest threshold at which at most `fpr` of the negatives score at or above it."""
    ordered = sorted(negative_scores, reverse=True)
    allowed = int(fpr * len(ordered))
    if allowed >= len(ordered):
        return 0.0
    # scores >= t are flagged: t just above the (allowed+1)-th highest negative
    return float(np.nextafter(ordered[allowed], 1.0))


def session_rate(model: LinearModel, samples: list[Sample], t: float, t_confirm: float) -> float:
    """Share of `samples` whose flag would change the session: at or above the flag
    threshold `t` and corroborated by a rule, or at or above `t_confirm`."""
    if not samples:
        return float("nan")
    hits = 0
    for s in samples:
        a = assess(s.text, model)
        hits += a.score >= t_confirm or (a.score >= t and a.corroborated)
    return hits / len(samples)


def rate(values: list[float], t: float) -> float:
    return sum(v >= t for v in values) / len(values) if values else float("nan")


def swe_fold(sample: Sample) -> int:
    for i, repos in enumerate(SWE_FOLDS):
        if sample.group in repos:
            return i
    return len(SWE_FOLDS) - 1


def evaluate_split(
    name: str,
    train_set: list[Sample],
    test_pos: dict[str, list[Sample]],
    test_neg: dict[str, list[Sample]],
    swe_test: list[Sample],
) -> dict[str, Any]:
    started = time.perf_counter()
    model = train(train_set)
    swe_scores = scores(model, swe_test)
    t = threshold_at_fpr(swe_scores, TARGET_FPR)
    t_confirm = max(threshold_at_fpr(swe_scores, TARGET_FPR_CONFIRM), t)
    out: dict[str, Any] = {
        "split": name,
        "threshold": round(t, 6),
        "confirm_threshold": round(t_confirm, 6),
        "swebench_heldout_n": len(swe_test),
        "swebench_heldout_fpr": round(rate(swe_scores, t), 4),
        "tpr": {},
        "fpr": {},
    }
    for key, samples in test_pos.items():
        got = scores(model, samples)
        session = session_rate(model, samples, t, t_confirm)
        out["tpr"][key] = {
            "n": len(samples),
            "tpr": round(rate(got, t), 4),
            "tpr_confirmed": round(rate(got, t_confirm), 4),
            "tpr_affects_session": round(session, 4),
        }
    for key, samples in test_neg.items():
        got = scores(model, samples)
        out["fpr"][key] = {
            "n": len(samples),
            "fpr": round(rate(got, t), 4),
            "fpr_confirmed": round(rate(got, t_confirm), 4),
        }
    out["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out), flush=True)
    return out


def set_target_fpr(value: float) -> None:
    """Change the flag target (module-level, read by every split and the final threshold)."""
    global TARGET_FPR
    TARGET_FPR = value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--quick", action="store_true", help="final model only, no splits")
    parser.add_argument(
        "--target-fpr",
        type=float,
        default=TARGET_FPR,
        help="out-of-fold SWE-bench false-positive rate that sets the flag threshold",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=None,
        help="write model.json and training-report.json here instead of the package",
    )
    parser.add_argument(
        "--no-extra",
        action="store_true",
        help="leave out the benign outputs drawn from this machine (injection_negatives.py)",
    )
    args = parser.parse_args()
    set_target_fpr(args.target_fpr)
    rng = random.Random(SEED)

    bipia = dedupe(load_bipia(args.data / "bipia-dev.jsonl.gz"))
    dojo = dedupe(load_agentdojo(args.data / "agentdojo-runs-dev.jsonl.gz"))
    swe = dedupe(load_swebench(args.data / "swebench-verified-gemini3pro-dev.jsonl.gz"))
    dojo += [anonymise(s, rng) for s in dojo if s.positive]
    extra = [] if args.no_extra else dedupe(load_extra(SEED))
    everything = bipia + dojo + swe + extra
    started = time.perf_counter()
    for s in everything:
        featurise(s)
    print(f"featurised {len(everything)} texts in {time.perf_counter() - started:.0f}s")
    counts = {
        f"{src}/{'pos' if p else 'neg'}": sum(
            s.source == src and s.positive == p for s in everything
        )
        for src in ("bipia", "agentdojo", "swebench", "extra")
        for p in (True, False)
    }
    counts.update(
        {
            f"extra/{kind}": sum(
                s.source == "extra" and s.group.startswith(kind + ":") for s in extra
            )
            for kind in injection_negatives.KINDS_LIMIT
        }
    )
    print("distinct texts:", counts)

    def pos(samples: list[Sample]) -> list[Sample]:
        return [s for s in samples if s.positive]

    def neg(samples: list[Sample]) -> list[Sample]:
        return [s for s in samples if not s.positive]

    def original(samples: list[Sample]) -> list[Sample]:
        # measure on the texts as the corpus has them, not on renamed training copies
        return [s for s in samples if "Emma Johnson" in s.text or s.source != "agentdojo"]

    splits: list[dict[str, Any]] = []
    if not args.quick:
        # Thresholds of each split come from the ordinary tool output it held out: one
        # SWE-bench repository fold and one fold of the extra packages.
        ordinary = swe + extra
        swe_by_fold = [[s for s in ordinary if neg_fold(s) == k] for k in range(len(SWE_FOLDS))]

        def swe_train(k: int) -> list[Sample]:
            return [s for s in ordinary if neg_fold(s) != k]

        # 1. cross-source: one attack corpus to the other
        splits.append(
            evaluate_split(
                "train BIPIA -> test AgentDojo (SWE fold 0 held out)",
                bipia + swe_train(0),
                {"agentdojo": original(pos(dojo))},
                {"agentdojo": neg(dojo)},
                swe_by_fold[0],
            )
        )
        splits.append(
            evaluate_split(
                "train AgentDojo -> test BIPIA (SWE fold 1 held out)",
                dojo + swe_train(1),
                {
                    "bipia": pos(bipia),
                    "bipia-code": [s for s in pos(bipia) if "code:" in s.group],
                    "bipia-text": [s for s in pos(bipia) if "text:" in s.group],
                },
                {"bipia": neg(bipia)},
                swe_by_fold[1],
            )
        )
        # 2. AgentDojo: hold out a suite
        for k, suite in enumerate(("slack", "workspace")):
            other = [s for s in dojo if s.group != suite]
            held = [s for s in dojo if s.group == suite]
            splits.append(
                evaluate_split(
                    f"AgentDojo hold out suite {suite} (+BIPIA; SWE fold {(k + 2) % 3} held out)",
                    bipia + other + swe_train((k + 2) % 3),
                    {f"agentdojo-{suite}": original(pos(held))},
                    {f"agentdojo-{suite}": neg(held)},
                    swe_by_fold[(k + 2) % 3],
                )
            )
        # 3. BIPIA: hold out whole attack categories
        categories = sorted({s.group for s in pos(bipia)})
        rng.shuffle(categories)
        for k in range(BIPIA_CATEGORY_FOLDS):
            held_cats = set(categories[k::BIPIA_CATEGORY_FOLDS])
            keep = [s for s in bipia if s.group not in held_cats]
            held = [s for s in pos(bipia) if s.group in held_cats]
            splits.append(
                evaluate_split(
                    f"BIPIA hold out categories {sorted(held_cats)} (+AgentDojo; SWE fold "
                    f"{k % 3} held out)",
                    keep + dojo + swe_train(k % 3),
                    {"bipia-heldout-categories": held},
                    {},
                    swe_by_fold[k % 3],
                )
            )

    # 4. SWE-bench by repository: out-of-fold scores of every SWE-bench output set the
    # shipped threshold (a model never sees the repository it is measured on).
    # The extra negatives are held out by package in the same three folds: the thresholds
    # are set on out-of-fold scores of all ordinary tool output, not on one corpus.
    ordinary = swe + extra
    oof_assessed: list[tuple[Sample, Any]] = []
    fold_models = []
    for k in range(len(SWE_FOLDS)):
        held = [s for s in ordinary if neg_fold(s) == k]
        model = train(bipia + dojo + [s for s in ordinary if neg_fold(s) != k])
        assessed = [(s, assess(s.text, model)) for s in held]
        oof_assessed += assessed
        fold_models.append(
            {
                "fold": k,
                "repos": SWE_FOLDS[k],
                "n": len(held),
                "fpr_at_0.5": round(rate([a.score for _, a in assessed], 0.5), 4),
            }
        )
    oof = [a.score for _, a in oof_assessed]
    shipped_threshold = threshold_at_fpr(oof, TARGET_FPR)
    confirm_threshold = max(threshold_at_fpr(oof, TARGET_FPR_CONFIRM), shipped_threshold)
    print(f"threshold from out-of-fold ordinary-output scores: {shipped_threshold:.6f}")
    print(f"confirm threshold (FPR {TARGET_FPR_CONFIRM}): {confirm_threshold:.6f}")

    def oof_rates(picked: list[tuple[Sample, Any]]) -> dict[str, Any]:
        flagged = [a for _, a in picked if a.score >= shipped_threshold]
        return {
            "n": len(picked),
            "flagged": len(flagged),
            "confirmed": sum(a.score >= confirm_threshold for a in flagged),
            "affects_session": sum(a.score >= confirm_threshold or a.corroborated for a in flagged),
        }

    oof_by_source = {
        "swebench": oof_rates([x for x in oof_assessed if x[0].source == "swebench"]),
        "extra": oof_rates([x for x in oof_assessed if x[0].source == "extra"]),
    }
    for kind in injection_negatives.KINDS_LIMIT:
        oof_by_source[f"extra/{kind}"] = oof_rates(
            [x for x in oof_assessed if x[0].group.startswith(kind + ":")]
        )
    print("out-of-fold ordinary output:", json.dumps(oof_by_source))

    final = train(everything)
    final = LinearModel(
        final.bias,
        final.unigrams,
        final.bigrams,
        final.rules,
        final.window,
        round(shipped_threshold, 6),
        "",
        round(confirm_threshold, 6),
    )
    payload = json.dumps(model_json(final), separators=(",", ":"), sort_keys=True) + "\n"
    model_out = args.out_dir / "model.json" if args.out_dir else MODEL_OUT
    report_out = args.out_dir / "training-report.json" if args.out_dir else REPORT_OUT
    model_out.parent.mkdir(parents=True, exist_ok=True)
    model_out.write_text(payload, encoding="utf-8")
    sha = hashlib.sha256(payload.encode("utf-8")).hexdigest()

    report = {
        "model_sha256": sha,
        "model_bytes": len(payload),
        "features": len(final.unigrams) + len(final.bigrams) + len(final.rules),
        "seed": SEED,
        "C": C,
        "window": WINDOW,
        "target_fpr": TARGET_FPR,
        "shipped_threshold": round(shipped_threshold, 6),
        "shipped_threshold_logit": round(logit(shipped_threshold), 4),
        "target_fpr_confirm": TARGET_FPR_CONFIRM,
        "confirm_threshold": round(confirm_threshold, 6),
        "distinct_texts": counts,
        "extra_negatives_sha256": injection_negatives.digest(
            [(s.text, s.group.split(":", 1)[0], s.group.split(":", 1)[1]) for s in extra]
        ),
        "ordinary_out_of_fold": {
            "n": len(oof),
            "fpr_at_shipped_threshold": round(rate(oof, shipped_threshold), 4),
            "fpr_at_confirm_threshold": round(rate(oof, confirm_threshold), 5),
            "by_source": oof_by_source,
            "folds": fold_models,
        },
        "splits": splits,
        "rule_weights": dict(sorted(final.rules.items())),
        "top_positive": _top(final, reverse=True),
        "top_negative": _top(final, reverse=False),
    }
    report_out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: report[k] for k in list(report)[:11]}, indent=1))
    print("top positive features:", report["top_positive"])
    print(f"wrote {model_out} (sha256 {sha}) and {report_out}")


def _top(model: LinearModel, reverse: bool) -> list[tuple[str, float]]:
    items = [("u:" + k, v) for k, v in model.unigrams.items()]
    items += [("b:" + a + " " + b, v) for (a, b), v in model.bigrams.items()]
    return sorted(items, key=lambda kv: kv[1], reverse=reverse)[:40]


if __name__ == "__main__":
    main()
