"""The gateway's events land in the session of the agent that started it (daemon/session_join).

The join is made from the kernel's word only: the peer pid of each connection and the
``/proc`` ancestry above it. Tested two ways:

- `AgentSessions` on a made-up ``/proc`` tree (uid, a reused pid, the newest session);
- a real process tree: a stand-in agent (the Python interpreter started under the name
  ``claude``, as Claude Code's process is named) runs the real hook (``bastion-hook
  claude-code``, through ``sh -c`` as Claude Code does, with the recorded SessionStart
  fixture) and then the real gateway (``bastion mcp-proxy``, from the `mcp` SDK's stdio
  client) against a real daemon. No pinned agent client is started here: Claude Code needs
  its native build and a model; the stand-in runs the same processes in the same tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bastion.config import Home
from bastion.daemon import client as daemon_client
from bastion.daemon.peer import Caller
from bastion.daemon.session_join import AgentSessions
from bastion.gateway.daemon_link import DaemonLink
from bastion.store import Store
from bastion.store.schema import events

ROOT = Path(__file__).resolve().parents[2]
SERVER = Path(__file__).parent / "mcp_servers" / "demo_server.py"
BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "fixtures" / "claude_code" / "SessionStart.json"


# -- a made-up /proc ---------------------------------------------------------------------


def _proc(root: Path, pid: int, ppid: int, comm: str, argv: list[str], start: int = 100) -> None:
    d = root / str(pid)
    d.mkdir(parents=True, exist_ok=True)
    fields = ["S", str(ppid)] + ["0"] * 17 + [str(start)] + ["0"] * 10
    (d / "stat").write_bytes(f"{pid} ({comm}) ".encode() + " ".join(fields).encode())
    (d / "comm").write_text(comm + "\n")
    (d / "cmdline").write_bytes("\0".join(argv).encode() + b"\0")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """shell 10 → claude 20 → sh 30 → hook 31; claude 20 → gateway 40; shell 10 → gw 50."""
    _proc(tmp_path, 10, 1, "bash", ["bash"])
    _proc(tmp_path, 20, 10, "claude", ["claude", "-p", "hi"])
    _proc(tmp_path, 30, 20, "sh", ["sh", "-c", "bastion-hook claude-code"])
    _proc(tmp_path, 31, 30, "bastion-hook", ["python", "bastion-hook", "claude-code"])
    _proc(tmp_path, 40, 20, "bastion", ["python", "bastion", "mcp-proxy"])
    _proc(tmp_path, 50, 10, "bastion", ["python", "bastion", "mcp-proxy"])
    return tmp_path


def test_a_gateway_joins_the_session_of_the_agent_above_it(tree: Path) -> None:
    joins = AgentSessions(tree)
    joins.note("claude-code", "S1", lambda: Caller(31, 1000, 1000))
    assert joins.session_for(1000, joins.line_of(Caller(40, 1000, 1000))) == "S1"
    # A gateway the agent did not start (the user's own terminal) joins nothing.
    assert joins.session_for(1000, joins.line_of(Caller(50, 1000, 1000))) == ""


def test_another_uid_never_joins(tree: Path) -> None:
    joins = AgentSessions(tree)
    joins.note("claude-code", "S1", lambda: Caller(31, 1000, 1000))
    assert joins.session_for(2000, joins.line_of(Caller(40, 2000, 2000))) == ""


def test_the_newest_session_of_the_agent_process_wins(tree: Path) -> None:
    joins = AgentSessions(tree)
    joins.note("claude-code", "S1", lambda: Caller(31, 1000, 1000))
    joins.note("claude-code", "S2", lambda: Caller(31, 1000, 1000))  # /clear
    line = joins.line_of(Caller(40, 1000, 1000))
    assert joins.session_for(1000, line) == "S2"
    joins.note("claude-code", "S1", lambda: pytest.fail("walked twice for one session"))
    assert joins.session_for(1000, line) == "S1"  # resumed


def test_a_reused_pid_is_another_process(tree: Path) -> None:
    joins = AgentSessions(tree)
    joins.note("claude-code", "S1", lambda: Caller(31, 1000, 1000))
    _proc(tree, 20, 10, "claude", ["claude"], start=999)  # the agent died; its pid reused
    assert joins.session_for(1000, joins.line_of(Caller(40, 1000, 1000))) == ""


def test_the_gateways_own_events_are_never_noted_as_an_agents(tree: Path) -> None:
    joins = AgentSessions(tree)
    joins.note("mcp-gateway", "G", lambda: pytest.fail("a gateway event was walked"))
    assert joins.session_for(1000, joins.line_of(Caller(40, 1000, 1000))) == ""


def test_attach_puts_the_daemons_word_last(tree: Path) -> None:
    joins = AgentSessions(tree)
    joins.note("claude-code", "S1", lambda: Caller(31, 1000, 1000))
    line = joins.line_of(Caller(50, 1000, 1000))
    forged = json.dumps({"session_id": "G", "joined_session": "S1"}).encode()
    assert json.loads(joins.attach(forged, 1000, line))["joined_session"] == ""
    assert json.loads(joins.attach(b"{}", 1000, joins.line_of(Caller(40, 1000, 1000)))) == {
        "joined_session": "S1"
    }
    assert joins.attach(b"[1]", 1000, line) == b"[1]"  # not an object: the engine refuses it


def _json(value: object) -> dict[str, object]:
    loaded = json.loads(value) if isinstance(value, str) else value
    assert isinstance(loaded, dict)
    return loaded


# -- a real process tree -----------------------------------------------------------------

AGENT = textwrap.dedent(
    """
    import json, subprocess, sys
    import anyio
    from mcp import ClientSession, StdioServerParameters, stdio_client

    home, session, bastion, hook, python, server, fixture, cwd = sys.argv[1:9]
    payload = json.load(open(fixture))
    payload.update(session_id=session, cwd=cwd, transcript_path="")
    # Claude Code runs a hook through the shell: hook <- sh <- agent.
    subprocess.run(["sh", "-c", f"{hook} claude-code --home {home}"],
                   input=json.dumps(payload).encode(), check=True, capture_output=True)

    async def main():
        params = StdioServerParameters(
            command=bastion, args=["mcp-proxy", "--home", home, "--name", "calc", "--",
                                   python, server], cwd=cwd)
        async with stdio_client(params) as (read, write), ClientSession(read, write) as c:
            await c.initialize()
            await c.list_tools()
            result = await c.call_tool("add", {"a": 2, "b": 3})
            print(result.content[0].text)

    anyio.run(main)
    """
)


@pytest.fixture(scope="module")
def join_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("mcpjoin") / "h"
    root.mkdir()
    yield root
    daemon_client.stop(Home.resolve(root))


def _run_agent(home: Path, tmp: Path, session: str) -> str:
    """The stand-in agent: the interpreter, started under the name ``claude``."""
    bindir = tmp / "agentbin"
    bindir.mkdir(exist_ok=True)
    claude = bindir / "claude"
    if not claude.exists():
        claude.symlink_to(os.path.realpath(sys.executable))
    script = tmp / "agent.py"
    script.write_text(AGENT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    out = subprocess.run(
        [str(claude), str(script), str(home), session, str(BIN / "bastion"),
         str(BIN / "bastion-hook"), sys.executable, str(SERVER), str(FIXTURE), str(tmp)],
        env=env, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    return out.stdout.decode().strip()


def _sessions_of(home: Path, tool: str) -> set[str]:
    store = Store(Home.resolve(home).database_url)
    with store.engine.connect() as conn:
        rows = conn.execute(select(events.c.session_id).where(events.c.tool == tool)).all()
    return {r.session_id for r in rows}


def test_a_real_gateway_under_a_real_hooks_agent_joins_its_session(
    join_home: Path, tmp_path: Path
) -> None:
    session = str(uuid.uuid4())
    assert _run_agent(join_home, tmp_path, session) == "5"
    assert _sessions_of(join_home, "mcp__calc__add") == {session}
    store = Store(Home.resolve(join_home).database_url)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(events.c.kind, events.c.data).where(events.c.session_id == session)
        ).all()
    seen = {(r.kind, _json(r.data)["agent"]) for r in rows}
    assert ("session_start", "claude-code") in seen  # the agent's own hook
    assert ("action", "mcp-gateway") in seen and ("observation", "mcp-gateway") in seen
    assert ("session_start", "mcp-gateway") not in seen  # the server attached: a plain record


def test_two_agents_each_keep_their_own_gateways_events(join_home: Path, tmp_path: Path) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _run_agent(join_home, tmp_path / "a", first)
    before = _sessions_of(join_home, "mcp__calc__add")
    _run_agent(join_home, tmp_path / "b", second)
    after = _sessions_of(join_home, "mcp__calc__add")
    assert first in before and second not in before and second in after


def test_a_forged_join_from_outside_any_agent_is_ignored(join_home: Path) -> None:
    victim = str(uuid.uuid4())
    link = DaemonLink(join_home)
    own = f"mcp-own-{uuid.uuid4().hex[:8]}"
    reply = link.send({"hook_event_name": "ToolCall", "session_id": own, "cwd": "/tmp",
                       "tool_name": "mcp__forge__add", "arguments": {}, "request_id": 1,
                       "joined_session": victim})  # fmt: skip
    link.close()
    assert reply.session_id == own
    assert _sessions_of(join_home, "mcp__forge__add") == {own}
