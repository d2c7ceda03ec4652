"""Machine payloads inside an output: values its human reader never saw.

A contact card (vCard, MECARD), a calendar invite (iCalendar), a payment QR code's text
(EPC "BCD" credit transfer) and a spreadsheet's ``HYPERLINK`` target are written for a
program to read. What a mail, an invoice or a sheet *shows* a person is another text: the
sender's line, the invoice's visible bank details, a cell's displayed label. A value that
sits only inside such a payload was chosen by whoever made the file, and nobody who read
the message checked it: the classic carriers of a swapped account or address (a QR code
pasted over an invoice's, an invite whose attendee is a collector, a card whose e-mail is
at another domain, a cell that shows one address and links another).

The provenance rule asks for a person's confirmation before such a value chooses a target
(never delegated by "pay the invoice" or "share it with the sender"), unless it is an
address at the domain of the message's own sender, which the card or invite only repeats.

Nothing here is keyed on a data set's strings: the markers are the formats' own
(``BEGIN:VCARD``, ``MECARD:``, ``BCD`` + version, a SWIFT MT text block ``{4:``,
``=HYPERLINK(``), and HTML's own ways of
hiding text from the page's reader (``display:none``, ``visibility:hidden``, a zero font
size, the ``hidden`` attribute, comments).
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_PAYLOAD_CHARS = 4_000  # one payload; a longer "card" is not one
# Whole blocks (lower-cased text): a card or a calendar from its BEGIN to its END line.
_BLOCKS = re.compile(rf"begin:(vcard|vcalendar|vevent)\b.{{0,{MAX_PAYLOAD_CHARS}}}?end:\1\b", re.S)
# One-line payloads: a MECARD up to its closing ";;", an EPC credit transfer (BCD, version
# 001/002, then its fields by "/", "|" or a line break) to the end of its line or block.
_MECARD = re.compile(rf"\bmecard:[^\n]{{0,{MAX_PAYLOAD_CHARS}}}?(?:;;|$)", re.M)
_EPC = re.compile(
    rf"\bbcd(?:[/|]00[12][/|][^\n]{{0,{MAX_PAYLOAD_CHARS}}}"
    r"|[ \t]*\n\s*00[12][ \t]*\n(?:[^\n]{0,200}\n?){0,11})"
)
# A SWIFT MT message's text block ({4: ... -}), where :59: names the beneficiary's account.
_SWIFT = re.compile(rf"\{{4:.{{0,{MAX_PAYLOAD_CHARS}}}?-\}}", re.S)
# A spreadsheet link: its target (the first argument), never what the cell displays.
_HYPERLINK = re.compile(r"=\s*hyperlink\(\s*\"*([^\",;)]{1,2000})")
# Text a page hides from its reader: an element styled invisible (display:none,
# visibility:hidden, zero size) or marked ``hidden``, and an HTML comment.
_HIDDEN_HTML = re.compile(
    r"<(\w+)\b[^>]{0,300}?(?:style=[\"'][^\"']{0,300}?(?:display\s*:\s*none|visibility\s*:\s*hidden"
    r"|font-size\s*:\s*0(?![.\d]*[1-9]))|\shidden(?=[\s>]))[^>]{0,300}>"
    rf".{{0,{MAX_PAYLOAD_CHARS}}}?</\1\s*>|<!--.{{0,{MAX_PAYLOAD_CHARS}}}?-->",
    re.S,
)


# Substrings without which an output holds no hidden HTML (the regex is only run past these).
_HIDING = (
    "display:none",
    "display: none",
    "visibility",
    " hidden",
    "font-size:0",
    "font-size: 0",
    "<!--",
)


@lru_cache(maxsize=64)
def spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the lower-cased `text` holds machine payloads (start, end), in order. Cached:
    every value of every call is looked up in the same remembered outputs."""
    if not any(m in text for m in ("begin:", "mecard:", "bcd", "hyperlink(", "<", "{4:")):
        return ()  # the cheap test: most outputs hold none
    out = [m.span() for m in _BLOCKS.finditer(text)] if "begin:" in text else []
    if "<" in text and any(h in text for h in _HIDING):
        out += [m.span() for m in _HIDDEN_HTML.finditer(text)]
    if "mecard:" in text:
        out += [m.span() for m in _MECARD.finditer(text)]
    if "{4:" in text:
        out += [m.span() for m in _SWIFT.finditer(text)]
    if "bcd" in text:
        out += [m.span() for m in _EPC.finditer(text)]
    if "hyperlink(" in text:
        out += [m.span(1) for m in _HYPERLINK.finditer(text)]
    return tuple(sorted(out))


def inside(found: list[tuple[int, int]], where: tuple[tuple[int, int], ...]) -> bool:
    """Every occurrence lies inside some payload span (and there is one)."""
    return bool(found) and all(any(s <= i and end <= e for s, e in where) for i, end in found)
