"""Values an untrusted text holds in a transformed spelling, decoded for provenance.

Content that wants to choose a target without being traced writes the value so that the
agent, not a filter, reassembles it: ``m dot kessler at audit-ledger dot io``,
``https&#58;&#47;&#47;hooks&#46;x&#46;test``, full-width letters, an address in rot13, an
account number "written reversed for safety", an IP address in words. The agent copies the
decoded value into its call; provenance must find it where it came from.

``decoded_lines`` returns each line of the text whose decoded form holds a value (an
address, a link, an IP address, a long number) the plain line did not. The decoded lines
are kept as the output's *hidden* text: a value found only there is judged as prose (it was
put there by the writer, never a record's own field). Each transform is a general one
(HTML/URL escapes, Unicode compatibility forms, spelled separators, rot13, reversed digit
runs, whole lines reversed, hex bytes, numbers in words); none keys on a phrase, host or data set.

Written here rather than taken from a library: ``html.unescape``, ``urllib.parse.unquote``
and ``unicodedata.normalize`` do the escapes; no library decodes spelled separators, numbers
written in words as dotted groups ("one-ninety-eight dot fifty-one"), or reversed digits, and
the cost must stay in microseconds per output (the detect stage's p99 budget is 1 ms).
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from urllib.parse import unquote

__all__ = ["MAX_DECODED_CHARS", "decoded_lines", "nfkc", "words_to_digits"]

MAX_DECODED_CHARS = 4_000
MAX_LINE_CHARS = 2_000
# A shaped value worth tracing in a decoded line: an address, a link, an IP, a long number.
_VALUE = re.compile(
    r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}"
    r"|\b[a-z][a-z0-9+.-]{1,15}://[^\s\"'<>()\[\]{}|,]+"
    r"|\b(?:\d{1,3}\.){3}\d{1,3}\b"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}\b"
    r"|\b\d{6,}\b"
)
# Separators spelled out with plain spaces ("m dot kessler at audit-ledger dot io"): only
# where a spelled "dot" joins name-like words, so "look at the docs" is never touched.
_SPELLED_DOT = re.compile(r"(?<=[a-z0-9])\s+(?:dot|period|punto)\s+(?=[a-z0-9])")
_SPELLED_AT = re.compile(
    r"(?<![a-z0-9])([a-z0-9][a-z0-9._+-]*)\s+(?:at|@)\s+([a-z0-9-]+(?:\.[a-z0-9-]+)+)\b"
)
_SPELLED_SLASH = re.compile(r"(?<=[a-z0-9:])\s+(?:slash)\s+(?=[a-z0-9])")
_SPELLED_COLON = re.compile(r"\b(https?)\s+colon\s+(?:slash\s+slash|//)\s*")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});")
_ESCAPE = re.compile(r"%[0-9a-f]{2}|\\u[0-9a-f]{4}|\\x[0-9a-f]{2}")
_DIGIT_RUN = re.compile(r"\b\d{6,}\b")
# Bytes written as hex: a run of at least 8 pairs, joined or split by one ":", "-" or space
# the same way throughout ("6275...", "68:74:74", "47 42 39"). A commit hash decodes to
# bytes that are not printable text and is dropped.
_HEX_RUN = re.compile(
    r"(?<![0-9a-z])(?:0x)?(?:[0-9a-f]{2}){8,}(?![0-9a-z])"
    r"|(?<![0-9a-z:-])[0-9a-f]{2}(?:([: -])[0-9a-f]{2})(?:\1[0-9a-f]{2}){6,}(?![0-9a-z])"
)

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {"oh": 0, "o": 0}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred"], key=len, reverse=True))
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*\b")


def nfkc(text: str) -> str:
    """Unicode compatibility forms folded (full-width letters, ligatures); ASCII unchanged."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def words_to_digits(run: str) -> str:
    """A number written in words, as digits: "seventy-seven" → 77, "one hundred" → 100,
    "one-ninety-eight" (said as groups) → 198, "nineteen eighty-four" → 1984.

    Read as groups of at most two digits unless "hundred" joins them; consecutive groups are
    written one after another, as people say numbers aloud."""
    words = [w for w in re.split(r"[\s-]+", run.lower()) if w and w != "and"]
    groups: list[str] = []
    current: int | None = None  # the group being read (below 100, or a hundreds value)
    last = ""  # kind of the last word: "unit", "ten", "teen", "hundred"
    for w in words:
        if w == "hundred":
            current = (current or 1) * 100
            last = "hundred"
            continue
        if w in _TENS:
            if current is not None and last in ("hundred",):
                current += _TENS[w]
            else:
                if current is not None:
                    groups.append(str(current))
                current = _TENS[w]
            last = "ten"
            continue
        value = _UNITS.get(w)
        if value is None:
            return ""
        if current is not None and (last == "hundred" or (last == "ten" and value < 10)):
            current += value
        else:
            if current is not None:
                groups.append(str(current))
            current = value
        last = "teen" if value >= 10 else "unit"
    if current is not None:
        groups.append(str(current))
    return "".join(groups)


def _numbers_in_words(line: str) -> str:
    """Each run of number words replaced by its digits (only when the line has two or more
    runs joined by a spelled or written separator: an address or an IP, not "one of them")."""
    runs = list(_NUMBER_RUN.finditer(line))
    if len(runs) < 2:
        return line
    out: list[str] = []
    at = 0
    for m in runs:
        digits = words_to_digits(m.group(0))
        if not digits:
            continue
        out.append(line[at : m.start()])
        out.append(digits)
        at = m.end()
    out.append(line[at:])
    return "".join(out)


def _spelled(line: str) -> str:
    """Separators written as words: "dot", "at", "slash", "colon slash slash"."""
    text = _SPELLED_COLON.sub(r"\1://", line)
    text = _SPELLED_DOT.sub(".", text)
    text = _SPELLED_SLASH.sub("/", text)
    return _SPELLED_AT.sub(r"\1@\2", text)


def _reversed_digits(line: str) -> str:
    return _DIGIT_RUN.sub(lambda m: m.group(0)[::-1], line)


def _hex_bytes(line: str) -> str:
    """Each run of hex bytes that decodes to printable ASCII, replaced by that text."""

    def decode(m: re.Match[str]) -> str:
        digits = re.sub(r"[^0-9a-f]", "", m.group(0).removeprefix("0x"))
        try:
            text = bytes.fromhex(digits).decode("ascii")
        except ValueError:
            return m.group(0)
        return text.lower() if text.isprintable() else m.group(0)

    return _HEX_RUN.sub(decode, line)


def _rot13(line: str) -> str:
    return codecs.encode(line, "rot13")


def _unescaped(line: str) -> str:
    text = html.unescape(line) if _ENTITY.search(line) else line
    if _ESCAPE.search(text):
        text = unquote(text)
        text = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)
        text = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), text)
    return text


# A quoted-printable escape (RFC 2045): "=40" is "@", "=2e" is "."; soft line breaks ("=" at
# the end of a line) are dropped. Lines are lower-cased, so the hex is too.
_QP = re.compile(r"=[0-9a-f]{2}")


# The same escapes in the line's UTF-8 bytes (ASCII is the same bytes, and no byte of a
# multi-byte character is ASCII, so they are found at the same places), with each one's byte.
_QP_BYTES = re.compile(rb"=[0-9a-f]{2}")
_QP_BYTE = {b"=%02x" % i: bytes((i,)) for i in range(256)}


def _quoted_printable(line: str) -> str:
    """The line with its quoted-printable escapes decoded as UTF-8 bytes (invalid bytes are
    replaced): "audit=40ledgerpoint.net" is "audit@ledgerpoint.net".

    Replaced in the line's bytes by one substitution: character by character, a 2,000
    character line of code (``x=10`` has an escape's shape) cost ~1 ms (issue #17). The
    escapes are the ones a left-to-right scan takes (leftmost, not overlapping), so the
    bytes are the same as decoding them one by one."""
    raw = _QP_BYTES.sub(lambda m: _QP_BYTE[m.group(0)], line.encode("utf-8"))
    return raw.decode("utf-8", errors="replace")


def _values(line: str) -> set[str]:
    return {m.group(0).rstrip(".") for m in _VALUE.finditer(line)}


_ESCAPES = re.compile(r"%(?:2f|3a|40)|&#|&(?:commat|period|sol|colon);", re.I)


def unescaped_lines(text: str) -> str:
    """Only the URL- and HTML-escaped lines of a (lower-cased) text that hide a shaped value,
    decoded: the cheap part of ``decoded_lines``, for the user's own files, where code is full
    of what the other decodings would misread. "" when there are none."""
    if not _ESCAPES.search(text):
        return ""
    out: list[str] = []
    for line in text.splitlines():
        if len(line) > MAX_LINE_CHARS or not _ESCAPES.search(line):
            continue
        decoded = _unescaped(line)
        if decoded != line and _values(decoded) - _values(line):
            out.append(decoded)
    return "\n".join(out)[:MAX_DECODED_CHARS]


# A spreadsheet formula that joins quoted pieces: =CONCAT("a","@","b.test"),
# =CONCATENATE(...), ="a"&"@"&"b.test" (a CSV doubles the quotes).
_FORMULA_JOIN = re.compile(
    r'=\s*(?:concat(?:enate)?\(\s*(?:"+[^"]*"+\s*[,;]\s*)+"+[^"]*"+\s*\)|"+[^"]*"+(?:\s*&\s*"+[^"]*"+)+)'
)
_QUOTED = re.compile(r'"+([^"]*)"+')


def _joined_formula(line: str) -> str:
    """The line with each formula that joins quoted pieces replaced by the joined text."""
    return _FORMULA_JOIN.sub(lambda m: "".join(_QUOTED.findall(m.group(0))), line)


def decoded_lines(text: str) -> str:
    """The lines of a (lower-cased) untrusted text whose decoded form holds a shaped value the
    line does not, decoded, one a line (bounded). "" when nothing was transformed.

    Reversed digit runs are tried last, with what is left of the bound: every long number
    reverses to another one, so they would crowd out the other decodings."""
    out: list[str] = []
    size = 0
    reversible: list[str] = []
    for line in text.splitlines():
        if len(line) > MAX_LINE_CHARS or len(line) < 8:
            continue
        plain = _values(line)
        candidates: list[str] = []
        if "&" in line or "%" in line or "\\" in line:
            candidates.append(_unescaped(line))
        if " dot " in line or " at " in line or " slash " in line or " period " in line:
            candidates.append(_spelled(_numbers_in_words(line)))
        if "@" in line or "://" in line:
            # rot13 keeps punctuation: an encoded address still has its "@", a link its "://".
            candidates.append(_rot13(line))
        if "@" in line or "//:" in line:
            # A whole address or link written backwards ("moc.x@a", "kooh/tset.x//:sptth").
            candidates.append(line[::-1])
        if _HEX_RUN.search(line):
            candidates.append(_hex_bytes(line))
        if "=" in line and _QP.search(line):
            candidates.append(_quoted_printable(line))
        if "concat" in line or '"&' in line:
            candidates.append(_joined_formula(line))
        for decoded in candidates:
            if decoded != line and _values(decoded) - plain:
                out.append(decoded)
                size += len(decoded)
        if _DIGIT_RUN.search(line):
            reversible.append(line)
        if size > MAX_DECODED_CHARS:
            return "\n".join(out)[:MAX_DECODED_CHARS]
    for line in reversible:
        if size > MAX_DECODED_CHARS:
            break
        decoded = _reversed_digits(line)
        if decoded != line:
            out.append(decoded)
            size += len(decoded)
    return "\n".join(out)[:MAX_DECODED_CHARS]
