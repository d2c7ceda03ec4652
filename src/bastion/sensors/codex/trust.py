"""Ask Codex itself which hooks it trusts, and record trust for ours: ``codex app-server``.

Codex runs an unmanaged hook only when ``config.toml`` holds the hook's current hash under
``[hooks.state."<key>"] trusted_hash`` (key ``<hooks file>:<event>:<group>:<handler>``), and
skips any other hook without a word. The hash is Codex's own and private, so rather than
recompute it (and break silently when a release changes it) this speaks Codex's app-server
protocol, the one its ``/hooks`` screen uses: ``hooks/list`` gives each hook's ``key``,
``currentHash``, ``trustStatus`` and ``enabled``; ``config/batchWrite`` records or removes a
``trusted_hash`` (Codex edits its own ``config.toml``, comments and layout kept). The wire is
JSON-RPC 2.0 without the ``jsonrpc`` member, one message per line on stdio.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError

__all__ = [
    "BIN_ENV",
    "MARKER",
    "TIMEOUT_S",
    "AppServer",
    "CodexHook",
    "CodexUnavailable",
    "find_codex",
    "forget",
    "list_hooks",
    "optional_codex",
    "our_hooks",
    "problems",
    "retrust",
    "trust",
    "trusted_hashes",
]

TIMEOUT_S = 30.0
BIN_ENV = "BASTION_CODEX_BIN"
MARKER = "bastion-hook"  # in the command of every hook Bastion installs


class CodexUnavailable(ConfigError):
    """Codex could not be asked (not installed, or its app-server failed)."""


@dataclass(frozen=True, slots=True)
class CodexHook:
    """One hook as Codex lists it."""

    key: str
    command: str
    source_path: str
    current_hash: str
    trust: str  # trusted, untrusted, modified, managed
    enabled: bool

    @property
    def runs(self) -> bool:
        return self.enabled and self.trust in ("trusted", "managed")


def optional_codex(explicit: str | None = None) -> str | None:
    """The codex executable, or None where Codex is not installed."""
    try:
        return find_codex(explicit)
    except CodexUnavailable:
        return None


def find_codex(explicit: str | None = None) -> str:
    """The codex executable: ``explicit``, ``$BASTION_CODEX_BIN``, or ``codex`` on PATH."""
    for candidate in (explicit, os.environ.get(BIN_ENV)):
        if candidate:
            return candidate
    found = shutil.which("codex")
    if found is None:
        raise CodexUnavailable(
            "codex is not on PATH, so Bastion cannot record trust for its hooks (Codex skips "
            f"untrusted hooks silently); pass --codex-bin or set {BIN_ENV}"
        )
    return found


class AppServer:
    """``with AppServer(codex, cwd) as server: server.request("hooks/list", {...})``."""

    def __init__(self, executable: str, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        try:
            self._proc = subprocess.Popen(
                [executable, "app-server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=dict(env) if env is not None else None, cwd=cwd,
            )  # fmt: skip
        except OSError as exc:
            raise CodexUnavailable(f"could not start `{executable} app-server`: {exc}") from exc
        self._next = 0
        self._buffer = b""

    def __enter__(self) -> AppServer:
        try:
            self.request("initialize", {"clientInfo": {"name": "bastion", "version": "1"}})
            self._send({"method": "initialized"})
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def _send(self, message: dict[str, Any]) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(message).encode() + b"\n")
        self._proc.stdin.flush()

    def _line(self, deadline: float) -> bytes:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise CodexUnavailable("codex app-server did not answer in time")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise CodexUnavailable("codex app-server exited before answering")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self._next += 1
        self._send({"id": self._next, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT_S
        while True:  # notifications come in between; answers carry our id
            try:
                message = json.loads(self._line(deadline))
            except ValueError:
                continue
            if isinstance(message, dict) and message.get("id") == self._next:
                if "error" in message:
                    raise CodexUnavailable(f"codex app-server {method}: {message['error']}")
                return message.get("result")


def list_hooks(server: AppServer, cwd: Path) -> list[CodexHook]:
    result = server.request("hooks/list", {"cwds": [str(cwd)]}) or {}
    hooks = []
    for entry in result.get("data") or []:
        for h in entry.get("hooks") or []:
            hooks.append(
                CodexHook(
                    key=str(h.get("key") or ""),
                    command=str(h.get("command") or ""),
                    source_path=str(h.get("sourcePath") or ""),
                    current_hash=str(h.get("currentHash") or ""),
                    trust=str(h.get("trustStatus") or ""),
                    enabled=h.get("enabled") is not False,
                )
            )
    return hooks


def _state_key(key: str) -> str:
    return f"hooks.state.{json.dumps(key)}"


def trust(executable: str, cwd: Path, hooks_file: Path, marker: str) -> list[CodexHook]:
    """Record trust for every hook of ``hooks_file`` whose command holds ``marker``.

    Returns our hooks as Codex lists them afterwards (each should now run).
    """
    with AppServer(executable, cwd) as server:
        ours = [h for h in list_hooks(server, cwd) if _ours(h, hooks_file, marker)]
        edits = [
            {"keyPath": f"{_state_key(h.key)}.trusted_hash", "value": h.current_hash,
             "mergeStrategy": "upsert"}
            for h in ours
            if h.trust in ("untrusted", "modified")
        ]  # fmt: skip
        if edits:
            server.request("config/batchWrite", {"edits": edits})
        return [h for h in list_hooks(server, cwd) if _ours(h, hooks_file, marker)]


def forget(executable: str, cwd: Path, hooks_file: Path, marker: str) -> int:
    """Remove the trust records of our hooks in ``hooks_file`` (before the hooks go)."""
    with AppServer(executable, cwd) as server:
        keys = [h.key for h in list_hooks(server, cwd) if _ours(h, hooks_file, marker)]
        if keys:
            edits = [{"keyPath": _state_key(k), "value": None, "mergeStrategy": "replace"}
                     for k in keys]  # fmt: skip
            server.request("config/batchWrite", {"edits": edits})
        return len(keys)


def our_hooks(executable: str, cwd: Path, marker: str) -> list[CodexHook]:
    """Every hook of ours Codex would consider for ``cwd``, with its trust state."""
    with AppServer(executable, cwd) as server:
        return [h for h in list_hooks(server, cwd) if marker in h.command]


def trusted_hashes(executable: str, cwd: Path) -> set[tuple[str, str]]:
    """(source file, hash) of every hook Codex trusts now: what ``retrust`` restores."""
    with AppServer(executable, cwd) as server:
        return {(_real(h.source_path), h.current_hash) for h in list_hooks(server, cwd)
                if h.trust == "trusted"}  # fmt: skip


def retrust(executable: str, cwd: Path, before: set[tuple[str, str]]) -> int:
    """Trust again the hooks that were trusted before an edit moved them to a new key.

    Codex keys trust by position (``<file>:<event>:<group>:<handler>``): taking our group out
    of a list shifts the ones after it, and Codex would skip those hooks from then on. A hook
    whose definition (hash, same file) was trusted before keeps its trust.
    """
    with AppServer(executable, cwd) as server:
        edits = [
            {"keyPath": f"{_state_key(h.key)}.trusted_hash", "value": h.current_hash,
             "mergeStrategy": "upsert"}
            for h in list_hooks(server, cwd)
            if h.trust in ("untrusted", "modified")
            and (_real(h.source_path), h.current_hash) in before
        ]  # fmt: skip
        if edits:
            server.request("config/batchWrite", {"edits": edits})
        return len(edits)


def _real(path: str | Path) -> str:
    return os.path.realpath(path)


def _ours(hook: CodexHook, hooks_file: Path, marker: str) -> bool:
    return marker in hook.command and _real(hook.source_path) == _real(hooks_file)


def problems(cwd: Path, codex_bin: str | None = None) -> list[str]:
    """Why Codex would not run Bastion's hooks here, asked of Codex itself (empty: fine).

    Untrusted or modified hooks, hooks switched off in ``/hooks``, and no hook of ours on
    PreToolUse at all when Codex is installed.
    """
    executable = optional_codex(codex_bin)
    if executable is None or not _wired(cwd):
        return []  # nothing of ours to ask about: no app-server start for `bastion status`
    try:
        hooks = our_hooks(executable, cwd, MARKER)
    except CodexUnavailable as exc:
        return [f"codex: could not ask Codex about its hooks ({exc})"]
    found = []
    for h in hooks:
        if h.trust in ("untrusted", "modified"):
            found.append(
                f"codex: hook {h.key} is {h.trust}, so Codex skips it without a word; run "
                "`bastion install codex` again (or trust it in Codex's /hooks)"
            )
        elif not h.enabled:
            found.append(f"codex: hook {h.key} is disabled in Codex's /hooks, so it never runs")
    pre = [h for h in hooks if ":pre_tool_use:" in h.key and h.runs]
    if hooks and not pre:
        found.append("codex: no Bastion hook Codex would run before a tool call")
    return found


def _wired(cwd: Path) -> bool:
    """Whether a hooks file Codex reads here (user or project layer) names our hook."""
    home = Path(os.environ.get("CODEX_HOME") or Path.home() / ".codex")
    for path in (home / "hooks.json", cwd / ".codex" / "hooks.json"):
        try:
            if MARKER in path.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return False
