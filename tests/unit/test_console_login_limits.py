"""Console logins are rate-limited per name and per client address, with an audited lockout.

Real console app (FastAPI TestClient), real store (SQLite and PostgreSQL), real scrypt.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_server_support import PASSWORD, ConsoleWorld, make_world

from bastion.server import auth
from bastion.server.auth import LoginLimits
from bastion.server.tables import console_audit
from bastion.store import console_auth


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConsoleWorld]:
    yield from make_world(tmp_path, request.param)


def attempt(client: TestClient, name: str, password: str) -> str:
    """One login through the form; returns where it sent the browser."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    answer = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return answer.headers["location"]


def actions(world: ConsoleWorld, name: str) -> list[str]:
    # Through the store's door: on SQLite the trail lives in the console's own file (#18).
    engine = world.client.app.state.console.engine  # type: ignore[attr-defined]
    rows = console_auth.audit_rows(engine, limit=10_000)
    return [r["action"] for r in reversed(rows) if r["actor"] == f"user:{name}"]


def set_limits(world: ConsoleWorld, limits: LoginLimits) -> None:
    world.client.app.state.console.login_limits = limits  # type: ignore[attr-defined]


def test_a_name_is_locked_after_repeated_wrong_passwords(world: ConsoleWorld) -> None:
    set_limits(world, LoginLimits(user_failures=3, client_failures=100))
    browser = TestClient(world.client.app)
    for _ in range(3):
        assert "wrong" in attempt(browser, "viewer", "not-the-password")
    # Locked: even the right password is refused, and the refusal is audited.
    where = attempt(browser, "viewer", PASSWORD)
    assert "too%20many%20failed%20logins" in where
    assert browser.get("/api/v1/me").status_code == 401
    assert actions(world, "viewer") == ["login.failed"] * 3 + ["login.locked"]
    # Another name from the same address is not locked by the first one's failures.
    other = TestClient(world.client.app)
    assert attempt(other, "admin", PASSWORD) == "/"


def test_a_success_resets_the_count_and_the_lock_expires(world: ConsoleWorld) -> None:
    set_limits(world, LoginLimits(user_failures=3, client_failures=100, lockout_s=1.0))
    browser = TestClient(world.client.app)
    for _ in range(2):
        attempt(browser, "responder", "wrong-wrong-wrong")
    assert attempt(browser, "responder", PASSWORD) == "/"
    for _ in range(2):
        attempt(TestClient(world.client.app), "responder", "wrong-wrong-wrong")
    assert attempt(TestClient(world.client.app), "responder", PASSWORD) == "/"
    for _ in range(3):
        attempt(TestClient(world.client.app), "responder", "wrong-wrong-wrong")
    assert "too%20many" in attempt(TestClient(world.client.app), "responder", PASSWORD)
    time.sleep(1.1)
    assert attempt(TestClient(world.client.app), "responder", PASSWORD) == "/"


def test_password_spraying_from_one_address_locks_the_address(world: ConsoleWorld) -> None:
    set_limits(world, LoginLimits(user_failures=100, client_failures=4))
    names = ["alice", "bob", "carol", "dave"]  # none exist: same work, same audit
    for name in names:
        assert "wrong" in attempt(TestClient(world.client.app), name, "Spring2026!!")
    # The address is locked: a real user with the right password from it must wait.
    assert "too%20many" in attempt(TestClient(world.client.app), "admin", PASSWORD)
    assert actions(world, "admin") == ["login.locked"]


def test_login_wait_counts_only_inside_the_window(world: ConsoleWorld) -> None:
    console = world.client.app.state.console  # type: ignore[attr-defined]
    engine = console.engine
    limits = LoginLimits(user_failures=2, client_failures=100, window_s=60, lockout_s=300)
    now = time.time()
    for when in (now - 1000, now - 10):  # the first is outside the window
        console.record("user:viewer", "login.failed", "", {}, "10.0.0.9")
        with console_auth.console_engine(engine).begin() as conn:
            newest = conn.execute(select(console_audit.c.id).order_by(console_audit.c.id.desc()))
            conn.execute(
                console_audit.update()
                .where(console_audit.c.id == newest.scalars().first())
                .values(time=when)
            )
    assert auth.login_wait(engine, "viewer", "10.0.0.9", limits, now=now) == 0
    console.record("user:viewer", "login.failed", "", {}, "10.0.0.9")
    wait = auth.login_wait(engine, "viewer", "10.0.0.9", limits)
    assert 290 < wait <= 300


def test_limits_come_from_config() -> None:
    limits = LoginLimits.from_settings(
        {"login_max_failures": 7, "login_max_failures_per_client": 9, "login_lockout_s": 60}
    )
    assert (limits.user_failures, limits.client_failures, limits.lockout_s) == (7, 9, 60.0)
    assert limits.window_s == LoginLimits().window_s
