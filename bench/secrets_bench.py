"""Benchmark Bastion's secret scanner against detect-secrets and CredSweeper on the same inputs.

Inputs (see /work/shared/data/README.md):
  * secret-samples-dev: labelled strings from gitleaks and detect-secrets tests; a row counts as
    found when the tool reports anything on its text. Reported per source and overall.
  * secret-leaks-dev: PostToolUse outputs; `expect_finding: secret` (attack) vs benign twins.
  * swebench-verified-gemini3pro-dev: benign coding-agent tool outputs, for throughput on typical
    tool output and for the number of outputs each tool flags (should be few).
  * fresh-secrets (bench/scenarios/fresh-secrets/build.py): our own secret and near-miss tool
    outputs, built at run time from each format's structure; written before the rules were
    tuned and first measured then (results/secrets-fresh-before.json).

Leaks are also scored as the rate of benign outputs flagged (near-miss and placeholder look-alikes
of a secret, which should stay under 2%).

Prints a table and writes bench/results/secrets.json. Needs `pip install detect-secrets
credsweeper` (CredSweeper's ML model ships in its wheel, so it runs offline).

    .venv/bin/python bench/secrets_bench.py [--data DIR] [--swebench-limit N] [--skip TOOL]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import logging
import platform
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bastion.detect.secrets import RuleSet, Scanner, default_rules, scan

DATA = Path("/work/shared/data")
OUT = Path(__file__).resolve().parent / "results" / "secrets.json"
FRESH = Path(__file__).resolve().parent / "scenarios" / "fresh-secrets" / "build.py"
UNSEEN = Path(__file__).resolve().parent / "scenarios" / "secrets-unseen" / "build.py"

Detector = Callable[[list[str]], list[bool]]


# ---------------------------------------------------------------------------- data
def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _response_text(event: dict[str, Any]) -> str:
    return "\n".join(_strings(event.get("tool_response", "")))


def half_of(text: str) -> str:
    """A fixed, content-based split: "A" (tune) or "B" (held out)."""
    return "A" if hashlib.blake2b(text.encode(), digest_size=4).digest()[0] % 2 == 0 else "B"


def load_samples(data: Path) -> list[tuple[str, bool, str, str]]:
    """(text, is_secret, tool, category): category is the source file the row came from
    (a gitleaks rule file or a detect-secrets plugin test), the unit left out by `--loso`."""
    rows = []
    for r in _jsonl(data / "secret-samples-dev.jsonl.gz"):
        source = "gitleaks" if r["source"].startswith("gitleaks/") else "detect-secrets"
        category = r["source"].split(":", 1)[-1].split("#")[0].rsplit("/", 1)[-1]
        rows.append((r["text"], r["label"] == "secret", source, f"{source}/{category}"))
    return rows


def load_leaks(data: Path) -> list[tuple[str, bool]]:
    return [
        (_response_text(e), e.get("expect_finding") == "secret")
        for e in _jsonl(data / "secret-leaks-dev.jsonl.gz")
        if e.get("hook_event_name") == "PostToolUse"
    ]


def load_swebench(data: Path, limit: int | None) -> list[str]:
    texts = [
        _response_text(e)
        for e in _jsonl(data / "swebench-verified-gemini3pro-dev.jsonl.gz")
        if e.get("hook_event_name") == "PostToolUse"
    ]
    return texts[:limit] if limit else texts


def load_fresh(seed: int, builder: Path = FRESH) -> list[tuple[str, bool, str]]:
    """(text, is_secret, category) from a set builder (bodies drawn at run time)."""
    spec = importlib.util.spec_from_file_location(f"{builder.parent.name}_build", builder)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return [(s.text, s.label == "secret", s.category) for s in mod.build(seed)]


# ---------------------------------------------------------------------------- disputed labels
# Rows whose label contradicts the format, reported beside the figures and never fitted to.
# Masked values: the label says "secret", the value is a vendor prefix and x's (a redaction).
_MASKED = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{1,3}_?x{8,}(?![A-Za-z0-9])")
# Values whose format is exactly a live credential's, labelled "not secret" only because the
# source tool allow-lists that very string (vendor documentation or SDK examples). Keyed by a
# digest of the value, so the file carries no credential-shaped text.
_LISTED_EXAMPLES = {
    "6ada812c0c203722": "Firebase SDK example key (gitleaks allow-lists the string)",
    "a667918ad80f14e8": "Firebase SDK example key (gitleaks allow-lists the string)",
    "1eb23f4ff31fee4a": "Firebase SDK example key (gitleaks allow-lists the string)",
    "7fa6fe73624d5bcb": "Firebase SDK example key (gitleaks allow-lists the string)",
    "e4576406f972acf1": "Firebase SDK example key (gitleaks allow-lists the string)",
    "021b2ceedb571ccf": "NuGet docs example ClearTextPassword (gitleaks allow-lists it)",
    "f345012650af327e": "NuGet docs example ClearTextPassword (gitleaks allow-lists it)",
    "fcdfc44167dd3ce4": "Telegram bot token in the live format (detect-secrets test data)",
    "18f09a0d665fa582": "Anthropic admin key in the live format (gitleaks test data)",
}


def disputed(text: str, label: bool, matched: list[str]) -> str | None:
    """Why this row's label contradicts the value's format, or None."""
    if label and not matched and _MASKED.search(text):
        return "masked value (prefix and x's) labelled secret"
    if not label:
        for value in matched:
            digest = hashlib.blake2b(value.encode(), digest_size=8).hexdigest()
            if digest in _LISTED_EXAMPLES:
                return _LISTED_EXAMPLES[digest]
    return None


def undisputed(
    texts: list[str], labels: list[bool], found: list[bool]
) -> tuple[dict[str, Any], dict[str, int]]:
    """The figures without the disputed rows, and how many rows each reason removed."""
    keep_found, keep_labels, reasons = [], [], {}
    for text, label, hit in zip(texts, labels, found, strict=True):
        wrong = hit != label
        matched = [text[m.start : m.end] for m in scan(text)] if wrong else []
        why = disputed(text, label, matched) if wrong else None
        if why:
            reasons[why] = reasons.get(why, 0) + 1
            continue
        keep_found.append(hit)
        keep_labels.append(label)
    metrics = prf(keep_found, keep_labels)
    metrics["benign_flagged_rate"] = _rate(metrics)
    return metrics, reasons


# ---------------------------------------------------------------------------- leave one source out
# The sections of rules.toml whose rules name a format, not a vendor (PEM keys, JWTs, URLs with
# userinfo, HTTP auth headers, CLI flags, assignments to a secret-named key). Read from the rule
# file's own section headers so the split follows the file, not a list kept here.
_NEUTRAL_SECTIONS = ("keys, tokens, URLs", "other tools' commands and files", "generic assignments")
_SECTION = re.compile(r"^# -{20,} (.+)$")
_RULE_ID = re.compile(r'^id = "([^"]+)"')


def neutral_rule_ids(path: Path | None = None) -> frozenset[str]:
    """Ids of the rules in rules.toml's vendor-neutral sections (see `_NEUTRAL_SECTIONS`)."""
    import bastion.detect.secrets as pkg

    text = (path or Path(pkg.__file__).resolve().parent / "rules.toml").read_text("utf-8")
    section, ids = "", set()
    for line in text.splitlines():
        if m := _SECTION.match(line):
            section = m.group(1).strip()
        elif (m := _RULE_ID.match(line)) and section in _NEUTRAL_SECTIONS:
            ids.add(m.group(1))
    return frozenset(ids)


def _fixture_shaped(text: str, scanner: Scanner) -> bool:
    """The row's value is written, not generated: the full scanner's value is made of keyboard
    runs, an ascending run, words (`glpat-hellOworld380_testin`), at most 4 distinct characters
    in its variable part, or a repeated 8-character block (`12345678-ABCD-ABCD-ABCD-…`,
    `AGE-SECRET-KEY-1QQQQ…`, `abcd1234abcd1234…`); or the row is masked (`AKCxxxxxxxxxx`: the
    `_MASKED` shape the disputed rows use). A vendor rule accepts these on its strict format; a
    vendor-neutral rule must reject them, or it flags every placeholder of the same shape."""
    from bastion.detect.secrets._checks import _wordlike, is_hand_typed, is_sequential

    if _MASKED.search(text):
        return True
    for m in scanner.scan(text):
        v = text[m.start : m.end]
        body = v.rsplit("-", 1)[-1] if len(v.rsplit("-", 1)[-1]) >= 16 else v
        if is_hand_typed(v) or is_sequential(v) or len(set(body)) <= 4 or _wordlike(v):
            return True
        if len(v) >= 16 and any(v.count(v[i : i + 8]) >= 3 for i in range(0, len(v) - 8, 4)):
            return True
    return False


def leave_one_source_out(
    samples: list[tuple[str, bool, str, str]], keep: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Each source file of the samples scored without the rules that only it needed.

    The rules were written with every dev source in view, so in-sample figures flatter them. A
    rule-based scanner cannot be retrained per fold; the honest equivalent is to take away,
    for each source file (a gitleaks rule file or a detect-secrets plugin test: one vendor or
    one kind of credential), every rule that fires on that source's secrets and on no other
    source's secrets, and score that source's rows with what remains. What is left is what a
    vendor the rules were never written for would meet: the keyword, assignment, URL,
    command-line and entropy rules, plus any vendor rule another source also needed.

    `keep` names rules never taken away (the vendor-neutral ones, for the "vendor" variant:
    an HTTP Authorization header rule fired only by the curl source is still a rule an unseen
    vendor meets). Misses are also counted apart when the value is fixture-shaped.
    """
    rules = default_rules()
    full = Scanner(rules)
    fired: dict[str, set[str]] = {}
    for text, label, _, cat in samples:
        if label:
            fired.setdefault(cat, set()).update(m.kind for m in full.scan(text))
    found: list[bool] = []
    labels: list[bool] = []
    per_cat: dict[str, dict[str, Any]] = {}
    fixture_misses = 0
    for cat in sorted({s[3] for s in samples}):
        others = set().union(*(v for k, v in fired.items() if k != cat))
        own = fired.get(cat, set()) - others - keep
        kept = tuple(r for r in rules.rules if r.id not in own and (r.near not in own))
        reduced = Scanner(RuleSet(kept, rules.filters, {r.id: r for r in kept}))
        rows = [s for s in samples if s[3] == cat]
        hits = [bool(reduced.scan(s[0])) for s in rows]
        fixture_misses += sum(
            1
            for s, h in zip(rows, hits, strict=True)
            if s[1] and not h and _fixture_shaped(s[0], full)
        )
        found += hits
        labels += [s[1] for s in rows]
        m = prf(hits, [s[1] for s in rows])
        per_cat[cat] = {"rules_removed": sorted(own), "tp": m["tp"], "fp": m["fp"], "fn": m["fn"]}
    overall = prf(found, labels)
    overall["fn_fixture_shaped"] = fixture_misses
    # recall over the secrets whose value is not a written fixture: what vendor-neutral
    # detection can be asked for without flagging placeholders of the same shape
    real = overall["tp"] + overall["fn"] - fixture_misses
    overall["recall_without_fixture_shaped"] = round(overall["tp"] / real, 4) if real else 0.0
    return {"overall": overall, "by_source": per_cat}


# ---------------------------------------------------------------------------- tools
def bastion_detector() -> Detector:
    scan("warm up")  # rule compilation and automaton build are not part of the scan rate

    def run(texts: list[str]) -> list[bool]:
        return [bool(scan(t)) for t in texts]

    return run


def detect_secrets_detector() -> Detector:
    """detect-secrets as `detect-secrets scan` runs on a file: default plugins AND filters.

    (`scan_line`, its ad-hoc string mode, turns on eager keyword search and skips the file
    filters; it is measured separately as "detect-secrets-adhoc".)
    """
    from detect_secrets.core.scan import _process_line_based_plugins, get_filters
    from detect_secrets.settings import default_settings, get_settings

    def run(texts: list[str]) -> list[bool]:
        out = []
        with default_settings():
            # the texts are not files on disk; this filter would drop every finding
            get_settings().disable_filters("detect_secrets.filters.common.is_invalid_file")
            get_filters.cache_clear()
            for text in texts:
                lines = list(enumerate(text.splitlines(), 1))
                out.append(any(True for _ in _process_line_based_plugins(lines, "output.txt")))
        return out

    return run


def detect_secrets_adhoc_detector() -> Detector:
    """detect-secrets' ad-hoc string mode (`scan_line`, as `detect-secrets scan --string`)."""
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import default_settings

    def run(texts: list[str]) -> list[bool]:
        out = []
        with default_settings():
            for text in texts:
                out.append(any(True for line in text.splitlines() for _ in scan_line(line)))
        return out

    return run


def credsweeper_detector() -> Detector:
    from credsweeper import CredSweeper
    from credsweeper.file_handler.string_content_provider import StringContentProvider

    logging.getLogger("credsweeper").setLevel(logging.ERROR)
    sweeper = CredSweeper()  # default: ML validation on, medium threshold

    def run(texts: list[str]) -> list[bool]:
        # one batch, as CredSweeper is meant to run (ML validation is batched over candidates)
        providers = [
            StringContentProvider(lines=t.splitlines(), file_path=f"{i}.txt")
            for i, t in enumerate(texts)
        ]
        sweeper.credential_manager.clear_credentials()
        sweeper.scan(providers, None)
        sweeper.post_processing(None)
        found = [False] * len(texts)
        for cand in sweeper.credential_manager.get_credentials():
            for ld in cand.line_data_list:
                stem = Path(ld.path).stem
                if stem.isdigit() and int(stem) < len(found):
                    found[int(stem)] = True
        return found

    return run


TOOLS: dict[str, Callable[[], Detector]] = {
    "bastion": bastion_detector,
    "detect-secrets": detect_secrets_detector,
    "detect-secrets-adhoc": detect_secrets_adhoc_detector,
    "credsweeper": credsweeper_detector,
}


# ---------------------------------------------------------------------------- scoring
def timed(detector: Detector, texts: list[str]) -> tuple[list[bool], float]:
    t0 = time.perf_counter()
    found = detector(texts)
    return found, time.perf_counter() - t0


def prf(found: list[bool], labels: list[bool]) -> dict[str, float | int]:
    tp = sum(f and y for f, y in zip(found, labels, strict=True))
    fp = sum(f and not y for f, y in zip(found, labels, strict=True))
    fn = sum(y and not f for f, y in zip(found, labels, strict=True))
    tn = len(labels) - tp - fp - fn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": f1}


def _rate(m: dict[str, Any]) -> float:
    """Share of negatives flagged: fp / (fp + tn)."""
    neg = m["fp"] + m["tn"]
    return m["fp"] / neg if neg else 0.0


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--swebench-limit", type=int, default=None, help="first N outputs only")
    ap.add_argument("--skip", action="append", default=[], choices=sorted(TOOLS))
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--fresh-seed", type=int, default=13, help="seed of the fresh-secrets set")
    ap.add_argument("--unseen-seed", type=int, default=7, help="seed of the secrets-unseen set")
    ap.add_argument(
        "--half",
        choices=("A", "B", "all"),
        default="all",
        help="the tuning half (A) or the held-out half (B) of a fixed split by text digest; "
        "rules were tuned looking only at half A's errors, so B is the held-out figure",
    )
    args = ap.parse_args(argv)

    samples = [r for r in load_samples(args.data) if args.half in ("all", half_of(r[0]))]
    leaks = [r for r in load_leaks(args.data) if args.half in ("all", half_of(r[0]))]
    swe = load_swebench(args.data, args.swebench_limit)
    fresh = load_fresh(args.fresh_seed)
    unseen = load_fresh(args.unseen_seed, UNSEEN)
    results: dict[str, Any] = {
        "inputs": {
            "secret-samples-dev": {
                "rows": len(samples),
                "MB": round(mb([s[0] for s in samples]), 4),
            },
            "secret-leaks-dev": {"outputs": len(leaks), "MB": round(mb([t for t, _ in leaks]), 4)},
            "swebench-dev": {"outputs": len(swe), "MB": round(mb(swe), 3)},
            "fresh-secrets": {
                "seed": args.fresh_seed,
                "secret": sum(1 for f in fresh if f[1]),
                "near_miss": sum(1 for f in fresh if not f[1]),
            },
            "secrets-unseen": {
                "seed": args.unseen_seed,
                "secret": sum(1 for f in unseen if f[1]),
                "near_miss": sum(1 for f in unseen if not f[1]),
            },
        },
        "half": args.half,
        "bastion_rules": len([r for r in default_rules().rules if not r.marker]),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "tools": {},
    }
    for name, factory in TOOLS.items():
        if name in args.skip:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            detector = factory()
        except ImportError as exc:
            print(f"  {name} not installed ({exc}); skipped", file=sys.stderr)
            continue
        res: dict[str, Any] = {}
        texts = [s[0] for s in samples]
        found, secs = timed(detector, texts)
        res["samples"] = {"seconds": round(secs, 3), "MB_per_s": round(mb(texts) / secs, 2)}
        for source in ("gitleaks", "detect-secrets"):
            idx = [i for i, s in enumerate(samples) if s[2] == source]
            res["samples"][source] = prf([found[i] for i in idx], [samples[i][1] for i in idx])
        res["samples"]["overall"] = prf(found, [s[1] for s in samples])
        if name == "bastion":
            fig, why = undisputed(texts, [s[1] for s in samples], found)
            res["samples"]["undisputed"] = {**fig, "disputed_rows": why}
        texts = [t for t, _ in leaks]
        found, secs = timed(detector, texts)
        res["leaks"] = prf(found, [y for _, y in leaks])
        res["leaks"]["seconds"] = round(secs, 3)
        res["leaks"]["MB_per_s"] = round(mb(texts) / secs, 2)
        res["leaks"]["benign_flagged_rate"] = _rate(res["leaks"])
        if name == "bastion":
            fig, why = undisputed(texts, [y for _, y in leaks], found)
            res["leaks"]["undisputed"] = {**fig, "disputed_rows": why}
        found, _ = timed(detector, [f[0] for f in fresh])
        res["fresh"] = prf(found, [f[1] for f in fresh])
        res["fresh"]["near_miss_flagged_rate"] = _rate(res["fresh"])
        res["fresh"]["missed"] = sorted(
            f[2] for f, x in zip(fresh, found, strict=True) if f[1] and not x
        )
        res["fresh"]["flagged_near_misses"] = sorted(
            f[2] for f, x in zip(fresh, found, strict=True) if x and not f[1]
        )
        found, _ = timed(detector, [f[0] for f in unseen])
        res["unseen"] = prf(found, [f[1] for f in unseen])
        res["unseen"]["near_miss_flagged_rate"] = _rate(res["unseen"])
        res["unseen"]["missed"] = sorted(
            f[2] for f, x in zip(unseen, found, strict=True) if f[1] and not x
        )
        res["unseen"]["flagged_near_misses"] = sorted(
            f[2] for f, x in zip(unseen, found, strict=True) if x and not f[1]
        )
        if name == "bastion":
            res["samples"]["leave_one_source_out"] = leave_one_source_out(samples)
            res["samples"]["leave_one_vendor_out"] = leave_one_source_out(
                samples, keep=neutral_rule_ids()
            )
        found, secs = timed(detector, swe)
        res["swebench"] = {
            "outputs_flagged": sum(found),
            "outputs": len(swe),
            "seconds": round(secs, 3),
            "MB_per_s": round(mb(swe) / secs, 2),
        }
        results["tools"][name] = res
        print(f"  done: swebench {secs:.1f}s", file=sys.stderr, flush=True)

    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0


def print_table(results: dict[str, Any]) -> None:
    tools = results["tools"]
    print(f"\n{'set':<34}{'tool':<22}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}")
    for key, label in [
        ("gitleaks", "samples: gitleaks"),
        ("detect-secrets", "samples: detect-secrets"),
        ("overall", "samples: overall"),
    ]:
        for name, res in tools.items():
            m = res["samples"][key]
            print(
                f"{label:<34}{name:<22}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                f"{m['tp']:>6}{m['fp']:>5}{m['fn']:>5}"
            )
    for name, res in tools.items():
        m = res["leaks"]
        print(
            f"{'secret-leaks (tool outputs)':<34}{name:<22}{m['precision']:>7.3f}"
            f"{m['recall']:>7.3f}{m['f1']:>7.3f}{m['tp']:>6}{m['fp']:>5}{m['fn']:>5}"
        )
    for name, res in tools.items():
        m = res["fresh"]
        print(
            f"{'fresh-secrets (own set)':<34}{name:<22}{m['precision']:>7.3f}"
            f"{m['recall']:>7.3f}{m['f1']:>7.3f}{m['tp']:>6}{m['fp']:>5}{m['fn']:>5}"
        )
    for name, res in tools.items():
        m = res["unseen"]
        print(
            f"{'secrets-unseen (own set 2)':<34}{name:<22}{m['precision']:>7.3f}"
            f"{m['recall']:>7.3f}{m['f1']:>7.3f}{m['tp']:>6}{m['fp']:>5}{m['fn']:>5}"
        )
    for key, label in (
        ("leave_one_source_out", "samples: leave one source out"),
        ("leave_one_vendor_out", "samples: leave one vendor out"),
    ):
        loso = tools.get("bastion", {}).get("samples", {}).get(key)
        if loso:
            m = loso["overall"]
            print(
                f"{label:<34}{'bastion':<22}{m['precision']:>7.3f}"
                f"{m['recall']:>7.3f}{m['f1']:>7.3f}{m['tp']:>6}{m['fp']:>5}{m['fn']:>5}"
                f"  (misses fixture-shaped: {m['fn_fixture_shaped']};"
                f" R without them {m['recall_without_fixture_shaped']:.3f})"
            )
    print(f"\n{'benign flagged':<34}{'tool':<22}{'leaks':>9}{'fresh':>9}{'unseen':>9}")
    for name, res in tools.items():
        print(
            f"{'':<34}{name:<22}{res['leaks']['benign_flagged_rate']:>9.3f}"
            f"{res['fresh']['near_miss_flagged_rate']:>9.3f}"
            f"{res['unseen']['near_miss_flagged_rate']:>9.3f}"
        )
    for key in ("samples", "leaks"):
        und = tools.get("bastion", {}).get(key, {}).get("undisputed")
        if und:
            print(
                f"bastion {key} without disputed rows: P {und['precision']:.3f} "
                f"R {und['recall']:.3f} benign flagged {und['benign_flagged_rate']:.3f}"
            )
            for why, n in und["disputed_rows"].items():
                print(f"    disputed ({n}): {why}")
    for name, res in tools.items():
        if res["fresh"]["missed"] or res["fresh"]["flagged_near_misses"]:
            print(f"{name} fresh missed: {', '.join(res['fresh']['missed']) or '-'}")
            print(f"{name} fresh flagged: {', '.join(res['fresh']['flagged_near_misses']) or '-'}")
        if res["unseen"]["missed"] or res["unseen"]["flagged_near_misses"]:
            print(f"{name} unseen missed: {', '.join(res['unseen']['missed']) or '-'}")
            print(
                f"{name} unseen flagged: {', '.join(res['unseen']['flagged_near_misses']) or '-'}"
            )
    print(
        f"\n{'throughput (MB/s)':<34}{'tool':<22}{'samples':>9}{'leaks':>9}{'swebench':>10}"
        f"{'swe flagged':>13}"
    )
    for name, res in tools.items():
        s = res["swebench"]
        print(
            f"{'':<34}{name:<22}{res['samples']['MB_per_s']:>9.2f}{res['leaks']['MB_per_s']:>9.2f}"
            f"{s['MB_per_s']:>10.2f}{s['outputs_flagged']:>7}/{s['outputs']}"
        )
    ours = tools.get("bastion", {}).get("swebench", {}).get("MB_per_s")
    for other in ("detect-secrets", "detect-secrets-adhoc", "credsweeper"):
        base = tools.get(other, {}).get("swebench", {}).get("MB_per_s")
        if base and ours:
            print(f"bastion / {other} throughput on swebench outputs: {ours / base:.1f}x")


if __name__ == "__main__":
    raise SystemExit(main())
