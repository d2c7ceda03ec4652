"""A decisions-only replay split across forked processes by session (``replay_shards``)
replies line for line as the same replay in one process, including where a line's reading
depends on the lines before it in the file (a payload without a transcript keeps the
previous line's agent) and a session that returns after its end."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_replay_agents import recorded_session, with_exfiltration
from test_replay_rowless import LINES

from bastion import replay, replay_shards
from bastion.config import Home
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.store import Store


def _bare(session: list[dict[str, Any]], sid: str) -> list[dict[str, Any]]:
    """The session under another id and without transcript paths: only the line before it
    in the file tells which agent wrote it."""
    return [
        {k: v for k, v in dict(p, session_id=sid).items() if k != "transcript_path"}
        for p in session
    ]


def _lines() -> list[tuple[int, bytes]]:
    codex = with_exfiltration("codex")
    payloads: list[Any] = [*LINES[:4], *codex, *_bare(codex, "bare-codex"), *LINES[4:]]
    payloads += [*recorded_session("gemini-cli"), [1, 2], {"hook_event_name": "PreToolUse"}]
    out = [(i, json.dumps(p).encode()) for i, p in enumerate(payloads, 1)]
    out.insert(7, (0, b"not json"))
    return out


POLICY = PolicyEngine.load()


def _build(home: Home) -> Engine:
    return Engine(Store(home.database_url), POLICY)


def _one_process(tmp: Path, lines: list[tuple[int, bytes]]) -> list[dict[str, Any]]:
    engine = _build(Home.resolve(tmp).ensure())
    try:
        return [step.output() for step in replay.replay_lines(engine, lines, rows=False)]
    finally:
        engine.store.close()


def test_sharded_replies_are_the_sequential_ones(tmp_path: Path) -> None:
    lines = _lines()
    sequential = _one_process(tmp_path, lines)
    for jobs in (2, 3):
        assert replay_shards.decisions(_build, lines, jobs, min_lines=1) == sequential
    decided = [r["decision"] for r in sequential if r["decision"]]
    assert decided.count("deny") >= 4  # the sends of .env and the codex upload: work was done
    assert any(r.get("error") for r in sequential)  # the unreadable lines are in the output


def test_the_plan_keeps_what_the_order_of_lines_decides() -> None:
    lines = _lines()
    the_plan = replay.plan(lines, None)
    agents = {
        session: {
            s.name for s, k in zip(the_plan.sensors, the_plan.sessions, strict=True) if k == session
        }
        for session in ("open", "bare-codex", "once")
    }
    # Read alone, the bare lines would be Claude Code's; after Codex's lines they are Codex's,
    # and so are the next session's, whose transcript is in no agent's home.
    assert agents == {"open": {"claude-code"}, "bare-codex": {"codex"}, "once": {"codex"}}
    alone = [
        (i, json.dumps(p).encode()) for i, p in enumerate(_bare(recorded_session("codex"), "b"))
    ]
    assert {s.name for s in replay.plan(alone, None).sensors if s} == {"claude-code"}
    assert the_plan.rowless == replay._ending_once(lines, None)
    assert {"open", "once"} <= the_plan.rowless and "back" not in the_plan.rowless


def test_sessions_stay_whole_and_in_order_across_shards() -> None:
    sessions = ["a", "b", "a", None, "c", "b", "a", "d", None]
    shards = replay_shards._split(sessions, 2)
    assert sorted(i for s in shards for i in s) == list(range(len(sessions)))
    for shard in shards:
        assert shard == sorted(shard)
        for other in shards:
            if other is not shard:
                assert not {sessions[i] for i in shard} & {sessions[i] for i in other}


def test_few_lines_stay_in_this_process(tmp_path: Path, monkeypatch: Any) -> None:
    def no_fork(*_: object) -> None:
        raise AssertionError("forked for a handful of lines")

    monkeypatch.setattr(replay_shards.multiprocessing, "get_context", no_fork)
    lines = _lines()
    assert replay_shards.decisions(_build, lines, 4) == _one_process(tmp_path, lines)


def test_a_worker_that_dies_fails_the_replay_instead_of_hanging() -> None:
    from concurrent.futures.process import BrokenProcessPool

    def dies(home: Home) -> Engine:
        os._exit(3)  # killed, out of memory: no exception travels back

    with pytest.raises(BrokenProcessPool):
        replay_shards.decisions(dies, _lines(), 2, min_lines=1)
