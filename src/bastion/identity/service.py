"""``IdentityService``: the one object the engine and the CLI use for identity.

It assembles the identity parts of one Bastion home, each with one job, and hands the
engine their calls under the names it has always used:

- `binding.SessionBinding`: every session bound to a human and an agent instance by a
  credential (issued, resumed after a restart, renewed, forgotten);
- `checking.EventCheck`: each event checked against its session's credential,
  revocations and grants (made by other processes: noticed through
  ``<home>/identity.epoch``), scope and the agent's guard;
- `brokering.SecretBroking`: secrets brokered into calls and scrubbed out of records;
- `logins.Logins` (who is at the machine) and `admin.Administration` (revocations,
  grants, keys: what the CLI changes and lists).

Their rows go through `store/identity` (`registry.Registry`). See the package docstring
for what the engine calls where.
"""

from __future__ import annotations

import hashlib
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bastion.config import Home
from bastion.events import Event, Session
from bastion.identity import broker as brokermod
from bastion.identity.admin import Administration
from bastion.identity.binding import SessionBinding, agent_home, instance_id
from bastion.identity.brokering import SecretBroking
from bastion.identity.checking import RENEW_AT, EventCheck, IdentityCheck, scope_inputs
from bastion.identity.credentials import SessionCredential, TokenService
from bastion.identity.keys import KeyRing
from bastion.identity.logins import Logins
from bastion.identity.registry import Registry
from bastion.identity.rights import IdentityConfig

if TYPE_CHECKING:
    from bastion.store import Store

__all__ = [
    "RENEW_AT",
    "IdentityCheck",
    "IdentityService",
    "agent_home",
    "instance_id",
    "scope_inputs",
]


class IdentityService:
    """The identity parts of one home, assembled (see module docstring)."""

    def __init__(
        self,
        home: Home,
        *,
        host: str | None = None,
        clock: Callable[[], float] = time.time,
        store: Store | None = None,
    ) -> None:
        self.home = home
        home.ensure()
        self.clock = clock
        self.host = host or socket.gethostname()
        self.config = IdentityConfig.load(home.identity_config_path)
        # The daemon hands over its store (opened on the last good configuration's URL).
        url = None if store is not None else home.database_url
        self.registry = Registry(home.root, url, store=store)
        self.ring = KeyRing(home.keys_dir, max_lifetime=self.config.ttl_seconds)
        self.tokens = TokenService(self.ring, issuer=f"bastion:{self.host}:{_home_id(home)}")
        self.secrets = brokermod.SecretSource(home.secrets_config_path)
        # Who is at the machine (`bastion login`), and what the CLI changes and lists.
        self.logins = Logins(home, self.config, self.registry, clock)
        self.admin = Administration(self.config, self.registry, self.ring, clock)
        self.binding = SessionBinding(
            self.config, self.registry, self.tokens, self.logins, self.host, clock
        )
        self.checks = EventCheck(
            self.config, self.registry, self.ring, self.tokens, self.logins, self.binding, clock
        )
        self.broking = SecretBroking(self.secrets, self.registry, self.binding)

    # -- sessions (binding) ---------------------------------------------------------------

    def credential(self, session_id: str) -> SessionCredential | None:
        return self.binding.credential(session_id)

    def on_session_start(
        self, session: Session, event: Event, *, defer: list[Callable[[], None]] | None = None
    ) -> SessionCredential:
        """Bind the session: see `SessionBinding.start` (``defer``: its writes, for later)."""
        return self.binding.start(session, event, defer=defer)

    def forget_live(self, session_id: str) -> None:
        """Drop a still running session's in-memory copy (the daemon's cap on live
        sessions); its next check resumes it from the registry. Brokered values stay."""
        self.binding.forget(session_id)

    def on_session_end(self, session_id: str) -> None:
        """Forget in-memory state (brokered values included); the record stays."""
        self.binding.forget(session_id)
        self.broking.forget(session_id)

    # -- checks ---------------------------------------------------------------------------

    def check(
        self,
        session_id: str,
        event: Event,
        facts_hosts: list[str],
        facts_paths: list[str],
        *,
        clean: bool = True,
    ) -> IdentityCheck:
        """One event against its session's credential: see `EventCheck.check`."""
        return self.checks.check(session_id, event, facts_hosts, facts_paths, clean=clean)

    # -- secrets --------------------------------------------------------------------------

    def broker(
        self,
        session_id: str,
        tool_input: dict[str, Any],
        *,
        tool: str | None = None,
        cwd: str = "",
        log: bool = True,
    ) -> brokermod.BrokeredInput | None:
        """Brokered input, a refusal, or None: see `SecretBroking.broker`."""
        return self.broking.broker(session_id, tool_input, tool=tool, cwd=cwd, log=log)

    def record_broker(self, session_id: str, result: brokermod.BrokeredInput) -> None:
        self.broking.record(session_id, result)

    def scrub(self, session_id: str, value: Any) -> Any:
        return self.broking.scrub(session_id, value)

    def scrub_event(self, event: Event) -> Event:
        return self.broking.scrub_event(event)

    def close(self) -> None:
        self.registry.close()


def _home_id(home: Home) -> str:
    return hashlib.sha256(str(home.root).encode()).hexdigest()[:8]
