"""JSON Web Signature in compact form (RFC 7515) and JSON Web Keys (RFC 7517), verify-first.

Bastion signs its own session credentials with EdDSA over Ed25519 (RFC 8037) and verifies
OpenID Connect ID tokens signed with the algorithms issuers publish (RFC 7518: RS256/384/512,
PS256/384/512, ES256/384/512, and EdDSA). The caller always names the algorithms it
accepts: the token's ``alg`` header only selects among those, so ``none`` and key-confusion
tricks (an HMAC "signed" with a public key) are refused before any key is touched. A key's
own type must match the algorithm as well. Only ``cryptography`` is used.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from bastion.identity.errors import TokenInvalid

PublicKey = ed25519.Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
}
_CURVES: dict[str, tuple[type[ec.EllipticCurve], int]] = {
    "ES256": (ec.SECP256R1, 32),
    "ES384": (ec.SECP384R1, 48),
    "ES512": (ec.SECP521R1, 66),
}
ASYMMETRIC_ALGORITHMS = frozenset(
    {"EdDSA", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)
# Compact tokens larger than this are refused before decoding anything.
MAX_TOKEN_BYTES = 16 * 1024
_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    # RFC 7515 section 2: base64url without padding; any other alphabet is refused.
    if _B64URL.fullmatch(text) is None:
        raise TokenInvalid("malformed token: not base64url without padding")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise TokenInvalid("malformed token: not base64url") from exc


@dataclass(frozen=True, slots=True)
class Parsed:
    """A compact JWS split into its parts; nothing in it is trusted yet."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise TokenInvalid(f"malformed token: {what} is not JSON") from exc
    if not isinstance(value, dict):
        raise TokenInvalid(f"malformed token: {what} is not a JSON object")
    return value


def parse(token: str) -> Parsed:
    """Split and decode a compact JWS; raises ``TokenInvalid`` on any malformation."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_BYTES:
        raise TokenInvalid("malformed token: not a compact JWS of reasonable size")
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenInvalid("malformed token: a compact JWS has three dot-separated parts")
    head, body, sig = parts
    header = _json_object(b64url_decode(head), "header")
    if "crit" in header:
        # RFC 7515 4.1.11: we understand no extension, so a critical one must be refused.
        raise TokenInvalid("token header lists critical extensions this verifier does not know")
    payload = _json_object(b64url_decode(body), "payload")
    return Parsed(header, payload, f"{head}.{body}".encode("ascii"), b64url_decode(sig))


def sign_eddsa(
    payload: dict[str, Any],
    key: ed25519.Ed25519PrivateKey,
    kid: str,
    typ: str = "JWT",
) -> str:
    header = {"alg": "EdDSA", "typ": typ, "kid": kid}
    head = b64url_encode(json.dumps(header, separators=(",", ":"), sort_keys=True).encode())
    body = b64url_encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    signing_input = f"{head}.{body}".encode("ascii")
    return f"{head}.{body}.{b64url_encode(key.sign(signing_input))}"


def sign(payload: dict[str, Any], key: Any, alg: str, kid: str, typ: str = "JWT") -> str:
    """Sign with any supported asymmetric algorithm (used by tests' local OIDC issuer)."""
    header = {"alg": alg, "typ": typ, "kid": kid}
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(payload, separators=(",", ":")).encode())
    data = f"{head}.{body}".encode("ascii")
    if alg == "EdDSA":
        sig = key.sign(data)
    elif alg.startswith("RS"):
        sig = key.sign(data, padding.PKCS1v15(), _HASHES[alg[2:]]())
    elif alg.startswith("PS"):
        h = _HASHES[alg[2:]]()
        sig = key.sign(data, padding.PSS(padding.MGF1(h), h.digest_size), h)
    elif alg in _CURVES:
        _, size = _CURVES[alg]
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(_HASHES[alg[2:]]())))
        sig = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    else:
        raise ValueError(f"unsupported algorithm {alg!r}")
    return f"{head}.{body}.{b64url_encode(sig)}"


def verify_signature(parsed: Parsed, key: PublicKey, allowed: frozenset[str]) -> None:
    """Check the signature with ``key``; the header's ``alg`` must be in ``allowed``."""
    alg = parsed.header.get("alg")
    if not isinstance(alg, str) or alg not in allowed or alg not in ASYMMETRIC_ALGORITHMS:
        raise TokenInvalid(f"token algorithm {alg!r} is not accepted here")
    data, sig = parsed.signing_input, parsed.signature
    try:
        if alg == "EdDSA":
            if not isinstance(key, ed25519.Ed25519PublicKey):
                raise TokenInvalid("token algorithm EdDSA does not match the key's type")
            key.verify(sig, data)
        elif alg[:2] in ("RS", "PS"):
            if not isinstance(key, rsa.RSAPublicKey):
                raise TokenInvalid(f"token algorithm {alg} does not match the key's type")
            h = _HASHES[alg[2:]]()
            pad = (
                padding.PKCS1v15()
                if alg.startswith("RS")
                else padding.PSS(padding.MGF1(h), h.digest_size)
            )
            key.verify(sig, data, pad, h)
        else:
            curve, size = _CURVES[alg]
            if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, curve):
                raise TokenInvalid(f"token algorithm {alg} does not match the key's curve")
            if len(sig) != 2 * size:
                raise TokenInvalid("token signature has the wrong length")
            der = encode_dss_signature(
                int.from_bytes(sig[:size], "big"), int.from_bytes(sig[size:], "big")
            )
            key.verify(der, data, ec.ECDSA(_HASHES[alg[2:]]()))
    except InvalidSignature as exc:
        raise TokenInvalid("token signature does not verify") from exc


# -- JSON Web Keys (RFC 7517, RFC 7518 section 6, RFC 8037) -------------------------------


def _b64_int(value: Any, what: str) -> int:
    if not isinstance(value, str):
        raise TokenInvalid(f"JWK member {what!r} is missing")
    return int.from_bytes(b64url_decode(value), "big")


def public_key_from_jwk(jwk: dict[str, Any]) -> PublicKey:
    """The public key a JWK describes; private members, if any, are ignored."""
    kty = jwk.get("kty")
    if kty == "OKP":
        if jwk.get("crv") != "Ed25519":
            raise TokenInvalid(f"unsupported OKP curve {jwk.get('crv')!r}")
        return ed25519.Ed25519PublicKey.from_public_bytes(b64url_decode(str(jwk.get("x", ""))))
    if kty == "RSA":
        n = _b64_int(jwk.get("n"), "n")
        if n.bit_length() < 2048:
            raise TokenInvalid("RSA keys shorter than 2048 bits are refused")
        return rsa.RSAPublicNumbers(_b64_int(jwk.get("e"), "e"), n).public_key()
    if kty == "EC":
        curves: dict[str, ec.EllipticCurve] = {
            "P-256": ec.SECP256R1(),
            "P-384": ec.SECP384R1(),
            "P-521": ec.SECP521R1(),
        }
        crv = jwk.get("crv")
        if crv not in curves:
            raise TokenInvalid(f"unsupported EC curve {crv!r}")
        numbers = ec.EllipticCurvePublicNumbers(
            _b64_int(jwk.get("x"), "x"), _b64_int(jwk.get("y"), "y"), curves[str(crv)]
        )
        try:
            return numbers.public_key()
        except ValueError as exc:
            raise TokenInvalid("EC key is not a point on its curve") from exc
    raise TokenInvalid(f"unsupported JWK key type {kty!r}")


def jwk_from_public_key(key: PublicKey, kid: str, alg: str | None = None) -> dict[str, Any]:
    """A public JWK for ``key`` (used to publish our keys and by tests' local issuer)."""
    out: dict[str, Any]
    if isinstance(key, ed25519.Ed25519PublicKey):
        from cryptography.hazmat.primitives import serialization

        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        out = {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    elif isinstance(key, rsa.RSAPublicKey):
        nums = key.public_numbers()
        out = {
            "kty": "RSA",
            "n": b64url_encode(nums.n.to_bytes((nums.n.bit_length() + 7) // 8, "big")),
            "e": b64url_encode(nums.e.to_bytes((nums.e.bit_length() + 7) // 8, "big")),
        }
    else:
        nums_ec = key.public_numbers()
        name = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}[key.curve.name]
        size = (key.curve.key_size + 7) // 8
        out = {
            "kty": "EC",
            "crv": name,
            "x": b64url_encode(nums_ec.x.to_bytes(size, "big")),
            "y": b64url_encode(nums_ec.y.to_bytes(size, "big")),
        }
    out["kid"] = kid
    out["use"] = "sig"
    if alg:
        out["alg"] = alg
    return out
