"""The hook side of the sandbox: wrap each allowed shell command, deny one that reaches for
the wrapper, say so when the sandbox cannot run.

The engine calls ``Sandbox.apply`` once per event, after the decision and the session's
state updates, so the profile and the proxy's view of the session are those of the state
the command will run under. An allowed ``Bash`` call gets its command replaced through the
agent's input-modification reply (``updatedInput`` for Claude Code) by a self-contained
``bwrap`` command line (``launch.command_for``); the replacement is recorded with the
verdict (``Verdict.updated_input``) and shown by ``bastion replay --format jsonl``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pwd
import re
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from bastion.contain import hosts, launch
from bastion.contain import profile as profilemod
from bastion.contain.settings import ANALYSIS_ONLY, Availability, SandboxSettings, probe
from bastion.contain.share import ShareError
from bastion.core.tools import ToolKind
from bastion.events import Decision, Event, EventKind, Verdict
from bastion.sensors import sensor_for_record, tool_spec

if TYPE_CHECKING:
    from bastion.config import Home
    from bastion.detect.state import SessionState

log = logging.getLogger("bastion.contain")
PROFILE_TTL = 120.0  # seconds a built profile is reused (walking home and workspace costs ~0.2 s)
RULE_WRAPPER = "sandbox.wrapper"  # the Cedar rules that refuse (policy/packs/15-sandbox.cedar)
RULE_UNAVAILABLE = "sandbox.unavailable"
RULE_UNSHAREABLE = "sandbox.unshareable"
WRAPPER = "wrapper"  # the words of ``context.sandbox``
UNAVAILABLE = "unavailable"
UNSHAREABLE = "unshareable"
# What a command has no business naming when its sandbox is the guard: the wrapper, its
# options, the per-session egress sockets, namespace tools that enter other namespaces.
_REACH = re.compile(
    r"(?<![\w.-])(?:bwrap|bubblewrap|bastion-sandbox|nsenter)(?![\w-])"
    r"|\.bastion-egress"
)


@dataclasses.dataclass(frozen=True, slots=True)
class Refusal:
    """Why a call cannot run in the sandbox: ``kind`` for Cedar, ``reason`` for the agent."""

    kind: str  # WRAPPER | UNAVAILABLE | UNSHAREABLE
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Prepared:
    """What the sandbox knows of one call before Cedar decides: why it cannot run there
    (``refusal``, for ``context.sandbox``) and, in system mode, the namespaces and profile
    it was opened with for the developer (``ready``), which ``apply`` then uses as they are:
    opening them once, before the decision, is what lets a fault there be Cedar's deny."""

    refusal: Refusal | None = None
    ready: tuple[launch.Join | None, launch.Profile] | None = None


NOTHING = Prepared()


class ProxyHandle(Protocol):
    """What the rewrite needs of the running proxy (``service.ProxyService``)."""

    def ensure_session(
        self, session_id: str, egress_dir: str, share_uid: int = -1
    ) -> launch.Join | None: ...

    def holder_prefix(self, session_id: str) -> str: ...

    def publish(self, view: hosts.SessionView) -> None: ...

    def end_session(self, session_id: str) -> None: ...


@dataclasses.dataclass(slots=True)
class _Built:
    profile: launch.Profile
    key: tuple[str, tuple[str, ...], str]
    at: float


class Sandbox:
    """One daemon's (or replay's) sandbox: settings, availability, built profiles."""

    def __init__(
        self,
        settings: SandboxSettings,
        home_root: str,
        *,
        user_home: str = "",
        bastion_paths: tuple[str, ...] = (),
        identity: Any = None,
        availability: Availability | None = None,
    ) -> None:
        self.settings = settings
        self.home_root = home_root
        self.user_home = user_home or os.path.expanduser("~")
        self.bastion_paths = (home_root, *bastion_paths)
        self.system_paths: tuple[str, ...] = ()  # system mode: socket dir, /etc/bastion
        self.identity = identity
        self._availability = availability
        self.proxy: ProxyHandle | None = None
        # System mode (set by the daemon): whose session this is, by the uid the kernel
        # reported for its hooks; commands run as that developer, not as the daemon.
        self.owner_of: Callable[[str], int | None] | None = None
        self._built: dict[str, _Built] = {}
        self._pending: set[str] = set()  # sessions whose profile is being built ahead
        self._lock = threading.Lock()

    @property
    def availability(self) -> Availability:
        if self._availability is None:
            self._availability = probe(self.settings.bwrap, self.settings.socat)
        return self._availability

    def refusal(self, event: Event, workspace: str = "") -> Refusal | None:
        """Why this call cannot run in the sandbox (``prepare``); None: it can."""
        return self.prepare(event, workspace).refusal

    def prepare(self, event: Event, workspace: str = "") -> Prepared:
        """What Cedar decides on before the verdict exists (``context.sandbox``,
        ``15-sandbox.cedar``): a command that names the wrapper, a sandbox that cannot start
        while ``unavailable`` is ``enforce``, or (system mode) one that cannot be opened to
        the developer who runs the command. ``workspace``: the session's, as ``apply`` uses."""
        if event.kind is not EventKind.ACTION:
            return NOTHING
        spec = tool_spec(event.tool, event.agent)
        if spec.kind is not ToolKind.SHELL or not spec.command_key:
            return NOTHING
        if not sensor_for_record(event.agent).rewrites_input:
            return NOTHING
        command = event.tool_input.get(spec.command_key)
        if not isinstance(command, str):
            return NOTHING
        reach = _REACH.search(command)
        if reach:
            return Prepared(
                Refusal(
                    WRAPPER,
                    f"the command names Bastion's sandbox ({reach.group(0)!r}); commands run "
                    "inside it and may not reach, start or take apart the wrapper",
                )
            )
        available = self.availability
        if not available.ok:
            if self.settings.unavailable == ANALYSIS_ONLY:
                return NOTHING
            return Prepared(
                Refusal(
                    UNAVAILABLE,
                    f"shell commands run only in Bastion's sandbox, which cannot start here: "
                    f'{available.reason}; or set [sandbox] unavailable = "analysis-only"',
                )
            )
        if self._owner(event.session_id) < 0:
            return NOTHING  # the daemon's own uid runs it: nothing to open to anyone
        # System mode: the developer's access to the session's sockets, temp dir and
        # profile is granted now (ACLs, contain/share); a file system that refuses is a fact.
        try:
            join = self._ensure_net(event.session_id)
            built = self.profile_for(
                event.session_id, workspace or event.cwd or os.getcwd(), join=join
            )
        except ShareError as exc:
            return Prepared(Refusal(UNSHAREABLE, f"the sandbox cannot be shared with you: {exc}"))
        return Prepared(ready=(join, built))

    def apply(
        self,
        event: Event,
        state: SessionState,
        verdict: Verdict,
        prepared: Prepared = NOTHING,
    ) -> Verdict:
        """The verdict with the command wrapped; unchanged for other events. Whether the
        call may run at all is Cedar's (``prepare``, before the decision), whose system-mode
        namespaces and profile (``prepared.ready``) are used here as they were opened."""
        if self.proxy is not None and event.kind is EventKind.SESSION_END:
            self.proxy.end_session(event.session_id)  # its listeners and namespace go
            with self._lock:
                self._built.pop(event.session_id, None)
        elif self.proxy is not None:
            self.proxy.publish(self.view(event.session_id, state, event.cwd))
        if event.kind in (EventKind.SESSION_START, EventKind.PROMPT):
            with self._lock:
                known = event.session_id in self._built
            if not known and self.availability.ok:
                self._build_later(event.session_id, state.workspace or event.cwd, None)
        if event.kind is not EventKind.ACTION or verdict.decision is Decision.DENY:
            return verdict
        # The sensor says which tool runs commands, and whether its agent runs a rewritten input.
        spec = tool_spec(event.tool, event.agent)
        if spec.kind is not ToolKind.SHELL or not spec.command_key:
            return verdict
        if not sensor_for_record(event.agent).rewrites_input:
            return verdict
        key = spec.command_key
        base = verdict.native_update if verdict.native_update is not None else event.tool_input
        command = base.get(key)
        if not isinstance(command, str):
            return verdict
        available = self.availability
        if not available.ok:  # analysis only (with enforce, Cedar refused the call)
            note = f"sandbox unavailable ({available.reason}): analysis only"
            return dataclasses.replace(verdict, reasons=[*verdict.reasons, note])
        refused = prepared.refusal
        if refused is not None and refused.kind == UNSHAREABLE:  # a policy without the rule
            note = f"{refused.reason}: analysis only"
            return dataclasses.replace(verdict, reasons=[*verdict.reasons, note])
        if prepared.ready is not None:
            join, built = prepared.ready
        else:  # the daemon's own uid runs it: nothing to share, nothing that can refuse
            workspace = state.workspace or event.cwd or os.getcwd()
            join = self._ensure_net(event.session_id)
            built = self.profile_for(event.session_id, workspace, join=join)
        # System mode, no namespaces of the developer's yet: this command also starts the
        # holder that makes them (outside the sandbox, as the developer; contain/holders).
        start = ""
        if join is None and self.proxy is not None and self._owner(event.session_id) >= 0:
            start = self.proxy.holder_prefix(event.session_id)
        wrapped = start + launch.command_for(
            built, self.home_root, command, available.bwrap, join=join
        )
        original = event.tool_input.get(key)
        shown = dict(event.tool_input)
        shown.pop("dangerouslyDisableSandbox", None)  # the agent's own sandbox switch
        shown[key] = (
            start + launch.command_for(built, self.home_root, original, available.bwrap, join=join)
            if isinstance(original, str)
            else wrapped
        )
        native = None
        if verdict.native_update is not None:  # a brokered secret: its value stays unrecorded
            native = dict(verdict.native_update)
            native.pop("dangerouslyDisableSandbox", None)
            native[key] = wrapped
        return dataclasses.replace(verdict, native_update=native, updated_input=shown)

    def _owner(self, session_id: str) -> int:
        """The developer's uid when it is not the daemon's (system mode), else -1."""
        if self.owner_of is None:
            return -1
        uid = self.owner_of(session_id)
        return -1 if uid is None or uid == os.getuid() else uid

    def _ensure_net(self, session_id: str) -> launch.Join | None:
        if self.proxy is None:
            return None
        return self.proxy.ensure_session(
            session_id, launch.egress_dir_of(session_id), self._owner(session_id)
        )

    def profile_for(
        self, session_id: str, workspace: str, *, join: launch.Join | None = None
    ) -> launch.Profile:
        """The session's profile. Walking the home and workspace takes tens of milliseconds,
        so it is built ahead (at the session's start or prompt, in the background) and an
        aged one is used while a fresh one is built; only a changed workspace, grant or
        network mode is rebuilt on the call itself."""
        grants = tuple(sorted(self._grants(session_id, "repository")))
        net = _net_mode(join)
        owner = self._owner(session_id)
        if owner >= 0:
            net += f"@{owner}"  # another developer's session: another profile
        key = (workspace, grants, net)
        with self._lock:
            built = self._built.get(session_id)
        if built is not None and built.key == key:
            if time.monotonic() - built.at >= PROFILE_TTL:
                self._build_later(session_id, workspace, net)
            return built.profile
        return self._build(session_id, workspace, grants, net)

    def _build(
        self, session_id: str, workspace: str, grants: tuple[str, ...], net: str
    ) -> launch.Profile:
        net, _, owner_text = net.partition("@")
        owner = int(owner_text) if owner_text else -1
        user_home, bastion_paths = self.user_home, self.bastion_paths
        if owner >= 0:
            # System mode: the credentials to hide are the developer's, in its home.
            user_home = developer_home(owner)
            bastion_paths = (*self.bastion_paths, *self.system_paths)
        made = profilemod.build(
            session_id,
            workspace,
            user_home=user_home,
            bastion_paths=bastion_paths,
            grants=grants,
            writable=hosts.remote_paths(workspace),
            bwrap=self.availability.bwrap or self.settings.bwrap,
            socat=self.availability.socat or self.settings.socat,
        )
        made.shared_net = net != ""
        made.userns = net == "user"
        if owner >= 0:
            account = pwd.getpwuid(owner)
            made.uid, made.gid, made.share_uid = account.pw_uid, account.pw_gid, owner
        launch.write_args(made, self.home_root)
        key = (workspace, grants, net if owner < 0 else f"{net}@{owner}")
        with self._lock:
            self._built[session_id] = _Built(made, key, time.monotonic())
            self._pending.discard(session_id)
        return made

    def _build_later(self, session_id: str, workspace: str, net_mode: str | None) -> None:
        """Build (or refresh) the profile off the hook's path; one build per session at once."""
        with self._lock:
            if session_id in self._pending:
                return
            self._pending.add(session_id)

        def work() -> None:
            try:
                net = net_mode
                if net is None:
                    made = None
                    if self.availability.ok:
                        made = self._ensure_net(session_id)
                    net = _net_mode(made)
                    owner = self._owner(session_id)
                    if owner >= 0:
                        net += f"@{owner}"
                grants = tuple(sorted(self._grants(session_id, "repository")))
                self._build(session_id, workspace, grants, net)
            except Exception:  # the call itself builds then; nothing is lost
                log.exception("background sandbox profile for %s failed", session_id[:8])
            finally:
                with self._lock:
                    self._pending.discard(session_id)

        threading.Thread(target=work, name="bastion-sandbox-profile", daemon=True).start()

    def view(self, session_id: str, state: SessionState, cwd: str = "") -> hosts.SessionView:
        """What the proxy must know of this session now (published on every event)."""
        workspace = state.workspace or cwd
        remotes = [hosts.remote_host(u) for u in hosts.remote_urls(workspace)] if workspace else []
        granted = self._grants(session_id, "host")
        local = frozenset(h for h in self.settings.hosts if _local_name(h))
        sources = hosts.view_sources(
            self.settings.registries,
            [h for h in self.settings.hosts if h not in local],
            remotes,
            granted,
        )
        return hosts.SessionView(
            session_id=session_id,
            ssh_hosts=frozenset(h for h in remotes if h),
            prompt=state.prompt,
            tainted=tainted(state),
            fingerprints=state.fingerprints,
            local_allowed=local,
            sources=sources,
        )

    def _grants(self, session_id: str, kind: str) -> list[str]:
        if self.identity is None:
            return []
        try:
            rows = self.identity.registry.grants(time.time())
        except Exception:  # the registry is optional here; no grant is the safe reading
            return []
        return [r.value for r in rows if r.session_id == session_id and r.kind == kind and r.value]


def developer_home(uid: int) -> str:
    """The home of the developer whose commands run (system mode). The daemon walks it for
    credentials and repositories to hide; one it cannot read would hide nothing, so that
    is refused rather than run."""
    try:
        home = pwd.getpwuid(uid).pw_dir
    except KeyError as exc:
        raise ShareError(f"uid {uid} has no account on this machine") from exc
    if not os.access(home, os.R_OK | os.X_OK):
        raise ShareError(
            f"the service user cannot read {home}, so it cannot tell which credentials there "
            f"to hide; let it read the home (e.g. setfacl -m u:{pwd.getpwuid(os.getuid()).pw_name}"
            f":rx {home}) or keep [sandbox] off"
        )
    return home


def _net_mode(join: launch.Join | None) -> str:
    """How commands reach the network: "" (own namespace, socat), "net" (join the
    session's, as root), "user" (join the session's user namespace first)."""
    if join is None:
        return ""
    return "user" if join.user is not None else "net"


def tainted(state: SessionState) -> str:
    """Why the session may no longer reach hosts it was not given ("" when clean)."""
    from bastion.detect.state import NORMAL
    from bastion.policy.context import _untrusted_session

    if state.read_credential:
        return f"read credentials ({state.credential_summary()})"
    if _untrusted_session(state):
        return "took in untrusted content"
    if state.tainted_files:
        return "handled files that came from outside"
    if state.mode != NORMAL:
        return f"is contained ({state.mode})"
    return ""


def _local_name(host: str) -> bool:
    return hosts._is_local(hosts.normal_host(host))


def from_home(home: Home, *, identity: Any = None) -> Sandbox | None:
    """The sandbox configured in ``home``'s ``config.toml``, or None when it is off."""
    from bastion.guard_paths import install_paths

    settings = SandboxSettings.from_extra(home.settings().extra)  # ConfigError names the fix
    if not settings.enabled:
        return None
    user_home = os.path.expanduser("~")
    return Sandbox(
        settings,
        str(home.root),
        user_home=user_home,
        bastion_paths=install_paths(user_home),
        identity=identity,
    )
