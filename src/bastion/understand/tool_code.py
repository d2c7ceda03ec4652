"""Code carried by the arguments of an MCP or unknown tool, and the language it is in.

A tool that runs what it is given (a notebook cell, a SQL console, a process runner) does
whatever that code does, whatever the tool is called: ``run_cell``, ``invoke``,
``query_database``. The tool's name may even claim only to read (``query_*``) while its
argument drops a table. So the code is recognised by the argument's name and the value's
shape, never by a tool's name from some corpus, and handed to the same analysis as a shell
command (``python3 -c`` for Python, a database client for SQL), so that every rule that
judges a command judges it too.

- **argv**: a list of strings under ``argv`` (or ``args``/``command``/``cmd`` of a tool whose
  name says it executes): a program and its arguments, run without a shell (quoted word by
  word);
- **shell**: a string under ``command``/``cmd``/``shell_command``/``commandline``/``script``
  of a tool whose name says it executes, or whose name says shell/terminal/bash;
- **python**: a string under ``code``/``source``/``cell``/``script`` when the tool's or the
  argument's words say Python (python, notebook, cell, jupyter, kernel, ipython), or the
  text parses as Python and uses a statement or call a shell line never has;
- **sql**: a string under ``sql``/``query``/``statement``/``stmt`` that starts with a SQL
  keyword (a search box's ``query`` does not).
"""

from __future__ import annotations

import ast
import re
import shlex
import warnings
from dataclasses import dataclass
from typing import Any

__all__ = ["ToolCode", "as_shell", "code_arguments", "sql_arguments"]

_ARGV_KEYS = ("argv", "args", "arguments", "command", "cmd")
_SHELL_KEYS = ("command", "cmd", "shell_command", "commandline", "command_line", "script")
_PYTHON_KEYS = ("code", "source", "cell", "cell_source", "script", "python", "snippet")
_SQL_KEYS = ("sql", "query", "statement", "stmt", "sql_query", "statements")
# Words of a tool's or argument's name that say the code is Python.
_PYTHON_WORDS = frozenset("python py notebook cell jupyter kernel ipython ipynb pandas".split())
# Keys naming the program of a process runner whose arguments come as a separate list.
_PROGRAM_KEYS = ("program", "executable", "binary", "exe", "bin", "path")
# A tool whose name says it sends keystrokes, and the argument holding the keys typed.
_KEYSTROKE_WORDS = frozenset({"keys", "keystrokes", "keystroke"})
_KEYSTROKE_KEYS = frozenset({"keys", "text", "input", "literal"})
# Words of a tool's name that say it runs a shell.
_SHELL_WORDS = frozenset("shell terminal bash sh zsh command cmd process exec".split())
# A statement, not a search phrase that starts with the same word ("drop shipping"): the
# keyword and the words SQL puts after it.
_SQL_START = re.compile(
    r"^\s*(?:--[^\n]*\n\s*)*(?:"
    r"select\s+(?:\S.*\s)?from\s|select\s+[\w*(]"
    r"|insert\s+into\s|update\s+[\w.\"`]+\s+set\s|delete\s+from\s"
    r"|(?:drop|create|alter|truncate)\s+(?:table|database|schema|user|role|index|view|"
    r"sequence|function|procedure|trigger|extension|or\s+replace)\b|truncate\s+[\w.\"`]+\s*;?$"
    r"|grant\s+.+\s(?:on|to)\s|revoke\s+.+\s(?:on|from)\s|with\s+\w+\s+as\s*\("
    r"|merge\s+into\s|copy\s*[\w(]|vacuum\b|explain\s|pragma\s|attach\s+database\s|call\s+\w+\s*\()",
    re.IGNORECASE | re.DOTALL,
)
# Python that a one-line shell command does not look like: an import, a def, an assignment
# followed by a call, a call with keyword arguments.
_PYTHON_SHAPE = re.compile(r"^\s*(?:import |from \w[\w.]* import |def |class |\w+\s*=\s*\S)", re.M)
MAX_CODE = 100_000
_WORD_SPLIT = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


@dataclass(frozen=True, slots=True)
class ToolCode:
    """One argument's code: its language (argv, shell, python, sql) and text."""

    argument: str
    language: str
    text: str


def _words(name: str) -> set[str]:
    return {w.lower() for w in _WORD_SPLIT.findall(name)}


def _looks_python(text: str) -> bool:
    if not _PYTHON_SHAPE.search(text):
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(text)
        except (SyntaxError, ValueError):
            return False
    return True


def code_arguments(tool_name: str, tool_input: dict[str, Any], executes: bool) -> list[ToolCode]:
    """The code arguments of a call. `tool_name` is the tool's own name (an MCP tool's
    operation); `executes` is what the name's verbs say (``describe_tool``)."""
    words = _words(tool_name)
    out: list[ToolCode] = []
    for key, value in tool_input.items():
        if not isinstance(key, str) or key.startswith("_meta"):
            continue
        low = key.lower()
        key_words = _words(key) | {low}
        if isinstance(value, list) and low in _ARGV_KEYS:
            # ``argv`` is a program and its arguments by its very name; ``args`` or a
            # ``command`` list only when the tool's name says it runs something.
            runs = low == "argv" or executes or bool(words & _SHELL_WORDS)
            if runs and value and all(isinstance(v, str) for v in value) and len(value) <= 512:
                # A process runner's program named apart from its arguments
                # ({"program": "sh", "args": ["-c", ...]}) heads the argv.
                program = _program_of(tool_input) if low != "argv" else ""
                head = [program] if program else []
                argv = " ".join(shlex.quote(v) for v in [*head, *value])
                out.append(ToolCode(key, "argv", argv))
            continue
        if low in _KEYSTROKE_KEYS and words & _KEYSTROKE_WORDS:
            # Keystrokes sent to a terminal pane are typed into the shell running there.
            if isinstance(value, str) and value.strip() and len(value) <= MAX_CODE:
                out.append(ToolCode(key, "shell", value))
            continue
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_CODE:
            continue
        if low in _SQL_KEYS or key_words & {"sql"}:
            if _SQL_START.match(value):
                out.append(ToolCode(key, "sql", value))
            continue
        pythonish = bool((words | key_words) & _PYTHON_WORDS)
        if low in _PYTHON_KEYS or key_words & {"code", "source", "cell"}:
            if pythonish or _looks_python(value):
                out.append(ToolCode(key, "python", value))
            elif executes or words & _SHELL_WORDS:
                out.append(ToolCode(key, "shell", value))
            continue
        if low in _SHELL_KEYS and (executes or words & _SHELL_WORDS):
            out.append(ToolCode(key, "shell", value))
    return out[:4]


def as_shell(code: ToolCode) -> str:
    """The shell command that runs `code` the way the tool does, for the shell analysis."""
    if code.language in ("argv", "shell"):
        return code.text
    if code.language == "python":
        return "python3 -c " + shlex.quote(code.text)
    return "psql -c " + shlex.quote(code.text)


# A statement that changes a server, in an argument of any name (``text``, ``q``, ``body``):
# its shape, not the argument's name, says it is SQL. Reads are left to ``_SQL_KEYS``.
_SQL_CHANGE = re.compile(
    r"^\s*(?:--[^\n]*\n\s*)*(?:insert\s+into\s+[\w.\"`]+|update\s+[\w.\"`]+\s+set\s+\w"
    r"|delete\s+from\s+[\w.\"`]+\s*(?:;|where\b|$)|merge\s+into\s"
    r"|(?:drop|create|alter)\s+(?:table|database|schema|user|role|login|keyspace|view|index|"
    r"function|procedure|trigger|extension|collection)\s+[\w.\"`]"
    r"|truncate\s+(?:table\s+)?[\w.\"`]+\s*(?:;|cascade|restrict|$)"
    r"|grant\s+[\w ,]+\s+(?:on|to)\s|revoke\s+[\w ,]+\s+(?:on|from)\s)",
    re.IGNORECASE,
)


def sql_arguments(tool_input: dict[str, Any]) -> list[str]:
    """SQL texts among a tool's string arguments: any statement under an SQL-named key, and
    a statement that changes a server under a key of any name."""
    out: list[str] = []
    for key, value in list(tool_input.items())[:32]:
        if not isinstance(key, str) or not isinstance(value, str) or len(value) > MAX_CODE:
            continue
        named = key.lower() in _SQL_KEYS or "sql" in _words(key)
        if (named and _SQL_START.match(value)) or _SQL_CHANGE.match(value):
            out.append(value)
    return out[:4]


def _program_of(tool_input: dict[str, Any]) -> str:
    for key in _PROGRAM_KEYS:
        value = tool_input.get(key)
        if isinstance(value, str) and value.strip() and len(value) <= 4096:
            return value.strip()
    return ""
