"""System mode: the daemon runs as a dedicated service user the developers cannot become.

``bastion install --system claude-code`` (root, once) creates the service user and the
group of guarded developers, a state directory only the service user can read (store,
keys, policies, config), a socket directory the group can reach, a hook entry point owned
by root, and Claude Code's managed settings with ``allowManagedHooksOnly`` so neither a
project nor the agent can remove or shadow the hooks. Where systemd runs it writes and
starts a unit; elsewhere ``bastion up --system`` (root) starts the daemon as the service
user. The layout is written to a world-readable ``/etc/bastion/system.json`` so that any
user's ``bastion`` command finds the socket; what that command may do is decided by the
daemon from the caller's kernel-reported uid, never from this file.

Every path hangs off ``prefix`` ("/" in production) so tests can build a whole system
install in a temporary directory; only Claude Code's managed-settings directory is fixed
by Claude Code (tests bind-mount over it in a private mount namespace).
"""

from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bastion.config import Home
from bastion.errors import ConfigError

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_CONFIG",
    "MANAGED_DIR",
    "UNIT_NAME",
    "NeedsRoot",
    "SystemConfig",
    "SystemLayout",
    "daemon_argv",
    "ensure_accounts",
    "install_shim",
    "load",
    "prepare_dirs",
    "require_root",
    "start",
    "systemd_running",
    "write_config",
    "write_unit",
]

CONFIG_ENV = "BASTION_SYSTEM_CONFIG"
DEFAULT_CONFIG = Path("/etc/bastion/system.json")
MANAGED_DIR = Path("/etc/claude-code")
UNIT_NAME = "bastion.service"


@dataclass(frozen=True, slots=True)
class SystemLayout:
    """Where a system install puts things (all under ``prefix`` but the managed settings)."""

    prefix: Path = Path("/")
    user: str = "bastion"
    group: str = "bastion-users"
    managed_dir: Path = MANAGED_DIR

    @property
    def state_dir(self) -> Path:
        return self.prefix / "var" / "lib" / "bastion"

    @property
    def run_dir(self) -> Path:
        return self.prefix / "run" / "bastion"

    @property
    def socket(self) -> Path:
        return self.run_dir / "daemon.sock"

    @property
    def config_file(self) -> Path:
        return self.prefix / "etc" / "bastion" / "system.json"

    @property
    def shim(self) -> Path:
        return self.prefix / "usr" / "local" / "libexec" / "bastion-hook"

    @property
    def unit_file(self) -> Path:
        return self.prefix / "etc" / "systemd" / "system" / UNIT_NAME

    @property
    def managed_settings(self) -> Path:
        return self.managed_dir / "managed-settings.json"


@dataclass(frozen=True, slots=True)
class SystemConfig:
    """What every user may read about the system install (no secrets, no state)."""

    state_dir: str
    socket: str
    user: str
    uid: int
    group: str
    shim: str
    managed_settings: str

    def home(self) -> Home:
        return Home(Path(self.state_dir), Path(self.socket))


def load(path: Path | None = None) -> SystemConfig | None:
    """The system install's description, or None on a machine without one."""
    target = path or Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{target}: unreadable system configuration ({exc}); reinstall") from exc
    try:
        return SystemConfig(**data)
    except TypeError as exc:
        raise ConfigError(f"{target}: not a Bastion system configuration ({exc})") from exc


class NeedsRoot(ConfigError):
    """A system-mode operation run by an ordinary user."""


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise NeedsRoot(f"{what} needs root once: run it with sudo")


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise ConfigError(f"`{' '.join(argv)}` failed: {done.stderr.strip()}")


def ensure_accounts(layout: SystemLayout, developers: list[str]) -> tuple[int, int]:
    """The service user and the developers' group exist; returns (service uid, group gid)."""
    try:
        group = grp.getgrnam(layout.group)
    except KeyError:
        _run(["groupadd", "--system", layout.group])
        group = grp.getgrnam(layout.group)
    try:
        user = pwd.getpwnam(layout.user)
    except KeyError:
        _run(
            [
                "useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", str(layout.state_dir), "--shell", "/usr/sbin/nologin", layout.user,
            ]
        )  # fmt: skip
        user = pwd.getpwnam(layout.user)
    for name in [layout.user, *developers]:
        if name not in grp.getgrnam(layout.group).gr_mem:
            _run(["usermod", "--append", "--groups", layout.group, name])
    return user.pw_uid, group.gr_gid


def _dir(path: Path, uid: int, gid: int, mode: int) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def prepare_dirs(layout: SystemLayout, uid: int, gid: int) -> None:
    """State private to the service user; a socket directory the developers' group can enter.

    The socket directory is setgid so the socket inherits the developers' group.
    """
    service_gid = pwd.getpwuid(uid).pw_gid
    _dir(layout.state_dir, uid, service_gid, 0o700)
    home = Home(layout.state_dir)
    for sub in (home.policy_dir, home.keys_dir):
        _dir(sub, uid, service_gid, 0o700)
    _dir(layout.run_dir, uid, gid, 0o2750)


def write_config(layout: SystemLayout, uid: int) -> SystemConfig:
    config = SystemConfig(
        state_dir=str(layout.state_dir),
        socket=str(layout.socket),
        user=layout.user,
        uid=uid,
        group=layout.group,
        shim=str(layout.shim),
        managed_settings=str(layout.managed_settings),
    )
    layout.config_file.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    tmp = layout.config_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(config), indent=2) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o644)
    os.replace(tmp, layout.config_file)
    return config


def install_shim(shim: Path, target: Path) -> None:
    """A root-owned entry point at a fixed place, pointing at this installation's hook."""
    shim.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    tmp = shim.with_name(shim.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(target)
    os.replace(tmp, shim)


def daemon_argv(config: SystemConfig) -> list[str]:
    return [
        sys.executable, "-m", "bastion.daemon",
        "--home", config.state_dir, "--socket", config.socket, "--system",
    ]  # fmt: skip


def systemd_running() -> bool:
    return Path("/run/systemd/system").is_dir() and shutil.which("systemctl") is not None


def write_unit(layout: SystemLayout, config: SystemConfig) -> Path:
    argv = " ".join(daemon_argv(config))
    text = (
        "[Unit]\nDescription=Bastion daemon (governs AI coding agents)\n"
        "After=network.target\n\n[Service]\n"
        f"User={layout.user}\nGroup={layout.user}\nSupplementaryGroups={layout.group}\n"
        f"ExecStart={argv}\nRestart=always\nRestartSec=1\nUMask=0077\n"
        f"RuntimeDirectory=bastion\nRuntimeDirectoryMode=2750\n"
        "NoNewPrivileges=true\nProtectSystem=full\n\n"
        "[Install]\nWantedBy=multi-user.target\n"
    )
    layout.unit_file.parent.mkdir(parents=True, exist_ok=True)
    layout.unit_file.write_text(text, encoding="utf-8")
    return layout.unit_file


def start(config: SystemConfig, *, wait: float = 30.0) -> int:
    """Start the daemon as the service user (root only; for machines without systemd)."""
    from bastion.daemon import client as daemon_ctl

    require_root("`bastion up --system`")
    home = config.home()
    if daemon_ctl.responsive(home):
        return daemon_ctl.pid_of(home) or 0
    user = pwd.getpwnam(config.user)
    group = grp.getgrnam(config.group)
    run_dir = Path(config.socket).parent
    _dir(run_dir, user.pw_uid, group.gr_gid, 0o2750)  # /run is emptied at boot
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": config.state_dir}
    for key in ("BASTION_DATABASE_URL", "LANG"):
        if key in os.environ:
            env[key] = os.environ[key]
    stderr_path = Path(config.state_dir) / "daemon.stderr"
    with open(stderr_path, "ab") as stderr:
        os.chown(stderr_path, user.pw_uid, user.pw_gid)
        proc = subprocess.Popen(
            daemon_argv(config),
            user=user.pw_uid,
            group=user.pw_gid,
            extra_groups=[group.gr_gid],
            umask=0o077,
            cwd=config.state_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if daemon_ctl.responsive(home, timeout=0.5):
            return proc.pid
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(f"the system daemon did not start; see {stderr_path}")
