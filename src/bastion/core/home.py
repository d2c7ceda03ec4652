"""Every name inside a Bastion home, in one place (issue #14: the home's layout was spread).

A home (``--home``, ``BASTION_HOME``, default ``~/.bastion``) holds the daemon's socket and
files, the store, keys, policies, configuration, the identity registry, the witness file,
the refusal journal and the last configuration that loaded. Parts name these through the
constants and ``HomeLayout`` below, never with their own string. Pure names: no I/O here
(``config.Home`` creates and checks the directory). The stdlib-only hook repeats only
``SOCKET``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BASELINE_FILE",
    "CONFIG_FILE",
    "CONSOLE_PID",
    "CONSOLE_STDERR",
    "CONSOLE_URL",
    "DAEMON_LOCK",
    "DAEMON_LOG",
    "DAEMON_PID",
    "DAEMON_STDERR",
    "HUMAN_RECORD",
    "IDENTITY_CONFIG",
    "IDENTITY_DB",
    "IDENTITY_EPOCH",
    "IDENTITY_EVENTS",
    "JOURNAL_DIR",
    "KEYS_DIR",
    "LAST_GOOD_DIR",
    "OIDC_CACHE",
    "POLICIES_DIR",
    "SECRETS_CONFIG",
    "SOCKET",
    "STORE_DB",
    "WITNESS_DIR",
    "HomeLayout",
]

# The daemon
SOCKET = "daemon.sock"
DAEMON_PID = "daemon.pid"
DAEMON_LOG = "daemon.log"
DAEMON_LOCK = "daemon.lock"
DAEMON_STDERR = "daemon.stderr"
# The store, keys, policies and configuration
STORE_DB = "bastion.db"
KEYS_DIR = "keys"
POLICIES_DIR = "policies"
CONFIG_FILE = "config.toml"
LAST_GOOD_DIR = "last-good"
BASELINE_FILE = "baseline.json"
# The record's witnesses and the journal of refusals the store could not take
WITNESS_DIR = "witness"
JOURNAL_DIR = "journal"
# Identity: people, agent instances, credentials, brokered secrets
IDENTITY_DB = "identity.db"
IDENTITY_EPOCH = "identity.epoch"
IDENTITY_EVENTS = "identity-events.jsonl"
IDENTITY_CONFIG = "identity.toml"
SECRETS_CONFIG = "secrets.toml"
OIDC_CACHE = "oidc-cache.json"
HUMAN_RECORD = "human.json"
# The console
CONSOLE_PID = "console.pid"
CONSOLE_URL = "console.url"
CONSOLE_STDERR = "console.stderr"


class HomeLayout:
    """The paths of a home, from its root (mixed into ``config.Home``)."""

    __slots__ = ()
    root: Path

    @property
    def pid_path(self) -> Path:
        return self.root / DAEMON_PID

    @property
    def log_path(self) -> Path:
        return self.root / DAEMON_LOG

    @property
    def lock_path(self) -> Path:
        return self.root / DAEMON_LOCK

    @property
    def db_path(self) -> Path:
        return self.root / STORE_DB

    @property
    def policy_dir(self) -> Path:
        """The organisation's own policies, evaluated beside the shipped pack."""
        return self.root / POLICIES_DIR

    @property
    def keys_dir(self) -> Path:
        return self.root / KEYS_DIR

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def last_good_dir(self) -> Path:
        return self.root / LAST_GOOD_DIR

    @property
    def witness_dir(self) -> Path:
        return self.root / WITNESS_DIR

    @property
    def journal_dir(self) -> Path:
        return self.root / JOURNAL_DIR

    @property
    def identity_config_path(self) -> Path:
        return self.root / IDENTITY_CONFIG

    @property
    def secrets_config_path(self) -> Path:
        return self.root / SECRETS_CONFIG

    @property
    def oidc_cache_path(self) -> Path:
        return self.root / OIDC_CACHE

    @property
    def console_pid_path(self) -> Path:
        return self.root / CONSOLE_PID

    @property
    def console_url_path(self) -> Path:
        return self.root / CONSOLE_URL
