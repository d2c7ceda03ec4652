"""``IdentityService``: the one object the engine and the CLI use for identity.

It binds every session to a human and an agent instance, issues and checks the session's
credential on every event, blends the human's and the agent's rights, applies
just-in-time grants and revocations (made by other processes: it notices through
``<home>/identity.epoch``), watches the guard (hook settings, permission mode) and
brokers secrets. See the package docstring for what the engine calls where.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bastion.config import Home
from bastion.errors import PayloadError
from bastion.events import Event, EventKind, Finding, Session, Severity
from bastion.identity import broker as brokermod
from bastion.identity.admin import Administration
from bastion.identity.credentials import Scope, SessionCredential, TokenService
from bastion.identity.errors import (
    TokenExpired,
    TokenInvalid,
)
from bastion.identity.guard import BYPASS, GuardReport, GuardWatch
from bastion.identity.human import HumanIdentity
from bastion.identity.keys import KeyRing
from bastion.identity.logins import Logins
from bastion.identity.registry import Registry
from bastion.identity.rights import IdentityConfig, Rights
from bastion.sensors import sensor_for_record
from bastion.sensors.registry import files_of
from bastion.store.identity import GrantRow, IdentitySessionRow, RevocationRow
from bastion.understand.actions import ActionFacts
from bastion.understand.paths import OTHER_REPOSITORY, find_workspace

if TYPE_CHECKING:
    from bastion.store import Store

# A renewal happens once less than this fraction of the lifetime is left.
RENEW_AT = 0.5


@dataclass(slots=True)
class IdentityCheck:
    """The identity stage's answer for one event.

    ``denial`` is None or one sentence saying which: expired, revoked (by whom), invalid,
    or out of scope (and the ``bastion grant`` that would cover it). ``findings`` are new
    ones only (a weakened guard is reported when it changes, not on every event).
    ``context`` holds simple values for the Cedar context (see docs/identity.md).
    """

    denial: str | None
    findings: list[Finding] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    credential: SessionCredential | None = None
    renewed: bool = False


@dataclass(slots=True)
class _Live:
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


def scope_inputs(facts: ActionFacts | None) -> tuple[list[str], list[str]]:
    """``(facts_hosts, facts_paths)`` for ``check``: every destination host, every path
    written, and every path read in another repository (reading system files or the
    workspace is not a scope question)."""
    if facts is None:
        return [], []
    hosts = [d.host for d in facts.destinations if d.host]
    paths = [p.path for p in facts.writes]
    paths += [p.path for p in facts.reads if p.place == OTHER_REPOSITORY]
    return hosts, paths


def agent_home(transcript_path: str, agent: str | None = None) -> str:
    """The agent user's home, from where its sensor says the agent keeps transcripts."""
    return sensor_for_record(agent).agent_home(transcript_path)


def instance_id(agent: str, version: str, host: str, hooks_sha256: str) -> str:
    material = "\0".join((agent, version, host, hooks_sha256)).encode()
    return "agt-" + hashlib.sha256(material).hexdigest()[:16]


def _under(path: str, root: str) -> bool:
    root = root.rstrip("/") or "/"
    return path == root or path.startswith(root + "/") or root == "/"


class IdentityService:
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
        self._live: dict[str, _Live] = {}
        self._epoch: tuple[int, int, int] | None = None
        self._revoked: dict[str, dict[str, RevocationRow]] = {}
        self._grants: dict[str, list[GrantRow]] = {}

    # -- sessions -----------------------------------------------------------------------

    def credential(self, session_id: str) -> SessionCredential | None:
        live = self._live.get(session_id)
        return live.credential if live else None

    def on_session_start(self, session: Session, event: Event) -> SessionCredential:
        """Register the agent instance and issue the session's credential.

        Call it when the engine opens a session (first event it sees for an id) and again on
        every SessionStart (startup, resume, compact). On SessionStart a fresh credential is
        issued and the guard baseline is recorded anew; otherwise a stored, still valid
        credential is resumed (a restarted daemon), or a new one is issued.
        """
        now = self.clock()
        if event.kind is not EventKind.SESSION_START:
            resumed = self._resume(session.id)
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
        instance = instance_id(agent, version, session.host or self.host, report.sha256)
        if self.registry.register_agent(
            instance, agent, version, session.host or self.host, report.sha256, now
        ):
            self.registry.log(
                "agent-registered",
                instance,
                "bastion",
                agent=agent,
                version=version,
                host=session.host or self.host,
                hooks_sha256=report.sha256,
            )
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
        live = _Live(
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
        self._live[session.id] = live
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
        return credential

    def _save(self, live: _Live, *, started_at: float, human: HumanIdentity | None) -> None:
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

    def _resume(self, session_id: str) -> _Live | None:
        live = self._live.get(session_id)
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
        live = _Live(
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
        self._live[session_id] = live
        return live

    def forget_live(self, session_id: str) -> None:
        """Drop a still running session's in-memory copy (the daemon's cap on live
        sessions); its next check resumes it from the registry. Brokered values stay."""
        self._live.pop(session_id, None)

    def on_session_end(self, session_id: str) -> None:
        """Forget in-memory state (brokered values included); the record stays."""
        self._live.pop(session_id, None)
        self.secrets.forget(session_id)

    # -- checks -------------------------------------------------------------------------

    def _sync(self) -> None:
        """Reload revocations and grants if another process changed them."""
        epoch = self.registry.epoch()
        if epoch == self._epoch:
            return
        revoked: dict[str, dict[str, RevocationRow]] = {}
        for row in self.registry.revocations():
            revoked.setdefault(row.kind, {})[row.subject] = row
        grants: dict[str, list[GrantRow]] = {}
        for grant in self.registry.grants(self.clock()):
            grants.setdefault(grant.session_id, []).append(grant)
        self._revoked, self._grants, self._epoch = revoked, grants, epoch
        self.ring.refresh()

    def _revocation(self, cred: SessionCredential, agent: str) -> str | None:
        checks = (
            ("jti", cred.jti, "credential"),
            ("session", cred.session_id, "session"),
            ("agent", cred.agent_instance, "agent instance"),
            ("agent", agent, "agent"),
        )
        for kind, subject, label in checks:
            row = self._revoked.get(kind, {}).get(subject)
            if row is not None:
                return _revoked_text(label, subject, row)
        row = self._revoked.get("human", {}).get(cred.human)
        if row is not None and cred.auth_time <= row.at:
            return _revoked_text("human", cred.human, row) + "; they must log in again"
        return None

    def check(
        self,
        session_id: str,
        event: Event,
        facts_hosts: list[str],
        facts_paths: list[str],
        *,
        clean: bool = True,
    ) -> IdentityCheck:
        """Check one event of a session against its credential, revocations, scope and guard.

        ``facts_hosts``: every network destination host of the action. ``facts_paths``: the
        absolute paths it writes (and any it reads in another repository). ``clean``: the
        engine's view that the session is in good standing (not contained); only a clean
        session's credential is renewed.
        """
        now = self.clock()
        self._sync()
        live = self._resume(session_id)
        if live is None:
            return IdentityCheck(
                "Bastion holds no credential for this session (it was never started through "
                "Bastion, or its credential expired while the daemon was down); restart or "
                "resume the session",
                context=_context("missing"),
            )
        cred = live.credential
        status, denial = "valid", None
        try:
            cred = self.tokens.verify(cred.token, now=now)
        except TokenExpired as exc:
            status, denial = "expired", f"{exc}; resume or restart the session for a new one"
        except TokenInvalid as exc:
            status, denial = "invalid", f"session credential is invalid: {exc}"
        if denial is None:
            revoked = self._revocation(cred, live.agent)
            if revoked:
                status, denial = "revoked", revoked
        out_of_scope: list[str] = []
        granted: list[str] = []
        if denial is None and event.kind in (EventKind.ACTION, EventKind.PERMISSION_REQUEST):
            out_of_scope, granted = self._scope(
                live, cred, event.tool or "", facts_hosts, facts_paths, now
            )
            if out_of_scope:
                denial = _scope_text(session_id, out_of_scope, cred.scope)
        findings: list[Finding] = []
        report = live.guard.report()
        issues = set(report.issues)
        mode = event.permission_mode
        if mode == BYPASS:
            issues.add("bypass-permissions")
        if report.sha256 != live.baseline_hooks:
            issues.add("guard-changed-since-start")
        if not _has_hooks(event.agent):
            # An agent with no hook wiring of its own (the MCP gateway, which the agent starts
            # as a server) has no hooks to be missing: the watch's words are not about it.
            issues.clear()
        new_issues = frozenset(issues) - live.reported_issues
        if new_issues:
            findings.append(_guard_finding(sorted(issues), sorted(new_issues), report))
        live.reported_issues = frozenset(issues)
        if out_of_scope:
            findings.append(
                Finding(
                    "out-of-scope",
                    Severity.MEDIUM,
                    "action outside the session's credential scope: " + ", ".join(out_of_scope),
                    rule="identity.scope",
                    evidence={"out_of_scope": out_of_scope},
                )
            )
        renewed = False
        if (
            denial is None
            and clean
            and not issues
            and cred.expires_at - now < RENEW_AT * self.config.ttl_seconds
        ):
            cred = self._renew(live, now)
            renewed = True
        live.credential = cred
        context = _context(status)
        context.update(
            human=cred.human,
            agent_instance=live.agent_instance,
            out_of_scope=out_of_scope,
            granted=granted,
            guard="weakened" if issues else "intact",
            guard_issues=sorted(issues),
            human_rights=live.human_rights.to_dict(),
            agent_rights=live.agent_rights.to_dict(),
            effective_rights=live.effective.to_dict(),
            task=cred.scope.task,
            expires_in=max(0, int(cred.expires_at - now)),
        )
        human = self.logins.human_identity()
        if human.id == cred.human:
            context.update(human_source=human.source, human_roles=list(human.roles))
        return IdentityCheck(denial, findings, context, cred, renewed)

    def _scope(
        self,
        live: _Live,
        cred: SessionCredential,
        tool: str,
        hosts: list[str],
        paths: list[str],
        now: float,
    ) -> tuple[list[str], list[str]]:
        scope = cred.scope
        grants = [g for g in self._grants.get(cred.session_id, []) if g.expires_at > now]

        def granted(kind: str, value: str) -> bool:
            for g in grants:
                if g.kind != ("repository" if kind == "path" else kind):
                    continue
                if kind == "path" and g.kind == "repository" and _under(value, g.value):
                    return True
                if kind == "host" and value.lower() == g.value:
                    return True
                if kind == "tool" and value == g.value:
                    return True
            return False

        scoped = Rights(tools=scope.tools, hosts=scope.hosts, repositories=scope.repositories)
        out: list[str] = []
        used: list[str] = []
        items = [("tool", tool)] if tool else []
        items += [("host", h) for h in dict.fromkeys(h for h in hosts if h)]
        items += [("path", p) for p in dict.fromkeys(p for p in paths if p)]
        for kind, value in items:
            if kind == "tool":
                inside = scoped.allows("tools", value)
            elif kind == "host":
                inside = scoped.allows("hosts", value)
            else:
                inside = any(_under(value, r) for r in scope.repositories) or any(
                    _under(value, p) for p in scope.paths
                )
            if inside:
                continue
            if granted(kind, value):
                used.append(f"{kind}:{value}")
            else:
                out.append(f"{kind}:{value}")
        return out, used

    def _renew(self, live: _Live, now: float) -> SessionCredential:
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

    # -- secrets ------------------------------------------------------------------------

    def broker(
        self,
        session_id: str,
        tool_input: dict[str, Any],
        *,
        tool: str | None = None,
        cwd: str = "",
        log: bool = True,
    ) -> brokermod.BrokeredInput | None:
        """Substituted input for ``updatedInput``, a refusal, or None (no handles at all).

        ``tool`` None: a shell command (the agent's shell tool). ``log=False``: only try;
        the decide stage tries before Cedar decides and logs (``record_broker``) after."""
        if not brokermod.handles_in(tool_input):
            return None
        live = self._resume(session_id)
        if live is None:
            return brokermod.BrokeredInput(
                secrets=brokermod.handles_in(tool_input),
                hosts=[],
                recorded_input=dict(tool_input),
                refusal="no live session credential, so no secret is brokered",
            )
        result = brokermod.broker(
            self.secrets,
            session_id,
            tool,
            tool_input,
            cwd=cwd or live.cwd,
            workspace=live.workspace,
            home=live.user_home,
        )
        assert result is not None
        if log:
            self.record_broker(session_id, result)
        return result

    def record_broker(self, session_id: str, result: brokermod.BrokeredInput) -> None:
        """Log what the broker substituted (names and hosts, never values) or refused."""
        self.registry.log(
            "secret-brokered" if result.ok else "secret-refused",
            session_id,
            "bastion",
            secrets=result.secrets,
            hosts=result.hosts,
            refusal=result.refusal,
        )

    def scrub(self, session_id: str, value: Any) -> Any:
        """``value`` with brokered secret values of this session put back as handles."""
        return self.secrets.scrub(session_id, value)

    def scrub_event(self, event: Event) -> Event:
        """Put handles back into an event (in place) before anything records it."""
        sid = event.session_id
        event.tool_input = self.scrub(sid, event.tool_input)
        event.tool_output = self.scrub(sid, event.tool_output)
        event.raw = self.scrub(sid, event.raw)
        event.error = self.scrub(sid, event.error)
        event.prompt = self.scrub(sid, event.prompt)
        return event

    def close(self) -> None:
        self.registry.close()


def _home_id(home: Home) -> str:
    return hashlib.sha256(str(home.root).encode()).hexdigest()[:8]


def _context(status: str) -> dict[str, Any]:
    return {
        "credential": status,
        "human": "",
        "human_source": "",
        "human_roles": [],
        "agent_instance": "",
        "out_of_scope": [],
        "granted": [],
        "guard": "unknown",
        "guard_issues": [],
        "human_rights": Rights().to_dict(),
        "agent_rights": Rights().to_dict(),
        "effective_rights": Rights().to_dict(),
        "task": "",
        "expires_in": 0,
    }


def _revoked_text(label: str, subject: str, row: RevocationRow) -> str:
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.at))
    why = f" ({row.reason})" if row.reason else ""
    return f"session credential revoked: {label} {subject} was revoked by {row.by} at {when}{why}"


def _scope_text(session_id: str, out: list[str], scope: Scope) -> str:
    kind, _, value = out[0].partition(":")
    need = value
    if kind == "path":
        # A grant covers one repository: the one holding the path, else its directory.
        need = find_workspace(os.path.dirname(value)) or os.path.dirname(value)
    flag = {"tool": "--tool", "host": "--host", "path": "--repo"}[kind]
    allowed = {
        "tool": ", ".join(scope.tools) or "none",
        "host": ", ".join(scope.hosts) or "none",
        "path": ", ".join((*scope.repositories, *scope.paths)) or "none",
    }[kind]
    more = f" (and {len(out) - 1} more)" if len(out) > 1 else ""
    return (
        f"out of scope: {kind} {value} is not in this session's credential (allowed: "
        f"{allowed}){more}; a human can approve exactly this with `bastion grant "
        f"{session_id[:12]} {flag} {need} --minutes 10`"
    )


def _has_hooks(agent: str) -> bool:
    """Whether the agent is governed through hooks it wires itself (unknown: assume so)."""
    try:
        return bool(files_of(agent).guard_events)
    except PayloadError:
        return True


def _guard_finding(issues: list[str], new: list[str], report: GuardReport) -> Finding:
    severe = any(
        i.startswith(
            (
                "hook-missing",
                "hooks-disabled",
                "hook-altered",
                "hook-matcher",
                "bypass",
                "guard-env",
            )
        )
        for i in issues
    )
    return Finding(
        "guard-weakened",
        Severity.HIGH if severe else Severity.MEDIUM,
        "the agent's guard is weakened: " + ", ".join(new),
        rule="identity.guard",
        evidence={
            "issues": issues,
            "new": new,
            "hooks_sha256": report.sha256,
            "files": report.files,
        },
    )
