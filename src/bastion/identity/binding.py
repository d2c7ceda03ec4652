"""Session binding: each session tied to a human and an agent instance by a credential.

One job: issue a session's credential when the engine opens it (registering the agent
instance that runs it), resume a stored one after a daemon restart, renew it half-way
through its lifetime, and forget a session's in-memory copy. Checking an event against the
credential is `identity/checking`; brokering secrets is `identity/brokering`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bastion.events import Event, EventKind, Session
from bastion.identity.credentials import Scope, SessionCredential, TokenService
from bastion.identity.errors import TokenExpired, TokenInvalid
from bastion.identity.guard import GuardWatch
from bastion.identity.human import HumanIdentity
from bastion.identity.logins import Logins
from bastion.identity.registry import Registry
from bastion.identity.rights import IdentityConfig, Rights
from bastion.sensors import sensor_for_record
from bastion.store.identity import IdentitySessionRow

__all__ = ["Live", "SessionBinding", "agent_home", "instance_id"]


@dataclass(slots=True)
class Live:
    """What the daemon holds in memory of one bound session."""

    credential: SessionCredential
    agent: str
    agent_instance: str
    project_dir: str
    user_home: str
    cwd: str
    workspace: str
    human_rights: Rights
    agent_rights: Rights
    effective: Rights
    baseline_hooks: str
    guard: GuardWatch
    reported_issues: frozenset[str] = frozenset()


def agent_home(transcript_path: str, agent: str | None = None) -> str:
    """The agent user's home, from where its sensor says the agent keeps transcripts."""
    return sensor_for_record(agent).agent_home(transcript_path)


def instance_id(agent: str, version: str, host: str, hooks_sha256: str) -> str:
    material = "\0".join((agent, version, host, hooks_sha256)).encode()
    return "agt-" + hashlib.sha256(material).hexdigest()[:16]


class SessionBinding:
    """Issues, resumes, renews and forgets the credentials of live sessions."""

    def __init__(
        self,
        config: IdentityConfig,
        registry: Registry,
        tokens: TokenService,
        logins: Logins,
        host: str,
        clock: Callable[[], float],
    ) -> None:
        self.config = config
        self.registry = registry
        self.tokens = tokens
        self.logins = logins
        self.host = host
        self.clock = clock
        self.live: dict[str, Live] = {}

    def credential(self, session_id: str) -> SessionCredential | None:
        live = self.live.get(session_id)
        return live.credential if live else None

    def start(
        self, session: Session, event: Event, *, defer: list[Callable[[], None]] | None = None
    ) -> SessionCredential:
        """Register the agent instance and issue the session's credential.

        Call it when the engine opens a session (first event it sees for an id) and again on
        every SessionStart (startup, resume, compact). On SessionStart a fresh credential is
        issued and the guard baseline is recorded anew; otherwise a stored, still valid
        credential is resumed (a restarted daemon), or a new one is issued.

        ``defer``: a list to put the writes in (the agent instance's row, the credential's
        row, the two lifecycle lines) instead of doing them here. The engine opening a
        session runs them in its record stage, before the reply leaves: the credential is
        in memory at once (every check of this event reads it there), and the writes,
        which no stage before the record reads, leave the decision's path.
        """
        now = self.clock()
        if event.kind is not EventKind.SESSION_START:
            resumed = self.resume(session.id)
            if resumed is not None:
                return resumed.credential
        human = self.logins.human_identity()
        project_dir = session.cwd or event.cwd
        user_home = agent_home(
            session.transcript_path or event.transcript_path, event.agent
        ) or str(Path.home())
        watch = GuardWatch(project_dir, user_home)
        report = watch.report()
        agent = session.agent.id
        version = str(session.agent.attributes.get("version", ""))
        host = session.host or self.host
        instance = instance_id(agent, version, host, report.sha256)
        human_rights = self.config.human_rights(human.roles)
        agent_rights = self.config.agent_rights(agent)
        effective = human_rights.intersect(agent_rights)
        workspace = session.workspace or project_dir
        scope = Scope(
            workspace=workspace,
            repositories=(workspace,)
            if workspace and effective.allows("repositories", workspace)
            else (),
            tools=effective.tools,
            hosts=effective.hosts,
            task=self.config.task,
            paths=self.config.writable,
        )
        credential = self.tokens.issue(
            human=human.id,
            agent_instance=instance,
            agent=agent,
            session_id=session.id,
            scope=scope,
            ttl=self.config.ttl_seconds,
            auth_time=human.auth_time,
            now=now,
        )
        live = Live(
            credential=credential,
            agent=agent,
            agent_instance=instance,
            project_dir=project_dir,
            user_home=user_home,
            cwd=event.cwd or session.cwd,
            workspace=workspace,
            human_rights=human_rights,
            agent_rights=agent_rights,
            effective=effective,
            baseline_hooks=report.sha256,
            guard=watch,
        )
        self.live[session.id] = live

        def persist() -> None:
            if self.registry.register_agent(instance, agent, version, host, report.sha256, now):
                self.registry.log(
                    "agent-registered",
                    instance,
                    "bastion",
                    agent=agent,
                    version=version,
                    host=host,
                    hooks_sha256=report.sha256,
                )
            self._save(live, started_at=session.started_at, human=human)
            self.registry.log(
                "credential-issued",
                session.id,
                "bastion",
                jti=credential.jti,
                kid=credential.kid,
                human=human.id,
                agent_instance=instance,
                expires_at=credential.expires_at,
                source=event.native_name,
            )

        if defer is None:
            persist()
        else:
            defer.append(persist)
        return credential

    def _save(self, live: Live, *, started_at: float, human: HumanIdentity | None) -> None:
        cred = live.credential
        data = {
            "agent": live.agent,
            "project_dir": live.project_dir,
            "user_home": live.user_home,
            "cwd": live.cwd,
            "workspace": live.workspace,
            "human_rights": live.human_rights.to_dict(),
            "agent_rights": live.agent_rights.to_dict(),
            "effective": live.effective.to_dict(),
        }
        if human is not None:
            data["human"] = human.principal().to_dict()
        if human is None:
            existing = self.registry.session(cred.session_id)
            data = (existing.data if existing is not None else None) or data
        self.registry.save_session(
            IdentitySessionRow(
                id=cred.session_id,
                human=cred.human,
                agent_instance=live.agent_instance,
                jti=cred.jti,
                token=cred.token,
                issued_at=cred.issued_at,
                expires_at=cred.expires_at,
                started_at=started_at,
                hooks_sha256=live.baseline_hooks,
                data=data,
            )
        )

    def resume(self, session_id: str) -> Live | None:
        """The live session, or the one stored by an earlier daemon while its credential
        still verifies; None when there is neither."""
        live = self.live.get(session_id)
        if live is not None:
            return live
        row = self.registry.session(session_id)
        if row is None or row.id != session_id:
            return None
        try:
            credential = self.tokens.verify(row.token, now=self.clock())
        except (TokenInvalid, TokenExpired):
            return None
        data = row.data
        watch = GuardWatch(data.get("project_dir", ""), data.get("user_home", ""))
        live = Live(
            credential=credential,
            agent=str(data.get("agent", "")),
            agent_instance=row.agent_instance,
            project_dir=str(data.get("project_dir", "")),
            user_home=str(data.get("user_home", "")),
            cwd=str(data.get("cwd", "")),
            workspace=str(data.get("workspace", "")),
            human_rights=Rights.from_dict(data.get("human_rights") or {}),
            agent_rights=Rights.from_dict(data.get("agent_rights") or {}),
            effective=Rights.from_dict(data.get("effective") or {}),
            baseline_hooks=row.hooks_sha256,
            guard=watch,
        )
        self.live[session_id] = live
        return live

    def renew(self, live: Live, now: float) -> SessionCredential:
        """A fresh credential of the same scope for a session in good standing."""
        old = live.credential
        credential = self.tokens.issue(
            human=old.human,
            agent_instance=old.agent_instance,
            agent=live.agent,
            session_id=old.session_id,
            scope=old.scope,
            ttl=self.config.ttl_seconds,
            auth_time=old.auth_time,
            now=now,
        )
        live.credential = credential
        self._save(live, started_at=old.issued_at, human=None)
        self.registry.log(
            "credential-renewed",
            old.session_id,
            "bastion",
            jti=credential.jti,
            previous=old.jti,
            kid=credential.kid,
            expires_at=credential.expires_at,
        )
        return credential

    def forget(self, session_id: str) -> None:
        """Drop a session's in-memory copy; the registry keeps its row (`resume`)."""
        self.live.pop(session_id, None)
