"""Classify file paths: the session's workspace, other repositories, dotfiles, credentials, system.

The credential catalog is data (``CREDENTIAL_PATTERNS``): each entry is a glob over the
absolute path with ``~`` standing for the user's home, and the kind of credential it holds.
Matching is by ``fnmatch`` on normalised paths, so the catalog can be read and extended
without knowing any code.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bastion.sensors.registry import every_agent_files

WORKSPACE = "workspace"
OTHER_REPOSITORY = "other-repository"
HOME_DOTFILE = "home-dotfile"
HOME = "home"
CREDENTIAL = "credential"
SYSTEM = "system"
TEMP = "temp"
OTHER = "other"
AGENT_CONFIG = "agent-config"
OTHER_USER_HOME = "other-user-home"  # an extra class: a path inside another user's home


def _load_catalogue() -> tuple[tuple[str, str], ...]:
    """The credential catalogue (``credentials.toml`` beside this module), as (glob, kind)."""
    data = tomllib.loads(resources.files(__package__).joinpath("credentials.toml").read_text())
    out: list[tuple[str, str]] = []
    for row in data.get("file") or []:
        if row.get("agents"):  # the agents' own logins, where the catalogue places them
            out += [
                (f"~/{path}", files.credential_kind or "agent-credentials")
                for files in every_agent_files()
                for path in files.credentials
            ]
        else:
            out.append((str(row["glob"]), str(row["kind"])))
    return tuple(out)


# (glob, kind). "~" is the home of the path's owner; "**/" matches any directory prefix.
CREDENTIAL_PATTERNS: tuple[tuple[str, str], ...] = _load_catalogue()

# Template files that document variables but hold no values.
NOT_CREDENTIAL_SUFFIXES = (".example", ".sample", ".template", ".dist", ".tmpl", ".defaults")

# Every agent's configuration files, as each agent's declaration in ``sensors/`` names them.
AGENT_CONFIG_PATTERNS: tuple[str, ...] = tuple(
    glob for files in every_agent_files() for glob in files.config_globs
)

# Files that list an agent's MCP servers: each server's command starts with the agent's next
# session, nobody asked again. The agents' own declarations, and the common spellings of
# agents Bastion has no declaration for (``mcp.json``, ``mcp_config.json``).
_MCP_LIST_SUFFIXES = tuple(
    "/" + f.path.lstrip("/") for files in every_agent_files() for f in files.mcp_configs
)
_MCP_LIST_NAMES = frozenset(
    {".mcp.json", "mcp.json", "mcp_config.json", "mcp_settings.json", "mcp-servers.json"}
)


def is_mcp_server_list(path: str) -> bool:
    """``path`` is a file some agent reads its MCP servers (commands it starts) from."""
    path = path.rstrip("/")
    return posixpath.basename(path) in _MCP_LIST_NAMES or path.endswith(_MCP_LIST_SUFFIXES)


SYSTEM_PREFIXES = (
    "/etc/",
    "/usr/",
    "/bin/",
    "/sbin/",
    "/lib/",
    "/lib64/",
    "/lib32/",
    "/boot/",
    "/sys/",
    "/proc/",
    "/dev/",
    "/var/",
    "/opt/",
    "/root/",
    "/srv/",
    "/System/",
    "/Library/",
)
TEMP_PREFIXES = ("/tmp/", "/var/tmp/", "/private/tmp/", "/dev/shm/", "/dev/null")


@dataclass(frozen=True, slots=True)
class PathInfo:
    """What a path is, relative to a session's workspace."""

    path: str  # absolute, normalised
    place: str  # WORKSPACE | OTHER_REPOSITORY | HOME_DOTFILE | HOME | SYSTEM | TEMP | OTHER
    credential: str  # the credential kind from the catalog, "" if none
    agent_config: bool  # the agent's own settings or hook configuration
    other_user: bool = False  # inside another user's home (root's included)

    @property
    def classes(self) -> tuple[str, ...]:
        out = [self.place]
        if self.credential:
            out.append(CREDENTIAL)
        if self.agent_config:
            out.append(AGENT_CONFIG)
        if self.other_user:
            out.append(OTHER_USER_HOME)
        return tuple(out)


# /proc/<pid>/root and /proc/<pid>/cwd are the process's view of "/" and of its working
# directory: the kernel resolves a path through them to the same file as without them.
_PROC_ROOT = re.compile(r"^/proc/(?:self|thread-self|\d+|\$\$|\*)/(?:task/\d+/)?root(?=/|$)")
_PROC_CWD = re.compile(r"^/proc/(?:self|thread-self|\d+|\$\$)/(?:task/\d+/)?cwd(?=/|$)")
_TILDE_USER = re.compile(r"^~([a-z_][a-z0-9_.-]*)(?=/|$)")
HOME_ROOTS = ("/home/", "/Users/")


def resolve(path: str, cwd: str, home: str) -> str:
    """An absolute, normalised path as the kernel would reach it; no file access.

    Expands ``~`` and ``~user`` (another user's home is ``/home/user``, root's ``/root``),
    ``$HOME``, makes a relative path absolute against ``cwd``, and removes the
    ``/proc/<pid>/root`` and ``/proc/<pid>/cwd`` indirections that reach the same file.
    """
    if path.startswith("~/") or path == "~":
        path = home + path[1:]
    elif path.startswith("$HOME/") or path.startswith("${HOME}/"):
        path = home + path[path.index("/") :]
    elif path.startswith("~"):
        match = _TILDE_USER.match(path)
        if match:
            user = match.group(1)
            base = (
                "/root"
                if user == "root"
                else posixpath.join(posixpath.dirname(home) or "/home", user)
            )
            path = base + path[match.end() :]
    if not path.startswith("/"):
        path = posixpath.join(cwd or "/", path)
    path = posixpath.normpath(path)
    for _ in range(4):  # nested indirections (/proc/self/root/proc/1/root/...) resolve too
        rooted = _PROC_ROOT.sub("", path, count=1)
        if rooted != path:
            path = posixpath.normpath("/" + rooted.lstrip("/"))
            continue
        at_cwd = _PROC_CWD.sub("", path, count=1)
        if at_cwd != path:
            path = posixpath.normpath(posixpath.join(cwd or "/", at_cwd.lstrip("/")))
            continue
        break
    return _one_root(path)


def owner_home(full: str, home: str) -> str:
    """The home directory ``full`` lies in when it is another user's (root's included), else ""."""
    own = home.rstrip("/")
    if own and (full == own or full.startswith(own + "/")):
        return ""
    if full == "/root" or full.startswith("/root/"):
        return "/root"
    for root in HOME_ROOTS:
        if full.startswith(root):
            user = full[len(root) :].split("/", 1)[0]
            if user and user not in ("shared", "linuxbrew"):
                return root + user
    return ""


def _one_root(path: str) -> str:
    """POSIX ``normpath`` keeps a leading ``//``; Linux treats it as ``/``. Left in, the
    parent-directory walks below never reach ``/`` and loop for ever (a daemon hang)."""
    return "/" + path.lstrip("/") if path.startswith("//") else path


@lru_cache(maxsize=256)
def find_workspace(cwd: str) -> str:
    """The repository root that contains ``cwd`` (nearest ``.git``), or ``cwd`` itself."""
    probe = _one_root(posixpath.normpath(cwd)) if cwd else cwd
    while probe and probe != "/" and probe != posixpath.dirname(probe):
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        probe = posixpath.dirname(probe)
    return cwd


@lru_cache(maxsize=4096)
def _credential_kind(path: str, home: str) -> str:
    base = posixpath.basename(path)
    if base.endswith(NOT_CREDENTIAL_SUFFIXES) or base.endswith(".pub"):
        return ""
    first = _first_match(path, CREDENTIAL_GLOBS, home)
    if first is not None:
        return CREDENTIAL_PATTERNS[first][1]
    if any(c in path for c in "*?["):
        return _glob_credential(path, home)
    # The directory that holds a catalogued credential (~/.aws, ~/.ssh, ~/.kube): copying,
    # archiving or uploading it takes the credential along.
    for directory in _CREDENTIAL_DIRS:
        if path == directory.replace("~", home.rstrip("/"), 1):
            return "credential-directory"
    return ""


def _glob_credential(glob: str, home: str) -> str:
    """The credential kind a shell glob (``~/.ss?/id_*``) can expand to, or "".

    Each catalogue entry gives a sample path (its own wildcards filled in, ``**/`` placed
    in the glob's directory); the glob reaches the credential when it matches the sample
    component by component, where a component starting with "." is matched only by a glob
    component that starts with "." (the shell's rule for hidden files).
    """
    parts = glob.split("/")
    # A bare "*" in some directory is "every file here", not a reach for a key file that
    # may sit anywhere (**/id_rsa): those entries need a literal part in the glob's name.
    named = bool(re.sub(r"[*?]|\[[^\]]*\]", "", parts[-1]))
    for pattern, kind in CREDENTIAL_PATTERNS:
        if pattern.startswith("**/"):
            if not named:
                continue
            sample = posixpath.dirname(glob) + "/" + pattern[3:]
        elif pattern.startswith("~/"):
            sample = home.rstrip("/") + pattern[1:]
        else:
            sample = pattern
        sample = sample.replace("**", "x").replace("*", "x").replace("?", "x")
        sample_parts = sample.split("/")
        if len(sample_parts) != len(parts):
            continue
        if all(
            (not s.startswith(".") or g.startswith(".")) and fnmatch.fnmatchcase(s, g)
            for s, g in zip(sample_parts, parts, strict=True)
        ):
            return kind
    return ""


def _static_dir(pattern: str) -> str:
    head = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    return head.rstrip("/") if head.endswith("/") else posixpath.dirname(head)


# Directories that hold much more than credentials: not a credential by themselves.
_BROAD_DIRS = frozenset(
    {
        "~/.config",
        "~/.cargo",
        *(f"~/{f.config_dir}" for f in every_agent_files() if f.broad_dir),
        "~/.cache",
        "~/.local",
        "~/.local/share",
        "~/.bundle",
        "~/.cabal",
        "/run/user",
        "/etc/security",
        "/var/lib/docker",
        "~/.kube/cache",
        "~/.minikube",
    }
)
# Directories named by the catalogue's own patterns, a level below home or /etc at least.
_CREDENTIAL_DIRS = frozenset(
    d
    for d in (_static_dir(p) for p, _ in CREDENTIAL_PATTERNS if p.startswith(("~/", "/")))
    if (d.count("/") >= 2 or (d.startswith("~/") and len(d) > 2)) and d not in _BROAD_DIRS
)


CREDENTIAL_GLOBS: tuple[str, ...] = tuple(p for p, _ in CREDENTIAL_PATTERNS)


# The tops of every home: whatever is below them holds every user's credentials.
_HOME_TOPS = frozenset({"/", "/home", "/root", "/Users"})


@lru_cache(maxsize=1024)
def holds_credentials(full: str, home: str) -> bool:
    """``full`` is a directory above a catalogued credential's place: a home itself, its
    ``~/.config`` or ``~/.local``, ``/home``. Copying, archiving or syncing it takes every
    credential below along, although the directory is no credential by itself (``ls ~`` is
    ordinary). ``home`` is the home the path lies in (the user's or another user's)."""
    top = full.rstrip("/") or "/"
    if top in _HOME_TOPS:
        return True
    own = home.rstrip("/")
    if not own or not (top == own or top.startswith(own + "/")):
        return False
    prefix = top + "/"
    return any(
        d.replace("~", own, 1).startswith(prefix)
        for d in (*_CREDENTIAL_DIRS, *_BROAD_DIRS)
        if d.startswith("~/")
    )


def _first_match(path: str, patterns: tuple[str, ...], home: str) -> int | None:
    """The index of the first of ``patterns`` that ``_match`` accepts for ``path``, or None.

    The same answer as trying ``_match`` pattern by pattern, in two regular expressions
    per (patterns, home) instead of hundreds of ``fnmatch`` calls per new path: each
    pattern's translation is one alternative, tried in order (an alternative that does
    not reach the end of the text gives way to the next), and the alternative that matched
    names its pattern. ``**/`` patterns match the basename or any deeper path, so they
    appear in both expressions and the lower index wins.
    """
    whole, base = _matchers(patterns, home)
    found = [i for i in (_which(whole, path), _which(base, posixpath.basename(path))) if i >= 0]
    return min(found) if found else None


def _which(matcher: re.Pattern[str] | None, text: str) -> int:
    if matcher is None:
        return -1
    m = matcher.match(text)
    return -1 if m is None else int((m.lastgroup or "p-1")[1:])


@lru_cache(maxsize=64)
def _matchers(
    patterns: tuple[str, ...], home: str
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    whole: list[str] = []
    base: list[str] = []
    for i, pattern in enumerate(patterns):
        if pattern.startswith("~/"):
            whole.append(f"(?P<p{i}>{fnmatch.translate(home + pattern[1:])})")
        elif pattern.startswith("**/"):
            base.append(f"(?P<p{i}>{fnmatch.translate(pattern[3:])})")
            whole.append(f"(?P<p{i}>{fnmatch.translate('*/' + pattern[3:])})")
        else:
            whole.append(f"(?P<p{i}>{fnmatch.translate(pattern)})")
    return (
        re.compile("|".join(whole)) if whole else None,
        re.compile("|".join(base)) if base else None,
    )


def _match(path: str, pattern: str, home: str) -> bool:
    if pattern.startswith("~/"):
        return fnmatch.fnmatchcase(path, home + pattern[1:])
    if pattern.startswith("**/"):
        return fnmatch.fnmatchcase(posixpath.basename(path), pattern[3:]) or fnmatch.fnmatchcase(
            path, "*/" + pattern[3:]
        )
    return fnmatch.fnmatchcase(path, pattern)


@lru_cache(maxsize=8192)
def classify(path: str, *, workspace: str, home: str, cwd: str = "") -> PathInfo:
    """Classify one path (absolute or relative to ``cwd``) against the session's workspace."""
    full = resolve(path, cwd or workspace, home)
    ws = workspace.rstrip("/")
    inside_workspace = bool(ws) and (full == ws or full.startswith(ws + "/"))
    other = "" if inside_workspace else owner_home(full, home)
    # Another user's home holds that user's credentials at the same places as ours.
    credential = _credential_kind(full, other or home)
    agent_config = _first_match(full, AGENT_CONFIG_PATTERNS, other or home) is not None
    place = _place(full, workspace, home)
    return PathInfo(
        path=full,
        place=place,
        credential=credential,
        agent_config=agent_config,
        other_user=bool(other),
    )


def _place(full: str, workspace: str, home: str) -> str:
    ws = workspace.rstrip("/")
    if ws and (full == ws or full.startswith(ws + "/")):
        return WORKSPACE
    if full.startswith(TEMP_PREFIXES) or full in ("/tmp", "/var/tmp"):
        return TEMP
    home_prefix = home.rstrip("/") + "/"
    if full.startswith(home_prefix):
        rest = full[len(home_prefix) :]
        if rest.startswith("."):
            return HOME_DOTFILE
        if _inside_repository(full, home):
            return OTHER_REPOSITORY
        return HOME
    if full.startswith(SYSTEM_PREFIXES):
        return SYSTEM
    if _inside_repository(full, home):
        return OTHER_REPOSITORY
    return OTHER


@lru_cache(maxsize=1024)
def _inside_repository(full: str, home: str) -> bool:
    probe = posixpath.dirname(full)
    stop = {"/", home.rstrip("/")}
    while probe and probe not in stop and probe != posixpath.dirname(probe):
        if os.path.isdir(os.path.join(probe, ".git")):
            return True
        probe = posixpath.dirname(probe)
    return False
