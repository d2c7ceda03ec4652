"""Assemble a `core.Gateway` for one server from a Bastion home (CLI and tests share it)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bastion.config import Home
from bastion.gateway.core import Gateway, ServerInfo
from bastion.gateway.daemon_link import DaemonLink


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

    home.ensure()
    where = cwd or os.getcwd()
    link = DaemonLink(home.root, daemon_uid=daemon_uid, socket_path=str(home.socket_path))
    policy = PolicyFilter(home, cwd=where, user_home=str(Path.home())) if filter_by_policy else None
    return Gateway(server, link.send, store=open_store(home), policy=policy, cwd=where)
