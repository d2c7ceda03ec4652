"""The console in a real headless Chromium, over a real daemon, hook and ``bastion serve``.

Needs Debian's ``chromium`` (``BASTION_TEST_CHROMIUM=/usr/bin/chromium``); Playwright
drives it through ``executable_path`` and never downloads a browser. Screenshots of the
main pages land in a temporary directory, or in ``docs/screenshots/`` with
``BASTION_UPDATE_SCREENSHOTS=1`` (so a test run never changes the checkout by itself).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bastion.cli.demo import incident_payloads
from bastion.config import Home
from bastion.server import approvals, auth
from bastion.store import Store

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
SHOTS = (
    REPO / "docs" / "screenshots"
    if os.environ.get("BASTION_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "bastion-console-screenshots"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "a long console password"
VIEWPORT: Any = {"width": 1440, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env["BASTION_HOME"] = str(home)
    return env


@dataclass
class Console:
    home: Path
    url: str

    def hook(self, payload: dict[str, Any]) -> dict[str, Any]:
        """One hook call exactly as Claude Code makes it: a new bastion-hook process."""
        done = subprocess.run(
            [str(BIN / "bastion-hook"), "claude-code"],
            input=json.dumps(payload).encode(),
            capture_output=True,
            env=clean_env(self.home),
            timeout=60,
        )
        assert done.returncode in (0, 2), done.stderr
        out = json.loads(done.stdout or b"{}")
        out["_exit"] = done.returncode
        out["_stderr"] = done.stderr.decode()
        return dict(out)


def _need_env() -> Any:
    # By path: tests/ and tests/e2e/ both have a conftest.py, so "conftest" is ambiguous.
    path = Path(__file__).resolve().parents[1] / "conftest.py"
    spec = importlib.util.spec_from_file_location("bastion_tests_root_conftest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.need_env


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _need_env()(
        "BASTION_TEST_CHROMIUM",
        "install Debian's chromium (apt-get install chromium) and set "
        "BASTION_TEST_CHROMIUM=/usr/bin/chromium",
    )
    if not os.access(path, os.X_OK):
        pytest.fail(f"BASTION_TEST_CHROMIUM={path} is not an executable")
    return str(path)


@pytest.fixture
def console(chromium: str) -> Iterator[Console]:
    # Unix sockets allow ~100 bytes: keep the home's path short.
    root = Path(tempfile.mkdtemp(prefix="bc-", dir="/tmp"))
    home = root / "h"
    env = clean_env(home)
    up = subprocess.run(
        [str(BIN / "bastion"), "up", "--home", str(home)], env=env, capture_output=True, timeout=60
    )
    assert up.returncode == 0, up.stderr
    store = Store(Home.resolve(home).database_url)  # opening it makes the console's tables
    auth.add_user(store.engine, "ada", "admin", PASSWORD)
    store.close()
    port = free_port()
    log = open(root / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from bastion.cli.serve_cmd import app; app()",
            "--home",
            str(home),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as answer:
                if answer.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise AssertionError((root / "serve.log").read_text()) from None
            time.sleep(0.1)
    try:
        yield Console(home, url)
    finally:
        server.terminate()
        server.wait(10)
        log.close()
        subprocess.run(
            [str(BIN / "bastion"), "down", "--home", str(home)], env=env, capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def page(console: Console, chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport=VIEWPORT)
        tab.set_default_timeout(15000)
        tab.goto(console.url + "/")
        assert "/login" in tab.url
        tab.fill("#username", "ada")
        tab.fill("#password", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(console.url + "/")
        cookie = next(c for c in tab.context.cookies() if c["name"] == "bastion_console")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        try:
            yield tab
        finally:
            browser.close()


def shot(tab: Any, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / name), full_page=full_page)


def replay_file(directory: Path, session_id: str) -> Path:
    path = directory / "incident.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in incident_payloads(session_id)))
    return path


def test_session_appears_live_and_its_timeline_opens(console: Console, page: Any) -> None:
    page.goto(console.url + "/sessions")
    page.wait_for_selector("body[data-live=connected]")
    session_id = str(uuid.uuid4())
    replay = subprocess.Popen(
        [
            str(BIN / "bastion"),
            "replay",
            "--home",
            str(console.home),
            str(replay_file(console.home.parent, session_id)),
        ],
        env=clean_env(console.home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # No reload: the row arrives through the server-sent events and an htmx refresh.
    row = page.wait_for_selector(f'tr[data-session="{session_id}"]', timeout=20000)
    seen_at = time.monotonic()
    assert replay.wait(60) == 0, replay.stderr.read() if replay.stderr else ""
    assert time.monotonic() - seen_at < 20
    assert "claude-code" in row.inner_text()
    page.wait_for_selector("#live-feed li:has-text('deny')")
    shot(page, "sessions.png")
    page.click(f'tr[data-session="{session_id}"] a')
    page.wait_for_selector("#timeline")
    timeline = page.inner_text("#timeline")
    assert "printenv" in timeline and "deny" in timeline
    assert page.locator("#timeline .ev.deny").count() >= 2
    assert page.locator("svg.graph path.flow").count() >= 1
    shot(page, "session.png")
    page.locator("#graph").scroll_into_view_if_needed()
    shot(page, "session-graph.png")
    page.goto(console.url + "/")
    page.wait_for_selector("svg.trend rect")
    shot(page, "overview.png")
    page.goto(console.url + "/alerts")
    # one incident for the whole attack, not one row per finding; acknowledged in one click
    incident = page.wait_for_selector(f'tr.incident[data-incident^="{session_id}:"]')
    assert page.locator(f'tr.incident[data-incident^="{session_id}:"]').count() == 1
    assert "related alerts" in incident.inner_text()
    shot(page, "alerts.png")
    page.click(f'tr.incident[data-incident^="{session_id}:"] button:has-text("Acknowledge all")')
    page.goto(console.url + "/alerts?status=acknowledged")
    page.wait_for_selector(f'tr.incident[data-incident^="{session_id}:"]')
    page.goto(console.url + "/alerts?status=open")
    assert page.locator(f'tr.incident[data-incident^="{session_id}:"]').count() == 0
    page.goto(console.url + "/policies")
    shot(page, "policies.png")


def test_an_ask_is_approved_in_the_browser(console: Console, page: Any) -> None:
    session_id = str(uuid.uuid4())
    console.hook(incident_payloads(session_id)[0])  # the session starts
    outcome: list[str] = []
    call = {"command": "git push --force origin main", "description": "publish the fix"}
    waiting = threading.Thread(
        target=lambda: outcome.append(
            approvals.request_approval(
                console.home, session_id, "Bash", call, "force push needs a person", 60
            )
        )
    )
    waiting.start()
    try:
        page.goto(console.url + "/approvals")
        row = page.wait_for_selector("tr[data-approval]")
        assert "git push --force" in row.inner_text()
        # the countdown shows how long the agent still waits, and it runs down
        first = int(page.inner_text("tr[data-approval] .countdown").split()[0])
        assert 0 < first <= 60
        page.wait_for_function(
            f"() => parseInt(document.querySelector('tr[data-approval] .countdown')"
            f".textContent) < {first}",
            timeout=5000,
        )
        shot(page, "approvals.png")
        page.click("tr[data-approval] button:has-text('Approve')")
        page.goto(console.url + "/approvals?status=approved")
        page.wait_for_selector("tr[data-approval] td.status:has-text('approved')")
        assert "user:ada" in page.inner_text("tr[data-approval] td.status")
    finally:
        waiting.join(70)
    assert outcome == ["approved"]


def test_kill_switch_denies_the_next_call(console: Console, page: Any) -> None:
    session_id = str(uuid.uuid4())
    steps = incident_payloads(session_id)
    start, first = steps[0], steps[2]
    assert first["hook_event_name"] == "PreToolUse" and first["tool_name"] == "Bash"
    console.hook(start)
    before = console.hook(first)
    # Allowed: Claude Code's own flow goes on (no decision printed, or an explicit allow).
    decision = before.get("hookSpecificOutput", {}).get("permissionDecision", "allow")
    assert before["_exit"] == 0 and decision == "allow", before
    page.goto(f"{console.url}/sessions/{session_id}")
    page.fill("input[name=reason]", "suspected exfiltration")
    pressed = time.monotonic()
    page.click("#kill")
    page.wait_for_selector("#session-mode:has-text('killed')")
    after = console.hook({**first, "tool_use_id": "toolu_after_kill"})
    took = time.monotonic() - pressed
    assert after["hookSpecificOutput"]["permissionDecision"] == "deny", after
    assert "killed" in after["hookSpecificOutput"]["permissionDecisionReason"]
    assert took < 5  # click, daemon, page reload and a whole hook process
    store = Store(Home.resolve(console.home).database_url)
    try:
        state = store.load_state(session_id) or {}
        audit = auth.audit_rows(store.engine)
    finally:
        store.close()
    assert state["mode"] == "killed" and state["mode_by"] == "user:ada"
    assert state["mode_reason"] == "suspected exfiltration"
    kill = next(a for a in audit if a["action"] == "containment.kill")
    assert kill["actor"] == "user:ada" and kill["detail"]["delivered"] == "daemon"
    assert kill["detail"]["latency_ms"] < 1000
    page.reload()
    assert page.locator("#timeline .ev.deny").count() >= 1
    shot(page, "session-killed.png")
