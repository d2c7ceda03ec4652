"""Who is calling the daemon: kernel credentials, agent ancestry, and the control rule.

Real processes throughout: a socket pair for SO_PEERCRED, and real process trees built
with a stand-in agent executable named ``claude`` (the kernel names the process after
the file it executes, as it does for the real client) to check the ancestry walk.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bastion.daemon.control_auth import Authority
from bastion.daemon.peer import Caller, agent_ancestor, peer_of


def test_peer_of_reports_the_kernels_view_of_the_other_end() -> None:
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with a, b:
        caller = peer_of(a)
    assert (caller.pid, caller.uid, caller.gid) == (os.getpid(), os.getuid(), os.getgid())


def _fake_agent(tmp_path: Path, body: str) -> Path:
    """An executable called ``claude`` that runs ``body`` (sh) with Claude Code's env mark."""
    agent = tmp_path / "bin" / "claude"
    agent.parent.mkdir(exist_ok=True)
    agent.write_text(f"#!/bin/sh\nexport CLAUDECODE=1\n{body}\n")
    agent.chmod(0o755)
    return agent


def _wait_for(path: Path) -> int:
    deadline = time.monotonic() + 10
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, f"{path} never written"
        time.sleep(0.02)
    return int(path.read_text().strip())


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        proc.kill()
        proc.wait()


def test_a_grandchild_of_the_agent_is_under_the_agent(
    tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    pidfile = tmp_path / "pid"
    agent = _fake_agent(tmp_path, f"sh -c 'echo $$ > {pidfile}; exec sleep 30' & wait")
    procs.append(subprocess.Popen([str(agent)], start_new_session=True))
    why = agent_ancestor(_wait_for(pidfile))
    assert why is not None and ("claude" in why or "CLAUDECODE" in why)


def test_an_agent_mark_in_the_environment_survives_a_stripped_ancestry(
    tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    """Detached with setsid and orphaned: the ancestry is gone, the environment is not."""
    pidfile = tmp_path / "pid"
    env = dict(os.environ, CLAUDECODE="1")
    procs.append(
        subprocess.Popen(
            ["sh", "-c", f"echo $$ > {pidfile}; exec sleep 30"], env=env, start_new_session=True
        )
    )
    assert "CLAUDECODE" in (agent_ancestor(_wait_for(pidfile)) or "")


def test_a_clean_process_is_not_under_an_agent(
    tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    pidfile = tmp_path / "pid"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAUDE")}
    procs.append(subprocess.Popen(["sh", "-c", f"echo $$ > {pidfile}; exec sleep 30"], env=env))
    assert agent_ancestor(_wait_for(pidfile)) is None


def test_an_uninspectable_caller_counts_as_under_an_agent() -> None:
    assert agent_ancestor(0) is not None
    assert agent_ancestor(2**22 + 12345) is not None  # no such pid


def test_control_rule_personal_mode(tmp_path: Path) -> None:
    me = Caller(pid=os.getpid(), uid=os.getuid(), gid=os.getgid())
    rule = Authority.personal()
    assert rule.refusal("ping", me) is None
    assert rule.refusal("set-mode", me) is None
    stranger = Caller(pid=os.getpid(), uid=os.getuid() + 4242, gid=0)
    assert rule.refusal("set-mode", stranger) is not None
    assert rule.refusal("ping", stranger) is None


def test_control_rule_system_mode_gives_developers_read_only_answers() -> None:
    rule = Authority(system=True, service_uid=os.getuid() + 777)
    developer = Caller(pid=os.getpid(), uid=os.getuid() + 1000, gid=0)
    for op in ("set-mode", "block-tool", "forget", "shutdown", "reload", "grant", "profile"):
        reason = rule.refusal(op, developer)
        assert reason is not None and "read-only" in reason
    assert rule.refusal("ping", developer) is None
    root = Caller(pid=os.getpid(), uid=0, gid=0)
    assert Authority(system=True, service_uid=4321).refusal("set-mode", root) is None


def test_control_rule_refuses_root_under_an_agent(
    tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    pidfile = tmp_path / "pid"
    agent = _fake_agent(tmp_path, f"sh -c 'echo $$ > {pidfile}; exec sleep 30' & wait")
    procs.append(subprocess.Popen([str(agent)], start_new_session=True))
    pid = _wait_for(pidfile)
    caller = Caller(pid=pid, uid=os.getuid(), gid=os.getgid())
    assert "inside an agent session" in (Authority.personal().refusal("set-mode", caller) or "")


def test_system_mode_sessions_belong_to_the_uid_that_started_them() -> None:
    from bastion.daemon.control_auth import SessionOwners

    owners = SessionOwners()
    alice = Caller(pid=10, uid=1001, gid=1001)
    mallory = Caller(pid=11, uid=1002, gid=1002)
    event = b'{"session_id": "s-alice", "hook_event_name": "PreToolUse"}'
    assert owners.refusal(event, alice) is None
    assert owners.refusal(event, alice) is None
    reason = owners.refusal(event, mallory)
    assert reason is not None and "belongs to uid 1001" in reason
    assert owners.refusal(event, Caller(pid=1, uid=0, gid=0)) is None  # root
    assert owners.refusal(b"not json", mallory) is None  # the engine refuses that itself


@pytest.mark.parametrize(
    ("name", "mark"),
    [("codex", "CODEX_THREAD_ID"), ("copilot", "COPILOT_AGENT_SESSION_ID"),
     ("gemini", "GEMINI_CLI")],
)  # fmt: skip
def test_other_agents_are_seen_by_name_and_by_their_env_marks(
    tmp_path: Path, procs: list[subprocess.Popen[bytes]], name: str, mark: str
) -> None:
    """Each agent's executable name (as its pinned client runs) and the variable it sets in
    every command it runs (each seen in the pinned client's tool commands)."""
    pidfile = tmp_path / "pid"
    agent = tmp_path / "bin" / name
    agent.parent.mkdir(exist_ok=True)
    agent.write_text(f"#!/bin/sh\nsh -c 'echo $$ > {pidfile}; exec sleep 30' & wait\n")
    agent.chmod(0o755)
    procs.append(subprocess.Popen([str(agent)], start_new_session=True))
    assert name in (agent_ancestor(_wait_for(pidfile)) or "")
    detached = tmp_path / "pid2"
    env = dict(os.environ, **{mark: "1"})
    procs.append(subprocess.Popen(["sh", "-c", f"echo $$ > {detached}; exec sleep 30"],
                                  env=env, start_new_session=True))  # fmt: skip
    assert mark in (agent_ancestor(_wait_for(detached)) or "")
