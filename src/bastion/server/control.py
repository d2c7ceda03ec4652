"""Containment from the console and the policy view: talk to the daemon, record who acted.

Containment goes to the running daemon over its control socket (``set-mode``), so the
session's very next action is decided under it; the daemon records the mode, reason and
who pressed the button in the session state. Without a daemon the stored session state
is changed instead and the next hook call loads it (as ``bastion kill`` does). Blocking
one tool uses the daemon's ``block-tool`` operation when it has one; otherwise the
stored state is changed and the daemon is told to ``forget`` its cached copy.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bastion.config import Home
from bastion.errors import BastionError
from bastion.store import Store

ControlFn = Callable[..., dict[str, object]]
MODES = {"kill": "killed", "ask-everything": "ask-everything", "release": "normal"}
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
    delivered = "daemon"
    if action in MODES:
        mode = MODES[action]
        message = {"op": "set-mode", "session_id": session_id, "mode": mode}
        try:
            reply = control(home, {**message, "reason": reason, "by": by}, timeout=2.0)
            if not reply.get("ok"):
                raise ContainmentError(f"the daemon refused: {reply.get('error')}")
        except OSError:
            delivered = "store"
            _change_state(store, session_id, mode=mode, reason=reason, by=by)
        if action == "release":
            state = store.load_state(session_id) or {}
            if state.get("blocked_tools"):
                delivered = _tools(home, store, control, session_id, set(), reason, by)
    else:
        state = store.load_state(session_id) or {}
        blocked = set(state.get("blocked_tools") or [])
        blocked = blocked | {tool} if action == "block-tool" else blocked - {tool}
        delivered = _tools(home, store, control, session_id, blocked, reason, by, tool, action)
    after = store.load_state(session_id) or {}
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
    }


def _tools(
    home: Home,
    store: Store,
    control: ControlFn,
    session_id: str,
    blocked: set[str],
    reason: str,
    by: str,
    tool: str = "",
    action: str = "",
) -> str:
    """Set a session's blocked tools, through the daemon's own operation when it has one."""
    if tool:
        try:
            reply = control(
                home,
                {"op": action, "session_id": session_id, "tool": tool, "reason": reason, "by": by},
                timeout=2.0,
            )
            if reply.get("ok"):
                return "daemon"
        except OSError:
            pass
    _change_state(store, session_id, blocked_tools=sorted(blocked))
    try:
        control(home, {"op": "forget", "session_id": session_id}, timeout=2.0)
    except OSError:
        return "store"
    return "store+forget"


def _change_state(
    store: Store,
    session_id: str,
    *,
    mode: str | None = None,
    reason: str = "",
    by: str = "",
    blocked_tools: list[str] | None = None,
) -> None:
    state = store.load_state(session_id) or {"session_id": session_id}
    values: dict[str, Any] = {}
    if mode is not None:
        state.update(mode=mode, mode_reason=reason, mode_by=by)
        values["mode"] = mode
    if blocked_tools is not None:
        state["blocked_tools"] = blocked_tools
    store.update_session(session_id, state=state, **values)


# -- policies ------------------------------------------------------------------------------

_hash_cache: dict[tuple[Any, ...], str] = {}


def policy_view(home: Home, control: ControlFn) -> dict[str, Any]:
    """The shipped pack, the organisation's files, the profile and hash in force."""
    from bastion.policy.engine import PolicyEngine, directory_files, pack_files

    daemon: dict[str, object] = {}
    try:
        daemon = control(home, {"op": "ping"}, timeout=1.0)
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
