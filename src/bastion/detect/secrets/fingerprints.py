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

Speed: hashing every anchor window in Python runs at ~2 MB/s, too slow for the egress proxy,
which holds a request body until it is scanned. A set that learnt its secrets in this process
(``add_secret``) therefore also keeps, in memory only, an Aho-Corasick automaton
(``ahocorasick-rs``, Rust, compiled to a DFA over bytes; ~0.5 GB/s where pyahocorasick made
40 MB/s) of the very strings it fingerprinted: one pass finds every window and whole token
the hashed scan would find, and each match is looked up by its digest, so the result is the
same hit for hit (``tests/unit/test_secrets_fingerprints.py`` checks both ways agree).
The automaton never leaves the process: ``to_state`` saves digests only, and a set rebuilt
by ``from_state`` (after a daemon restart) has no strings and scans the slow way.
``scanner()`` scans a stream chunk by chunk (a pattern split across chunks is found).
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
from bastion.detect.secrets.fleetprint import FleetPrintKey, FleetPrintRing

_acrs: Any
try:  # a declared dependency; without it every scan takes the hashed (slow) path
    import ahocorasick_rs as _acrs
except ImportError:  # pragma: no cover
    _acrs = None

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
# The same class as bytes (every fingerprinted string is made of these ASCII characters).
_TOKEN_BYTES = frozenset(b for b in range(33, 127) if b not in b"\"'\\")
_TOKEN_ONLY = re.compile(rf"[{_TOKEN}]+\Z")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
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
    # under each fleet key the set held (`fleetprint`), the session's epoch first
    fleet_fingerprints: tuple[str, ...] = ()


@dataclass(slots=True)
class _Secret:
    fid: str
    kind: str
    encodings: list[str]
    fragments: list[int]  # fragment count per encoding
    lengths: list[int]  # length of each encoded form
    fleet: tuple[str, ...] = ()  # the value's fleet fingerprints, one per fleet key held


def _fleet_prints(saved: object) -> tuple[str, ...]:
    """A saved secret's fleet fingerprints: a list (round 12) or one string (before)."""
    if isinstance(saved, str):
        return (saved,) if saved else ()
    if isinstance(saved, list):
        return tuple(str(p) for p in saved if p)
    return ()


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
        # In memory only, never saved: the strings behind the digests above, for the
        # automaton; None for a set rebuilt from saved state (it scans the hashed way).
        self._plain: dict[str, list[tuple[bool, bytes]]] | None = {}
        self._automaton: _Automaton | None = None
        self._plain_version = 0  # bumped by every string added: a stale automaton is rebuilt
        # The fleet's fingerprint key (an enrolled device's): each secret learnt from now on
        # also gets a fingerprint comparable across machines (`fleetprint`); None: not enrolled.
        self.fleet: FleetPrintKey | None = None
        # Round 12: the other fleet keys the device holds within the rotation overlap
        # (`FleetPrintRing`); each secret gets a fingerprint under every one of them too.
        self.fleet_also: tuple[FleetPrintKey, ...] = ()
        # The epoch a restored set was started in (saved in its state): kept on reopening.
        self.fleet_epoch = ""

    def use_fleet(self, keys: FleetPrintKey | FleetPrintRing | None) -> None:
        """Take the device's fleet keys at a session's (re)opening: the session keeps the
        epoch it started with when the device still holds that key, else the current."""
        if keys is None:
            self.fleet, self.fleet_also = None, ()
            return
        held = keys.held() if isinstance(keys, FleetPrintRing) else (keys,)
        mine = (
            next((k for k in held if k.key_id == self.fleet_epoch), None)
            if self.fleet_epoch
            else None
        )
        self.fleet = mine or held[0]
        self.fleet_also = tuple(k for k in held if k != self.fleet)
        self.fleet_epoch = self.fleet.key_id

    def _digest(self, text: str) -> bytes:
        h = self._base.copy()
        h.update(text.encode("utf-8"))
        return h.digest()

    def add_secret(self, value: str, kind: str) -> None:
        """Remember `value` (and its encodings and fragments) as a secret of `kind`.

        The proxy may be scanning with this set on another thread meanwhile: the secret is
        worked out first and published after, the secret before the digests that point
        at it, so a scan sees the whole secret or none of it."""
        if len(value) < MIN_SECRET:
            return
        fid = self._digest("id\0" + value).hex()
        if fid in self._ids:
            return
        index = len(self._secrets)
        fleet = tuple(
            k.fingerprint(value) for k in ((self.fleet,) if self.fleet else ()) + self.fleet_also
        )
        secret = _Secret(fid=fid, kind=kind, encodings=[], fragments=[], lengths=[], fleet=fleet)
        fragments: list[tuple[bytes, tuple[int, int, int], str]] = []
        shorts: list[tuple[bytes, tuple[int, int], str]] = []
        for name, form in _encodings(value):
            enc_index = len(secret.encodings)
            count = 0
            if len(form) < WINDOW:
                shorts.append((self._digest(form), (index, enc_index), form))
            else:
                for m in _WINDOWS.finditer(form):
                    frag = m.group(1)
                    if shannon_entropy(frag) < _MIN_FRAGMENT_ENTROPY:
                        continue
                    fragments.append((self._digest(frag), (index, enc_index, m.start()), frag))
                    count += 1
                if count == 0:  # no anchor char or all filler: fall back to the whole form
                    shorts.append((self._digest(form), (index, enc_index), form))
            secret.encodings.append(name)
            secret.fragments.append(count)
            secret.lengths.append(len(form))
        self._secrets.append(secret)
        self._ids[fid] = index
        for digest, ref, frag in fragments:
            self._fragments.setdefault(digest, ref)
            self._remember(frag, False, digest)
        for digest, short_ref, form in shorts:
            self._short[digest] = short_ref
            self._short_lengths.add(len(form))
            self._remember(form, True, digest)

    def __len__(self) -> int:
        return len(self._secrets)

    def _remember(self, text: str, whole: bool, digest: bytes) -> None:
        """Keep (in memory) a string the automaton must find, and which digest it is.
        A whole-token form with a character no token has can never match as a token (the
        hashed scan splits there), so the automaton leaves it out too."""
        if self._plain is None or (whole and not _TOKEN_ONLY.match(text)):
            return
        self._plain.setdefault(text, []).append((whole, digest))
        self._plain_version += 1

    def _matcher(self) -> _Automaton | None:
        """The automaton of every fingerprinted string, or None (no strings, or no library)."""
        made = self._automaton
        if made is not None and made.version == self._plain_version:
            return made
        if not self._plain or _acrs is None:
            return None
        # A snapshot: the engine may add a secret meanwhile; the version says so next time.
        version = self._plain_version
        items = [(text, tuple(refs)) for text, refs in list(self._plain.items())]
        made = _Automaton(
            _acrs.BytesAhoCorasick(
                [text.encode("ascii") for text, _ in items],
                implementation=_acrs.Implementation.DFA,
            ),
            [(len(text), refs) for text, refs in items],
            version,
        )
        self._automaton = made
        return made

    @property
    def has_whole_tokens(self) -> bool:
        """Whether some encoding is matched only as a whole token (short, or no fragment)."""
        return bool(self._short)

    @property
    def fast(self) -> bool:
        """Whether scans use the automaton (the set learnt its secrets in this process)."""
        return bool(self._secrets) and self._matcher() is not None

    def find_in(self, text: str) -> list[FlowHit]:
        """Known secrets present in `text` in any tracked encoding, whole or as fragments."""
        if not self._secrets or not text:
            return []
        scan = self.scanner()
        # One byte per character: a non-ASCII character is never part of a token or of a
        # fingerprinted string, and a space is neither, so offsets and matches stay the same.
        data = text if text.isascii() else _NOT_ASCII.sub(" ", text)
        scan.feed(data.encode("ascii"))
        return scan.hits()

    def scanner(self) -> StreamScan:
        """A scan of bytes fed chunk by chunk (``feed``; a byte is one latin-1 character),
        with the same hits as ``find_in`` on the chunks joined: windows and tokens that
        straddle two chunks are found."""
        return StreamScan(self)

    def _scan_hashed(self, text: str, found: _Found) -> None:
        """The reference scan: a keyed hash of every anchor window and of whole tokens."""
        if self._fragments:
            for m in _WINDOWS.finditer(text):
                d = self._digest(m.group(1))
                if d in self._fragments:
                    found.fragment(d, m.start())
        if self._short:
            for m in _TOKENS.finditer(text):
                tok = m.group(0)
                if len(tok) in self._short_lengths:
                    d = self._digest(tok)
                    if d in self._short:
                        found.whole(d, m.start(), m.end())

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
                | ({"fleet": list(s.fleet)} if s.fleet else {})
                for s in self._secrets
            ],
            "fragments": {d.hex(): list(ref) for d, ref in self._fragments.items()},
            "short": {d.hex(): list(ref) for d, ref in self._short.items()},
            "short_lengths": sorted(self._short_lengths),
        } | ({"fleet_epoch": self.fleet_epoch} if self.fleet_epoch else {})

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
                _Secret(
                    s["id"],
                    s["kind"],
                    list(s["encodings"]),
                    s["fragments"],
                    s["lengths"],
                    _fleet_prints(s.get("fleet")),
                )
            )
        fs._fragments = {
            bytes.fromhex(d): (r[0], r[1], r[2]) for d, r in state["fragments"].items()
        }
        fs._short = {bytes.fromhex(d): (r[0], r[1]) for d, r in state["short"].items()}
        fs._short_lengths = set(state["short_lengths"])
        fs.fleet_epoch = str(state.get("fleet_epoch") or "")
        fs._plain = None  # no strings were saved: this set scans the hashed way
        return fs


class _Found:
    """What a scan matched, by digest, and the hits that follow (shared by both scans)."""

    def __init__(self, fs: FingerprintSet) -> None:
        self.fs = fs
        # (secret, encoding) -> distinct fragment digests seen, and the span they cover
        self.digests: dict[tuple[int, int], set[bytes]] = {}
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}
        self.wholes: set[tuple[int, int]] = set()
        self.form_starts: dict[tuple[int, int], int] = {}

    def _cover(self, ref: tuple[int, int], start: int, end: int) -> None:
        old = self.spans.get(ref)
        self.spans[ref] = (start, end) if old is None else (min(old[0], start), max(old[1], end))

    def fragment(self, digest: bytes, start: int) -> None:
        si, ei, offset = self.fs._fragments[digest]
        self.digests.setdefault((si, ei), set()).add(digest)
        self._cover((si, ei), start, start + WINDOW)
        self.form_starts.setdefault((si, ei), start - offset)

    def whole(self, digest: bytes, start: int, end: int) -> None:
        ref = self.fs._short[digest]
        self.wholes.add(ref)
        self._cover(ref, start, end)

    def hits(self, length: int) -> list[FlowHit]:
        hits: list[FlowHit] = []
        for ref, (start, end) in self.spans.items():
            si, ei = ref
            secret = self.fs._secrets[si]
            complete = ref in self.wholes or len(self.digests.get(ref, ())) >= secret.fragments[ei]
            if complete and ref not in self.wholes:
                # every fragment is there: report the whole encoded form, not just the windows
                form_start = self.form_starts.get(ref)
                if form_start is not None:
                    start = min(start, form_start)
                    end = max(end, form_start + secret.lengths[ei])
            hits.append(
                FlowHit(
                    fingerprint_id=secret.fid,
                    kind=secret.kind,
                    encoding=secret.encodings[ei],
                    start=max(0, start),
                    end=min(length, end),
                    complete=complete,
                    fleet_fingerprints=secret.fleet,
                )
            )
        hits.sort(key=lambda h: (h.start, h.fingerprint_id))
        return hits


@dataclass(frozen=True, slots=True)
class _Automaton:
    matcher: Any  # ahocorasick_rs.BytesAhoCorasick
    patterns: list[tuple[int, tuple[tuple[bool, bytes], ...]]]  # length, (whole?, digest)s
    version: int  # of the strings it was built from

    @property
    def longest(self) -> int:
        return max((n for n, _ in self.patterns), default=0)


class StreamScan:
    """One scan of a byte stream fed in chunks (``FingerprintSet.scanner``).

    With the automaton, each chunk is scanned together with the end of the one before (as
    long as the longest string), and only matches that reach into the new chunk count: a
    window split across two chunks is found once. A whole-token match that ends a chunk
    waits for the next chunk's first byte to know that the token ends there. Without the
    automaton (a set rebuilt from saved state) the chunks are kept and scanned the hashed
    way at the end.
    """

    def __init__(self, fs: FingerprintSet) -> None:
        self.fs = fs
        self.found = _Found(fs)
        self.length = 0
        self._automaton = fs._matcher() if fs._secrets else None
        self._keep = self._automaton.longest if self._automaton is not None else 0
        self._kept: list[bytes] = []
        self._tail = b""  # the end of what was fed, scanned again with the next chunk
        self._waiting: list[tuple[bytes, int, int]] = []  # whole tokens ending a chunk

    def feed(self, data: bytes) -> None:
        if not data or not self.fs._secrets:
            return
        if self._automaton is None:
            self._kept.append(bytes(data))
            self.length += len(data)
            return
        if self._waiting:  # does the token go on into this chunk?
            if data[0] not in _TOKEN_BYTES:
                for digest, start, end in self._waiting:
                    self.found.whole(digest, start, end)
            self._waiting = []
        tail = self._tail
        buf = tail + data if tail else bytes(data)
        base = self.length - len(tail)  # the stream offset of buf[0]
        self.length += len(data)
        seen = len(tail)
        patterns = self._automaton.patterns
        for index, start, end in self._automaton.matcher.find_matches_as_indexes(
            buf, overlapping=True
        ):
            if end <= seen:
                continue  # found with the chunk before
            for whole, digest in patterns[index][1]:
                if not whole:
                    self.found.fragment(digest, base + start)
                    continue
                if start > 0 and buf[start - 1] in _TOKEN_BYTES:
                    continue  # base > 0 implies start > 0: the tail is longer than a pattern
                if end == len(buf):
                    self._waiting.append((digest, base + start, base + end))
                elif buf[end] not in _TOKEN_BYTES:
                    self.found.whole(digest, base + start, base + end)
        self._tail = buf[-self._keep :] if self._keep else b""

    def hits(self) -> list[FlowHit]:
        """Every known secret in what was fed (call once, after the last chunk)."""
        if self._kept:
            self.fs._scan_hashed(b"".join(self._kept).decode("latin-1"), self.found)
            self._kept = []
        for digest, start, end in self._waiting:
            self.found.whole(digest, start, end)
        self._waiting = []
        return self.found.hits(self.length)
