"""Brokered secrets: the agent writes ``{{secret:NAME}}``, Bastion puts the value in at the edge.

The agent never sees a value, so it can neither leak it in a transcript nor send it to a
host it was not meant for. ``<home>/secrets.toml`` names each secret, where its value
comes from, and the only hosts it may be sent to::

    [secrets.GITHUB_TOKEN]
    env = "GH_TOKEN"                    # an environment variable of the daemon
    hosts = ["api.github.com", "github.com"]

    [secrets.DEPLOY_KEY]
    file = "~/.config/deploy/token"     # a file (first line, stripped)
    hosts = ["deploy.example.com"]

    [secrets.DB_PASSWORD]
    command = ["vault", "kv", "get", "-field=password", "secret/db"]   # a secrets manager's CLI
    hosts = ["db.internal.example.com"]
    ttl_seconds = 300                   # how long a fetched value is kept in memory (default 60)

A Bash command holding handles is substituted only when Bastion understands it fully (no
opaque parts, no inline or downloaded code, no environment dump), it talks to at least one
host, and every network destination is among the approved hosts of every secret used.
Values are held in memory only; ``scrub`` puts handles back wherever a value shows up
again (in the updated input Claude Code echoes, in a tool's output), so the record keeps
handles. Values with characters that could change the shell's parse are refused.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.core.tools import ToolKind, ToolSpec
from bastion.identity.errors import SecretError
from bastion.sensors import tool_spec

# A shell call when the caller names no tool (the default agent's shell input shape).
SHELL = ToolSpec(ToolKind.SHELL, command_key="command")

HANDLE = re.compile(r"\{\{secret:([A-Za-z_][A-Za-z0-9_.-]{0,63})\}\}")
# A value substituted into a shell command must not be able to change how it parses (no
# quotes, spaces, expansions, globs; no leading ~ or = that bash or zsh would expand).
SAFE_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+/=:@%,-]{0,4095}")
UNSAFE_EXECUTION = frozenset(
    {"inline-python", "inline-node", "inline-shell", "downloaded", "remote", "script"}
)
COMMAND_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class SecretSpec:
    name: str
    hosts: tuple[str, ...]
    env: str = ""
    file: str = ""
    command: tuple[str, ...] = ()
    ttl_seconds: float = 60.0

    @property
    def source(self) -> str:
        return "env" if self.env else "file" if self.file else "command"

    def allows_host(self, host: str) -> bool:
        return any(fnmatch.fnmatchcase(host.lower(), p.lower()) for p in self.hosts)


@dataclass(slots=True)
class BrokeredInput:
    """The outcome of brokering one tool call: an updated input, or a refusal with a reason.

    ``updated_input`` is the complete tool input for Claude Code's
    ``hookSpecificOutput.updatedInput`` (it replaces the whole input); it holds secret
    values, so it must be sent to the agent and never recorded. ``recorded_input`` is the
    same input with handles, for the record.
    """

    secrets: list[str]
    hosts: list[str]
    updated_input: dict[str, Any] | None = field(default=None, repr=False)
    recorded_input: dict[str, Any] = field(default_factory=dict)
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.updated_input is not None


def load_specs(path: Path) -> dict[str, SecretSpec]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SecretError(f"{path}: cannot read secrets configuration ({exc}); fix it") from exc
    specs: dict[str, SecretSpec] = {}
    for name, item in (data.get("secrets") or {}).items():
        if not HANDLE.fullmatch("{{secret:" + name + "}}") or not isinstance(item, dict):
            raise SecretError(f"{path}: [secrets.{name}] is not a valid secret name or table")
        sources = [k for k in ("env", "file", "command") if k in item]
        if len(sources) != 1:
            raise SecretError(f"{path}: [secrets.{name}] needs exactly one of env, file, command")
        hosts = item.get("hosts")
        if not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) for h in hosts):
            raise SecretError(f"{path}: [secrets.{name}] needs hosts = [...] (approved hosts)")
        if "*" in hosts:
            raise SecretError(f"{path}: [secrets.{name}] may not approve every host ('*')")
        command = item.get("command", [])
        if isinstance(command, str) or not all(isinstance(c, str) for c in command):
            raise SecretError(f"{path}: [secrets.{name}] command must be a list of arguments")
        specs[name] = SecretSpec(
            name=name,
            hosts=tuple(hosts),
            env=str(item.get("env", "")),
            file=str(item.get("file", "")),
            command=tuple(command),
            ttl_seconds=float(item.get("ttl_seconds", 60.0)),
        )
    return specs


class SecretSource:
    """Fetches values (memory-only cache) and remembers which ones a session was given."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._specs: dict[str, SecretSpec] | None = None
        self._stamp: tuple[int, int] | None = None
        self._cache: dict[str, tuple[float, str]] = {}
        self._given: dict[str, dict[str, str]] = {}  # session -> value -> handle

    def specs(self) -> dict[str, SecretSpec]:
        try:
            st = os.stat(self.path)
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        if self._specs is None or stamp != self._stamp:
            self._specs = load_specs(self.path)
            self._stamp = stamp
            self._cache.clear()
        return self._specs

    def value(self, spec: SecretSpec) -> str:
        cached = self._cache.get(spec.name)
        if cached and time.monotonic() - cached[0] < spec.ttl_seconds:
            return cached[1]
        if spec.env:
            value = os.environ.get(spec.env)
            if value is None:
                raise SecretError(
                    f"secret {spec.name}: environment variable {spec.env} is not set for the daemon"
                )
        elif spec.file:
            try:
                value = Path(spec.file).expanduser().read_text(encoding="utf-8").splitlines()[0]
            except (OSError, IndexError) as exc:
                raise SecretError(f"secret {spec.name}: cannot read {spec.file}") from exc
        else:
            try:
                done = subprocess.run(  # a configured argument list, no shell
                    list(spec.command),
                    capture_output=True,
                    timeout=COMMAND_TIMEOUT,
                    check=False,
                    stdin=subprocess.DEVNULL,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise SecretError(
                    f"secret {spec.name}: {spec.command[0]!r} failed ({type(exc).__name__})"
                ) from exc
            if done.returncode != 0:
                # stderr may echo parts of a secret; say only that it failed.
                raise SecretError(
                    f"secret {spec.name}: {spec.command[0]!r} exited {done.returncode}"
                )
            lines = done.stdout.decode("utf-8", "replace").splitlines()
            value = lines[0] if lines else ""
        value = value.strip()
        if not value:
            raise SecretError(f"secret {spec.name}: its source gave an empty value")
        self._cache[spec.name] = (time.monotonic(), value)
        return value

    def remember(self, session_id: str, value: str, name: str) -> None:
        self._given.setdefault(session_id, {})[value] = "{{secret:" + name + "}}"

    def scrub(self, session_id: str, value: Any) -> Any:
        """``value`` with every secret value given to this session replaced by its handle."""
        given = self._given.get(session_id)
        if not given:
            return value
        return _replace(value, given)

    def forget(self, session_id: str) -> None:
        self._given.pop(session_id, None)


def _replace(value: Any, given: dict[str, str]) -> Any:
    if isinstance(value, str):
        for secret, handle in given.items():
            if secret in value:
                value = value.replace(secret, handle)
        return value
    if isinstance(value, dict):
        return {k: _replace(v, given) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, given) for v in value]
    return value


def handles_in(value: Any) -> list[str]:
    """Names of the secrets referenced anywhere in ``value``, in order of first use."""
    names: list[str] = []
    if isinstance(value, str):
        names.extend(m.group(1) for m in HANDLE.finditer(value))
    elif isinstance(value, dict):
        for v in value.values():
            names.extend(handles_in(v))
    elif isinstance(value, list):
        for v in value:
            names.extend(handles_in(v))
    return list(dict.fromkeys(names))


def broker(
    source: SecretSource,
    session_id: str,
    tool: str | None,
    tool_input: dict[str, Any],
    *,
    cwd: str,
    workspace: str,
    home: str,
) -> BrokeredInput | None:
    """Substitute handles in a shell command, or refuse saying why; None without handles.

    ``tool`` None means the agent's shell tool (callers that broker a command directly).
    """
    names = handles_in(tool_input)
    if not names:
        return None
    out = BrokeredInput(secrets=names, hosts=[], recorded_input=dict(tool_input))
    call = tool_spec(tool) if tool else SHELL
    key = call.command_key
    if call.kind is not ToolKind.SHELL or not isinstance(tool_input.get(key), str):
        what = tool or "a call without a command"
        out.refusal = f"secret handles are only substituted in shell commands, not in {what}"
        return out
    if handles_in({k: v for k, v in tool_input.items() if k != key}):
        out.refusal = "secret handles are only substituted in the command itself"
        return out
    specs = source.specs()
    unknown = [n for n in names if n not in specs]
    if unknown:
        out.refusal = f"unknown secret {unknown[0]}; add it to {source.path}"
        return out
    command: str = tool_input[key]
    # Understand the command with neutral words where the handles are, so the analysis sees
    # the same structure the substituted command will have (values are shell-inert).
    from bastion.understand.actions import understand

    neutral = HANDLE.sub(lambda m: "BastionSecret" + str(names.index(m.group(1))), command)
    facts = understand(
        tool or "shell", {key: neutral}, cwd=cwd, workspace=workspace, home=home, spec=call
    )
    hosts = [d.host for d in facts.destinations]
    out.hosts = sorted({h for h in hosts if h})
    if facts.opaque:
        out.refusal = "the command is not fully understood, so where a secret goes is unknown"
    elif facts.env_dump:
        out.refusal = "the command dumps the environment"
    elif {e.kind for e in facts.executes} & UNSAFE_EXECUTION:
        out.refusal = "the command runs code whose network destinations cannot be checked"
    elif not hosts:
        out.refusal = "the command talks to no host; a brokered secret is only sent to its hosts"
    elif any(not h for h in hosts):
        out.refusal = "a network destination of the command cannot be determined"
    if out.refusal:
        return out
    for name in names:
        spec = specs[name]
        outside = [h for h in out.hosts if not spec.allows_host(h)]
        if outside:
            out.refusal = (
                f"secret {name} may only go to {', '.join(spec.hosts)}; the command also "
                f"talks to {', '.join(outside)}"
            )
            return out
    values: dict[str, str] = {}
    for name in names:
        try:
            value = source.value(specs[name])
        except SecretError as exc:
            out.refusal = str(exc)
            return out
        if not SAFE_VALUE.fullmatch(value):
            out.refusal = (
                f"secret {name} holds characters that could change the command's meaning "
                "when substituted; it cannot be brokered into a shell command"
            )
            return out
        values[name] = value
    updated = dict(tool_input)
    updated["command"] = HANDLE.sub(lambda m: values[m.group(1)], command)
    for name, value in values.items():
        source.remember(session_id, value, name)
    out.updated_input = updated
    return out
