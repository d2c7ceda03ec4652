"""``bastion mcp-proxy -- <server command>``: the gateway on stdio (newline-delimited JSON-RPC).

The agent starts us instead of the server; we start the server and sit between the two
pipes. Each line is parsed to see its method, and forwarded as the very bytes that came in
unless the gateway changes or answers it (`core.Gateway`). The server's stderr is left to
the agent as it would be without us. A line that is not strict JSON (`core.parse`) is never
forwarded, either way: the client gets a parse error, a server's such line is dropped with a
note on stderr, since the other side might read it otherwise than the gateway judged it.
A batch (2025-03-26) is split only when one of its members is answered by us, so no
``tools/call`` can slip through inside one.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import subprocess
import sys
import threading
from typing import IO, Any

from bastion.gateway.core import Answer, Elicit, Gateway, parse, parse_error_reply

ELICIT_WAIT_S = 300.0
LIST_WAIT_S = 30.0
MAX_PAGES = 50


class StdioProxy:
    def __init__(self, gateway: Gateway, command: list[str]) -> None:
        self.gateway = gateway
        self.command = command
        self.out_lock = threading.Lock()
        self.in_lock = threading.Lock()
        self.waiting: dict[str, tuple[threading.Event, list[Any]]] = {}
        self.internal: dict[str, tuple[threading.Event, list[Any]]] = {}  # our own requests
        self.proc: subprocess.Popen[bytes] | None = None
        gateway.lister = self.list_tools

    # -- writing -------------------------------------------------------------------------

    def to_client(self, out: IO[bytes], data: bytes | dict[str, Any]) -> None:
        line = data if isinstance(data, bytes) else _dump(data)
        with self.out_lock:
            if out.closed:
                raise BrokenPipeError("the client's stream is closed")
            out.write(line if line.endswith(b"\n") else line + b"\n")
            out.flush()

    def to_server(self, data: bytes | dict[str, Any] | list[Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        line = data if isinstance(data, bytes) else _dump(data)
        with self.in_lock:
            self.proc.stdin.write(line if line.endswith(b"\n") else line + b"\n")
            self.proc.stdin.flush()

    # -- the two directions ---------------------------------------------------------------

    def run(self, stdin: IO[bytes], stdout: IO[bytes]) -> int:
        self.proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        reader = threading.Thread(target=self._server_loop, args=(stdout,), daemon=True)
        reader.start()
        try:
            for line in stdin:
                if not line.strip():
                    continue
                try:
                    self._client_line(line, stdout)
                except BrokenPipeError:
                    break
        finally:
            try:
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
            except OSError:
                pass
            try:
                code = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                code = self.proc.wait()
            reader.join(timeout=5)
            self.gateway.end()
        return code

    def _client_line(self, line: bytes, stdout: IO[bytes]) -> None:
        try:
            message = parse(line)
        except ValueError:
            # What we cannot read strictly, the server might read its own way: never forward.
            self.to_client(stdout, parse_error_reply())
            return
        if isinstance(message, list):
            self._client_batch(message, line, stdout)
            return
        if self._deliver_answer(message):
            return
        outcome = self.gateway.safe_from_client(message)
        self._act(outcome, message, line, stdout)

    def _act(self, outcome: Any, message: Any, line: bytes, stdout: IO[bytes]) -> None:
        if outcome is None:
            self.to_server(line)
        elif isinstance(outcome, Answer):
            if not outcome.silent:
                self.to_client(stdout, outcome.message)
        elif isinstance(outcome, Elicit):
            threading.Thread(
                target=self._elicit, args=(outcome, message, line, stdout), daemon=True
            ).start()
        else:
            self.to_server(outcome)

    def _client_batch(self, batch: list[Any], line: bytes, stdout: IO[bytes]) -> None:
        keep: list[Any] = []
        changed = False
        for member in batch:
            if self._deliver_answer(member):
                changed = True
                continue
            outcome = self.gateway.safe_from_client(member)
            if outcome is None:
                keep.append(member)
            elif isinstance(outcome, dict):
                keep.append(outcome)
                changed = True
            else:
                changed = True
                self._act(outcome, member, _dump(member), stdout)
        if not changed:
            self.to_server(line)
        elif keep:
            self.to_server(keep)

    def _deliver_answer(self, message: Any) -> bool:
        """A client's response to one of our elicitations: handed to its waiter."""
        if not isinstance(message, dict) or "method" in message:
            return False
        key = message.get("id")
        if not isinstance(key, str) or key not in self.waiting:
            return False
        done, slot = self.waiting.pop(key)
        slot.append(message)
        done.set()
        return True

    def _elicit(self, outcome: Elicit, message: Any, line: bytes, stdout: IO[bytes]) -> None:
        done: threading.Event = threading.Event()
        slot: list[Any] = []
        key = str(outcome.request["id"])
        self.waiting[key] = (done, slot)
        self.to_client(stdout, outcome.request)
        done.wait(ELICIT_WAIT_S)
        self.waiting.pop(key, None)
        answer = slot[0] if slot else None
        verdict = outcome.on_answer(answer if isinstance(answer, dict) else None)
        try:
            if verdict is None:
                self.to_server(line)
            else:
                self.to_client(stdout, verdict.message)
        except (BrokenPipeError, ValueError):
            pass

    def list_tools(self, _message: dict[str, Any]) -> list[Any] | None:
        """The server's tools, every page, asked by the gateway itself (our ids, never seen
        by the client); None when the server does not answer in time."""
        tools: list[Any] = []
        cursor: Any = None
        for _ in range(MAX_PAGES):
            key = f"bastion-list-{secrets.token_hex(8)}"
            done = threading.Event()
            slot: list[Any] = []
            self.internal[key] = (done, slot)
            params = {"cursor": cursor} if cursor else {}
            self.to_server({"jsonrpc": "2.0", "id": key, "method": "tools/list", "params": params})
            if not done.wait(LIST_WAIT_S):
                self.internal.pop(key, None)
                return None
            result = slot[0].get("result") if isinstance(slot[0], dict) else None
            if not isinstance(result, dict) or not isinstance(result.get("tools"), list):
                return None
            tools.extend(result["tools"])
            cursor = result.get("nextCursor")
            if not cursor:
                break
        return tools

    def _internal_answer(self, message: Any) -> bool:
        if not isinstance(message, dict) or "method" in message:
            return False
        key = message.get("id")
        if not isinstance(key, str) or key not in self.internal:
            return False
        done, slot = self.internal.pop(key)
        slot.append(message)
        done.set()
        return True

    def _server_loop(self, stdout: IO[bytes]) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            if not line.strip():
                continue
            try:
                message = parse(line)
            except ValueError:
                # A client could read it differently from us (a second "description"): what
                # we cannot judge does not reach the client; the server's fault is named.
                sys.stderr.write("Bastion: dropped a message from the MCP server that is not "
                                 "strict JSON\n")  # fmt: skip
                continue
            if self._internal_answer(message):
                continue
            try:
                if isinstance(message, list):
                    changed = [self.gateway.safe_from_server(m) for m in message]
                    if any(c is not None for c in changed):
                        merged = [
                            c if c is not None else m for c, m in zip(changed, message, strict=True)
                        ]
                        self.to_client(stdout, _dump_list(merged))
                        continue
                    self.to_client(stdout, line)
                    continue
                replaced = self.gateway.safe_from_server(message)
                self.to_client(stdout, line if replaced is None else replaced)
            except BrokenPipeError:
                return
        # The server is gone: end the client's stream too, as the server alone would have.
        with self.out_lock, contextlib.suppress(OSError):
            stdout.close()


def _dump(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _dump_list(value: list[Any]) -> bytes:
    return _dump(value)


def main_stdio(gateway: Gateway, command: list[str]) -> int:
    proxy = StdioProxy(gateway, command)
    return proxy.run(sys.stdin.buffer, sys.stdout.buffer)
