"""The console's login tables through the store's one door (`bastion.store.console_auth`).

Real store on SQLite and PostgreSQL (``BASTION_TEST_POSTGRES_URL``, a fresh schema per
test), real scrypt through `bastion.server.auth`, which now only holds the rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import backend_url

from bastion.server import auth
from bastion.store import Store
from bastion.store import console_auth as rows

PASSWORD = "correct-" + "horse-battery"  # fake, built so scanners do not fire


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for url in backend_url(request, tmp_path):
        opened = Store(url)
        try:
            yield opened
        finally:
            opened.engine.dispose()


def test_users_round_trip_without_their_password_hashes(store: Store) -> None:
    engine = store.engine
    auth.add_user(engine, "bob", "viewer", PASSWORD)
    auth.add_user(engine, "ada", "admin", PASSWORD)
    with pytest.raises(auth.ConsoleAuthError, match="already exists"):
        auth.add_user(engine, "ada", "viewer", PASSWORD)
    listed = auth.list_users(engine)
    assert [(u["name"], u["role"], u["disabled"]) for u in listed] == [
        ("ada", "admin", False),
        ("bob", "viewer", False),
    ]
    assert all("password_hash" not in u for u in listed)
    assert auth.verify_login(engine, "ada", PASSWORD) == auth.Principal("ada", "admin", "user")
    assert auth.verify_login(engine, "ada", PASSWORD + "x") is None
    assert auth.verify_login(engine, "nobody", PASSWORD) is None
    auth.set_password(engine, "ada", PASSWORD + "-new")
    assert auth.verify_login(engine, "ada", PASSWORD) is None
    assert auth.verify_login(engine, "ada", PASSWORD + "-new") is not None
    with pytest.raises(auth.ConsoleAuthError, match="no user"):
        auth.set_password(engine, "nobody", PASSWORD)


def test_removing_a_user_ends_its_browser_logins(store: Store) -> None:
    engine = store.engine
    auth.add_user(engine, "ada", "responder", PASSWORD)
    ada = auth.verify_login(engine, "ada", PASSWORD)
    assert ada is not None
    cookie, csrf = auth.create_login(engine, ada)
    seen = auth.login_principal(engine, cookie)
    assert seen == auth.Principal("ada", "responder", "user", csrf=csrf)
    assert auth.login_principal(engine, cookie + "x") is None
    auth.remove_user(engine, "ada")
    assert auth.login_principal(engine, cookie) is None
    assert rows.login_of(engine, auth.digest(cookie)) is None
    with pytest.raises(auth.ConsoleAuthError, match="no user"):
        auth.remove_user(engine, "ada")


def test_a_logout_ends_the_login_and_expired_logins_are_swept(store: Store) -> None:
    engine = store.engine
    auth.add_user(engine, "ada", "viewer", PASSWORD)
    rows.add_login(engine, auth.digest("old"), "ada", "c1", now=100.0, expires_at=200.0)
    assert auth.login_principal(engine, "old") is None  # expired long ago
    cookie, _ = auth.create_login(engine, auth.Principal("ada", "viewer", "user"))
    assert rows.login_of(engine, auth.digest("old")) is None  # swept by the new login
    auth.end_login(engine, cookie)
    assert auth.login_principal(engine, cookie) is None


def test_tokens_are_stored_hashed_listed_without_hash_and_revoked_once(store: Store) -> None:
    engine = store.engine
    token_id, token = auth.create_token(engine, " ci ", "responder", by="user:ada")
    assert token.startswith(auth.TOKEN_PREFIX)
    assert auth.token_principal(engine, token) == auth.Principal("ci", "responder", "token")
    assert auth.token_principal(engine, token + "x") is None
    assert auth.token_principal(engine, "no-prefix") is None
    (listed,) = auth.list_tokens(engine)
    assert listed["id"] == token_id and listed["name"] == "ci"
    assert listed["prefix"] == token[:10] and listed["created_by"] == "user:ada"
    assert "token_hash" not in listed and listed["revoked_at"] is None
    assert rows.token_of(engine, auth.digest(token)) == ("ci", "responder", None)
    assert auth.revoke_token(engine, token_id) is True
    assert auth.revoke_token(engine, token_id) is False
    assert auth.token_principal(engine, token) is None


def test_the_audit_trail_and_the_lockout_counts_read_from_it(store: Store) -> None:
    engine = store.engine
    limits = auth.LoginLimits(user_failures=2, client_failures=3, window_s=60, lockout_s=60)
    for n in range(2):
        auth.record(engine, "user:ada", "login.failed", "", {"n": n}, client="10.0.0.1", home=None)
    newest = auth.audit_rows(engine, 1)
    assert [(r["actor"], r["action"], r["detail"], r["client"]) for r in newest] == [
        ("user:ada", "login.failed", {"n": 1}, "10.0.0.1")
    ]
    assert len(auth.audit_rows(engine)) == 2
    assert auth.login_wait(engine, "ada", "10.0.0.2", limits) > 0  # the name is locked
    assert auth.login_wait(engine, "bob", "10.0.0.1", limits) == 0  # 2 of 3 for the client
    auth.record(engine, "user:bob", "login.failed", "", {}, client="10.0.0.1", home=None)
    assert auth.login_wait(engine, "bob", "10.0.0.1", limits) > 0  # the client is locked
    assert auth.login_wait(engine, "bob", "", limits) == 0
    times = rows.audit_times(engine, "login.failed", 0.0, client="10.0.0.1")
    assert len(times) == 3
    assert rows.last_audit_time(engine, "user:ada", "login") is None
