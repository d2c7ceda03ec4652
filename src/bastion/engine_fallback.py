"""The hook's fast in-process answer while the daemon starts: the same pipeline, no store.

When no daemon answers, the hook that starts one (`hook/recover`) runs this beside the
starting daemon. It builds the daemon's engine from the same configuration and policy set
(`daemon/lastgood`, so the same policy hash) with a store stand-in (`record/wal_store`)
instead of the store, so neither SQLAlchemy nor the log's signing is loaded, and judges
the call with an empty session memory and no identity service.

What an empty memory can decide alone is what memory could only make stricter or leave
alone, so the fallback answers only:

- a **deny** of a call that is decided (``EventKind.decides``): a saved memory (taint,
  a containment, earlier denials) never turns the daemon's verdict looser than what the
  call's own content already warrants, except where the user's own words recorded in the
  session lift a deny to an ask (`understand/provenance`): there the fallback is
  stricter than the daemon, never looser;
- a payload that cannot be read: refused with any memory.

Every other call (an allow or ask that memory, a containment or a credential check could
have turned into a deny; a session start, which issues the session's credential; a
result, whose detections update the memory) returns ``None``: the hook waits for the
daemon's exact answer. What the fallback answered is journaled (`record/wal`, fsynced
before the answer leaves) and folded into the store by the daemon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from bastion.config import Home, credential_files
from bastion.daemon import lastgood
from bastion.daemon.startkey import secret_key
from bastion.detect import baseline as baselinemod
from bastion.engine import Engine
from bastion.errors import ConfigError
from bastion.events import Decision, Event, Verdict
from bastion.guard_paths import GuardPaths
from bastion.record.wal import EventJournal
from bastion.record.wal_store import JournalStore
from bastion.sensors.registry import hook_refusal

if TYPE_CHECKING:
    from bastion.store import Store

__all__ = ["answers_alone", "decide_fast", "fallback_engine"]


def fallback_engine(home: Home) -> tuple[Engine, JournalStore]:
    """The daemon's engine for ``home`` over a journal instead of the store."""
    loaded = lastgood.load(home, None, keep=False)  # the starting daemon keeps the copies
    try:
        files = credential_files(loaded.settings)
    except ConfigError:
        files = "allow"  # the daemon's default when the setting is malformed
    store = JournalStore(EventJournal.for_home(home.root))
    engine = Engine(
        cast("Store", store),  # the subset of the store the live pipeline calls
        loaded.policy,
        profile=loaded.settings.profile,
        secret_key=secret_key(home),
        baseline=baselinemod.load(baselinemod.model_path(home.root)),
        identity=None,
        guard=GuardPaths.for_home(home.root),
        credential_files=files,
    )
    return engine, store


def answers_alone(event: Event | None, verdict: Verdict | None) -> bool:
    """Whether an empty-memory verdict is one the daemon could not make looser."""
    if event is None or verdict is None:
        return True  # the payload could not be read: refused whatever the memory
    return event.kind.decides and verdict.decision is Decision.DENY


def decide_fast(home_dir: str, agent: str, payload: bytes) -> tuple[int, bytes, bytes] | None:
    """The hook's answer when this process can give it alone (journaled), else ``None``.

    Raises whatever building the engine raises; the caller then waits for the daemon.
    """
    unknown = hook_refusal(agent)
    if unknown is not None:
        return 2, b"", unknown.encode()
    engine, store = fallback_engine(Home.resolve(home_dir).ensure())
    event, verdict, reply = engine.handle(agent, payload)
    if not answers_alone(event, verdict):
        return None
    store.commit()  # durable before the answer leaves
    return reply.exit_code, reply.stdout.encode(), reply.stderr.encode()
