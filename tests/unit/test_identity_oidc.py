"""OpenID Connect login against a real local issuer (discovery + JWKS over HTTP)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from typer.testing import CliRunner

from bastion.cli.identity_cmd import register
from bastion.config import Home
from bastion.identity import IdentityService, jws
from bastion.identity.errors import OIDCError, TokenExpired, TokenInvalid
from bastion.identity.oidc import OIDCVerifier

AUDIENCE = "bastion-cli"


@dataclass
class Issuer:
    """A tiny OIDC issuer on 127.0.0.1: a discovery document and a JWKS, counted."""

    url: str = ""
    keys: dict[str, Any] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)

    def token(self, kid: str = "k1", **claims: Any) -> str:
        now = int(time.time())
        body = {
            "iss": self.url,
            "aud": AUDIENCE,
            "sub": "248289761001",
            "email": "alice@example.com",
            "email_verified": True,
            "name": "Alice Doe",
            "groups": ["developers", "oncall"],
            "iat": now,
            "exp": now + 600,
        }
        body.update(claims)
        return jws.sign(body, self.keys[kid], "RS256", kid)


@pytest.fixture(scope="module")
def issuer() -> Iterator[Issuer]:
    state = Issuer()
    for kid in ("k1", "k2", "unpublished"):
        state.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    state.published = ["k1", "k2"]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] = state.hits.get(self.path, 0) + 1
            if self.path == "/.well-known/openid-configuration":
                doc: dict[str, Any] = {
                    "issuer": state.url,
                    "jwks_uri": state.url + "/jwks",
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            elif self.path == "/jwks":
                doc = {
                    "keys": [
                        jws.jwk_from_public_key(state.keys[k].public_key(), k, "RS256")
                        for k in state.published
                    ]
                }
            else:
                self.send_error(404)
                return
            data = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def verifier(issuer: Issuer, tmp_path: Path, **kw: Any) -> OIDCVerifier:
    return OIDCVerifier(issuer.url, AUDIENCE, cache_path=tmp_path / "oidc-cache.json", **kw)


def test_good_token_verifies(issuer: Issuer, tmp_path: Path) -> None:
    claims = verifier(issuer, tmp_path).verify(issuer.token())
    assert claims["sub"] == "248289761001"
    assert claims["email"] == "alice@example.com"


def test_second_key_of_the_jwks_verifies_too(issuer: Issuer, tmp_path: Path) -> None:
    assert verifier(issuer, tmp_path).verify(issuer.token(kid="k2"))["iss"] == issuer.url


def test_wrong_audience_is_refused(issuer: Issuer, tmp_path: Path) -> None:
    with pytest.raises(TokenInvalid, match="audience"):
        verifier(issuer, tmp_path).verify(issuer.token(aud="some-other-app"))


def test_audience_list_needs_us_and_azp(issuer: Issuer, tmp_path: Path) -> None:
    v = verifier(issuer, tmp_path)
    assert v.verify(issuer.token(aud=[AUDIENCE, "x"], azp=AUDIENCE))
    with pytest.raises(TokenInvalid, match="azp"):
        v.verify(issuer.token(aud=[AUDIENCE, "x"], azp="x"))


def test_expired_token_is_refused(issuer: Issuer, tmp_path: Path) -> None:
    now = int(time.time())
    with pytest.raises(TokenExpired, match="expired"):
        verifier(issuer, tmp_path).verify(issuer.token(iat=now - 7200, exp=now - 3600))


def test_unknown_key_is_refused(issuer: Issuer, tmp_path: Path) -> None:
    with pytest.raises(TokenInvalid, match="does not publish"):
        verifier(issuer, tmp_path, min_refresh=0).verify(issuer.token(kid="unpublished"))


def test_wrong_issuer_and_tampering_are_refused(issuer: Issuer, tmp_path: Path) -> None:
    v = verifier(issuer, tmp_path)
    with pytest.raises(TokenInvalid, match="issuer"):
        v.verify(issuer.token(iss="https://evil.example"))
    head, body, sig = issuer.token().split(".")
    claims = json.loads(jws.b64url_decode(body))
    claims["groups"] = ["admins"]
    forged = f"{head}.{jws.b64url_encode(json.dumps(claims).encode())}.{sig}"
    with pytest.raises(TokenInvalid, match="signature"):
        v.verify(forged)


def test_alg_none_and_hs256_are_refused(issuer: Issuer, tmp_path: Path) -> None:
    _, body, _ = issuer.token().split(".")
    for alg in ("none", "HS256"):
        head = jws.b64url_encode(json.dumps({"alg": alg, "kid": "k1"}).encode())
        with pytest.raises(TokenInvalid, match="algorithm"):
            verifier(issuer, tmp_path).verify(f"{head}.{body}.c2ln")


def test_jwks_is_cached_in_memory_and_on_disk(issuer: Issuer, tmp_path: Path) -> None:
    before = issuer.hits.get("/jwks", 0)
    v = verifier(issuer, tmp_path)
    for _ in range(5):
        v.verify(issuer.token())
    assert issuer.hits["/jwks"] == before + 1
    again = verifier(issuer, tmp_path)  # a new process reads the disk cache
    again.verify(issuer.token())
    assert issuer.hits["/jwks"] == before + 1


def test_key_rotation_at_the_issuer_is_picked_up(issuer: Issuer, tmp_path: Path) -> None:
    v = verifier(issuer, tmp_path, min_refresh=0)
    v.verify(issuer.token())
    issuer.keys["k3"] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer.published.append("k3")
    try:
        assert v.verify(issuer.token(kid="k3"))["sub"]
    finally:
        issuer.published.remove("k3")


def test_plain_http_is_refused_for_remote_issuers(tmp_path: Path) -> None:
    v = OIDCVerifier("http://login.example.com", AUDIENCE)
    with pytest.raises(OIDCError, match="https"):
        v.refresh()


def test_login_oidc_saves_the_human_for_every_session(issuer: Issuer, tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "h")
    service = IdentityService(home)
    identity = service.logins.login_oidc(issuer.token(), issuer=issuer.url, audience=AUDIENCE)
    assert identity.id == "alice@example.com"
    human = IdentityService(home).logins.human()  # another process (the daemon) reads it
    assert human.id == "alice@example.com"
    assert human.name == "Alice Doe"
    assert human.attributes["source"] == "oidc"
    assert human.attributes["roles"] == ["developers", "oncall"]
    assert human.attributes["issuer"] == issuer.url
    assert human.attributes["subject"] == "248289761001"


def test_login_oidc_from_the_cli(issuer: Issuer, tmp_path: Path) -> None:
    import typer

    app = typer.Typer()
    register(app)
    home = tmp_path / "h"
    runner = CliRunner()
    bad = runner.invoke(
        app,
        ["login", "--oidc", "--issuer", issuer.url, "--audience", "nope", "--home", str(home)],
        env={"BASTION_ID_TOKEN": issuer.token()},
    )
    assert bad.exit_code == 1 and "audience" in bad.output
    ok = runner.invoke(
        app,
        ["login", "--oidc", "--issuer", issuer.url, "--audience", AUDIENCE, "--home", str(home)],
        env={"BASTION_ID_TOKEN": issuer.token()},
    )
    assert ok.exit_code == 0, ok.output
    who = runner.invoke(app, ["whoami", "--json", "--home", str(home)])
    assert json.loads(who.output)["id"] == "alice@example.com"
