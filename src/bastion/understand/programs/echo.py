"""echo and printf: what they print, with the shell's escapes decoded, so a pipe into a shell is
followed.
"""

from __future__ import annotations

import re

from bastion.understand.programs.base import NO_OUTPUT, Invocation, Output, Sink, handles


@handles("echo", "printf")
def _echo(inv: Invocation, sink: Sink) -> Output:
    words = inv.args
    if inv.program == "echo":
        while words and words[0].text in {"-n", "-e", "-E", "-ne", "-en"}:
            words = words[1:]
        text = " ".join(w.text for w in words)
        if inv.argv[1:2] and "e" in inv.argv[1].lstrip("-") and inv.argv[1].startswith("-"):
            text = decode_escapes(text)
    else:
        if words and words[0].text in {"-v"}:
            return NO_OUTPUT
        if words and words[0].text == "--":
            words = words[1:]  # end of options: the format follows
        fmt = words[0].text if words else ""
        rest = [w.text for w in words[1:]]
        text = _printf(fmt, rest)
    dynamic = any(w.dynamic for w in words)
    origins = {w.origin for w in words}
    if "download" in origins:
        return Output("download")
    if "decode" in origins:
        return Output("decode")
    return Output("literal", text + "\n", dynamic)


def _printf(fmt: str, args: list[str]) -> str:
    out: list[str] = []
    pending = list(args)
    pieces = re.split(r"(%[-+ #0]*\d*(?:\.\d+)?[sbdiqcxXoufeEgG%])", fmt)
    for piece in pieces:
        if piece.startswith("%") and len(piece) > 1:
            if piece == "%%":
                out.append("%")
            else:
                value = pending.pop(0) if pending else ""
                out.append(decode_escapes(value) if piece.endswith("b") else value)
        else:
            out.append(decode_escapes(piece))
    if pending and any(p.startswith("%") and p != "%%" for p in pieces):
        out.append(_printf(fmt, pending))
    return "".join(out)


_ESCAPE_RE = re.compile(
    r"\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|0?[0-7]{1,3}|.)", re.DOTALL
)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def decode_escapes(text: str) -> str:
    """Decode the backslash escapes of $'...', echo -e and printf."""

    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        head = body[0]
        try:
            if head == "x":
                return chr(int(body[1:], 16))
            if head in "uU":
                return chr(int(body[1:], 16))
            if head.isdigit():
                return chr(int(body, 8) & 0xFF)
        except (ValueError, OverflowError):
            return match.group(0)
        return _SIMPLE_ESCAPES.get(head, "\\" + head)

    return _ESCAPE_RE.sub(replace, text)
