"""Trust Codex hooks the way Codex's own `/hooks` screen does: through `codex app-server`.

Codex runs an unmanaged hook only if ``config.toml`` holds its current hash under
``[hooks.state."<key>"] trusted_hash`` (key = ``<hooks file>:<event>:<group>:<handler>``).
The hash is Codex's private business, so this asks Codex for it instead of recomputing it:
``hooks/list`` returns each hook's ``key``, ``currentHash`` and ``trustStatus`` (``trusted``,
``untrusted``, ``modified``, ``managed``), and ``config/batchWrite`` records the trust. The
protocol is JSON-RPC 2.0 without the ``jsonrpc`` member, one message per line on stdio
(``codex app-server generate-json-schema`` prints the schema of the pinned version).

Test helper today; the Codex installer (issue #16) is meant to do the same.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

TIMEOUT = 60.0


class AppServer:
    """``with AppServer(codex, env, cwd) as server: server.request("hooks/list", {...})``."""

    def __init__(self, executable: str, env: Mapping[str, str], cwd: Path) -> None:
        self._proc = subprocess.Popen(
            [executable, "app-server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, env=dict(env), cwd=cwd,
        )  # fmt: skip
        self._next_id = 0

    def __enter__(self) -> AppServer:
        self.request("initialize", {"clientInfo": {"name": "bastion-tests", "version": "0"}})
        self._send({"method": "initialized"})
        return self

    def __exit__(self, *exc: object) -> None:
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()

    def _send(self, message: dict[str, Any]) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(message) + "\n")
        self._proc.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self._next_id += 1
        self._send({"id": self._next_id, "method": method, "params": params})
        assert self._proc.stdout is not None
        while True:  # skip notifications; the server answers requests in order
            line = self._proc.stdout.readline()
            if not line:
                raise RuntimeError(f"codex app-server exited during {method}")
            message = json.loads(line)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"codex app-server {method}: {message['error']}")
                return message.get("result")


def list_hooks(server: AppServer, cwd: Path) -> list[dict[str, Any]]:
    result = server.request("hooks/list", {"cwds": [str(cwd)]})
    return [hook for entry in result.get("data", []) for hook in entry.get("hooks", [])]


def trust_hooks(
    executable: str,
    env: Mapping[str, str],
    cwd: Path,
    accept: Callable[[dict[str, Any]], bool],
) -> list[dict[str, Any]]:
    """Trust every hook ``accept`` approves; returns the hooks as Codex lists them after."""
    with AppServer(executable, env, cwd) as server:
        edits = [
            {
                "keyPath": f"hooks.state.{json.dumps(hook['key'])}.trusted_hash",
                "value": hook["currentHash"],
                "mergeStrategy": "upsert",
            }
            for hook in list_hooks(server, cwd)
            if hook.get("trustStatus") in ("untrusted", "modified") and accept(hook)
        ]
        if edits:
            server.request("config/batchWrite", {"edits": edits})
        return list_hooks(server, cwd)


def hook_states(executable: str, env: Mapping[str, str], cwd: Path) -> dict[str, str]:
    """Each hook's command and its trust status, as Codex sees them now."""
    with AppServer(executable, env, cwd) as server:
        return {str(h.get("command")): str(h.get("trustStatus")) for h in list_hooks(server, cwd)}
