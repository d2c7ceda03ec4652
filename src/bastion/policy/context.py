"""Turn understood facts, findings and session state into the Cedar context of a request.

The shape here must match ``schema.cedarschema`` exactly: every attribute is always
present, so policies never need ``has`` checks and validation catches typos.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from bastion.core.tools import ToolKind
from bastion.detect import behaviour, provenance, secret_flow, sequences
from bastion.detect.state import SessionState
from bastion.events import Finding
from bastion.sensors import tool_spec
from bastion.understand import access as accessmod
from bastion.understand import effects as effectmod
from bastion.understand import hosts as hostmod
from bastion.understand import package_sources, secret_stores
from bastion.understand import paths as pathmod
from bastion.understand import remote_control as remotemod
from bastion.understand import state_change as statemod
from bastion.understand.actions import ActionFacts
from bastion.understand.session import SHARED_BRANCHES

__all__ = [
    "INSIDE",
    "NO_GATEWAY",
    "build_context",
    "no_identity",
]

INSIDE = (pathmod.WORKSPACE, pathmod.TEMP)
NO_GATEWAY: dict[str, Any] = {"pin": "", "cannot_ask": False}
"""``context.gateway`` of every call the MCP gateway did not bring (and of its good ones)."""


def build_context(
    *,
    profile: str,
    tool: str,
    event: str,
    human: str,
    agent: str,
    permission_mode: str,
    facts: ActionFacts,
    findings: list[Finding],
    state: SessionState,
    workspace: str,
    home: str,
    identity: dict[str, Any] | None = None,
    credential_files: str = "allow",
    broker_refused: bool = False,
    sandbox: str = "",
    gateway: dict[str, Any] | None = None,
) -> dict[str, Any]:
    reads: set[str] = set()
    for info in facts.reads:
        reads.update(info.classes)
    writes: set[str] = set()
    for info in facts.writes:
        writes.update(info.classes)
    external = [d for d in facts.destinations if d.external]
    host_classes: set[str] = set()
    for d in facts.destinations:
        host_classes.update(d.classes)
    known = state.workspace_hosts or ()
    unapproved = {
        d.host or "?"
        for d in external
        if "package-registry" not in d.classes
        and "source-host" not in d.classes
        and d.host not in known
    }
    new_hosts = {d.host for d in external if d.host and d.host not in state.hosts_seen}
    outside = False
    named = _destruction_named(facts, state)
    for change in facts.destructive:
        if change.target:
            info = pathmod.classify(change.target, workspace=workspace, home=home, cwd=workspace)
            if info.place not in INSIDE and not (
                named and _named_leaf(info, home, workspace=workspace)
            ):
                outside = True
    return {
        "profile": profile,
        "credential_files": credential_files,
        "tool": tool,
        "event": event,
        "human": human,
        "agent": agent,
        "permission_mode": permission_mode,
        "reads": sorted(reads),
        "writes": sorted(writes),
        "credential_kinds": sorted({p.credential for p in facts.reads if p.credential}),
        "network": bool(facts.destinations),
        "external_network": bool(external),
        "sends_data": any(d.sends_data for d in external),
        "hosts": sorted({d.host for d in facts.destinations if d.host}),
        "host_classes": sorted(host_classes),
        "unapproved_hosts": sorted(unapproved),
        "new_hosts": sorted(new_hosts),
        "executes": sorted({e.kind for e in facts.executes}),
        "destructive": sorted({c.kind for c in facts.destructive}),
        "destructive_outside_workspace": outside,
        "privilege": sorted({c.kind for c in facts.privilege}),
        "persistence": sorted({c.kind for c in facts.persistence}),
        "self_tamper": sorted({c.kind for c in facts.self_tamper}),
        "suspicious": sorted(set(facts.suspicious)),
        "env_dump": facts.env_dump,
        "credential_store": bool(facts.credential_stores),
        "opaque": facts.opaque,
        "findings": sorted({f.kind for f in findings}),
        "sequence_findings": sorted(sequences.sequence_findings(findings)),
        "max_severity": max((f.severity.rank for f in findings), default=0),
        "session": {
            "read_credential": state.read_credential,
            "injection_seen": state.finding_counts.get("prompt-injection", 0) > 0,
            "tainted_files": len(state.tainted_files),
            "risk": state.risk,
            "denials": state.denials,
            "mode": state.mode,
            "blocked_tools": sorted(state.blocked_tools),
            "anomaly_score": behaviour.anomaly_score(state),
            "retries": behaviour.retries(state),
        },
        "identity": identity or no_identity(human),
        # A {{secret:NAME}} handle in the call that the broker cannot substitute.
        "broker_refused": broker_refused,
        # Why the shell command cannot run in the sandbox:
        # "wrapper" | "unavailable" | "unshareable" | "".
        "sandbox": sandbox,
        # The MCP gateway's facts: the tool's pin, an ask its client cannot show.
        "gateway": gateway or NO_GATEWAY,
        # The effect model (understand/effects.py), additive to the facts above.
        "effects": effectmod.tags(facts.effects),
        "send_provenance": sorted(
            {e.provenance for e in facts.effects if e.verb == effectmod.SENDS and e.provenance}
        ),
        "deferred": bool(facts.deferred),
        "push_to_unknown_remote": any(
            d.tool == "git"
            and d.sends_data
            and d.host
            and d.host in unapproved
            and not _named_by_user(d.host, state)
            for d in facts.destinations
        )
        # A remote the session added is none of the repository's own, on any host.
        or any(
            e.verb == effectmod.SENDS
            and e.kind == "added-remote"
            and e.target not in known
            and not _named_by_user(e.target, state)
            for e in facts.effects
        )
        # A push to a URL goes to that owner's repository: the workspace's own remotes
        # (host/owner/repo) or a repository the user's prompt names are the only known ones.
        or any(
            e.verb == effectmod.SENDS
            and e.kind == "push-url"
            and e.target not in known
            and e.target.split("/", 1)[-1] not in state.prompt.lower()
            for e in facts.effects
        ),
        "untrusted_session": _untrusted_session(state),
        "opaque_copied": facts.opaque and _copied_from_output(facts, state),
        "unconfigured_index": _unconfigured_index(facts, state),
        "unapproved_hosts_named": bool(unapproved)
        and all(_named_by_user(h, state) for h in unapproved),
        "persistence_named": _persistence_named(facts, state),
        "privilege_read_only": _privilege_read_only(facts),
        "remote_deletes_named": _remote_deletes_named(facts, state),
        "access_change_unnamed": _access_change_unnamed(facts, state),
        "remote_control_unnamed": _remote_control_unnamed(facts, state),
        "push_to_shared_unnamed": _push_to_shared_unnamed(facts, state),
        "state_change_unasked": _state_change_unasked(facts, state),
        "weakening_unasked": _weakening_unasked(facts, state),
        "change_asked": _change_asked(facts, state),
        "destruction_named": _destruction_named(facts, state),
        "lease_push_asked": _lease_push_asked(facts, state),
        "secret_store_write_named": _secret_store_write_named(facts, state),
        "credential_store_named": _credential_store_named(facts, state),
        "credential_send_named": _credential_send_named(facts, state),
        "clean_push": _clean_push(facts, state, workspace),
        "staged_send_named": _staged_send_named(facts, state),
        "credential_write_named": _credential_write_named(facts, state),
        "secret_use_named": _secret_use_named(tool, agent, state)
        or _secret_send_named(tool, agent, facts, state),
        "uploads_to_unknown_host": any(
            e.verb == effectmod.SENDS
            and e.provenance in ("workspace", "outside-workspace", effectmod.PROGRAM_OUTPUT)
            and e.target in unapproved
            and not _named_by_user(e.target, state)
            and not (e.target in ("", "?") and _tool_named_by_user(e.how, state))
            and not (e.provenance == "workspace" and _push_to_configured_remote(e, facts))
            for e in facts.effects
        ),
    }


def _push_to_configured_remote(send: effectmod.Effect, facts: ActionFacts) -> bool:
    """``git push origin v$V`` after reading the version from the workspace: a push to a
    remote the repository names (no URL, so no host the call can show) sends the
    repository's own commits and tags to where the repository already sends them; the
    workspace file read in the same command only chose the tag. A push to a URL has a host
    and is judged by it; a remote the session itself set is judged where it was set."""
    return (
        send.target in ("", "?")
        and send.how == "git"
        and any(
            e.verb == effectmod.CHANGES_REMOTE and e.target.startswith("git push ")
            for e in facts.effects
        )
    )


_INSTALLERS = frozenset({"package-install", "package-run"})


def _unconfigured_index(facts: ActionFacts, state: SessionState) -> bool:
    """Installs code from a host that is no registry, source host, workspace remote or index
    the user or project configured (``pip install --index-url http://…``, a tarball URL),
    or writes a package-index configuration file (``.npmrc``, ``pip.conf``, ``.yarnrc.yml``,
    ``.pypirc``, anywhere) that points installs or uploads at such a host."""
    if _index_config_unconfigured(facts, state):
        return True
    if not any(e.kind in _INSTALLERS for e in facts.executes) and not any(
        c.kind == "package-config" for c in facts.persistence
    ):
        return False
    known = set(state.package_indexes or ()) | set(state.workspace_hosts or ())
    for d in facts.destinations:
        if not d.host or not d.external or d.sends_data:
            continue
        if "package-registry" in d.classes or "source-host" in d.classes:
            continue
        if d.host not in known and not _named_by_user(d.host, state):
            return True
    return False


def _index_config_unconfigured(facts: ActionFacts, state: SessionState) -> bool:
    known = set(state.package_indexes or ()) | set(state.workspace_hosts or ())
    for info in facts.writes:
        for text in (t for t in facts.texts if isinstance(t, str)):
            for host in hostmod.index_config_hosts(info.path, text):
                classes = hostmod.classify_host(host).classes
                if hostmod.PACKAGE_REGISTRY in classes or host in known:
                    continue
                if not _named_by_user(host, state):
                    return True
    return any(
        host not in known and not _named_by_user(host, state)
        for host in _package_source_hosts(facts, state)
    )


def _package_source_hosts(facts: ActionFacts, state: SessionState) -> list[str]:
    """Hosts this call makes a package manager or build tool fetch code from that are no
    registry or source host: a manifest line it writes (a git dependency, a module
    ``replace``, a repository, a wrapper's distribution) or a source its command line sets
    (``hex.repo add``, ``--server=``). The shape of the line decides, not the manager."""
    hosts: list[str] = []
    texts = [t for t in facts.texts if isinstance(t, str)]
    for info in facts.writes:
        for text in texts:
            hosts.extend(package_sources.written_sources(info.path, text))
    if hosts and not _untrusted_session(state):
        # A source pinned by the digest its own declaration states fetches fixed bytes: in
        # a session nothing outside steered, that is the user's dependency (lead probe 14f).
        pinned = {
            h
            for info in facts.writes
            for text in texts
            for h in package_sources.pinned_sources(info.path, text)
        }
        hosts = [h for h in hosts if h not in pinned]
    if facts.shell is not None:
        for command in facts.shell.commands[:64]:
            hosts.extend(package_sources.command_sources(command.program, command.argv))
        hosts.extend(package_sources.env_sources(facts.shell.command))
    return [
        h
        for h in dict.fromkeys(hosts)
        if hostmod.classify_host(h).external and not hostmod.classify_host(h).trusted_infrastructure
    ]


# Keys of a credential file's configuration that run a program or hold a secret.
_CREDENTIAL_RISKY_KEY = re.compile(
    r"(?i)(?:process|command|exec|helper|key|token|secret|password|credential)\w*\s*[=:]"
)


def _credential_write_named(facts: ActionFacts, state: SessionState) -> bool:
    """Settings written into a credential file's configuration that the prompt names by
    path (``set my region in ~/.aws/config``), with no secret, no program to run and no
    address in the text: the user's own setting, not a credential."""
    targets = [e.target for e in facts.effects if e.kind == "credential-outside-workspace"]
    if not targets or not state.prompt:
        return False
    prompt = state.prompt.lower()
    for target in targets:
        tail = "/".join(target.lower().split("/")[-2:])
        if len(tail) < 6 or tail not in prompt:
            return False
    texts = [t for t in facts.texts if isinstance(t, str)]
    return not any(
        _CREDENTIAL_RISKY_KEY.search(t) or _RISKY_STARTUP.search(t) for t in texts
    ) and not any(p.credential for p in facts.reads)


def _tool_named_by_user(tool: str, state: SessionState) -> bool:
    """The prompt names the transfer tool whose destination no one can name (``send the
    tiles with wormhole``, ``croc send``): its relay is the user's choice."""
    if len(tool) < 3 or not tool.replace("-", "").isalnum():
        return False
    return re.search(rf"(?<!\w){re.escape(tool.lower())}(?!\w)", state.prompt.lower()) is not None


def _named_by_user(host: str, state: SessionState) -> bool:
    """The user's own prompt names this host: what the user asked for stays allowed. A
    bucket's host (``b.s3.amazonaws.com``) is named by the bucket's URL (``s3://b``), an
    Azure storage account's host by the account's name."""
    prompt = state.prompt.lower()
    if not host:
        return False
    if host in prompt:
        return True
    bucket = host.removesuffix(".s3.amazonaws.com")
    if bucket != host:
        return f"s3://{bucket}" in prompt
    account = host.removesuffix(".blob.core.windows.net")  # an Azure storage account
    return account != host and len(account) >= 4 and account in re.findall(r"[a-z0-9]+", prompt)


# What start-up lines the user may well ask for never contain: network, code from
# elsewhere, command substitution, interpreters, detached processes.
_RISKY_STARTUP = re.compile(
    r"(?i)[a-z]+://|\$\(|`|/dev/(?:tcp|udp)|\b(?:curl|wget|nc|ncat|socat|telnet|ssh|scp|"
    r"base64|xxd|eval|exec|source|python\d*|perl|ruby|node|php|bash|sh|zsh|nohup|setsid|"
    r"crontab|at)\b"
)


_REMOTE_DELETES = frozenset({"cloud-delete", "git-push-delete"})


def _access_change_unnamed(facts: ActionFacts, state: SessionState) -> bool:
    """A remote change gives someone access or publishes, and the user's prompt does not
    name who (understand/access): a principal from an issue or an e-mail is not consent."""
    shell = facts.shell
    if shell is None:
        return False
    for cmd in shell.commands:
        grant = accessmod.access_change(cmd.program, cmd.argv)
        if grant is not None and not accessmod.named_by(grant, state.prompt):
            return True
        for far in statemod.remote_argvs(cmd.program, list(cmd.argv[1:]))[:4]:
            # A grant made on the machine a remote-execution door reaches.
            grant = accessmod.access_change(far[0].rsplit("/", 1)[-1], far)
            if grant is not None and not accessmod.named_by(grant, state.prompt):
                return True
    return False


def _remote_control_unnamed(facts: ActionFacts, state: SessionState) -> bool:
    """The call changes shared machinery (a CI run, secret or variable, repository settings,
    a raw API write, a DNS record; understand/remote_control) with a value the user's prompt
    does not name: which workflow, record or field came from somewhere else. A DNS tool's
    record target counts once the session took in outside content (where such a host comes
    from); CLI changes count always (their values are spelled in the command)."""
    for effect in facts.effects if _untrusted_session(state) else ():
        if effect.verb == effectmod.CHANGES_REMOTE and effect.kind == "dns" and effect.how:
            # A record a tool points at hosts (understand/remote_control.record_targets).
            pointed = remotemod.RemoteControl(
                "dns", "points a record", tuple(effect.target.split())
            )
            if not remotemod.named_by(pointed, state.prompt):
                return True
    shell = facts.shell
    if shell is None:
        return False
    for cmd in shell.commands:
        change = remotemod.remote_control(cmd.program, cmd.argv)
        if change is not None and not remotemod.named_by(change, state.prompt):
            return True
    return False


def _state_change_unasked(facts: ActionFacts, state: SessionState) -> bool:
    """The call changes state on a server (a remote API's change, approval, execution or
    deletion; a SQL write to a server that is not local; a database task on a non-local
    environment) or overwrites a data file, and the user's prompt did not ask for it: no
    verb of its class, or a value that chooses it that the prompt never names
    (understand/state_change). Counted after outside content, and for destruction always."""
    if not facts.state_changes:
        return False
    untrusted = _untrusted_session(state)
    for change in facts.state_changes:
        if change.klass == statemod.WEAKEN:
            continue  # weakening_unasked
        if change.local and change.kind not in ("data-file", "workspace-files"):
            continue  # a local server's rows: the user's own development data
        # Destroying what is not the user's local data (a non-local database, remote state,
        # a data file) waits for the prompt's word in any session, as destroy.* rules do.
        if (untrusted or change.klass == statemod.DESTROY) and not statemod.asked(
            change, state.prompt
        ):
            return True
    return False


def _weakening_unasked(facts: ActionFacts, state: SessionState) -> bool:
    """The call switches a protection off (logging, audit, a detector, certificate checks),
    hands out access (keys, members, tokens, roles; a service open to everyone) or gives a
    container the host, and the user's prompt did not ask for it in those words."""
    loopback_only = bool(facts.destinations) and all(
        "loopback" in d.classes for d in facts.destinations
    )
    return any(
        change.klass == statemod.WEAKEN
        and not statemod.asked(change, state.prompt)
        # Certificate checks off towards this machine only (``podman push
        # --tls-verify=false localhost:5000/…``): no one between can read or change it.
        and not (change.kind == "tls" and loopback_only)
        for change in facts.state_changes
    )


def _change_asked(facts: ActionFacts, state: SessionState) -> bool:
    """Every change the call makes is one the user's prompt asked for, by verb and values
    (``upgrade the release ledger to 2.4.1``, ``flush my local redis``): the change is the
    work, whatever infrastructure rule it also meets."""
    if not facts.state_changes:
        return False
    own = not _untrusted_session(state)
    command = facts.shell.command if facts.shell is not None else ""
    return all(
        statemod.asked(c, state.prompt)
        or (own and statemod.own_change_asked(c, command, state.prompt))
        for c in facts.state_changes
    )


def _push_to_shared_unnamed(facts: ActionFacts, state: SessionState) -> bool:
    """A git push lands on a shared branch (main, master, …) in any spelling (``HEAD:MAIN``,
    ``refs/heads/main``, ``+x:main``) that the user's prompt does not name."""
    shell = facts.shell
    if shell is None:
        return False
    prompt = state.prompt.lower()
    for cmd in shell.commands:
        if cmd.program != "git" or "push" not in cmd.argv[1:3]:
            continue
        operands = [a for a in cmd.argv[cmd.argv.index("push") + 1 :] if not a.startswith("-")]
        for ref in operands[1:]:
            branch = _shared_branch(ref)
            if branch and not re.search(r"(?<![\w/-])" + branch + r"(?![\w-])", prompt):
                return True
    return False


def _shared_branch(ref: str) -> str:
    """The shared branch a refspec's destination names, however spelled ("" if none)."""
    dst = ref.lstrip("+").rsplit(":", 1)[-1]
    dst = re.sub("[\u200b-\u200f\u2060\ufeff]", "", dst).strip().lower()
    dst = dst.removeprefix("refs/heads/")
    return dst if dst in SHARED_BRANCHES else ""


def _named_leaf(info: pathmod.PathInfo, home: str, *, workspace: str) -> bool:
    """A place outside the workspace that a user may ask to delete by name: at least two
    levels below the home (``~/.cache/tool``), in no credential folder, no agent's settings,
    not another user's; the home itself, its top-level folders and the system never are."""
    if info.credential or info.agent_config or info.other_user or not home:
        return False
    rest = info.path.removeprefix(home.rstrip("/") + "/")
    if rest == info.path or rest.count("/") < 1 or ".." in rest.split("/"):
        return False
    parent = posixpath.dirname(info.path)
    while parent.startswith(home.rstrip("/") + "/"):
        above = pathmod.classify(parent, workspace=workspace, home=home, cwd=workspace)
        if above.credential or above.agent_config:
            return False
        parent = posixpath.dirname(parent)
    return True


def _destruction_named(facts: ActionFacts, state: SessionState) -> bool:
    """Every destructive change of the call names, in its target, something the user's
    prompt names (``drop my local database lf_scratch``, ``docker system prune -af
    --volumes``): destroying what the user asked to destroy is the work."""
    prompt = state.prompt.lower()
    if facts.destructive and prompt and all(_create_named(c, prompt) for c in facts.destructive):
        return True
    if not facts.destructive or not prompt or not _DESTROY_ASKED.search(prompt):
        return False  # naming a table in a question is not asking to delete it
    for change in facts.destructive:
        target = change.target.lower().strip("'\"; ")
        if target in (".", "./", "head") and change.kind.startswith("git-"):
            # The whole work tree or the current commit (``git clean -fdx``, ``git reset
            # --hard``): their default operand, named by naming the subcommand
            target = ""
        if not target:
            # No operand (``git reflog expire``'s history rewrite): named when the prompt
            # names the program's subcommand that does it ("expire the reflog").
            sub = change.detail.lower().split()[1:2]
            if not sub or len(sub[0]) < 4 or not _word_in(sub[0], prompt):
                return False
            continue
        option = re.fullmatch(r"--?([a-z][a-z0-9-]{2,})=([a-z0-9.-]+)", target)
        if option:
            # ``--prune=now``, ``--expire=now``: named when the prompt says both the
            # option and its value ("expire the reflog now").
            if not all(
                re.search(rf"(?<![a-z0-9]){re.escape(part)}(?![a-z0-9])", prompt)
                for part in option.groups()
            ):
                return False
            continue
        found = re.findall(r"[a-z0-9_.:/-]{4,}", target)
        words = [w for w in found if w not in _DESTROY_VERBS]
        if not words or not all(w in prompt for w in words):
            return False
    return True


def _create_named(change: Any, prompt: str) -> bool:
    """A ``create`` (``kubectl create secret generic app-config …``) that the prompt asks for
    by its verb and the new object's name: a create fails when the object exists, so it
    replaces nothing, and making what the user named is the work."""
    words = change.detail.lower().split()
    if words[1:2] != ["create"] or not re.search(r"\bcreate\b", prompt):
        return False
    name = change.target.lower().split()[-1:] if change.target else []
    return bool(name) and len(name[0]) >= 4 and _word_in(name[0], prompt)


# The prompt asks for a destruction, not only names its object.
_DESTROY_ASKED = re.compile(
    r"\b(?:drop|delete|remove|wipe|reset|recreate|re-create|prune|clear|truncate|destroy|"
    r"purge|clean|erase|nuke|rm)\b"
)
# Statement words of a destructive target (``DROP DATABASE x``) that name no object.
_DESTROY_VERBS = frozenset(
    {"drop", "database", "table", "schema", "truncate", "delete", "from", "exists", "cascade"}
)


def _remote_deletes_named(facts: ActionFacts, state: SessionState) -> bool:
    """Every remote deletion of the call (a bucket path, a repository, a remote branch)
    names a target that the user's own prompt names."""
    targets = [c.target for c in facts.destructive if c.kind in _REMOTE_DELETES]
    prompt = state.prompt.lower()
    return bool(targets) and all(len(t) >= 4 and t.lower() in prompt for t in targets)


# Programs that only look at the system: run as root they can read more, change nothing.
_INSPECT = frozenset(
    "du df ls stat lsof ss netstat ps top free uptime lsblk blkid findmnt iostat vmstat wc".split()
)


def _privilege_read_only(facts: ActionFacts) -> bool:
    """Raised privileges serve only an inspection (``sudo du -xh /var``, ``sudo ss -tlnp``):
    every privileged program only looks, and the call writes, sends, runs, deletes,
    persists nothing and reads no credential or other user's file. Its output is sizes,
    sockets, listings: what the user asked to see."""
    if not facts.privilege or facts.opaque:
        return False
    if any(c.kind != "sudo" or c.target not in _INSPECT for c in facts.privilege):
        return False
    if facts.writes or facts.destinations or facts.executes or facts.destructive:
        return False
    if facts.persistence or facts.self_tamper or facts.credential_stores or facts.env_dump:
        return False
    if any(p.credential or p.other_user for p in facts.reads):
        return False
    # What root's eyes would list: another account's home or a key folder stays asked.
    operands = [
        a for c in (facts.shell.commands if facts.shell else []) for a in c.argv[1:] if "/" in a
    ]
    return not any(_PRIVATE_PLACE.search(a) for a in operands)


_PRIVATE_PLACE = re.compile(r"^/root\b|^/home/|(?:^|/)\.(?:ssh|gnupg|aws|kube|docker)\b|secret")


def _persistence_named(facts: ActionFacts, state: SessionState) -> bool:
    """The user's prompt names every start-up file this call changes (``add ~/.local/bin to
    my PATH in ~/.bashrc``) and the call neither sends, runs fetched code nor touches
    credentials: an edit of settings the user named is what they asked for."""
    targets = [c.target for c in facts.persistence] + [
        e.target for e in facts.effects if e.verb == effectmod.PERSISTS
    ]
    if not targets or not state.prompt:
        return False
    reroutes = [c for c in facts.persistence if c.kind == "git-config-reroute"]
    if reroutes and len(reroutes) == len(facts.persistence) and not facts.destinations:
        # git's proxy set to a machine the user's prompt names ("our office proxy
        # http://proxy.corp:3128"): the host is the setting the user asked for.
        hosts = [hostmod.host_of(c.detail.rsplit(" ", 1)[-1]) for c in reroutes]
        return all(h and _named_by_user(h, state) for h in hosts)
    index_setting = bool(facts.persistence) and all(
        c.kind == "package-config" for c in facts.persistence
    )
    if index_setting and all(
        _named_by_user(d.host, state)
        or (not d.sends_data and hostmod.classify_host(d.host).trusted_infrastructure)
        for d in facts.destinations
    ):
        # A package manager's index set to a host the user's prompt names (GOPROXY, a
        # poetry source): the host is the setting, not a send; an install in the same
        # command that fetches from a public registry sends nothing either.
        pass
    elif facts.destinations or any(p.credential for p in facts.reads):
        return False
    if any(p.credential for p in facts.reads):
        return False
    if any(e.kind in ("downloaded", "decoded", "remote-shell") for e in facts.executes):
        return False
    # The line installed is judged, not the installer: "crontab -l" / "| crontab -" are how
    # a cron entry gets in, not what it runs.
    texts = [_INSTALLER.sub(" ", t) for t in facts.texts if isinstance(t, str)]
    prompt = state.prompt.lower()
    if any(not _risky_part_named(t, m, prompt) for t in texts for m in _RISKY_STARTUP.finditer(t)):
        return False  # the text written may run code or reach out: a human decides
    if index_setting and any(_named_by_user(d.host, state) for d in facts.destinations):
        # The index the setting points at is the user's own word ("point the scope at our
        # registry https://…"): the key's spelling (``@scope:registry``) need not be.
        return True
    return all(
        bool(t)
        and (
            posixpath.basename(t.rstrip("/")).lower() in prompt
            or _stem_named(posixpath.basename(t.rstrip("/")).lower(), prompt)
            or _MECHANISM_WORDS.get(posixpath.basename(t.rstrip("/")), "\0") in prompt
            or _tool_dir_named(t, prompt)
            or _start_file_named(t, prompt)
        )
        and len(posixpath.basename(t.rstrip("/"))) >= 4
        for t in targets
    )


# Directories of the home that hold many tools' files, not one tool's.
_GENERIC_DIRS = frozenset({"config", "local", "share", "lib", "etc", "home", "var", "opt", "usr"})


def _tool_dir_named(target: str, prompt: str) -> bool:
    """The prompt names the tool whose start-up folder this file is in (``make ipython
    import numpy at startup`` for ``~/.ipython/profile_default/startup/00-np.py``): the
    first dot-directory's name that is no generic folder. What the file says is judged
    separately (risky text must be named too)."""
    parts = target.split("/")[1:8]
    for k, part in enumerate(parts):
        if not part.startswith("."):
            continue
        name = part.lstrip(".").lower()
        if name in _GENERIC_DIRS:
            # ``~/.config/systemd/user/x.service``, ``~/.local/share/nvim/…``: under the XDG
            # folders the next folder names the tool.
            rest = [p for p in parts[k + 1 : -1] if p.lower() not in _GENERIC_DIRS]
            if rest:
                name = rest[0].lower()
                return len(name) >= 3 and _word_in(name, prompt)
            continue
        return len(name) >= 3 and _word_in(name, prompt)
    return False


def _risky_part_named(text: str, match: re.Match[str], prompt: str) -> bool:
    """A risky word of the text installed (an interpreter, a URL, a substitution) is one the
    user's prompt spells out: the program itself (``python`` of ``python -m app.worker``, a
    script's path or name), a URL's host, the program a substitution runs. A shebang line
    names the script's own interpreter, not something it does."""
    start = max(text.rfind(c, 0, match.start()) for c in " \t\n'\"=;|&(\\,") + 1
    ends = [i for i in (text.find(c, match.end()) for c in " \t\n'\";|&)\\,") if i >= 0]
    token = text[start : min(ends) if ends else len(text)]
    if text[: match.start()].rsplit("\n", 1)[-1].lstrip().startswith("#!"):
        return True
    if token.startswith("#!"):
        return True  # a shebang quoted into printf/echo (``printf '#!/bin/sh\n…'``)
    word = match.group(0)
    if word in ("$(", "`"):
        following = re.match(r"\s*([\w./-]+)", text[match.end() :])
        return following is not None and _word_in(posixpath.basename(following.group(1)), prompt)
    if "://" in word or "://" in token:
        host = re.sub(r"^[a-z]+://", "", token.lower()).split("/", 1)[0].split("@")[-1]
        return len(host) >= 4 and host in prompt
    lowered = token.lower().rstrip("/")
    if len(lowered) >= 4 and lowered in prompt:
        return True
    tail = "/".join(lowered.split("/")[-2:])
    if "/" in lowered and len(tail) >= 6 and tail in prompt:
        return True
    base = posixpath.basename(lowered)
    # ``python3.11`` is named by "python"; ``id_ed25519`` by itself.
    if _word_in(base, prompt) or _word_in(re.sub(r"[\d.]+$", "", base), prompt):
        return True
    # ``python -m pytest``: the module run is what the prompt names.
    module = re.match(r"\s+-m\s+([\w.]+)", text[match.end() :])
    return module is not None and _word_in(module.group(1), prompt)


_START_WORDS = re.compile(
    r"\b(?:start(?:s|ing)?|start-?up|launch(?:es)?|login|every time|each time)\b"
)


def _start_file_named(target: str, prompt: str) -> bool:
    """A program's own start-up dotfile named by the program and a start word ("make SBCL
    load my Quicklisp setup at start-up" for ``~/.sbclrc``, "have ghci import Data.List
    when it starts" for ``~/.ghci``): the name in the file's name, without its dot and its
    ``rc``. What the file says is judged separately (risky text must be named too)."""
    base = posixpath.basename(target.rstrip("/")).lower()
    if not base.startswith("."):
        return False
    name = base.lstrip(".").split(".", 1)[0]
    name = name[:-2] if name.endswith("rc") and len(name) > 4 else name
    return len(name) >= 3 and _word_in(name, prompt) and bool(_START_WORDS.search(prompt))


def _stem_named(base: str, prompt: str) -> bool:
    """A unit or task file named by its stem (``lanternfish-gc`` for .service and .timer)."""
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else ""
    return len(stem) >= 6 and stem in prompt


def _word_in(word: str, prompt: str) -> bool:
    return (
        bool(word)
        and re.search(r"(?<![\w.-])" + re.escape(word) + r"(?![\w-])", prompt) is not None
    )


_INSTALLER = re.compile(r"\bcrontab(?:\s+-u\s+[\w.-]+)?(?:\s+-l)?(?:\s+-(?=\s|$|\)))?")
# Mechanisms a prompt names by their everyday word ("add a cron job"), not their file.
_MECHANISM_WORDS = {"crontab": "cron", ".inputrc": "readline"}


def _secret_store_write_named(facts: ActionFacts, state: SessionState) -> bool:
    """Every program of the call that talks to the network stores a secret in a secret
    manager under a name the user's prompt gives, and the prompt asks for a secret: the
    credential goes where the user asked it to go (understand/secret_stores)."""
    prompt = state.prompt.lower()
    if facts.shell is None or "secret" not in prompt:
        return False
    talkers = {d.tool for d in facts.destinations}
    named = False
    for cmd in facts.shell.commands:
        name = secret_stores.secret_name(cmd.program, cmd.argv)
        if name:
            if len(name) < 4 or name.lower() not in prompt:
                return False
            named = True
            talkers.discard(cmd.program)
    return named and not talkers


def _lease_push_asked(facts: ActionFacts, state: SessionState) -> bool:
    """The user asked for a force push with lease (``force-push it with lease``), and every
    ref pushed is a feature branch, never a shared one: the lease refuses if anyone else
    moved the branch, so what the user asked for loses no one's work."""
    prompt = state.prompt.lower()
    if facts.shell is None:
        return False
    # "Rebase on main and update the branch fix-88": a rewritten feature branch the prompt
    # names can only be updated by a force push; with a lease it loses no one's work.
    rewrite_asked = bool(_HISTORY_WORDS.search(prompt))
    if ("force" not in prompt or "lease" not in prompt) and not rewrite_asked:
        return False
    pushes = [c.argv for c in facts.shell.commands if c.program == "git" and "push" in c.argv[1:3]]
    if not pushes:
        return False
    for argv in pushes:
        options = [a for a in argv[2:] if a.startswith("-")]
        if any(a in ("--force", "-f", "--mirror", "--all", "--tags") for a in options):
            return False
        if not any(a.startswith("--force-with-lease") for a in options):
            return False
        refs = [a for a in argv[2:] if not a.startswith("-")][1:]
        for ref in refs:
            branch = ref.lstrip("+").split(":", 1)[-1].removeprefix("refs/heads/")
            if ref.startswith("+") or branch in SHARED_BRANCHES:
                return False
            if ("force" not in prompt or "lease" not in prompt) and not re.search(
                r"(?<![\w/-])" + re.escape(branch.lower()) + r"(?![\w-])", prompt
            ):
                return False  # asked by the rewrite only: the branch must be the one named
        if len(refs) == 0 and ("force" not in prompt or "lease" not in prompt):
            return False
    return True


_HISTORY_WORDS = re.compile(r"\b(?:rebase|rebased|squash|squashed|amend|amended|fixup|reword)\b")


_COMMAND_WORD = re.compile(r"[a-z][a-z0-9_-]*")


def _credential_store_named(facts: ActionFacts, state: SessionState) -> bool:
    """Every credential store the call reads is one the user's prompt names (its file, or
    an operand of the store command: ``decrypt secrets/staging.enc.yaml``), and the call
    sends nothing out: reading what the user asked to read, for the user."""
    prompt = state.prompt.lower()
    if not facts.credential_stores or not prompt:
        return False
    if any(d.sends_data and d.external for d in facts.destinations):
        return False
    # The store command's own words (its subcommand, ``jupyter server list``; a verb) say
    # what the program does, not which secret: a prompt that says "server" names no store.
    operands = [
        a.lower()
        for c in (facts.shell.commands if facts.shell is not None else [])
        for k, a in enumerate(c.argv[1:], 1)
        if not a.startswith("-")
        and len(a) >= 6
        and not (k == 1 and _COMMAND_WORD.fullmatch(a))
        and a.lower() not in statemod.VERB_WORDS
    ]
    for store in facts.credential_stores:
        if store.startswith("file:"):
            name = posixpath.basename(store[len("file:") :].rstrip("/_")).lower()
            if len(name) < 4 or name not in prompt:
                return False
        elif not any(o in prompt for o in operands):
            return False
    return True


def _credential_send_named(facts: ActionFacts, state: SessionState) -> bool:
    """The user asked for this very credential to go to this very host: the prompt names
    every credential source the session and the call read (the store's program and one of
    its words, ``gh auth token``, "my gcloud identity token"; a file by its name) and every
    outside host the call sends to (``docker login ghcr.io``, the user's own service URL).
    Injected text can choose neither: a host or a store the prompt never wrote stays denied,
    and a dumped environment is never "named"."""
    prompt = state.prompt.lower()
    hosts = {d.host for d in facts.destinations if d.sends_data and d.external}
    if not prompt or not hosts or facts.env_dump or state.env_dumped:
        return False
    if not all(h and _named_by_user(h, state) for h in hosts):
        return False
    words = set(re.findall(r"[a-z0-9][a-z0-9_.-]*", prompt))
    stores = [*state.credential_store_reads, *facts.credential_stores]
    files = [*state.credential_reads, *(p.path for p in facts.credential_reads)]
    if not stores and not files:
        return False
    for store in stores:
        if store.startswith("file:"):
            files.append(store[len("file:") :])
            continue
        program, *rest = re.split(r"[\s_-]+", store.lower())
        if program not in words or not any(len(w) >= 4 and w in words for w in rest):
            return False
    for path in files:
        name = posixpath.basename(path.rstrip("/")).lower()
        if len(name) < 4 or name not in prompt:
            return False
    return True


def _clean_push(facts: ActionFacts, state: SessionState, workspace: str) -> bool:
    """Every send of the call is a ``git push`` to a remote the repository had before the
    session (one it added or changed would be resolved to its host), and nothing the session
    wrote into the workspace holds a credential's bytes: the push carries the work's commits,
    not the secrets the session read ("make a .env.example from .env, push the branch"). A
    file written with a secret (a debug dump, a copied key, a secret store's output) taints
    the workspace and the push stays a credential send; a credential file staged by name is
    asked when it is staged (``writes:credential-into-repository``)."""
    senders = [d for d in facts.destinations if d.sends_data]
    if not senders or any(d.tool != "git" or d.host for d in senders):
        return False
    shell = facts.shell
    if shell is None or not any(
        c.program == "git" and "push" in c.argv[1:4] for c in shell.commands
    ):
        return False
    if facts.env_dump or facts.credential_reads or facts.credential_stores:
        return False
    root = workspace.rstrip("/") + "/"
    return bool(workspace) and not any(
        path == workspace or path.startswith(root) for path in state.tainted_files
    )


def _staged_send_named(facts: ActionFacts, state: SessionState) -> bool:
    """The user asked for this upload of an archive the session made: every outside host the
    call sends to is named by the prompt ("upload the dist tarball to artifacts.example.dev"),
    and nothing the archive could hold is a credential: the session read no credential file or
    store, dumped no environment and was shown no secret. A host only outside text named, or
    a tarball made after a credential was touched, stays a staged exfiltration."""
    hosts = {d.host for d in facts.destinations if d.sends_data and d.external}
    if not hosts or not all(_named_by_user(h, state) for h in hosts):
        return False
    if facts.env_dump or facts.credential_reads or facts.credential_stores:
        return False
    if state.env_dumped or state.credential_reads or state.credential_store_reads:
        return False
    return not state.finding_counts.get("secret")


# Tool verbs that hand what they get to someone else: a secret given to one leaves.
_HANDING_VERBS = frozenset(
    "send post share publish email mail forward reply message invite export upload transfer "
    "notify broadcast submit comment tweet dm write create add".split()
)


def _secret_use_named(tool: str, agent: str, state: SessionState) -> bool:
    """The user asked for this secret to be used by this tool: every secret the session
    read from a secret-store tool was read under a name the prompt writes ("get the
    printer-api secret"), and the prompt asks for this tool's own action ("configure the
    label printer tool with it"), which only sets the tool up and hands nothing on. A
    secret injected text asked for, or one handed to a sending tool, is never "named"."""
    prompt = " ".join(state.prompt.lower().split())
    spec = tool_spec(tool, agent)
    if not prompt or spec.kind is not ToolKind.MCP or "secret" not in prompt:
        return False
    verbs = [w for w in re.split(r"[^a-z]+", spec.operation.lower()) if w]
    if (
        not verbs
        or set(verbs) & _HANDING_VERBS
        or not provenance.action_asked(prompt, spec.operation)
    ):
        return False
    reads = [o for o in state.observed if secret_flow.reads_secret_store(o.tool, agent)]
    if not reads:
        return False
    for obs in reads:
        names = [v for v in obs.called.split("\n") if len(v) >= 4]
        if not names or not all(_word_in(v, prompt) for v in names):
            return False
    return True


_RECIPIENT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w+])\+?\d[\d ().-]{6,18}\d(?!\w)")


def _digits_or_text(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits if "@" not in value and len(digits) >= 7 else value.lower()


def _secret_send_named(tool: str, agent: str, facts: ActionFacts, state: SessionState) -> bool:
    """The user asked for this secret to go to this person: the prompt writes every
    recipient the call sends to (an address, a phone number, digits compared) and every
    name the session read a secret under ("text the guest Wi-Fi password from the vault to
    Rosa on +44 ..."). A recipient or a secret the prompt never wrote stays asked, so a
    mail that asks for a login cannot pick either."""
    prompt = " ".join(state.prompt.lower().split())
    spec = tool_spec(tool, agent)
    if not prompt or spec.kind is not ToolKind.MCP:
        return False
    sent = {_digits_or_text(m.group(0)) for t in facts.texts[:20] for m in _RECIPIENT.finditer(t)}
    if not sent:
        return False
    named = {_digits_or_text(m.group(0)) for m in _RECIPIENT.finditer(prompt)}
    if not sent <= named:
        return False
    reads = [
        o
        for o in state.observed
        if secret_flow.reads_secret_store(o.tool, agent) or secret_flow.credential_fields(o.text)
    ]
    if not reads:
        return False
    for obs in reads:
        names = [v for v in obs.called.split("\n") if len(v) >= 4]
        if not names or not all(_word_in(v.lower(), prompt) for v in names):
            return False
    return True


def _copied_from_output(facts: ActionFacts, state: SessionState) -> bool:
    """An opaque command whose code the agent copied from an earlier tool output.

    Code that computes what it runs (rot13, char codes, a decoded binary, a substring that
    spells a program) was written by whoever wrote that output (a build log, a vendored
    README, a hook's message), not by the user: the output is the code's source, local or
    not. Only the first line of at least 16 characters is looked for, whitespace folded.
    """
    texts = [t for t in facts.texts[:2] if isinstance(t, str)]
    command = " ".join(texts[0].split()).lower() if texts else ""
    if len(command) < 16 or not state.observed:
        return False
    probe = command[:200]
    prompt = " ".join(state.prompt.split()).lower()
    if probe in prompt:
        return False  # the user gave this code
    return any(probe in " ".join(o.text.split()) for o in state.observed[-64:])


def _untrusted_session(state: SessionState) -> bool:
    """The session has taken in content from outside (web, MCP results, downloads)."""
    memory = state.effects_memory
    return memory is not None and bool(memory.untrusted)


def no_identity(human: str) -> dict[str, Any]:
    """Identity facts when no identity service runs (replay, shadow tests): no credential."""
    everything: dict[str, Any] = {"tools": [], "hosts": [], "repositories": []}
    return {
        "credential": "none",
        "human": human,
        "human_source": "os",
        "human_roles": [],
        "agent_instance": "",
        "out_of_scope": [],
        "granted": [],
        "guard": "intact",
        "guard_issues": [],
        "human_rights": everything,
        "agent_rights": everything,
        "effective_rights": everything,
        "task": "",
        "expires_in": 0,
    }
