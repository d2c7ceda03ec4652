"""Which listed tools policy forbids outright, so the model never sees them.

A ``tools/list`` result is filtered before the client reads it: each tool is judged as a
call with no arguments, by the same policies the daemon runs (``daemon/lastgood``: the home's
policies and profile, or their last good copy), with the server's annotations as
``understand`` reads them. Only a **deny** filters a tool out; an ``ask``, or a forbid that
depends on the arguments, is left to the real call, which the daemon decides in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bastion.config import Home
from bastion.core.events import Decision
from bastion.core.state import SessionState
from bastion.sensors.mcp_gateway import AGENT, ANNOTATIONS_KEY


@dataclass(frozen=True, slots=True)
class Forbidden:
    tool: str
    reasons: tuple[str, ...]
    policies: tuple[str, ...]


class PolicyFilter:
    """The home's policies, loaded once per gateway."""

    def __init__(self, home: Home, *, cwd: str, user_home: str) -> None:
        from bastion.daemon import lastgood

        loaded = lastgood.load(home)
        self.policy = loaded.policy
        profile = loaded.settings.profile
        self.profile = "balanced" if profile == "observe" else profile
        self.cwd = cwd
        self.user_home = user_home

    def forbidden(self, tool: str, annotations: dict[str, Any] | None) -> Forbidden | None:
        """Why policy denies every call of this tool, or None when it may be called."""
        from bastion.policy.context import build_context
        from bastion.understand.actions import category_of, understand

        tool_input: dict[str, Any] = {ANNOTATIONS_KEY: annotations} if annotations else {}
        facts = understand(tool, tool_input, cwd=self.cwd, workspace=self.cwd, home=self.user_home)
        action = category_of(tool)
        context = build_context(
            profile=self.profile, tool=tool, event="action", human="", agent=AGENT,
            permission_mode="", facts=facts, findings=[],
            state=SessionState(session_id="mcp-listing", workspace=self.cwd, home=self.user_home),
            workspace=self.cwd, home=self.user_home,
        )  # fmt: skip
        result = self.policy.evaluate(action, tool, AGENT, context)
        if result.decision is not Decision.DENY:
            return None
        return Forbidden(tool, tuple(result.reasons), tuple(result.policies))
