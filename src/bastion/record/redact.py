"""Redaction and bounds for what goes into the record: secrets out, long strings cut
visibly, NUL and lone surrogates escaped. Nothing is written before it passed here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from bastion.core.state import Fingerprints
from bastion.detect.secrets import scan as scan_secrets

__all__ = [
    "MAX_RECORDED_STRING",
    "Redactor",
    "bounded",
]

# A single recorded string longer than this keeps its head and tail around a marker that
# says how much was cut and the SHA-256 of the whole, so the cut is never silent.
MAX_RECORDED_STRING = 256 * 1024

# Around each cut of a long string, this much more is scanned for secrets: a secret that
# straddles the cut is found whole, and the cut moves to its start (or end), so no part of
# it is kept. Longer than any secret the rules know (a PEM private key is a few KiB).
CUT_MARGIN = 64 * 1024


class Redactor:
    """Redaction for one recorded event: scan its strings once, then reuse what was found.

    ``scan`` runs the secret rules over every string of the event and also replaces bytes
    of secrets the session has seen before (fingerprints), in any encoding, even when no
    rule knows their format (a database password read from ``.env``). What is written
    alongside (verdict, facts, findings, state) is derived from the event, so ``known``
    replaces the values found there and the fingerprinted bytes, without a second scan.
    """

    MIN_SECRET = 8

    def __init__(self, fingerprints: Fingerprints | None) -> None:
        self.fingerprints = fingerprints if fingerprints is not None and len(fingerprints) else None
        self.found: dict[str, str] = {}

    # Joins the strings of one event for a single scanner pass; no rule matches across it.
    SEPARATOR = "\n\x00\n"

    def scan(self, value: Any) -> Any:
        """Redact an event: one scanner pass over all its strings, then replace what was found."""
        strings: list[str] = []
        _collect_strings(value, strings, self.MIN_SECRET)
        return self.scan_collected(value, strings)

    def scan_collected(self, value: Any, strings: list[str]) -> Any:
        """``scan`` for a value whose strings the caller already gathered."""
        strings = [s for s in strings if len(s) >= self.MIN_SECRET]
        if strings:
            joined = self.SEPARATOR.join(strings)
            for match in scan_secrets(joined):
                secret = joined[match.start : match.end]
                if self.SEPARATOR not in secret:
                    self.found.setdefault(secret, match.preview(joined))
        return self.known(value)

    def known(self, value: Any) -> Any:
        if not self.found and self.fingerprints is None:
            return value  # nothing to replace: no need to walk the structure
        return self._known(value)

    def _known(self, value: Any) -> Any:
        if isinstance(value, str):
            if len(value) < self.MIN_SECRET:
                return value
            return self._replace(self._fingerprinted(value))
        if isinstance(value, dict):
            # A secret can be a key as well as a value (a token used as a map key).
            out: dict[Any, Any] = {}
            for k, v in value.items():
                key = self._known(k) if isinstance(k, str) else k
                while key in out:  # two keys that redact alike must both survive
                    key = f"{key}#"
                out[key] = self._known(v)
            return out
        if isinstance(value, list):
            return [self._known(v) for v in value]
        return value

    def _replace(self, text: str) -> str:
        for secret, preview in self.found.items():
            if secret in text:
                text = text.replace(secret, preview)
        return text

    def _fingerprinted(self, text: str) -> str:
        if self.fingerprints is None:
            return text
        hits = sorted(self.fingerprints.find_in(text), key=lambda h: h.start)
        if not hits:
            return text
        out, last = [], 0
        for hit in hits:
            start, end = _widen_to_token(text, hit.start, hit.end)
            if start < last:
                start = last
            if end <= start:
                continue
            out.append(text[last:start])
            out.append(f"[REDACTED {hit.kind}]")
            last = end
        out.append(text[last:])
        return "".join(out)


# Characters a secret value is made of; a fingerprint hit is widened over them on both sides.
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/%~.")


def _widen_to_token(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a fingerprint hit to the whole token it sits in.

    Fingerprints match 12-character windows chosen by content, so a hit can start a few
    characters into the value and stop a few before its end; replacing only the hit would
    keep the value's first and last characters in the record (``p[REDACTED dotenv]ng``).
    Separators (``=``, ``:``, ``@``, quotes, spaces) stop the growth, so a key name or a
    URL's host stays readable.
    """
    while start > 0 and text[start - 1] in _TOKEN_CHARS:
        start -= 1
    while end < len(text) and text[end] in _TOKEN_CHARS:
        end += 1
    return start, end


def _collect_strings(value: Any, out: list[str], min_length: int) -> None:
    if isinstance(value, str):
        if len(value) >= min_length:
            out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _collect_strings(k, out, min_length)
            _collect_strings(v, out, min_length)
    elif isinstance(value, list):
        for v in value:
            _collect_strings(v, out, min_length)


def _cut(value: str, strings: list[str] | None) -> str:
    """Head and tail of a long string around the marker; neither keeps part of a secret."""
    keep = MAX_RECORDED_STRING // 2
    head_window = value[: keep + CUT_MARGIN]
    tail_window = value[-(keep + CUT_MARGIN) :]
    head_end = _clear_cut(head_window, keep)
    tail_start = len(value) - (len(tail_window) - _clear_cut(tail_window, CUT_MARGIN, tail=True))
    if strings is not None:
        strings.extend((head_window, tail_window))
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return (
        value[:head_end] + f"\n[... {tail_start - head_end} characters cut by Bastion; original "
        f"{len(value)} characters, sha256 {digest} ...]\n" + value[tail_start:]
    )


def _clear_cut(window: str, at: int, *, tail: bool = False) -> int:
    """A cut position near ``at`` that no secret crosses: a secret the rules find across it
    moves the cut to the secret's start (head) or end (tail), and the cut then steps to a
    separator, so a token only a fingerprint knows is kept whole or not at all."""
    for match in scan_secrets(window[max(0, at - CUT_MARGIN) : at + CUT_MARGIN]):
        start, end = match.start + max(0, at - CUT_MARGIN), match.end + max(0, at - CUT_MARGIN)
        if start < at < end:
            at = end if tail else start
    limit = 4096  # a token longer than this is no secret a fingerprint follows
    if tail:
        stop = min(len(window), at + limit)
        while at < stop and at > 0 and window[at - 1] in _TOKEN_CHARS:
            at += 1
    else:
        stop = max(0, at - limit)
        while at > stop and at < len(window) and window[at] in _TOKEN_CHARS:
            at -= 1
    return at


def _storable(text: str) -> str:
    """NUL and lone surrogates cannot be stored as JSON text everywhere (PostgreSQL refuses
    them); they become visible escapes (a backslash, ``u0000`` / ``ud800``), never dropped."""
    if "\x00" in text:
        text = text.replace("\x00", "\\u0000")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def bounded(value: Any, strings: list[str] | None = None) -> Any:
    """Cut very long strings explicitly (marker, original size, SHA-256), never silently;
    keep NUL and lone surrogates as visible escapes. ``strings`` gathers what is to be
    scanned for secrets: a string as it is, or of a long one what is kept of it and
    `CUT_MARGIN` around each cut, so redacting a 50 MB output scans about 0.5 MB of it."""
    if isinstance(value, str):
        if len(value) <= MAX_RECORDED_STRING:
            if strings is not None:
                strings.append(value)
            if value.isascii() and "\x00" not in value:
                return value
            value = _storable(value)
            if len(value) <= MAX_RECORDED_STRING:
                return value
        value = _storable(value)
        if len(value) <= MAX_RECORDED_STRING:
            if strings is not None:
                strings.append(value)
            return value
        return _cut(value, strings)
    if isinstance(value, dict):
        if strings is not None:
            # Keys are scanned too: a secret used as a JSON object key is still a secret.
            strings.extend(k for k in value if isinstance(k, str))
        return {k: bounded(v, strings) for k, v in value.items()}
    if isinstance(value, list):
        return [bounded(v, strings) for v in value]
    return value
