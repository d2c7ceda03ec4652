"""A real daemon with the sandbox on, real hooks, real bubblewrap, and a local "internet".

Nothing here leaves the machine: the proxy's upstream for every allowed destination is one
local server (``[sandbox] upstream_override``, a test-only setting in the daemon's guarded
config.toml) that serves a package index and records every upload it receives (the sink).
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VENV_BIN = Path(sys.prefix) / "bin"
GIT = ["git", "-c", "user.name=Dev", "-c", "user.email=dev@example.com",
       "-c", "init.defaultBranch=main"]  # fmt: skip


def need_sandbox() -> None:
    """bubblewrap and socat are test requirements here (installed by .ci/run)."""
    import pytest

    missing = [t for t in ("bwrap", "socat") if shutil.which(t) is None]
    if missing:
        message = f"{', '.join(missing)} not installed: apt-get install bubblewrap socat"
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)


def tiny_wheel(name: str = "bastiontinypkg", version: str = "1.0") -> tuple[str, bytes]:
    """A valid pure-Python wheel built in memory (no build backend, no network)."""
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": b"VALUE = 42\n",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    files[f"{dist}/RECORD"] = ("\n".join(record) + "\n").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
    return f"{name}-{version}-py3-none-any.whl", buf.getvalue()


@dataclass
class Upstream:
    """The local stand-in for every outside host: an index for GETs, a sink for uploads."""

    root: Path
    received: list[tuple[str, str, bytes]] = field(default_factory=list)  # (host, path, body)
    server: http.server.ThreadingHTTPServer | None = None

    def start(self) -> Upstream:
        name, wheel = tiny_wheel()
        files = self.root / "files"
        files.mkdir(parents=True)
        (files / name).write_bytes(wheel)
        sha = hashlib.sha256(wheel).hexdigest()
        project = self.root / "simple" / "bastiontinypkg"
        project.mkdir(parents=True)
        (project / "index.html").write_text(
            f'<html><body><a href="/files/{name}#sha256={sha}">{name}</a></body></html>'
        )
        received = self.received
        root = str(self.root)

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a: Any, **kw: Any) -> None:
                super().__init__(*a, directory=root, **kw)

            def _upload(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                received.append((self.headers.get("Host", ""), self.path, body))
                self.send_response(200)
                self.send_header("Content-Length", "3")
                self.end_headers()
                self.wfile.write(b"ok\n")

            do_POST = _upload
            do_PUT = _upload

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def address(self) -> str:
        assert self.server is not None
        return f"127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@dataclass
class Daemon:
    """``bastion up`` in its own home, with the user home the sandbox protects."""

    home: Path
    user_home: Path
    log: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
        env["HOME"] = str(self.user_home)
        return env

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(VENV_BIN / "bastion"), "--home", str(self.home), *args],
            env=self.env(), capture_output=True, text=True, timeout=timeout,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        self.log.append(
            f"bastion {' '.join(args)} -> {done.returncode}\n{done.stdout}{done.stderr}"
        )
        return done

    def hook(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one payload through the real hook; the parsed reply ({} when silent)."""
        done = subprocess.run(
            [str(VENV_BIN / "bastion-hook"), "claude-code", "--home", str(self.home)],
            input=json.dumps(payload), env=self.env(), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def events(self, session_id: str) -> list[dict[str, Any]]:
        done = self.cli("show", session_id, "--json")
        assert done.returncode == 0, done.stderr
        return list(json.loads(done.stdout)["events"])

    def egress(self, session_id: str, wait: float = 5.0) -> list[dict[str, Any]]:
        """The session's EgressDecision events (the writer thread records within ms)."""
        deadline = time.monotonic() + wait
        while True:
            found = [
                e for e in self.events(session_id)
                if e["event"].get("native_name") == "EgressDecision"
            ]  # fmt: skip
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


def pre_tool(session: str, cwd: Path, command: str, n: int) -> dict[str, Any]:
    return {
        "session_id": session,
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": command, "description": "test"},
        "tool_use_id": f"toolu_{session}_{n}",
        "cwd": str(cwd),
        "transcript_path": "",
        "permission_mode": "default",
    }


def run_wrapped(
    reply: dict[str, Any], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the command the hook gave back, as Claude Code's Bash tool would: bash -c."""
    output = reply.get("hookSpecificOutput") or {}
    assert "updatedInput" in output, f"no rewrite in the hook's reply: {reply}"
    command = output["updatedInput"]["command"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def make_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(content)
    subprocess.run([*GIT, "init", "-q"], cwd=path, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=path, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "initial"], cwd=path, check=True)
    return path
