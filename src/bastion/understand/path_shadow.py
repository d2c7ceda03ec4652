"""Executables written into a directory on PATH: run by name later, by anyone (#13 §3).

A file in ``~/.local/bin``, ``~/bin`` or ``/usr/local/bin`` runs whenever its name is typed,
by the user, a build or a later agent session, with nobody asked again. When its name is
that of a program that already exists elsewhere on PATH (a wrapper that ends in
``exec /usr/bin/NAME "$@"``, or a name of a program installed on this machine or modelled
by Bastion), every later run of that program runs the new file first: persistence by
shadowing. The content of such a file is judged when it is written.
"""

from __future__ import annotations

import os
import posixpath
import re

__all__ = ["PATH_DIRS", "on_path", "shadows"]

# Directories on a usual PATH that a user (or an agent as the user) can write to, in home
# form ("~" for the home directory), and the system ones an administrator writes.
PATH_DIRS = frozenset(
    {
        "~/.local/bin",
        "~/bin",
        "~/.bin",
        "~/.cargo/bin",
        "~/go/bin",
        "~/.npm-global/bin",
        "~/.deno/bin",
        "~/.bun/bin",
        "~/.volta/bin",
        "~/.pyenv/shims",
        "~/.rbenv/shims",
        "~/.asdf/shims",
        "/usr/local/bin",
        "/usr/local/sbin",
        "/opt/homebrew/bin",
        "/usr/bin",
        "/bin",
        "/usr/sbin",
        "/sbin",
    }
)
_SYSTEM_BIN = ("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin")
# The few programs every shell session runs, whether or not they are installed here.
_CORE = frozenset(
    {
        "ls",
        "cat",
        "cd",
        "cp",
        "mv",
        "rm",
        "sudo",
        "su",
        "ssh",
        "scp",
        "git",
        "make",
        "sh",
        "bash",
        "zsh",
        "env",
        "python",
        "python3",
        "pip",
        "pip3",
        "node",
        "npm",
        "npx",
        "go",
        "cargo",
        "docker",
        "kubectl",
        "java",
        "ruby",
        "gem",
        "mix",
        "gradle",
        "mvn",
        "curl",
        "wget",
        "grep",
        "find",
        "tar",
        "less",
        "vim",
        "nvim",
        "code",
        "gh",
        "aws",
        "gcloud",
        "az",
        "terraform",
        "helm",
        "yarn",
        "pnpm",
        "uv",
        "poetry",
        "php",
        "composer",
        "perl",
    }
)


def on_path(home_form: str) -> bool:
    """``home_form`` (a path with the home directory as "~") is a file directly in a PATH dir."""
    return posixpath.dirname(home_form.rstrip("/")) in PATH_DIRS


def shadows(path: str, text: str, known: frozenset[str] | set[str] = frozenset()) -> bool:
    """The file at ``path`` takes the name of a program that exists elsewhere."""
    name = posixpath.basename(path.rstrip("/"))
    if not name or name.startswith("."):
        return False
    here = posixpath.dirname(path.rstrip("/"))
    if re.search(r"(?:^|[\s\"'=])/[\w./-]*/" + re.escape(name) + r"(?![\w.-])", text[:8192]):
        return True  # a wrapper that runs the real program of the same name
    if name in _CORE or name in known:
        return True
    return any(d != here and os.path.exists(posixpath.join(d, name)) for d in _SYSTEM_BIN)
