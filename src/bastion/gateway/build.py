"""Assemble a `core.Gateway` for one server from a Bastion home (CLI and tests share it).

System mode (the daemon runs as a service user, ``daemon/system_mode``) is refused, with
`SystemModeUnsupported`, before anything starts: the gateway keeps its pins and approval
requests in the store and reads the policies itself (``policy_filter``), and in system mode
the store, config and policies are the service user's alone, so a developer's gateway
could neither pin a tool nor find an approval. Nor may it fall back to a personal home: its
events would go to a daemon the developer controls, beside the system one that governs the
agent. Root and the service user itself are not refused.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bastion.config import Home
from bastion.errors import ConfigError
from bastion.gateway.core import Gateway, ServerInfo
from bastion.gateway.daemon_link import DaemonLink
from bastion.gateway.pin_writes import GatewayWrites

__all__ = ["SystemModeUnsupported", "build", "open_store", "system_mode_refusal"]


class SystemModeUnsupported(ConfigError):
    """The MCP gateway was asked for on a machine whose Bastion runs in system mode."""


def system_mode_refusal(daemon_uid: int | None = None) -> str | None:
    """Why the gateway cannot run here as this user (None when it can): a system install
    governs this machine, or the caller pinned a daemon running as another user."""
    from bastion.daemon import system_mode

    config = system_mode.load()
    me = os.geteuid()
    service_uid = config.uid if config is not None else daemon_uid
    if service_uid is None or me in (0, service_uid):
        return None
    where = f" ({config.state_dir}, user {config.user})" if config is not None else ""
    return (
        "the MCP gateway does not run in system mode yet: it keeps tool pins and approval "
        f"requests in the store, which only the service user can open{where}, and a personal "
        "home would send its events to a daemon you control instead of the system one. "
        "Leave this MCP server ungoverned by the gateway (the agent's own hooks still decide "
        "its MCP tool calls), or govern this machine in personal mode (`bastion up` as "
        "yourself); see docs/mcp.md#system-mode"
    )


def open_store(home: Home) -> Any:
    """The home's store (pins and approvals), as the daemon's settings name it."""
    from bastion.daemon import lastgood
    from bastion.store import Store

    return Store(lastgood.load(home).database_url)


def build(
    home: Home,
    server: ServerInfo,
    *,
    daemon_uid: int | None = None,
    cwd: str | None = None,
    filter_by_policy: bool = True,
) -> Gateway:
    from bastion.gateway.policy_filter import PolicyFilter

    refusal = system_mode_refusal(daemon_uid)
    if refusal is not None:
        raise SystemModeUnsupported(refusal)
    home.ensure()
    where = cwd or os.getcwd()
    link = DaemonLink(home.root, daemon_uid=daemon_uid, socket_path=str(home.socket_path))
    policy = PolicyFilter(home, cwd=where, user_home=str(Path.home())) if filter_by_policy else None
    store = open_store(home)
    writes = GatewayWrites(home, store)  # by the daemon while one runs (issue #18)
    return Gateway(server, link.send, store=store, policy=policy, cwd=where,
                   pin_record=writes, ask_call=writes.ask_call)  # fmt: skip
