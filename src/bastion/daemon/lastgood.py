"""A bad policy or config never stops the guard: keep the last good one, and say so loudly.

Every time config.toml and the policy directory load cleanly, a copy is kept under
``<home>/last-good/``. When a later start finds them malformed (an edit gone wrong, or an
agent that hoped a broken file would make every call fail), the daemon runs with that
copy, or with the shipped defaults if it never had a good one, and raises a high alert
in the signed log. It never falls back to *nothing*: the shipped pack always loads.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.config import Home, Settings
from bastion.core import home as home_names
from bastion.errors import ConfigError, PolicyError
from bastion.events import Severity
from bastion.policy.engine import PolicyEngine

__all__ = [
    "DIR",
    "SYSTEM_SESSION",
    "Loaded",
    "database_url",
    "last_good_dir",
    "load",
    "load_policies",
    "load_settings",
    "record_problems",
]

log = logging.getLogger("bastion.lastgood")
DIR = home_names.LAST_GOOD_DIR
SYSTEM_SESSION = "bastion-daemon"


@dataclass(slots=True)
class Loaded:
    """What the daemon runs with, and what was wrong with what it was given."""

    settings: Settings
    policy: PolicyEngine
    database_url: str
    problems: list[str] = field(default_factory=list)


def last_good_dir(home: Home) -> Path:
    return home.root / DIR


def load(home: Home, extra: Path | None = None, *, keep: bool = True) -> Loaded:
    """Settings and policies for ``home``, each from the last good copy when broken.

    ``keep=False`` reads only: the hook's fallback loads beside a starting daemon, which
    keeps the last good copies itself (two processes replacing them at once could race).
    """
    settings, settings_problem = load_settings(home, keep=keep)
    policy, policy_problem = load_policies(home, extra, keep=keep)
    problems = [p for p in (settings_problem, policy_problem) if p]
    return Loaded(settings, policy, database_url(settings, home), problems)


def database_url(settings: Settings, home: Home) -> str:
    """Like ``Home.database_url``, but from the settings actually in force."""
    return (
        os.environ.get("BASTION_DATABASE_URL")
        or settings.database_url
        or f"sqlite:///{home.db_path}"
    )


def load_settings(home: Home, *, keep: bool = True) -> tuple[Settings, str]:
    """(settings, problem): config.toml, else its last good copy, else the defaults."""
    saved = last_good_dir(home) / "config.toml"
    try:
        settings = home.settings()
    except ConfigError as exc:
        from bastion.store.connstrings import redact  # the store's package, not on every path

        problem = redact(str(exc))
        if saved.exists():
            try:
                return Home(last_good_dir(home)).settings(), (
                    f"{problem}; running with the last good config.toml"
                )
            except ConfigError:
                pass
        return Settings(), f"{problem}; running with the default settings"
    if keep:
        _save_file(home.config_path, saved)
    return settings, ""


def load_policies(home: Home, extra: Path | None, *, keep: bool = True) -> tuple[PolicyEngine, str]:
    """(policy set, problem): the home's policies, else their last good copy, else the
    shipped pack alone. An extra ``--policy`` path is kept whenever it still loads."""
    saved = last_good_dir(home) / "policies"
    try:
        engine = PolicyEngine.load(home.policy_dir, extra)
    except (PolicyError, OSError, UnicodeDecodeError) as exc:
        from bastion.store.connstrings import redact

        problem = f"policies do not load ({redact(str(exc))[:300]})"
    else:
        if keep:
            _save_dir(home.policy_dir, saved)
        return engine, ""
    if saved.is_dir():
        for extras in ((saved, extra), (saved,)):
            try:
                return PolicyEngine.load(*extras), f"{problem}; running with the last good policies"
            except (PolicyError, OSError, UnicodeDecodeError):
                continue
    return PolicyEngine.load(), f"{problem}; running with the shipped policy pack only"


def _save_file(source: Path, target: Path) -> None:
    try:
        if not source.exists():
            target.unlink(missing_ok=True)  # no config is a good config: the defaults
            return
        target.parent.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".config-")
        with os.fdopen(fd, "wb") as out:
            out.write(source.read_bytes())
        os.replace(tmp, target)
    except OSError as exc:
        log.warning("could not keep a last good copy of %s: %s", source, exc)


def _save_dir(source: Path, target: Path) -> None:
    """Replace ``target`` with the ``.cedar`` files of ``source`` (never half a copy)."""
    try:
        target.parent.mkdir(mode=0o700, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".policies-"))
        if source.is_dir():
            for path in sorted(source.rglob("*.cedar")):
                dest = staging / path.relative_to(source)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(path.read_bytes())
        old = target.with_name(f".old-{uuid.uuid4().hex}")
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        log.warning("could not keep a last good copy of %s: %s", source, exc)


def record_problems(store: Any, home: Home, problems: list[str]) -> None:
    """One high alert per distinct problem in the signed log (not one per start)."""
    if not problems:
        return
    for problem in problems:
        log.error("configuration problem: %s", problem)
    digest = hashlib.sha256("\n".join(problems).encode()).hexdigest()
    marker = last_good_dir(home) / "alerted"
    try:
        if marker.read_text().strip() == digest:
            return
    except OSError:
        pass
    now = time.time()
    event_id = str(uuid.uuid4())
    row = {
        "id": event_id,
        "session_id": SYSTEM_SESSION,
        "time": now,
        "kind": "other",
        "native_name": "ConfigFallback",
        "tool": None,
        "tool_use_id": None,
        "decision": None,
        "data": {"problems": problems},
        "facts": None,
        "verdict": None,
    }
    alerts = [
        {
            "session_id": SYSTEM_SESSION,
            "event_id": event_id,
            "time": now,
            "severity": Severity.HIGH.value,
            "title": "bad configuration or policy: running with the last good one",
            "detail": problem,
            "status": "open",
        }
        for problem in problems
    ]
    store.append_event(row, [], alerts, {"last_seen": now})
    try:
        marker.parent.mkdir(mode=0o700, exist_ok=True)
        marker.write_text(digest)
    except OSError:
        pass
