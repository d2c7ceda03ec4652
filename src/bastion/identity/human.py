"""The human behind this machine's sessions: `bastion login`, saved in ``<home>/human.json``.

A login is a record signed with the home's human key, an Ed25519 key pair bound to the OS
user (``<home>/keys/human-<uid>.key``, 0600). Locally the record names the OS user; in an
organisation it carries the subject, email, name and groups of an OpenID Connect ID token
that was verified against the issuer's published keys. Reading the record checks its
signature and that the current OS user is the one it was made for, so a record copied
from another account, or edited by hand, is not believed. Without a valid login the
human is the OS user (``user@host``), marked as such.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.core import home as home_names
from bastion.events import Principal
from bastion.identity import jws
from bastion.identity.errors import IdentityError, LoginError, TokenInvalid
from bastion.identity.keys import key_id, load_private_key, save_private_key, write_private

RECORD = home_names.HUMAN_RECORD
RECORD_TYPE = "bastion-login+jwt"


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


@dataclass(slots=True)
class HumanIdentity:
    """Who a human is, as far as Bastion knows, and how that was established."""

    id: str
    name: str = ""
    email: str = ""
    roles: list[str] = field(default_factory=list)
    source: str = "os"  # os | local | oidc
    subject: str = ""
    issuer: str = ""
    auth_time: float = 0.0
    os_user: str = ""
    uid: int = -1
    host: str = ""
    key_id: str = ""
    note: str = ""  # why a login was not used, when we fell back to the OS user

    def principal(self) -> Principal:
        attributes: dict[str, Any] = {
            "source": self.source,
            "email": self.email,
            "roles": list(self.roles),
            "subject": self.subject or self.id,
            "issuer": self.issuer,
            "auth_time": self.auth_time,
            "os_user": self.os_user,
            "host": self.host,
        }
        if self.note:
            attributes["note"] = self.note
        return Principal("human", self.id, self.name or self.id, attributes)

    def to_claims(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "roles": list(self.roles),
            "source": self.source,
            "subject": self.subject,
            "issuer": self.issuer,
            "auth_time": self.auth_time,
            "os_user": self.os_user,
            "uid": self.uid,
            "host": self.host,
            "key_id": self.key_id,
        }

    @classmethod
    def from_claims(cls, data: dict[str, Any]) -> HumanIdentity:
        return cls(
            id=str(data["id"]),
            name=str(data.get("name", "")),
            email=str(data.get("email", "")),
            roles=[str(r) for r in data.get("roles") or []],
            source=str(data.get("source", "local")),
            subject=str(data.get("subject", "")),
            issuer=str(data.get("issuer", "")),
            auth_time=float(data.get("auth_time", 0.0)),
            os_user=str(data.get("os_user", "")),
            uid=int(data.get("uid", -1)),
            host=str(data.get("host", "")),
            key_id=str(data.get("key_id", "")),
        )


def os_human(host: str | None = None, note: str = "") -> HumanIdentity:
    user = os_user()
    host = host or socket.gethostname()
    return HumanIdentity(
        id=f"{user}@{host}",
        name=user,
        source="os",
        os_user=user,
        uid=os.getuid(),
        host=host,
        note=note,
    )


class HumanStore:
    """Reads and writes the login record of one home."""

    def __init__(self, root: Path, keys_dir: Path) -> None:
        self.path = root / RECORD
        self.keys_dir = keys_dir

    @property
    def key_path(self) -> Path:
        return self.keys_dir / f"human-{os.getuid()}.key"

    def _key(self) -> Any:
        if self.key_path.exists():
            return load_private_key(self.key_path)
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = Ed25519PrivateKey.generate()
        save_private_key(key, self.key_path)
        return key

    def save(self, identity: HumanIdentity) -> HumanIdentity:
        key = self._key()
        identity.key_id = key_id(key.public_key())
        identity.uid = os.getuid()
        identity.os_user = identity.os_user or os_user()
        identity.host = identity.host or socket.gethostname()
        token = jws.sign_eddsa(identity.to_claims(), key, identity.key_id, RECORD_TYPE)
        write_private(self.path, (json.dumps({"record": token}, indent=2) + "\n").encode())
        return identity

    def load(self) -> HumanIdentity:
        """The logged-in human; the OS user (with a note saying why) when there is none."""
        if not self.path.exists():
            return os_human(note="not logged in (`bastion login`)")
        try:
            return self._verified()
        except (IdentityError, OSError, ValueError, KeyError, TypeError) as exc:
            return os_human(note=f"login record not used: {exc}")

    def _verified(self) -> HumanIdentity:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        parsed = jws.parse(str(data["record"]))
        if not self.key_path.exists():
            raise LoginError(f"the human key of OS user {os.getuid()} is missing; log in again")
        key = load_private_key(self.key_path)
        if parsed.header.get("kid") != key_id(key.public_key()):
            raise TokenInvalid("login record was signed by another key; log in again")
        jws.verify_signature(parsed, key.public_key(), frozenset({"EdDSA"}))
        identity = HumanIdentity.from_claims(parsed.payload)
        if identity.uid != os.getuid():
            raise LoginError(
                f"login record belongs to OS user {identity.uid}, not {os.getuid()}; log in"
            )
        return identity

    def logout(self) -> bool:
        if self.path.exists():
            self.path.unlink()
            return True
        return False


def local_login(
    store: HumanStore,
    *,
    name: str = "",
    email: str = "",
    roles: list[str] | None = None,
    now: float | None = None,
) -> HumanIdentity:
    """Bind the OS user to this home's human key; roles given here are self-asserted."""
    base = os_human()
    identity = HumanIdentity(
        id=base.id,
        name=name or base.name,
        email=email,
        roles=sorted(set(roles or [])),
        source="local",
        subject=base.id,
        auth_time=time.time() if now is None else now,
        os_user=base.os_user,
        host=base.host,
    )
    return store.save(identity)


def oidc_login(
    store: HumanStore,
    claims: dict[str, Any],
    *,
    issuer: str,
    roles_claim: str = "groups",
    now: float | None = None,
) -> HumanIdentity:
    """Save a human from the verified claims of an ID token (see ``oidc.OIDCVerifier``)."""
    roles_value = claims.get(roles_claim, [])
    if isinstance(roles_value, str):
        roles_value = [roles_value]
    roles = sorted({str(r) for r in roles_value if isinstance(r, str | int)})
    email = str(claims.get("email") or "")
    verified_email = email and claims.get("email_verified", False) is True
    identity = HumanIdentity(
        id=email if verified_email else str(claims["sub"]),
        name=str(claims.get("name") or claims.get("preferred_username") or ""),
        email=email,
        roles=roles,
        source="oidc",
        subject=str(claims["sub"]),
        issuer=issuer,
        # When Bastion established the human: a revocation of this human ends every
        # credential issued under an earlier login, whatever the IdP says.
        auth_time=time.time() if now is None else now,
        os_user=os_user(),
        host=socket.gethostname(),
    )
    return store.save(identity)
