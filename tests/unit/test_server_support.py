"""Shared pieces of the console tests: a home with a recorded incident, users, tokens, logins."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient
from rich.console import Console

from bastion.cli.demo import run_demo
from bastion.config import Home
from bastion.server import auth
from bastion.server.app import create_app

PASSWORD = "correct horse battery staple"
ROLES = ("viewer", "responder", "admin")


@dataclass
class ConsoleWorld:
    """A console over a home holding the demo incident, with one user and token per role."""

    home: Home
    client: TestClient
    session_id: str
    tokens: dict[str, str] = field(default_factory=dict)

    def bearer(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def login(self, role: str) -> tuple[TestClient, str]:
        """A second client logged in as the user of ``role``; returns it and its CSRF token."""
        browser = TestClient(self.client.app)
        csrf = login(browser, role, PASSWORD)
        return browser, csrf


def login(browser: TestClient, name: str, password: str) -> str:
    page = browser.get("/login")
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert form_token, page.text
    answer = browser.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": form_token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text
    home_page = browser.get("/")
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', home_page.text)
    assert csrf, home_page.text
    return csrf.group(1)


def record_demo(home: Home) -> str:
    """Replay the classic incident through the real engine into ``home``; its session id."""
    return run_demo(Console(file=io.StringIO()), home, pause=0.0)


def make_world(tmp_path: Path, backend: str = "sqlite") -> Iterator[ConsoleWorld]:
    """A `ConsoleWorld` for a test module's ``world`` fixture (``yield from make_world(...)``).

    ``backend="postgresql"`` puts the home's store in a fresh PostgreSQL schema (its
    ``config.toml`` names it), so the engine, the console and its tables all run there.
    """
    if backend == "postgresql":
        from test_store_support import postgres_schema_url

        urls = postgres_schema_url()
        url = next(urls)
        try:
            yield from _world(tmp_path, url)
        finally:
            urls.close()
        return
    yield from _world(tmp_path, None)


def _world(tmp_path: Path, database_url: str | None) -> Iterator[ConsoleWorld]:
    home = Home.resolve(tmp_path / "h").ensure()
    if database_url is not None:
        home.config_path.write_text(f"database_url = {json.dumps(database_url)}\n")
    session_id = record_demo(home)
    app = create_app(home, secure_cookies=False)
    engine = app.state.console.engine
    tokens = {}
    for role in ROLES:
        auth.add_user(engine, role, role, PASSWORD)
        tokens[role] = auth.create_token(engine, f"{role}-token", role)[1]
    with TestClient(app) as client:
        yield ConsoleWorld(home, client, session_id, tokens)
