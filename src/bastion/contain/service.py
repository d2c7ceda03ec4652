"""The egress proxy inside the daemon: its own thread and event loop, the sessions' views,
and every proxy decision written to the session's signed record.

The proxy never takes the engine's lock to decide: the engine publishes each session's view
(allowed hosts, taint, fingerprints) after every event it decides, and the proxy reads the
latest one. A session the proxy has no view of is treated as tainted (only configured hosts).
Decisions are recorded by a writer thread that takes the engine's lock like any hook, so a
request is not slowed by a database write; refusals are written before allowed ones.
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from bastion.contain import holders, hosts, launch, netns
from bastion.contain.proxy import Decision, EgressProxy
from bastion.events import Decision as Verdict_Decision
from bastion.events import Event, EventKind, Severity, Verdict

log = logging.getLogger("bastion.contain")
NATIVE_NAME = "EgressDecision"


class ProxyService:
    """Runs ``EgressProxy`` on a private loop; thread-safe entry points for the engine."""

    def __init__(
        self,
        engine: Any,
        engine_lock: threading.Lock,
        *,
        upstream_override: str = "",
        use_netns: bool = True,
    ) -> None:
        self.engine = engine
        self.engine_lock = engine_lock
        self.views: dict[str, hosts.SessionView] = {}
        self.nets: dict[str, netns.SessionNet] = {}
        # System mode: a door per session for its developer's holder, and the proxy's
        # servers on a registered holder's sockets (contain/holders).
        self.doors: dict[str, holders.HolderDoor] = {}
        self._held: dict[str, list[asyncio.Server]] = {}
        self._nets_lock = threading.Lock()
        # As root the daemon makes each session's namespace itself; as another user a
        # holder does (netns.make_user); either way no socat starts per command.
        self.use_netns = use_netns and (netns.supported() or netns.user_supported())
        self.pending: queue.Queue[Decision | None] = queue.Queue()
        self.loop = asyncio.new_event_loop()
        self.proxy = EgressProxy(self, upstream_override=upstream_override)
        self._thread = threading.Thread(target=self._run, name="bastion-egress", daemon=True)
        self._writer = threading.Thread(target=self._write, name="bastion-egress-log", daemon=True)

    def start(self) -> ProxyService:
        self._thread.start()
        self._writer.start()
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def stop(self) -> None:
        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(self.proxy.close(), self.loop).result(5)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)
        self.pending.put(None)
        self._writer.join(10)
        for net in self.nets.values():
            net.close()
        self.nets.clear()
        for door in self.doors.values():
            door.close()
        self.doors.clear()

    # -- called by the engine (under its lock) ----------------------------------------

    def ensure_session(
        self, session_id: str, egress_dir: str, share_uid: int = -1
    ) -> launch.Join | None:
        """Listen for the session; how a command joins its namespaces when the daemon made
        them, else None (the sandbox makes its own and forwards with socat).

        ``share_uid`` (system mode) is the developer who runs the commands: it cannot enter
        namespaces the service user made, so its commands join those of its own holder once
        one registered (``contain/holders``), and until then make their own and reach the
        proxy's sockets, which it alone besides the daemon may open (``contain/share``)."""
        with self._nets_lock:  # the hook and a background profile build may both ask
            return self._ensure(session_id, egress_dir, share_uid)

    def _ensure(self, session_id: str, egress_dir: str, share_uid: int) -> launch.Join | None:
        net = self.nets.get(session_id)
        if net is None and self.use_netns and share_uid < 0:
            try:
                made = netns.make() if netns.supported() else netns.make_user()
                net = self.nets[session_id] = made
            except OSError as exc:
                log.warning("per-session network namespace unavailable, using socat: %s", exc)
                self.use_netns = False
            else:
                asyncio.run_coroutine_threadsafe(
                    self.proxy.add_listeners(session_id, net.http, net.dns), self.loop
                ).result(5)
        if net is not None:
            return net.join
        launch.ensure_private_dir(egress_dir)
        door = None
        if share_uid >= 0:
            from bastion.contain import share

            tmp = os.path.dirname(egress_dir)  # the session's temp dir: the sandbox's /tmp
            os.chmod(os.path.dirname(tmp), 0o711)
            os.chmod(tmp, 0o1700)  # sticky: the developer cannot remove the egress dir
            share.grant(tmp, share_uid, "rwx")
            share.grant(egress_dir, share_uid, "x")
            door = self._door(session_id, tmp + ".h", share_uid)
        future = asyncio.run_coroutine_threadsafe(
            self.proxy.add_session(session_id, egress_dir, share_uid), self.loop
        )
        future.result(5)
        if door is not None and door.holder is not None:
            return door.holder.join  # the developer's own namespaces, made once
        return None

    def _door(self, session_id: str, handles: str, uid: int) -> holders.HolderDoor:
        door = self.doors.get(session_id)
        if door is None or door.uid != uid:
            from bastion.contain import share

            launch.ensure_private_dir(handles)
            share.grant(handles, uid, "rx")
            if door is not None:
                door.close()
            door = self.doors[session_id] = holders.HolderDoor(
                session_id, handles, uid, self._holder_came, self._holder_went
            )
        return door

    def holder_prefix(self, session_id: str) -> str:
        """System mode: shell that starts the developer's holder before this command ("")."""
        with self._nets_lock:
            door = self.doors.get(session_id)
            return door.start_prefix() if door is not None else ""

    def _holder_came(self, session_id: str, holder: holders.Holder) -> None:
        made = asyncio.run_coroutine_threadsafe(
            self.proxy.add_listeners(session_id, holder.http, holder.dns), self.loop
        ).result(5)
        self._held[session_id] = made
        log.info("session %s: the developer's holder (pid %d) registered", session_id[:8],
                 holder.pid)  # fmt: skip

    def _holder_went(self, session_id: str, holder: holders.Holder) -> None:
        servers = self._held.pop(session_id, [])
        for server in servers:
            self.loop.call_soon_threadsafe(server.close)  # closes the holder's sockets
        if not servers:
            holder.http.close()
            holder.dns.close()

    def publish(self, view: hosts.SessionView) -> None:
        self.views[view.session_id] = view

    def end_session(self, session_id: str) -> None:
        """The session ended: stop listening for it and let its namespace go."""
        self.views.pop(session_id, None)
        asyncio.run_coroutine_threadsafe(self.proxy.remove_session(session_id), self.loop).result(5)
        with self._nets_lock:
            net = self.nets.pop(session_id, None)
            door = self.doors.pop(session_id, None)
        if net is not None:
            net.close()
        if door is not None:
            door.close()  # hangs up on the holder, which exits

    # -- the proxy's Judge ------------------------------------------------------------

    def view(self, session_id: str) -> hosts.SessionView:
        found = self.views.get(session_id)
        if found is not None:
            return found
        return hosts.SessionView(session_id, tainted="is unknown to this daemon (restarted?)")

    def record(self, decision: Decision) -> None:
        self.pending.put(decision)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every decision so far is in the store (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while self.pending.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def _write(self) -> None:
        while True:
            item = self.pending.get()
            try:
                if item is None:
                    return
                with self.engine_lock:
                    record_decision(self.engine, item)
            except Exception:
                log.exception("an egress decision could not be recorded")
            finally:
                self.pending.task_done()


def record_decision(engine: Any, decision: Decision) -> None:
    """One proxy decision as an event of its session (kind ``other``, ``EgressDecision``),
    redacted like every row, with a high alert when it was a refusal."""
    from bastion.detect.secrets import redact_value

    event = Event(
        session_id=decision.session_id,
        kind=EventKind.OTHER,
        agent="bastion",
        native_name=NATIVE_NAME,
        time=decision.time,
        raw=decision.to_dict(),
    )
    outcome = Verdict_Decision.ALLOW if decision.allowed else Verdict_Decision.DENY
    verdict = Verdict(outcome, reasons=[decision.reason], policies=[f"egress.{decision.rule}"])
    row = {
        "id": event.id,
        "session_id": decision.session_id,
        "time": decision.time,
        "kind": event.kind.value,
        "native_name": NATIVE_NAME,
        "tool": None,
        "tool_use_id": None,
        "decision": outcome.value,
        "data": redact_value(event.to_record()),
        "facts": None,
        "verdict": redact_value(verdict.to_dict()),
    }
    alerts = []
    if not decision.allowed:
        alerts.append(
            redact_value(
                {
                    "session_id": decision.session_id,
                    "event_id": event.id,
                    "time": decision.time,
                    "severity": Severity.HIGH.value,
                    "title": f"egress refused: {decision.kind} {decision.host[:80]}",
                    "detail": decision.reason[:500],
                    "status": "open",
                }
            )
        )
    engine.store.append_event(row, [], alerts, {})


def attach(
    engine: Any,
    engine_lock: threading.Lock,
    *,
    owner_of: Callable[[str], int | None] | None = None,
    system_paths: tuple[str, ...] = (),
) -> ProxyService | None:
    """Start the proxy for a daemon whose engine has a sandbox (None when it has none).

    System mode passes ``owner_of`` (the uid whose hooks a session's events came from) and
    Bastion's system paths to hide (socket directory, system config)."""
    sandbox = getattr(engine, "sandbox", None)
    if sandbox is None:
        return None
    service = ProxyService(
        engine, engine_lock, upstream_override=sandbox.settings.upstream_override
    ).start()
    sandbox.proxy = service
    if owner_of is not None:
        sandbox.owner_of = owner_of
        sandbox.system_paths = system_paths
    log.info("egress proxy running (pid %d)", os.getpid())
    return service
