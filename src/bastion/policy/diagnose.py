"""Readable policy errors: where the typo is, which policy (by ``@id``), said once.

Cedar (through cedarpy) reports a parse error without a position and a schema error once
per action it applies to ("attribute `sesion` ... for Bastion::Action::"read"", then
"write", ...). This module turns those into one message per mistake, pointing at the
line and column of the offending text:

- parse errors are located by parsing growing prefixes of the statement: while the text
  is only *incomplete* Cedar reports "unexpected end of input"; the first line, then the
  first word, whose inclusion changes that to another error is where the mistake is;
- schema errors are grouped by their text with the action removed, and an unknown
  attribute is located by searching the statement for ``.name`` outside comments; a
  close match among the schema's attribute names is offered as the likely fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import cedarpy

__all__ = [
    "INCOMPLETE",
    "Located",
    "group_validation_errors",
    "locate_parse_error",
    "locate_token",
    "policy_id",
    "schema_actions",
    "schema_names",
]

INCOMPLETE = "unexpected end of input"
_ID = re.compile(r'@id\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)')
_POLICY_PREFIX = re.compile(r"^for policy `[^`]*`,\s*")
_ACTION = re.compile(r'\s*for Bastion::Action::"([^"]+)"')
_ATTRIBUTE = re.compile(r"attribute `([^`]+)`")
_SCHEMA_NAME = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\??\s*:")


@dataclass(frozen=True, slots=True)
class Located:
    """A message with its position inside one statement (1-based line offset, column)."""

    message: str
    line_offset: int  # lines after the statement's first line
    column: int  # 1-based; 0 when unknown


def policy_id(text: str) -> str:
    """The statement's ``@id``, or "" when it has none."""
    found = _ID.search(_strip_comments(text))
    return found.group(1) if found else ""


def _strip_comments(text: str) -> str:
    """Comments blanked out (same length, same line breaks), strings kept."""
    out = []
    i, n, in_string = 0, len(text), False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _parse_error(text: str) -> str | None:
    try:
        cedarpy.PolicySet.from_str(text)
    except ValueError as exc:
        return str(exc)
    return None


def locate_parse_error(text: str, message: str) -> Located:
    """Where in ``text`` the parse error ``message`` starts (see the module docstring)."""
    code = _strip_comments(text)
    lines = code.split("\n")
    for index in range(1, len(lines) + 1):
        prefix = "\n".join(lines[:index])
        error = _parse_error(prefix)
        if error is None or error == INCOMPLETE:
            continue
        # the mistake is on this line: find the first word that brings it in
        line = lines[index - 1]
        before = "\n".join(lines[: index - 1]) + ("\n" if index > 1 else "")
        for word in re.finditer(r"\S+", line):
            at_word = _parse_error(before + line[: word.end()])
            if at_word is not None and at_word != INCOMPLETE:
                return Located(at_word, index - 1, word.start() + 1)
        return Located(error, index - 1, 0)
    return Located(message, 0, 0)


def locate_token(text: str, token: str) -> tuple[int, int]:
    """(line offset, 1-based column) of ``.token`` in the statement's code, else (0, 0)."""
    code = _strip_comments(text)
    found = re.search(r"\.\s*" + re.escape(token) + r"\b", code) or re.search(
        r"\b" + re.escape(token) + r"\b", code
    )
    if found is None:
        return 0, 0
    start = found.start() + (1 if code[found.start()] == "." else 0)
    line_offset = code.count("\n", 0, start)
    column = start - (code.rfind("\n", 0, start) + 1) + 1
    return line_offset, column


def schema_names(schema: str) -> list[str]:
    """Every attribute and type name the schema declares (for "did you mean")."""
    return sorted(set(_SCHEMA_NAME.findall(schema)))


def group_validation_errors(
    text: str, raw_errors: list[str], actions: int, schema: str
) -> list[Located]:
    """Cedar's per-action schema errors as one located message per distinct mistake."""
    grouped: dict[str, set[str]] = {}
    for raw in raw_errors:
        message = _POLICY_PREFIX.sub("", raw)
        acts = set(_ACTION.findall(message))
        message = _ACTION.sub("", message).strip()
        grouped.setdefault(message, set()).update(acts)
    names = schema_names(schema)
    out = []
    for message, acts in sorted(grouped.items()):
        if acts and len(acts) < actions:
            scope = f" (for action{'s' if len(acts) > 1 else ''} {', '.join(sorted(acts))})"
        else:
            scope = ""
        line_offset, column = 0, 0
        attribute = _ATTRIBUTE.search(message)
        if attribute:
            line_offset, column = locate_token(text, attribute.group(1))
            close = difflib.get_close_matches(attribute.group(1), names, n=1, cutoff=0.75)
            if close and close[0] != attribute.group(1):
                message += f"; did you mean `{close[0]}`?"
        out.append(Located(message + scope, line_offset, column))
    return out


_ACTION_DECL = re.compile(r"\baction\s+((?:\"[^\"]+\"\s*,?\s*)+)")


def schema_actions(schema: str) -> list[str]:
    """The action names the schema declares (an error for all of them is said once)."""
    names: list[str] = []
    for decl in _ACTION_DECL.findall(schema):
        names += re.findall(r'"([^"]+)"', decl)
    return names
