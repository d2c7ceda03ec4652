"""The ``[sandbox]`` table of ``config.toml``, and whether this machine can sandbox at all.

Off unless enabled: wrapping every shell command changes what commands can do (no network
except through the proxy, no credentials, other repositories hidden), so it is the
operator's choice. Where bubblewrap or user namespaces are missing, ``unavailable`` says
whether shell commands are denied or run with analysis only; either way the verdict, the
record and ``bastion status`` say so.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any

from bastion.errors import ConfigError

DENY = "deny"
ANALYSIS_ONLY = "analysis-only"
# Hosts every package manager needs; the operator adds theirs with `registries`.
DEFAULT_REGISTRIES = (
    "pypi.org",
    "files.pythonhosted.org",
    "registry.npmjs.org",
    "registry.yarnpkg.com",
    "crates.io",
    "static.crates.io",
    "index.crates.io",
    "proxy.golang.org",
    "sum.golang.org",
    "rubygems.org",
    "repo.maven.apache.org",
    "deb.debian.org",
)


@dataclass(frozen=True, slots=True)
class SandboxSettings:
    enabled: bool = False
    unavailable: str = DENY  # what shell commands get where bubblewrap cannot run
    registries: tuple[str, ...] = DEFAULT_REGISTRIES
    hosts: tuple[str, ...] = ()  # more hosts every session may reach
    bwrap: str = "bwrap"
    socat: str = "socat"
    # Test-only: the proxy's upstream for every allowed request ("host:port"); lets a test
    # stand a local server in for a registry. Never read from the agent's reach: it lives
    # in the daemon's config.toml, which the guard protects.
    upstream_override: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_extra(cls, extra: dict[str, Any]) -> SandboxSettings:
        """Read ``[sandbox]`` from ``Settings.extra``; a wrong value is a ConfigError."""
        table = extra.get("sandbox") or {}
        if not isinstance(table, dict):
            raise ConfigError("[sandbox] must be a table; see docs/sandbox.md")
        unavailable = str(table.get("unavailable", DENY))
        if unavailable not in (DENY, ANALYSIS_ONLY):
            raise ConfigError(
                f"[sandbox] unavailable must be {DENY!r} or {ANALYSIS_ONLY!r}, not {unavailable!r}"
            )
        registries = table.get("registries")
        return cls(
            enabled=bool(table.get("enabled", False)),
            unavailable=unavailable,
            registries=(
                tuple(str(h).lower() for h in registries)
                if isinstance(registries, list)
                else DEFAULT_REGISTRIES
            ),
            hosts=tuple(str(h).lower() for h in table.get("hosts") or []),
            bwrap=str(table.get("bwrap", "bwrap")),
            socat=str(table.get("socat", "socat")),
            upstream_override=str(table.get("upstream_override", "")),
        )


@dataclass(frozen=True, slots=True)
class Availability:
    ok: bool
    bwrap: str  # absolute path, or ""
    socat: str
    reason: str  # why not, in words a user can act on ("" when ok)


# The namespaces and mounts every sandbox uses, tried once on `true`.
PROBE_ARGS = ("--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--dev", "/dev",
              "--proc", "/proc", "--die-with-parent")  # fmt: skip


@functools.lru_cache(maxsize=8)
def probe(bwrap: str = "bwrap", socat: str = "socat") -> Availability:
    """Can this machine run the sandbox? Runs bubblewrap once with the namespaces we use."""
    path = shutil.which(bwrap) or ""
    forwarder = shutil.which(socat) or ""
    if not path:
        return Availability(
            False, "", forwarder, "bubblewrap is not installed (apt-get install bubblewrap)"
        )
    if not forwarder:
        return Availability(
            False, path, "", "socat is not installed (apt-get install socat): no egress forwarder"
        )
    try:
        done = subprocess.run(
            [path, *PROBE_ARGS, "true"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Availability(False, path, forwarder, f"bubblewrap could not start ({exc})")
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace").strip().splitlines()
        return Availability(
            False,
            path,
            forwarder,
            "bubblewrap cannot create namespaces here (user namespaces disabled?): "
            + (err[-1] if err else f"exit {done.returncode}"),
        )
    return Availability(True, path, forwarder, "")


def describe(extra: dict[str, Any]) -> str:
    """One line for ``bastion status`` and ``bastion install``: never silent about a
    sandbox that is configured but cannot run on this machine."""
    settings = SandboxSettings.from_extra(extra)
    available = probe(settings.bwrap, settings.socat)
    if not settings.enabled:
        where = "bubblewrap works here" if available.ok else f"unavailable here: {available.reason}"
        return f"off ([sandbox] enabled = true to turn it on; {where})"
    if available.ok:
        return f"on: shell commands run in bubblewrap ({available.bwrap}), egress via the proxy"
    then = "denied" if settings.unavailable == DENY else "run with analysis only"
    return f"ON BUT UNAVAILABLE: {available.reason}; shell commands are {then}"
