"""Run the real, pinned Claude Code client headless against a scripted model server.

The executable comes from ``BASTION_CLAUDE_BIN`` (see ``tests/e2e/claude/package.json``).
Every run gets a throwaway ``HOME`` and a fresh environment built from scratch, so
nothing of the developer's own Claude Code setup (credentials, settings, hooks) leaks in,
and a hard timeout so a hung client fails the test instead of the CI job.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CLAUDE_BIN_ENV = "BASTION_CLAUDE_BIN"
E2E_DIR = Path(__file__).resolve().parent
PINNED_CLIENT_DIR = E2E_DIR / "claude"
DEFAULT_CLAUDE_BIN = PINNED_CLIENT_DIR / "node_modules" / ".bin" / "claude"
HOW_TO_INSTALL = (
    f"set {CLAUDE_BIN_ENV} to a Claude Code executable, e.g.: "
    "npm ci --prefix tests/e2e/claude && "
    f"export {CLAUDE_BIN_ENV}=$PWD/tests/e2e/claude/node_modules/.bin/claude"
)
DUMMY_API_KEY = "sk-ant-dummy-not-a-real-key"
# The tools offered to the model. Glob and Grep are not in 2.1.x's default set any more.
TOOLS = "Bash,Read,Write,Edit,Glob,Grep,WebFetch"
ALLOWED_TOOLS = "Bash Read Write Edit"
RUN_TIMEOUT = 90.0

# Variables passed through from the outer environment; everything else is dropped.
_PASSTHROUGH = ("PATH", "LANG", "LC_ALL", "TERM", "TZ", "SYSTEMROOT")


def claude_bin() -> str | None:
    """The Claude Code executable named by ``BASTION_CLAUDE_BIN``, or None."""
    value = os.environ.get(CLAUDE_BIN_ENV, "").strip()
    return value or None


@dataclass
class ClaudeRun:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def result(self) -> dict[str, Any]:
        """The ``--output-format json`` result object (raises if stdout is not one)."""
        text = self.stdout.strip()
        # The result is the last JSON line; anything before it would be noise.
        last = text.splitlines()[-1] if text else ""
        data = json.loads(last)
        assert isinstance(data, dict), f"unexpected Claude Code output: {text[:500]}"
        return data

    @property
    def permission_denials(self) -> list[dict[str, Any]]:
        return list(self.result.get("permission_denials") or [])

    def describe(self) -> str:
        return (
            f"$ {' '.join(self.argv)}\nexit {self.returncode} after {self.seconds:.1f}s\n"
            f"--- stdout\n{self.stdout[-4000:]}\n--- stderr\n{self.stderr[-4000:]}"
        )


def make_workspace(path: Path, files: Mapping[str, str] | None = None) -> Path:
    """A small git repository with ``files`` committed, as an agent would work in."""
    path.mkdir(parents=True, exist_ok=True)
    for name, content in (files or {}).items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    git = [
        "git",
        "-c",
        "user.name=Dev",
        "-c",
        "user.email=dev@example.com",
        "-c",
        "init.defaultBranch=main",
    ]
    subprocess.run([*git, "init", "-q"], cwd=path, check=True, timeout=30)
    subprocess.run([*git, "add", "-A"], cwd=path, check=True, timeout=30)
    subprocess.run(
        [*git, "commit", "-q", "--allow-empty", "-m", "initial"], cwd=path, check=True, timeout=30
    )
    return path


def claude_env(home: Path, base_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: os.environ[k] for k in _PASSTHROUGH if k in os.environ}
    env.update(
        {
            "HOME": str(home),
            "ANTHROPIC_BASE_URL": base_url,
            "ANTHROPIC_API_KEY": DUMMY_API_KEY,
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "DISABLE_TELEMETRY": "1",
            "DISABLE_AUTOUPDATER": "1",
            "DISABLE_ERROR_REPORTING": "1",
        }
    )
    env.update(extra or {})
    return env


def run_claude(
    executable: str,
    prompt: str,
    *,
    cwd: Path,
    home: Path,
    base_url: str,
    settings: Path | None = None,
    allowed_tools: str = ALLOWED_TOOLS,
    tools: str | None = TOOLS,
    extra_args: Sequence[str] = (),
    extra_env: Mapping[str, str] | None = None,
    timeout: float = RUN_TIMEOUT,
) -> ClaudeRun:
    """``claude -p PROMPT --output-format json`` in ``cwd``; never runs past ``timeout``."""
    home.mkdir(parents=True, exist_ok=True)
    argv = [executable, "-p", prompt, "--output-format", "json", "--allowedTools", allowed_tools]
    if tools is not None:
        argv += ["--tools", tools]
    if settings is not None:
        argv += ["--settings", str(settings)]
    argv += list(extra_args)
    started = time.monotonic()
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            env=claude_env(home, base_url, extra_env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(
            f"Claude Code did not finish within {timeout:.0f}s: {' '.join(argv)}\n"
            f"stdout: {exc.stdout!r}\nstderr: {exc.stderr!r}"
        ) from exc
    return ClaudeRun(argv, done.returncode, done.stdout, done.stderr, time.monotonic() - started)


class UploadSink:
    """A local listener standing in for the internet: anything that reaches it is recorded.

    Commands run by Claude Code get ``HTTPS_PROXY``/``HTTP_PROXY`` pointing here, so an
    upload to any external host, had it run, arrives here as a CONNECT (or a plain request).
    """

    def __init__(self) -> None:
        self.hits: list[tuple[str, str]] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                sink.hits.append((self.command, self.path))
                self.send_response(502)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_CONNECT = do_GET = do_POST = do_PUT = _record

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def proxy_env(self) -> dict[str, str]:
        local = "127.0.0.1,localhost"
        return {
            "HTTPS_PROXY": self.url, "https_proxy": self.url,
            "HTTP_PROXY": self.url, "http_proxy": self.url,
            "NO_PROXY": local, "no_proxy": local,
        }  # fmt: skip

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
