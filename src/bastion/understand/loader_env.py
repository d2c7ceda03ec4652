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
# Any other variable shaped like a runtime's options (``*_OPTIONS``, ``*_OPTS``, ``*OPT``,
# ``*_FLAGS``, ``*JVMARGS``) or its start-up file (``*_STARTUP``, ``*_PROFILE_USER``,
# ``*_PROFILE_SITE``, ``*_INIT``): runtimes not listed above spell them the same way
# (``MAVEN_OPTS``, ``GRADLE_OPTS``, ``R_PROFILE_USER``). Their options count only when
# they can mean nothing but loading code; ``-I``/``-M`` also mean include paths elsewhere.
_OPTION_SHAPE = re.compile(r"(?:_OPTIONS|_OPTS|OPT|_FLAGS|JVMARGS|JVM_ARGS)$")
_FILE_SHAPE = re.compile(r"(?:_STARTUP|_PROFILE_USER|_PROFILE_SITE|_INIT)$")
_STRICT_LOADING = re.compile(
    r"^(?:--require|--import|--loader|--experimental-loader)(?:=(.+))?$"
    r"|^-(?:javaagent|agentpath|Xbootclasspath/[ap]):([^=]+)"
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


def _option_paths(value: str, loading: re.Pattern[str] = _LOADING_OPTION) -> list[str]:
    try:
        words = shlex.split(value)
    except ValueError:
        words = value.split()
    paths: list[str] = []
    k = 0
    while k < len(words):
        match = loading.match(words[k])
        if match:
            glued = next((g for g in match.groups()[:2] if g), None) or (
                match.group(4) if loading is _LOADING_OPTION else None
            )
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
        elif _FILE_SHAPE.search(name.upper()):
            found.append((name, value))
        elif _OPTION_SHAPE.search(name.upper()):
            found += [(name, p) for p in _option_paths(value, _STRICT_LOADING)]
    return [(n, p.split(",")[0]) for n, p in found if p.startswith(("/", "~", "."))][:16]
