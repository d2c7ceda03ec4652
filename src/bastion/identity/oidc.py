"""OpenID Connect ID token verification (OIDC Core 1.0 section 3.1.3.7) against a JWKS.

The issuer's keys come from its discovery document (OIDC Discovery 1.0,
``/.well-known/openid-configuration``) and ``jwks_uri`` (RFC 7517), fetched over HTTPS
(plain HTTP only to a loopback address, for local issuers and tests) and cached in memory
and in ``<home>/oidc-cache.json``. A token whose ``kid`` is not cached triggers one refetch
(an issuer rotated its keys), at most once per ``min_refresh`` seconds so forged kids
cannot make us hammer the issuer.
"""

from __future__ import annotations

import ipaddress
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

from bastion.identity import jws
from bastion.identity.errors import OIDCError, TokenExpired, TokenInvalid
from bastion.identity.keys import write_private

MAX_DOCUMENT_BYTES = 1024 * 1024
DEFAULT_ALGORITHMS = frozenset({"RS256"})


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fetch_json(url: str, timeout: float) -> dict[str, Any]:
    # Imported here: the daemon loads this module at every start (its identity service),
    # where urllib.request and its http.client and email parsers cost ~3-5 ms of CPU on the
    # daemon-down call's path (issue #17) and are needed only when an issuer is asked.
    from urllib.error import URLError
    from urllib.request import Request, urlopen

    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname or "")):
        raise OIDCError(f"{url}: OpenID Connect documents are fetched over https only")
    request = Request(url, headers={"Accept": "application/json"})
    try:
        with urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_DOCUMENT_BYTES + 1)
    except (URLError, OSError, TimeoutError) as exc:
        raise OIDCError(f"cannot fetch {url} ({exc}); check the issuer URL and network") from exc
    if len(body) > MAX_DOCUMENT_BYTES:
        raise OIDCError(f"{url}: document larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise OIDCError(f"{url} did not return JSON") from exc
    if not isinstance(data, dict):
        raise OIDCError(f"{url} did not return a JSON object")
    return data


class OIDCVerifier:
    """Verifies ID tokens of one issuer for one audience (the client id Bastion uses)."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        *,
        cache_path: Path | None = None,
        cache_ttl: float = 3600.0,
        min_refresh: float = 30.0,
        leeway: float = 60.0,
        timeout: float = 5.0,
    ) -> None:
        self.issuer = issuer.rstrip("/") if issuer.endswith("/") and issuer != "/" else issuer
        self.audience = audience
        self.cache_path = cache_path
        self.cache_ttl = cache_ttl
        self.min_refresh = min_refresh
        self.leeway = leeway
        self.timeout = timeout
        self.algorithms: frozenset[str] = DEFAULT_ALGORITHMS
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched = 0.0
        self._load_cache()

    # -- keys ---------------------------------------------------------------------------

    def _load_cache(self) -> None:
        if self.cache_path is None or not self.cache_path.exists():
            return
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
            entry = data.get(self.issuer)
            if entry:
                self._keys = {k["kid"]: k for k in entry["keys"] if "kid" in k}
                self._fetched = float(entry["fetched"])
                self.algorithms = frozenset(entry.get("algorithms") or DEFAULT_ALGORITHMS)
        except (OSError, ValueError, KeyError, TypeError):
            self._keys, self._fetched = {}, 0.0  # a broken cache is only a cache

    def _save_cache(self, keys: list[dict[str, Any]]) -> None:
        if self.cache_path is None:
            return
        data: dict[str, Any] = {}
        if self.cache_path.exists():
            try:
                data = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
        data[self.issuer] = {
            "fetched": self._fetched,
            "keys": keys,
            "algorithms": sorted(self.algorithms),
        }
        write_private(self.cache_path, (json.dumps(data, indent=2) + "\n").encode(), 0o600)

    def refresh(self) -> None:
        """Fetch discovery and JWKS now."""
        config = fetch_json(self.issuer + "/.well-known/openid-configuration", self.timeout)
        if config.get("issuer") != self.issuer:
            raise OIDCError(
                f"discovery document names issuer {config.get('issuer')!r}, expected "
                f"{self.issuer!r}; check the configured issuer URL"
            )
        jwks_uri = config.get("jwks_uri")
        if not isinstance(jwks_uri, str):
            raise OIDCError(f"{self.issuer}: discovery document has no jwks_uri")
        algs = config.get("id_token_signing_alg_values_supported") or ["RS256"]
        self.algorithms = frozenset(a for a in algs if a in jws.ASYMMETRIC_ALGORITHMS)
        keys = fetch_json(jwks_uri, self.timeout).get("keys")
        if not isinstance(keys, list):
            raise OIDCError(f"{jwks_uri} is not a JWK set")
        usable = [
            k for k in keys if isinstance(k, dict) and k.get("use", "sig") == "sig" and "kid" in k
        ]
        self._keys = {str(k["kid"]): k for k in usable}
        self._fetched = time.time()
        self._save_cache(usable)

    def _key_for(self, kid: str | None, alg: str) -> jws.PublicKey:
        stale = time.time() - self._fetched > self.cache_ttl
        if stale or (kid not in self._keys and time.time() - self._fetched > self.min_refresh):
            self.refresh()
        if kid is None and len(self._keys) == 1:
            kid = next(iter(self._keys))
        jwk = self._keys.get(kid or "")
        if jwk is None:
            raise TokenInvalid(
                f"ID token is signed with key {kid!r}, which {self.issuer} does not publish"
            )
        if "alg" in jwk and jwk["alg"] != alg:
            raise TokenInvalid(f"ID token algorithm {alg} does not match key {kid!r}")
        return jws.public_key_from_jwk(jwk)

    # -- tokens -------------------------------------------------------------------------

    def verify(
        self, id_token: str, *, nonce: str | None = None, now: float | None = None
    ) -> dict[str, Any]:
        """The verified claims of ``id_token``; raises ``TokenInvalid`` or ``OIDCError``."""
        now = time.time() if now is None else now
        parsed = jws.parse(id_token)
        alg = parsed.header.get("alg")
        if not self._keys or time.time() - self._fetched > self.cache_ttl:
            self.refresh()
        if not isinstance(alg, str) or alg not in self.algorithms:
            raise TokenInvalid(f"ID token algorithm {alg!r} is not one {self.issuer} uses")
        kid = parsed.header.get("kid")
        key = self._key_for(kid if isinstance(kid, str) else None, alg)
        jws.verify_signature(parsed, key, self.algorithms)
        claims = parsed.payload
        if claims.get("iss") != self.issuer:
            raise TokenInvalid(f"ID token issuer {claims.get('iss')!r} is not {self.issuer!r}")
        aud = claims.get("aud")
        audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
        if self.audience not in audiences:
            raise TokenInvalid(
                f"ID token is for audience {aud!r}, not {self.audience!r}; log in with the "
                "client id configured for Bastion"
            )
        if len(audiences) > 1 and claims.get("azp", self.audience) != self.audience:
            raise TokenInvalid("ID token was issued to another authorized party (azp)")
        exp = claims.get("exp")
        if not isinstance(exp, int | float):
            raise TokenInvalid("ID token has no expiry (exp)")
        if now > exp + self.leeway:
            raise TokenExpired(
                f"ID token expired {int(now - exp)} s ago; log in again to get a fresh one"
            )
        iat = claims.get("iat")
        if not isinstance(iat, int | float) or iat > now + self.leeway:
            raise TokenInvalid("ID token has no valid issue time (iat)")
        nbf = claims.get("nbf")
        if isinstance(nbf, int | float) and nbf > now + self.leeway:
            raise TokenInvalid("ID token is not valid yet (nbf)")
        if nonce is not None and claims.get("nonce") != nonce:
            raise TokenInvalid("ID token nonce does not match this login")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise TokenInvalid("ID token has no subject (sub)")
        return claims
