"""The identity check of one event: credential, revocations, scope and guard.

One job: say whether a bound session (`identity/binding`) may act now. Its credential
must verify and not be revoked (revocations and grants are made by other processes:
reloaded when ``<home>/identity.epoch`` moves); an action must stay in the credential's
scope or a just-in-time grant; the agent's own guard (hook settings, permission mode) must
be intact, and a weakening is reported once. A clean session's credential is renewed
half-way through its lifetime. The answer is data (`IdentityCheck`): Cedar decides.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bastion.errors import PayloadError
from bastion.events import Event, EventKind, Finding, Severity
from bastion.identity.binding import Live, SessionBinding
from bastion.identity.credentials import Scope, SessionCredential, TokenService
from bastion.identity.errors import TokenExpired, TokenInvalid
from bastion.identity.guard import BYPASS, GuardReport
from bastion.identity.keys import KeyRing
from bastion.identity.logins import Logins
from bastion.identity.registry import Registry
from bastion.identity.rights import IdentityConfig, Rights
from bastion.sensors.registry import files_of
from bastion.store.identity import GrantRow, RevocationRow
from bastion.understand.actions import ActionFacts
from bastion.understand.paths import OTHER_REPOSITORY, find_workspace

__all__ = ["RENEW_AT", "EventCheck", "IdentityCheck", "scope_inputs"]

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


def _under(path: str, root: str) -> bool:
    root = root.rstrip("/") or "/"
    return path == root or path.startswith(root + "/") or root == "/"


class EventCheck:
    """Checks each event of a bound session (see module docstring)."""

    def __init__(
        self,
        config: IdentityConfig,
        registry: Registry,
        ring: KeyRing,
        tokens: TokenService,
        logins: Logins,
        binding: SessionBinding,
        clock: Callable[[], float],
    ) -> None:
        self.config = config
        self.registry = registry
        self.ring = ring
        self.tokens = tokens
        self.logins = logins
        self.binding = binding
        self.clock = clock
        self._epoch: tuple[int, int, int] | None = None
        self._revoked: dict[str, dict[str, RevocationRow]] = {}
        self._grants: dict[str, list[GrantRow]] = {}

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
        live = self.binding.resume(session_id)
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
        issues = self._guard_issues(live, event, findings)
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
            cred = self.binding.renew(live, now)
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

    def _guard_issues(self, live: Live, event: Event, findings: list[Finding]) -> set[str]:
        """What weakens the agent's guard now; a finding when that set grew.

        An agent with no hook wiring of its own (the MCP gateway, which the agent starts as
        a server) has no hooks to be missing: its guard is not read at all (the settings
        files the watch reads are another agent's, and reading them cost every gateway
        event a stat of each)."""
        issues: set[str] = set()
        report: GuardReport | None = None
        if _has_hooks(event.agent):
            report = live.guard.report()
            issues.update(report.issues)
            if event.permission_mode == BYPASS:
                issues.add("bypass-permissions")
            if report.sha256 != live.baseline_hooks:
                issues.add("guard-changed-since-start")
        new_issues = frozenset(issues) - live.reported_issues
        if new_issues and report is not None:
            findings.append(_guard_finding(sorted(issues), sorted(new_issues), report))
        live.reported_issues = frozenset(issues)
        return issues

    def _scope(
        self,
        live: Live,
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
