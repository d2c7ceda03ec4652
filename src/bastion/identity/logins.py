"""Who is at this machine: `bastion login` (local or OpenID Connect), logout, and the human
behind new sessions, re-read only when the login file changes. Every login and logout is
appended to the identity registry's lifecycle log.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from bastion.config import Home
from bastion.events import Principal
from bastion.identity.errors import IdentityError
from bastion.identity.human import HumanIdentity, HumanStore, local_login, oidc_login
from bastion.identity.oidc import OIDCVerifier
from bastion.identity.registry import Registry
from bastion.identity.rights import IdentityConfig

__all__ = ["Logins"]


class Logins:
    """The logged-in human of one home (``IdentityService.logins``)."""

    def __init__(
        self,
        home: Home,
        config: IdentityConfig,
        registry: Registry,
        clock: Callable[[], float],
    ) -> None:
        self.home = home
        self.config = config
        self.registry = registry
        self.clock = clock
        self.humans = HumanStore(home.root, home.keys_dir)
        self._human: HumanIdentity | None = None
        self._human_stamp: tuple[int, int, int] | None = None

    def human_identity(self) -> HumanIdentity:
        try:
            st = os.stat(self.humans.path)
            stamp: tuple[int, int, int] | None = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        if self._human is None or stamp != self._human_stamp:
            self._human = self.humans.load()
            self._human_stamp = stamp
        return self._human

    def human(self) -> Principal:
        """The human behind new sessions: from `bastion login`, else the OS user."""
        return self.human_identity().principal()

    def login_local(
        self,
        *,
        name: str = "",
        email: str = "",
        roles: list[str] | None = None,
        note: bool = True,
    ) -> HumanIdentity:
        """Write the login record; ``note``: also append it to the lifecycle log here (the
        CLI passes False and has the daemon append it, `note_login`, issue #18)."""
        identity = local_login(self.humans, name=name, email=email, roles=roles, now=self.clock())
        self._human = None
        if note:
            self.note_login(identity)
        return identity

    def note_login(self, identity: HumanIdentity) -> None:
        """Append a login to the lifecycle log (the daemon's, when the CLI asks it:
        `bastion.wire.control.LoginNote`)."""
        self.note(identity.id, identity.source, identity.issuer, list(identity.roles))

    def note(self, who: str, source: str, issuer: str, roles: list[str]) -> None:
        """Append the login of ``who`` to the lifecycle log."""
        detail: dict[str, object] = {"source": source}
        if source == "oidc":
            detail["issuer"] = issuer
        self.registry.log("login", who, who, **detail, roles=roles)

    def note_logout(self, who: str) -> None:
        """Append a logout of ``who`` to the lifecycle log."""
        self.registry.log("logout", who, who)

    def oidc_verifier(self, issuer: str = "", audience: str = "") -> OIDCVerifier:
        issuer = issuer or str(self.config.oidc.get("issuer", ""))
        audience = audience or str(self.config.oidc.get("audience", ""))
        if not issuer or not audience:
            raise IdentityError(
                "no OpenID Connect issuer or audience: pass --issuer and --audience, or set "
                "[oidc] issuer and audience in identity.toml"
            )
        return OIDCVerifier(issuer, audience, cache_path=self.home.oidc_cache_path)

    def login_oidc(
        self,
        id_token: str,
        *,
        issuer: str = "",
        audience: str = "",
        roles_claim: str = "",
        note: bool = True,
    ) -> HumanIdentity:
        verifier = self.oidc_verifier(issuer, audience)
        claims = verifier.verify(id_token.strip())
        identity = oidc_login(
            self.humans,
            claims,
            issuer=verifier.issuer,
            roles_claim=roles_claim or str(self.config.oidc.get("roles_claim", "groups")),
            now=self.clock(),
        )
        self._human = None
        if note:
            self.note_login(identity)
        return identity

    def logout(self, *, note: bool = True) -> bool:
        """Remove the login record (whether there was one); ``note``: log it here."""
        who = self.human_identity().id
        done = self.humans.logout()
        if done and note:
            self.note_logout(who)
        self._human = None
        return done
