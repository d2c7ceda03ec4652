"""From a saved profile to the bubblewrap command line (standard library only: it runs on
every sandboxed command, so it must start fast).

The rewritten command the agent runs is self-contained; it joins the session's network
namespace (``contain/netns``), where the proxy already listens, when the daemon made one::

    exec nsenter --net=/proc/<daemon>/fd/<n> /usr/bin/bwrap --args 3 -- bash -c '<original>' \\
        3< <home>/sandbox/<session>.args

(not as root: ``nsenter --preserve-credentials --user=/proc/<daemon>/fd/<u> --net=...``, the
session's user namespace first, and bubblewrap maps the developer's uid back inside),

otherwise it makes a new one per command and starts the forwarders described below::

    exec /usr/bin/bwrap --args 3 -- /bin/sh -c '<launcher>' sh bash -c '<original>' \\
        3< <home>/sandbox/<session>.args

``--args 3`` reads the session's options (NUL-separated) that the daemon wrote when it
decided the call; nothing of Bastion has to start in between, so the overhead is
bubblewrap's own (docs/sandbox.md). ``bastion-sandbox --session ID -- cmd`` runs the same
thing (and builds the profile when the daemon wrote none).

Inside, the launcher starts two ``socat`` forwarders on the sandbox's own loopback
(127.0.0.1:3128 for HTTP/CONNECT, 127.0.0.1:53 for DNS over TCP) to the per-session Unix
sockets of Bastion's proxy in ``/tmp/.bastion-egress`` (the session temp directory), then
execs the command. The sandbox has its own network namespace: that loopback is the only
network it has, so every byte out goes through the proxy or nowhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import secrets
import shlex
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

VERSION = 1
PROXY_PORT = 3128
EGRESS_DIR = ".bastion-egress"  # inside the session temp directory (the sandbox's /tmp)
SANDBOX_EGRESS = "/tmp/" + EGRESS_DIR
HTTP_SOCKET = "http.sock"
DNS_SOCKET = "dns.sock"
RESOLV_CONF = "nameserver 127.0.0.1\noptions use-vc attempts:1 timeout:2\n"
PROXY_URL = f"http://127.0.0.1:{PROXY_PORT}"
# Absolute, so nothing on the agent's PATH stands in for it.
NSENTER = shutil.which("nsenter", path="/usr/bin:/bin:/usr/sbin:/sbin") or "/usr/bin/nsenter"

# Runs inside the sandbox as `sh -c LAUNCHER sh CMD...`. The forwarders are started with
# notices on (``-d -d``), which socat writes to stderr once its socket listens ("listening on
# AF=2 127.0.0.1:3128", xio-listen.c since socat 1.5); their stderr is a pipe the launcher
# reads until every forwarder said so, a blocking read: no polling, and the command starts
# the moment the last socket listens. Before, the launcher polled /proc/net/tcp in a loop
# that competed with socat for the CPU it needed to start (on a loaded machine most of the
# path's cost under load; docs/sandbox.md). Their later notices go into a pipe nobody
# reads: socat 1.7.4 ignores SIGPIPE itself, and the subshell that starts them ignores it
# too (inherited), so no version dies of it; the command keeps its own disposition. A
# forwarder that cannot start closes its end of the pipe: the read ends and the command
# runs (with no network).
LAUNCHER = (
    "exec 3<&-; E=" + SANDBOX_EGRESS + "; "
    "if [ -S $E/" + HTTP_SOCKET + " ]; then "
    "{ trap '' PIPE; socat -d -d TCP-LISTEN:" + str(PROXY_PORT) + ",bind=127.0.0.1,reuseaddr,fork "
    "UNIX-CONNECT:$E/" + HTTP_SOCKET + " 2>&1 >/dev/null </dev/null & "
    # DNS only where port 53 can be bound (root keeps CAP_NET_BIND_SERVICE for it).
    'if [ "${BASTION_EGRESS_LISTENERS:-1}" -ge 2 ]; then '
    "socat -d -d TCP-LISTEN:53,bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:$E/" + DNS_SOCKET + " "
    "2>&1 >/dev/null </dev/null & fi; } | "
    "{ c=0; while read -r line; do case $line in *' listening on '*) c=$((c+1)); "
    '[ $c -ge "${BASTION_EGRESS_LISTENERS:-1}" ] && break;; esac; done; }; '
    "else echo 'bastion-sandbox: no egress proxy for this session; the network is off' >&2; "
    'fi; exec "$@"'
)


@dataclass(frozen=True, slots=True)
class Join:
    """How a command enters its session's namespaces: ``nsenter`` paths (``contain/netns``)."""

    net: str
    user: str | None = None  # the session's user namespace, entered first (not root)


@dataclass(slots=True)
class Profile:
    """Everything needed to start one session's sandbox, as plain data."""

    session_id: str
    workspace: str
    tmp: str  # the session's temp directory on the host (the sandbox's /tmp)
    hidden: list[str] = field(default_factory=list)
    granted: list[str] = field(default_factory=list)
    writable: list[str] = field(default_factory=list)  # local remotes (a bare "origin")
    bwrap: str = "bwrap"
    socat: str = "socat"
    as_root: bool = False
    # The command joins the session's namespace made by the daemon (contain/netns) instead
    # of a new one with socat forwarders.
    shared_net: bool = False
    # ... through the session's user namespace (not root): bubblewrap, root there, maps
    # this uid and gid back in a nested user namespace and keeps no capability.
    userns: bool = False
    uid: int = -1
    gid: int = -1
    # System mode: the developer (another uid than the daemon's) who runs the commands; the
    # options and resolver files then live in a per-session directory that uid may read
    # (``handles``), and the temp and egress directories are shared with it (``share``).
    share_uid: int = -1
    handles: str = ""
    made_at: float = 0.0
    version: int = VERSION

    @property
    def egress_dir(self) -> str:
        return posixpath.join(self.tmp, EGRESS_DIR)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Profile:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("sandbox profile of another version")
        return cls(
            session_id=str(data["session_id"]),
            workspace=str(data["workspace"]),
            tmp=str(data["tmp"]),
            hidden=[str(p) for p in data.get("hidden") or []],
            granted=[str(p) for p in data.get("granted") or []],
            writable=[str(p) for p in data.get("writable") or []],
            bwrap=str(data.get("bwrap") or "bwrap"),
            socat=str(data.get("socat") or "socat"),
            as_root=bool(data.get("as_root")),
            shared_net=bool(data.get("shared_net")),
            userns=bool(data.get("userns")),
            uid=int(data.get("uid", -1)),
            gid=int(data.get("gid", -1)),
            share_uid=int(data.get("share_uid", -1)),
            handles=str(data.get("handles") or ""),
            made_at=float(data.get("made_at") or 0.0),
        )


def safe_id(session_id: str) -> str:
    """A session id usable as one path component (ids are UUIDs; anything else is hashed)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}", session_id):
        return session_id
    return "h-" + hashlib.sha256(session_id.encode()).hexdigest()[:32]


def sandbox_dir(home_root: str) -> str:
    return posixpath.join(home_root, "sandbox")


def profile_path(home_root: str, session_id: str) -> str:
    return posixpath.join(sandbox_dir(home_root), safe_id(session_id) + ".json")


def args_path(home_root: str, session_id: str) -> str:
    return posixpath.join(sandbox_dir(home_root), safe_id(session_id) + ".args")


def handles_dir(profile: Profile, home_root: str) -> str:
    """Where the session's options and resolver files are: Bastion's home, or in system
    mode a directory beside the session's temp directory that the developer may read."""
    return profile.handles or sandbox_dir(home_root)


def options_path(profile: Profile, home_root: str) -> str:
    """The options file of this profile's way onto the network. One file per way: a command
    rewritten for its own network namespace must never read options written meanwhile for
    joining the session's (they leave out ``--unshare-net``)."""
    mode = ("-user" if profile.userns else "-net") if profile.shared_net else ""
    if profile.handles:
        return posixpath.join(profile.handles, "options" + mode)
    return args_path(home_root, profile.session_id)[: -len(".args")] + mode + ".args"


def egress_dir_of(session_id: str) -> str:
    return posixpath.join(session_tmp(session_id), EGRESS_DIR)


def session_tmp(session_id: str) -> str:
    """The session's temp directory: outside Bastion's home (which the sandbox hides)."""
    base = posixpath.join(tempfile.gettempdir(), f"bastion-sandbox-{os.getuid()}")
    return posixpath.join(base, safe_id(session_id))


def ensure_private_dir(path: str) -> None:
    """Create ``path`` (and parents) 0700; refuse one that is a link or someone else's."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    st = os.lstat(path)
    if os.path.islink(path) or not os.path.isdir(path) or st.st_uid != os.getuid():
        raise OSError(f"{path} is not a private directory of this user; remove it")


def bwrap_options(profile: Profile, home_root: str) -> list[str]:
    """Bubblewrap's options for this profile (everything before ``--``)."""
    tmp = profile.tmp
    opts = [
        "--die-with-parent",
        "--new-session",
        *([] if profile.shared_net else ["--unshare-net"]),
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--proc", "/proc",
        "--bind", tmp, "/tmp",
        "--tmpfs", "/dev/shm",
    ]  # fmt: skip
    if os.path.isdir("/var/tmp"):
        opts += ["--tmpfs", "/var/tmp"]
    resolv = os.path.realpath("/etc/resolv.conf")
    if os.path.exists(resolv):
        opts += ["--ro-bind", posixpath.join(handles_dir(profile, home_root), "resolv.conf"),
                 resolv]  # fmt: skip
    # The workspace after /tmp: a workspace under /tmp stays reachable at its own path.
    opts += ["--bind", profile.workspace, profile.workspace]
    for path in profile.hidden:
        if os.path.isdir(path) and not os.path.islink(path):
            opts += ["--tmpfs", path]
        elif os.path.lexists(path):
            opts += ["--ro-bind", "/dev/null", path]
    for path in profile.writable:  # after the covers: a local origin stays reachable
        if os.path.isdir(path):
            opts += ["--bind", path, path]
    if profile.shared_net and profile.userns:
        # Root of the session's user namespace after nsenter: a nested one gives the command
        # the developer's own uid and gid, and no capability at all.
        uid = profile.uid if profile.uid >= 0 else os.getuid()
        gid = profile.gid if profile.gid >= 0 else os.getgid()
        opts += ["--unshare-user", "--uid", str(uid), "--gid", str(gid), "--cap-drop", "ALL"]
    elif profile.as_root and profile.shared_net:
        # Root in the sandbox keeps no capability: it could unmount what hides credentials.
        opts += ["--cap-drop", "ALL"]
    elif profile.as_root:
        # ... but binding the DNS forwarder's port 53 when it starts one.
        opts += ["--cap-drop", "ALL", "--cap-add", "CAP_NET_BIND_SERVICE"]
    env = {
        "HTTP_PROXY": PROXY_URL,
        "HTTPS_PROXY": PROXY_URL,
        "http_proxy": PROXY_URL,
        "https_proxy": PROXY_URL,
        "npm_config_proxy": PROXY_URL,
        "npm_config_https_proxy": PROXY_URL,
        "NO_PROXY": "localhost,127.0.0.1,::1",
        "no_proxy": "localhost,127.0.0.1,::1",
        "TMPDIR": "/tmp",
        "XDG_CACHE_HOME": "/tmp/.cache",
        # git over SSH goes through the proxy too (CONNECT host:22, own remotes only).
        "GIT_SSH_COMMAND": (
            f"ssh -o ProxyCommand='socat - PROXY:127.0.0.1:%h:%p,proxyport={PROXY_PORT}'"
        ),
        "BASTION_SANDBOX": profile.session_id,
        # How many forwarders to wait for: port 53 can only be bound with root's capability.
        "BASTION_EGRESS_LISTENERS": "2" if profile.as_root else "1",
    }
    for key, value in env.items():
        opts += ["--setenv", key, value]
    # No --chdir: bubblewrap keeps the caller's directory (the agent's cwd) when visible.
    return opts


def write_args(profile: Profile, home_root: str) -> str:
    """Write the session's bubblewrap options (NUL-separated, for ``--args``) and the files
    they name; return the options file's path. Called whenever the profile changes.

    System mode (``profile.share_uid``): the developer's uid gets read access to the
    options and resolver files (in ``profile.handles``, never writable by it) and read-write
    access to the temp directory, which is sticky so it cannot remove what the daemon put
    there (the egress sockets); see ``contain/share``."""
    ensure_private_dir(sandbox_dir(home_root))
    base = posixpath.dirname(profile.tmp)
    ensure_private_dir(base)
    ensure_private_dir(profile.tmp)
    share_uid = profile.share_uid
    if share_uid >= 0:
        from bastion.contain import share

        profile.handles = profile.tmp + ".h"
        os.chmod(base, 0o711)  # each session's directories carry their own ACL
        ensure_private_dir(profile.handles)
        share.grant(profile.handles, share_uid, "rx")
        os.chmod(profile.tmp, 0o1700)
        share.grant(profile.tmp, share_uid, "rwx")
    resolv = posixpath.join(handles_dir(profile, home_root), "resolv.conf")
    if not os.path.exists(resolv):
        _atomic_write(resolv, RESOLV_CONF.encode(), share_uid)
    _atomic_write(profile_path(home_root, profile.session_id), profile.to_json().encode())
    blob = b"".join(a.encode() + b"\0" for a in bwrap_options(profile, home_root))
    path = options_path(profile, home_root)
    _atomic_write(path, blob, share_uid)
    return path


def command_for(
    profile: Profile, home_root: str, original: str, bwrap_path: str, *, join: Join | None = None
) -> str:
    """The self-contained shell command that runs ``original`` in this session's sandbox."""
    options = shlex.quote(options_path(profile, home_root))
    if join is not None:
        enter = f"--net={shlex.quote(join.net)}"
        if join.user is not None:
            enter = f"--preserve-credentials --user={shlex.quote(join.user)} {enter}"
        return (
            f"exec {shlex.quote(NSENTER)} {enter} {shlex.quote(bwrap_path)} --args 3 -- "
            f"bash -c {shlex.quote(original)} 3< {options}"
        )
    return (
        f"exec {shlex.quote(bwrap_path)} --args 3 -- /bin/sh -c {shlex.quote(LAUNCHER)} sh "
        f"bash -c {shlex.quote(original)} 3< {options}"
    )


def load(home_root: str, session_id: str) -> Profile | None:
    try:
        return Profile.from_json(Path(profile_path(home_root, session_id)).read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _atomic_write(path: str, data: bytes, share_uid: int = -1) -> None:
    """Write then rename; ``share_uid`` may read the result (system mode)."""
    # A name of its own per call (two threads may write the same profile at once); O_EXCL
    # never opens, let alone follows, something planted there.
    tmp = f"{path}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        if share_uid >= 0:
            from bastion.contain import share

            share.grant(tmp, share_uid, "r")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
