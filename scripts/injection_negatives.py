"""Benign tool outputs of the kinds coding agents read, drawn from this machine for training.

The injection model's false positives on unseen repositories were ordinary source files,
docstrings, FAQs, release notes and linter output: kinds the dev corpora hold only for the
eleven SWE-bench repositories. This module draws more of those kinds from what any Python
development machine has, so the model learns that second-person prose, "the following",
"print" and "response" in code and docs are not instructions to an agent:

- ``source``: Python files of the installed packages (``.venv`` site-packages);
- ``docs``: READMEs and long descriptions (``METADATA``), ``.rst``/``.md``/``.txt`` files;
- ``release-notes``: Debian changelogs and NEWS files, and upstream release notes
  (``/usr/share/doc``);
- ``json``: JSON files shipped in packages (schemas, data);
- ``lint``: ``ruff check`` output on installed packages (the linter's own messages).

Nothing is committed: the texts are third-party files under their own licences, read at
training time. Packages that are SWE-bench repositories (or vendor them) are left out, so the
out-of-fold SWE-bench estimate stays an estimate on code the model never saw, and so are
packages about language models or this project (their docs quote prompts on purpose).
Deterministic for a given set of installed files: sorted walks, a seeded sample; the
training report records how many texts of each kind were drawn and a digest of them.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# SWE-bench Verified repositories (and their import names): never used as extra negatives.
SWE_PACKAGES = frozenset(
    {
        "django",
        "sympy",
        "sphinx",
        "matplotlib",
        "mpl_toolkits",
        "sklearn",
        "scikit_learn",
        "astropy",
        "xarray",
        "pytest",
        "_pytest",
        "pylint",
        "requests",
        "seaborn",
    }
)
EXCLUDED_WORDS = ("bastion", "openai", "anthropic", "langchain", "llm", "prompt", "agent")
CHUNK_CHARS = 6000  # about what an agent's Read or cat shows of one file at a time
PER_GROUP = 24  # texts per package (or per doc directory), so no single package dominates
KINDS_LIMIT = {"source": 1800, "docs": 900, "release-notes": 700, "json": 250, "lint": 350}


def _excluded(name: str) -> bool:
    low = name.lower()
    head = low.split("-")[0].split(".")[0].replace("-", "_")
    return head in SWE_PACKAGES or any(word in low for word in EXCLUDED_WORDS)


def _chunks(text: str, rng: random.Random, n: int = 2) -> list[str]:
    """Up to ``n`` pieces of a file as a tool would show it: the start, and a random middle."""
    if len(text) <= CHUNK_CHARS:
        return [text] if text.strip() else []
    out = [text[:CHUNK_CHARS]]
    for _ in range(n - 1):
        at = rng.randrange(CHUNK_CHARS, max(len(text) - CHUNK_CHARS, CHUNK_CHARS + 1))
        start = text.rfind("\n", 0, at) + 1
        out.append(text[start : start + CHUNK_CHARS])
    return [c for c in out if c.strip()]


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        return raw[:400_000].decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
        return ""


def _site_packages() -> Path:
    return Path(next(p for p in sys.path if p.endswith("site-packages")))


def _packages(site: Path) -> list[Path]:
    return sorted(
        p
        for p in site.iterdir()
        if p.is_dir()
        and not p.name.endswith((".dist-info", ".libs", "__pycache__"))
        and not _excluded(p.name)
    )


def _by_group(
    groups: dict[str, list[Path]], kind: str, rng: random.Random
) -> Iterator[tuple[str, str, str]]:
    for group in sorted(groups):
        files = sorted(groups[group])
        rng.shuffle(files)
        taken = 0
        for path in files:
            for chunk in _chunks(_read(path), rng):
                yield chunk, kind, group
                taken += 1
            if taken >= PER_GROUP:
                break


def _source(site: Path, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    groups = {p.name: list(p.rglob("*.py"))[:2000] for p in _packages(site)}
    yield from _by_group({k: v for k, v in groups.items() if v}, "source", rng)


def _docs(site: Path, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    groups: dict[str, list[Path]] = {}
    for info in sorted(site.glob("*.dist-info")):
        if not _excluded(info.name):
            groups.setdefault(info.name.split("-")[0], []).append(info / "METADATA")
    for pkg in _packages(site):
        found = [
            p
            for ext in ("*.rst", "*.md", "*.txt")
            for p in pkg.rglob(ext)
            if "LICENSE" not in p.name.upper()
        ]
        if found:
            groups.setdefault(pkg.name, []).extend(found[:200])
    for doc in sorted(Path("/usr/share/doc").glob("*")):
        readmes = [p for p in doc.glob("README*") if p.is_file()]
        if readmes and not _excluded(doc.name):
            groups.setdefault("deb:" + doc.name, []).extend(readmes)
    yield from _by_group(groups, "docs", rng)


def _release_notes(rng: random.Random) -> Iterator[tuple[str, str, str]]:
    groups: dict[str, list[Path]] = {}
    for doc in sorted(Path("/usr/share/doc").glob("*")):
        if _excluded(doc.name) or not doc.is_dir():
            continue
        notes = [
            p
            for pattern in ("changelog*", "NEWS*", "RelNotes/*", "CHANGES*", "RELEASE*")
            for p in doc.glob(pattern)
            if p.is_file()
        ]
        if notes:
            groups[doc.name] = notes
    yield from _by_group(groups, "release-notes", rng)


def _json(site: Path, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    groups = {p.name: list(p.rglob("*.json"))[:200] for p in _packages(site)}
    yield from _by_group({k: v for k, v in groups.items() if v}, "json", rng)


def _lint(site: Path, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        return
    for pkg in _packages(site):
        files = sorted(pkg.rglob("*.py"))[:40]
        if not files:
            continue
        try:
            done = subprocess.run(
                [
                    str(ruff),
                    "check",
                    "--no-cache",
                    "--select",
                    "ALL",
                    "--output-format",
                    "concise",
                    "--isolated",
                    *map(str, files),
                ],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        text = done.stdout.replace(str(site) + "/", "")
        for chunk in _chunks(text, rng, 3):
            yield chunk, "lint", pkg.name


def benign_outputs(seed: int) -> list[tuple[str, str, str]]:
    """(text, kind, group) of benign tool outputs of each kind, deterministic for a seed."""
    site = _site_packages()
    out: list[tuple[str, str, str]] = []
    for kind, gen in (
        ("source", _source(site, random.Random(seed))),
        ("docs", _docs(site, random.Random(seed + 1))),
        ("release-notes", _release_notes(random.Random(seed + 2))),
        ("json", _json(site, random.Random(seed + 3))),
        ("lint", _lint(site, random.Random(seed + 4))),
    ):
        items = list(gen)
        random.Random(seed).shuffle(items)
        out += items[: KINDS_LIMIT[kind]]
    return out


def digest(items: list[tuple[str, str, str]]) -> str:
    h = hashlib.sha256()
    for text, kind, group in items:
        h.update(f"{kind}\0{group}\0{text}\0".encode())
    return h.hexdigest()


def held_out(group: str) -> bool:
    """A fixed quarter of the groups, never trained on, where the extra kinds are measured."""
    return hashlib.blake2b(group.encode(), digest_size=2).digest()[0] % 4 == 0


if __name__ == "__main__":
    from collections import Counter

    got = benign_outputs(20240613)
    print(Counter(k for _, k, _ in got), len({g for _, _, g in got}), "groups", digest(got))
