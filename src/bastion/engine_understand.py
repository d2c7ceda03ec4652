"""The understand stage as the engine runs it: a call's facts, read once per call.

``understand/`` knows what a call does and keeps no state; this module gives it the
session's side: where the session works, the ``Memory`` of earlier calls (variables, ``cd``,
files that run later), the guard's own ground (``guard_paths``), and the facts of actions
still waiting for their result, so a call's observation reuses its action's facts instead of
analysing the command again. ``remember_call`` keeps what an allowed call changes about
later ones.
"""

from __future__ import annotations

import posixpath

from bastion.core.events import Event, EventKind
from bastion.core.parts import EffectsMemory
from bastion.core.tools import ToolKind
from bastion.detect.text import output_text
from bastion.engine_session import MAX_PENDING_CALLS, Live
from bastion.guard_paths import GuardPaths
from bastion.sensors import tool_spec
from bastion.understand.actions import ActionFacts, remember, remember_read, understand

__all__ = ["remember_allowed", "remember_call", "remember_observation", "understand_call"]

_UNDERSTOOD = (EventKind.ACTION, EventKind.PERMISSION_REQUEST, EventKind.OBSERVATION)


def understand_call(
    event: Event, live: Live, guard: GuardPaths, user_home: str
) -> ActionFacts | None:
    """The facts of a tool call (None for events that are no call)."""
    if event.kind not in _UNDERSTOOD or not event.tool:
        return None
    call = event.tool_use_id
    if event.kind is EventKind.OBSERVATION and call and call in live.pending:
        return live.pending.pop(call)
    spec = tool_spec(event.tool, event.agent)
    facts = understand(
        event.tool,
        event.tool_input,
        cwd=event.cwd or live.session.cwd,
        workspace=live.state.workspace or live.session.workspace,
        home=live.state.home or user_home,
        memory=live.state.effects_memory or _NO_MEMORY,
        spec=spec,
    )
    if event.kind is not EventKind.OBSERVATION:
        hits = guard.inspect(
            event.tool,
            event.tool_input,
            facts,
            cwd=event.cwd or live.session.cwd,
            user_home=live.state.home or user_home,
            spec=spec,
        )
        facts.self_tamper.extend(hit.change() for hit in hits)
    if event.kind is EventKind.ACTION and call:
        live.decided.add(call)
        if len(live.pending) >= MAX_PENDING_CALLS:  # results that never came back
            live.pending.pop(next(iter(live.pending)))
        live.pending[call] = facts
    return facts


def remember_allowed(event: Event, facts: ActionFacts | None, live: Live, user_home: str) -> bool:
    """What an event that may run leaves for later calls: an action's effects, or what an
    observation showed of a file that runs later; returns whether the memory moved."""
    if facts is not None and event.kind is EventKind.ACTION and event.tool:
        return remember_call(event, facts, live, user_home)
    if event.kind is EventKind.OBSERVATION:
        return remember_observation(event, live, user_home)
    return False


def remember_call(event: Event, facts: ActionFacts, live: Live, user_home: str) -> bool:
    """Keep what an allowed call changes about later ones (understand/session.py); returns
    whether the session's memory moved (the state must be saved)."""
    if not event.tool:
        return False
    old = live.state.effects_memory or _NO_MEMORY
    memory = old.evolve()  # copy on write: the state's memory is never changed in place
    remember(
        memory,
        event.tool,
        event.tool_input,
        facts,
        cwd=event.cwd or live.session.cwd,
        workspace=live.state.workspace or live.session.workspace,
        home=live.state.home or user_home,
        spec=tool_spec(event.tool, event.agent),
    )
    return _keep(live, memory, old)


def remember_observation(event: Event, live: Live, user_home: str) -> bool:
    """A file read's content, when that file runs later (understand/actions.remember_read);
    returns whether the session's memory moved."""
    if not event.tool or event.kind is not EventKind.OBSERVATION:
        return False
    spec = tool_spec(event.tool, event.agent)
    if spec.kind is not ToolKind.READ or not isinstance(event.tool_input, dict):
        return False
    raw = event.tool_input.get(spec.path_key)
    if not isinstance(raw, str) or not raw:
        return False
    if not raw.startswith("/"):
        # A relative read names the same file as its absolute form: resolved against the
        # call's working directory, so running it later matches what was read.
        base = event.cwd or live.session.cwd
        if not base or raw.startswith("~"):
            return False
        raw = posixpath.normpath(posixpath.join(base, raw))
    old = live.state.effects_memory or _NO_MEMORY
    memory = old.evolve()
    remember_read(
        memory,
        raw,
        output_text(event.tool_output),
        workspace=live.state.workspace or live.session.workspace,
        home=live.state.home or user_home,
    )
    return _keep(live, memory, old)


def _keep(live: Live, memory: EffectsMemory, old: EffectsMemory) -> bool:
    """Set the session's new memory when it says more than the old one; whether it did."""
    if not memory.moved_from(old):
        return False
    live.state.effects_memory = memory
    return True


# What a session remembers before its first allowed call: never changed (copy on write),
# never set in a state (a moved copy is).
_NO_MEMORY = EffectsMemory()
