"""Text normalisation, tokens and per-window features shared by training and inference."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

# Tokens are lower-case letter runs cut to their first 7 letters: the cut is a crude stemmer
# ("instructions" and "instruction" meet) that costs nothing because the regex does it, and
# dropping digits and punctuation removes ids, line numbers and amounts that would otherwise
# be memorised from one corpus.
TOKEN_RE = re.compile(r"([a-z]{1,7})[a-z]*")
PREFIX_LEN = 7

# Placeholders for things that identify one attacker or one corpus (addresses, hosts, model
# names) rather than the shape of an injection. They are padded to the replaced length so
# that character offsets in the normalised text are offsets in the input.
URL_TOKEN = "xurl"
EMAIL_TOKEN = "xemail"
AI_NAME_TOKEN = "xai"

# Two patterns, each starting with a literal: `re` then skips ahead at C speed, where one
# alternation would be tried at every position.
_URL_RE = re.compile(r"https?://[^\s'\"<>)\]]+")
_WWW_RE = re.compile(r"www\.[^\s'\"<>)\]]+")
# Anchored on the literal "@" (fast); the local part is found by looking back in Python.
_EMAIL_DOMAIN_RE = re.compile(r"@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._+-")
_AI_NAME_RE = re.compile(
    r"\b(?:chatgpt|gpt-?[0-9][\w.-]*|gpt|claude(?:-[0-9][\w.-]*)?|gemini(?:-[0-9][\w.-]*)?|"
    r"llama-?[0-9]*|copilot|bard|mistral|openai|anthropic)\b"
)

# Substring checks run at C speed; the alternation above costs a full regex scan.
_AI_NAME_STEMS = (
    "gpt",
    "claude",
    "gemini",
    "llama",
    "copilot",
    "bard",
    "mistral",
    "openai",
    "anthropic",
)

WINDOW = 64  # tokens per scoring window; an injection is usually one paragraph
TRAIN_STRIDE = 32


def _pad(token: str, length: int) -> str:
    return token + " " * (length - len(token)) if length > len(token) else token


def normalise(text: str) -> str:
    """Lower-case `text` and mask URLs, e-mail addresses and AI model names, keeping offsets."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters grow when lower-cased (e.g. "İ"); keep offsets exact instead.
        lowered = "".join(ch.lower()[:1] or ch for ch in text)
    if "\\" in lowered:
        # JSON and YAML dumps escape newlines; "\\nafter" must read as "after"
        lowered = lowered.replace("\\n", "  ").replace("\\t", "  ").replace("\\r", "  ")
    if "://" in lowered:
        lowered = _URL_RE.sub(lambda m: _pad(URL_TOKEN, len(m.group())), lowered)
    if "www." in lowered:
        lowered = _WWW_RE.sub(lambda m: _pad(URL_TOKEN, len(m.group())), lowered)
    if "@" in lowered:
        lowered = _mask_emails(lowered)
    if any(stem in lowered for stem in _AI_NAME_STEMS):
        lowered = _AI_NAME_RE.sub(lambda m: _pad(AI_NAME_TOKEN, len(m.group())), lowered)
    return lowered


def _mask_emails(text: str) -> str:
    pieces: list[str] = []
    last = 0
    for match in _EMAIL_DOMAIN_RE.finditer(text):
        at = match.start()
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        if start == at or start < last:
            continue  # "@decorator.name" in code, not an address
        pieces.append(text[last:start])
        pieces.append(_pad(EMAIL_TOKEN, match.end() - start))
        last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def tokens(normalised: str) -> list[str]:
    """The model's tokens of an already normalised text."""
    return TOKEN_RE.findall(normalised)


def token_starts(normalised: str) -> list[int]:
    """Character offset of every token, in order (slower; only used when mapping spans)."""
    return [m.start() for m in TOKEN_RE.finditer(normalised)]


def token_spans(normalised: str) -> list[tuple[int, int]]:
    """Character span of every whole word behind each token, in order."""
    return [m.span() for m in TOKEN_RE.finditer(normalised)]


def unigram_key(token: str) -> str:
    return "u:" + token


def bigram_key(first: str, second: str) -> str:
    return "b:" + first + " " + second


def rule_key(name: str) -> str:
    return "h:" + name


def stem(word: str) -> str:
    """The token form of one word, for writing tables of anchor words."""
    return word.lower()[:PREFIX_LEN]


@dataclass(frozen=True, slots=True)
class Window:
    """One training window: its token range and its feature counts."""

    start: int
    end: int
    counts: Counter[str]


def window_features(
    toks: list[str], rule_positions: list[tuple[str, int]], stride: int = TRAIN_STRIDE
) -> Iterator[Window]:
    """Feature counts of each window, the same quantities the fast scorer sums.

    A window [s, s+WINDOW) holds the unigrams of tokens s..s+WINDOW-1, the bigrams ending at
    tokens s+1..s+WINDOW-1, and the rule hits whose token index falls inside it.
    """
    n = len(toks)
    starts = list(range(0, max(n - WINDOW, 0) + 1, stride))
    if n > WINDOW and starts[-1] != n - WINDOW:
        starts.append(n - WINDOW)
    for s in starts:
        e = min(s + WINDOW, n)
        counts: Counter[str] = Counter(unigram_key(t) for t in toks[s:e])
        counts.update(bigram_key(toks[i - 1], toks[i]) for i in range(s + 1, e))
        counts.update(rule_key(name) for name, pos in rule_positions if s <= pos < e)
        yield Window(s, e, counts)
