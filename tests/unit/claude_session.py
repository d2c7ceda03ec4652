"""A Claude Code session driven through the real engine, for tests of what a session decides.

Provenance, flow and user-intent tests each replay a few hook payloads (a prompt, a tool's
output, the next call) and read the verdict; they share this driver instead of a copy each.
Payloads are built by the real Claude Code sensor, decisions by the real Cedar packs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bastion.engine import Engine
from bastion.events import Verdict
from bastion.policy.engine import PolicyEngine
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE
from bastion.store import Store

HOME = "/home/dev"


@contextmanager
def real_engine(db: Path) -> Iterator[Engine]:
    """An engine on its own SQLite store, with the shipped policy packs."""
    store = Store(f"sqlite:///{db}")
    try:
        yield Engine(store, PolicyEngine.load(), home_dir=HOME)
    finally:
        store.close()


class Session:
    """One session's hook payloads: ``session`` id and working directory ``cwd``."""

    def __init__(self, session: str, cwd: str) -> None:
        self.session = session
        self.cwd = cwd

    def send(self, engine: Engine, name: str, session: str | None = None, **fields: Any) -> Verdict:
        sid = session or self.session
        data = {
            "session_id": sid,
            "transcript_path": f"{HOME}/.claude/projects/x/{sid}.jsonl",
            "cwd": self.cwd,
            "permission_mode": "default",
            "hook_event_name": name,
            **fields,
        }
        return engine.process(CLAUDE_CODE.to_event(data))

    def prompt(self, engine: Engine, text: str, session: str | None = None) -> None:
        self.send(engine, "UserPromptSubmit", session=session, prompt=text)

    def call(
        self, engine: Engine, tool: str, args: dict[str, Any], session: str | None = None
    ) -> Verdict:
        return self.send(
            engine, "PreToolUse", session=session, tool_name=tool, tool_use_id="c1", tool_input=args
        )

    def observe(
        self,
        engine: Engine,
        tool: str,
        args: dict[str, Any],
        text: str,
        session: str | None = None,
    ) -> None:
        self.send(
            engine,
            "PostToolUse",
            session=session,
            tool_name=tool,
            tool_use_id=f"o{abs(hash((tool, text))) % 100_000}",
            tool_input=args,
            tool_response=[{"type": "text", "text": text}],
        )


def kinds(verdict: Verdict) -> set[str]:
    """The kinds of a verdict's findings."""
    return {f.kind for f in verdict.findings}
