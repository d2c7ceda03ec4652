"""Neutralise what a person cannot see in a tool's description, and say what was there.

A tool description is text the model reads as guidance and a person rarely reads at all,
which makes it the place to hide orders: Unicode tag characters (U+E0000-E007F, invisible
ASCII), bidirectional controls that reorder what is shown, zero-width characters and ANSI
escape sequences that hide or repaint text in a terminal. ``neutralise`` removes them and
reports each class found; ``instructions_in`` asks the injection detector
(``detect/injection``, the one the observation stage uses) whether the visible text gives
the agent orders. Tag characters are decoded in the report, since what they spell is the
evidence a person needs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_TAGS = re.compile("[\U000e0000-\U000e007f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
# CSI, OSC (to BEL or ST), and lone two-byte escapes; C1 CSI (U+009B) too.
_ANSI = re.compile(
    r"(?:\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_])"
)
_OTHER_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Neutralised:
    """Text with hidden characters removed, and what was removed (class -> count)."""

    text: str
    removed: dict[str, int] = field(default_factory=dict)
    hidden_text: str = ""  # what tag characters spelled, decoded

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def neutralise(text: str) -> Neutralised:
    """``text`` without tag, bidi, zero-width, ANSI and other control characters."""
    removed: dict[str, int] = {}
    tags = _TAGS.findall(text)
    hidden = "".join(chr(ord(c) - 0xE0000) for c in tags if 0x20 <= ord(c) - 0xE0000 < 0x7F)
    for name, pattern in (
        ("unicode-tags", _TAGS),
        ("ansi-escape", _ANSI),
        ("bidi-control", _BIDI),
        ("zero-width", _ZERO_WIDTH),
        ("control-character", _OTHER_CONTROL),
    ):
        text, count = pattern.subn("", text)
        if count:
            removed[name] = count
    # Compatibility forms (full-width letters, ligatures) read as ASCII to the model; keep
    # the text as shown but note the difference, so a reviewer sees it.
    if unicodedata.normalize("NFKC", text) != text and not text.isascii():
        removed.setdefault("compatibility-forms", 0)
    return Neutralised(text, removed, hidden)


@dataclass(frozen=True)
class Instructions:
    """The injection detector's view of a description."""

    found: bool
    confirmed: bool
    score: float
    signals: tuple[str, ...]


def instructions_in(text: str) -> Instructions:
    """Whether a description holds orders aimed at the agent (detect/injection)."""
    from bastion.detect import injection

    if not text.strip():
        return Instructions(False, False, 0.0, ())
    result = injection.assess(text)
    return Instructions(
        bool(result.is_injection), bool(result.confirmed), float(result.score),
        tuple(result.signals),
    )  # fmt: skip
