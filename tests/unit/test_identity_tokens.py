"""Session credentials: issue, verify, expiry, forgery and tampering, key rotation."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from bastion.identity import jws
from bastion.identity.credentials import TOKEN_TYPE, Scope, TokenService
from bastion.identity.errors import IdentityError, TokenExpired, TokenInvalid
from bastion.identity.keys import KeyRing

T0 = 1_800_000_000.0
TTL = 3600.0


@pytest.fixture
def ring(tmp_path: Path) -> KeyRing:
    return KeyRing(tmp_path / "keys", max_lifetime=TTL)


@pytest.fixture
def tokens(ring: KeyRing) -> TokenService:
    return TokenService(ring, issuer="bastion:test")


def issue(tokens: TokenService, now: float = T0, ttl: float = TTL) -> str:
    return tokens.issue(
        human="alice@example.com",
        agent_instance="agt-0123456789abcdef",
        agent="claude-code",
        session_id="sess-1",
        scope=Scope(workspace="/w", repositories=("/w",), hosts=("github.com",)),
        ttl=ttl,
        auth_time=T0 - 10,
        now=now,
    ).token


def _b64json(part: str) -> dict:
    return json.loads(jws.b64url_decode(part))


def _encode(obj: dict) -> str:
    return jws.b64url_encode(json.dumps(obj).encode())


def test_issue_and_verify_carry_delegation_scope_and_kid(tokens: TokenService) -> None:
    token = issue(tokens)
    cred = tokens.verify(token, now=T0 + 1)
    head = _b64json(token.split(".")[0])
    assert head == {"alg": "EdDSA", "typ": TOKEN_TYPE, "kid": tokens.ring.active.kid}
    assert cred.human == "alice@example.com"
    assert cred.claims["act"] == {"sub": "agt-0123456789abcdef", "client_id": "claude-code"}
    assert cred.session_id == "sess-1"
    assert cred.expires_at == T0 + TTL
    assert cred.scope.hosts == ("github.com",)
    assert len(cred.jti) == 32


def test_expired_token_is_refused_saying_so(tokens: TokenService) -> None:
    token = issue(tokens)
    tokens.verify(token, now=T0 + TTL - 1)
    with pytest.raises(TokenExpired, match="expired"):
        tokens.verify(token, now=T0 + TTL)


def test_not_yet_valid_token_is_refused(tokens: TokenService) -> None:
    token = issue(tokens, now=T0 + 600)
    with pytest.raises(TokenInvalid, match="not valid yet"):
        tokens.verify(token, now=T0)


def test_bad_signature_is_refused(tokens: TokenService) -> None:
    head, body, sig = issue(tokens).split(".")
    raw = bytearray(jws.b64url_decode(sig))
    raw[0] ^= 1
    with pytest.raises(TokenInvalid, match="signature"):
        tokens.verify(f"{head}.{body}.{jws.b64url_encode(bytes(raw))}", now=T0)


def test_modified_claims_break_the_signature(tokens: TokenService) -> None:
    head, body, sig = issue(tokens).split(".")
    claims = _b64json(body)
    for change in (
        {"sub": "mallory@example.com"},
        {"exp": claims["exp"] + 86400},
        {"scope": {**claims["scope"], "hosts": ["*"]}},
        {"act": {"sub": "agt-other", "client_id": "claude-code"}},
    ):
        forged = f"{head}.{_encode({**claims, **change})}.{sig}"
        with pytest.raises(TokenInvalid, match="signature"):
            tokens.verify(forged, now=T0)


def test_alg_none_is_refused(tokens: TokenService) -> None:
    _, body, _ = issue(tokens).split(".")
    head = _encode({"alg": "none", "typ": TOKEN_TYPE, "kid": tokens.ring.active.kid})
    for token in (f"{head}.{body}.", f"{head}.{body}"):
        with pytest.raises(TokenInvalid):
            tokens.verify(token, now=T0)


def test_hmac_with_the_public_key_is_refused(tokens: TokenService) -> None:
    import hashlib
    import hmac

    from bastion.identity.keys import raw_public

    _, body, _ = issue(tokens).split(".")
    head = _encode({"alg": "HS256", "typ": TOKEN_TYPE, "kid": tokens.ring.active.kid})
    secret = raw_public(tokens.ring.active.public)
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    with pytest.raises(TokenInvalid, match="algorithm"):
        tokens.verify(f"{head}.{body}.{jws.b64url_encode(mac)}", now=T0)


def test_wrong_or_missing_kid_is_refused(tokens: TokenService) -> None:
    head, body, sig = issue(tokens).split(".")
    header = _b64json(head)
    with pytest.raises(TokenInvalid, match="unknown key"):
        tokens.verify(f"{_encode({**header, 'kid': 'ffffffffffffffff'})}.{body}.{sig}", now=T0)
    del header["kid"]
    with pytest.raises(TokenInvalid, match="kid"):
        tokens.verify(f"{_encode(header)}.{body}.{sig}", now=T0)


def test_token_signed_by_a_stranger_key_is_refused(tokens: TokenService) -> None:
    stranger = ed25519.Ed25519PrivateKey.generate()
    claims = _b64json(issue(tokens).split(".")[1])
    forged = jws.sign_eddsa(claims, stranger, tokens.ring.active.kid, TOKEN_TYPE)
    with pytest.raises(TokenInvalid, match="signature"):
        tokens.verify(forged, now=T0)


def test_other_token_types_and_issuers_are_refused(tokens: TokenService, ring: KeyRing) -> None:
    kid, key = ring.signing_key()
    claims = _b64json(issue(tokens).split(".")[1])
    with pytest.raises(TokenInvalid, match="type"):
        tokens.verify(jws.sign_eddsa(claims, key, kid, "JWT"), now=T0)
    other = jws.sign_eddsa({**claims, "iss": "bastion:elsewhere"}, key, kid, TOKEN_TYPE)
    with pytest.raises(TokenInvalid, match="another Bastion"):
        tokens.verify(other, now=T0)


@pytest.mark.parametrize(
    "token",
    ["", "a.b", "a.b.c.d", "!!!.e30.", "e30.e30.e30", "W10.e30.AA", "e30.W10.AA", "x" * 20000],
)
def test_malformed_tokens_are_refused(tokens: TokenService, token: str) -> None:
    with pytest.raises(TokenInvalid):
        tokens.verify(token, now=T0)


def test_rotation_keeps_old_tokens_verifiable_until_they_expire(
    tmp_path: Path, tokens: TokenService, ring: KeyRing
) -> None:
    old_kid = ring.active.kid
    old_token = issue(tokens)
    new_kid, dropped = ring.rotate(now=T0 + 60)
    assert new_kid != old_kid and dropped == []
    new_token = issue(tokens, now=T0 + 60)
    assert _b64json(new_token.split(".")[0])["kid"] == new_kid
    # A verifier in another process (the daemon) reads the rotated ring.
    other = TokenService(KeyRing(tmp_path / "keys", max_lifetime=TTL), issuer="bastion:test")
    assert other.verify(old_token, now=T0 + 120).kid == old_kid
    assert other.verify(new_token, now=T0 + 120).kid == new_kid
    with pytest.raises(TokenExpired):
        other.verify(old_token, now=T0 + TTL)
    # Once everything it signed has expired, the retired key is dropped with its file.
    _, dropped = ring.rotate(now=T0 + 60 + TTL + 1)
    assert old_kid in dropped
    assert not (tmp_path / "keys" / f"session-{old_kid}.key").exists()


def test_a_daemon_verifier_sees_a_rotation_made_elsewhere(tmp_path: Path) -> None:
    daemon_ring = KeyRing(tmp_path / "keys", max_lifetime=TTL)
    daemon = TokenService(daemon_ring, issuer="bastion:test")
    cli = TokenService(KeyRing(tmp_path / "keys", max_lifetime=TTL), issuer="bastion:test")
    cli.ring.rotate(now=T0)
    token = issue(cli)
    assert daemon.verify(token, now=T0 + 1).kid == cli.ring.active.kid


def test_private_keys_are_owner_only_and_refused_when_readable(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys", max_lifetime=TTL)
    path = tmp_path / "keys" / f"session-{ring.active.kid}.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o644)
    fresh = KeyRing(tmp_path / "keys", max_lifetime=TTL)
    with pytest.raises(IdentityError, match="chmod 600"):
        fresh.signing_key()


@pytest.mark.parametrize("alg", ["RS256", "PS256", "ES256", "ES384", "EdDSA"])
def test_jws_round_trip_for_oidc_algorithms(alg: str) -> None:
    key: Any
    if alg.startswith(("RS", "PS")):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif alg == "ES256":
        key = ec.generate_private_key(ec.SECP256R1())
    elif alg == "ES384":
        key = ec.generate_private_key(ec.SECP384R1())
    else:
        key = ed25519.Ed25519PrivateKey.generate()
    token = jws.sign({"sub": "x"}, key, alg, "k1")
    jwk = jws.jwk_from_public_key(key.public_key(), "k1")
    public = jws.public_key_from_jwk(jwk)
    jws.verify_signature(jws.parse(token), public, frozenset({alg}))
    with pytest.raises(TokenInvalid):
        jws.verify_signature(jws.parse(token), public, frozenset({"RS512"}))


def test_key_type_must_match_the_algorithm() -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jws.sign({"sub": "x"}, rsa_key, "RS256", "k1")
    ed_public = ed25519.Ed25519PrivateKey.generate().public_key()
    with pytest.raises(TokenInvalid, match="type"):
        jws.verify_signature(jws.parse(token), ed_public, frozenset({"RS256"}))


def test_a_verified_token_is_not_verified_again_but_its_lifetime_and_key_still_count(
    tokens: TokenService, ring: KeyRing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daemon checks a session's credential on every event: the signature is verified
    once per token, while expiry and the key's presence in the ring are checked each time."""
    token = issue(tokens)
    tokens.verify(token, now=T0 + 1)
    calls: list[int] = []
    real = jws.verify_signature
    monkeypatch.setattr(jws, "verify_signature", lambda *a: calls.append(1) or real(*a))
    assert tokens.verify(token, now=T0 + 2).claims["sid"] == "sess-1"
    assert calls == []  # remembered
    with pytest.raises(TokenExpired):
        tokens.verify(token, now=T0 + TTL + 1)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(TokenInvalid):
        tokens.verify(forged, now=T0 + 2)  # another string: verified, and refused
    with pytest.raises(TokenInvalid):
        tokens.verify(forged, now=T0 + 3)  # a refusal is never remembered
    ring.keys.clear()  # the signing key left the ring: the token is not trusted any more
    monkeypatch.setattr(ring, "refresh", lambda: None)
    with pytest.raises(TokenInvalid, match="unknown key"):
        tokens.verify(token, now=T0 + 4)


def test_an_issued_token_is_known_verified_with_the_claims_its_text_carries(
    tokens: TokenService, ring: KeyRing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session's first check does not verify the signature this service just made; the
    claims it returns are those a verifier reads from the token's text, and the lifetime
    and the key's presence in the ring still count."""
    token = issue(tokens)
    fresh = TokenService(ring, issuer="bastion:test").verify(token, now=T0 + 1)
    calls: list[int] = []
    real = jws.verify_signature
    monkeypatch.setattr(jws, "verify_signature", lambda *a: calls.append(1) or real(*a))
    first = tokens.verify(token, now=T0 + 1)
    assert calls == []
    assert first.claims == fresh.claims and first.kid == fresh.kid
    assert isinstance(first.claims["scope"]["repositories"], list)  # as JSON reads it
    with pytest.raises(TokenExpired):
        tokens.verify(token, now=T0 + TTL + 1)
    ring.keys.clear()
    monkeypatch.setattr(ring, "refresh", lambda: None)
    with pytest.raises(TokenInvalid, match="unknown key"):
        tokens.verify(token, now=T0 + 2)
