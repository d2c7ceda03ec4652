"""Containment from the console and the policy view: talk to the daemon, record who acted.

Containment takes the one path the CLI takes too (`bastion.daemon.containment`): the
daemon checks who asks and appends a ``Containment`` event, with who pressed the button,
to the session's signed log, so the session's very next action is decided under it.
With no daemon running, the same handling runs in the console's process and writes the
stored session state, which the next hook call loads.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bastion.config import Home
from bastion.daemon.containment import ContainmentFailed
from bastion.daemon.containment import contain as contain_session
from bastion.errors import BastionError
from bastion.store import Store
from bastion.wire.control import BlockTool, Mode, Ping, SetMode

__all__ = [
    "ACTIONS",
    "MODES",
    "POLICY_NAME",
    "ContainmentError",
    "ControlFn",
    "contain",
    "delete_org_policy",
    "policy_view",
    "write_org_policy",
]

ControlFn = Callable[..., dict[str, object]]
MODES: dict[str, Mode] = {"kill": "killed", "ask-everything": "ask-everything", "release": "normal"}
ACTIONS = (*MODES, "block-tool", "unblock-tool")
POLICY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.cedar$")


class ContainmentError(BastionError, ValueError):
    """Containment that cannot be carried out; the message says why."""


def contain(
    home: Home,
    store: Store,
    control: ControlFn,
    session_id: str,
    action: str,
    *,
    by: str,
    reason: str = "",
    tool: str = "",
) -> dict[str, Any]:
    """Apply one containment action to a session; returns what was done and how."""
    if action not in ACTIONS:
        raise ContainmentError(f"unknown containment action {action!r}; use {', '.join(ACTIONS)}")
    if action in ("block-tool", "unblock-tool") and not tool:
        raise ContainmentError(f"{action} needs the tool's name")
    reason = (
        reason
        or {
            "kill": "killed from the console",
            "ask-everything": "ask-everything from the console",
            "release": "released from the console",
            "block-tool": f"{tool} blocked from the console",
            "unblock-tool": f"{tool} unblocked from the console",
        }[action]
    )
    started = time.monotonic()
    messages: list[SetMode | BlockTool] = []
    if action in MODES:
        messages.append(SetMode(session_id, MODES[action], reason, by))
        if action == "release":  # a release also lifts every tool block
            state = store.load_state(session_id) or {}
            messages += [
                BlockTool(session_id, t, blocked=False, reason=reason, by=by)
                for t in sorted(state.get("blocked_tools") or [])
            ]
    else:
        messages.append(BlockTool(session_id, tool, action == "block-tool", reason, by))
    delivered = "daemon"
    done = []
    try:
        for message in messages:
            done.append(contain_session(home, message, send=control))
    except ContainmentFailed as exc:
        raise ContainmentError(f"the daemon refused: {exc}") from exc
    if any(d.delivered == "store" for d in done):
        delivered = "store"
    after = store.load_state(session_id) or {}
    extra = (
        {"approvals_denied": done[0].answer.get("approvals_denied", 0)} if action == "kill" else {}
    )
    return {
        "session_id": session_id,
        "action": action,
        "tool": tool or None,
        "reason": reason,
        "by": by,
        "mode": after.get("mode") or "normal",
        "blocked_tools": sorted(after.get("blocked_tools") or []),
        "delivered": delivered,
        "latency_ms": round((time.monotonic() - started) * 1000, 1),
        **extra,
    }


# -- policies ------------------------------------------------------------------------------

_hash_cache: dict[tuple[Any, ...], str] = {}


def policy_view(home: Home, control: ControlFn) -> dict[str, Any]:
    """The shipped pack, the organisation's files, the profile and hash in force."""
    from bastion.policy.engine import PolicyEngine, directory_files, pack_files

    daemon: dict[str, object] = {}
    try:
        daemon = control(home, Ping(), timeout=1.0)
    except OSError:
        daemon = {}
    org = directory_files(home.policy_dir) if home.policy_dir.is_dir() else []
    key = tuple((name, len(text), hash(text)) for name, text in org)
    policy_hash = str(daemon.get("policy") or "")
    computed = _hash_cache.get(key)
    if computed is None:
        try:
            computed = PolicyEngine.load(home.policy_dir).hash
        except Exception as exc:  # a broken org file: show it, do not fail the page
            computed = f"invalid ({type(exc).__name__}: {str(exc)[:200]})"
        _hash_cache.clear()
        _hash_cache[key] = computed
    return {
        "daemon_running": bool(daemon.get("ok")),
        "profile": str(daemon.get("profile") or home.settings().profile),
        "policy_hash": policy_hash or computed,
        "files_hash": computed,
        "pack": [{"name": n, "text": t} for n, t in pack_files()],
        "org": [{"name": str(Path(n).name), "text": t} for n, t in org],
        "org_dir": str(home.policy_dir),
    }


def write_org_policy(home: Home, name: str, text: str) -> list[str]:
    """Validate an organisation policy file and write it; returns errors (nothing written)."""
    from bastion.policy.engine import check_statements, pack_files, schema_text, split_statements

    if not POLICY_NAME.match(name) or ".." in name:
        return [f"bad file name {name!r}: letters, digits, '.', '_' or '-', ending in .cedar"]
    others = [
        (str(p), p.read_text("utf-8"))
        for p in sorted(home.policy_dir.glob("*.cedar"))
        if p.name != name
    ]
    statements = [
        s for f, t in [*pack_files(), *others, (name, text)] for s in split_statements(f, t)
    ]
    errors = [str(e) for e in check_statements(statements, schema_text())]
    if errors:
        return errors
    home.ensure()
    target = home.policy_dir / name
    tmp = target.with_suffix(".cedar.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return []


def delete_org_policy(home: Home, name: str) -> bool:
    if not POLICY_NAME.match(name) or ".." in name:
        return False
    target = home.policy_dir / name
    if not target.is_file():
        return False
    target.unlink()
    return True
