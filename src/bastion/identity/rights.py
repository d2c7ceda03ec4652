"""Rights as glob lists, blended: what a session may do is what its human AND its agent may.

``<home>/identity.toml`` (all optional) says who may do what::

    [humans]                      # rights of a human none of whose roles is listed below
    tools = ["*"]
    hosts = ["*"]
    repositories = ["*"]

    [roles.contractor]            # a role from login (local --role, or the OIDC groups claim)
    hosts = ["github.com", "*.github.com", "pypi.org", "files.pythonhosted.org"]
    repositories = ["/home/*/src/client-*"]

    [agents.claude-code]          # the agent profile's rights
    tools = ["<tool>", "<mcp prefix>*"]  # the agent's own tool names, as its hook sends them

    [scope]                       # what every session credential carries
    ttl_minutes = 60
    task = "development"
    paths = ["/tmp", "/var/tmp"]  # writable besides the workspace and granted repositories

    [oidc]                        # used by `bastion login --oidc`
    issuer = "https://login.example.com"
    audience = "bastion"
    roles_claim = "groups"

A list absent from a section allows everything (``["*"]``); an empty list allows nothing.
A human's rights are the union over their listed roles. Effective rights are the
intersection of the human's and the agent profile's; both are exposed for policy.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.errors import ConfigError

KINDS = ("tools", "hosts", "repositories")
ANY = ("*",)
DEFAULT_TTL_MINUTES = 60
DEFAULT_WRITABLE = ("/tmp", "/var/tmp", "/dev/null", "/dev/shm")


def _match(kind: str, value: str, pattern: str) -> bool:
    if pattern == "*":
        return True
    if kind == "hosts":
        return fnmatch.fnmatchcase(value.lower(), pattern.lower())
    if kind == "repositories":
        # A repository pattern covers the directory and everything under it.
        root = pattern.rstrip("/") or "/"
        return (
            fnmatch.fnmatchcase(value, root)
            or value.startswith(root + "/")
            or fnmatch.fnmatchcase(value, root + "/*")
        )
    return fnmatch.fnmatchcase(value, pattern)


@dataclass(frozen=True, slots=True)
class Rights:
    """Glob patterns per kind: tools (the agent's tool names, its MCP prefix and a ``*``),
    hosts, repository paths."""

    tools: tuple[str, ...] = ANY
    hosts: tuple[str, ...] = ANY
    repositories: tuple[str, ...] = ANY

    def patterns(self, kind: str) -> tuple[str, ...]:
        return tuple(getattr(self, kind))

    def allows(self, kind: str, value: str) -> bool:
        return any(_match(kind, value, p) for p in self.patterns(kind))

    def to_dict(self) -> dict[str, list[str]]:
        return {k: list(self.patterns(k)) for k in KINDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rights:
        return cls(**{k: tuple(str(x) for x in data.get(k, ANY)) for k in KINDS})

    def union(self, other: Rights) -> Rights:
        return Rights(**{k: _union(self.patterns(k), other.patterns(k)) for k in KINDS})

    def intersect(self, other: Rights) -> Rights:
        return Rights(**{k: _intersect(k, self.patterns(k), other.patterns(k)) for k in KINDS})


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    if "*" in a or "*" in b:
        return ANY
    return tuple(dict.fromkeys(a + b))


def _intersect(kind: str, a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """Patterns allowed by both sides (a pattern of one side kept if the other covers it).

    Exact for lists of literals and for ``*``; for two overlapping wildcards it keeps the
    narrower one, which is never wider than the true intersection.
    """
    if "*" in a:
        return b
    if "*" in b:
        return a
    kept = [p for p in a if any(_match(kind, p, q) for q in b)]
    kept += [q for q in b if any(_match(kind, q, p) for p in a)]
    return tuple(dict.fromkeys(kept))


@dataclass(slots=True)
class IdentityConfig:
    """``<home>/identity.toml`` parsed; see the module docstring for the format."""

    humans: Rights = field(default_factory=Rights)
    roles: dict[str, Rights] = field(default_factory=dict)
    agents: dict[str, Rights] = field(default_factory=dict)
    ttl_seconds: float = DEFAULT_TTL_MINUTES * 60
    task: str = "development"
    writable: tuple[str, ...] = DEFAULT_WRITABLE
    oidc: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> IdentityConfig:
        if not path.exists():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            config = cls(
                humans=_rights(data.get("humans") or {}),
                roles={str(k): _rights(v) for k, v in (data.get("roles") or {}).items()},
                agents={str(k): _rights(v) for k, v in (data.get("agents") or {}).items()},
                oidc=dict(data.get("oidc") or {}),
            )
            scope = data.get("scope") or {}
            config.ttl_seconds = float(scope.get("ttl_minutes", DEFAULT_TTL_MINUTES)) * 60
            config.task = str(scope.get("task", "development"))
            config.writable = tuple(str(p) for p in scope.get("paths", DEFAULT_WRITABLE))
        except (OSError, tomllib.TOMLDecodeError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"{path}: cannot read identity configuration ({exc}); fix it"
            ) from exc
        if not 60 <= config.ttl_seconds <= 24 * 3600:
            raise ConfigError(f"{path}: scope.ttl_minutes must be between 1 and 1440")
        return config

    def human_rights(self, roles: list[str]) -> Rights:
        listed = [self.roles[r] for r in roles if r in self.roles]
        if not listed:
            return self.humans
        out = listed[0]
        for rights in listed[1:]:
            out = out.union(rights)
        return out

    def agent_rights(self, agent: str) -> Rights:
        return self.agents.get(agent, Rights())


def _rights(section: Any) -> Rights:
    if not isinstance(section, dict):
        raise TypeError("a rights section must be a table")
    out: dict[str, tuple[str, ...]] = {}
    for kind in KINDS:
        value = section.get(kind, list(ANY))
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise TypeError(f"{kind} must be a list of strings")
        out[kind] = tuple(value)
    return Rights(**out)
