"""What every sensor provides: the native reply type and the ``Sensor`` protocol."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bastion.core.events import Event, Finding, Verdict
from bastion.core.tools import ToolSpec


@dataclass(frozen=True, slots=True)
class NativeReply:
    """What the hook process must print and exit with, in the agent's own protocol."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0


class Sensor(Protocol):
    """One agent's native protocol, tools and files, in core terms."""

    name: str
    # The name of the agent's shell tool (for a call Bastion builds itself: `explain`).
    shell_tool: str
    # Whether the agent runs a tool input rewritten in the reply (Claude Code's
    # ``updatedInput``): the kernel sandbox (contain/rewrite) wraps shell commands only there.
    rewrites_input: bool

    def to_event(self, payload: dict[str, Any]) -> Event: ...

    def reply(self, event: Event, verdict: Verdict) -> NativeReply: ...

    def refuse(self, message: str) -> NativeReply: ...

    def tool_spec(self, tool: str) -> ToolSpec: ...

    def mcp_tool(self, server: str, operation: str) -> str: ...

    def agent_home(self, transcript_path: str) -> str: ...

    def unchecked_findings(
        self, transcript_path: str, decided_ids: Iterable[str]
    ) -> list[Finding]: ...

    def describe_record(self, record: dict[str, Any], width: int = 110) -> str: ...

    def input_diff(self, record: dict[str, Any]) -> str | None: ...

    def file_diff(
        self, tool: Any, tool_input: Mapping[str, Any], output: Any
    ) -> dict[str, Any] | None: ...
