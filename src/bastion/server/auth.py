"""Console identities: users with scrypt passwords, API tokens, browser logins, roles, audit.

Tokens and browser-session cookies are 32 random bytes shown once and stored as their
SHA-256 (a secret that long needs no slow hash); passwords are hashed with scrypt
(RFC 7914) from ``cryptography``. Roles are ordered: a viewer reads, a responder also
approves, denies and contains, an admin also manages policies, tokens and users. Every
state-changing request is appended to ``console_audit`` with the person who made it.
No web framework here, so the ``bastion console`` commands can use it directly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from bastion.errors import BastionError
from bastion.server.tables import ROLES
from bastion.store import Engine
from bastion.store import console_auth as rows
from bastion.store.rows import ConsoleAuditRow, ConsoleTokenRow, ConsoleUserRow

if TYPE_CHECKING:
    from bastion.config import Home
    from bastion.daemon.home_writes import Send

TOKEN_PREFIX = "bst_"
LOGIN_SECONDS = 12 * 3600
# scrypt cost: 2**15 x 8 x 1 takes ~50-100 ms and 32 MiB, the interactive-login figure.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSWORD = 10


class ConsoleAuthError(BastionError):
    """A console user, token or password that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is making a request: a user (browser login) or an API token, and its role."""

    name: str
    role: str
    kind: str  # "user" | "token"
    csrf: str = ""  # the login's CSRF token (browser logins only)

    @property
    def actor(self) -> str:
        return f"{self.kind}:{self.name}"

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ConsoleAuthError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    return role


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# -- passwords -----------------------------------------------------------------------------


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(password.encode())
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=32, n=int(n), r=int(r), p=int(p))
        kdf.verify(password.encode(), base64.b64decode(key))
    except (ValueError, InvalidKey):
        return False
    return True


_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password(secrets.token_hex(8)))
    return _DUMMY_HASH[0]


# -- users ---------------------------------------------------------------------------------


def add_user(engine: Engine, name: str, role: str, password: str) -> None:
    check_role(role)
    name = name.strip()
    if not name or len(name) > 128:
        raise ConsoleAuthError("a user name needs 1 to 128 characters")
    if len(password) < MIN_PASSWORD:
        raise ConsoleAuthError(f"a password needs at least {MIN_PASSWORD} characters")
    if not rows.add_user(engine, name, role, hash_password(password), time.time()):
        raise ConsoleAuthError(f"user {name!r} already exists")


def set_password(engine: Engine, name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConsoleAuthError(f"a password needs at least {MIN_PASSWORD} characters")
    if not rows.set_password_hash(engine, name, hash_password(password)):
        raise ConsoleAuthError(f"no user {name!r}")


def remove_user(engine: Engine, name: str) -> None:
    if not rows.delete_user(engine, name):
        raise ConsoleAuthError(f"no user {name!r}")


def list_users(engine: Engine) -> list[ConsoleUserRow]:
    return rows.user_rows(engine)


def verify_login(engine: Engine, name: str, password: str) -> Principal | None:
    """The user for a correct name and password, else None (same work either way)."""
    found = rows.password_hash_of(engine, name)
    if found is None or found[3]:
        verify_password(password, _dummy_hash())
        return None
    stored_name, role, password_hash, _disabled = found
    if not verify_password(password, password_hash):
        return None
    return Principal(stored_name, role, "user")


# -- login throttling ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginLimits:
    """How many wrong passwords a name or a client address may try before a lockout.

    ``user_failures`` wrong passwords for one name within ``window_s`` lock that name for
    ``lockout_s``; ``client_failures`` from one address (across names: password spraying)
    lock that address. Counted from ``console_audit`` itself, so the limit survives a
    restart, holds across console replicas sharing a store, and every step is audited.
    """

    user_failures: int = 5
    client_failures: int = 20
    window_s: float = 15 * 60
    lockout_s: float = 15 * 60

    @classmethod
    def from_settings(cls, console: dict[str, Any]) -> LoginLimits:
        """From ``[console]`` in config.toml (``login_max_failures`` and friends)."""
        base = cls()
        return cls(
            user_failures=int(console.get("login_max_failures", base.user_failures)),
            client_failures=int(console.get("login_max_failures_per_client", base.client_failures)),
            window_s=float(console.get("login_window_s", base.window_s)),
            lockout_s=float(console.get("login_lockout_s", base.lockout_s)),
        )


def _locked_until(times: list[float], limit: int, limits: LoginLimits) -> float:
    """When a lockout made of these failure times ends (0: none). Failures cannot happen
    while locked (the password is not even checked), so the newest one started it."""
    if limit <= 0 or len(times) < limit:
        return 0.0
    last = max(times)
    recent = [t for t in times if t >= last - limits.window_s]
    return last + limits.lockout_s if len(recent) >= limit else 0.0


def login_wait(
    engine: Engine, name: str, client: str, limits: LoginLimits, now: float | None = None
) -> float:
    """Seconds until ``name`` may try a password from ``client`` again (0: now)."""
    now = time.time() if now is None else now
    since = now - limits.window_s - limits.lockout_s
    actor = f"user:{name[:100]}"
    last_ok = rows.last_audit_time(engine, actor, "login")
    user_since = max(since, last_ok) if last_ok is not None else since
    user_times = rows.audit_times(engine, "login.failed", user_since, actor=actor)
    user_until = _locked_until(user_times, limits.user_failures, limits)
    client_until = 0.0
    if client:
        client_times = rows.audit_times(engine, "login.failed", since, client=client[:64])
        client_until = _locked_until(client_times, limits.client_failures, limits)
    return max(0.0, max(user_until, client_until) - now)


# -- API tokens ----------------------------------------------------------------------------


def create_token(engine: Engine, name: str, role: str, by: str = "") -> tuple[int, str]:
    """A new API token: returns (id, token). The token is shown once and stored hashed."""
    check_role(role)
    if not name.strip() or len(name) > 128:
        raise ConsoleAuthError("a token name needs 1 to 128 characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = rows.add_token(
        engine, name.strip(), role, digest(token), token[:10], by, time.time()
    )
    return token_id, token


def list_tokens(engine: Engine) -> list[ConsoleTokenRow]:
    return rows.token_rows(engine)


def revoke_token(engine: Engine, token_id: int) -> bool:
    return rows.revoke_token(engine, token_id, time.time())


def token_principal(engine: Engine, token: str) -> Principal | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = rows.token_of(engine, digest(token))
    if found is None or found[2] is not None:
        return None
    return Principal(found[0], found[1], "token")


# -- browser logins ------------------------------------------------------------------------


def create_login(engine: Engine, user: Principal) -> tuple[str, str]:
    """A browser session for a logged-in user: returns (cookie value, CSRF token)."""
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = time.time()
    rows.add_login(engine, digest(cookie), user.name, csrf, now, now + LOGIN_SECONDS)
    return cookie, csrf


def login_principal(engine: Engine, cookie: str) -> Principal | None:
    row = rows.login_of(engine, digest(cookie))
    if row is None or row["expires_at"] < time.time():
        return None
    return Principal(row["name"], row["role"], "user", csrf=row["csrf_token"])


def end_login(engine: Engine, cookie: str) -> None:
    rows.delete_login(engine, digest(cookie))


def csrf_ok(principal: Principal, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(principal.csrf, presented or "")


# -- the console's audit trail -------------------------------------------------------------


def record(
    engine: Engine,
    who: Principal | str,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
    client: str = "",
    *,
    home: Home | None,
    send: Send | None = None,
) -> None:
    """Append one state-changing request to ``console_audit`` (never updated or deleted),
    and to the signed audit log, where nobody can drop it unseen (audit/records.py).

    The signed log's entry is written by the daemon of ``home`` while one runs
    (`bastion.daemon.home_writes`): a console stopped mid-write must hold no lock that
    decisions wait for (issue #18). ``home`` None: a bare store with no daemon; written
    here. A daemon's refusal raises `HomeWriteFailed` and nothing is recorded. ``send``:
    how a message reaches the daemon (`bastion.daemon.client.control` unless given).
    """
    actor, role = (who.actor, who.role) if isinstance(who, Principal) else (who, "")
    from bastion.daemon import home_writes
    from bastion.detect.secrets import redact_value
    from bastion.store import Store
    from bastion.wire.control import ConsoleEntry

    store = Store.of_engine(engine)
    if store is not None:
        entry = ConsoleEntry(
            action=action,
            actor=actor,
            role=role,
            target=target[:256],
            detail=redact_value(detail or {}),
            client=client[:64],
        )
        if send is None:
            home_writes.write(home, store, entry)
        else:
            home_writes.write(home, store, entry, send=send)
    rows.add_audit(
        engine,
        now=time.time(),
        actor=actor,
        role=role,
        action=action,
        target=target[:256],
        detail=detail or {},
        client=client[:64],
    )


def audit_rows(engine: Engine, limit: int = 200) -> list[ConsoleAuditRow]:
    return rows.audit_rows(engine, limit)
