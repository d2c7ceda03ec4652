"""Brokered secrets of bound sessions: handles substituted, refusals logged, values scrubbed.

One job: for a session bound by `identity/binding`, put the values of ``{{secret:…}}``
handles into a call's input where policy lets them go (`identity/broker` does the
substitution), log what was substituted or refused (names and hosts, never values), and put
the handles back into anything recorded.
"""

from __future__ import annotations

from typing import Any

from bastion.events import Event
from bastion.identity import broker as brokermod
from bastion.identity.binding import SessionBinding
from bastion.identity.registry import Registry

__all__ = ["SecretBroking"]


class SecretBroking:
    """The broker as the engine uses it, for the sessions of one `SessionBinding`."""

    def __init__(
        self, secrets: brokermod.SecretSource, registry: Registry, binding: SessionBinding
    ) -> None:
        self.secrets = secrets
        self.registry = registry
        self.binding = binding

    def broker(
        self,
        session_id: str,
        tool_input: dict[str, Any],
        *,
        tool: str | None = None,
        cwd: str = "",
        log: bool = True,
    ) -> brokermod.BrokeredInput | None:
        """Substituted input for ``updatedInput``, a refusal, or None (no handles at all).

        ``tool`` None: a shell command (the agent's shell tool). ``log=False``: only try;
        the decide stage tries before Cedar decides and logs (``record``) after."""
        if not brokermod.handles_in(tool_input):
            return None
        live = self.binding.resume(session_id)
        if live is None:
            return brokermod.BrokeredInput(
                secrets=brokermod.handles_in(tool_input),
                hosts=[],
                recorded_input=dict(tool_input),
                refusal="no live session credential, so no secret is brokered",
            )
        result = brokermod.broker(
            self.secrets,
            session_id,
            tool,
            tool_input,
            cwd=cwd or live.cwd,
            workspace=live.workspace,
            home=live.user_home,
        )
        assert result is not None
        if log:
            self.record(session_id, result)
        return result

    def record(self, session_id: str, result: brokermod.BrokeredInput) -> None:
        """Log what the broker substituted (names and hosts, never values) or refused."""
        self.registry.log(
            "secret-brokered" if result.ok else "secret-refused",
            session_id,
            "bastion",
            secrets=result.secrets,
            hosts=result.hosts,
            refusal=result.refusal,
        )

    def scrub(self, session_id: str, value: Any) -> Any:
        """``value`` with brokered secret values of this session put back as handles."""
        return self.secrets.scrub(session_id, value)

    def scrub_event(self, event: Event) -> Event:
        """Put handles back into an event (in place) before anything records it."""
        sid = event.session_id
        event.tool_input = self.scrub(sid, event.tool_input)
        event.tool_output = self.scrub(sid, event.tool_output)
        event.raw = self.scrub(sid, event.raw)
        event.error = self.scrub(sid, event.error)
        event.prompt = self.scrub(sid, event.prompt)
        return event

    def forget(self, session_id: str) -> None:
        """A session's brokered values leave memory (it ended)."""
        self.secrets.forget(session_id)
