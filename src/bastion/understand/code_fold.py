"""Constant string operations folded in any language's code text, before it is judged.

An attacker who does not want ``os.system`` or ``child_process`` seen spells the name as a
computation: ``'o'+'s'``, ``['child','process'].join('_')``, ``'metsys'[::-1]``,
``chr(111)..chr(115)``, ``atob('b3M=')``. Every one of these is a pure function of
literals, so its value is known before the code runs. This module computes those values
and writes them back as plain string literals, so the scanners that look for loaders,
module names, hosts and paths see what the code will see. It does not parse any language;
it recognises a small grammar of literal expressions shared by most of them:

- concatenation of two literals with ``+ . .. || ++ <> ~ ^ &``;
- reversal, slicing, case changes and ``.decode()``/``.toString()`` applied to a literal;
- lists of literals joined (``[..].join(s)``, ``s.join([..])``, ``join(s, ..)``,
  ``table.concat({..}, s)``, ``implode``), ``format``/``%`` with literal arguments;
- character codes (``chr(111)``, ``String.fromCharCode(111, 115)``, ``string.char``,
  ``111.chr``, ``[char]111``, ``(char 111)``, ``bytes([..]).decode()``);
- base64 and hex literals decoded (``b64decode``, ``atob``, ``Buffer.from(.., 'base64')``,
  ``base64_decode``, ``decode64``, ``fromhex``, ``unhexlify``, ``hex2bin``);
- escapes inside a literal (``"\\x6f\\x73"``, ``"\\157"``, ``"\\u006f"``);
- a name bound once to a literal, used as a call argument or subscript;
- ``getattr(x, 'name')`` and ``x['name']`` written as the attribute access they are.

It also says where a loader is handed a name that is *not* a literal after folding
(``__import__(name)``, ``require(m)``, ``load(f:read())``): code computed at run time,
which the caller reports as opaque. Both are bounded: the text is cut at ``MAX_FOLD``
characters, and at most ``MAX_PASSES`` rounds of folding run.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from functools import partial

from bastion.understand.gate import Gate

__all__ = ["MAX_FOLD", "dynamic_loads", "fold_code"]

MAX_FOLD = 16 * 1024
MAX_PASSES = 4

# A string literal in single, double or back quotes (no interpolation inside backquotes).
_LIT = r"""(?:"(?:[^"\\\n]|\\.){0,400}"|'(?:[^'\\\n]|\\.){0,400}'|`(?:[^`\\$\n]|\\.){0,400}`)"""
_LIT_RE = re.compile(_LIT)
_CONCAT = re.compile(rf"({_LIT})\s*(?:\+|\.\.|\.|\|\||\+\+|<>|~|\^|&|\*)\s*({_LIT})")
_LIST = rf"(?:{_LIT}\s*(?:,\s*{_LIT}\s*){{0,32}},?)"
_SEP = rf"({_LIT})"
_INTS = r"(\d{1,7}(?:\s*,\s*\d{1,7}){0,64})"

# Cheap pre-check: text with none of these has nothing to fold.
_WORTH = re.compile(
    r"""["'`]\s*(?:\+|\.|\|\||\+\+|<>|~|\^|&|\*)\s*["'`]|join|concat|implode|reverse|flip|"""
    r"""strrev|\[::-1\]|\[-?\d*:-?\d*\]|substr|slice|chr|char|fromCharCode|b64|atob|base64|"""
    r"""decode|hex|\\x[0-9a-fA-F]|\\[0-7]{3}|\\u[0-9a-fA-F]{4}|getattr|\[\s*["'`]|format|%\s*\(|"""
    r"""upper|lower|upcase|downcase|toUpperCase|toLowerCase|=\s*["'`]|\(\s*str\s|send|call_user_func|homedir|Dir\.home|HOME|user\.home|expanduser|Path\.home"""
)

# The home directory as code computes it, in any language, folded to the literal "~" (as
# code_text spells it) where it is joined to a literal: ``os.homedir() + '/.npmrc'``,
# ``"#{Dir.home}/.gem/credentials"``, ``getenv('HOME').'/.composer/auth.json'`` become the
# path the shell analysis and the credential catalogue know.
_HOME_EXPR = (
    r"""(?:require\(\s*['"](?:node:)?os['"]\s*\)\s*\.\s*homedir\s*\(\s*\)"""
    r"""|\b(?:os\.)?homedir\s*\(\s*\)|\bDir\.home\b|\bPath\.home\s*\(\s*\)"""
    r"""|\bos\.path\.expanduser\s*\(\s*['"]~['"]\s*\)"""
    r"""|(?:\bENV|\bos\.environ|\bprocess\.env|\$_SERVER|\$_ENV|\$ENV|%ENV)\s*[\[{]\s*['"]?HOME['"]?\s*[\]}]"""
    r"""|\bprocess\.env\.HOME\b|\bENV\.fetch\s*\(\s*['"]HOME['"]\s*\)"""
    r"""|\b(?:os\.|System\.|Sys\.)?get_?env\s*\(\s*['"]HOME['"]\s*\)"""
    r"""|\bSystem\.getProperty\s*\(\s*['"]user\.home['"]\s*\)"""
    r"""|\bDeno\.env\.get\s*\(\s*['"]HOME['"]\s*\))"""
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"', "`": "`"}
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u\{?([0-9a-fA-F]{4,6})\}?|([0-7]{1,3})|(.))", re.S)


def _unquote(lit: str) -> str:
    body = lit[1:-1]
    if "\\" not in body:
        return body

    def one(match: re.Match[str]) -> str:
        hexa, uni, octal, other = match.groups()
        if hexa:
            return chr(int(hexa, 16))
        if uni:
            return chr(min(int(uni, 16), 0x10FFFF))
        if octal:
            return chr(int(octal, 8) & 0xFF)
        return _ESCAPES.get(other, "\\" + other)

    return _ESCAPE.sub(one, body)


def _quote(text: str, like: str = '"') -> str:
    quote = like[:1] if like[:1] in {'"', "'"} else '"'
    if quote in text and ('"' if quote == "'" else "'") not in text:
        quote = '"' if quote == "'" else "'"
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")
    return quote + escaped + quote


def _printable(text: str) -> bool:
    return bool(text) and all(c.isprintable() or c in "\n\t" for c in text)


def _lits(text: str) -> list[str]:
    return [_unquote(m.group(0)) for m in _LIT_RE.finditer(text)]


def _ints(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def _chars(codes: list[int]) -> str | None:
    if not codes or any(c > 0x10FFFF for c in codes):
        return None
    text = "".join(chr(c) for c in codes)
    return text if _printable(text) else None


def _b64(text: str) -> str | None:
    cleaned = re.sub(r"\s", "", text)
    if len(cleaned) < 4 or not re.fullmatch(r"[A-Za-z0-9+/_-]+=*", cleaned):
        return None
    try:
        raw = base64.b64decode(
            cleaned.replace("-", "+").replace("_", "/") + "=" * (-len(cleaned) % 4)
        )
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return decoded if _printable(decoded) else None


def _hex(text: str) -> str | None:
    cleaned = re.sub(r"[\s:]", "", text)
    if len(cleaned) < 2 or len(cleaned) % 2 or not re.fullmatch(r"[0-9a-fA-F]+", cleaned):
        return None
    try:
        decoded = bytes.fromhex(cleaned).decode("utf-8")
    except ValueError:
        return None
    return decoded if _printable(decoded) else None


def _slice(text: str, start: str | None, stop: str | None, step: str | None = None) -> str:
    def num(value: str | None) -> int | None:
        return int(value) if value not in (None, "") else None

    return text[slice(num(start), num(stop), num(step))]


# Identity operations after a literal: they turn bytes back into text.
_TAIL = (
    r"(?:\s*\.\s*(?:decode|toString|to_s|force_encoding|trim|strip)\s*(?:\(\s*(?:"
    + _LIT
    + r")?\s*\))?)*"
)

Rule = tuple[Gate, "re.Pattern[str]", Callable[[re.Match[str]], str | None]]


# The receiver of a decoding call: ``base64.``, ``codecs.``, or the module loaded in place,
# ``__import__('base64').`` / ``require('buffer').``: the fold must take it with the call,
# or it leaves code that no longer parses (``__import__('base64').'text'``).
_RECEIVER = (
    rf"(?:(?:\b[A-Za-z_]\w*\.)*\b(?:__import__|import_module|require)\s*\(\s*{_LIT}\s*\)\s*\.)?"
    r"(?:\b[A-Za-z_]\w*\.)*"
)


def _rules() -> list[Rule]:
    rules: list[Rule] = []

    def rule(pattern: str, fold: Callable[[re.Match[str]], str | None], needle: str) -> None:
        # The needle is a cheap test: text without it cannot match the rule.
        rules.append((Gate(needle), re.compile(pattern), fold))

    # The home directory: inside a literal's interpolation (``"#{Dir.home}/x"``,
    # `${os.homedir()}/x`, f"{Path.home()}/x"), then as an operand of a concatenation.
    rule(
        rf"""(["'`])([^"'`\\\n]{{0,200}}?)(?:#|\$)?\{{\s*{_HOME_EXPR}\s*\}}([^"'`\\\n]{{0,200}}?)\1""",
        lambda m: m.group(2) + "~" + m.group(3),
        needle=r"(?i)home|expanduser",
    )
    rule(
        rf"({_LIT})\s*(?:\+|\.\.|\.|<>|\+\+)\s*{_HOME_EXPR}",
        lambda m: _unquote(m.group(1)) + "~",
        needle=r"(?i)home|expanduser",
    )
    rule(
        rf"{_HOME_EXPR}\s*(?:\+|\.\.|\.|<>|\+\+)\s*({_LIT})",
        lambda m: "~" + _unquote(m.group(1)),
        needle=r"(?i)home|expanduser",
    )
    # Character codes.
    rule(
        rf"String\.fromCharCode\s*\(\s*{_INTS}\s*\)",
        lambda m: _chars(_ints(m.group(1))),
        needle=r"fromCharCode",
    )
    rule(
        rf"string\.char\s*\(\s*{_INTS}\s*\)",
        lambda m: _chars(_ints(m.group(1))),
        needle=r"string\.char",
    )
    rule(
        rf"""(?:["']{{2}}\s*\.\s*join\s*\(\s*map\s*\(\s*chr\s*,\s*[\[(]\s*{_INTS}\s*[\])]\s*\)\s*\)"""
        rf"""|bytes\s*\(\s*\[\s*{_INTS}\s*\]\s*\){_TAIL})""",
        lambda m: _chars(_ints(m.group(1) or m.group(2))),
        needle=r"chr|bytes",
    )
    rule(
        r"\b(?:chr|char|chr\$|Chr|CHAR)\s*\(\s*(\d{1,7})\s*\)",
        lambda m: _chars([int(m.group(1))]),
        needle=r"(?i)chr|char",
    )
    rule(r"\(\s*char\s+(\d{1,7})\s*\)", lambda m: _chars([int(m.group(1))]), needle=r"char")
    rule(r"\[char\]\s*(\d{1,7})", lambda m: _chars([int(m.group(1))]), needle=r"\[char\]")
    rule(r"(?<![\w.])(\d{1,7})\s*\.\s*chr\b", lambda m: _chars([int(m.group(1))]), needle=r"chr")
    rule(
        rf"\[\s*{_INTS}\s*\]\s*\.\s*pack\s*\(\s*['\"][CUc]\*?['\"]\s*\)",
        lambda m: _chars(_ints(m.group(1))),
        needle=r"pack",
    )
    rule(
        rf"\bpack\s*\(\s*['\"][CUc]\*?['\"]\s*,\s*{_INTS}\s*\)",
        lambda m: _chars(_ints(m.group(1))),
        needle=r"pack",
    )
    # Base64 and hex literals.
    rule(
        rf"""(?:{_RECEIVER}\b(?:b64decode|urlsafe_b64decode|decodebytes|decodestring|atob|base64_decode|"""
        rf"""decode64|strict_decode64|urlsafe_decode64|decode_base64|FromBase64String|"""
        rf"""base64decode|b64_decode|base64\.decode|Base64\.decode|getDecoder\(\)\.decode)"""
        rf"""\s*\(\s*({_LIT})\s*\)|Buffer\.from\s*\(\s*({_LIT})\s*,\s*['"]base64['"]\s*\)){_TAIL}""",
        lambda m: _b64(_unquote(m.group(1) or m.group(2))),
        needle=r"(?i)b64|base64|atob|decode64|getDecoder",
    )
    rule(
        rf"""(?:{_RECEIVER}\b(?:fromhex|unhexlify|hex2bin|a2b_hex|decode_hex|hexdecode)\s*\(\s*({_LIT})\s*\)"""
        rf"""|Buffer\.from\s*\(\s*({_LIT})\s*,\s*['"]hex['"]\s*\)"""
        rf"""|\bpack\s*\(\s*['"]H\*['"]\s*,\s*({_LIT})\s*\)){_TAIL}""",
        lambda m: _hex(_unquote(m.group(1) or m.group(2) or m.group(3))),
        needle=r"(?i)hex|pack",
    )
    # Reversal, as a function of a literal.
    rule(
        rf"\b(?:strrev|reverse|string\.reverse|StringReverse|flip|rev)\s*\(\s*({_LIT})\s*\)",
        lambda m: _unquote(m.group(1))[::-1],
        needle=r"(?i)rev|flip",
    )
    rule(
        rf"\(\s*(?:str/reverse|clojure\.string/reverse)\s+({_LIT})\s*\)",
        lambda m: _unquote(m.group(1))[::-1],
        needle=r"reverse",
    )
    # Lists of literals joined.
    rule(
        rf"[\[({{]\s*({_LIST})\s*[\])}}]\s*\.\s*join\s*\(\s*{_SEP}?\s*\)",
        lambda m: (_unquote(m.group(2)) if m.group(2) else "").join(_lits(m.group(1))),
        needle=r"join",
    )
    rule(
        rf"{_SEP}\s*\.\s*join\s*\(\s*[\[(]?\s*({_LIST})\s*[\])]?\s*\)",
        lambda m: _unquote(m.group(1)).join(_lits(m.group(2))),
        needle=r"join",
    )
    rule(
        rf"\b(?:join|implode|String\.join|string\.join|Join)\s*\(\s*{_SEP}\s*,\s*[\[({{]?\s*({_LIST})\s*[\])}}]?\s*\)",
        lambda m: _unquote(m.group(1)).join(_lits(m.group(2))),
        needle=r"(?i)join|implode",
    )
    rule(
        rf"\btable\.concat\s*\(\s*\{{\s*({_LIST})\s*\}}\s*(?:,\s*{_SEP})?\s*\)",
        lambda m: (_unquote(m.group(2)) if m.group(2) else "").join(_lits(m.group(1))),
        needle=r"table\.concat",
    )
    rule(
        rf"\((?:str|concat|string-append|clojure\.string/join)\s+((?:{_LIT}\s*){{1,32}})\)",
        lambda m: "".join(_lits(m.group(1))),
        needle=r"\((?:str|concat|string-append|clojure)",
    )
    rule(
        rf"\b(?:concat|CONCAT|strcat)\s*\(\s*({_LIST})\s*\)",
        lambda m: "".join(_lits(m.group(1))),
        needle=r"(?i)concat|strcat",
    )
    # format / % with literal arguments.
    rule(
        rf"({_LIT})\s*\.\s*format\s*\(\s*({_LIST})\s*\)",
        lambda m: _format_braces(_unquote(m.group(1)), _lits(m.group(2))),
        needle=r"format",
    )
    rule(
        rf"({_LIT})\s*%\s*\(\s*({_LIST})\s*\)",
        lambda m: _format_percent(_unquote(m.group(1)), _lits(m.group(2))),
        needle=r"%\s*\(",
    )
    rule(
        rf"\b(?:sprintf|format|String\.format|printf)\s*\(\s*({_LIT})\s*,\s*({_LIST})\s*\)",
        lambda m: _format_percent(_unquote(m.group(1)), _lits(m.group(2))),
        needle=r"format|printf",
    )
    # Postfix operations on a literal: reverse, slice, case, split-reverse-join.
    rule(
        rf"({_LIT})\s*(?:\.\s*split\s*\(\s*(?:''|\"\")\s*\)|\.\s*chars)\s*\.\s*reverse\s*(?:\(\s*\))?"
        rf"\s*\.\s*join\s*(?:\(\s*(?:''|\"\")?\s*\))?",
        lambda m: _unquote(m.group(1))[::-1],
        needle=r"reverse",
    )
    rule(
        rf"\[\s*\.\.\.\s*({_LIT})\s*\]\s*\.\s*reverse\s*\(\s*\)\s*\.\s*join\s*\(\s*(?:''|\"\")\s*\)",
        lambda m: _unquote(m.group(1))[::-1],
        needle=r"reverse",
    )
    rule(
        rf"({_LIT})\s*(?:\[\s*::\s*-1\s*\]|\.\s*(?:reverse|reversed|flip)\b(?:\s*\(\s*\))?|:\s*reverse\s*\(\s*\))",
        lambda m: _unquote(m.group(1))[::-1],
        needle=r"reverse|flip|::",
    )
    rule(
        rf"({_LIT})\s*\[\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+))?\s*\]",
        lambda m: _slice(_unquote(m.group(1)), m.group(2), m.group(3), m.group(4)),
        needle=r"\[\s*-?\d*\s*:",
    )
    rule(
        rf"({_LIT})\s*\[\s*(-?\d+)\s*\.\.(\.?)\s*(-?\d+)\s*\]",
        lambda m: _ruby_range(_unquote(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4))),
        needle=r"\.\.",
    )
    rule(
        rf"({_LIT})\s*\.\s*(?:substring|slice)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)",
        lambda m: _slice(_unquote(m.group(1)), m.group(2), m.group(3)),
        needle=r"substring|slice",
    )
    rule(
        rf"({_LIT})\s*[.:]\s*(?:substr|sub)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)",
        lambda m: _substr(
            _unquote(m.group(1)),
            int(m.group(2)),
            m.group(3),
            lua=":" in m.group(0) or ".sub" in m.group(0),
        ),
        needle=r"sub",
    )
    rule(
        rf"\bsubstr\s*\(\s*({_LIT})\s*,\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)",
        lambda m: _substr(_unquote(m.group(1)), int(m.group(2)), m.group(3), lua=False),
        needle=r"substr",
    )
    rule(
        rf"({_LIT})\s*\.\s*(?:upper|toUpperCase|upcase|uc|ToUpper)\b(?:\s*\(\s*\))?",
        lambda m: _unquote(m.group(1)).upper(),
        needle=r"(?i)upper|upcase|\.uc\b",
    )
    rule(
        rf"({_LIT})\s*\.\s*(?:lower|toLowerCase|downcase|lc|ToLower)\b(?:\s*\(\s*\))?",
        lambda m: _unquote(m.group(1)).lower(),
        needle=r"(?i)lower|downcase|\.lc\b",
    )
    rule(
        rf"({_LIT})\s*\.\s*(?:replace|replaceAll|gsub|sub)\s*\(\s*({_LIT})\s*,\s*({_LIT})\s*\)",
        lambda m: _unquote(m.group(1)).replace(_unquote(m.group(2)), _unquote(m.group(3))),
        needle=r"replace|sub",
    )
    # A parenthesised literal followed by a method: ("x"):reverse(), ("a" + "b").execute().
    rule(
        rf"(?<![\w\])$])\(\s*({_LIT})\s*\)(?=\s*[.:\[])",
        lambda m: _unquote(m.group(1)),
        needle=r"\(\s*[\"'`]",
    )
    # Concatenation last: the operands above fold into literals first.
    rule(
        _CONCAT.pattern,
        lambda m: _unquote(m.group(1)) + _unquote(m.group(2)),
        needle=r"[\"'`]\s*(?:\+|\.|\|\||<>|~|\^|&|\*)",
    )
    return rules


def _format_braces(template: str, args: list[str]) -> str | None:
    out, index = [], 0
    for piece in re.split(r"(\{\d*\})", template):
        if re.fullmatch(r"\{\d*\}", piece):
            k = int(piece[1:-1]) if piece[1:-1] else index
            index += 1
            if k >= len(args):
                return None
            out.append(args[k])
        else:
            out.append(piece)
    return "".join(out)


def _format_percent(template: str, args: list[str]) -> str | None:
    pieces = re.split(r"(%[sd])", template)
    holes = [p for p in pieces if p in {"%s", "%d"}]
    if len(holes) != len(args):
        return None
    it = iter(args)
    return "".join(next(it) if p in {"%s", "%d"} else p for p in pieces)


def _ruby_range(text: str, start: int, exclusive: str, stop: int) -> str:
    end = stop if exclusive else (stop + 1 if stop != -1 else None)
    return text[start:end]


def _substr(text: str, start: int, count: str | None, lua: bool) -> str:
    if lua:  # Lua's s:sub(i, j) is 1-based and inclusive.
        return text[max(start - 1, 0) : int(count) if count else None]
    return text[start : start + int(count) if count else None]


_RULES = _rules()


# A function called by its name as a string: send("system", …), call_user_func('system', …).
_CALL_BY_NAME = re.compile(
    rf"(?:\b[\w:]+\.)?\b(?:send|public_send|__send__|call_user_func|call_user_func_array|invoke)"
    rf"\s*\(\s*({_LIT})\s*(,|\))"
)

# A name bound once to a literal: `m = 'x'`, `const m = "x"`, `local m = 'x'`, `my $m = 'x'`.
_BIND = re.compile(
    rf"(?:^|[;\n]|\b(?:const|let|var|local|my|our|val|def|set)\s)\s*(\$?[A-Za-z_]\w{{0,40}})\s*:?=\s*({_LIT})\s*(?=[;\n)]|$)"
)
_GETATTR = re.compile(
    rf"\b(?:getattr|Reflect\.get)\s*\(\s*([\w.]+(?:\([^()]*\))?)\s*,\s*({_LIT})\s*\)"
)
_INDEX = re.compile(rf"(\))\s*\[\s*({_LIT})\s*\]")
_ESCAPED_LIT = re.compile(
    r"""(["'])((?:[^"'\\\n]|\\.)*?\\(?:x[0-9a-fA-F]{2}|[0-7]{3}|u[0-9a-fA-F]{4})(?:[^"'\\\n]|\\.)*?)\1"""
)


def _escape_repl(text: str) -> str:
    return text.replace("\\", "\\\\")


def _bind_names(code: str) -> str:
    seen: dict[str, str | None] = {}
    for match in _BIND.finditer(code):
        name, lit = match.group(1), match.group(2)
        seen[name] = None if name in seen else lit
    for name, lit in list(seen.items())[:16]:
        if lit is None or code.count(name) < 2:
            continue  # bound more than once, or never used after its binding
        bare = re.escape(name)
        if lit is None or len(re.findall(rf"(?<![\w$]){bare}\s*[-+.*/|&~]?=(?!=)", code)) != 1:
            continue
        # Used as a call argument or a subscript: `require(m)`, `f(x, m)`, `o[m]`.
        code = re.sub(rf"(?<=[(\[,])(\s*){bare}(?=\s*[)\],])", rf"\g<1>{_escape_repl(lit)}", code)
        value = _unquote(lit)
        if value.isidentifier():
            # Called by the name it holds: `$f = 'system'; $f('id')`.
            code = re.sub(rf"(?<![\w$.]){bare}(?=\s*\()", _escape_repl(value), code)
    return code


# Cheap tests that gate the rewrites below.
_BOUND = re.compile(r"""=\s*["'`]""")
_BY_NAME = re.compile(r"send|call_user_func|invoke")
_CALL_INDEX = re.compile(r"""\)\s*\[\s*["'`]""")


def fold_code(code: str) -> str:
    """The code with every constant string expression written as the literal it evaluates to.

    Returns ``code`` itself when there is nothing to fold. Never raises.
    """
    text = code[:MAX_FOLD]
    if not _WORTH.search(text):
        return code
    original = text
    try:
        text = (
            text
            if "\\" not in text
            else _ESCAPED_LIT.sub(
                lambda m: (
                    _quote(_unquote(m.group(0)), m.group(1))
                    if _printable(_unquote(m.group(0)))
                    else m.group(0)
                ),
                text,
            )
        )
        for _ in range(MAX_PASSES):
            before = text
            if _BOUND.search(text):
                text = _bind_names(text)
            lowered = text.lower() if text.isascii() else None
            for needle, pattern, fold in _RULES:
                if needle.found(text, lowered):
                    folded = pattern.sub(partial(_apply, fold=fold), text)
                    if folded != text:
                        text = folded
                        lowered = text.lower() if text.isascii() else None
            if text == before:
                break
        text = (
            text
            if not _BY_NAME.search(text)
            else _CALL_BY_NAME.sub(
                lambda m: (
                    f"{_unquote(m.group(1))}(" + ("" if m.group(2) == "," else ")")
                    if _unquote(m.group(1)).isidentifier()
                    else m.group(0)
                ),
                text,
            )
        )
        text = (
            text
            if "getattr" not in text and "Reflect" not in text
            else _GETATTR.sub(
                lambda m: (
                    f"{m.group(1)}.{_unquote(m.group(2))}"
                    if _unquote(m.group(2)).isidentifier()
                    else m.group(0)
                ),
                text,
            )
        )
        text = (
            text
            if not _CALL_INDEX.search(text)
            else _INDEX.sub(
                lambda m: (
                    f"{m.group(1)}.{_unquote(m.group(2))}"
                    if _unquote(m.group(2)).isidentifier()
                    else m.group(0)
                ),
                text,
            )
        )
    except (ValueError, OverflowError, IndexError, RecursionError):
        return code
    if text == original:
        return code
    return text + code[MAX_FOLD:]


# Code run straight from a decoded literal stays decoded-at-run-time (obfuscated execution
# is its own signal), so a decoder right inside one of these calls is not folded.
_RUNS_ARGUMENT = re.compile(
    r"(?:exec|eval|compile|loadstring|load|Function|iex|Invoke-Expression|instance_eval|"
    r"class_eval|eval_string|evaluate|runInThisContext|assert|create_function)\s*\(?\s*$"
)
_DECODERS = re.compile(r"(?i)b64|base64|atob|decode64|fromhex|unhexlify|hex2bin|hex|pack")


def _apply(match: re.Match[str], fold: Callable[[re.Match[str]], str | None]) -> str:
    head = match.group(0)[:48]
    if _DECODERS.search(head) and _RUNS_ARGUMENT.search(
        match.string[max(0, match.start() - 40) : match.start()]
    ):
        return match.group(0)
    value = fold(match)
    if value is None or len(value) > 4096:
        return match.group(0)
    first = _LIT_RE.search(match.group(0))
    return _quote(value, first.group(0) if first else '"')


# A loader or dynamic call whose argument is not a literal once folded.
_NOT_LITERAL = r"""\s*\(\s*(?![\s"'`)\d\[{]|true\b|false\b|nil\b|None\b)"""
# getattr(obj, name) / public_send(name): the name is the second / first argument.
_NAME_NOT_LITERAL = r"""\s*\(\s*(?P<obj>[^,()"'`]{1,80}),\s*(?![\s"'`\d])"""
# getattr of a computed name on one of these reaches any of its functions (system, popen,
# exec …); on an ordinary object (getattr(self, field)) it is everyday code.
_POWERFUL = frozenset(
    {
        "os",
        "subprocess",
        "builtins",
        "__builtins__",
        "posix",
        "pty",
        "shutil",
        "socket",
        "ctypes",
        "importlib",
        "sys",
        "commands",
        "urllib.request",
        "requests",
        "http.client",
        "globals()",
        "locals()",
        "child_process",
        "process",
        "Kernel",
        "window",
        "globalThis",
    }
)
_DYNAMIC = re.compile(
    r"""(?<![\w.:>$])(?P<n>__import__|import_module|require|load|loadstring|dofile|dlopen|"""
    r"""CDLL|LoadLibrary)"""
    + _NOT_LITERAL
    + r"""|(?<![\w.:>$])(?P<g>getattr)"""
    + _NAME_NOT_LITERAL
    + r"""|(?P<q>importlib\.import_module|Class\.forName|\.const_get|\.constantize|\.public_send|"""
    r"""ctypes\.CDLL|Module\.concat|String\.to_atom|Code\.require_file)"""
    + _NOT_LITERAL
    + r"""|\b(?P<i>include|require)(?:_once)?\s+\$\w"""
)
# Python has no global load/require/dofile: there they are ordinary functions (json.load).
_PYTHON_LOADERS = frozenset(
    {
        "__import__",
        "import_module",
        "importlib.import_module",
        "getattr",
        "CDLL",
        "ctypes.CDLL",
        "dlopen",
    }
)


def dynamic_loads(folded: str, language: str = "") -> list[str]:
    """Loader calls in folded code whose module, name or code is computed at run time."""
    found = [
        (m.group("n") or m.group("g") or m.group("q") or m.group("i") or "").lstrip(".")
        for m in _DYNAMIC.finditer(folded[:MAX_FOLD])
        if not m.group("g") or m.group("obj").strip() in _POWERFUL
    ]
    if language == "python":
        found = [f for f in found if f in _PYTHON_LOADERS]
    return list(dict.fromkeys(found))[:8]
