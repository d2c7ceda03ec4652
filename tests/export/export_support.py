"""A store recorded by the real engine, the OCSF schemas every export is checked against,
and a PostgreSQL schema of its own for the tests that need one."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import create_engine, text

from bastion.cli.demo import FAKE_ENV
from bastion.config import Home
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE
from bastion.store import Store
from bastion.wire import protocol

OCSF_DIR = Path(__file__).resolve().parents[1] / "data" / "ocsf" / "1.8.0"
FAKE_SECRETS = [
    line.split("=", 1)[1].split("@")[0].split(":")[-1]
    for line in FAKE_ENV.splitlines()
    if "KEY" in line or "URL" in line
]


def validators() -> dict[int, Draft202012Validator]:
    out = {}
    for path in OCSF_DIR.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        out[schema["properties"]["class_uid"]["const"]] = Draft202012Validator(schema)
    return out


VALIDATORS = validators()


def assert_valid_ocsf(event: dict[str, Any]) -> None:
    """Fail with every schema error of an exported event."""
    validator = VALIDATORS[event["class_uid"]]
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(event)]
    assert not errors, (event["class_uid"], errors)


def other_session(session_id: str) -> list[dict[str, Any]]:
    """A session touching what the incident does not: a model, a fetch, MCP, a write,
    a search and a failing command."""
    base = {
        "session_id": session_id,
        "transcript_path": f"/home/dev/.claude/projects/-home-dev-src-app/{session_id}.jsonl",
        "cwd": "/home/dev/src/app",
        "permission_mode": "default",
    }
    steps: list[dict[str, Any]] = [
        {**base, "hook_event_name": "SessionStart", "source": "startup", "model": "claude-x-1"},
        {**base, "hook_event_name": "UserPromptSubmit", "prompt": "Tidy the README"},
    ]
    calls: list[tuple[str, dict[str, Any], Any]] = [
        ("WebFetch", {"url": "https://docs.python.org/3/", "prompt": "read"}, "ok"),
        ("mcp__github__get_issue", {"owner": "o", "repo": "r", "issue_number": 1}, {"ok": 1}),
        ("Write", {"file_path": "/home/dev/src/app/NOTES.md", "content": "notes\n"}, {}),
        ("Grep", {"pattern": "TODO", "path": "/home/dev/src/app"}, "none"),
        ("Bash", {"command": "false", "description": "fail"}, None),
    ]
    for n, (tool, tool_input, response) in enumerate(calls):
        call = f"toolu_other{n:02d}{session_id[:6]}"
        steps.append(
            {
                **base,
                "hook_event_name": "PreToolUse",
                "tool_name": tool,
                "tool_input": tool_input,
                "tool_use_id": call,
            }
        )
        if response is None:
            steps.append(
                {
                    **base,
                    "hook_event_name": "PostToolUseFailure",
                    "tool_name": tool,
                    "tool_input": tool_input,
                    "tool_use_id": call,
                    "error": "exit status 1",
                }
            )
        else:
            steps.append(
                {
                    **base,
                    "hook_event_name": "PostToolUse",
                    "tool_name": tool,
                    "tool_input": tool_input,
                    "tool_response": response,
                    "tool_use_id": call,
                }
            )
    steps.append({**base, "hook_event_name": "SessionEnd", "reason": "exit"})
    return steps


def record(store: Store, payloads: list[dict[str, Any]]) -> None:
    engine = Engine(store, PolicyEngine.load(), home_dir="/home/dev")
    sensor = CLAUDE_CODE
    for payload in payloads:
        engine.process(sensor.to_event(payload))


def postgres_url() -> Iterator[str]:
    """A URL into a fresh PostgreSQL schema (dropped after), from BASTION_TEST_POSTGRES_URL."""
    base = os.environ.get("BASTION_TEST_POSTGRES_URL")
    if not base:
        message = "BASTION_TEST_POSTGRES_URL is not set; see README.md, Tests"
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    schema = "bx_" + secrets.token_hex(6)
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


# -- a writer frozen mid-write (issue #18) -------------------------------------------------


def process_state(pid: int) -> str:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0]


def wait_stopped(proc: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while process_state(proc.pid) != "T":
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the console never reached its write"
        time.sleep(0.02)


def decide_by_daemon(home: Home, payload: dict[str, object], budget: float) -> float:
    """One hook call to the daemon, as the hook sends it; its time (inf: no answer)."""
    t0 = time.perf_counter()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(budget)
        try:
            sock.connect(str(home.socket_path))
            sock.sendall(protocol.request_frame("claude-code", json.dumps(payload).encode()))
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        except TimeoutError:
            return float("inf")
    code, _out, _err = protocol.parse_reply_header(reply.partition(b"\n")[0])
    assert code in (0, 2), reply[:200]
    return time.perf_counter() - t0


def decide_all(home: Home, budget: float) -> list[float]:
    """16 decisions by the daemon; stops early when one exceeds the budget."""
    payloads = other_session("frc-1") + other_session("frc-2") + other_session("frc-3")
    times: list[float] = []
    for payload in payloads[:16]:
        times.append(decide_by_daemon(home, payload, budget))
        if times[-1] == float("inf"):
            break  # stuck behind the frozen console: the rest would wait as well
    return times
