"""A session's bubblewrap profile: what a sandboxed shell command may see, write and reach.

Built from the session's policy and state by the daemon when it rewrites a command (and by
``bastion-sandbox`` itself when no profile was written); ``launch`` turns it into bubblewrap's
options.

The layout, in bubblewrap's order (later mounts cover earlier ones):

- the root file system read-only (``--ro-bind / /``), a fresh ``/dev`` and ``/proc``;
- ``/tmp`` is the session's own temp directory (other sessions' and the host's are gone),
  ``/var/tmp`` and ``/dev/shm`` empty tmpfs;
- the workspace read-write;
- credential paths (the catalogue ``understand`` uses: ``credentials.toml``), other
  repositories, and Bastion's own home and install covered: a directory by an empty tmpfs,
  a file by ``/dev/null``; a path under a recorded grant for this session stays visible;
- no new privileges (bubblewrap always sets it), every capability dropped (bar binding the
  in-sandbox DNS port when run as root), new PID, IPC, UTS and network namespaces.

Processes the command leaves behind (``&``, ``nohup``, ``setsid``) are in the sandbox's PID
namespace; bubblewrap is its init, so when the command exits they are killed with it, and
``--die-with-parent`` kills the whole sandbox if the agent's shell dies. Nothing outlives
the tool call outside the sandbox.
"""

from __future__ import annotations

import os
import posixpath
import time
from collections.abc import Iterable
from glob import glob

from bastion.contain.launch import Profile, session_tmp
from bastion.understand import paths as pathsmod

MAX_HIDDEN = 1500  # bubblewrap mounts one by one; a pathological tree must not stall a call
MAX_WALK = 20000  # entries of the workspace looked at for credential files
_SKIP_WALK = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"})
# Pseudo file systems the sandbox gets fresh copies of: nothing to hide there.
_FRESH = ("/proc/", "/sys/", "/dev/")


def build(
    session_id: str,
    workspace: str,
    *,
    user_home: str,
    bastion_paths: Iterable[str] = (),
    grants: Iterable[str] = (),
    writable: Iterable[str] = (),
    bwrap: str = "bwrap",
    socat: str = "socat",
) -> Profile:
    """The profile for one session now: what to hide, given what is granted."""
    workspace = os.path.realpath(workspace or os.getcwd())
    user_home = os.path.realpath(user_home)
    granted = sorted({os.path.normpath(g) for g in grants if g.startswith("/")})
    candidates: set[str] = set()
    candidates.update(credential_paths(user_home, workspace))
    candidates.update(other_repositories(user_home, workspace))
    for p in bastion_paths:
        real = os.path.realpath(p)
        # Developing Bastion itself: its checkout is the workspace, not the guard's ground.
        if not _under(workspace, real) and os.path.lexists(real):
            candidates.add(real)
    hidden = sorted(
        p
        for p in candidates
        if p != workspace
        and not _under(workspace, p)  # never cover the workspace or a directory around it
        and not any(_under(p, g) or _under(g, p) for g in granted)
        and not p.startswith(_FRESH)
    )
    # Cover a directory once: nothing under an already covered directory.
    pruned: list[str] = []
    for p in hidden:
        if pruned and _under(p, pruned[-1]) and os.path.isdir(pruned[-1]):
            continue
        pruned.append(p)
    return Profile(
        session_id=session_id,
        workspace=workspace,
        tmp=session_tmp(session_id),
        hidden=pruned[:MAX_HIDDEN],
        granted=granted,
        writable=sorted({os.path.realpath(w) for w in writable if os.path.isdir(w)}),
        bwrap=bwrap,
        socat=socat,
        as_root=os.getuid() == 0,
        uid=os.getuid(),
        gid=os.getgid(),
        made_at=time.time(),
    )


def credential_paths(user_home: str, workspace: str) -> set[str]:
    """Existing paths the credential catalogue names, in the home, the system and the
    workspace (a ``**/`` entry is looked for in the workspace only)."""
    found: set[str] = set()
    for pattern, _kind in pathsmod.CREDENTIAL_PATTERNS:
        if pattern.startswith("**/"):
            continue
        full = pattern.replace("~", user_home, 1) if pattern.startswith("~/") else pattern
        if full.startswith(_FRESH):
            continue
        if full.endswith("/**"):  # a whole directory of credentials: cover the directory
            if os.path.isdir(full[:-3]):
                found.add(os.path.realpath(full[:-3]))
            continue
        for hit in glob(full, recursive="**" in full, include_hidden=True):
            base = posixpath.basename(hit)
            if base.endswith(pathsmod.NOT_CREDENTIAL_SUFFIXES) or base.endswith(".pub"):
                continue
            found.add(os.path.realpath(hit))
    seen = 0
    for root, dirs, files in os.walk(workspace):
        dirs[:] = [d for d in dirs if d not in _SKIP_WALK]
        for name in files:
            seen += 1
            full = posixpath.join(root, name)
            if pathsmod._credential_kind(full, user_home):
                found.add(full)
        seen += len(dirs)
        if seen > MAX_WALK:
            break
    return found


def other_repositories(user_home: str, workspace: str, depth: int = 3) -> set[str]:
    """Git repositories in the home (a few levels down, not under dot-directories) and beside
    the workspace, other than the workspace and any repository that contains it."""
    found: set[str] = set()
    roots = {user_home, posixpath.dirname(workspace)}
    for root in roots:
        base = root.rstrip("/").count("/")
        for current, dirs, _files in os.walk(root):
            if ".git" in dirs or os.path.isfile(posixpath.join(current, ".git")):
                found.add(os.path.realpath(current))
                dirs[:] = []
                continue
            if current.count("/") - base >= depth:
                dirs[:] = []
            else:
                # Dot-directories hold tools installed by git clone (~/.pyenv, ~/.nvm), not
                # projects: hiding them would break the commands the workspace runs.
                dirs[:] = [d for d in dirs if d not in _SKIP_WALK and not d.startswith(".")]
    return {r for r in found if r != workspace and not _under(workspace, r)}


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")
