"""The resident daemon's server: holds the engine, answers hooks and control on a socket.

One daemon per home directory, guarded by an exclusive lock on ``daemon.lock`` so two
hooks that both find no daemon cannot start two. Connections are served by one asyncio
loop; requests are decided one at a time on it (events of a session must be decided in
order, and a decision is in memory), and their records are committed in groups, each
reply leaving once its own record is committed (`DaemonServer`, ``store/group``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import fcntl
import json
import logging
import os
import signal
import socket as socketmod
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bastion.audit.signer import LogSigner
from bastion.config import Home, Settings, credential_files, tune_gc
from bastion.daemon import control, faults, gateway_pins, lastgood
from bastion.daemon.control_auth import Authority, SessionOwners
from bastion.daemon.peer import Caller, peer_of
from bastion.daemon.session_join import GATEWAY_AGENT, AgentSessions
from bastion.daemon.startkey import FleetPrintFile, secret_key
from bastion.detect import baseline as baselinemod
from bastion.detect.state import Mode
from bastion.engine import Engine
from bastion.errors import BastionError, ConfigError, StoreError
from bastion.events import Decision, Event, EventKind, Verdict
from bastion.guard_paths import GuardPaths
from bastion.identity import IdentityService
from bastion.sensors import NativeReply, get_sensor
from bastion.sensors.registry import hook_refusal
from bastion.store import Store
from bastion.store.connstrings import install_log_filter
from bastion.wire import protocol

__all__ = [
    "APPROVAL_HINT",
    "MAX_LIVE_SESSIONS",
    "READ_TIMEOUT_S",
    "ConsoleApprovals",
    "DaemonServer",
    "EngineUnavailable",
    "build_engine",
    "decide_once",
    "main",
    "secret_key",
    "serve",
]

log = logging.getLogger("bastion.daemon")


def build_engine(
    home: Home, *, profile: str | None = None, policy_dir: Path | None = None
) -> Engine:
    # A malformed config.toml or policy keeps the last good one running (and alerts).
    loaded = lastgood.load(home, policy_dir)
    settings = loaded.settings
    store = Store(
        loaded.database_url,
        signer=LogSigner.for_keys_dir(home.keys_dir),
        background_wal=True,  # the WAL's copy off the deciding thread (store.Store)
    )
    from bastion.audit.publish import attach

    attach(home, store)  # every checkpoint also goes to the witnesses (audit/publish.py)
    folded = _fold_event_journal(home, store)
    engine = Engine(
        store,
        loaded.policy,
        profile=profile or loaded.settings.profile,
        secret_key=secret_key(home),
        baseline=baselinemod.load(baselinemod.model_path(home.root)),
        identity=IdentityService(home, store=store),
        guard=GuardPaths.for_home(home.root),
        credential_files=_credential_files(settings, loaded.problems),
    )
    engine.fleet_print = FleetPrintFile(home)  # an enrolled device's fleet key (#19)
    lastgood.record_problems(store, home, loaded.problems)
    # A profile or policy change (config.toml, policies/) becomes a log entry with its hash.
    engine.record_configuration(_config_hash(home))
    # Refusals journaled while the store was down go into the log now (audit/journal.py).
    from bastion.audit.journal import RefusalJournal

    engine.recorder.journal = RefusalJournal.for_home(home.root)
    from bastion.record.wal import EventJournal

    engine.recorder.event_journal = EventJournal.for_home(home.root)
    engine.recorder.flush_journal()
    engine.warnings.extend(loaded.problems)
    if folded:
        engine.warnings.append(folded)
    _attach_sandbox(engine, home)
    return engine


def _fold_event_journal(home: Home, store: Store) -> str:
    """Fold what the hook's fallback journaled (`record/wal`) into the store before this
    engine decides anything; a failure keeps the file whole and is returned as a warning."""
    from bastion.record.wal import EventJournal

    journal = EventJournal.for_home(home.root)
    try:
        journal.fold(store)
    except Exception as exc:
        return (
            f"event journal {journal.path} not folded into the log yet "
            f"({faults.describe(exc)}); it is kept and tried again at the next start"
        )
    return ""


def _attach_sandbox(engine: Engine, home: Home) -> None:
    """``[sandbox]``: wrap shell commands (contain/); a bad table is a loud problem."""
    from bastion.contain import rewrite

    try:
        engine.sandbox = rewrite.from_home(home, identity=engine.identity)
    except ConfigError as exc:
        engine.warnings.append(str(exc))
        return
    if engine.sandbox is not None and not engine.sandbox.availability.ok:
        engine.warnings.append(
            f"sandbox unavailable: {engine.sandbox.availability.reason}; shell commands are "
            + ("denied" if engine.sandbox.settings.unavailable == "deny" else "analysis only")
        )


def _credential_files(settings: Settings, problems: list[str]) -> str:
    """``[secrets] credential_files``; a bad value is a configuration problem (alerted,
    shown by `bastion status`) and the shipped default holds meanwhile."""
    try:
        return credential_files(settings)
    except ConfigError as exc:
        problems.append(str(exc))
        return "allow"


def _config_hash(home: Home) -> str:
    import hashlib

    try:
        return hashlib.sha256(home.config_path.read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return "none"


def decide_once(home_dir: str, agent: str, payload: bytes) -> tuple[int, bytes, bytes]:
    """Decide one hook call in this process (the hook's fallback while a daemon starts)."""
    unknown = hook_refusal(agent)
    if unknown is not None:
        return 2, b"", unknown.encode()
    home = Home.resolve(home_dir).ensure()
    try:
        engine = build_engine(home)
    except Exception as exc:
        from bastion.audit.journal import journal_unavailable

        # Refused with no engine (the store is down): the journal keeps it for the log.
        journal_unavailable(home.root, agent, payload, exc)
        # The hook shows this text to the agent: never a connection string's password.
        raise EngineUnavailable(faults.describe(exc)) from None
    try:
        reply = _safe_handle(engine, agent, payload)
    finally:
        engine.store.close()
    return reply.exit_code, reply.stdout.encode(), reply.stderr.encode()


class EngineUnavailable(BastionError, RuntimeError):
    """No engine could be built (store, keys, policies); the message is redacted."""


def _safe_handle(engine: Engine, agent: str, payload: bytes) -> NativeReply:
    return _safe_handle_full(engine, agent, payload)[2]


def _safe_handle_full(
    engine: Engine, agent: str, payload: bytes
) -> tuple[Event | None, Verdict | None, NativeReply]:
    """The engine's answer, or, when it raises, the closed refusal and a record of the
    failure. The pipeline is never run a second time for the same event: its state
    updates (counts, risk, taint) would be applied twice."""
    try:
        return engine.handle(agent, payload)
    except Exception as exc:
        # When the store is what failed, the refusal waits in the journal (audit/journal.py).
        error = type(exc).__name__
        return (
            None,
            None,
            faults.engine_failed(
                engine.store,
                agent,
                payload,
                exc,
                on_unrecorded=lambda: engine.recorder.refusal(
                    agent, payload, "internal error while deciding", error
                ),
            ),
        )


@dataclass(frozen=True, slots=True)
class ConsoleApprovals:
    """Whether an ask waits for a person in the console (``[console] approvals``).

    ``true``: always; ``false``: never (the agent's own prompt decides); unset: whenever a
    console is running for this home (``console.url`` beside a live ``console.pid``,
    written by ``bastion serve``), so starting the console is all it takes.
    """

    timeout_s: float
    home: Path | None = None  # set when approvals follow the console (config unset)

    @classmethod
    def from_settings(
        cls, extra: dict[str, Any], home: Path | None = None
    ) -> ConsoleApprovals | None:
        console = extra.get("console") or {}
        setting = console.get("approvals")
        if setting is not None and not setting:
            return None
        # Below the hook's socket timeout (30 s), so the answer arrives before it gives up.
        timeout = float(console.get("approval_timeout_s", 25))
        return cls(timeout_s=timeout, home=None if setting else home)

    def console_url(self) -> str:
        """The console's address for messages, or "" when it is not known."""
        from bastion.server.console_file import running_console

        return (running_console(self.home) if self.home is not None else None) or ""

    def active(self) -> bool:
        from bastion.server.console_file import running_console

        return self.home is None or running_console(self.home) is not None


def _answer_approvals_of_a_killed_session(engine: Engine, session_id: str) -> None:
    """A session a containment rule killed answers its calls still waiting for a person at
    once, as a person's kill does (``daemon/control``): containment is the same whoever
    contains. A call approved after the kill is denied anyway (``decide.approval``)."""
    live = engine.live.get(session_id)
    if live is None or live.state.mode != Mode.KILLED:
        return
    from bastion.server import approvals

    try:
        approvals.deny_pending_of_session(
            engine.store, session_id, f"{live.state.mode_by or 'bastion'} (kill switch)"
        )
    except Exception:
        log.exception("could not answer the waiting approvals of a killed session")


def _wait_for_console(
    server: DaemonServer, event: Event, verdict: Verdict, reply: NativeReply
) -> NativeReply:
    """Wait (outside the engine lock) for a person's answer; no answer in time is a deny."""
    from bastion.server import approvals

    engine = server.engine
    if server.approvals is None or event.tool is None:
        return reply
    try:
        with server.engine_lock:
            standing = approvals.find_standing_approval(
                engine.store, event.session_id, event.tool, event.tool_input
            )
        if standing is not None:
            outcome = "approved"
            who = standing.get("decided_by") or "a responder"
            detail = f"approved in the console by {who} (standing approval)"
        else:
            outcome = approvals.request_approval(
                engine.store,
                event.session_id,
                event.tool,
                event.tool_input,
                "; ".join(verdict.reasons),
                timeout_s=server.approvals.timeout_s,
                event_id=event.id,
            )
            who = approvals.decided_by(engine.store, event.id) or "a responder"
            url = server.approvals.console_url()
            where = f"{url}/approvals" if url else "the console's Approvals page"
            detail = {
                "approved": f"approved in the console by {who}",
                "denied": f"denied in the console by {who}",
            }.get(
                outcome,
                f"nobody approved within {server.approvals.timeout_s:g} s; ask the user to "
                f"approve it at {where} (or `bastion approvals`), then try again",
            )
        with server.engine_lock:
            return engine.resolve_approval(event, verdict, outcome, detail)
    except Exception:
        log.exception("console approval failed; the agent's own prompt decides")
        return reply


APPROVAL_HINT = (
    "if nobody can answer this prompt (a headless session), a person can approve it in the "
    "console instead: `bastion up --with-console`, then its Approvals page or "
    "`bastion approvals` (docs/approvals.md)"
)


def _with_approval_hint(
    agent: str, event: Event, verdict: Verdict, reply: NativeReply
) -> NativeReply:
    """An ask left to the agent's own prompt also says how else to get it approved: in a
    headless session that prompt is never shown and the ask ends as a denial."""
    try:
        hinted = dataclasses.replace(verdict, reasons=[*verdict.reasons, APPROVAL_HINT])
        return get_sensor(agent).reply(event, hinted)
    except Exception:
        return reply


READ_TIMEOUT_S = 30.0
"""A connection that sends no whole request for this long is dropped (the hook's own
timeout is 30 s too); with a thread per connection such a client held one forever."""

MAX_LIVE_SESSIONS = 2_000
"""Sessions kept in memory at most; the least recently active one beyond it is forgotten
(`Engine.forget`) and reloaded from its saved state at its next event, so the daemon's
memory stays bounded whatever the number of sessions that never send SessionEnd. What a
forgotten session loses is what is kept only in memory: the recent outputs provenance
compares values with (``detect/provenance``) and the facts of calls awaiting a result."""


class DaemonServer:
    """The daemon's socket: one event loop for every connection, one engine behind it.

    Connections are read and written on an asyncio loop (no thread per connection). The
    engine decides on the loop's thread, one request at a time, in the order the requests
    arrived (a session's events must be decided in order; decisions are in memory). Its
    rows go to the store's group commit (``store/group``; committed by the loop on SQLite,
    by a committer thread on PostgreSQL) and the reply waits, without holding up other
    connections, until that commit is done: many concurrent calls share one transaction,
    and no reply leaves before its event is in the record.
    Waits that can be long (a person's approval, recording a failure while the store is
    down) run in a small pool of threads, not on the loop.
    """

    def __init__(
        self,
        path: str,
        engine: Engine,
        max_payload: int,
        approvals: ConsoleApprovals | None = None,
        authority: Authority | None = None,
    ) -> None:
        self.engine = engine
        self.authority = authority or Authority.personal()
        self.owners = SessionOwners()
        self.pin_windows = gateway_pins.FirstUseWindows()  # MCP servers' first listings
        self.joins = AgentSessions()
        self.approvals = approvals
        # Held around every use of the engine: the loop's decisions, a console approval's
        # answer (another thread), the egress proxy's records (contain/service).
        self.engine_lock = threading.Lock()
        self.max_payload = max_payload
        self.path = path
        self.live_cap = MAX_LIVE_SESSIONS
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._slow = ThreadPoolExecutor(max_workers=32, thread_name_prefix="bastion-wait")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        # SQLite: the loop commits the records of each round of decisions itself (the
        # commit is work in this process, and a thread's hand-overs of the GIL cost more
        # than they save; store/group). PostgreSQL: a committer thread, because the commit
        # is mostly a wait for the server's WAL flush (~7 ms on this machine's disk, the
        # GIL released), during which the loop decides the next calls; those then share
        # the next commit. Either way a reply waits for its own commit.
        self._commit_thread = engine.store.commit_waits_on_server
        engine.store.start_group_commit(thread=self._commit_thread)
        self._commit_due = False
        self._waiting: list[tuple[list[Future[list[int]]], asyncio.Future[None]]] = []
        # Bound now, under the caller's umask (personal 0600, system 0660 by group).
        self.socket = socketmod.socket(socketmod.AF_UNIX, socketmod.SOCK_STREAM)
        self.socket.bind(path)
        self.socket.listen(512)

    # -- life ---------------------------------------------------------------------------

    def serve_forever(self, poll_interval: float = 0.2) -> None:
        """Serve until `shutdown` (from any thread: a signal, a control message)."""
        del poll_interval  # the loop wakes on events, not by polling
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(ValueError, RuntimeError):  # not the main thread
                self._loop.add_signal_handler(signum, self._stop.set)
        server = await asyncio.start_unix_server(self._client, sock=self.socket)
        async with server:
            await self._stop.wait()
        self._slow.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """Stop serving; safe from any thread."""
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already ended
                loop.call_soon_threadsafe(stop.set)

    def server_close(self) -> None:
        self.socket.close()

    # -- one connection -----------------------------------------------------------------

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # A hook sends one request per connection; the MCP gateway keeps its connection and
        # sends request after request (gateway/daemon_link), answered in order.
        link = _Link(writer.get_extra_info("socket"))
        try:
            while True:
                reply, keep = await self._request(reader, link)
                if reply is None:
                    break
                writer.write(
                    protocol.reply_frame(
                        reply.exit_code, reply.stdout.encode(), reply.stderr.encode()
                    )
                )
                await writer.drain()
                if not keep:
                    break
                link.first = False
        except (ConnectionError, TimeoutError):
            pass  # the caller left or stalled: nothing to answer
        except Exception:
            log.exception("a connection failed")
        finally:
            writer.close()

    async def _request(
        self, reader: asyncio.StreamReader, link: _Link
    ) -> tuple[NativeReply | None, bool]:
        """One request's reply (None: the peer closed), and whether the connection stays
        open for another (only the MCP gateway's does)."""
        # A new connection must send its request in time; a kept one may rest between them.
        async with asyncio.timeout(READ_TIMEOUT_S if link.first else None):
            try:
                header = await reader.readline()
            except ValueError as exc:  # a line past the stream's limit
                return _bad(exc), False
        if not header:
            return None, False
        async with asyncio.timeout(READ_TIMEOUT_S):  # the rest of the request, once begun
            try:
                if len(header) > protocol.MAX_HEADER:
                    raise protocol.BadFrame(f"header longer than {protocol.MAX_HEADER} bytes")
                agent, size = protocol.parse_request_header(header, self.max_payload)
            except protocol.BadFrame as exc:
                return _bad(exc), False
            try:
                payload = await reader.readexactly(size)
            except asyncio.IncompleteReadError as exc:
                payload = exc.partial  # cut short: the engine refuses what it cannot read
        unknown = None if agent == protocol.CONTROL else hook_refusal(agent)
        if unknown is not None:
            return NativeReply(stderr=unknown, exit_code=2), False
        sock = link.sock
        if agent == GATEWAY_AGENT:  # joined to the session of the agent that started it
            if link.line is None:
                link.peer = peer_of(sock)
                link.line = self.joins.line_of(link.peer)
            assert link.peer is not None
            payload = self.joins.attach(payload, link.peer.uid, link.line)
        if agent == protocol.CONTROL:
            caller = peer_of(sock)
            with self.engine_lock:
                answer = control.handle(
                    self.engine, payload, caller, self.authority, self.shutdown, self.pin_windows
                )
            return NativeReply(stdout=json.dumps(answer)), False
        if self.authority.system:
            foreign = self.owners.refusal(payload, peer_of(sock))
            if foreign is not None:
                log.warning("refused a hook event: %s", foreign)
                return NativeReply(stderr=f"Bastion: {foreign}; denied.", exit_code=2), False
        return await self._hook(agent, payload, sock), agent == GATEWAY_AGENT

    async def _hook(self, agent: str, payload: bytes, sock: Any) -> NativeReply:
        engine = self.engine
        loop = asyncio.get_running_loop()
        with self.engine_lock, engine.recorder.grouped() as tickets:
            event, verdict, reply = _safe_handle_full(engine, agent, payload)
            if event is not None:
                self.joins.note(agent, event.session_id, lambda: peer_of(sock))
                if self.approvals is not None:
                    _answer_approvals_of_a_killed_session(engine, event.session_id)
                self._keep_bounded(event)
        try:
            if tickets and self._commit_thread:  # the committer completes the tickets
                await asyncio.gather(*(asyncio.wrap_future(t) for t in tickets))
            elif tickets:  # the reply waits for its commit; other calls do not
                waiter = loop.create_future()
                self._waiting.append((tickets, waiter))
                if not self._commit_due:
                    # After the requests that arrived with this one are decided: one commit.
                    self._commit_due = True
                    loop.call_soon(self._commit)
                await waiter
        except Exception as exc:
            # The record could not be written (the store is down): closed, and journaled.
            return await loop.run_in_executor(self._slow, _unrecorded, engine, agent, payload, exc)
        if event is None or verdict is None:
            return reply
        if event.kind is EventKind.ACTION and verdict.decision is Decision.ASK:
            if self.approvals is not None and self.approvals.active():
                return await loop.run_in_executor(
                    self._slow, _wait_for_console, self, event, verdict, reply
                )
            return _with_approval_hint(agent, event, verdict, reply)
        return reply

    def _commit(self) -> None:
        """Commit the round's rows, then wake each call waiting for its own (on this loop:
        no thread handover between the commit and the replies)."""
        self._commit_due = False
        waiting, self._waiting = self._waiting, []
        try:
            self.engine.store.commit_group()  # failures go to each waiting call's future
        except Exception:
            log.exception("signing a checkpoint after a group commit failed")
        for tickets, waiter in waiting:
            if waiter.done():
                continue
            failed = next(
                (t.exception() for t in tickets if t.done() and t.exception() is not None), None
            )
            if failed is not None:
                waiter.set_exception(failed)
            elif all(t.done() for t in tickets):
                waiter.set_result(None)
            else:  # not committed (the store closed meanwhile): never a silent success
                waiter.set_exception(StoreError("the event's record was not committed"))

    def _keep_bounded(self, event: Event) -> None:
        """Forget the least recently active session beyond `live_cap` (see its doc)."""
        recent = self._recent
        sid = event.session_id
        if sid not in self.engine.live:  # ended (SessionEnd) or never opened
            recent.pop(sid, None)
            return
        recent[sid] = None
        recent.move_to_end(sid)
        while len(recent) > self.live_cap:
            old, _ = recent.popitem(last=False)
            self.engine.forget(old)
            if self.engine.identity is not None:
                self.engine.identity.forget_live(old)


@dataclass(slots=True)
class _Link:
    """One connection: its socket, whether its first request is still to come, and for the
    MCP gateway's kept connection the caller and its ancestry (read once, daemon/session_join)."""

    sock: Any
    first: bool = True
    peer: Caller | None = None
    line: list[tuple[int, int]] | None = None


def _bad(exc: Exception) -> NativeReply:
    return NativeReply(stderr=f"Bastion: bad request to the daemon ({exc})", exit_code=2)


def _unrecorded(engine: Engine, agent: str, payload: bytes, exc: BaseException) -> NativeReply:
    """A decided call whose record the store refused: the closed answer, and the refusal
    in the journal until the store is back (as for an engine failure, ``daemon/faults``)."""
    error = type(exc).__name__
    return faults.engine_failed(
        engine.store,
        agent,
        payload,
        exc,
        on_unrecorded=lambda: engine.recorder.refusal(
            agent, payload, "internal error while deciding", error
        ),
    )


def serve(
    home: Home,
    *,
    profile: str | None = None,
    policy_dir: Path | None = None,
    system: bool = False,
) -> int:
    """Serve hooks and control messages on the home's socket until SIGTERM or ``shutdown``.

    Personal mode: the socket is this user's alone (0600). System mode (the daemon runs as
    the service user): the socket is 0660 in a directory whose group holds the developers
    who may be guarded; what each caller may do is decided by its kernel-reported uid.
    """
    home.ensure()
    lock_file = open(home.lock_path, "a+")  # noqa: SIM115 - held for the process life
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log.info("another daemon already serves %s", home.root)
        return 0
    logging.basicConfig(
        filename=str(home.log_path),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_filter()  # no connection-string password in daemon.log
    engine = build_engine(home, profile=profile, policy_dir=policy_dir)
    tune_gc()
    from bastion.hook.compile_cache import save_installed

    save_installed()  # the patterns this start compiled, for the next start (no-op if none)
    sock = str(home.socket_path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(sock)
    authority = Authority.system_mode() if system else Authority.personal()
    # Personal: only this user may talk to the daemon. System: the socket directory's group.
    old_umask = os.umask(0o007 if system else 0o077)
    try:
        settings, _problem = lastgood.load_settings(home)
        server = DaemonServer(
            sock,
            engine,
            settings.max_payload_bytes,
            ConsoleApprovals.from_settings(settings.extra, home.root),
            authority,
        )
        if system:
            _share_with_socket_group(sock)
    finally:
        os.umask(old_umask)
    home.pid_path.write_text(str(os.getpid()))

    def stop(_signum: int, _frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info(
        "serving %s (profile %s, policy %s, store %s)",
        sock,
        engine.profile,
        engine.policy.hash,
        engine.store.url.split("@")[-1],
    )
    from bastion.contain.service import attach as attach_egress

    # None unless [sandbox] is enabled. System mode: commands run as the session's developer,
    # who gets read access to its sandbox's files and nothing of the service user's
    # (contain/share); the socket directory and the system config are hidden from them.
    egress = attach_egress(
        engine,
        server.engine_lock,
        owner_of=server.owners.owner if system else None,
        system_paths=_system_paths(home) if system else (),
    )
    from bastion.daemon.policy_watch import PolicyWatch

    # A new fleet bundle (or a policy edit) is taken up live, without a restart.
    watch = PolicyWatch(
        home, engine, server.engine_lock, policy_dir=policy_dir, config_hash=_config_hash(home)
    ).start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        watch.stop()
        if egress is not None:
            egress.stop()
        server.server_close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(sock)
        with contextlib.suppress(FileNotFoundError):
            home.pid_path.unlink()
        engine.store.close()
        log.info("stopped")
    return 0


def _system_paths(home: Home) -> tuple[str, ...]:
    """Bastion's own ground outside its state directory in system mode."""
    from bastion.daemon.system_mode import CONFIG_ENV, DEFAULT_CONFIG

    config = os.environ.get(CONFIG_ENV) or str(DEFAULT_CONFIG)
    return (str(home.socket_path.parent), os.path.dirname(config))


def _share_with_socket_group(sock: str) -> None:
    """Give the socket its directory's group (the guarded developers), mode 0660."""
    group = os.stat(os.path.dirname(sock)).st_gid
    os.chown(sock, -1, group)
    os.chmod(sock, 0o660)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bastion-daemon", description="Run the Bastion daemon.")
    parser.add_argument("--home", default=None, help="Bastion home directory")
    parser.add_argument("--socket", default=None, help="socket path (system mode: /run/bastion)")
    parser.add_argument(
        "--system", action="store_true", help="system mode: control only from root or this user"
    )
    parser.add_argument("--profile", default=None, help="observe, balanced or strict")
    parser.add_argument("--policy", default=None, help="extra policy file or directory")
    args = parser.parse_args(argv)
    home = Home.resolve(args.home, socket=args.socket)
    return serve(
        home,
        profile=args.profile,
        policy_dir=Path(args.policy) if args.policy else None,
        system=args.system,
    )
