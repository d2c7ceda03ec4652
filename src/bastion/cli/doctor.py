"""``bastion doctor``: does every installed hook command still run Bastion, and block if not?

A hook whose target vanished (``make clean``, a moved checkout, a rebuilt virtualenv) is
a silent off switch in Claude Code: "command not found" is a non-blocking error. Doctor
reads every settings file Claude Code reads (user, project, local, managed), finds our
hook commands and checks each one: the entry point exists and is executable, its
interpreter exists, the command is wrapped so a failure blocks, and the home (or the
system socket and service uid) is pinned. Each problem comes with the command that fixes
it.
"""

from __future__ import annotations

import json
import os
import pwd
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.cli.install import MARKER
from bastion.daemon.system_mode import MANAGED_DIR
from bastion.errors import BastionError
from bastion.hook import command as hc
from bastion.hook import native_build
from bastion.sensors.base import AgentFiles
from bastion.sensors.registry import files_of


@dataclass(slots=True)
class FileCheck:
    """What one settings file holds of ours, and what is wrong with it."""

    scope: str
    path: str
    present: bool = False
    commands: int = 0
    problems: list[str] = field(default_factory=list)
    fix: str = ""


def settings_files(project_dir: Path, user_home: Path, managed_dir: Path) -> list[tuple[str, Path]]:
    """Claude Code's settings files, as its sensor declares them (the managed one in
    ``managed_dir``, which tests point elsewhere)."""
    files = files_of("claude-code")
    return [
        ("user", user_home / files.path_of("user")),
        ("project", project_dir / files.path_of("project")),
        ("local", project_dir / files.path_of("project-local")),
        ("managed", managed_dir / Path(files.path_of("managed")).name),
    ]


def _interpreter(entry: Path) -> str | None:
    """The ``#!`` interpreter of a script, or None for a binary/unknown file."""
    try:
        with open(entry, "rb") as fh:
            first = fh.readline(512)
    except OSError:
        return None
    if not first.startswith(b"#!"):
        return None
    words = first[2:].decode(errors="replace").split()
    return words[0] if words else None


def _native_fallback(entry: Path) -> str | None:
    """The Python hook a native hook binary hands over to (from its build record), or None."""
    try:
        data = json.loads(native_build.provenance_path(entry).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    hook = data.get("python_hook") if isinstance(data, dict) else None
    return str(hook) if hook else None


def command_problems(command: str) -> list[str]:
    """Why ``command`` would not run Bastion's hook (or not block when it fails)."""
    parsed = hc.parse(command)
    if parsed is None:
        return [f"not a command Bastion wrote: {command[:120]}"]
    problems = []
    entry = parsed.entry
    if not entry.exists():
        if entry.is_symlink():
            problems.append(f"{entry} points at {os.readlink(entry)}, which no longer exists")
        else:
            problems.append(f"{entry} does not exist")
    elif not os.access(entry, os.X_OK):
        problems.append(f"{entry} is not executable")
    else:
        interpreter = _interpreter(entry.resolve())
        if interpreter is not None and not os.access(interpreter, os.X_OK):
            problems.append(f"{entry} runs {interpreter}, which no longer exists")
        fallback = _native_fallback(entry.resolve())
        if fallback is not None and not os.access(fallback, os.X_OK):
            problems.append(
                f"{entry} is the native hook; its Python fallback {fallback} no longer exists"
            )
    if not parsed.wrapped:
        problems.append("a failure of this command would let tool calls through (old format)")
    if not ({"--home", "--daemon-uid"} & parsed.options.keys()):
        problems.append("the Bastion home is not pinned in the command")
    return problems


def check_file(scope: str, path: Path) -> FileCheck:
    result = FileCheck(scope, str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return result
    except OSError as exc:
        result.present = True
        result.problems.append(f"cannot be read ({exc.strerror})")
        return result
    result.present = True
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError:
        result.problems.append("is not valid JSON: Claude Code ignores it")
        return result
    hooks = data.get("hooks") if isinstance(data, dict) else None
    commands: set[str] = set()
    for groups in hooks.values() if isinstance(hooks, dict) else []:
        for group in groups if isinstance(groups, list) else []:
            entries = group.get("hooks") if isinstance(group, dict) else None
            for entry in entries if isinstance(entries, list) else []:
                command = str(entry.get("command", "")) if isinstance(entry, dict) else ""
                if MARKER in command:
                    commands.add(command)
    result.commands = len(commands)
    for command in sorted(commands):
        for problem in command_problems(command):
            if problem not in result.problems:
                result.problems.append(problem)
    if scope == "managed" and commands and data.get("allowManagedHooksOnly") is not True:
        result.problems.append("allowManagedHooksOnly is not set: projects may add hooks")
    if scope == "managed":
        result.problems += _service_uid_problems(commands)
    if result.problems:
        result.fix = (
            "sudo bastion install --system claude-code"
            if scope == "managed"
            else f"bastion install claude-code --scope {scope}"
        )
    return result


def _service_uid_problems(commands: set[str]) -> list[str]:
    """A pinned ``--daemon-uid`` that is no longer the service user's makes every call fail."""
    from bastion.daemon.system_mode import load

    try:
        config = load()
        uid = pwd.getpwnam(config.user).pw_uid if config is not None else None
    except (KeyError, BastionError):
        return ["the system install's service user is missing or its description unreadable"]
    problems = []
    for command in commands:
        parsed = hc.parse(command)
        pinned = parsed.options.get("--daemon-uid") if parsed else None
        if uid is not None and pinned is not None and pinned != str(uid):
            problems.append(f"the hook trusts uid {pinned}, but the service user is uid {uid}")
    return problems


def run(
    project_dir: Path, user_home: Path | None = None, managed_dir: Path | None = None
) -> list[FileCheck]:
    files = settings_files(project_dir, user_home or Path.home(), managed_dir or MANAGED_DIR)
    return [check_file(scope, path) for scope, path in files]


def summary(checks: list[FileCheck]) -> tuple[bool, str]:
    """(healthy, one line): healthy means Bastion's hook is installed and nothing is broken."""
    broken = [c.scope for c in checks if c.problems]
    installed = [c.scope for c in checks if c.commands]
    if broken:
        return False, f"BROKEN in {', '.join(broken)} (run `bastion doctor`)"
    if not installed:
        return False, "not installed for this project (run `bastion install claude-code`)"
    return True, f"ok ({', '.join(installed)})"


def agent_problems(project_dir: Path, user_home: Path | None = None) -> list[str]:
    """Hooks of ours that the other agents hold but that would not run, or not block.

    Every hook file each agent reads (``registry.files_of``) is searched for our commands,
    each checked as Claude Code's are (entry point there, wrapped, home pinned). Codex also
    skips an untrusted, modified or disabled hook without a word: its own app-server says
    which of ours it would skip (``sensors/codex/trust.problems``).
    """
    from bastion.sensors import registry
    from bastion.sensors.codex import trust

    home = user_home or Path.home()
    found = []
    for agent in registry.AGENTS:
        if agent == registry.DEFAULT_AGENT:
            continue  # `run` checks Claude Code's files
        for path in _hook_files(registry.files_of(agent), project_dir, home):
            for command in sorted(_our_commands(path)):
                for problem in command_problems(command):
                    found.append(f"{agent}: {path}: {problem} (fix: `bastion install {agent}`)")
    return found + trust.problems(project_dir)


def _hook_files(files: AgentFiles, project_dir: Path, home: Path) -> list[Path]:
    paths = []
    for f in files.settings:
        if f.path.startswith("/"):
            paths.append(Path(f.path))
        else:
            paths.append((home if f.scope == "user" else project_dir) / f.path)
    for directory in files.hook_dirs:
        paths += sorted((project_dir / directory).glob("*.json"))
    return [p for p in paths if p.suffix == ".json" and p.is_file()]


def _our_commands(path: Path) -> set[str]:
    """Every string of ours under a ``command`` or ``bash`` key, however the file nests them."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return set()
    found: set[str] = set()
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("command", "bash") and isinstance(value, str) and MARKER in value:
                    found.add(value)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found
