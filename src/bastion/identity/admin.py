"""What the CLI changes in the identity registry (revocations, their lifting, just-in-time
grants, key rotation) and lists (agent instances). Each change is appended to the lifecycle
log, and the registry's epoch file tells a running daemon to reload.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Sequence

from bastion.identity.errors import GrantError, IdentityError
from bastion.identity.keys import KeyRing
from bastion.identity.registry import Registry
from bastion.identity.rights import IdentityConfig
from bastion.store.identity import AgentInstanceRow, GrantRow

__all__ = ["GRANT_KINDS", "MAX_GRANT_MINUTES", "Administration"]

GRANT_KINDS = ("host", "repository", "tool")
_RIGHTS_OF_GRANT = {"host": "hosts", "repository": "repositories", "tool": "tools"}
MAX_GRANT_MINUTES = 8 * 60
_LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(\.{_LABEL})*|\[?[0-9a-f:.]+\]?")
_TOOL = re.compile(r"[A-Za-z0-9_.-]{1,128}")


class Administration:
    """Revocations, grants and keys of one home (``IdentityService.admin``)."""

    def __init__(
        self,
        config: IdentityConfig,
        registry: Registry,
        ring: KeyRing,
        clock: Callable[[], float],
    ) -> None:
        self.config = config
        self.registry = registry
        self.ring = ring
        self.clock = clock

    def revoke(self, kind: str, subject: str, *, by: str, reason: str = "") -> list[str]:
        """Revoke a session, an agent (instance id or agent type) or a human; returns the
        sessions affected that this registry knows of."""
        if kind not in ("session", "agent", "human", "jti"):
            raise IdentityError(f"cannot revoke a {kind!r}; use session, agent or human")
        if kind == "session":
            row = self.registry.session(subject)
            if row is None:
                raise IdentityError(f"no session {subject!r} in this home's identity registry")
            subject = row.id
            affected = [subject]
        elif kind == "agent":
            affected = self.registry.sessions_of(agent=subject)
            instances = self.registry.agents()
            known = {a.id for a in instances} | {a.agent for a in instances}
            if subject not in known:
                raise IdentityError(f"no agent or agent instance {subject!r}; see `bastion agents`")
            if not affected:
                affected = [
                    s
                    for a in instances
                    if a.agent == subject
                    for s in self.registry.sessions_of(agent=a.id)
                ]
        elif kind == "human":
            affected = self.registry.sessions_of(human=subject)
        else:
            affected = []
        now = self.clock()
        self.registry.revoke(kind, subject, by, reason, now)
        self.registry.log("revoked", subject, by, kind=kind, reason=reason, sessions=affected)
        return affected

    def revoke_or_ahead(self, kind: str, subject: str, *, by: str, reason: str = "") -> list[str]:
        """`revoke`; a subject this home does not know yet (a fleet revocation names the
        sessions and agents of every device) is revoked ahead, so it is refused if it
        comes. A kind that cannot be revoked still raises `IdentityError`."""
        try:
            return self.revoke(kind, subject, by=by, reason=reason)
        except IdentityError:
            if kind not in ("session", "agent", "human", "jti"):
                raise
        self.registry.revoke(kind, subject, by, reason, self.clock())
        self.registry.log("revoked", subject, by, kind=kind, reason=reason)
        return []

    def lift(self, kind: str, subject: str, *, by: str, reason: str = "") -> int:
        count = self.registry.lift(kind, subject, self.clock())
        if count:
            self.registry.log("revocation-lifted", subject, by, kind=kind, reason=reason)
        return count

    def grant(
        self,
        session_id: str,
        kind: str,
        value: str,
        minutes: float,
        *,
        approved_by: str,
        approver_roles: Sequence[str] = (),
        reason: str = "",
    ) -> GrantRow:
        """A just-in-time grant of exactly one host, repository or tool for ``minutes``.

        A grant can never give more than its approver holds: the value must be within
        the human rights of ``approver_roles`` (``identity.toml``), so a developer cannot
        widen a session past their own rights and an on-call role can.
        """
        if kind not in GRANT_KINDS:
            raise GrantError(f"grant kind must be one of {', '.join(GRANT_KINDS)}")
        if not 0 < minutes <= MAX_GRANT_MINUTES:
            raise GrantError(f"--minutes must be between 1 and {MAX_GRANT_MINUTES}")
        value = value.strip()
        if kind == "host":
            value = value.lower().rstrip(".")
            if not _HOST.fullmatch(value):
                raise GrantError(f"{value!r} is not one host name (no wildcards)")
        elif kind == "repository":
            if not value.startswith("/") or any(c in value for c in "*?["):
                raise GrantError(f"{value!r} is not one absolute repository path")
            value = os.path.normpath(value)
            if value == "/":
                raise GrantError("granting the whole file system is not a grant")
        elif not _TOOL.fullmatch(value):
            raise GrantError(f"{value!r} is not one tool name (no wildcards)")
        row = self.registry.session(session_id)
        if row is None:
            raise GrantError(f"no session {session_id!r} in this home's identity registry")
        approver_rights = self.config.human_rights(list(approver_roles))
        if not approver_rights.allows(_RIGHTS_OF_GRANT[kind], value):
            roles = ", ".join(approver_roles) or "no role"
            raise GrantError(
                f"{approved_by} ({roles}) may not use {kind} {value} themselves, so cannot "
                f"grant it: a grant never gives more than its approver holds; ask someone "
                f"whose role in identity.toml allows it"
            )
        now = self.clock()
        grant = GrantRow(
            id=uuid.uuid4().hex[:16],
            session_id=row.id,
            kind=kind,
            value=value,
            created=now,
            expires_at=now + minutes * 60,
            approved_by=approved_by,
            reason=reason,
        )
        self.registry.add_grant(grant)
        self.registry.log(
            "granted",
            row.id,
            approved_by,
            kind=kind,
            value=value,
            minutes=minutes,
            expires_at=grant.expires_at,
            grant=grant.id,
            reason=reason,
        )
        return grant

    def rotate_keys(self, *, by: str) -> tuple[str, list[str]]:
        kid, dropped = self.ring.rotate(self.clock())
        self.registry.bump()
        self.registry.log("keys-rotated", kid, by, dropped=dropped)
        return kid, dropped

    def agents(self) -> list[AgentInstanceRow]:
        return self.registry.agents()
