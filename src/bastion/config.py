"""Where one Bastion instance keeps its socket, store, keys, policies and logs.

Every command takes ``--home`` (environment ``BASTION_HOME``, default ``~/.bastion``) so
several instances, and every test, live side by side without colliding. The layout is
fixed here and nowhere else; the stdlib-only hook repeats only the socket's name.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.core.home import SOCKET, HomeLayout
from bastion.errors import ConfigError

SOCKET_NAME = SOCKET
DEFAULT_PROFILE = "balanced"
PROFILES = ("observe", "balanced", "strict")


def default_home() -> Path:
    env = os.environ.get("BASTION_HOME")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".bastion"


@dataclass(slots=True)
class Settings:
    """The operator's choices, read from ``<home>/config.toml`` (all optional)."""

    profile: str = DEFAULT_PROFILE
    database_url: str = ""
    # Largest hook payload the daemon will parse; larger ones get a defined verdict.
    max_payload_bytes: int = 64 * 1024 * 1024
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Home(HomeLayout):
    """A Bastion home directory and the paths inside it (names in ``core.home``)."""

    root: Path
    # System mode keeps the socket outside the (private) state directory, in /run/bastion.
    socket_override: Path | None = None

    @classmethod
    def resolve(
        cls, home: str | os.PathLike[str] | None = None, *, socket: str | None = None
    ) -> Home:
        root = Path(home).expanduser().resolve() if home else default_home().resolve()
        return cls(root, Path(socket) if socket else None)

    @property
    def socket_path(self) -> Path:
        return self.socket_override or self.root / SOCKET_NAME

    def ensure(self) -> Home:
        """Create the home, or check an existing one is safe to trust.

        The home holds the store, keys, policies and config: a home another user owns, or
        one others may write, would let them decide what Bastion allows. Such a home is
        refused (another owner) or repaired (write access for group/others removed).
        """
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path in (self.root, self.policy_dir, self.keys_dir):
            path.mkdir(exist_ok=True, mode=0o700)
            check_private_dir(path)
        try:
            st = self.config_path.lstat()
        except FileNotFoundError:
            return self
        if st.st_mode & 0o022 and st.st_uid == os.geteuid():
            os.chmod(self.config_path, st.st_mode & 0o755)  # others must not set the profile
        return self

    @property
    def database_url(self) -> str:
        """``BASTION_DATABASE_URL`` wins, then config.toml, then the embedded SQLite file."""
        env = os.environ.get("BASTION_DATABASE_URL")
        if env:
            return env
        settings = self.settings()
        if settings.database_url:
            return settings.database_url
        return f"sqlite:///{self.db_path}"

    def settings(self) -> Settings:
        path = self.config_path
        if not path.exists():
            return Settings()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                f"{path}: cannot read configuration ({exc}); fix or delete it"
            ) from exc
        settings = Settings()
        known = {"profile", "database_url", "max_payload_bytes"}
        for key, value in data.items():
            if key in known:
                setattr(settings, key, value)
            else:
                settings.extra[key] = value
        if settings.profile not in PROFILES:
            raise ConfigError(
                f"{path}: profile {settings.profile!r} is not one of {', '.join(PROFILES)}"
            )
        return settings


def check_private_dir(path: Path) -> None:
    """Refuse a directory owned by someone else (or a symlink); make it 0700 if others can write.

    Root may use a home owned by another account (the installer sets up the service user's).
    """
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise ConfigError(
            f"{path} is not a plain directory (a symlink or a file); remove it or choose "
            "another home with --home"
        )
    euid = os.geteuid()
    if st.st_uid != euid and euid != 0:
        raise ConfigError(
            f"{path} belongs to uid {st.st_uid}, not to you (uid {euid}): another user could "
            f"change what Bastion decides; remove it, or `chown -R {euid} {path}` if it is yours"
        )
    if st.st_mode & 0o022:
        os.chmod(path, 0o700)


CREDENTIAL_FILES = ("allow", "deny", "broker")


def credential_files(settings: Settings) -> str:
    """``[secrets] credential_files``: may the agent read credential files into its model's
    context? ``allow`` (the default: recorded redacted, their bytes followed), ``deny``, or
    ``broker`` (denied, pointing the agent at ``{{secret:NAME}}``). See docs/policy.md."""
    section = settings.extra.get("secrets") or {}
    value = section.get("credential_files", "allow") if isinstance(section, dict) else "allow"
    if value not in CREDENTIAL_FILES:
        raise ConfigError(
            f"config.toml: [secrets] credential_files = {value!r} is not one of "
            f"{', '.join(CREDENTIAL_FILES)}; fix it in the home's config.toml"
        )
    return str(value)


def tune_gc() -> None:
    """For long-running work (the daemon, a replay): move everything built at start-up
    (policies, rules, models, caches) out of the collector's way and collect young objects
    less often. Measured on replay: about a quarter less CPU per event."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
