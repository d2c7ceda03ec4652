"""Engine faults: one pipeline run per event, a defined refusal, a record; no password leaks;
secrets used as JSON object keys are redacted like values."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bastion.daemon import faults
from bastion.daemon import server as daemon
from bastion.detect.secrets import redact_value
from bastion.engine import Engine, Redactor
from bastion.events import Event, Verdict
from bastion.policy.engine import PolicyEngine
from bastion.store import Store
from bastion.store.connstrings import RedactingFilter, redact

PASSWORD = "Hq7tWz3pLm9xVb2K"  # obviously fake, long enough to be found anywhere
PG_URL = f"postgresql+psycopg://bastion:{PASSWORD}@127.0.0.1:1/nowhere"
STRIPE_FAKE = "sk_live_4eC39HqLyjWDarjtT1zdp7dcFAKE0000"


class FaultyEngine(Engine):
    """A real engine whose decide stage raises (the fault under test; everything else real).

    It counts how often the pipeline starts (``process``) so the test sees a re-run.
    """

    runs = 0

    def process(self, event: Event) -> Verdict:
        self.runs += 1
        return super().process(event)

    def decide(self, *args: Any, **kwargs: Any) -> Verdict:
        raise RuntimeError(f"boom while connected to {PG_URL}")


def pre_tool(command: str = "ls") -> bytes:
    return json.dumps(
        {
            "session_id": "fault-1",
            "transcript_path": "/t.jsonl",
            "cwd": "/home/dev/app",
            "permission_mode": "default",
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_use_id": "tu-1",
            "tool_input": {"command": command},
        }
    ).encode()


@pytest.fixture
def faulty(tmp_path: Path) -> Any:
    store = Store(f"sqlite:///{tmp_path / 'bastion.db'}")
    engine = FaultyEngine(store, PolicyEngine.load(), home_dir="/home/dev")
    yield engine
    store.close()


def test_engine_error_runs_the_pipeline_once_and_fails_closed(faulty: FaultyEngine) -> None:
    event, verdict, reply = daemon._safe_handle_full(faulty, "claude-code", pre_tool())
    assert event is None and verdict is None
    assert faulty.runs == 1, "the pipeline must not be run a second time"
    assert faulty.live["fault-1"].state.events == 1  # the state counted the event once
    assert reply.exit_code == 2 and "denied to be safe" in reply.stderr
    assert PASSWORD not in reply.stderr and "RuntimeError" in reply.stderr
    # Recorded: an EngineError event and an alert, both without the password.
    rows = [r for r in faulty.store.events("fault-1") if r["native_name"] == "EngineError"]
    assert len(rows) == 1
    assert PASSWORD not in json.dumps(rows[0], default=str)
    assert "bastion:***@" in rows[0]["data"]["error"]
    alerts = faulty.store.alerts("fault-1")
    assert any("engine error" in a["title"] for a in alerts)


def test_a_second_event_after_a_fault_counts_once_more(faulty: FaultyEngine) -> None:
    daemon._safe_handle(faulty, "claude-code", pre_tool("ls"))
    daemon._safe_handle(faulty, "claude-code", pre_tool("pwd"))
    assert faulty.runs == 2
    assert faulty.live["fault-1"].state.events == 2


def test_fault_with_a_broken_store_still_refuses(faulty: FaultyEngine) -> None:
    faulty.store.close()
    reply = faults.engine_failed(faulty.store, "claude-code", pre_tool(), RuntimeError(PG_URL))
    assert reply.exit_code == 2 and PASSWORD not in reply.stderr


def test_decide_once_with_an_unreachable_postgres_hides_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BASTION_DATABASE_URL", PG_URL)
    with pytest.raises(daemon.EngineUnavailable) as caught:
        daemon.decide_once(str(tmp_path / "h"), "claude-code", pre_tool())
    assert PASSWORD not in str(caught.value)
    assert "bastion:***@" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        PG_URL,
        f"error: could not connect (url='{PG_URL}')",
        f"host=db user=bastion password={PASSWORD} dbname=x",
        f"host=db user=bastion password='{PASSWORD}' dbname=x",
        f"redis://:{PASSWORD}@cache:6379/0",
        f"mysql://root:{PASSWORD}@db/x and postgres://a:{PASSWORD}@b/c",
    ],
)
def test_connection_strings_are_redacted(text: str) -> None:
    out = redact(text)
    assert PASSWORD not in out and "***" in out


def test_redaction_keeps_ordinary_text() -> None:
    for text in ["sqlite:////tmp/b.db", "mail me@example.com", "https://user@host/x", "a:b"]:
        assert redact(text) == text


def test_log_filter_redacts_messages_and_tracebacks(tmp_path: Path) -> None:
    path = tmp_path / "daemon.log"
    logger = logging.getLogger("bastion.test-redaction")
    handler = logging.FileHandler(path)
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    try:
        logger.error("store %s down", PG_URL)
        try:
            raise ValueError(f"cannot parse {PG_URL}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
        handler.close()
    text = path.read_text()
    assert PASSWORD not in text
    assert text.count("bastion:***@") == 2 and "ValueError" in text


def test_secret_as_a_json_key_is_redacted_by_the_recorder(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'bastion.db'}")
    try:
        engine = Engine(store, PolicyEngine.load(), home_dir="/home/dev")
        data = json.loads(pre_tool())
        data["tool_name"] = "mcp__payments__call"
        data["tool_input"] = {"headers": {STRIPE_FAKE: "x"}, "note": "ok"}
        _event, verdict, _reply = engine.handle("claude-code", json.dumps(data).encode())
        assert verdict is not None
        row = store.events("fault-1")[-1]
        blob = json.dumps(row, default=str)
        assert STRIPE_FAKE not in blob
        assert row["data"]["tool_input"]["note"] == "ok"
    finally:
        store.close()
    raw = b"".join(f.read_bytes() for f in tmp_path.glob("bastion.db*"))
    assert STRIPE_FAKE.encode() not in raw


def test_redactor_and_redact_value_walk_keys() -> None:
    redactor = Redactor(None)
    value = {STRIPE_FAKE: {"nested": [{STRIPE_FAKE + "2": 1}]}, "plain": STRIPE_FAKE}
    out = redactor.scan(value)
    assert STRIPE_FAKE not in json.dumps(out)
    assert len(out) == 2  # nothing merged away
    out2 = redact_value({STRIPE_FAKE: 1, "k": {STRIPE_FAKE: 2}})
    assert STRIPE_FAKE not in json.dumps(out2)
