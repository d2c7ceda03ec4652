"""The ``[export]`` part of ``config.toml``: sinks, batching, retries, credentials.

```toml
[export]
batch = 500                # log entries per delivery
poll_seconds = 1.0         # how often an idle sink looks for new entries
max_attempts = 6           # tries of one batch before a permanent failure is dead-lettered
backoff_seconds = 0.5      # first retry delay; doubles per try, capped at backoff_max_seconds
backoff_max_seconds = 60.0

[[export.sink]]
name = "siem"              # the position's key: renaming a sink starts it from the beginning
type = "splunk_hec"        # splunk_hec | sentinel | syslog | webhook | otlp
url = "https://splunk.example:8088"
token_env = "SPLUNK_HEC_TOKEN"     # or token_file = "/run/secrets/hec"
```

Credentials are never written in ``config.toml``: every secret option (``token``,
``secret``, ``client_secret``) is read from ``<option>_file`` or ``<option>_env`` when a
sink starts, and no message, log line or ``repr`` holds its value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError

SINK_TYPES = ("splunk_hec", "sentinel", "syslog", "webhook", "otlp")


class ExportConfigError(ConfigError):
    """The ``[export]`` configuration is wrong; the message names the option to fix."""


class Secret:
    """A credential read from a file or the environment; prints as ``Secret(***)``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__


@dataclass(frozen=True)
class SinkConfig:
    name: str
    type: str
    options: Mapping[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def require(self, key: str) -> Any:
        value = self.options.get(key)
        if value in (None, ""):
            raise ExportConfigError(
                f"config.toml: [[export.sink]] {self.name!r} ({self.type}) needs {key} = ..."
            )
        return value

    def secret(self, key: str, *, required: bool = True) -> Secret | None:
        """``key`` read from ``key_file`` or ``key_env`` (never from the file itself)."""
        if key in self.options:
            raise ExportConfigError(
                f"config.toml: sink {self.name!r} holds {key} in clear; move it to a file "
                f"({key}_file = ...) or an environment variable ({key}_env = ...)"
            )
        path = self.options.get(f"{key}_file")
        env = self.options.get(f"{key}_env")
        if path:
            try:
                return Secret(Path(str(path)).expanduser().read_text(encoding="utf-8").strip())
            except OSError as exc:
                raise ExportConfigError(
                    f"sink {self.name!r}: cannot read {key}_file {path} ({exc.strerror}); "
                    "check the path and its permissions"
                ) from None
        if env:
            value = os.environ.get(str(env))
            if value:
                return Secret(value)
            raise ExportConfigError(
                f"sink {self.name!r}: environment variable {env} ({key}_env) is not set"
            )
        if required:
            raise ExportConfigError(
                f"config.toml: sink {self.name!r} needs {key}_file = ... or {key}_env = ..."
            )
        return None


@dataclass(frozen=True)
class ExportConfig:
    sinks: list[SinkConfig] = field(default_factory=list)
    batch: int = 500
    poll_seconds: float = 1.0
    max_attempts: int = 6
    backoff_seconds: float = 0.5
    backoff_max_seconds: float = 60.0
    dead_letter_dir: str = "export-dead-letter"

    def sink_names(self) -> list[str]:
        return [s.name for s in self.sinks]

    def sink(self, name: str) -> SinkConfig:
        for s in self.sinks:
            if s.name == name:
                return s
        known = ", ".join(s.name for s in self.sinks) or "none configured"
        raise ExportConfigError(f"no export sink named {name!r} (config.toml has: {known})")


def load(extra: Mapping[str, Any]) -> ExportConfig:
    """The ``[export]`` table of a home's settings (``Settings.extra``)."""
    section = extra.get("export") or {}
    if not isinstance(section, Mapping):
        raise ExportConfigError("config.toml: [export] must be a table")
    sinks = []
    seen: set[str] = set()
    for n, raw in enumerate(section.get("sink") or []):
        if not isinstance(raw, Mapping):
            raise ExportConfigError(f"config.toml: [[export.sink]] number {n + 1} is not a table")
        name = str(raw.get("name") or "")
        kind = str(raw.get("type") or "")
        if not name:
            raise ExportConfigError(f"config.toml: [[export.sink]] number {n + 1} needs a name")
        if name in seen:
            raise ExportConfigError(f"config.toml: two export sinks are named {name!r}")
        seen.add(name)
        if kind not in SINK_TYPES:
            raise ExportConfigError(
                f"config.toml: sink {name!r} has type {kind!r}; use one of {', '.join(SINK_TYPES)}"
            )
        sinks.append(SinkConfig(name, kind, dict(raw)))
    numbers = {
        key: section[key]
        for key in ("batch", "poll_seconds", "max_attempts", "backoff_seconds")
        if key in section
    }
    for key, value in numbers.items():
        if not isinstance(value, int | float) or value <= 0:
            raise ExportConfigError(f"config.toml: [export] {key} must be a positive number")
    return ExportConfig(
        sinks=sinks,
        batch=int(section.get("batch", 500)),
        poll_seconds=float(section.get("poll_seconds", 1.0)),
        max_attempts=int(section.get("max_attempts", 6)),
        backoff_seconds=float(section.get("backoff_seconds", 0.5)),
        backoff_max_seconds=float(section.get("backoff_max_seconds", 60.0)),
        dead_letter_dir=str(section.get("dead_letter_dir", "export-dead-letter")),
    )
