"""Brokered secrets with the real Claude Code: the agent only ever holds a handle.

The agent writes ``{{secret:DEMO_TOKEN}}``; our PreToolUse reply substitutes the value
through Claude Code's ``updatedInput`` because the command's only destination is an
approved host. A local HTTP server stands in for the API and records the header it got.
The value must reach that server and nothing else: not the model, not our record.
"""

from __future__ import annotations

import http.server
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bastion_cli import BastionCLI
from claude_client import make_workspace, run_claude
from scripted_model import ScriptedModel, ToolUse, tool_result_text
from test_claude_code import VENV_FIRST_PATH

pytestmark = pytest.mark.e2e


class RecordingAPI:
    """127.0.0.1 HTTP server that remembers the Authorization headers it receives."""

    def __init__(self) -> None:
        seen: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.headers.get("Authorization", ""))
                body = b"authorised\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.seen = seen
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def broker_home(
    bastion_executables: tuple[Path, Path], tmp_path: Path
) -> Iterator[tuple[BastionCLI, str]]:
    cli, hook = bastion_executables
    tool = BastionCLI(cli, hook, tmp_path / "bastion-home")
    tool.home.mkdir()
    value = "demo_" + secrets.token_hex(16)  # made up for this run, valid nowhere
    token_file = tmp_path / "token.txt"
    token_file.write_text(value)
    token_file.chmod(0o600)
    (tool.home / "secrets.toml").write_text(
        f'[secrets.DEMO_TOKEN]\nfile = "{token_file}"\nhosts = ["127.0.0.1"]\n'
    )
    tool.check("up")
    try:
        yield tool, value
    finally:
        tool.run("down")


def test_brokered_secret_reaches_the_api_and_nothing_else(
    claude_executable: str, broker_home: tuple[BastionCLI, str], tmp_path: Path
) -> None:
    bastion, value = broker_home
    api = RecordingAPI()
    ws = make_workspace(tmp_path / "ws", {"README.md": "# service\n"})
    bastion.install_claude_code(ws)
    command = (
        f'curl -s --noproxy "*" -H "Authorization: Bearer {{{{secret:DEMO_TOKEN}}}}" '
        f"http://127.0.0.1:{api.port}/v1/check"
    )
    call = ToolUse("Bash", {"command": command, "description": "Check the API token"})
    try:
        with ScriptedModel([[call], "The token works."]) as model:
            run = run_claude(
                claude_executable, "Check that our API token works.", cwd=ws,
                home=tmp_path / "home", base_url=model.base_url,
                extra_env={"PATH": VENV_FIRST_PATH},
            )  # fmt: skip
            result = model.tool_result_for(call)
            requests = model.requests
    finally:
        api.close()
    assert run.returncode == 0, run.describe()
    assert api.seen == [f"Bearer {value}"], run.describe()
    assert result is not None and "authorised" in tool_result_text(result)
    # The model never saw the value: neither in the tool result nor anywhere it was sent.
    assert value not in repr(requests)
    # Nor did our record, the keys or any file in the home.
    for path in bastion.home.rglob("*"):
        if path.is_file():
            assert value.encode() not in path.read_bytes(), path
    events = bastion.show(str(run.result["session_id"]))["events"]
    recorded = [e["event"] for e in events if e["event"].get("native_name") == "PreToolUse"]
    assert recorded and "{{secret:DEMO_TOKEN}}" in recorded[0]["tool_input"]["command"]
