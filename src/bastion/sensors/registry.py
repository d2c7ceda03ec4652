"""The agents Bastion knows, written once: name -> the package of its sensor.

Adding an agent is one package under ``sensors/`` (with a ``SENSOR`` object that meets
``sensors.base.Sensor``, its ``files.FILES`` and, when ``bastion install`` wires it, its
``install.INSTALLER``) plus one line in ``AGENTS``. Sensors load on first use.
"""

from __future__ import annotations

import importlib
from functools import cache, lru_cache
from typing import cast

from bastion.core.tools import OTHER, ToolSpec
from bastion.errors import PayloadError
from bastion.sensors.base import AgentFiles, Installer, InventoryRules, Sensor

__all__ = [
    "AGENTS",
    "ALIASES",
    "DEFAULT_AGENT",
    "canonical",
    "every_agent_files",
    "files_of",
    "get_sensor",
    "hook_refusal",
    "installable",
    "installer_of",
    "inventory_rules_of",
    "sensor_for_record",
    "supported",
    "tool_spec",
]

# The one list of agents: command-line name -> package holding its SENSOR.
AGENTS: dict[str, str] = {
    "claude-code": "bastion.sensors.claude_code",
    "gemini-cli": "bastion.sensors.gemini_cli",
    "codex": "bastion.sensors.codex",
    "copilot": "bastion.sensors.copilot",
    "cursor": "bastion.sensors.cursor",
    "windsurf": "bastion.sensors.windsurf",
    "mcp-gateway": "bastion.sensors.mcp_gateway",
}
# Other names people type for the same agent.
ALIASES: dict[str, str] = {"claude": "claude-code"}
DEFAULT_AGENT = "claude-code"


def canonical(agent: str) -> str | None:
    """The registered name of an agent as typed (alias or name), or None if unknown."""
    name = ALIASES.get(agent, agent)
    return name if name in AGENTS else None


def supported() -> str:
    """The agent names for a message: ``claude-code``."""
    return ", ".join(AGENTS)


def hook_refusal(agent: str) -> str | None:
    """What a hook call naming ``agent`` is told when no sensor has that name; None when one has.

    The hook clients (Python and native) pass any well-shaped name on, so this is the one
    check of which agents exist: the daemon makes it before the engine sees the payload.
    """
    if agent in AGENTS:
        return None
    return f"Bastion: unknown agent {agent!r}; use one of: {supported()}\n"


@cache
def get_sensor(agent: str) -> Sensor:
    """The sensor for an agent name as given on the hook's command line."""
    name = canonical(agent)
    if name is None:
        raise PayloadError(f"unknown agent {agent!r}; supported: {supported()}")
    return cast(Sensor, importlib.import_module(AGENTS[name]).SENSOR)


def sensor_for_record(agent: str | None) -> Sensor:
    """The sensor that recorded an event (Bastion's own events read as the default's)."""
    name = canonical(agent or "") or DEFAULT_AGENT
    return get_sensor(name)


@cache
def files_of(agent: str | None = None) -> AgentFiles:
    """Where an agent keeps its settings, hook wiring and login (the default agent's for None)."""
    name = canonical(agent or DEFAULT_AGENT)
    if name is None:
        raise PayloadError(f"unknown agent {agent!r}; supported: {supported()}")
    return cast(AgentFiles, importlib.import_module(AGENTS[name] + ".files").FILES)


def installer_of(agent: str) -> Installer | None:
    """An agent's ``bastion install`` / ``uninstall`` (its package's ``install.INSTALLER``);
    None for an agent nobody installs (the MCP gateway is started as a server)."""
    name = canonical(agent)
    if name is None:
        raise PayloadError(f"unknown agent {agent!r}; supported: {supported()}")
    try:
        module = importlib.import_module(AGENTS[name] + ".install")
    except ModuleNotFoundError as exc:
        if exc.name != AGENTS[name] + ".install":
            raise
        return None
    return cast(Installer, module.INSTALLER)


@cache
def inventory_rules_of(agent: str) -> InventoryRules:
    """How the inventory reads what only ``agent`` does (its package's
    ``inventory.RULES``); the do-nothing rules for an agent that declares none."""
    name = canonical(agent)
    if name is None:
        raise PayloadError(f"unknown agent {agent!r}; supported: {supported()}")
    try:
        module = importlib.import_module(AGENTS[name] + ".inventory")
    except ModuleNotFoundError as exc:
        if exc.name != AGENTS[name] + ".inventory":
            raise
        return InventoryRules()
    return cast(InventoryRules, module.RULES)


def installable() -> str:
    """The agent names ``bastion install`` takes, for a message."""
    return ", ".join(name for name in AGENTS if installer_of(name) is not None)


@cache
def every_agent_files() -> tuple[AgentFiles, ...]:
    """The files of every agent Bastion guards: those with a sensor, then `sensors.others`."""
    from bastion.sensors.others import OTHERS

    return (*(files_of(name) for name in AGENTS), *OTHERS)


@lru_cache(maxsize=4096)
def tool_spec(tool: str | None, agent: str | None = None) -> ToolSpec:
    """What a tool is, in neutral terms, as the agent's sensor says (``OTHER`` if unknown).

    ``agent`` None means the default agent: for callers that name a tool without an event
    (the ``explain`` command, benchmarks, tests).
    """
    if not tool:
        return OTHER
    return sensor_for_record(agent).tool_spec(tool)
