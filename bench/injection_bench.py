"""Benchmark the shipped injection model: TPR/FPR per dev corpus and latency per output size.

Usage: .venv/bin/python bench/injection_bench.py [--data /work/shared/data]
Writes bench/results/injection.json. Figures on the dev corpora are training data for the
shipped model (it trains on everything); the held-out figures are in the training report.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from bastion.detect.injection import assess, shipped_model  # noqa: E402

OUT = REPO / "bench/results/injection.json"
CORPORA = (
    "bipia-dev.jsonl.gz",
    "agentdojo-runs-dev.jsonl.gz",
    "swebench-verified-gemini3pro-dev.jsonl.gz",
)
SIZES = (1024, 4096, 16384, 65536)


def response_text(tool_response: Any) -> str:
    if isinstance(tool_response, str):
        return tool_response
    if isinstance(tool_response, list):
        return "\n".join(
            p.get("text", "") if isinstance(p, dict) else str(p) for p in tool_response
        )
    if isinstance(tool_response, dict):
        if "stdout" in tool_response or "stderr" in tool_response:
            err = tool_response.get("stderr") or ""
            return (tool_response.get("stdout") or "") + ("\n" + err if err else "")
        if isinstance(tool_response.get("file"), dict):
            return str(tool_response["file"].get("content", ""))
    return json.dumps(tool_response)


def outputs(path: Path) -> list[tuple[str, bool, str]]:
    """(text, is_injection, subset) of every PostToolUse that is scored."""
    label: dict[str, str] = {}
    reached: set[str] = set()
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            ev = json.loads(line)
            sid = ev["session_id"]
            if ev["hook_event_name"] == "SessionStart":
                label[sid] = ev["corpus"]["label"]
            if ev["hook_event_name"] != "PostToolUse" or ev["tool_name"] == "Edit":
                continue
            text = response_text(ev["tool_response"])
            if ev.get("expect_finding") == "prompt_injection":
                reached.add(sid)
                rows.append((text, True, "injection"))
            elif sid in reached:
                continue  # after the injection: unlabelled
            else:
                rows.append((text, False, "benign" if label[sid] == "benign" else "pre-injection"))
    return rows


def latency(texts: list[str], size: int, rounds: int = 1) -> dict[str, float]:
    rng = random.Random(size)
    samples = []
    pool = [t for t in texts if t]
    for _ in range(300):
        parts, n = [], 0
        while n < size:
            part = rng.choice(pool)
            parts.append(part)
            n += len(part) + 1
        samples.append("\n".join(parts)[:size])
    times = []
    for _ in range(rounds):
        for text in samples:
            started = time.perf_counter()
            assess(text)
            times.append(time.perf_counter() - started)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times) * 1000, 3),
        "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 3),
        "n": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    model = shipped_model()
    result: dict[str, Any] = {
        "model_sha256": model.sha256,
        "threshold": model.threshold,
        "python": platform.python_version(),
        "corpora": {},
        "latency": {},
    }
    all_texts: dict[str, list[str]] = {}
    for name in CORPORA:
        rows = outputs(args.data / name)
        corpus = name.removesuffix("-dev.jsonl.gz")
        all_texts[corpus] = [t for t, _, _ in rows]
        per: dict[str, Any] = {}
        for subset in ("injection", "benign", "pre-injection"):
            texts = [t for t, _, s in rows if s == subset]
            if not texts:
                continue
            flagged = sum(assess(t).is_injection for t in texts)
            key = "tpr" if subset == "injection" else "fpr"
            per[subset] = {"n": len(texts), key: round(flagged / len(texts), 4)}
        result["corpora"][corpus] = per
        print(corpus, json.dumps(per))
    for source, texts in (
        ("swebench (code, shell)", all_texts["swebench-verified-gemini3pro"]),
        ("agentdojo (yaml, e-mail)", all_texts["agentdojo-runs"]),
    ):
        for size in SIZES:
            figures = latency(texts, size)
            result["latency"][f"{source} {size} B"] = figures
            print(f"latency {source} {size:>6} B: {figures}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
