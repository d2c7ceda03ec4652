"""Session credentials: short-lived EdDSA JWTs (RFC 7519) with RFC 8693 delegation.

A credential says *who* (``sub``: the human), *through what* (``act.sub``: the agent
instance acting for them, RFC 8693 section 4.1), *for which session* (``sid``), *for
what* (``scope``: workspace, repositories, tools, hosts, task category) and *until when*
(``exp``, one hour by default). Its ``jti`` names it for revocation and its ``kid``
header names the signing key, so a rotated key still verifies what it signed until that
expires. ``TokenService.verify`` checks the header, the signature with a cached public
key, the issuer, audience and lifetime; revocation and scope are the service's job.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from bastion.identity import jws
from bastion.identity.errors import TokenExpired, TokenInvalid
from bastion.identity.keys import KeyRing

TOKEN_TYPE = "bastion-session+jwt"
AUDIENCE = "bastion"
ALGORITHMS = frozenset({"EdDSA"})
CLOCK_SKEW = 5.0  # seconds of leeway for nbf/iat between daemon and CLI clocks


@dataclass(frozen=True, slots=True)
class Scope:
    """What a session may touch; glob patterns as in ``rights``."""

    workspace: str = ""
    repositories: tuple[str, ...] = ()
    tools: tuple[str, ...] = ("*",)
    hosts: tuple[str, ...] = ("*",)
    task: str = "development"
    paths: tuple[str, ...] = ()  # writable besides the repositories (temp directories)

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "repositories": list(self.repositories),
            "tools": list(self.tools),
            "hosts": list(self.hosts),
            "task": self.task,
            "paths": list(self.paths),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scope:
        return cls(
            workspace=str(data.get("workspace", "")),
            repositories=tuple(data.get("repositories") or ()),
            tools=tuple(data.get("tools") or ()),
            hosts=tuple(data.get("hosts") or ()),
            task=str(data.get("task", "")),
            paths=tuple(data.get("paths") or ()),
        )


@dataclass(slots=True)
class SessionCredential:
    """A signed session credential and its verified claims."""

    token: str = field(repr=False)
    claims: dict[str, Any]
    kid: str

    @property
    def jti(self) -> str:
        return str(self.claims["jti"])

    @property
    def session_id(self) -> str:
        return str(self.claims["sid"])

    @property
    def human(self) -> str:
        return str(self.claims["sub"])

    @property
    def agent_instance(self) -> str:
        return str(self.claims["act"]["sub"])

    @property
    def agent(self) -> str:
        return str(self.claims["act"].get("client_id", ""))

    @property
    def expires_at(self) -> float:
        return float(self.claims["exp"])

    @property
    def issued_at(self) -> float:
        return float(self.claims["iat"])

    @property
    def auth_time(self) -> float:
        return float(self.claims.get("auth_time", 0.0))

    @property
    def scope(self) -> Scope:
        return Scope.from_dict(self.claims.get("scope") or {})


class TokenService:
    """Issues and verifies session credentials with the keys of one ``KeyRing``."""

    # Tokens whose signature and claims were verified, with their key: the daemon checks
    # a session's credential on every event, and an Ed25519 verification plus the JWS
    # parse cost more than the rest of the identity check. The lifetime (exp, nbf) and the
    # key's presence in the ring are checked on every call all the same.
    VERIFIED_MAX = 4096

    def __init__(self, ring: KeyRing, issuer: str) -> None:
        self.ring = ring
        self.issuer = issuer
        self._verified: OrderedDict[str, tuple[str, dict[str, Any], Any]] = OrderedDict()
        self._lock = threading.Lock()

    def issue(
        self,
        *,
        human: str,
        agent_instance: str,
        agent: str,
        session_id: str,
        scope: Scope,
        ttl: float,
        auth_time: float,
        extra: dict[str, Any] | None = None,
        now: float | None = None,
    ) -> SessionCredential:
        now = time.time() if now is None else now
        kid, key = self.ring.signing_key()
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": human,
            # RFC 8693 4.1: the agent instance acts for the human; client_id names its type.
            "act": {"sub": agent_instance, "client_id": agent},
            "sid": session_id,
            "jti": uuid.uuid4().hex,
            "iat": int(now),
            "nbf": int(now),
            "exp": int(now + ttl),
            "auth_time": int(auth_time),
            "scope": scope.to_dict(),
        }
        if extra:
            claims.update({k: v for k, v in extra.items() if k not in claims})
        token = jws.sign_eddsa(claims, key, kid, TOKEN_TYPE)
        public = self.ring.public_key(kid)
        if public is not None:
            # Signed here, by a key of the ring, with the claims `verify` requires: the
            # session's first check need not parse it and verify the signature again.
            # Its lifetime and the key's presence in the ring are checked as for any token.
            # The claims as `verify` reads them from the token (JSON: tuples are lists).
            self._remember(token, kid, json.loads(json.dumps(claims)), public)
        return SessionCredential(token, claims, kid)

    def _remember(self, token: str, kid: str, claims: dict[str, Any], key: Any) -> None:
        with self._lock:
            self._verified[token] = (kid, claims, key)
            if len(self._verified) > self.VERIFIED_MAX:
                self._verified.popitem(last=False)

    def verify(self, token: str, *, now: float | None = None) -> SessionCredential:
        """Verified claims, or ``TokenInvalid`` / ``TokenExpired`` saying exactly what failed."""
        with self._lock:
            known = self._verified.get(token)
            if known is not None and self.ring.public_key(known[0]) is known[2]:
                self._verified.move_to_end(token)  # signed by a key still in the ring
            elif known is not None:
                del self._verified[token]
                known = None
        if known is not None:
            return self._in_lifetime(token, known[1], known[0], now)
        parsed = jws.parse(token)
        header = parsed.header
        if header.get("typ") != TOKEN_TYPE:
            raise TokenInvalid(f"token type {header.get('typ')!r} is not a session credential")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise TokenInvalid("token header names no key (kid)")
        key = self.ring.public_key(kid)
        if key is None:
            self.ring.refresh()  # rotated by another process since we last looked
            key = self.ring.public_key(kid)
            if key is None:
                raise TokenInvalid(f"token is signed with unknown key {kid!r}")
        jws.verify_signature(parsed, key, ALGORITHMS)
        claims = parsed.payload
        if claims.get("iss") != self.issuer or claims.get("aud") != AUDIENCE:
            raise TokenInvalid("token was issued by another Bastion or for another audience")
        for name in ("sub", "sid", "jti"):
            if not isinstance(claims.get(name), str) or not claims[name]:
                raise TokenInvalid(f"token has no {name}")
        act = claims.get("act")
        if not isinstance(act, dict) or not isinstance(act.get("sub"), str):
            raise TokenInvalid("token names no acting agent (act.sub)")
        exp, nbf = claims.get("exp"), claims.get("nbf", 0)
        if not isinstance(exp, int | float) or not isinstance(nbf, int | float):
            raise TokenInvalid("token lifetime (exp, nbf) is malformed")
        self._remember(token, kid, claims, key)
        return self._in_lifetime(token, claims, kid, now)

    @staticmethod
    def _in_lifetime(
        token: str, claims: dict[str, Any], kid: str, now: float | None
    ) -> SessionCredential:
        exp, nbf = claims["exp"], claims.get("nbf", 0)
        now = time.time() if now is None else now
        if now >= exp:
            raise TokenExpired(f"session credential expired {int(now - exp)} s ago")
        if now + CLOCK_SKEW < nbf:
            raise TokenInvalid("session credential is not valid yet")
        return SessionCredential(token, claims, kid)
