"""The pipeline every event runs through: identify, understand, detect, decide, respond, record.

Each stage is a small method with explicit inputs and outputs; the engine owns the one
session-state object per session and nothing else keeps state. The engine knows no
agent's native format: sensors hand it core ``Event`` objects and get ``Verdict`` back.
The record is written before the verdict is returned, so nothing the agent was told
is missing from the trail.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import socket
from typing import TYPE_CHECKING, Any

from bastion.config import PROFILES, default_home
from bastion.decide import approval, decide
from bastion.detect import baseline as baselinemod
from bastion.detect.result import Detection
from bastion.detect.stage import detect_event
from bastion.engine_session import (
    Caller,
    Change,
    Live,
    contain_session,
    mode_change,
    open_session,
    os_human,
    write_opening,
)
from bastion.engine_understand import remember_allowed, understand_call
from bastion.errors import ConfigError
from bastion.events import Decision, Event, EventKind, Finding, Principal, Verdict
from bastion.guard_paths import GuardPaths
from bastion.policy.engine import PolicyEngine
from bastion.record.redact import Redactor
from bastion.record.stage import record_event
from bastion.record.writer import Recorder
from bastion.respond.modes import contain
from bastion.respond.stage import respond
from bastion.sensors import NativeReply, get_sensor
from bastion.sensors.wire import UnreadablePayload, read_payload
from bastion.understand.actions import ActionFacts

if TYPE_CHECKING:  # the hook's fallback builds an engine without the store's SQLAlchemy
    from collections.abc import Callable, Container

    from bastion.contain.rewrite import Refusal, Sandbox
    from bastion.detect.secrets.fleetprint import FleetPrintKey, FleetPrintRing
    from bastion.identity import IdentityService
    from bastion.store import Store

__all__ = ["Engine", "Live", "Recorder", "Redactor", "contain"]


class Engine:
    def __init__(
        self,
        store: Store,
        policy: PolicyEngine,
        *,
        profile: str = "balanced",
        human: Principal | None = None,
        host: str | None = None,
        home_dir: str | None = None,
        secret_key: bytes | None = None,
        baseline: baselinemod.Baseline | None = None,
        identity: IdentityService | None = None,
        guard: GuardPaths | None = None,
        credential_files: str = "allow",
    ) -> None:
        if profile not in PROFILES:
            raise ConfigError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
        self.store = store
        self.policy = policy
        self.profile = profile
        # [secrets] credential_files: may credential files enter the model's context?
        self.credential_files = credential_files
        self.host = host or socket.gethostname()
        self.human = human or os_human(self.host)
        self.user_home = home_dir or os.path.expanduser("~")
        self.live: dict[str, Live] = {}
        # Keys the per-session secret fingerprints; only its holder can test a guess.
        self.secret_key = secret_key or os.urandom(32)
        # The fleet's fingerprint key of an enrolled device (`detect/secrets/fleetprint`),
        # asked for at each session's opening: a session keeps the epoch it started with
        # (saved with its state) and also fingerprints under the other keys the device
        # holds within the rotation overlap (`FleetPrintRing`). None (the default): no
        # fleet, no second fingerprint.
        self.fleet_print: Callable[[], FleetPrintKey | FleetPrintRing | None] | None = None
        # Every row goes through the recorder: a replay's batch, the refusal journal.
        self.recorder = Recorder(store)
        # Learnt behaviour of ordinary sessions (`bastion baseline learn`); None: not learnt.
        self.baseline = baseline
        # Session credentials, scope, grants, brokered secrets, guard integrity (identity/).
        # None in replay and shadow tests: decisions there carry no credential.
        self.identity = identity
        # The guard's own ground (home, install, hook wiring), judged by resolved path.
        self.guard = guard or GuardPaths.for_home(default_home(), user_home=self.user_home)
        # What was wrong with the configuration it was built from (shown by `bastion status`).
        self.warnings: list[str] = []
        # Kernel sandbox for shell commands ([sandbox] in config.toml); None: off.
        self.sandbox: Sandbox | None = None
        # Sessions whose events write no rows: a decisions-only replay sets it to the
        # sessions that never come back after their end (`replay.replay_lines`).
        self.rowless: Container[str] = ()
        # True when the store held no session and no event as that replay began (a fresh
        # throw-away home): a rowless session then has no row to read at its opening and
        # no recorded call at its end, and nothing reads what its opening would write, so
        # it does not touch the store at all (about 1 ms a session of SQLAlchemy reads and
        # writes; `open_session(stored=False)`).
        self.rowless_unstored = False

    def unstored(self, session_id: str) -> bool:
        """Whether the session neither reads nor writes the store (``rowless_unstored``)."""
        return self.rowless_unstored and session_id in self.rowless

    def fingerprint_key(self, session_id: str) -> bytes:
        return hmac.new(self.secret_key, session_id.encode(), hashlib.sha256).digest()

    # -- entry points -------------------------------------------------------------------

    def handle_payload(self, agent: str, payload: bytes) -> NativeReply:
        """Native bytes in, native reply out; every failure has a defined, closed answer."""
        return self.handle(agent, payload)[2]

    def handle(
        self, agent: str, payload: bytes
    ) -> tuple[Event | None, Verdict | None, NativeReply]:
        """Like ``handle_payload``, also returning the event and verdict (None when refused)."""
        sensor = get_sensor(agent)
        try:
            event = read_payload(sensor, payload)
        except UnreadablePayload as exc:
            self.recorder.refusal(agent, payload, exc.recorded)
            return None, None, sensor.refuse(exc.told)
        verdict = self.process(event)
        return event, verdict, sensor.reply(event, verdict)

    def resolve_approval(
        self, event: Event, verdict: Verdict, outcome: str, detail: str
    ) -> NativeReply:
        """Turn an ask into the answer a person gave in the console (or the timeout's deny),
        record that answer as its own event, and give the agent the native reply."""
        answer, final_for = approval(event, verdict, outcome, detail)
        live = self.live.get(event.session_id) or self.identify(answer)
        final = final_for(live.state)  # a session killed meanwhile is not run by an approval
        self.record(answer, None, final, [], live)
        return get_sensor(event.agent).reply(event, final)

    def process(self, event: Event) -> Verdict:
        if self.identity is not None:
            # A brokered secret's value may come back in outputs: out before anything sees it.
            self.identity.scrub_event(event)
        live = self.identify(event)
        try:
            return self._decide_and_record(event, live)
        except BaseException:
            # The session's row and credential, as when they were written at its opening;
            # the stage's failure is what the caller must hear, not the store's.
            with contextlib.suppress(Exception):
                write_opening(self.store, live)
            raise

    def _decide_and_record(self, event: Event, live: Live) -> Verdict:
        facts = self.understand(event, live)
        detection = self.detect(event, facts, live)
        # Why the call cannot run in the session's sandbox is a fact Cedar decides on.
        prepared = (
            self.sandbox.prepare(event, live.state.workspace) if self.sandbox is not None else None
        )
        refusal = prepared.refusal if prepared is not None else None
        verdict = self.decide(event, facts, detection.findings, live, refusal)
        if verdict.decision is not Decision.DENY:
            for update in detection.updates:
                live.dirty |= live.state.apply(update)
            live.dirty |= remember_allowed(event, facts, live, self.user_home)
        if self.sandbox is not None and prepared is not None:  # wrap shell commands (contain/)
            verdict = self.sandbox.apply(event, live.state, verdict, prepared)
        alerts = self.respond(event, verdict, live)
        self.record(event, facts, verdict, alerts, live)
        return verdict

    # -- 1. identify --------------------------------------------------------------------

    def identify(self, event: Event) -> Live:
        live = self.live.get(event.session_id)
        if live is None:
            live = open_session(
                event,
                self.store,
                human=self.human,
                host=self.host,
                user_home=self.user_home,
                key=self.fingerprint_key(event.session_id),
                identity=self.identity,
                fleet_print=self.fleet_print,
                stored=not self.unstored(event.session_id),
            )
            self.live[event.session_id] = live
        elif event.kind is EventKind.SESSION_START and self.identity is not None:
            self.identity.on_session_start(live.session, event)  # resume or compaction
        if event.permission_mode:
            live.session.permission_mode = event.permission_mode
        live.state.events += 1
        return live

    # -- 2. understand (engine_understand.py) --------------------------------------

    def understand(self, event: Event, live: Live) -> ActionFacts | None:
        return understand_call(event, live, self.guard, self.user_home)

    # -- 3. detect (detect/stage.py) ---------------------------------------------------

    def detect(self, event: Event, facts: ActionFacts | None, live: Live) -> Detection:
        def decided() -> set[str]:
            if self.unstored(event.session_id):  # no row of it was ever written
                return set(live.decided)
            return live.decided | self.store.decided_calls(event.session_id)

        result = detect_event(event, facts, live.state, baseline=self.baseline, decided=decided)
        live.dirty |= result.touched
        return result

    # -- 4. decide (decide.py) ------------------------------------------------------

    def decide(
        self,
        event: Event,
        facts: ActionFacts | None,
        findings: list[Finding],
        live: Live,
        sandbox: Refusal | None = None,
    ) -> Verdict:
        return decide(
            event,
            facts,
            findings,
            live.session,
            live.state,
            policy=self.policy,
            profile=self.profile,
            identity=self.identity,
            credential_files=self.credential_files,
            user_home=self.user_home,
            sandbox=sandbox,
        )

    # -- 5. respond (respond/stage.py) ----------------------------------------------

    def respond(self, event: Event, verdict: Verdict, live: Live) -> list[dict[str, Any]]:
        alerts, moved = respond(event, verdict, live.state)
        live.dirty |= moved
        return alerts

    # -- 6. record (record/stage.py) ---------------------------------------------------

    def record(
        self,
        event: Event,
        facts: ActionFacts | None,
        verdict: Verdict,
        alerts: list[dict[str, Any]],
        live: Live,
    ) -> None:
        # The session's opening first (its row, credential, attribution entry; deferred by
        # `open_session` so that the decision does not wait for them), then the event.
        write_opening(self.store, live)
        if event.session_id not in self.rowless:
            record_event(
                self.recorder,
                event,
                facts,
                verdict,
                alerts,
                live,
                identity=self.identity,
                host=self.host,
            )
        if event.kind is EventKind.SESSION_END:
            self.live.pop(event.session_id, None)
            if self.identity is not None:
                self.identity.on_session_end(event.session_id)

    # -- containment by a person (CLI, console: daemon/containment -> daemon/control) ---

    def set_mode(
        self, session_id: str, mode: str, reason: str, by: str, caller: Caller = None
    ) -> None:
        """Kill, ask-everything or release a session, recorded with who did it."""
        self.contain(session_id, mode_change(mode, reason, by), reason, by, caller)

    def contain(
        self, session_id: str, change: tuple[Change, str], reason: str, by: str, caller: Caller
    ) -> None:
        """A person's change to a session (``engine_session.mode_change``, ``tool_change``),
        applied to its live or saved state and recorded with what it was and who asked."""
        live, key = self.live.get(session_id), self.fingerprint_key(session_id)
        contain_session(
            self.store, self.recorder, session_id, key, live, *change, reason, by, caller
        )

    def flush(self) -> None:
        """Write buffered records (replay); a no-op for a live engine."""
        self.recorder.flush()

    def record_configuration(self, config_hash: str, by: str = "bastion") -> bool:
        """Log the profile and policy in force if they changed (daemon start, reload)."""
        return self.recorder.configuration(self.profile, self.policy.hash, config_hash, by)

    def forget(self, session_id: str) -> None:
        """Drop the in-memory copy so the next event reloads state from the store."""
        self.live.pop(session_id, None)
