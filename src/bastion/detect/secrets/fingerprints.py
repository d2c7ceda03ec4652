"""Keyed fingerprints of secret values, to recognise them later (whole, encoded or in pieces).

A session that read a credential must be able to tell when bytes of that credential leave in a
later tool call, even base64-encoded, hex-encoded, URL-encoded or cut into parts. The set keeps
only keyed BLAKE2b digests (RFC 7693, keyed mode; 8-byte outputs) of the value, of its encodings
and of 12-character fragments of each; never a value. The key is per session, so digests cannot
be compared across sessions or brute-forced without it.

Fragments are chosen by content, not by offset ("anchors"): a window is fingerprinted when its
first character is an anchor character (about a third of the alphabet). Text is scanned the same
way, so a fragment is found wherever it sits, while only a third of the text positions are
hashed. Base64 of a secret embedded at an arbitrary offset depends on the offset mod 3, so each
of the three alignments is encoded and only the characters that depend on the secret alone are
kept.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bastion.detect.secrets._checks import shannon_entropy

WINDOW = 12
MIN_SECRET = 6
# Fragments this low in entropy ("aaaaaaaaaaaa", "000000000000") would match filler text.
_MIN_FRAGMENT_ENTROPY = 2.5
# printable ASCII except space, quotes and backslash: what a secret and its encodings consist of
_TOKEN = r"!#-&(-\[\]-~"
_ANCHOR = "".join(ch for ch in map(chr, range(33, 127)) if ord(ch) % 3 == 0)
_ANCHOR_CLASS = "[" + re.escape(_ANCHOR) + "]"
_WINDOWS = re.compile(rf"(?=({_ANCHOR_CLASS}[{_TOKEN}]{{{WINDOW - 1}}}))")
_TOKENS = re.compile(rf"[{_TOKEN}]+")
_STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class FlowHit:
    """A known secret seen in a text: which one (id and kind, never the value) and where."""

    fingerprint_id: str
    kind: str
    encoding: str  # raw | base64 | base64url | hex | url
    start: int
    end: int
    complete: bool  # every fragment of that encoding was seen (the whole secret is there)


@dataclass(slots=True)
class _Secret:
    fid: str
    kind: str
    encodings: list[str]
    fragments: list[int]  # fragment count per encoding
    lengths: list[int]  # length of each encoded form


def _b64_cores(raw: bytes, alphabet: str) -> Iterator[str]:
    """Base64 of `raw` at offsets 0, 1 and 2 mod 3, cut to the chars that depend on `raw` alone."""
    for pad in range(3):
        enc = base64.b64encode(b"\0" * pad + raw).decode("ascii")
        if alphabet == "url":
            enc = enc.replace("+", "-").replace("/", "_")
        skip = (0, 2, 3)[pad]
        full = ((pad + len(raw)) // 3) * 4
        yield enc[skip:full]


def _encodings(value: str) -> list[tuple[str, str]]:
    raw = value.encode("utf-8")
    forms: list[tuple[str, str]] = [("raw", value)]
    forms += [("base64", core) for core in _b64_cores(raw, "std")]
    # base64url differs from base64 only where the standard form has + or /
    std = [core for _, core in forms[1:]]
    forms += [("base64url", core) for core in _b64_cores(raw, "url") if core not in std]
    hexed = raw.hex()
    forms += [("hex", hexed), ("hex", hexed.upper())]
    quoted = quote(value, safe="")
    if quoted != value:
        forms.append(("url", quoted))
    seen: set[str] = set()
    out = []
    for name, form in forms:
        if form and form not in seen:
            seen.add(form)
            out.append((name, form))
    return out


class FingerprintSet:
    """Keyed fingerprints of the secrets seen in one session; holds no secret value."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("FingerprintSet needs a random key of at least 16 bytes")
        self._base = hashlib.blake2b(key=key[:64], digest_size=8)
        self._secrets: list[_Secret] = []
        self._ids: dict[str, int] = {}
        # digest -> (secret index, encoding index, offset of the fragment in the encoded form)
        self._fragments: dict[bytes, tuple[int, int, int]] = {}
        # short encodings (< WINDOW) are matched as whole tokens: digest -> (secret, encoding)
        self._short: dict[bytes, tuple[int, int]] = {}
        self._short_lengths: set[int] = set()

    def _digest(self, text: str) -> bytes:
        h = self._base.copy()
        h.update(text.encode("utf-8"))
        return h.digest()

    def add_secret(self, value: str, kind: str) -> None:
        """Remember `value` (and its encodings and fragments) as a secret of `kind`."""
        if len(value) < MIN_SECRET:
            return
        fid = self._digest("id\0" + value).hex()
        if fid in self._ids:
            return
        index = len(self._secrets)
        secret = _Secret(fid=fid, kind=kind, encodings=[], fragments=[], lengths=[])
        for name, form in _encodings(value):
            enc_index = len(secret.encodings)
            count = 0
            if len(form) < WINDOW:
                self._short[self._digest(form)] = (index, enc_index)
                self._short_lengths.add(len(form))
            else:
                for m in _WINDOWS.finditer(form):
                    frag = m.group(1)
                    if shannon_entropy(frag) < _MIN_FRAGMENT_ENTROPY:
                        continue
                    ref = (index, enc_index, m.start())
                    self._fragments.setdefault(self._digest(frag), ref)
                    count += 1
                if count == 0:  # no anchor char or all filler: fall back to the whole form
                    self._short[self._digest(form)] = (index, enc_index)
                    self._short_lengths.add(len(form))
            secret.encodings.append(name)
            secret.fragments.append(count)
            secret.lengths.append(len(form))
        self._ids[fid] = index
        self._secrets.append(secret)

    def __len__(self) -> int:
        return len(self._secrets)

    def find_in(self, text: str) -> list[FlowHit]:
        """Known secrets present in `text` in any tracked encoding, whole or as fragments."""
        if not self._secrets or not text:
            return []
        # (secret, encoding) -> distinct fragment digests seen, and the span they cover
        digests: dict[tuple[int, int], set[bytes]] = {}
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        whole: set[tuple[int, int]] = set()
        form_starts: dict[tuple[int, int], int] = {}

        def cover(ref: tuple[int, int], start: int, end: int) -> None:
            old = spans.get(ref)
            spans[ref] = (start, end) if old is None else (min(old[0], start), max(old[1], end))

        if self._fragments:
            for m in _WINDOWS.finditer(text):
                d = self._digest(m.group(1))
                hit = self._fragments.get(d)
                if hit is None:
                    continue
                si, ei, offset = hit
                digests.setdefault((si, ei), set()).add(d)
                cover((si, ei), m.start(), m.start() + WINDOW)
                form_starts.setdefault((si, ei), m.start() - offset)
        if self._short:
            for m in _TOKENS.finditer(text):
                tok = m.group(0)
                if len(tok) in self._short_lengths:
                    ref = self._short.get(self._digest(tok))
                    if ref is not None:
                        whole.add(ref)
                        cover(ref, m.start(), m.end())
        hits: list[FlowHit] = []
        for ref, (start, end) in spans.items():
            si, ei = ref
            secret = self._secrets[si]
            complete = ref in whole or len(digests.get(ref, ())) >= secret.fragments[ei]
            if complete and ref not in whole:
                # every fragment is there: report the whole encoded form, not just the windows
                form_start = form_starts.get(ref)
                if form_start is not None:
                    start = min(start, form_start)
                    end = max(end, form_start + secret.lengths[ei])
            hits.append(
                FlowHit(
                    fingerprint_id=secret.fid,
                    kind=secret.kind,
                    encoding=secret.encodings[ei],
                    start=max(0, start),
                    end=min(len(text), end),
                    complete=complete,
                )
            )
        hits.sort(key=lambda h: (h.start, h.fingerprint_id))
        return hits

    def to_state(self) -> dict[str, Any]:
        """JSON-serialisable state: digests and metadata only (the key is not included)."""
        return {
            "version": _STATE_VERSION,
            "window": WINDOW,
            "secrets": [
                {
                    "id": s.fid,
                    "kind": s.kind,
                    "encodings": s.encodings,
                    "fragments": s.fragments,
                    "lengths": s.lengths,
                }
                for s in self._secrets
            ],
            "fragments": {d.hex(): list(ref) for d, ref in self._fragments.items()},
            "short": {d.hex(): list(ref) for d, ref in self._short.items()},
            "short_lengths": sorted(self._short_lengths),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], key: bytes) -> FingerprintSet:
        """Rebuild a set saved by `to_state`; `key` must be the key it was built with."""
        if state.get("version") != _STATE_VERSION or state.get("window") != WINDOW:
            raise ValueError(
                "fingerprint state has another version or window size; start a new session set"
            )
        fs = cls(key)
        for s in state["secrets"]:
            fs._ids[s["id"]] = len(fs._secrets)
            fs._secrets.append(
                _Secret(s["id"], s["kind"], list(s["encodings"]), s["fragments"], s["lengths"])
            )
        fs._fragments = {
            bytes.fromhex(d): (r[0], r[1], r[2]) for d, r in state["fragments"].items()
        }
        fs._short = {bytes.fromhex(d): (r[0], r[1]) for d, r in state["short"].items()}
        fs._short_lengths = set(state["short_lengths"])
        return fs
