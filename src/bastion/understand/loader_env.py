"""Environment variables that make a program load code from a path before its own.

``LD_PRELOAD=/tmp/x.so make`` runs ``/tmp/x.so`` inside ``make``; ``PYTHONPATH=/tmp/pp``
imports ``/tmp/pp/sitecustomize.py`` into every Python started; ``NODE_OPTIONS=--require
/tmp/h.js`` runs ``/tmp/h.js`` before ``npm test``. Whatever the program, the file the
variable names is code that runs. This module only says which paths a command's
environment loads as code; the shell walk judges each path as a script it runs (a file
downloaded in the session is downloaded code).
"""

from __future__ import annotations

import re
import shlex

__all__ = ["loaded_paths"]

# Variables whose value is a list of files or directories loaded as code.
_PATH_LISTS = {
    "LD_PRELOAD": " :",
    "LD_AUDIT": ":",
    "DYLD_INSERT_LIBRARIES": ":",
    "PYTHONPATH": ":",
    "PYTHONSTARTUP": "",
    "PYTHONUSERBASE": "",
    "PERL5LIB": ":",
    "PERLLIB": ":",
    "RUBYLIB": ":",
    "NODE_PATH": ":",
    "BASH_ENV": "",
    "ENV": "",
    "ZDOTDIR": "",
    "GIT_EXEC_PATH": "",
    "LUA_INIT": "",
}
# Variables whose value is options; these options name a file that is loaded as code.
_OPTION_VARS = frozenset(
    {
        "NODE_OPTIONS",
        "PERL5OPT",
        "RUBYOPT",
        "JAVA_TOOL_OPTIONS",
        "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS",
    }
)
_LOADING_OPTION = re.compile(
    r"^(?:--require|-r|--import|--loader|--experimental-loader|-M|-I)(?:=(.+))?$"
    r"|^-(?:javaagent|agentpath|Xbootclasspath/[ap]):([^=]+)"
    r"|^-([rIM])(.+)$"
)


def _split(value: str, seps: str) -> list[str]:
    if not seps:
        return [value]
    return [p for p in re.split(f"[{re.escape(seps)}]", value) if p]


def _option_paths(value: str) -> list[str]:
    try:
        words = shlex.split(value)
    except ValueError:
        words = value.split()
    paths: list[str] = []
    k = 0
    while k < len(words):
        match = _LOADING_OPTION.match(words[k])
        if match:
            glued = match.group(1) or match.group(2) or match.group(4)
            if glued:
                paths.append(glued)
            elif k + 1 < len(words):
                paths.append(words[k + 1])
                k += 1
        k += 1
    return paths


def loaded_paths(env: dict[str, str]) -> list[tuple[str, str]]:
    """(variable, path) for each file or directory the environment makes programs load.

    Only values that look like paths (``/``, ``~``, ``.``) are kept: a module name in
    ``RUBYOPT=-rjson`` is not a file.
    """
    found: list[tuple[str, str]] = []
    for name, value in env.items():
        if not value:
            continue
        if name in _PATH_LISTS:
            found += [(name, p) for p in _split(value, _PATH_LISTS[name])]
        elif name in _OPTION_VARS:
            found += [(name, p) for p in _option_paths(value)]
    return [(n, p.split(",")[0]) for n, p in found if p.startswith(("/", "~", "."))][:16]
