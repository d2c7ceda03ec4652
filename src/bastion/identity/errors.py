"""Typed errors of the identity part; each message says what happened and names the fix."""

from __future__ import annotations

from bastion.errors import BastionError


class IdentityError(BastionError):
    """Base of every identity failure a caller can act on."""


class TokenInvalid(IdentityError):
    """A token is malformed, forged, tampered with, or signed by a key we do not know."""


class TokenExpired(IdentityError):
    """A token's lifetime is over."""


class TokenRevoked(IdentityError):
    """A token, its session, its agent or its human was revoked."""


class OIDCError(IdentityError):
    """An OpenID Connect issuer cannot be reached, or its ID token does not verify."""


class LoginError(IdentityError):
    """The human behind this machine's sessions cannot be established."""


class SecretError(IdentityError):
    """A brokered secret is unknown, misconfigured, or its source cannot be read."""


class GrantError(IdentityError):
    """A just-in-time grant request is malformed or names an unknown session."""
